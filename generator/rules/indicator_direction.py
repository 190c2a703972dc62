"""Which way an indicator points: higher is better, lower is better, exactly equal, or qualitative.

The vocabulary below is data, kept in this one place for every form the site scores (项目支出 and
部门整体支出 alike). Real forms rarely write a comparator before a target: "预算调整率 5%" or
"财政供养人员控制率 100%" say by their name alone that less is better, and scoring them as
higher-is-better reports a department's good result as a shortfall. The reading order is:

1. the record's explicit 指标方向 (正向 / 反向 / 定性), what the unit or the publisher wrote;
2. a target written as text (提高, 合格) → qualitative;
3. the comparator of the target (≥ 正向, ≤ 反向, = 等于) — Sichuan's 指标性质 column is imported as one;
4. the indicator's name, against the vocabulary below (higher-is-better words first: 成本节约率 is a saving);
5. the indicator's kind: a 成本指标 without any other sign is lower-is-better;
6. otherwise higher-is-better.
"""

from __future__ import annotations

from enum import Enum

from generator.records.indicator_values import Comparator, ParsedValue, ValueKind, parse_value
from generator.records.model import Level2


class Reading(str, Enum):
    HIGHER_BETTER = "正向"
    LOWER_BETTER = "反向"
    EXACT = "等于"
    QUALITATIVE = "定性"


# Parts of a name that make an indicator higher-is-better even though it also holds a lower-is-better word
# (成本节约率, 投诉办结率, 事故隐患整改率): a reduction, a saving or a handling rate is good when high.
HIGHER_IS_BETTER_WORDS: tuple[str, ...] = (
    "节约率", "节支率", "节约额", "节约资金", "下降率", "降低率", "减少率", "压减率", "压缩率", "降幅",
    "办结率", "处理率", "处置率", "回复率", "答复率", "查处率", "查结率", "整改率", "整改完成率", "化解率", "结案率",
    "清偿率", "清欠率", "挽回率",
)

# Parts of a name that make an indicator lower-is-better: rates of money left unspent or changed, of
# staff above the quota, of complaints, accidents, errors and losses, and costs.
LOWER_IS_BETTER_WORDS: tuple[str, ...] = (
    # money and staff (部门整体支出 forms)
    "预算调整率", "调整率", "结转结余率", "结余率", "结转率", "结余结转率", "超支率", "变动率",
    # a 控制率 is lower-is-better only for staff and spending held under a quota; 传染病控制率 or
    # 质量控制率 measure a harm brought under control and are good when high, so 控制率 alone says nothing
    "供养人员控制率", "人员控制率", "编制控制率", "费控制率", "支出控制率", "超编率", "闲置率", "空置率",
    # complaints, accidents, errors
    "投诉率", "投诉次数", "投诉量", "投诉件数", "投诉数", "有效投诉",
    "事故率", "事故发生率", "事故次数", "事故发生次数", "事故起数", "事故数", "发生率",
    "差错率", "出错率", "错误率", "失误率", "误差率", "偏差率", "违规率", "违纪", "违法违规", "返工率", "返修率",
    "不合格率", "超标率", "逾期率", "延误率", "拖欠", "流失率", "损失率", "退回率", "死亡率", "发病率", "故障率",
    # costs
    "成本", "单价", "单次费用", "人均费用", "平均费用",
)


def direction_from_name(name: str) -> Reading | None:
    """The direction a name states by its words, or None when it says nothing either way."""
    text = name.replace(" ", "")
    if any(word in text for word in HIGHER_IS_BETTER_WORDS):
        return Reading.HIGHER_BETTER
    if any(word in text for word in LOWER_IS_BETTER_WORDS):
        return Reading.LOWER_BETTER
    return None


def matched_word(name: str) -> str | None:
    """The vocabulary word that decided direction_from_name, for an explanation a reader can check."""
    text = name.replace(" ", "")
    for word in HIGHER_IS_BETTER_WORDS + LOWER_IS_BETTER_WORDS:
        if word in text:
            return word
    return None


_EXPLICIT = {"正向": Reading.HIGHER_BETTER, "反向": Reading.LOWER_BETTER, "定性": Reading.QUALITATIVE}


def read_direction(name: str, level2: str | None, target: ParsedValue | str, explicit: str | None = None) -> Reading:
    """The direction of one indicator from what the form itself says (see the module docstring for the order)."""
    if explicit and explicit in _EXPLICIT:
        return _EXPLICIT[explicit]
    value = parse_value(target) if isinstance(target, str) else target
    if value.kind is ValueKind.TEXT:
        return Reading.QUALITATIVE
    if value.comparator in (Comparator.AT_LEAST, Comparator.MORE_THAN):
        return Reading.HIGHER_BETTER
    if value.comparator in (Comparator.AT_MOST, Comparator.LESS_THAN):
        return Reading.LOWER_BETTER
    if value.comparator is Comparator.EQUAL:
        return Reading.EXACT
    by_name = direction_from_name(name)
    if by_name is not None:
        return by_name
    if level2 == Level2.COST:  # the form's 二级指标, or a department-level sheet's printed one
        return Reading.LOWER_BETTER
    return Reading.HIGHER_BETTER
