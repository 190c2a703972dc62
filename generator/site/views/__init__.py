"""Typed views: what each page template prints, built from records, their findings and their history.

One frozen dataclass per page kind, made by one function; templates receive that view as `page` and the
site frame (frame.py) as `site`, and compute nothing of their own. Data goes one way: records, rules and
history → views → page assembly (generator/site/pages.py) → engine. Nothing here imports the page assembly
or an engine.

What decides a view (so a later per-record cache can key on exactly that):
- a department-year page, its 部门整体 page and each project page: the record, its RecordAudit (its findings
  and scores under its region's rules, inputs.py), the page's history, the unit's registry entry, the site's
  公开核查结果 setting, and what is passed in from outside the record by name: the unit's neighbouring years,
  the record's download files, and for a project the same project in the unit's other years;
- aggregate pages (home, years, units, a year, a unit): the records they list, each with its RecordAudit;
- the findings and scoring pages: the audit and the scoring settings; the history pages: the site history.
"""
