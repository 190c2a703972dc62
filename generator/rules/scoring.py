"""The scoring rules of 财预〔2020〕10号 as code: recompute a project's score from its own figures.

Nothing here rewrites a stated figure. recompute_project() returns what the rules give next to what the
unit published, so the audit can report the difference and a page can show how a score is reached.
Arithmetic is Decimal only, rounded half up (四舍五入) to two places, as the published forms are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Sequence

from generator.records.figures import HUNDRED, execution_rate, plain, round2
from generator.rules.indicator_direction import read_direction
from generator.records.indicator_values import ParsedValue, ValueKind, parse_value
from generator.records.model import DepartmentOverall, FundTotal, Indicator, OverallIndicator, Project
from generator.records.scoring_settings import ScoringRules

if TYPE_CHECKING:
    from generator.records.model import Region
    from generator.records.settings import SiteSettings

# Tolerances when a stated figure is compared with a computed one: the published precision.
MONEY_TOLERANCE = Decimal("0.01")  # 万元
RATE_TOLERANCE = Decimal("0.05")  # percentage points
SCORE_TOLERANCE = Decimal("0.01")

# Actual values that say a qualitative target was reached although they do not repeat its words.
_MET_WORDS = {"达成", "已达成", "完成", "已完成", "实现", "已实现", "达到", "已达到", "是", "符合", "有效", "良好"}
_PARTLY_MARKERS = ("部分", "基本", "大部分", "较")
_NOT_MET_MARKERS = ("未", "没有", "不", "无法")


# Grades as forms print them in full (部门整体 forms and evaluation results often do): 优秀 is the band 优.
_GRADE_WORDS = {"优秀": "优", "良好": "良", "中等": "中", "较差": "差"}


def band_of_grade(text: str) -> str:
    """The band (优/良/中/差) a printed grade names, or the text itself when it names none of them."""
    stripped = text.strip()
    return _GRADE_WORDS.get(stripped, stripped)


class Method(str, Enum):
    """How an indicator's score is recomputed."""

    HIGHER_BETTER = "正向"
    LOWER_BETTER = "反向"
    EXACT = "等于"
    QUALITATIVE = "定性"
    NOT_SCORED = "不计分"  # no weight: template rows and the like


class Status(str, Enum):
    COMPUTED = "已计算"
    UNVERIFIABLE = "无法核验"
    NOT_SCORED = "不计分"


@dataclass(frozen=True)
class IndicatorScore:
    """One indicator recomputed. computed is the highest score the rules allow; lowest the lowest (they differ
    only for a qualitative band). Unverifiable indicators have computed None and a reason."""

    index: int  # position in Project.indicators, 0-based
    indicator: Indicator
    method: Method
    status: Status
    weight: Decimal | None
    stated: Decimal | None
    computed: Decimal | None = None
    lowest: Decimal | None = None
    met: bool | None = None
    band: str = ""  # qualitative band name: 达成 / 部分达成 / 未达成
    explanation: str = ""  # Chinese, one sentence: how computed was reached, or why it could not be

    @property
    def verifiable(self) -> bool:
        return self.status is Status.COMPUTED

    @property
    def stated_above_computed(self) -> bool:
        """Stated above what the rules allow, beyond rounding to the stated figure's own precision (a form that
        scores in whole points writes 9 for 8.62); full marks for a missed target are never a rounding."""
        if not (self.verifiable and self.stated is not None):
            return False
        if self.weight is not None and self.stated >= self.weight:
            return self.stated - self.computed > SCORE_TOLERANCE  # full marks claim the target was met: no rounding excuses it
        return self.stated - self.computed > max(SCORE_TOLERANCE, stated_precision(self.stated))

    @property
    def stated_below_lowest(self) -> bool:
        return self.verifiable and self.stated is not None and self.lowest - self.stated > SCORE_TOLERANCE

    @property
    def counted(self) -> Decimal | None:
        """What this indicator adds to the recomputed total: computed, or the stated score where it cannot be verified."""
        if self.status is Status.COMPUTED:
            return self.computed
        if self.status is Status.UNVERIFIABLE:
            return self.stated
        return None


@dataclass(frozen=True)
class ProjectScore:
    """A project's score recomputed under one region's rules, next to what was stated."""

    rules: ScoringRules
    indicators: list[IndicatorScore]
    execution_rate: Decimal | None  # percent, two places; None when 全年预算数 is missing or zero
    stated_execution_rate: Decimal | None  # percent, as parsed from the form's 执行率 cell
    execution_weight: Decimal
    execution_weight_assumed: bool  # the record states no 分值 for 预算执行率: the setting's weight was used
    execution_score: Decimal | None
    stated_execution_score: Decimal | None
    indicator_total: Decimal  # sum of IndicatorScore.counted
    stated_indicator_total: Decimal  # sum of stated indicator scores
    total: Decimal | None
    stated_total: Decimal | None
    grade: str | None  # from the recomputed total
    stated_grade: str | None
    execution_explanation: str = ""
    unverified: list[int] = field(default_factory=list)  # indexes of indicators counted at their stated score
    weight_total: Decimal | None = None  # the form's weights: every indicator's 分值 plus the execution weight

    @property
    def weights_add_up(self) -> bool:
        """A recomputed total means something only when the form's weights add up to the full marks."""
        return self.weight_total is None or abs(self.weight_total - self.rules.full_marks) <= SCORE_TOLERANCE

    @property
    def total_assumed(self) -> bool:
        """True when the recomputed total leans on stated scores it could not verify, or on an assumed weight."""
        return bool(self.unverified) or self.execution_weight_assumed

    @property
    def stated_total_grade(self) -> str | None:
        """The grade the stated total falls in."""
        return None if self.stated_total is None else self.rules.grade_for(self.stated_total)

    def steps(self) -> list[str]:
        """How the recomputed total is reached, one Chinese sentence per step, for a page's explainer."""
        lines = [f"{s.indicator.display_name or '（未填写名称）'}：{s.explanation}" for s in self.indicators if s.method is not Method.NOT_SCORED]
        lines.append(f"预算执行率：{self.execution_explanation}")
        if not self.weights_add_up:
            lines.append(
                f"自评表各项分值合计 {plain(self.weight_total)} 分，不等于满分 {plain(self.rules.full_marks)} 分，总分和等级无法核验。"
            )
        if self.total is not None:
            lines.append(
                f"总分 = 指标得分合计 {plain(self.indicator_total)} + 预算执行率得分 {plain(self.execution_score)} = {plain(self.total)}，等级为{self.grade}。"
            )
        if self.unverified:
            lines.append(f"其中 {len(self.unverified)} 项指标无法核验，按填报得分计入。")
        return lines


def resolve_rules(settings: "SiteSettings | ScoringRules", region: "Region | str | None" = None) -> ScoringRules:
    rules = settings if isinstance(settings, ScoringRules) else settings.scoring
    code = region if isinstance(region, str) or region is None else region.code
    return rules.for_region(code)


# --- Indicators ----------------------------------------------------------------------------------


def direction_of(indicator: Indicator) -> Method:
    """正向, 反向, 等于 or 定性, read from the indicator itself (see indicator_direction for the order)."""
    explicit = indicator.direction.value if indicator.direction is not None else None
    return Method(read_direction(indicator.name, indicator.level2, indicator.target_value, explicit).value)


def score_indicator(indicator: Indicator | OverallIndicator, rules: ScoringRules, index: int = 0) -> IndicatorScore:
    weight, stated = indicator.weight, indicator.score
    base = dict(index=index, indicator=indicator, weight=weight, stated=stated)
    if weight is None or (weight == 0 and not (stated or 0)):
        return IndicatorScore(method=Method.NOT_SCORED, status=Status.NOT_SCORED, explanation="未设分值，不计分。", **base)
    method = direction_of(indicator)
    if method is Method.QUALITATIVE:
        return _score_qualitative(indicator, rules, method, base)
    return _score_quantitative(indicator, method, base)


def _unverifiable(method: Method, reason: str, base: dict) -> IndicatorScore:
    return IndicatorScore(method=method, status=Status.UNVERIFIABLE, explanation=reason, **base)


def _score_quantitative(indicator: Indicator, method: Method, base: dict) -> IndicatorScore:
    weight: Decimal = base["weight"]
    target, actual = indicator.target_value, indicator.actual_value
    if target.kind is ValueKind.EMPTY:
        return _unverifiable(method, "未填写年度指标值，无法核验得分。", base)
    if actual.kind is ValueKind.EMPTY:
        return _unverifiable(method, "未填写实际完成值，无法核验得分。", base)
    if actual.kind is not ValueKind.NUMBER:
        return _unverifiable(method, f"实际完成值“{actual.text}”不是数值，无法与年度指标值 {target.text} 比较。", base)
    a, b = target.number, actual.number
    if method is Method.HIGHER_BETTER:
        met = b >= a
        ratio = None if met else (b / a if a else Decimal(0))  # a == 0 > b only for a negative actual
        rule = f"正向指标：实际完成值 {plain(b)} {'≥' if met else '<'} 年度指标值 {plain(a)}"
        formula = f"按比例得分 = {plain(b)} ÷ {plain(a)} × 分值 {plain(weight)}"
    elif method is Method.LOWER_BETTER:
        met = b <= a
        ratio = None if met else (a / b if b else Decimal(0))  # b == 0 > a only for a negative target
        rule = f"反向指标：实际完成值 {plain(b)} {'≤' if met else '>'} 年度指标值 {plain(a)}"
        formula = f"按比例得分 = {plain(a)} ÷ {plain(b)} × 分值 {plain(weight)}"
    else:
        met = b == a
        ratio = None if met else (min(a, b) / max(a, b) if max(a, b) else Decimal(0))
        rule = f"目标为等于 {plain(a)}，实际完成值 {plain(b)}"
        formula = f"按比例得分 = {plain(min(a, b))} ÷ {plain(max(a, b))} × 分值 {plain(weight)}"
    if met:
        return IndicatorScore(
            method=method, status=Status.COMPUTED, computed=weight, lowest=weight, met=True,
            explanation=f"{rule}，达到目标，得满分 {plain(weight)}。", **base,
        )
    computed = round2(min(max(ratio, Decimal(0)), Decimal(1)) * weight)
    return IndicatorScore(
        method=method, status=Status.COMPUTED, computed=computed, lowest=computed, met=False,
        explanation=f"{rule}，未达到目标，{formula} = {plain(computed)}。", **base,
    )


def _score_qualitative(indicator: Indicator, rules: ScoringRules, method: Method, base: dict) -> IndicatorScore:
    weight: Decimal = base["weight"]
    target, actual = indicator.target.strip(), indicator.actual.strip()
    if not actual:
        return _unverifiable(method, f"定性指标（年度指标值“{target}”）未填写实际完成值，无法核验得分，按填报得分计入。", base)
    band_name = _qualitative_band(target, actual)
    if band_name is None:
        return _unverifiable(method, f"定性指标：实际完成值“{actual}”与年度指标值“{target}”是否一致无法判断，按填报得分计入。", base)
    band = rules.band(band_name)
    highest, lowest = round2(weight * band.highest / HUNDRED), round2(weight * band.lowest / HUNDRED)
    return IndicatorScore(
        method=method, status=Status.COMPUTED, computed=highest, lowest=lowest, met=band_name == "达成", band=band_name,
        explanation=(
            f"定性指标：实际完成值“{actual}”，年度指标值“{target}”，判为{band_name}，"
            f"得分应在分值 {plain(weight)} 的 {plain(band.lowest)}%–{plain(band.highest)}%，即 {plain(lowest)}–{plain(highest)} 分。"
        ),
        **base,
    )


def _qualitative_band(target: str, actual: str) -> str | None:
    if any(marker in actual for marker in _NOT_MET_MARKERS) and not any(marker in target for marker in _NOT_MET_MARKERS):
        return "未达成"
    if actual == target or (target and (target in actual or actual in target)) or actual in _MET_WORDS:
        return "达成"
    if any(actual.startswith(marker) for marker in _PARTLY_MARKERS):
        return "部分达成"
    return None


# --- Budget execution ----------------------------------------------------------------------------


def execution_score(rate: Decimal | None, weight: Decimal, rules: ScoringRules) -> Decimal | None:
    """分值 × min(执行率, 100%); 0 below the region's floor (none in the national rules)."""
    if rate is None:
        return None
    if rate < rules.execution_floor:
        return Decimal("0.00")
    return round2(weight * min(rate, HUNDRED) / HUNDRED)


def _is_fraction(parsed: ParsedValue, text: str) -> bool:
    """A rate printed as a fraction of one ("0.958"), as some provinces' forms do: not 0.958%."""
    return parsed.unit == "" and "." in text and parsed.number is not None and parsed.number <= Decimal("1.5")


def stated_rate(text: str) -> Decimal | None:
    """The 执行率 cell as a percent: "98%", "63.66%", "63.66", and a fraction of one ("0.958" is 95.8%)."""
    parsed: ParsedValue = parse_value(text)
    if parsed.kind is not ValueKind.NUMBER or parsed.unit not in ("", "%", "百分比"):
        return None
    return parsed.number * HUNDRED if _is_fraction(parsed, text) else parsed.number


def rate_tolerance(text: str) -> Decimal:
    """How far a stated 执行率 may be from the computed one: one unit of its own last digit (86% for 86.20%,
    0.958 for 95.86% — forms round or cut to their own precision), never less than RATE_TOLERANCE."""
    digits = text.strip().rstrip("%％").strip()
    unit = Decimal(1).scaleb(-(len(digits.split(".", 1)[1]) if "." in digits else 0))
    if _is_fraction(parse_value(text), text):
        unit *= HUNDRED
    return max(RATE_TOLERANCE, unit)


def stated_precision(value: Decimal) -> Decimal:
    """Half a unit of a stated figure's last digit: 9 was rounded from [8.5, 9.5), 8.6 from [8.55, 8.65)."""
    exponent = value.as_tuple().exponent
    return Decimal(5).scaleb(exponent - 1) if isinstance(exponent, int) else SCORE_TOLERANCE


# --- Project -------------------------------------------------------------------------------------


def recompute_project(project: Project, settings: "SiteSettings | ScoringRules", region: "Region | str | None" = None) -> ProjectScore:
    """Recompute every score of one project under the rules of its region. Stated figures are only read."""
    return recompute_form(project.indicators, project.funds.total, project.total_score, project.grade, resolve_rules(settings, region))


def recompute_overall(overall: DepartmentOverall, settings: "SiteSettings | ScoringRules", region: "Region | str | None" = None) -> ProjectScore:
    """The 部门整体支出绩效自评表 by the same rules: 执行率 weight × rate, each indicator met or proportional
    (lower-is-better read from 指标性质 and the name), total = indicator scores + execution score."""
    return recompute_form(overall.indicators, overall.funds, overall.total_score, overall.grade, resolve_rules(settings, region))


def recompute_form(indicators: "Sequence[Indicator | OverallIndicator]", funds: FundTotal, stated_total: Decimal | None,
                   stated_grade: str | None, rules: ScoringRules) -> ProjectScore:
    """One form's scores: its indicator rows and the total row of its funds block (分值, 得分, 执行率)."""
    scores = [score_indicator(indicator, rules, i) for i, indicator in enumerate(indicators)]
    weight_assumed = funds.weight is None
    weight = rules.execution_weight if weight_assumed else funds.weight
    rate = execution_rate(funds.executed, funds.full_year_budget)
    exec_score = execution_score(rate, weight, rules)
    weight_note = f"（原文未写预算执行率的分值，按评分规则取 {plain(weight)} 分）" if weight_assumed else ""
    if rate is None:
        reason = "全年预算数为 0" if funds.full_year_budget == 0 else "未填写全年预算数或全年执行数"
        exec_explanation = f"{reason}，无法计算执行率{weight_note}。"
    else:
        exec_explanation = (
            f"执行率 = 全年执行数 {plain(funds.executed)} ÷ 全年预算数 {plain(funds.full_year_budget)} = {plain(rate)}%；"
            f"得分 = 分值 {plain(weight)}{weight_note} × {plain(min(rate, HUNDRED))}% = {plain(exec_score)}。"
        )
        if rate < rules.execution_floor:
            exec_explanation += f"执行率低于 {plain(rules.execution_floor)}%，不得分。"
    indicator_total = sum((s.counted for s in scores if s.counted is not None), Decimal(0))
    stated_indicator_total = sum((s.stated for s in scores if s.stated is not None), Decimal(0))
    counted_exec = exec_score if exec_score is not None else funds.score
    weight_total = sum((s.weight for s in scores if s.weight is not None), weight)
    weights_add_up = abs(weight_total - rules.full_marks) <= SCORE_TOLERANCE
    # Adding up scores against weights that exceed the full marks (seed 003: 800 of 100) gives a
    # number that means nothing; the audit's weight-sum rule reports the cause instead.
    total = None if counted_exec is None or not weights_add_up else round2(indicator_total + counted_exec)
    return ProjectScore(
        rules=rules,
        indicators=scores,
        execution_rate=rate,
        stated_execution_rate=stated_rate(funds.rate),
        execution_weight=weight,
        execution_weight_assumed=weight_assumed,
        execution_score=exec_score,
        stated_execution_score=funds.score,
        indicator_total=indicator_total,
        stated_indicator_total=stated_indicator_total,
        total=total,
        stated_total=stated_total,
        grade=None if total is None else rules.grade_for(total),
        stated_grade=stated_grade or None,
        execution_explanation=exec_explanation,
        unverified=[s.index for s in scores if s.status is Status.UNVERIFIABLE],
        weight_total=weight_total,
    )


# --- The explainer a page shows ------------------------------------------------------------------


@dataclass(frozen=True)
class ExplainerSection:
    title: str
    paragraphs: list[str]


def explain_rules(settings: "SiteSettings | ScoringRules", region: "Region | str | None" = None) -> list[ExplainerSection]:
    """“得分是怎样算出来的”: the rules in plain Chinese with this region's weights and bands filled in.

    Plain text, no Markdown or HTML: the page builder escapes and lays it out.
    """
    r = resolve_rules(settings, region)
    bands = "；".join(f"{b.name}得分值的 {plain(b.lowest)}%–{plain(b.highest)}%" for b in r.qualitative_bands)
    grades = sorted(r.grade_bands, key=lambda g: g.minimum, reverse=True)
    grade_parts = []
    for i, g in enumerate(grades):
        upper = grades[i - 1].minimum if i else None
        if upper is None:
            grade_parts.append(f"{plain(g.minimum)} 分及以上为“{g.grade}”")
        elif g.minimum == 0:
            grade_parts.append(f"{plain(upper)} 分以下为“{g.grade}”")
        else:
            grade_parts.append(f"{plain(g.minimum)} 分（含）至 {plain(upper)} 分（不含）为“{g.grade}”")
    floor = f"执行率低于 {plain(r.execution_floor)}% 的，该项不得分。" if r.execution_floor > 0 else ""
    return [
        ExplainerSection("分值", [
            f"满分 {plain(r.full_marks)} 分：预算执行率 {plain(r.execution_weight)} 分，产出指标 {plain(r.output_weight)} 分，"
            f"效益指标 {plain(r.benefit_weight)} 分，满意度指标 {plain(r.satisfaction_weight)} 分。"
            "各项指标的分值由单位在年初设定绩效目标时确定，特殊情况下可以调整。",
        ]),
        ExplainerSection("预算执行率", [
            "执行率 = 全年执行数 ÷ 全年预算数（年中调整后的预算）。",
            f"预算执行率得分 = 分值 × 执行率，执行率超过 100% 的按 100% 计。{floor}"
            "自评表未写预算执行率分值的，按上述分值计算。",
        ]),
        ExplainerSection("定量指标", [
            "完成年度指标值的，得该指标全部分值。",
            "未完成的按比例得分：正向指标（越高越好，如数量、合格率）得分 = 实际完成值 ÷ 年度指标值 × 分值；"
            "反向指标（越低越好，如成本）得分 = 年度指标值 ÷ 实际完成值 × 分值；得分不超过分值。",
            "指标方向按记录中写明的“指标方向”判断；没有写明的，按年度指标值中的比较符号（≥ 为正向，≤ 为反向）；"
            "也没有符号的，按指标名称：预算调整率、结转结余率、人员控制率、投诉率、事故率、差错率、成本等越低越好的按反向，"
            "成本节约率、下降率、办结率等按正向；名称也看不出的，成本指标按反向、其他指标按正向。",
        ]),
        ExplainerSection("定性指标", [
            f"定性指标按完成程度分三档评分：{bands}。",
            "实际完成值与年度指标值一致的，按“达成”核验；实际完成值未填写的，无法核验，页面照录单位的自评得分。",
        ]),
        ExplainerSection("总分和等级", [
            "总分 = 各项绩效指标得分之和 + 预算执行率得分。",
            "等级：" + "；".join(grade_parts) + "。",
            "本站计算的执行率和得分保留两位小数，四舍五入；单位公开的数字照原文的位数刊载。本站按以上规则复核单位填报的得分，"
            "填报数与复核数不一致的，两者都列出，不改动单位公开的数字。",
        ]),
    ]
