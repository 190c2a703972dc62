"""The page tree: which pages the site has, each made from its view, and the navigation over them.

One pass per record: each department-year record is taken with its part of the audit, its page histories
and the few things from outside it that its pages show (named arguments of `record_pages`), turned into its
views and rendered once; the pass returns the record's pages and files and a small RecordSummary. The pages
across records (home, years, units, findings) are made from those summaries only. Knows nothing of MkDocs:
an adapter hands the tree to an engine.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from generator.history.changes import PageHistory, site_history
from generator.history.history import History
from generator.records.attachments import AttachmentFile
from generator.records.loading import Content, LoadedRecord
from generator.records.model import Department, DepartmentYear, Region
from generator.records.scoring_settings import ScoringRules
from generator.rules.audit import AuditReport, audit_content
from generator.rules.scoring import resolve_rules
from generator.site.build_cache import BuildCache, digest
from generator.site.data_pages import add_data_pages
from generator.site.exports import Download
from generator.site.history_pages import add_history_pages
from generator.site.kept_pages import KeptPages
from generator.site.open_data import open_data, record_downloads
from generator.site.page_tree import NavItem, Page, PageTree
from generator.site.processes import in_halves, worth_halving
from generator.site.paths import (
    audit_path, audit_year_path, department_path, department_year_path, departments_path, home_path, overall_path,
    page_url, project_path, record_folder, scoring_path, year_path, years_path,
)
from generator.site.rendering import kept_templates, render
from generator.site.views.aggregates import (
    DepartmentEntry, DepartmentsView, RecordSummary, YearsView, department_view, home_view, record_summary,
    year_summaries, year_view,
)
from generator.site.views.findings import (
    FindingsOfRecord, audit_view, audit_year_view, findings_of_record, scoring_view,
)
from generator.site.views.frame import SiteFrame, site_frame
from generator.site.views.inputs import RecordAudit, record_audit
from generator.site.views.project import ProjectYear, project_view, project_year
from generator.site.views.record import department_year_view, originals, overall_view

# What the MkDocs adapter (generator/engines/mkdocs/plugin.py) imports from here; their homes are below.
from generator.site.history_pages import feed_xml  # noqa: E402,F401
from generator.site.paths import feed_path  # noqa: E402,F401
from generator.site.views.frame import site_marks  # noqa: E402,F401


def page(site: SiteFrame, path: str, title: str, template: str, view: object, meta: dict[str, object],
         kept: KeptPages | None = None, inputs: list[str | None] | None = None) -> Page:
    """Render one page from its view: the template receives `page` (the view) and `site` (the frame) only.
    With kept and inputs (what the view was made from, see kept_pages.py) the body of an earlier build is taken.
    view may be a Later: made only when the page is rendered (the pages across records summarise a whole city, and
    a correction takes most of their bodies from the cache)."""
    def body() -> str:
        return render(template, path, page=view.make() if isinstance(view, Later) else view, site=site)

    return Page(path, title, kept.body(path, template, meta, inputs, body) if kept is not None else body(), meta=meta)


@dataclass(frozen=True, slots=True)
class Later:
    """A view to be made only if its page is rendered: make(*arguments)."""

    make_view: Callable[..., object]
    arguments: tuple

    def make(self) -> object:
        return self.make_view(*self.arguments)


@dataclass(frozen=True, slots=True)
class RecordPages:
    """What one record's pass produces: its pages and files (in site order) and what the pages across records need."""

    pages: tuple[Page, ...]
    files: tuple[tuple[str, bytes, str | None], ...]  # path, bytes, file_key if known
    summary: RecordSummary
    findings: FindingsOfRecord


def record_pages(site: SiteFrame, loaded: LoadedRecord, department: Department, region: Region, audit: AuditReport,
                 rules: ScoringRules, history: PageHistory, project_histories: dict[str, PageHistory],
                 downloads: tuple[Download, ...], neighbours: tuple[int | None, int | None],
                 other_years: dict[str, tuple[ProjectYear, ...]], kept: KeptPages, key: str | None,
                 origin: str | None) -> RecordPages:
    """A department-year's pages (the record's, its 部门整体 form's, each project's) and files (the unit's own
    documents, the record's downloads). Decided only by its arguments: the record, its audit, its page
    histories, its unit, the site frame, and what it shows from other records (the unit's neighbouring years,
    the same projects in other years). What an earlier build made of the same (kept: its pages under key, its
    summary and findings under origin) is taken as it is: the record itself is read only if something is made."""
    files = loaded.attachments
    published = [(original.path, file.data, None) for file, original in zip(files, originals(loaded.head, files))]
    published += [(d.path, d.data, d.key) for d in downloads]

    @lru_cache(maxsize=None)
    def record_inputs() -> RecordAudit:
        return record_audit(audit, loaded.record, rules)

    def render() -> tuple[Page, ...]:
        return _render_record(site, loaded.record, department, region, record_inputs(), history, project_histories,
                              files, downloads, neighbours, other_years)

    projects = loaded.head.projects

    def summarise() -> tuple[RecordSummary, FindingsOfRecord]:
        return (record_summary(department, loaded.record, record_inputs(), site.public_findings, projects),
                findings_of_record(department, loaded.record, record_inputs(), projects))

    rendered = kept.record_pages(key, render)
    if rendered is None:
        rendered = kept.keep_record_pages(key, render())
    # Both point to the record's unit, project heads and findings, which are this build's own objects already.
    shared: dict[str, object] = {"department": department}
    shared.update((f"project {i}", head) for i, head in enumerate(projects))
    shared.update((f"finding {i}", f) for i, f in enumerate(audit.in_record(loaded.head.department, loaded.head.year)))
    summary, findings = kept.record_summary(origin, shared, summarise)
    return RecordPages(rendered, tuple(published), summary, findings)


def _render_record(site: SiteFrame, record: DepartmentYear, department: Department, region: Region,
                   audit: RecordAudit, history: PageHistory, project_histories: dict[str, PageHistory],
                   files: tuple[AttachmentFile, ...], downloads: tuple[Download, ...],
                   neighbours: tuple[int | None, int | None],
                   other_years: dict[str, tuple[ProjectYear, ...]]) -> tuple[Page, ...]:
    code, year, public = department.code, record.year, site.public_findings
    title = f"{department.full_name} {record.display_title}"
    pages = [page(site, department_year_path(code, year), title, "department_year.md.j2",
                  department_year_view(record, department, region, audit, history, files, public, downloads, neighbours),
                  site.meta(f"{year}年度", title, department=department, record=record, history=history))]
    if record.overall is not None:
        otitle = f"{department.full_name} {year}年度部门整体支出绩效自评"
        pages.append(page(site, overall_path(code, year), otitle, "overall.md.j2",
                          overall_view(record, department, audit, history, files, public),
                          site.meta(f"{year}年度", otitle, department=department, record=record, history=history)))
    for i, project in enumerate(record.projects):
        project_history = project_histories[project.code]
        view = project_view(record, i, department, audit, project_history, files, public, other_years.get(project.code, ()))
        pages.append(page(site, project_path(code, year, project.code), f"{project.name}项目绩效自评", "project.md.j2", view,
                          site.meta(f"{year}年度", f"{department.full_name} {year}年度 {project.name}", department=department,
                                    record=record, history=project_history)))
    return tuple(pages)


def pages_of(records: list[LoadedRecord]) -> int:
    """How many pages the records make: each its own and one for each project."""
    return sum(1 + len(loaded.head.projects) for loaded in records)


def build_page_tree(content: Content, history: History | None = None, audit: AuditReport | None = None,
                    cache: BuildCache | None = None, helper_threshold: int | None = None) -> PageTree:
    """audit is the report the caller already made (the build refuses on it); without one it is made here.
    cache: where outputs are kept between builds (records' pages, open data's per-record files, compiled
    templates), or None. helper_threshold: from how many pages of records not in the cache on, a worker makes
    half of them (see below); None: never."""
    with kept_templates(cache):
        return _page_tree(content, history, audit, cache, helper_threshold)


def _page_tree(content: Content, history: History | None, audit: AuditReport | None, cache: BuildCache | None,
               helper_threshold: int | None) -> PageTree:
    tree = PageTree()
    audit = audit if audit is not None else audit_content(content)
    settings = content.settings
    revisions = site_history(content, history)
    site = site_frame(settings)
    by_year: dict[int, list[LoadedRecord]] = defaultdict(list)
    by_department: dict[str, list[LoadedRecord]] = defaultdict(list)
    for loaded in content.records:
        by_year[loaded.head.year].append(loaded)
        by_department[loaded.head.department].append(loaded)
    years = sorted(by_year, reverse=True)
    departments = sorted((content.departments[code] for code in by_department), key=lambda d: (d.order, d.code))

    # The same project in other years: the publisher gives a recurring project the same code each year.
    # One tuple for each such project, shared by the pages of all its years (kept_pages.py writes it into their
    # keys once).
    years_of: dict[tuple[str, str], list[ProjectYear]] = defaultdict(list)
    for loaded in sorted(content.records, key=lambda r: r.head.year):
        for p in loaded.head.projects:
            years_of[(loaded.head.department, p.code)].append(project_year(loaded.head.year, p))
    recurring = {key: tuple(found) for key, found in years_of.items() if len(found) > 1}

    # What decides each record's rows, summary, findings and pages (kept_pages.py): the key of all it makes.
    kept = KeptPages(cache, site)
    origins: dict[int, str | None] = {}
    for loaded in content.records:
        department = content.department(loaded.head)
        region = content.region(department)
        origins[id(loaded)] = kept.origin(loaded, department, region, resolve_rules(settings, region))

    def make_record(loaded: LoadedRecord, downloads: tuple[Download, ...]) -> RecordPages:
        head = loaded.head
        department = content.department(head)
        region = content.region(department)
        unit_years = sorted(r.head.year for r in by_department[department.code])
        index = unit_years.index(head.year)
        history = revisions.for_record(loaded)
        project_histories = {p.code: revisions.for_project(loaded, p.code) for p in head.projects}
        neighbours = (unit_years[index - 1] if index > 0 else None,
                      unit_years[index + 1] if index + 1 < len(unit_years) else None)
        other_years = {p.code: recurring[(department.code, p.code)] for p in head.projects
                       if (department.code, p.code) in recurring}
        origin = origins[id(loaded)]
        key = kept.record_key(origin, history, project_histories, loaded.attachments, downloads, neighbours, other_years)
        return record_pages(site, loaded, department, region, audit, resolve_rules(settings, region), history,
                            project_histories, downloads, neighbours, other_years, kept, key, origin)

    # A build from scratch makes every record's data and pages, one record after another: a worker makes every
    # other one's into the cache meanwhile (the machine's second core), and this process the rest, which then all
    # come from the cache below as in a correction. A record the worker did not leave there is made below.
    if cache is not None and helper_threshold is not None:
        missing = [loaded for loaded in content.records
                   if origins[id(loaded)] is not None and not kept.has_record_summary(origins[id(loaded)])]
        if worth_halving(pages_of(missing), helper_threshold):
            def make_into_cache(records: list[LoadedRecord]) -> None:
                for loaded in records:
                    make_record(loaded, tuple(record_downloads(content, audit, page_url, record_folder, cache, loaded,
                                                               origins[id(loaded)])))

            in_halves(make_into_cache, missing)

    # Data is made once from the table definitions, published as files and linked from the pages it belongs to.
    data = open_data(content, audit, page_url, record_folder, cache, lambda loaded: origins[id(loaded)])

    # Each record once: its views, its pages and its summary.
    done: dict[int, RecordPages] = {
        id(loaded): make_record(loaded, tuple(data.downloads[(loaded.head.department, loaded.head.year)]))
        for loaded in content.records}

    def summaries(records: list[LoadedRecord]) -> list[RecordSummary]:
        return [done[id(r)].summary for r in records]

    # What the pages across records are made from, for kept_pages: the records they summarise by their origins.
    def made_from(records: list[LoadedRecord]) -> list[str | None]:
        return [origins[id(r)] for r in records]

    for file_path, payload in data.files.items():
        tree.add_file(file_path, payload, data.keys.get(file_path), linked=file_path not in data.unlinked)
    years_table = year_summaries({y: summaries(by_year[y]) for y in years})
    site_downloads = repr([(d.path, d.label, digest(d.data)) for d in data.site_downloads])
    tree.add(page(site, home_path(), settings.site_name, "home.md.j2",
                  Later(home_view, (summaries(content.records), years_table, departments, data.site_downloads)),
                  site.meta("首页", settings.site_name),
                  kept, [repr(departments), site_downloads, *made_from(content.records)]))
    tree.add(page(site, years_path(), "按年度浏览", "years.md.j2", YearsView(years_table), site.meta("按年度浏览", "按年度浏览"),
                  kept, made_from(content.records)))
    units = DepartmentsView(tuple(
        DepartmentEntry(d, content.region(d), tuple(sorted((r.head.year for r in by_department[d.code]), reverse=True)))
        for d in departments))
    tree.add(page(site, departments_path(), "按单位浏览", "departments.md.j2", units, site.meta("按单位浏览", "按单位浏览"),
                  kept, [repr(units)]))
    for department in departments:
        records = sorted(by_department[department.code], key=lambda r: -r.head.year)
        region = content.region(department)
        tree.add(page(site, department_path(department.code), department.full_name, "department.md.j2",
                      Later(department_view, (department, region, summaries(records))),
                      site.meta("按单位浏览", department.full_name, department=department),
                      kept, [repr(department), repr(region), *made_from(records)]))
    for year in years:
        tree.add(page(site, year_path(year), f"{year}年度", "year.md.j2", Later(year_view, (year, summaries(by_year[year]))),
                      site.meta(f"{year}年度", f"{year}年度决算公开绩效情况说明"), kept, [str(year), *made_from(by_year[year])]))
        for loaded in by_year[year]:
            for file_path, payload, key in done[id(loaded)].files:
                tree.add_file(file_path, payload, key)
            for record_page in done[id(loaded)].pages:
                tree.add(record_page)

    scoring = scoring_view(settings, content.regions)
    tree.add(page(site, scoring_path(), "评分方法说明", "scoring.md.j2", scoring, site.meta("评分方法说明", "评分方法说明"),
                  kept, [repr(scoring)]))
    if settings.public_findings:
        # The units in each year follow their 排序 and codes, which the origins hold. A year's page is made from
        # that year's records only (a correction renders its own year's page again, not the others); the
        # overview, a line a year, from all of them.
        groups = [(year, [done[id(r)].findings for r in sorted(
            by_year[year], key=lambda r: (content.department(r.head).order, r.head.department))]) for year in years]
        tree.add(page(site, audit_path(), "数据核查结果", "audit.md.j2", Later(audit_view, (groups,)),
                      site.meta("数据核查结果", "数据核查结果"), kept, made_from(content.records)))
        for index, (year, records) in enumerate(groups):
            neighbours = (years[index + 1] if index + 1 < len(years) else None, years[index - 1] if index > 0 else None)
            title = f"{year}年度数据核查结果"
            tree.add(page(site, audit_year_path(year), title, "audit_year.md.j2",
                          Later(audit_year_view, (year, records, neighbours)), site.meta("数据核查结果", title),
                          kept, [repr(neighbours), *made_from(by_year[year])]))

    data_nav = add_data_pages(tree, content, data, years, site, kept)
    tree.nav = _navigation(site, years) + data_nav
    add_history_pages(tree, content, revisions, site)
    return tree


def _navigation(site: SiteFrame, years: list[int]) -> list[NavItem]:
    # Sections and years only. Material puts the navigation into every page, so listing a city's
    # departments and projects there made each project page ~120 KB (93 KB of it navigation) and
    # most of the build time. Department-year and project pages are reached from the year pages'
    # tables, the department pages and each page's 当前位置 line.
    return [
        NavItem("首页", home_path()),
        NavItem("按年度浏览", years_path(), tuple(NavItem(f"{year}年度", year_path(year)) for year in years)),
        NavItem("按单位浏览", departments_path()),
        NavItem("评分方法说明", scoring_path()),
        *([NavItem("数据核查结果", audit_path())] if site.public_findings else []),
    ]
