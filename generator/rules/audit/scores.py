"""Rules on a project's scores: the 总分 against its parts, 分值 against full marks, the execution rate and its
score, the 等级 against the 总分, and the rules' own recomputation against what the form states."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from generator.records.figures import execution_rate, plain
from generator.records.model import Level1
from generator.records.problems import Severity
from generator.rules.audit.engine import ProjectView, rule
from generator.rules.audit.findings import Hit
from generator.rules.audit.reading import indicator_path
from generator.rules.scoring import SCORE_TOLERANCE, rate_tolerance, stated_precision, stated_rate


def _stated_sum_disagrees(view: ProjectView) -> Decimal | None:
    """The sum the stated 总分 should equal (stated indicator scores + execution score), when it does not."""
    s = view.score
    execution = s.stated_execution_score if s.stated_execution_score is not None else s.execution_score
    if s.stated_total is None or execution is None:
        return None
    expected = s.stated_indicator_total + execution
    if abs(expected - s.stated_total) <= SCORE_TOLERANCE:
        return None
    if all(i.weight is None for i in view.project.indicators) and view.project.indicators:
        # A form that prints no 分值 for its indicators may score them out of 100 and count them at the marks left
        # after the execution rate (湖北: "年度绩效目标(80分)" beside "得分(20分*执行率)"): a 总分 that adds up that way
        # is not reported, since without the weights the form's own scale cannot be told.
        scaled = execution + s.stated_indicator_total * (view.rules.full_marks - s.execution_weight) / view.rules.full_marks
        if abs(scaled - s.stated_total) <= SCORE_TOLERANCE:
            return None
    return expected


@rule("score-sum", Severity.ERROR, "总分与各项得分之和不符")
def score_sum(view: ProjectView) -> Iterable[Hit]:
    expected = _stated_sum_disagrees(view)
    if expected is None:
        return
    s = view.score
    execution = s.stated_execution_score if s.stated_execution_score is not None else s.execution_score
    how = "" if s.stated_execution_score is not None else "（自评表未写，按评分规则计算）"
    yield Hit(
        ("自评得分",),
        f"自评得分 {plain(s.stated_total)} 分，但各项绩效指标得分之和 {plain(s.stated_indicator_total)} 分"
        f"加预算执行率得分 {plain(execution)} 分{how}为 {plain(expected)} 分。",
        plain(s.stated_total), plain(expected),
    )


@rule("weight-sum", Severity.ERROR, "分值合计不等于满分")
def weight_sum(view: ProjectView) -> Iterable[Hit]:
    s = view.score
    weights = [i.weight for i in view.project.indicators if i.weight is not None]
    if not weights:
        return
    total = sum(weights, Decimal(0)) + s.execution_weight
    if total != view.rules.full_marks:
        assumed = "（自评表未写，按评分规则）" if s.execution_weight_assumed else ""
        yield Hit(
            ("绩效指标",),
            f"各项绩效指标分值合计 {plain(sum(weights, Decimal(0)))} 分，加预算执行率分值 {plain(s.execution_weight)} 分{assumed}，"
            f"共 {plain(total)} 分，应为满分 {plain(view.rules.full_marks)} 分。",
            plain(total), plain(view.rules.full_marks),
        )


@rule("default-weights", Severity.INFO, "分值与评分规则的默认分配不同")
def default_weights(view: ProjectView) -> Iterable[Hit]:
    rules, project = view.rules, view.project
    if not any(i.weight is not None for i in project.indicators):
        return
    differences = []
    if not view.score.execution_weight_assumed and view.score.execution_weight != rules.execution_weight:
        differences.append(f"预算执行率 {plain(view.score.execution_weight)} 分（默认 {plain(rules.execution_weight)} 分）")
    if any(i.level1 is None and i.weight is not None for i in project.indicators):
        levels = []  # a weight whose 一级指标 the document does not print cannot be counted to any level
    else:
        levels = list(Level1)
    for level1 in levels:
        actual = sum((i.weight for i in project.indicators if i.level1 == level1 and i.weight is not None), Decimal(0))
        if actual != rules.level1_weight(level1):
            differences.append(f"{level1} {plain(actual)} 分（默认 {plain(rules.level1_weight(level1))} 分）")
    if differences:
        yield Hit(
            ("绩效指标",),
            "分值分配与评分规则不同：" + "，".join(differences) + "。特殊情况下可以调整，但应在报告中说明。",
        )


@rule("execution-rate", Severity.ERROR, "执行率与全年执行数、全年预算数不符")
def execution_rate_matches(view: ProjectView) -> Iterable[Hit]:
    for label, row in view.project.funds.rows():
        stated = stated_rate(row.rate)
        computed = execution_rate(row.executed, row.full_year_budget)
        if stated is None or computed is None:
            continue
        if abs(stated - computed) > rate_tolerance(row.rate):
            yield Hit(
                ("项目资金", label, "执行率"),
                f"{label}执行率填报 {row.rate}，按全年执行数 {plain(row.executed)} 万元 ÷ 全年预算数 {plain(row.full_year_budget)} 万元"
                f"计算为 {plain(computed)}%。",
                row.rate, f"{plain(computed)}%",
            )


@rule("execution-score", Severity.ERROR, "预算执行率得分与执行率不符")
def execution_score_matches(view: ProjectView) -> Iterable[Hit]:
    s = view.score
    if s.stated_execution_score is None or s.execution_score is None:
        return
    if abs(s.stated_execution_score - s.execution_score) > max(SCORE_TOLERANCE, stated_precision(s.stated_execution_score)):
        yield Hit(
            ("项目资金", "年度资金总额", "得分"),
            f"预算执行率得分填报 {plain(s.stated_execution_score)} 分，按分值 {plain(s.execution_weight)} × 执行率 {plain(s.execution_rate)}% "
            f"应为 {plain(s.execution_score)} 分。",
            plain(s.stated_execution_score), plain(s.execution_score),
        )


@rule("grade-band", Severity.ERROR, "等级与总分不符")
def grade_band(view: ProjectView) -> Iterable[Hit]:
    s = view.score
    if s.stated_grade is None or s.stated_total is None:
        return
    expected = view.rules.grade_for(s.stated_total)
    if expected != s.stated_grade:
        yield Hit(("等级",), f"自评得分 {plain(s.stated_total)} 分应为“{expected}”，填报为“{s.stated_grade}”。", s.stated_grade, expected)


@rule("recomputed-total", Severity.WARNING, "按评分规则复核的总分与自评得分不同")
def recomputed_total(view: ProjectView) -> Iterable[Hit]:
    s = view.score
    if s.total is None or s.stated_total is None or _stated_sum_disagrees(view) is not None:
        return  # when the stated figures do not even add up, score-sum says so; a recomputation adds nothing
    if abs(s.total - s.stated_total) > SCORE_TOLERANCE:
        grade = f"，等级为“{s.grade}”" if s.grade != s.stated_grade else ""
        yield Hit(("自评得分",), f"自评得分 {plain(s.stated_total)} 分，按评分规则复核为 {plain(s.total)} 分{grade}。", plain(s.stated_total), plain(s.total))


@rule("missing-score", Severity.WARNING, "有分值未填得分")
def missing_score(view: ProjectView) -> Iterable[Hit]:
    for i, indicator in enumerate(view.project.indicators):
        if indicator.weight is not None and indicator.score is None:
            yield Hit(indicator_path(i, "得分"), f"“{indicator.display_name}”分值 {plain(indicator.weight)} 分，未填写得分。")
    if view.project.total_score is None and view.project.indicators:
        yield Hit(("自评得分",), "未填写自评得分（总分）。", None, plain(view.score.total) if view.score.total is not None else None)
