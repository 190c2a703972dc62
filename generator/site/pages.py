"""The page tree: which pages the site has, each made from its view, and the navigation over them.

loaded content + audit + history → one view per page (generator/site/views/) → rendered Markdown pages
and published files. Knows nothing of MkDocs: an adapter hands the tree to an engine.
"""

from __future__ import annotations

from collections import defaultdict

from generator.history.changes import site_history
from generator.history.history import History
from generator.records.loading import Content, LoadedRecord
from generator.records.model import Department, Project
from generator.rules.audit import AuditReport, audit_content
from generator.rules.scoring import resolve_rules
from generator.site.data_pages import add_data_pages
from generator.site.history_pages import add_history_pages
from generator.site.open_data import open_data
from generator.site.page_tree import NavItem, Page, PageTree
from generator.site.paths import (
    audit_path, department_path, department_year_path, departments_path, home_path, overall_path, page_url,
    project_path, record_folder, scoring_path, year_path, years_path,
)
from generator.site.rendering import render
from generator.site.views.aggregates import (
    DepartmentEntry, DepartmentsView, YearsView, department_view, home_view, record_row, year_summaries, year_view,
)
from generator.site.views.findings import audit_view, findings_of_record, scoring_view
from generator.site.views.frame import SiteFrame, site_frame
from generator.site.views.inputs import RecordAudit, record_audit
from generator.site.views.project import project_view
from generator.site.views.record import department_year_view, originals, overall_view

# What the MkDocs adapter (generator/engines/mkdocs/plugin.py) imports from here; their homes are below.
from generator.site.history_pages import feed_xml  # noqa: E402,F401
from generator.site.paths import feed_path  # noqa: E402,F401
from generator.site.views.frame import site_marks  # noqa: E402,F401


def add_page(tree: PageTree, site: SiteFrame, path: str, title: str, template: str, view: object,
             meta: dict[str, object]) -> None:
    """Render one page from its view: the template receives `page` (the view) and `site` (the frame) only."""
    tree.add(Page(path, title, render(template, path, page=view, site=site), meta=meta))


def build_page_tree(content: Content, history: History | None = None, audit: AuditReport | None = None) -> PageTree:
    """audit is the report the caller already made (the build refuses on it); without one it is made here."""
    tree = PageTree()
    audit = audit if audit is not None else audit_content(content)
    settings = content.settings
    public = settings.public_findings
    revisions = site_history(content, history)
    site = site_frame(settings)
    by_year: dict[int, list[LoadedRecord]] = defaultdict(list)
    by_department: dict[str, list[LoadedRecord]] = defaultdict(list)
    for loaded in content.records:
        by_year[loaded.record.year].append(loaded)
        by_department[loaded.record.department].append(loaded)
    years = sorted(by_year, reverse=True)
    departments = sorted((content.departments[code] for code in by_department), key=lambda d: (d.order, d.code))

    # Each record's part of the audit, taken once: every page about the record reads only this.
    audits: dict[int, RecordAudit] = {}
    for loaded in content.records:
        region = content.region(content.department(loaded.record))
        audits[id(loaded)] = record_audit(audit, loaded.record, resolve_rules(settings, region))

    def listed(records: list[LoadedRecord]) -> list[tuple[Department, object]]:
        return [(content.department(r.record), r.record) for r in records]

    # Data is made once from the table definitions, published as files and linked from the pages it belongs to.
    data = open_data(content, audit, page_url, record_folder)
    for file_path, payload in data.files.items():
        tree.add_file(file_path, payload)
    summaries = year_summaries({y: [r.record for r in by_year[y]] for y in years})
    add_page(tree, site, home_path(), settings.site_name, "home.md.j2",
             home_view(listed(content.records), summaries, departments, data.site_downloads),
             site.meta("首页", settings.site_name))
    add_page(tree, site, years_path(), "按年度浏览", "years.md.j2", YearsView(summaries), site.meta("按年度浏览", "按年度浏览"))
    add_page(tree, site, departments_path(), "按单位浏览", "departments.md.j2", DepartmentsView(tuple(
        DepartmentEntry(d, content.region(d), tuple(sorted((r.record.year for r in by_department[d.code]), reverse=True)))
        for d in departments)), site.meta("按单位浏览", "按单位浏览"))

    for department in departments:
        records = sorted(by_department[department.code], key=lambda r: -r.record.year)
        view = department_view(department, content.region(department),
                               [record_row(department, r.record, audits[id(r)], public) for r in records])
        add_page(tree, site, department_path(department.code), department.full_name, "department.md.j2", view,
                 site.meta("按单位浏览", department.full_name, department=department))

    # The same project in other years: the publisher gives a recurring project the same code each year.
    recurring: dict[tuple[str, str], list[tuple[int, Project]]] = defaultdict(list)
    for loaded in sorted(content.records, key=lambda r: r.record.year):
        for p in loaded.record.projects:
            recurring[(loaded.record.department, p.code)].append((loaded.record.year, p))

    for year in years:
        records = by_year[year]
        view = year_view(year, listed(records),
                         [record_row(content.department(r.record), r.record, audits[id(r)], public) for r in records])
        add_page(tree, site, year_path(year), f"{year}年度", "year.md.j2", view,
                 site.meta(f"{year}年度", f"{year}年度决算公开绩效情况说明"))
        for loaded in records:
            _add_record_pages(tree, site, content, loaded, audits[id(loaded)], revisions, data.downloads, by_department,
                              recurring)

    add_page(tree, site, scoring_path(), "评分方法说明", "scoring.md.j2", scoring_view(settings, content.regions),
             site.meta("评分方法说明", "评分方法说明"))
    if public:
        groups = []
        for year in years:
            ordered = sorted(by_year[year], key=lambda r: (content.department(r.record).order, r.record.department))
            groups.append((year, [findings_of_record(content.department(r.record), r.record, audits[id(r)]) for r in ordered]))
        add_page(tree, site, audit_path(), "数据核查结果", "audit.md.j2", audit_view(groups, audit.findings),
                 site.meta("数据核查结果", "数据核查结果"))

    data_nav = add_data_pages(tree, content, data, years, site)
    tree.nav = _navigation(site, years) + data_nav
    add_history_pages(tree, content, revisions, site)
    return tree


def _add_record_pages(tree: PageTree, site: SiteFrame, content: Content, loaded: LoadedRecord, audit: RecordAudit,
                      revisions, downloads, by_department: dict[str, list[LoadedRecord]],
                      recurring: dict[tuple[str, str], list[tuple[int, Project]]]) -> None:
    """A department-year's pages: the record's, its 部门整体 form's, each project's; and the unit's own files."""
    record = loaded.record
    department = content.department(record)
    code, year, public = department.code, record.year, site.public_findings
    years_of_department = sorted(r.record.year for r in by_department[code])
    index = years_of_department.index(year)
    neighbours = (years_of_department[index - 1] if index > 0 else None,
                  years_of_department[index + 1] if index + 1 < len(years_of_department) else None)
    for file, original in zip(loaded.attachments, originals(record, loaded.attachments)):
        tree.add_file(original.path, file.data)
    record_downloads = tuple(downloads[(record.department, year)])
    for download in record_downloads:
        tree.add_file(download.path, download.data)

    history = revisions.for_record(loaded)
    title = f"{department.full_name} {record.display_title}"
    view = department_year_view(record, department, content.region(department), audit, history, loaded.attachments,
                                public, record_downloads, neighbours)
    add_page(tree, site, department_year_path(code, year), title, "department_year.md.j2", view,
             site.meta(f"{year}年度", title, department=department, record=record, history=history))

    if record.overall is not None:
        otitle = f"{department.full_name} {year}年度部门整体支出绩效自评"
        add_page(tree, site, overall_path(code, year), otitle, "overall.md.j2",
                 overall_view(record, department, audit, history, loaded.attachments, public),
                 site.meta(f"{year}年度", otitle, department=department, record=record, history=history))

    for i, project in enumerate(record.projects):
        project_history = revisions.for_project(loaded, project)
        other_years = recurring.get((code, project.code), [])
        view = project_view(record, i, department, audit, project_history, loaded.attachments, public,
                            tuple(other_years) if len(other_years) > 1 else ())
        add_page(tree, site, project_path(code, year, project.code), f"{project.name}项目绩效自评", "project.md.j2", view,
                 site.meta(f"{year}年度", f"{department.full_name} {year}年度 {project.name}", department=department,
                           record=record, history=project_history))


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
