"""Rules of the 部门整体支出绩效自评表: the department-level form, checked by its own columns.

Scored by the same rules as a project (scoring.recompute_overall), reported in the form's own words:
指标权重, 指标得分, 得分系数, 全年完成值. Lower-is-better indicators (预算调整率, 结转结余率, "三公"经费变动率,
财政供养人员控制率 …) are read by indicator_direction, so meeting them is never reported as a shortfall.
Hits' fields are relative to the form (the engine puts them under 部门整体支出绩效自评).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from generator.records.figures import execution_rate, plain, round2
from generator.records.indicator_values import ValueKind, parse_value
from generator.records.problems import Severity
from generator.rules.audit.engine import OverallView, rule
from generator.rules.audit.findings import Hit
from generator.rules.audit.reading import indicator_path, note_is_empty, scored_indicators
from generator.rules.scoring import RATE_TOLERANCE, SCORE_TOLERANCE, Method, band_of_grade


_DIRECTION_WORDS = {Method.HIGHER_BETTER: "越高越好", Method.LOWER_BETTER: "越低越好", Method.EXACT: "应等于指标值"}


def _target_label(view: OverallView, i: int) -> str:
    return "调整指标值" if view.overall.indicators[i].adjusted_target.strip() else "年初指标值"


def _coefficient(text: str) -> Decimal | None:
    """得分系数 as a fraction: "90.74%" → 0.9074, "0.95" → 0.95, "95" → 0.95 (a bare number above 1 is a percent)."""
    parsed = parse_value(text)
    if parsed.kind is not ValueKind.NUMBER or parsed.comparator is not None or parsed.unit not in ("", "%", "百分比"):
        return None
    number = parsed.number
    return number / 100 if parsed.unit or number > 1 else number


@rule("overall-weight-sum", Severity.ERROR, "部门整体自评表权重合计不等于满分", scope="overall")
def overall_weight_sum(view: OverallView) -> Iterable[Hit]:
    weights = [i.weight for i in view.overall.indicators if i.weight is not None]
    if not weights:
        return
    s = view.score
    total = sum(weights, Decimal(0)) + s.execution_weight
    if abs(total - view.rules.full_marks) > SCORE_TOLERANCE:
        assumed = "（表中未写，按评分规则）" if s.execution_weight_assumed else ""
        yield Hit(
            ("绩效指标",),
            f"各项指标权重合计 {plain(sum(weights, Decimal(0)))} 分，加执行率分值 {plain(s.execution_weight)} 分{assumed}，"
            f"共 {plain(total)} 分，应为满分 {plain(view.rules.full_marks)} 分。",
            plain(total), plain(view.rules.full_marks),
        )


@rule("overall-score-sum", Severity.ERROR, "部门整体自评表总分与各项得分之和不符", scope="overall")
def overall_score_sum(view: OverallView) -> Iterable[Hit]:
    s = view.score
    execution = s.stated_execution_score if s.stated_execution_score is not None else s.execution_score
    if s.stated_total is None or execution is None:
        return
    expected = s.stated_indicator_total + execution
    if abs(expected - s.stated_total) > SCORE_TOLERANCE:
        how = "" if s.stated_execution_score is not None else "（表中未写，按评分规则计算）"
        yield Hit(
            ("自评得分",),
            f"总分 {plain(s.stated_total)} 分，但各项指标得分之和 {plain(s.stated_indicator_total)} 分"
            f"加执行率得分 {plain(execution)} 分{how}为 {plain(expected)} 分。",
            plain(s.stated_total), plain(expected),
        )


@rule("overall-execution-rate", Severity.ERROR, "部门整体自评表执行率与预算数、执行数不符", scope="overall")
def overall_execution_rate(view: OverallView) -> Iterable[Hit]:
    funds = view.overall.funds
    rows = [((), "年度资金总额", funds)] + [(("其中", k), part.name or f"第{k + 1}项", part) for k, part in enumerate(funds.parts)]
    for path, label, row in rows:
        stated = parse_value(row.rate)
        computed = execution_rate(row.executed, row.full_year_budget)
        if stated.kind is ValueKind.NUMBER and computed is not None and abs(stated.number - computed) > RATE_TOLERANCE:
            yield Hit(
                ("年度预算执行情况",) + path + ("执行率",),
                f"{label}执行率填报 {row.rate}，按全年执行数 {plain(row.executed)} 万元 ÷ 全年预算数 {plain(row.full_year_budget)} 万元"
                f"计算为 {plain(computed)}%。",
                row.rate, f"{plain(computed)}%",
            )


@rule("overall-execution-score", Severity.ERROR, "部门整体自评表执行率得分与执行率不符", scope="overall")
def overall_execution_score(view: OverallView) -> Iterable[Hit]:
    s = view.score
    if s.stated_execution_score is not None and s.execution_score is not None and abs(s.stated_execution_score - s.execution_score) > SCORE_TOLERANCE:
        yield Hit(
            ("年度预算执行情况", "得分"),
            f"执行率得分填报 {plain(s.stated_execution_score)} 分，按分值 {plain(s.execution_weight)} × 执行率 {plain(s.execution_rate)}% "
            f"应为 {plain(s.execution_score)} 分。",
            plain(s.stated_execution_score), plain(s.execution_score),
        )


@rule("overall-grade-band", Severity.ERROR, "部门整体自评表等级与总分不符", scope="overall")
def overall_grade_band(view: OverallView) -> Iterable[Hit]:
    s = view.score
    stated = band_of_grade(s.stated_grade) if s.stated_grade else ""
    if stated in ("优", "良", "中", "差") and s.stated_total is not None:
        expected = view.rules.grade_for(s.stated_total)
        if expected != stated:
            yield Hit(("等级",), f"总分 {plain(s.stated_total)} 分应为“{expected}”，填报为“{s.stated_grade}”。", s.stated_grade, expected)


@rule("overall-below-target", Severity.ERROR, "部门整体自评表指标未完成但得分偏高", scope="overall")
def overall_below_target(view: OverallView) -> Iterable[Hit]:
    for s in scored_indicators(view):
        if not s.stated_above_computed or s.met:  # met, yet above its 权重: overall-coefficient reports it
            continue
        indicator, label = s.indicator, _target_label(view, s.index)
        if s.method is Method.QUALITATIVE:
            why = f"全年完成值“{indicator.actual}”判为“{s.band}”，得分最高为 {plain(s.computed)} 分"
        else:
            why = (f"是{_DIRECTION_WORDS[s.method]}的指标，全年完成值 {indicator.actual} 未达到{label} {indicator.target}，"
                   f"按比例应得 {plain(s.computed)} 分")
        yield Hit(indicator_path(s.index, "指标得分"), f"“{indicator.display_name}”{why}，填报 {plain(s.stated)} 分。",
                  plain(s.stated), plain(s.computed))


@rule("overall-coefficient", Severity.ERROR, "部门整体自评表指标得分不等于权重乘得分系数", scope="overall")
def overall_coefficient(view: OverallView) -> Iterable[Hit]:
    for i, indicator in enumerate(view.overall.indicators):
        coefficient = _coefficient(indicator.coefficient)
        if coefficient is None or indicator.weight is None or indicator.score is None:
            continue
        expected = round2(indicator.weight * coefficient)
        if abs(expected - indicator.score) > SCORE_TOLERANCE:
            yield Hit(
                indicator_path(i, "指标得分"),
                f"“{indicator.display_name}”指标权重 {plain(indicator.weight)} × 得分系数 {indicator.coefficient} = {plain(expected)} 分，"
                f"填报指标得分 {plain(indicator.score)} 分。",
                plain(indicator.score), plain(expected),
            )


@rule("overall-missing-deviation", Severity.WARNING, "部门整体自评表指标未完成而未分析原因", scope="overall")
def overall_missing_deviation(view: OverallView) -> Iterable[Hit]:
    for s in scored_indicators(view):
        if s.verifiable and s.met is False and note_is_empty(s.indicator.deviation):
            yield Hit(
                indicator_path(s.index, "偏差原因分析及改进措施"),
                f"“{s.indicator.display_name}”未达到{_target_label(view, s.index)}（{s.indicator.target}，全年完成值 {s.indicator.actual}），"
                "偏差原因未填写。",
            )


@rule("overall-empty-actual", Severity.WARNING, "部门整体自评表全年完成值未填写", scope="overall")
def overall_empty_actual(view: OverallView) -> Iterable[Hit]:
    for s in scored_indicators(view):
        indicator = s.indicator
        if indicator.target.strip() and not indicator.actual.strip():
            yield Hit(
                indicator_path(s.index, "全年完成值"),
                f"“{indicator.display_name}”指标值为“{indicator.target}”，全年完成值未填写，指标得分 {plain(s.stated)} 分无法核验。",
            )


@rule("overall-recomputed-total", Severity.WARNING, "部门整体自评表按评分规则复核的总分与填报不同", scope="overall")
def overall_recomputed_total(view: OverallView) -> Iterable[Hit]:
    s = view.score
    execution = s.stated_execution_score if s.stated_execution_score is not None else s.execution_score
    if s.total is None or s.stated_total is None or execution is None:
        return
    if abs(s.stated_indicator_total + execution - s.stated_total) > SCORE_TOLERANCE:
        return  # overall-score-sum reports the stated figures that do not add up
    if abs(s.total - s.stated_total) > SCORE_TOLERANCE:
        grade = f"，等级为“{s.grade}”" if s.grade != s.stated_grade else ""
        yield Hit(("自评得分",), f"总分 {plain(s.stated_total)} 分，按评分规则复核为 {plain(s.total)} 分{grade}。", plain(s.stated_total), plain(s.total))
