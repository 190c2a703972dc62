"""The generator core: loaded content → page tree (path → Markdown), grouped by year and department.

Knows nothing of MkDocs: an adapter hands the tree to an engine.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from . import charts
from .changes import SiteHistory, Update, site_history
from .formatting import money, percent, rate
from .indicator_values import Comparator, ValueKind
from .history import History
from .escaping import clean
from .loading import Content, LoadedRecord
from .model import Department, DepartmentYear, Direction, Indicator, Project
from .page_tree import NavItem, Page, PageTree
from .rendering import render

# --- URL layout: ASCII, stable, derived only from year and codes authors chose ------------------


def home_path() -> str:
    return "index.md"


def years_path() -> str:
    return "years/index.md"


def departments_path() -> str:
    return "departments/index.md"


def year_path(year: int) -> str:
    return f"{year}/index.md"


def department_path(code: str) -> str:
    return f"departments/{code}.md"


def department_year_path(code: str, year: int) -> str:
    return f"{year}/{code}/index.md"


def project_path(code: str, year: int, project_code: str) -> str:
    return f"{year}/{code}/{project_code}.md"


# --- Figures a reader compares across projects ---------------------------------------------------


@dataclass(frozen=True)
class Totals:
    projects: int
    budget: Decimal
    executed: Decimal
    scored: int
    score_sum: Decimal

    @property
    def rate(self) -> Decimal | None:
        return None if not self.budget else self.executed / self.budget * 100

    @property
    def average_score(self) -> Decimal | None:
        return None if not self.scored else self.score_sum / self.scored

    def __add__(self, other: "Totals") -> "Totals":
        return Totals(*(a + b for a, b in zip(self._values(), other._values())))

    def _values(self) -> tuple:
        return (self.projects, self.budget, self.executed, self.scored, self.score_sum)


EMPTY_TOTALS = Totals(0, Decimal(0), Decimal(0), 0, Decimal(0))


def project_totals(project: Project) -> Totals:
    total = project.funds.total
    score = project.total_score
    return Totals(
        1,
        total.full_year_budget or Decimal(0),
        total.executed or Decimal(0),
        0 if score is None else 1,
        score or Decimal(0),
    )


def record_totals(record: DepartmentYear) -> Totals:
    return sum((project_totals(p) for p in record.projects), EMPTY_TOTALS)


# --- What a reader looks for first: shortfalls, rates, grades, the lowest execution ------------------


def project_rate(project: Project) -> Decimal | None:
    """执行率 computed from the form's 全年执行数 ÷ 全年预算数, to compare projects on one scale."""
    total = project.funds.total
    return rate(total.executed, total.full_year_budget)


def falls_short(indicator: Indicator) -> bool:
    """The indicator did not reach its 年度指标值, read from the published texts.

    An empty actual against a stated target counts as short (nothing was reported done); a text target
    or a text actual cannot be compared and is never flagged, nor are unfilled template rows.
    """
    target, actual = indicator.target_value, indicator.actual_value
    if target.kind is ValueKind.EMPTY:
        return False
    if actual.kind is ValueKind.EMPTY:
        return True
    if target.kind is not ValueKind.NUMBER or actual.kind is not ValueKind.NUMBER:
        return False
    if target.comparator in (Comparator.AT_MOST, Comparator.LESS_THAN):
        lower_better = True
    elif target.comparator is not None:
        lower_better = False
    elif indicator.direction is not None and indicator.direction is not Direction.QUALITATIVE:
        lower_better = indicator.direction is Direction.LOWER_BETTER
    else:
        lower_better = indicator.level2 == "成本指标"
    if lower_better:
        return actual.number > target.number if target.comparator is not Comparator.LESS_THAN else actual.number >= target.number
    return actual.number < target.number if target.comparator is not Comparator.MORE_THAN else actual.number <= target.number


@dataclass(frozen=True)
class FormRow:
    """One 三级指标 row of the 自评表, with the merged cells the paper form draws for its groups."""

    number: int  # 1-based, for the row's anchor
    indicator: Indicator
    level1_span: int  # rows the 一级指标 cell spans from here; 0 where an earlier row's cell covers it
    level2_span: int
    short: bool


def form_rows(project: Project) -> list[FormRow]:
    indicators = project.indicators
    rows = []
    for i, indicator in enumerate(indicators):
        def span(same) -> int:
            if i > 0 and same(indicators[i - 1]):
                return 0
            n = 1
            while i + n < len(indicators) and same(indicators[i + n]):
                n += 1
            return n

        rows.append(FormRow(
            i + 1, indicator,
            span(lambda other: other.level1 == indicator.level1),
            span(lambda other: other.level1 == indicator.level1 and other.level2 == indicator.level2),
            falls_short(indicator),
        ))
    return rows


GRADES = ("优", "良", "中", "差")
UNGRADED = "未评级"
LOWEST_SHOWN = 10


@dataclass(frozen=True)
class ProjectEntry:
    department: Department
    record: DepartmentYear
    project: Project

    @property
    def rate(self) -> Decimal | None:
        return project_rate(self.project)


@dataclass(frozen=True)
class Overview:
    """The figures of a year or of the whole site: what is covered, how it went, where to look."""

    departments: int
    totals: Totals
    average_rate: Decimal | None  # the mean of the projects' 执行率, each project counting once
    grades: tuple[tuple[str, int], ...]  # 优/良/中/差/未评级 with their counts, as published
    lowest: tuple[ProjectEntry, ...]  # lowest 执行率 first


def overview(content: Content, records: list[LoadedRecord]) -> Overview:
    entries = [ProjectEntry(content.department(r.record), r.record, p) for r in records for p in r.record.projects]
    rates = [e.rate for e in entries if e.rate is not None]
    counts = {grade: 0 for grade in (*GRADES, UNGRADED)}
    for e in entries:
        counts[e.project.grade or UNGRADED] += 1
    lowest = sorted((e for e in entries if e.rate is not None),
                    key=lambda e: (e.rate, -e.record.year, e.department.order, e.department.code, e.project.code))
    return Overview(
        departments=len({r.record.department for r in records}),
        totals=sum((record_totals(r.record) for r in records), EMPTY_TOTALS),
        average_rate=sum(rates, Decimal(0)) / len(rates) if rates else None,
        grades=tuple(counts.items()),
        lowest=tuple(lowest[:LOWEST_SHOWN]),
    )


def grade_chart(chart_id: str, figures: Overview) -> Markup:
    return charts.horizontal_bars(
        chart_id, "自评等级分布（项目数）",
        [charts.Bar(grade, Decimal(count), f"{count} 个") for grade, count in figures.grades],
        "图：各等级的项目数，数字见旁边的表格。",
    )


def execution_chart(chart_id: str, projects: list[Project]) -> Markup:
    bars = []
    for p in projects:
        value = project_rate(p)
        bars.append(charts.Bar(p.name, value or Decimal(0), rate_text(value)))
    return charts.horizontal_bars(
        chart_id, "各项目预算执行率", bars, "图：各项目执行率（全年执行数 ÷ 全年预算数），虚线为 100%，数字见上表。",
        maximum=Decimal(100), reference=Decimal(100), reference_text="100%",
    )


def trend_chart(chart_id: str, years: list[tuple[int, Totals]]) -> Markup:
    ordered = sorted(years, key=lambda item: item[0])
    return charts.grouped_columns(
        chart_id, "历年全年预算数与全年执行数（万元）", [f"{year}年度" for year, _ in ordered],
        [charts.Series("全年预算数", charts.SECONDARY, tuple(t.budget for _, t in ordered)),
         charts.Series("全年执行数", charts.PRIMARY, tuple(t.executed for _, t in ordered))],
        "图：历年全年预算数与全年执行数（万元），数字见上表。", lambda value: str(money(value)),
    )


def rate_text(value: Decimal | None) -> str:
    return "无预算数" if value is None else str(percent(value))


def rate_meter(chart_id: str, project: Project) -> Markup:
    value = project_rate(project)
    return charts.meter(chart_id, "预算执行率", value, rate_text(value))


def overview_context(content: Content, records: list[LoadedRecord]) -> dict[str, object]:
    figures = overview(content, records)
    return dict(overview=figures, grade_chart=grade_chart("jx-grades", figures))


def department_year_context(record: DepartmentYear) -> dict[str, object]:
    return dict(execution_chart=execution_chart("jx-rates", record.projects))


def project_context(project: Project) -> dict[str, object]:
    rows = form_rows(project)
    return dict(form_rows=rows, shortfalls=[r for r in rows if r.short], rate_meter=rate_meter("jx-rate", project),
                rate_value=rate_text(project_rate(project)))


# --- The tree ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What every template may use about the site."""

    content: Content

    @property
    def settings(self):
        return self.content.settings


def build_page_tree(content: Content, history: History | None = None) -> PageTree:
    tree = PageTree()
    revisions = site_history(content, history)
    site = Context(content)
    by_year: dict[int, list[LoadedRecord]] = defaultdict(list)
    by_department: dict[str, list[LoadedRecord]] = defaultdict(list)
    for loaded in content.records:
        by_year[loaded.record.year].append(loaded)
        by_department[loaded.record.department].append(loaded)
    years = sorted(by_year, reverse=True)
    departments = sorted(
        (content.departments[code] for code in by_department), key=lambda d: (d.order, d.code)
    )

    def common(path: str, **extra: object) -> dict[str, object]:
        return dict(site=site, settings=content.settings, paths=PATHS, **extra)

    tree.add(Page(home_path(), content.settings.site_name, render("home.md.j2", home_path(), **common(
        home_path(), years=[(y, by_year[y], sum((record_totals(r.record) for r in by_year[y]), EMPTY_TOTALS)) for y in years],
        departments=departments, **overview_context(content, content.records),
    )), meta=_meta(content, "首页", content.settings.site_name)))
    tree.add(Page(years_path(), "按年度浏览", render("years.md.j2", years_path(), **common(
        years_path(), years=[(y, by_year[y], sum((record_totals(r.record) for r in by_year[y]), EMPTY_TOTALS)) for y in years],
    )), meta=_meta(content, "按年度浏览", "按年度浏览")))
    tree.add(Page(departments_path(), "按单位浏览", render("departments.md.j2", departments_path(), **common(
        departments_path(),
        departments=[(d, content.region(d), sorted(by_department[d.code], key=lambda r: -r.record.year)) for d in departments],
    )), meta=_meta(content, "按单位浏览", "按单位浏览")))

    for department in departments:
        path = department_path(department.code)
        records = sorted(by_department[department.code], key=lambda r: -r.record.year)
        tree.add(Page(path, department.full_name, render("department.md.j2", path, **common(
            path, department=department, region=content.region(department),
            years=[(r, record_totals(r.record)) for r in records],
            trend=trend_chart("jx-trend", [(r.record.year, record_totals(r.record)) for r in records]),
        )), meta=_meta(content, "按单位浏览", department.full_name, department=department)))

    for year in years:
        path = year_path(year)
        records = by_year[year]
        tree.add(Page(path, f"{year}年度", render("year.md.j2", path, **common(
            path, year=year,
            rows=[(content.department(r.record), r, record_totals(r.record)) for r in records],
            totals=sum((record_totals(r.record) for r in records), EMPTY_TOTALS),
            **overview_context(content, records),
        )), meta=_meta(content, f"{year}年度", f"{year}年度决算公开绩效情况说明")))

        for loaded in records:
            record = loaded.record
            department = content.department(record)
            path = department_year_path(department.code, year)
            years_of_department = sorted(r.record.year for r in by_department[department.code])
            index = years_of_department.index(year)
            previous_year = years_of_department[index - 1] if index > 0 else None
            next_year = years_of_department[index + 1] if index + 1 < len(years_of_department) else None
            title = f"{department.full_name} {record.display_title}"
            tree.add(Page(path, title, render("department_year.md.j2", path, **common(
                path, record=record, loaded=loaded, department=department, region=content.region(department),
                rows=[(p, project_totals(p)) for p in record.projects], totals=record_totals(record),
                previous_year=previous_year, next_year=next_year,
                revisions=revisions.for_record(loaded), **department_year_context(record),
            )), meta=_meta(content, f"{year}年度", title, department=department, record=record)))

            for project in record.projects:
                ppath = project_path(department.code, year, project.code)
                ptitle = f"{project.name}项目绩效自评"
                tree.add(Page(ppath, ptitle, render("project.md.j2", ppath, **common(
                    ppath, record=record, project=project, department=department, region=content.region(department),
                    totals=project_totals(project),
                    revisions=revisions.for_project(loaded, project), **project_context(project),
                )), meta=_meta(content, f"{year}年度", f"{department.full_name} {year}年度 {project.name}", department=department, record=record)))

    tree.nav = _navigation(content, years, by_year, departments)
    _add_history_pages(tree, content, revisions, common)
    return tree


PATHS = {
    "home": home_path,
    "years": years_path,
    "departments": departments_path,
    "year": year_path,
    "department": department_path,
    "department_year": department_year_path,
    "project": project_path,
    "updates": lambda: updates_path(),
}


def _meta(content: Content, column: str, article: str, department: Department | None = None,
          record: DepartmentYear | None = None) -> dict[str, object]:
    """Plain-text page facts for the government-site <meta> tags (国办发〔2017〕47号) and search."""
    settings = content.settings
    meta: dict[str, object] = {"column": column, "article": article}
    keywords = list(settings.keywords)
    if department is not None:
        meta["source"] = department.full_name
        keywords.append(department.full_name)
    if record is not None:
        meta["year"] = record.year
        keywords.append(f"{record.year}年度")
        if record.published is not None:
            meta["published"] = record.published.isoformat()
    meta["keywords"] = ",".join(dict.fromkeys(k for k in keywords if k))
    meta["description"] = "。".join(part for part in (article, settings.description) if part)
    # Every page carries the site's marks, so the theme (which cannot read content/site.yml) can print
    # the header, the footer and the 政府网站 meta tags from the same settings the generator used.
    meta["site"] = {
        "name": settings.site_name, "domain": settings.domain, "id_code": settings.site_id_code,
        "publisher": settings.publisher, "header_note": settings.header_note, "icp": settings.icp,
        "police_record": settings.police_record, "colour": settings.primary_colour,
    }

    # MkDocs parses front matter as YAML, which refuses C1 controls that a record's escaped YAML string
    # can carry; and the tags should say what the page shows. So every value is the cleaned visible text.
    def plain(value: object) -> object:
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        return clean(value) if isinstance(value, str) else value

    return plain(meta)


def _navigation(content: Content, years: list[int], by_year: dict[int, list[LoadedRecord]],
                departments: list[Department]) -> list[NavItem]:
    year_sections = []
    for year in years:
        children = []
        for loaded in by_year[year]:
            department = content.department(loaded.record)
            projects = tuple(
                NavItem(p.name, project_path(department.code, year, p.code)) for p in loaded.record.projects
            )
            children.append(NavItem(department.short_name, department_year_path(department.code, year), projects))
        year_sections.append(NavItem(f"{year}年度", year_path(year), tuple(children)))
    return [
        NavItem("首页", home_path()),
        NavItem("按年度浏览", years_path(), tuple(year_sections)),
        NavItem("按单位浏览", departments_path(), tuple(NavItem(d.short_name, department_path(d.code)) for d in departments)),
    ]


# --- Revision history: the 更新记录 page, its feed, and pages of withdrawn records ----------------

UPDATES_SHOWN = 300  # the page lists the latest; every page keeps its own full 修订记录


def updates_path() -> str:
    return "updates/index.md"


def feed_path() -> str:
    return "feed.xml"


def _history_title(content: Content, record: DepartmentYear) -> str:
    department = content.departments.get(record.department)
    return f"{department.full_name if department else record.department} {record.display_title}"


def _history_target(content: Content, update: Update) -> str | None:
    """The page an update links to; None when the publisher dropped it or its unit left the registry."""
    if not update.linked or update.record.department not in content.departments:
        return None
    return department_year_path(update.record.department, update.record.year)


def feed_xml(content: Content, revisions: SiteHistory, site_url: str | None = None) -> bytes:
    """The Atom feed of the 更新记录: links relative to the site root, or absolute under site_url."""
    from .feed import atom_feed

    return atom_feed(content, revisions.updates(), lambda u: _history_target(content, u),
                     lambda r: _history_title(content, r), site_url=site_url, updates_page=updates_path()).encode("utf-8")


def _add_history_pages(tree: PageTree, content: Content, revisions: SiteHistory, common) -> None:
    for gone in revisions.withdrawn():
        record, project, department = gone.record, gone.project, content.departments.get(gone.record.department)
        title = _history_title(content, record) if project is None else f"{project.name}项目绩效自评"
        if department is None:
            # The unit left the registry: only the notice and the history can be shown.
            path = department_year_path(record.department, record.year) if project is None else project_path(record.department, record.year, project.code)
            tree.add(Page(path, title, render("withdrawn.md.j2", path, **common(path, title=title, revisions=gone.history))))
            continue
        meta = _meta(content, f"{record.year}年度", title, department=department, record=record)
        if project is None:
            path = department_year_path(department.code, record.year)
            tree.add(Page(path, title, render("department_year.md.j2", path, **common(
                path, record=record, loaded=None, department=department, region=content.region(department),
                rows=[(p, project_totals(p)) for p in record.projects], totals=record_totals(record),
                previous_year=None, next_year=None, revisions=gone.history, **department_year_context(record),
            )), meta=meta))
        else:
            path = project_path(department.code, record.year, project.code)
            tree.add(Page(path, title, render("project.md.j2", path, **common(
                path, record=record, project=project, department=department, region=content.region(department),
                totals=project_totals(project), revisions=gone.history, **project_context(project),
            )), meta=meta))

    updates = revisions.updates()
    path = updates_path()
    tree.add(Page(path, "更新记录", render("updates.md.j2", path, **common(
        path, updates=[(u, _history_target(content, u), _history_title(content, u.record)) for u in updates[:UPDATES_SHOWN]],
        shown=min(len(updates), UPDATES_SHOWN), total=len(updates), feed=feed_path(),
    )), meta=_meta(content, "更新记录", "更新记录")))
    tree.nav.append(NavItem("更新记录", path))
    tree.add_file(feed_path(), feed_xml(content, revisions))
