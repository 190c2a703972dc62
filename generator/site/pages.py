"""The generator core: loaded content → page tree (path → Markdown), grouped by year and department.

Knows nothing of MkDocs: an adapter hands the tree to an engine.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
import datetime as dt
from decimal import Decimal

from markupsafe import Markup

from generator.site import charts
from generator.records.problems import Severity
from generator.rules.audit import OVERALL, AuditReport, Finding, audit_content
from generator.records.attachments import AttachmentFile
from generator.history.changes import PageHistory, SiteHistory, Update, site_history
from generator.site import formatting
from generator.records.figures import execution_rate as rate, plain
from generator.site.formatting import money, percent
from generator.rules.scoring import (
    rate_tolerance,
    RATE_TOLERANCE, SCORE_TOLERANCE, ExplainerSection, band_of_grade, IndicatorScore, ProjectScore, Status, explain_rules,
    recompute_overall, recompute_project, score_indicator,
)
from generator.records.scoring_settings import ScoringRules
from generator.site.exports import Download
from generator.site.open_data import open_data
from generator.history.history import History
from generator.rules.indicator_state import judge, not_filled
from generator.site.escaping import clean
from generator.records.loading import Content, LoadedRecord
from generator.records.model import OVERALL_PAGE, Department, DepartmentOverall, DepartmentYear, FundTotal, Indicator, OverallIndicator, Project
from generator.site.page_tree import NavItem, Page, PageTree
from generator.site.rendering import page_url as served_at, render
from generator.site.data_pages import add_data_pages, glossary_path
from generator.site.reading import project_reading, record_reading
from generator.site.terms import GRADE_NOT_STATED

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


def page_url(code: str, year: int, project_code: str | None = None) -> str:
    """A page's address relative to the site root, as the data files and the API give it."""
    return served_at(department_year_path(code, year) if project_code is None else project_path(code, year, project_code))


def overall_path(code: str, year: int) -> str:
    """The 部门整体支出绩效自评表 beside the year's projects (its name is a reserved project code)."""
    return f"{year}/{code}/{OVERALL_PAGE}.md"


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
    """Only the project tables add up: a record with none (a coverage-only 说明, a department-level form)
    adds nothing, and its page says what it holds instead of a row of zeros."""
    return sum((project_totals(p) for p in record.projects), EMPTY_TOTALS)


# --- What a reader looks for first: shortfalls, rates, grades, the lowest execution ------------------


def project_rate(project: Project) -> Decimal | None:
    """执行率 computed from the form's 全年执行数 ÷ 全年预算数, to compare projects on one scale."""
    total = project.funds.total
    return rate(total.executed, total.full_year_budget)


def falls_short(indicator: Indicator, rules: ScoringRules | None = None) -> bool:
    """The indicator missed its 年度指标值 (numeric per direction, or a qualitative actual judged not met)."""
    rules = rules or ScoringRules()
    return judge(score_indicator(indicator, rules), rules) is False


def recheck_text(score: IndicatorScore) -> str:
    """The site's recomputation beside a published 得分: empty where it agrees or nothing is scored."""
    if score.status is Status.NOT_SCORED:
        return ""
    if score.status is Status.UNVERIFIABLE:
        return "得分无法按评分规则核验"
    if score.stated is not None and not (score.stated_above_computed or score.stated_below_lowest):
        return ""
    if score.lowest is not None and score.lowest != score.computed:
        return f"按评分规则应得 {plain(score.lowest)}–{plain(score.computed)} 分"
    return f"按评分规则应得 {plain(score.computed)} 分"


SHORT = "未达到年度指标值"
SHORT_OVERALL = "未达到指标值"  # the 部门整体 form's columns are 年初指标值 / 调整指标值
NOT_FILLED = "未填写完成值，无法判断是否达标"
NOT_IN_REPORT = "报告未载明完成值，无法判断是否达标"  # the same, on a form the site rebuilt from a narrative report


@dataclass(frozen=True)
class FormRow:
    """One 三级指标 row of the 自评表, with the merged cells the paper form draws for its groups."""

    number: int  # 1-based, for the row's anchor
    indicator: Indicator
    level1_span: int  # rows the 一级指标 cell spans from here; 0 where an earlier row's cell covers it
    level2_span: int
    state: str  # SHORT, NOT_FILLED, NOT_IN_REPORT or ""
    score: IndicatorScore
    recheck: str  # recheck_text(score)

    @property
    def short(self) -> bool:
        return self.state in (SHORT, SHORT_OVERALL)

    @property
    def unfilled(self) -> bool:
        return self.state in (NOT_FILLED, NOT_IN_REPORT)


def form_rows(project: Project, score: ProjectScore) -> list[FormRow]:
    indicators = project.indicators
    # A form the site laid out from a report: a figure the report does not give was never left blank by anyone.
    rebuilt = getattr(project, "form_rebuilt", False)
    short = SHORT_OVERALL if isinstance(project, DepartmentOverall) else SHORT  # in each form's own column words
    rows = []
    for i, indicator in enumerate(indicators):
        def span(same) -> int:
            if i > 0 and same(indicators[i - 1]):
                return 0
            n = 1
            while i + n < len(indicators) and same(indicators[i + n]):
                n += 1
            return n

        judged = score.indicators[i]
        state = ((NOT_IN_REPORT if rebuilt else NOT_FILLED) if not_filled(indicator)
                 else short if judge(judged, score.rules) is False else "")
        rows.append(FormRow(
            i + 1, indicator,
            span(lambda other: other.level1 == indicator.level1),
            span(lambda other: other.level1 == indicator.level1 and other.level2 == indicator.level2),
            state, judged, recheck_text(judged),
        ))
    return rows


@dataclass(frozen=True)
class CheckedFigure:
    """One figure of the summary as the form states it and as the site recomputes it."""

    label: str
    stated: str  # as published; "" where the form states none
    computed: str  # "" where it cannot be computed, UNVERIFIABLE where the rules cannot check it
    differs: bool

    @property
    def verdict(self) -> str:
        """一致 only where both figures stand and agree: a figure the site could not check is never 一致."""
        if self.differs:
            return "不一致"
        return "一致" if self.stated and self.computed and self.computed != UNVERIFIABLE else "—"


@dataclass(frozen=True)
class Recheck:
    """What the summary says about the recomputation: the figures side by side, and what it leaned on."""

    figures: list[CheckedFigure]
    notes: list[str]
    execution_score: str  # beside the form's 得分 cell of 年度资金总额
    total: str  # beside the form's 总分
    grade: str  # beside the form's 等级

    @property
    def agrees(self) -> bool:
        return not any(f.differs for f in self.figures)

    @property
    def all_checked(self) -> bool:
        """Every figure could be checked (none is 无法核验 or missing on either side)."""
        return all(f.verdict != "—" for f in self.figures)


def _differs(stated: Decimal | None, computed: Decimal | None, tolerance: Decimal) -> bool:
    return stated is not None and computed is not None and abs(stated - computed) > tolerance


def _execution_recheck(score: ProjectScore, differs: bool) -> str:
    if score.execution_score is None or not (differs or score.stated_execution_score is None):
        return ""
    assumed = f"（原文未写分值，按 {plain(score.execution_weight)} 分计）" if score.execution_weight_assumed else ""
    return f"预算执行率按评分规则得 {plain(score.execution_score)} 分{assumed}"


UNVERIFIABLE = "无法核验"


def project_recheck(project: Project, score: ProjectScore) -> Recheck:
    return form_recheck(project.funds.total, score, rebuilt=project.form_rebuilt)


def form_recheck(funds: FundTotal, score: ProjectScore, rebuilt: bool = False) -> Recheck:
    """The summary's recomputation of one form (a project's 自评表 or the 部门整体支出绩效自评表) from its total row."""
    total_differs = _differs(score.stated_total, score.total, SCORE_TOLERANCE)
    rate_differs = _differs(score.stated_execution_rate, score.execution_rate, rate_tolerance(funds.rate))
    exec_differs = _differs(score.stated_execution_score, score.execution_score, SCORE_TOLERANCE)
    grade_differs = bool(score.stated_grade and score.grade and band_of_grade(score.stated_grade) != score.grade)
    figures = [
        CheckedFigure("自评得分", plain(score.stated_total), plain(score.total) if score.weights_add_up else UNVERIFIABLE, total_differs),
        CheckedFigure("执行率", funds.rate.strip(), str(percent(score.execution_rate)), rate_differs),
    ]
    if score.stated_execution_score is not None:
        figures.append(CheckedFigure("预算执行率得分", plain(score.stated_execution_score), plain(score.execution_score), exec_differs))
    figures.append(CheckedFigure("等级", score.stated_grade or "", score.grade or ("" if score.weights_add_up else UNVERIFIABLE), grade_differs))
    notes = []
    if score.execution_weight_assumed:
        notes.append(f"预算执行率：原文未写预算执行率的分值，按评分规则 {plain(score.execution_weight)} 分计。")
    if score.execution_rate is None:
        notes.append("未填写全年预算数或全年执行数，无法计算执行率。")
    if score.unverified:
        why = "报告未载明实际完成值" if rebuilt else "未填写实际完成值"
        notes.append(f"{len(score.unverified)} 项指标无法核验（多为{why}），按{'报告所写' if rebuilt else '填报'}得分计入复核总分。")
    if not score.weights_add_up:
        notes.append(
            f"自评表各项分值合计 {plain(score.weight_total)} 分，不等于满分 {plain(score.rules.full_marks)} 分，"
            "总分和等级无法按评分规则核验。"
        )
    return Recheck(
        figures=figures, notes=notes,
        execution_score=_execution_recheck(score, exec_differs),
        total=(f"按评分规则复核总分 {plain(score.total)} 分" if total_differs or (score.stated_total is None and score.total is not None)
               else "" if score.weights_add_up else "总分无法按评分规则核验"),
        grade=f"按评分规则复核等级为“{score.grade}”" if grade_differs else "",
    )


GRADES = ("优", "良", "中", "差")
UNGRADED = GRADE_NOT_STATED  # one word for "the document states no grade", as in the data
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
    grades: tuple[tuple[str, int], ...]  # 优/良/中/差/原文未载明 with their counts, as published
    lowest: tuple[ProjectEntry, ...]  # lowest 执行率 first
    years: int = 1  # how many years the figures cover
    regions: int = 1  # how many regions (often provinces apart) the departments are in


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
        years=len({r.record.year for r in records}),
        regions=len({content.department(r.record).region for r in records}),
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
        bars.append(charts.Bar(p.name, value or Decimal(0), published_rate_text(p.funds.total.rate, value)))
    return charts.horizontal_bars(
        chart_id, "各项目预算执行率", bars,
        "图：各项目执行率，条长按全年执行数 ÷ 全年预算数画出，所标数字照原文（原文未写的标明“本站计算”），虚线为 100%，数字见上表。",
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


def published_rate_text(stated: str, value: Decimal | None) -> str:
    """The 执行率 as the unit printed it; where it printed none, the site's computation, said to be the site's."""
    if stated.strip():
        return stated.strip()
    return "无预算数" if value is None else f"{percent(value)}（本站计算）"


def rate_meter(chart_id: str, project: Project) -> Markup:
    value = project_rate(project)
    return charts.meter(chart_id, "预算执行率（本站计算）", value, rate_text(value))


def overview_context(content: Content, records: list[LoadedRecord]) -> dict[str, object]:
    figures = overview(content, records)
    return dict(overview=figures, grade_chart=grade_chart("jx-grades", figures))


def department_year_context(record: DepartmentYear) -> dict[str, object]:
    overall = record.overall
    return dict(
        execution_chart=execution_chart("jx-rates", record.projects),
        overall_rate=None if overall is None else rate_text(rate(overall.funds.executed, overall.funds.full_year_budget)),
    )


@dataclass(frozen=True)
class OverallColumn:
    """One column of the 部门整体 indicator table: its label, the attribute it prints, and its CSS kind."""

    label: str
    attribute: str
    kind: str  # "value", "num" or "text"


# The form's indicator columns after 一级/二级/三级指标; a column no row fills is left out of the table.
OVERALL_COLUMNS = (
    OverallColumn("指标性质", "nature", "value"), OverallColumn("年初指标值", "initial_target", "value"),
    OverallColumn("调整指标值", "adjusted_target", "value"), OverallColumn("全年完成值", "actual", "value"),
    OverallColumn("得分系数", "coefficient", "value"), OverallColumn("指标权重", "weight", "num"),
    OverallColumn("指标得分", "score", "num"), OverallColumn("是否核心指标", "core", "value"),
    OverallColumn("偏差原因分析及改进措施", "deviation", "text"),
)
_ALWAYS_SHOWN = {"initial_target", "actual", "weight", "score"}


def overall_columns(overall: DepartmentOverall) -> list[OverallColumn]:
    def filled(value: object) -> bool:
        return value is not None and value != ""
    return [c for c in OVERALL_COLUMNS
            if c.attribute in _ALWAYS_SHOWN or any(filled(getattr(i, c.attribute)) for i in overall.indicators)]


def overall_cell(indicator: OverallIndicator, column: OverallColumn) -> str:
    """A cell of the indicator table as printed: 指标性质 by its sign, 是否核心指标 as 是/否."""
    value = getattr(indicator, column.attribute)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return str(formatting.number(value))
    return getattr(value, "value", value)


def overall_context(overall: DepartmentOverall, score: ProjectScore, findings: list[Finding] | None) -> dict[str, object]:
    """The 部门整体支出绩效自评 page: the same summary as a project's, its own form, its findings."""
    rows = form_rows(overall, score)
    value = rate(overall.funds.executed, overall.funds.full_year_budget)
    return dict(
        overall=overall, form_rows=rows, shortfalls=[r for r in rows if r.short], unfilled=[r for r in rows if r.unfilled],
        rate_meter=charts.meter("jx-rate", "预算执行率（本站计算）", value, rate_text(value)), rate_value=rate_text(value),
        recheck=form_recheck(overall.funds, score), words=OVERALL_WORDS,
        columns=overall_columns(overall), cell=overall_cell, adjusted_goal=bool(overall.goal.adjusted.strip()),
        findings=None if findings is None else [(f, finding_place(f, None, overall)) for f in findings],
    )


# The column labels a form's summary uses for its targets and actuals.
PROJECT_WORDS = {"target": "年度指标值", "actual": "实际完成值"}
OVERALL_WORDS = {"target": "指标值", "actual": "全年完成值"}


def project_context(project: Project, score: ProjectScore, findings: list[Finding] | None) -> dict[str, object]:
    """findings is None when the site does not publish its findings (公开核查结果: false)."""
    rows = form_rows(project, score)
    return dict(form_rows=rows, shortfalls=[r for r in rows if r.short], unfilled=[r for r in rows if r.unfilled],
                rate_meter=rate_meter("jx-rate", project), rate_value=rate_text(project_rate(project)),
                recheck=project_recheck(project, score), words=PROJECT_WORDS,
                reading=project_reading(project, score, None if findings is None else len(findings)),
                findings=None if findings is None else [(f, finding_place(f, project)) for f in findings])


# --- The site's recomputation and findings, as a reader sees them ---------------------------------


def scoring_path() -> str:
    return "scoring/index.md"


def audit_path() -> str:
    return "audit/index.md"


def audit_anchor(code: str, year: int) -> str:
    """The id of a department-year's part of the findings page (codes are ASCII, so the id is stable)."""
    return f"jx-{year}-{code}"


FUND_ROW_ANCHORS = {"年度资金总额": "zj-1", "当年财政拨款": "zj-2", "上年结转资金": "zj-3", "其他资金": "zj-4"}
FORM_ANCHOR = "zpb"  # the 自评表 as a whole
TOTAL_ANCHOR = "zf"  # its 总分 row
GOAL_ANCHOR = "mb"  # its 年度总体目标 rows
ANALYSIS_ANCHOR = "fx"  # its 自评结果分析 rows
SUMMARY_ANCHOR = "zs"  # the 自评综述
OVERVIEW_ANCHOR = "gk"  # the 整理说明 and 项目概况 at the top of the page


def section_anchor(numbers: tuple[int, ...]) -> str:
    """The id of a report section on the project page: bg-2-1 is the first subsection of the second section."""
    return "bg-" + "-".join(str(n + 1) for n in numbers)


@dataclass(frozen=True)
class Place:
    """Where on the page a finding is about: in the form's own words, and the id of that place (or "")."""

    words: str
    anchor: str
    project: Project | None = None  # the project page the place is on; None for the record's own pages
    overall: bool = False  # on the 部门整体支出绩效自评 page


def finding_place(finding: Finding, project: Project | None, overall: DepartmentOverall | None = None) -> Place:
    """A finding's field as a reader finds it on the page: 绩效指标第3项“办公家具(个)”的得分, the report section
    by its own title, not 项目[1].绩效指标[3].得分 or 自评报告第1节 · 子节第2小节 · 正文."""
    field = finding.field
    if field[:1] == (OVERALL,):
        return _overall_place(field[1:], overall)
    in_project = field[:1] == ("项目",) and len(field) > 1 and isinstance(field[1], int)
    if in_project and project is None:
        return Place(f"第{field[1] + 1}个项目", "")
    place = _place(field[2:] if in_project else field, project)
    return Place(place.words, place.anchor, project if in_project or finding.project else None)


def _place(path, project: Project | None) -> Place:
    head = path[0] if path else ""
    if project is not None and head == "绩效指标":
        if len(path) >= 2 and isinstance(path[1], int) and path[1] < len(project.indicators):
            indicator = project.indicators[path[1]]
            name = indicator.display_name or "（未填写名称）"
            what = f"的{path[2]}" if len(path) > 2 and path[2] != "三级指标" else ""
            return Place(f"绩效指标第{path[1] + 1}项“{name}”{what}", f"zb-{path[1] + 1}")
        return Place("绩效指标", FORM_ANCHOR)
    if head == "项目资金":
        row = path[1] if len(path) > 1 else "年度资金总额"
        column = f"的{path[2]}" if len(path) > 2 else ""
        return Place(f"项目资金“{row}”{column}", FUND_ROW_ANCHORS.get(str(row), FORM_ANCHOR))
    if head in ("自评得分", "等级"):
        return Place(str(head), TOTAL_ANCHOR)
    if head == "年度总体目标":
        return Place("年度总体目标" + (f"“{path[1]}”" if len(path) > 1 else ""), GOAL_ANCHOR)
    if head == "自评结果分析":
        return Place("自评结果分析" + (f"“{path[1]}”" if len(path) > 1 else ""), ANALYSIS_ANCHOR)
    if head == "自评综述":
        return Place("自评综述", SUMMARY_ANCHOR)
    if head in ("项目概况", "整理说明"):
        return Place(str(head), OVERVIEW_ANCHOR)
    if project is not None and head == "自评报告":
        sections, numbers, titles = project.report, [], []
        rest = list(path[1:])
        while rest and isinstance(rest[0], int) and rest[0] < len(sections):
            section = sections[rest[0]]
            numbers.append(rest[0])
            titles.append(section.title.strip() or "（无标题）")
            rest = rest[1:]
            if rest and rest[0] == "子节":
                sections, rest = section.subsections, rest[1:]
            else:
                break
        if titles:
            return Place("绩效自评报告“" + "”下“".join(titles) + "”", section_anchor(tuple(numbers)))
        return Place("绩效自评报告", "")
    words: list[str] = []
    for i, part in enumerate(path):
        if isinstance(part, int):
            words[-1:] = [f"{words[-1] if words else ''}第{part + 1}项"]
        else:
            words.append(part)
    return Place(" · ".join(words) or "整份记录", "")


OVERALL_FUNDS_ANCHOR = "ys"  # the 部门整体 form's budget block


def _overall_place(path, overall: DepartmentOverall | None) -> Place:
    head = path[0] if path else ""
    where = "部门整体支出绩效自评表"
    if head == "绩效指标" and len(path) >= 2 and isinstance(path[1], int):
        indicators = overall.indicators if overall is not None else []
        name = f"“{indicators[path[1]].display_name}”" if path[1] < len(indicators) else ""
        what = f"的{path[2]}" if len(path) > 2 and path[2] != "三级指标" else ""
        return Place(f"{where}绩效指标第{path[1] + 1}项{name}{what}", f"zb-{path[1] + 1}", overall=True)
    if head == "年度预算执行情况":
        rest = "".join(f"第{part + 1}项" if isinstance(part, int) else f"“{part}”" for part in path[1:])
        return Place(f"{where}年度预算执行情况{rest}", OVERALL_FUNDS_ANCHOR, overall=True)
    if head in ("自评得分", "等级"):
        return Place(f"{where}{head}", TOTAL_ANCHOR, overall=True)
    if head == "年度总体目标":
        return Place(f"{where}年度总体目标", GOAL_ANCHOR, overall=True)
    rest = _place(path, None)
    return Place(f"{where} · {rest.words}" if path else where, "", overall=True)


def field_words(finding: Finding, project: Project | None = None) -> str:
    return finding_place(finding, project).words


def regional_differences(content: Content) -> list[tuple[str, list[ExplainerSection]]]:
    """Each region whose rules override the site's, with only the explainer sections that read differently."""
    site_rules = explain_rules(content.settings, None)
    differences = []
    for code in sorted(content.settings.scoring.regions):
        region = content.regions.get(code)
        changed = [own for own, base in zip(explain_rules(content.settings, code), site_rules) if own != base]
        if changed:
            differences.append((region.name if region else code, changed))
    return differences


@dataclass(frozen=True)
class FindingsOfRecord:
    department: Department
    year: int
    anchor: str
    general: list[tuple[Finding, Place]]  # about the record as a whole
    projects: list[tuple[Project, list[tuple[Finding, Place]]]]

    @property
    def count(self) -> int:
        return len(self.general) + sum(len(f) for _, f in self.projects)


def findings_by_year(content: Content, audit: AuditReport, by_year: dict[int, list[LoadedRecord]],
                     years: list[int]) -> list[tuple[int, list[FindingsOfRecord]]]:
    grouped = []
    for year in years:
        records = []
        for loaded in sorted(by_year[year], key=lambda r: (content.department(r.record).order, r.record.department)):
            record, department = loaded.record, content.department(loaded.record)
            def placed(findings: list[Finding]) -> list[tuple[Finding, Place]]:
                return [(f, finding_place(f, _project_of(record, f), record.overall)) for f in findings]

            records.append(FindingsOfRecord(
                department, year, audit_anchor(department.code, year), placed(audit.for_record(record.department, year)),
                [(p, placed(audit.for_project(record.department, year, p.code))) for p in record.projects],
            ))
        grouped.append((year, records))
    return grouped


def _project_of(record: DepartmentYear, finding: Finding) -> Project | None:
    """The project a finding is about, also for record-level rules whose field starts with 项目[i]."""
    if finding.project is not None:
        return next((p for p in record.projects if p.code == finding.project), None)
    field = finding.field
    if field[:1] == ("项目",) and len(field) > 1 and isinstance(field[1], int) and field[1] < len(record.projects):
        return record.projects[field[1]]
    return None


@dataclass(frozen=True)
class SeverityCount:
    """How many findings of one severity, and which voice explained them."""

    severity: Severity
    findings: int
    publisher_explained: int  # with the publisher's 整理说明
    unit_explained: int  # with the unit's own 单位说明


def severity_counts(findings: list[Finding]) -> list[SeverityCount]:
    return [SeverityCount(
        s, sum(1 for f in findings if f.severity is s),
        sum(1 for f in findings if f.severity is s and f.acknowledged and f.publisher_note.strip()),
        sum(1 for f in findings if f.severity is s and f.explained_by_unit),
    ) for s in Severity]


# --- The tree ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What every template may use about the site."""

    content: Content

    @property
    def settings(self):
        return self.content.settings


def build_page_tree(content: Content, history: History | None = None, audit: AuditReport | None = None) -> PageTree:
    """audit is the report the caller already made (the build refuses on it); without one it is made here."""
    tree = PageTree()
    audit = audit if audit is not None else audit_content(content)
    public = content.settings.public_findings
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

    # The same project in other years: the publisher gives a recurring project the same code each year.
    recurring: dict[tuple[str, str], list[tuple[int, Project]]] = defaultdict(list)
    for loaded in sorted(content.records, key=lambda r: r.record.year):
        for p in loaded.record.projects:
            recurring[(loaded.record.department, p.code)].append((loaded.record.year, p))
    recurring = {key: found for key, found in recurring.items() if len(found) > 1}

    def common(path: str, **extra: object) -> dict[str, object]:
        return dict(site=site, settings=content.settings, paths=PATHS, **extra)

    # Data is made once from the table definitions, published as files and linked from the pages it belongs to.
    data = open_data(content, audit, page_url, lambda code, year: department_year_path(code, year).rsplit("/", 1)[0])
    for file_path, payload in data.files.items():
        tree.add_file(file_path, payload)
    whole_site = data.site_downloads
    tree.add(Page(home_path(), content.settings.site_name, render("home.md.j2", home_path(), **common(
        home_path(), years=[(y, by_year[y], sum((record_totals(r.record) for r in by_year[y]), EMPTY_TOTALS)) for y in years],
        departments=departments, downloads=whole_site, **overview_context(content, content.records),
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
            checks={r.record.year: record_check(content, audit, r, public) for r in records},
            trend=trend_chart("jx-trend", [(r.record.year, record_totals(r.record)) for r in records]),
        )), meta=_meta(content, "按单位浏览", department.full_name, department=department)))

    for year in years:
        path = year_path(year)
        records = by_year[year]
        tree.add(Page(path, f"{year}年度", render("year.md.j2", path, **common(
            path, year=year,
            rows=[(content.department(r.record), r, record_totals(r.record)) for r in records],
            checks={r.record.department: record_check(content, audit, r, public) for r in records},
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
            record_history = revisions.for_record(loaded)
            originals = publish_originals(tree, department.code, year, loaded.attachments)
            findings_count = len(audit.in_record(record.department, year)) if public else None
            tree.add(Page(path, title, render("department_year.md.j2", path, **common(
                path, record=record, loaded=loaded, department=department, region=content.region(department),
                rows=[(p, project_totals(p)) for p in record.projects], totals=record_totals(record),
                checks={p.code: project_check(content, audit, record, department, p, public) for p in record.projects},
                previous_year=previous_year, next_year=next_year,
                downloads=publish_downloads(tree, data.downloads[(record.department, year)]),
                revisions=record_history, gov=gov_info(record, department, record_history), originals=originals,
                **department_year_context(record), overall_page=record.overall is not None,
                findings_count=findings_count,
                reading=record_reading(record, {p.code: audit.score(record.department, year, p.code) for p in record.projects
                                                if audit.score(record.department, year, p.code)}, findings_count),
            )), meta=_meta(content, f"{year}年度", title, department=department, record=record, history=record_history)))

            if record.overall is not None:
                opath = overall_path(department.code, year)
                otitle = f"{department.full_name} {year}年度部门整体支出绩效自评"
                tree.add(Page(opath, otitle, render("overall.md.j2", opath, **common(
                    opath, record=record, department=department, region=content.region(department),
                    revisions=record_history, gov=gov_info(record, department, record_history), originals=originals,
                    **overall_context(record.overall, audit.overall_score(record.department, year)
                                      or recompute_overall(record.overall, content.settings, content.region(department)),
                                      audit.for_overall(record.department, year) if public else None),
                )), meta=_meta(content, f"{year}年度", otitle, department=department, record=record, history=record_history)))

            for index, project in enumerate(record.projects):
                ppath = project_path(department.code, year, project.code)
                ptitle = f"{project.name}项目绩效自评"
                project_history = revisions.for_project(loaded, project)
                tree.add(Page(ppath, ptitle, render("project.md.j2", ppath, **common(
                    ppath, record=record, project=project, department=department, region=content.region(department),
                    totals=project_totals(project), siblings=siblings(department.code, record, index),
                    revisions=project_history, gov=gov_info(record, department, project_history), originals=originals,
                    project_years=recurring.get((department.code, project.code), []),
                    **project_context(project, audit.score(record.department, year, project.code)
                                      or recompute_project(project, content.settings, content.region(department)),
                                      audit.for_project(record.department, year, project.code) if public else None),
                )), meta=_meta(content, f"{year}年度", f"{department.full_name} {year}年度 {project.name}", department=department, record=record,
                                 history=project_history)))

    path = scoring_path()
    tree.add(Page(path, "评分方法说明", render("scoring.md.j2", path, **common(
        path, sections=explain_rules(content.settings, None), regions=regional_differences(content), public=public,
    )), meta=_meta(content, "评分方法说明", "评分方法说明")))
    if public:
        path = audit_path()
        tree.add(Page(path, "数据核查结果", render("audit.md.j2", path, **common(
            path, groups=findings_by_year(content, audit, by_year, years), counts=severity_counts(audit.findings),
            total=len(audit.findings),
        )), meta=_meta(content, "数据核查结果", "数据核查结果")))

    data_nav = add_data_pages(tree, content, data, years, common, lambda column, article: _meta(content, column, article),
                              project_path, department_year_path)
    tree.nav = _navigation(content, years, by_year, departments) + data_nav
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
    "overall": overall_path,
    "updates": lambda: updates_path(),
    "scoring": scoring_path,
    "audit": audit_path,
    "audit_anchor": audit_anchor,
}


def site_marks(settings) -> dict[str, str]:
    """The site's marks for the header, footer and 政府网站 meta tags (plain text; the theme escapes)."""
    marks = {
        "name": settings.site_name, "domain": settings.domain, "id_code": settings.site_id_code,
        "publisher": settings.publisher, "header_note": settings.header_note, "icp": settings.icp,
        "police_record": settings.police_record, "colour": settings.primary_colour,
    }
    return {key: clean(value) for key, value in marks.items()}


def _meta(content: Content, column: str, article: str, department: Department | None = None,
          record: DepartmentYear | None = None, history: PageHistory | None = None) -> dict[str, object]:
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
    # PubDate is when this site published the page (its 发布日期); the theme falls back to the build date.
    published = (history.first_published if history is not None else None) or (
        record.online or record.published if record is not None else None)
    if published is not None:
        meta["published"] = published.isoformat()
    meta["keywords"] = ",".join(dict.fromkeys(k for k in keywords if k))
    meta["description"] = "。".join(part for part in (article, settings.description) if part)
    # Every page carries the site's marks, so the theme (which cannot read content/site.yml) can print
    # the header, the footer and the 政府网站 meta tags from the same settings the generator used.
    meta["site"] = site_marks(settings)

    # MkDocs parses front matter as YAML, which refuses C1 controls that a record's escaped YAML string
    # can carry; and the tags should say what the page shows. So every value is the cleaned visible text.
    def plain(value: object) -> object:
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        return clean(value) if isinstance(value, str) else value

    return plain(meta)


def _navigation(content: Content, years: list[int], by_year: dict[int, list[LoadedRecord]],
                departments: list[Department]) -> list[NavItem]:
    # Sections and years only. Material puts the navigation into every page, so listing a city's
    # departments and projects there made each project page ~120 KB (93 KB of it navigation) and
    # most of the build time. Department-year and project pages are reached from the year pages'
    # tables, the department pages and each page's 当前位置 line.
    return [
        NavItem("首页", home_path()),
        NavItem("按年度浏览", years_path(), tuple(NavItem(f"{year}年度", year_path(year)) for year in years)),
        NavItem("按单位浏览", departments_path()),
        NavItem("评分方法说明", scoring_path()),
        *([NavItem("数据核查结果", audit_path())] if content.settings.public_findings else []),
    ]


# --- The site's checks beside the self-reported scores in list tables --------------------------------
# Labelled as the site's computation wherever they appear: never the official finding, never in place
# of the published 自评得分.


@dataclass(frozen=True)
class SiteCheck:
    recomputed: str  # the recomputed 总分, "无法核验", or "" where nothing is scored
    findings: int | None  # None when the site does not publish its findings


def project_check(content: Content, audit: AuditReport, record: DepartmentYear, department: Department,
                  project: Project, public: bool) -> SiteCheck:
    score = audit.score(record.department, record.year, project.code) or recompute_project(
        project, content.settings, content.region(department))
    recomputed = plain(score.total) if score.total is not None else (UNVERIFIABLE if project.indicators else "")
    findings = len(audit.for_project(record.department, record.year, project.code)) if public else None
    return SiteCheck(recomputed, findings)


@dataclass(frozen=True)
class RecordCheck:
    average: Decimal | None  # mean of the recomputed totals that could be computed
    recomputed: int  # how many projects that mean covers
    findings: int | None


def record_check(content: Content, audit: AuditReport, loaded: LoadedRecord, public: bool) -> RecordCheck:
    record = loaded.record
    department = content.department(record)
    totals = []
    for project in record.projects:
        score = audit.score(record.department, record.year, project.code) or recompute_project(
            project, content.settings, content.region(department))
        if score.total is not None:
            totals.append(score.total)
    findings = len(audit.in_record(record.department, record.year))
    return RecordCheck(sum(totals, Decimal(0)) / len(totals) if totals else None, len(totals),
                       findings if public else None)


# --- 政府信息公开: the box portals show above a disclosed document, and the unit's own file ------------


@dataclass(frozen=True)
class GovInfo:
    """The 政府信息公开 facts of a record, each from its own voice: the unit's (成文日期 is its 公开日期 as its
    document bears it) and the site's (发布日期 is when this site put the record online)."""

    index_number: str  # 索引号, as the portal lists it; "" where none was given
    issuer: str  # 发布机构
    written: dt.date | None  # 成文日期
    published: dt.date | None  # 发布日期
    validity: str  # 有效性


@dataclass(frozen=True)
class Original:
    """A link to the unit's own document beside the transcription."""

    title: str
    path: str  # on the site, next to the department-year page
    kind: str
    size: str


def gov_info(record: DepartmentYear, department: Department, history: PageHistory) -> GovInfo:
    return GovInfo(
        index_number=record.index_number.strip(),
        issuer=record.issuer.strip() or department.full_name,
        written=record.published,
        published=history.first_published or record.online,
        validity="已撤回" if history.withdrawn else "有效",
    )


def record_folder(code: str, year: int) -> str:
    return department_year_path(code, year).rsplit("/", 1)[0]


def publish_originals(tree: PageTree, code: str, year: int, files: tuple[AttachmentFile, ...]) -> list[Original]:
    originals = []
    for file in files:
        path = f"{record_folder(code, year)}/{file.name}"
        tree.add_file(path, file.data)
        originals.append(Original(file.title, path, file.kind, file.size))
    return originals


def siblings(code: str, record: DepartmentYear, index: int) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """The projects before and after the index-th one of a department's year, as (name, path), in the record's order."""
    projects = record.projects

    def entry(i: int) -> tuple[str, str] | None:
        if not 0 <= i < len(projects):
            return None
        return projects[i].name, project_path(code, record.year, projects[i].code)

    return entry(index - 1), entry(index + 1)


def publish_downloads(tree: PageTree, downloads: list[Download]) -> list[Download]:
    for download in downloads:
        tree.add_file(download.path, download.data)
    return downloads


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
    from generator.site.feed import atom_feed

    return atom_feed(content, revisions.updates(), lambda u: _history_target(content, u),
                     lambda r: _history_title(content, r), site_url=site_url, updates_page=updates_path()).encode("utf-8")


def _add_history_pages(tree: PageTree, content: Content, revisions: SiteHistory, site_common) -> None:
    # A withdrawn record's year or unit may have no live record left, and so no page: its links become text.
    years = {loaded.record.year for loaded in content.records}
    units = {loaded.record.department for loaded in content.records}
    paths = {**PATHS, "year": lambda year: year_path(year) if year in years else None,
             "department": lambda code: department_path(code) if code in units else None}

    def common(path: str, **extra: object) -> dict[str, object]:
        return {**site_common(path, **extra), "paths": paths}

    for gone in revisions.withdrawn():
        record, project, department = gone.record, gone.project, content.departments.get(gone.record.department)
        title = _history_title(content, record) if project is None else f"{project.name}项目绩效自评"
        if department is None:
            # The unit left the registry: only the notice and the history can be shown.
            path = department_year_path(record.department, record.year) if project is None else project_path(record.department, record.year, project.code)
            tree.add(Page(path, title, render("withdrawn.md.j2", path, **common(path, title=title, revisions=gone.history))))
            continue
        meta = _meta(content, f"{record.year}年度", title, department=department, record=record, history=gone.history)
        gone_gov = dict(gov=gov_info(record, department, gone.history), originals=[])
        if project is None:
            path = department_year_path(department.code, record.year)
            tree.add(Page(path, title, render("department_year.md.j2", path, **common(
                path, record=record, loaded=None, department=department, region=content.region(department),
                rows=[(p, project_totals(p)) for p in record.projects], totals=record_totals(record),
                previous_year=None, next_year=None, downloads=[], revisions=gone.history, **gone_gov, **department_year_context(record),
                checks={}, findings_count=None, overall_page=False, reading=[],
            )), meta=meta))
        else:
            path = project_path(department.code, record.year, project.code)
            tree.add(Page(path, title, render("project.md.j2", path, **common(
                path, record=record, project=project, department=department, region=content.region(department),
                totals=project_totals(project), revisions=gone.history, siblings=(None, None), **gone_gov, project_years=[],
                # A withdrawn record is no longer audited: its figures are still recomputed, its findings not listed.
                **project_context(project, recompute_project(project, content.settings, content.region(department)), None),
            )), meta=meta))

    updates = revisions.updates()
    path = updates_path()
    tree.add(Page(path, "更新记录", render("updates.md.j2", path, **common(
        path, updates=[(u, _history_target(content, u), _history_title(content, u.record)) for u in updates[:UPDATES_SHOWN]],
        shown=min(len(updates), UPDATES_SHOWN), total=len(updates), feed=feed_path(),
    )), meta=_meta(content, "更新记录", "更新记录")))
    tree.nav.append(NavItem("更新记录", path))
    tree.add_file(feed_path(), feed_xml(content, revisions))
