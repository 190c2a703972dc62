"""Whether an indicator met its 年度指标值, as pages and data both say it: one definition for both."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

from generator.records.model import Indicator
from generator.rules.scoring import IndicatorScore, Method, score_indicator
from generator.records.scoring_settings import ScoringRules


class IndicatorState(str, Enum):
    MET = "达标"
    SHORT = "未达标"
    NOT_FILLED = "未填写完成值"
    UNKNOWN = "无法判断"
    NONE = ""  # no target to compare with (a template row, a text without a target)


def judge(score: IndicatorScore, rules: ScoringRules) -> bool | None:
    """Whether the indicator met its 年度指标值, as the scoring module judges it; None where it cannot tell."""
    indicator = score.indicator
    if score.method is Method.NOT_SCORED and indicator.target.strip():
        # A row without 分值 still shows a target a reader compares with: judge it as if it carried a point,
        # so the page and the audit share scoring's one definition of "met".
        return score_indicator(indicator.model_copy(update={"weight": Decimal(1)}), rules, score.index).met
    return score.met


def not_filled(indicator: Indicator) -> bool:
    """A target was set and no 实际完成值 was written: nothing to judge, which is not the same as missing it."""
    return bool(indicator.target.strip()) and not indicator.actual.strip()


def indicator_state(score: IndicatorScore, rules: ScoringRules) -> IndicatorState:
    if not score.indicator.target.strip():
        return IndicatorState.NONE
    if not_filled(score.indicator):
        return IndicatorState.NOT_FILLED
    met = judge(score, rules)
    return IndicatorState.UNKNOWN if met is None else IndicatorState.MET if met else IndicatorState.SHORT
