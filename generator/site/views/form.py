"""A form as the reader checks it: its indicator rows with the site's marks, and the summary above it.

Shared by the project's 自评表 and the 部门整体支出绩效自评表. The site's recomputation stands beside the
published figures, never in their place.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from generator.records.figures import plain
from generator.records.model import DepartmentOverall, FundTotal, Indicator, OverallIndicator, Project
from generator.records.scoring_settings import ScoringRules
from generator.rules.indicator_state import judge, not_filled
from generator.rules.scoring import (
    SCORE_TOLERANCE, IndicatorScore, ProjectScore, Status, band_of_grade, rate_tolerance, score_indicator,
)
from generator.site import formatting
from generator.site.formatting import percent
from generator.site.views.totals import rate_cell, rate_meter, rate_text

SHORT = "未达到年度指标值"
SHORT_OVERALL = "未达到指标值"  # the 部门整体 form's columns are 年初指标值 / 调整指标值
NOT_FILLED = "未填写完成值，无法判断是否达标"
NOT_IN_REPORT = "报告未载明完成值，无法判断是否达标"  # the same, on a form the site rebuilt from a narrative report
UNVERIFIABLE = "无法核验"

# The column labels a form's summary uses for its targets and actuals.
PROJECT_WORDS = {"target": "年度指标值", "actual": "实际完成值"}
OVERALL_WORDS = {"target": "指标值", "actual": "全年完成值"}


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


@dataclass(frozen=True, slots=True)
class FormRow:
    """One 三级指标 row of the 自评表, with the merged cells the paper form draws for its groups."""

    number: int  # 1-based, for the row's anchor
    indicator: Indicator | OverallIndicator
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


def form_rows(form: Project | DepartmentOverall, score: ProjectScore) -> tuple[FormRow, ...]:
    indicators = form.indicators
    # A form the site laid out from a report: a figure the report does not give was never left blank by anyone.
    rebuilt = getattr(form, "form_rebuilt", False)
    short = SHORT_OVERALL if isinstance(form, DepartmentOverall) else SHORT  # in each form's own column words
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
    return tuple(rows)


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Recheck:
    """What the summary says about the recomputation: the figures side by side, and what it leaned on."""

    figures: tuple[CheckedFigure, ...]
    notes: tuple[str, ...]
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
        figures=tuple(figures), notes=tuple(notes),
        execution_score=_execution_recheck(score, exec_differs),
        total=(f"按评分规则复核总分 {plain(score.total)} 分" if total_differs or (score.stated_total is None and score.total is not None)
               else "" if score.weights_add_up else "总分无法按评分规则核验"),
        grade=f"按评分规则复核等级为“{score.grade}”" if grade_differs else "",
    )


@dataclass(frozen=True, slots=True)
class FormSummary:
    """The one screen above a form: the rate as a bar, the recomputation, the rows that fell short."""

    rows: tuple[FormRow, ...]
    stated_rate: Markup  # the form's 执行率 as printed, or the site's computation said to be the site's
    rate_meter: Markup
    rate_value: str  # the site's 执行率 as printed beside the bar
    recheck: Recheck
    words: dict[str, str]  # PROJECT_WORDS or OVERALL_WORDS

    @property
    def shortfalls(self) -> tuple[FormRow, ...]:
        return tuple(r for r in self.rows if r.short)

    @property
    def unfilled(self) -> tuple[FormRow, ...]:
        return tuple(r for r in self.rows if r.unfilled)


def form_summary(form: Project | DepartmentOverall, funds: FundTotal, rate: Decimal | None, score: ProjectScore,
                 rebuilt: bool, words: dict[str, str]) -> FormSummary:
    return FormSummary(form_rows(form, score), rate_cell(funds), rate_meter("jx-rate", rate), rate_text(rate),
                       form_recheck(funds, score, rebuilt=rebuilt), words)


@dataclass(frozen=True, slots=True)
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


def overall_columns(overall: DepartmentOverall) -> tuple[OverallColumn, ...]:
    def filled(value: object) -> bool:
        return value is not None and value != ""
    return tuple(c for c in OVERALL_COLUMNS
                 if c.attribute in _ALWAYS_SHOWN or any(filled(getattr(i, c.attribute)) for i in overall.indicators))


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
