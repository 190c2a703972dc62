"""Indicator direction is read from the indicator itself: its explicit 指标方向, its comparator, its name, its kind."""

from __future__ import annotations

import pytest

from generator.rules.indicator_direction import Reading, direction_from_name, read_direction


@pytest.mark.parametrize("name", [
    "预算调整率", "结转结余率", "财政供养人员控制率", "\"三公\"经费变动率", "投诉率", "有效投诉次数",
    "安全事故发生率", "重大责任事故起数", "差错率", "会议单次成本", "办公设备单价",
])
def test_lower_is_better_names_are_recognised(name):
    assert read_direction(name, "数量指标", "5%") is Reading.LOWER_BETTER


@pytest.mark.parametrize("name", ["成本节约率", "投诉办结率", "事故隐患整改率", "能耗下降率", "预算执行率", "培训人数"])
def test_savings_handling_rates_and_plain_counts_are_higher_better(name):
    assert read_direction(name, "成本指标" if "成本" in name else "数量指标", "95%") is Reading.HIGHER_BETTER


def test_control_rate_of_staff_below_its_target_is_lower_better():
    # 部门整体支出 form: 财政供养人员控制率 target 100%, actual 92% — fewer staff than the quota is good
    assert read_direction("财政供养人员控制率", "数量指标", "100%") is Reading.LOWER_BETTER


def test_comparator_wins_over_the_name():
    assert read_direction("预算调整率", "数量指标", "≥5%") is Reading.HIGHER_BETTER


def test_explicit_direction_wins_over_everything():
    assert read_direction("投诉率", "数量指标", "≤5%", explicit="正向") is Reading.HIGHER_BETTER


def test_text_target_is_qualitative():
    assert read_direction("投诉率", "数量指标", "明显下降") is Reading.QUALITATIVE


def test_cost_kind_without_other_signs_is_lower_better():
    assert read_direction("办公设备购置", "成本指标", "29.67") is Reading.LOWER_BETTER


def test_names_that_say_nothing_give_none():
    assert direction_from_name("召开会议次数") is None


@pytest.mark.parametrize("name", ["传染病控制率", "产品质量控制率", "重大病虫害控制率", "高血压患者血压控制率", "疫情控制率"])
def test_control_rates_of_a_harm_are_higher_better(name):
    # 控制率 alone says nothing: controlling a disease or quality is good when high; only a rate of staff or
    # spending kept under its quota (财政供养人员控制率, 三公经费控制率) is lower-is-better
    assert read_direction(name, "质量指标", "90%") is Reading.HIGHER_BETTER


@pytest.mark.parametrize("name", ["财政供养人员控制率", "编制控制率", "“三公”经费控制率", "公用经费控制率", "会议费控制率"])
def test_control_rates_of_staff_and_spending_are_lower_better(name):
    assert read_direction(name, "数量指标", "100%") is Reading.LOWER_BETTER


@pytest.mark.parametrize("name", ["拖欠农民工工资清偿率", "违纪违法案件查结率"])
def test_settling_a_harm_is_higher_better(name):
    assert read_direction(name, "质量指标", "100%") is Reading.HIGHER_BETTER


def test_full_width_comparators_of_yunnan_forms_are_read_as_comparators():
    # Yunnan's 指标性质 column prints ≧ / ≦ / ═; read as text, the audit could not score those targets.
    from generator.records.indicator_values import Comparator, ValueKind, parse_value

    readings = {text: parse_value(text) for text in ("≧735人次", "≦5%", "═100%")}
    assert [(v.kind, v.comparator, str(v.number)) for v in readings.values()] == [
        (ValueKind.NUMBER, Comparator.AT_LEAST, "735"),
        (ValueKind.NUMBER, Comparator.AT_MOST, "5"),
        (ValueKind.NUMBER, Comparator.EQUAL, "100"),
    ]
