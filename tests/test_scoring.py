"""The scoring rules of 财预〔2020〕10号 recomputed: each rule, its edge cases, and the seed's published scores."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from generator.records.loading import load_content
from generator.records.model import DepartmentOverall, Indicator, Project
from generator.rules.scoring import (
    Method, Status, band_of_grade, direction_of, explain_rules, rate_tolerance, recompute_overall, recompute_project,
    score_indicator, stated_precision, stated_rate,
)
from generator.records.figures import execution_rate, round2
from generator.records.scoring_settings import ScoringRules
from generator.records.settings import SiteSettings
from tests.conftest import CONTENT

NATIONAL = ScoringRules()


def indicator(**fields) -> Indicator:
    data = {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "培训人数", "分值": 10, "得分": 10}
    data.update(fields)
    return Indicator.model_validate({k: v for k, v in data.items() if v is not None})


def project(indicators=(), **funds) -> Project:
    total = {"年初预算数": D(10), "全年预算数": D(10), "全年执行数": D(10)}
    total.update(funds)
    return Project.model_validate({
        "项目编码": "ceshi", "项目名称": "测试项目",
        "项目资金": {"年度资金总额": {k: v for k, v in total.items() if v is not None}},
        "绩效指标": list(indicators),
    })


def row(**fields) -> dict:
    data = {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "培训人数", "分值": D(90), "得分": D(90),
            "年度指标值": "100", "实际完成值": "100"}
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


# --- Rounding ------------------------------------------------------------------------------------


def test_rounding_is_half_up_to_two_places():
    assert round2(D("0.125")) == D("0.13")  # banker's rounding (Python's round) would give 0.12


def test_execution_score_rounds_half_up():
    # 1 × 12.50% = 0.125 → 0.13
    score = recompute_project(project(全年预算数=D(8), 全年执行数=D(1), 分值=D(1)), NATIONAL)
    assert score.execution_rate == D("12.50")
    assert score.execution_score == D("0.13")


# --- Budget execution ----------------------------------------------------------------------------


def test_execution_rate_is_executed_over_full_year_budget_in_percent():
    assert execution_rate(D("20.37"), D(32)) == D("63.66")


def test_execution_score_is_weight_times_rate():
    score = recompute_project(project(全年预算数=D(32), 全年执行数=D("20.37")), NATIONAL)
    assert score.execution_score == D("6.37")


def test_execution_rate_above_100_percent_scores_the_full_weight():
    score = recompute_project(project(全年预算数=D(10), 全年执行数=D(12)), NATIONAL)
    assert score.execution_rate == D("120.00")
    assert score.execution_score == D("10.00")


def test_zero_budget_makes_the_execution_rate_unverifiable():
    score = recompute_project(project(全年预算数=D(0), 全年执行数=D(0)), NATIONAL)
    assert score.execution_rate is None and score.execution_score is None
    assert "全年预算数为 0" in score.execution_explanation


def test_missing_execution_weight_uses_the_settings_weight_and_says_so():
    score = recompute_project(project(), NATIONAL)
    assert score.execution_weight == D(10) and score.execution_weight_assumed
    assert "原文未写预算执行率的分值" in score.execution_explanation


def test_stated_execution_weight_is_used_as_stated():
    score = recompute_project(project(分值=D(20)), NATIONAL)
    assert score.execution_weight == D(20) and not score.execution_weight_assumed
    assert score.execution_score == D("20.00")


def test_region_override_changes_the_execution_weight():
    rules = ScoringRules.model_validate({"地区": {"sx-dt-yzq": {"预算执行率分值": 20, "产出指标分值": 40}}})
    half = project(全年预算数=D(10), 全年执行数=D(5))
    assert recompute_project(half, rules, "sx-dt-yzq").execution_score == D("10.00")
    assert recompute_project(half, rules, "nmg-xx-shi").execution_score == D("5.00")


def test_region_override_is_read_from_site_settings():
    settings = SiteSettings.model_validate({"评分规则": {"地区": {"sx-dt-yzq": {"预算执行率分值": 20, "产出指标分值": 40}}}})
    assert recompute_project(project(), settings, "sx-dt-yzq").execution_weight == D(20)


def test_region_override_whose_weights_do_not_add_up_is_refused():
    with pytest.raises(ValueError, match="分值之和为 110"):
        ScoringRules.model_validate({"地区": {"sx-dt-yzq": {"预算执行率分值": 20}}})


def test_execution_floor_gives_zero_below_it():
    rules = ScoringRules.model_validate({"执行率得分下限": 60})
    assert recompute_project(project(全年预算数=D(10), 全年执行数=D(5)), rules).execution_score == D("0.00")


# --- Direction -----------------------------------------------------------------------------------


def test_at_least_comparator_makes_an_indicator_higher_better():
    assert direction_of(indicator(二级指标="成本指标", 年度指标值="≥95%")) is Method.HIGHER_BETTER


def test_at_most_comparator_makes_an_indicator_lower_better():
    assert direction_of(indicator(年度指标值="≤40")) is Method.LOWER_BETTER


def test_cost_indicator_without_comparator_is_lower_better():
    assert direction_of(indicator(二级指标="成本指标", 年度指标值="260")) is Method.LOWER_BETTER


def test_bare_number_is_higher_better():
    assert direction_of(indicator(年度指标值="20")) is Method.HIGHER_BETTER


def test_lower_is_better_name_scores_a_result_below_target_as_met():
    # 财政供养人员控制率 100% → 92%: fewer staff than the quota, full marks, not 92% of them
    s = score_indicator(indicator(三级指标="财政供养人员控制率", 年度指标值="100%", 实际完成值="92%"), NATIONAL)
    assert (s.method, s.met, s.computed) == (Method.LOWER_BETTER, True, D(10))


def test_stated_direction_wins_over_the_kind():
    assert direction_of(indicator(二级指标="成本指标", 年度指标值="95", 指标方向="正向")) is Method.HIGHER_BETTER


# --- Quantitative indicators ---------------------------------------------------------------------


def test_target_met_scores_the_full_weight():
    assert score_indicator(indicator(年度指标值="20", 实际完成值="21", 分值=8), NATIONAL).computed == D(8)


def test_higher_better_below_target_is_proportional():
    s = score_indicator(indicator(年度指标值="100", 实际完成值="20", 分值=5), NATIONAL)
    assert (s.computed, s.met) == (D("1.00"), False)


def test_lower_better_above_target_is_target_over_actual():
    s = score_indicator(indicator(二级指标="成本指标", 年度指标值="40", 实际完成值="50", 分值=5), NATIONAL)
    assert s.computed == D("4.00")


def test_lower_better_with_actual_zero_meets_the_target():
    s = score_indicator(indicator(二级指标="成本指标", 年度指标值="5000", 实际完成值="0", 分值=3), NATIONAL)
    assert (s.computed, s.met) == (D(3), True)


def test_zero_target_is_met_by_any_actual_of_a_higher_better_indicator():
    s = score_indicator(indicator(年度指标值="0", 实际完成值="0", 分值=5), NATIONAL)
    assert (s.computed, s.met) == (D(5), True)


def test_zero_cost_target_exceeded_scores_zero():
    s = score_indicator(indicator(二级指标="成本指标", 年度指标值="0", 实际完成值="10", 分值=5), NATIONAL)
    assert s.computed == D("0.00")


def test_score_never_exceeds_the_weight():
    s = score_indicator(indicator(年度指标值="10", 实际完成值="1000", 分值=5), NATIONAL)
    assert s.computed == D(5)


def test_percent_target_compares_with_a_bare_actual():
    s = score_indicator(indicator(年度指标值="≥95%", 实际完成值="90", 分值=10), NATIONAL)
    assert s.computed == D("9.47")


def test_empty_actual_cannot_be_verified():
    s = score_indicator(indicator(年度指标值="100", 实际完成值=None), NATIONAL)
    assert (s.status, s.computed) == (Status.UNVERIFIABLE, None)


# --- Qualitative indicators ----------------------------------------------------------------------


def test_qualitative_actual_equal_to_target_is_met_in_the_top_band():
    s = score_indicator(indicator(年度指标值="及时", 实际完成值="及时", 分值=10), NATIONAL)
    assert (s.method, s.band, s.lowest, s.computed) == (Method.QUALITATIVE, "达成", D("8.00"), D("10.00"))


def test_qualitative_actual_saying_not_met_falls_in_the_bottom_band():
    s = score_indicator(indicator(年度指标值="及时", 实际完成值="未及时", 分值=10), NATIONAL)
    assert (s.band, s.computed) == ("未达成", D("6.00"))


def test_qualitative_empty_actual_is_unverifiable_not_invented():
    s = score_indicator(indicator(年度指标值="提高", 实际完成值=None, 分值=15, 得分=15), NATIONAL)
    assert (s.status, s.computed) == (Status.UNVERIFIABLE, None)
    assert s.counted == D(15)  # the recomputed total carries the stated score, marked as unverified
    assert "无法核验" in s.explanation


def test_missing_score_is_still_recomputed():
    s = score_indicator(indicator(年度指标值="20", 实际完成值="10", 分值=8, 得分=None), NATIONAL)
    assert (s.stated, s.computed) == (None, D("4.00"))


def test_indicator_without_weight_is_not_scored():
    s = score_indicator(indicator(三级指标="……", 分值=None, 得分=None), NATIONAL)
    assert s.method is Method.NOT_SCORED


# --- Total and grade -----------------------------------------------------------------------------


def test_total_is_indicator_scores_plus_execution_score():
    score = recompute_project(project([row()], 全年预算数=D(32), 全年执行数=D("20.37")), NATIONAL)
    assert score.total == D("96.37") and score.grade == "优"


@pytest.mark.parametrize("total, grade", [("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"), ("60", "中"), ("59.99", "差")])
def test_grade_bands(total, grade):
    assert NATIONAL.grade_for(D(total)) == grade


def test_unverified_indicators_are_listed_on_the_project_score():
    score = recompute_project(project([row(分值=D(75), 得分=D(75)), row(年度指标值="提高", 实际完成值=None, 分值=D(15), 得分=D(15))]), NATIONAL)
    assert score.unverified == [1] and score.total_assumed


# --- The seed: 财预〔2020〕10号 reproduces what was published ---------------------------------------


@pytest.fixture(scope="module")
def seed_scores():
    content = load_content(CONTENT)
    return {
        p.code: recompute_project(p, content.settings, content.region(content.department(r.record)))
        for r in content.records for p in r.record.projects
    }


def test_seed_meeting_budget_reproduces_its_published_score(seed_scores):
    score = seed_scores["huiyi-jingfei"]
    assert score.stated_indicator_total == D(90)
    assert score.execution_rate == D("63.66")
    assert (score.total, score.stated_total) == (D("96.37"), D("96.37"))


@pytest.mark.parametrize("code", ["huiyi-jingfei", "peixun-jingfei", "bangongshi-weixiu-jingfei", "dangan-zhengli-zhuanxiang-jingfei"])
def test_seed_projects_reproduce_as_published(seed_scores, code):
    score = seed_scores[code]
    assert score.total == score.stated_total


def test_seed_office_equipment_recomputes_to_95_89_not_the_published_99_89(seed_scores):
    score = seed_scores["bangong-shebei-gouzhi-jingfei"]
    assert (score.stated_total, score.total) == (D("99.89"), D("95.89"))
    furniture = score.indicators[2]
    assert (furniture.indicator.name, furniture.stated, furniture.computed) == ("办公家具", D(5), D("1.00"))


# --- The explainer -------------------------------------------------------------------------------


def test_explainer_fills_in_the_regions_weights():
    rules = ScoringRules.model_validate({"地区": {"sx-dt-yzq": {"预算执行率分值": 20, "产出指标分值": 40}}})
    text = "".join(p for section in explain_rules(rules, "sx-dt-yzq") for p in section.paragraphs)
    assert "预算执行率 20 分，产出指标 40 分" in text
    assert "90 分及以上为“优”" in text


def test_project_steps_explain_each_indicator_and_the_total(seed_scores):
    steps = seed_scores["bangong-shebei-gouzhi-jingfei"].steps()
    assert any(step.startswith("办公家具(个)：") and "20 ÷ 100 × 分值 5 = 1" in step for step in steps)
    assert "总分 = 指标得分合计 86 + 预算执行率得分 9.89 = 95.89，等级为优。" in steps


def test_negative_actual_against_a_zero_target_scores_zero_instead_of_failing():
    s = score_indicator(indicator(年度指标值="0", 实际完成值="-1", 分值=5), NATIONAL)
    assert s.computed == D("0.00")


def test_total_and_grade_are_not_recomputed_when_the_forms_weights_exceed_the_full_marks():
    score = recompute_project(project([row(**{"分值": D(100), "得分": D(100)}), row(**{"分值": D(100), "得分": D(100)})]), NATIONAL)
    assert score.weight_total == D(210)
    assert not score.weights_add_up
    assert (score.total, score.grade) == (None, None)
    assert any("无法核验" in step for step in score.steps())


def test_total_is_recomputed_when_the_weights_add_up():
    score = recompute_project(project([row()]), NATIONAL)
    assert score.weights_add_up and score.total == D(100)


# --- Stated figures read and compared at their own precision --------------------------------------


@pytest.mark.parametrize("text, percent", [("98%", D(98)), ("63.66%", D("63.66")), ("63.66", D("63.66")),
                                           ("0.958", D("95.8")), ("1.5", D(150)), ("1.6", D("1.6"))])
def test_stated_rate_reads_percent_and_fractions_of_one(text, percent):
    assert stated_rate(text) == percent


@pytest.mark.parametrize("text", ["98个", "", "九十八"])
def test_stated_rate_that_is_no_rate_is_none(text):
    assert stated_rate(text) is None


@pytest.mark.parametrize("text, tolerance", [("86%", D(1)), ("98", D(1)), ("95.86%", D("0.05")), ("0.958", D("0.1"))])
def test_rate_tolerance_is_one_unit_of_the_stated_last_digit(text, tolerance):
    assert rate_tolerance(text) == tolerance


@pytest.mark.parametrize("value, half_unit", [("9", "0.5"), ("8.6", "0.05"), ("8.62", "0.005")])
def test_stated_precision_is_half_a_unit_of_the_last_digit(value, half_unit):
    assert stated_precision(D(value)) == D(half_unit)


@pytest.mark.parametrize("stated, above", [("1.5", False), ("2", False), ("3", True), ("1.6", True)])
def test_stated_score_is_above_the_rules_only_beyond_its_own_rounding(stated, above):
    s = score_indicator(indicator(年度指标值="100", 实际完成值="30", 分值=5, 得分=D(stated)), NATIONAL)
    assert (s.computed, s.stated_above_computed) == (D("1.50"), above)


def test_full_marks_for_a_missed_target_are_above_the_rules_whatever_their_rounding():
    s = score_indicator(indicator(年度指标值="100", 实际完成值="99", 分值=5, 得分=D(5)), NATIONAL)
    assert (s.computed, s.stated_above_computed) == (D("4.95"), True)


@pytest.mark.parametrize("stated, below", [("0.5", True), ("0.99", False), ("1", False)])
def test_stated_score_below_what_the_rules_give(stated, below):
    s = score_indicator(indicator(年度指标值="100", 实际完成值="20", 分值=5, 得分=D(stated)), NATIONAL)
    assert s.stated_below_lowest is below


def test_execution_rate_exactly_at_the_floor_still_scores():
    rules = ScoringRules.model_validate({"执行率得分下限": 60})
    assert recompute_project(project(全年预算数=D(10), 全年执行数=D(6)), rules).execution_score == D("6.00")


# --- Edges the mutation benchmark showed untested (bench/mutation.py scoring) ----------------------


def test_a_target_met_exactly_meets_a_lower_is_better_indicator():
    s = score_indicator(indicator(二级指标="成本指标", 三级指标="人均成本", 年度指标值="≤500", 实际完成值="500", 分值=10, 得分=10), NATIONAL)
    assert (s.method, s.met, s.computed) == (Method.LOWER_BETTER, True, D(10))


def test_a_change_rate_of_zero_against_a_cut_target_scores_zero():
    # "三公"经费变动率 ≤ -5%: no cut at all (0%) misses the target entirely
    s = score_indicator(indicator(三级指标="“三公”经费变动率", 计量单位="%", 年度指标值="≤-5", 实际完成值="0", 分值=10, 得分=10), NATIONAL)
    assert (s.met, s.computed) == (False, D("0.00"))


@pytest.mark.parametrize("actual, met, computed", [("12", True, D(10)), ("9", False, D("7.50")), ("15", False, D("8.00"))])
def test_an_equal_to_target_scores_the_smaller_over_the_larger(actual, met, computed):
    s = score_indicator(indicator(三级指标="召开会议次数", 年度指标值="=12", 实际完成值=actual, 分值=10), NATIONAL)
    assert (s.method, s.met, s.computed) == (Method.EXACT, met, computed)


def test_an_equal_to_zero_target_missed_by_a_negative_actual_scores_zero():
    s = score_indicator(indicator(三级指标="安全事故次数", 年度指标值="=0", 实际完成值="-1", 分值=10), NATIONAL)
    assert (s.met, s.computed) == (False, D("0.00"))


@pytest.mark.parametrize("fields, why", [
    ({"年度指标值": None, "实际完成值": "100"}, "未填写年度指标值，无法核验得分。"),
    ({"年度指标值": "100", "实际完成值": "全部完成"}, "实际完成值“全部完成”不是数值，无法与年度指标值 100 比较。"),
    ({"年度指标值": "提高", "实际完成值": "有所改善"}, "定性指标：实际完成值“有所改善”与年度指标值“提高”是否一致无法判断，按填报得分计入。"),
])
def test_an_indicator_that_cannot_be_checked_says_why_and_counts_its_stated_score(fields, why):
    s = score_indicator(indicator(分值=10, 得分=9, **fields), NATIONAL)
    assert (s.status, s.computed, s.counted, s.explanation) == (Status.UNVERIFIABLE, None, D(9), why)


@pytest.mark.parametrize("target, actual, band, met, lowest, highest", [
    ("按时", "按时完成", "达成", True, D("8.00"), D("10.00")),  # the target's words within the actual
    ("提高", "已完成", "达成", True, D("8.00"), D("10.00")),  # a word that says it was reached
    ("全面完成", "基本完成", "部分达成", False, D("6.00"), D("8.00")),
    ("全面完成", "部分完成", "部分达成", False, D("6.00"), D("8.00")),
    ("全面完成", "未完成", "未达成", False, D("0.00"), D("6.00")),
])
def test_a_qualitative_indicator_falls_in_the_band_its_actual_says(target, actual, band, met, lowest, highest):
    s = score_indicator(indicator(年度指标值=target, 实际完成值=actual, 分值=10), NATIONAL)
    assert (s.method, s.band, s.met, s.lowest, s.computed) == (Method.QUALITATIVE, band, met, lowest, highest)


@pytest.mark.parametrize("weight, adds_up", [("90.01", True), ("90.02", False)])
def test_weights_add_up_to_the_full_marks_within_a_hundredth(weight, adds_up):
    score = recompute_project(project([row(分值=D(weight), 得分=D(weight))]), NATIONAL)
    assert score.weights_add_up is adds_up
    assert (score.total is not None) is adds_up
    assert any("不等于满分 100 分" in step for step in score.steps()) is not adds_up


def test_full_marks_two_hundredths_above_the_rules_are_above_them():
    s = score_indicator(indicator(年度指标值="100", 实际完成值="99.6", 分值=5, 得分=D(5)), NATIONAL)
    assert (s.computed, s.stated_above_computed) == (D("4.98"), True)


@pytest.mark.parametrize("printed, band", [("优秀", "优"), ("良好", "良"), ("中等", "中"), ("较差", "差"), (" 良 ", "良"), ("合格", "合格")])
def test_a_grade_printed_in_full_names_its_band(printed, band):
    assert band_of_grade(printed) == band


def test_a_total_is_assumed_when_the_execution_weight_is_not_on_the_form():
    assumed = recompute_project(project([row()]), NATIONAL)
    stated = recompute_project(project([row()], 分值=D(10)), NATIONAL)
    assert (assumed.total_assumed, stated.total_assumed) == (True, False)


def test_the_stated_total_and_grade_are_kept_beside_the_grade_the_total_falls_in():
    p = project([row()], 分值=D(10)).model_copy(update={"total_score": D("85.5"), "grade": "优"})
    score = recompute_project(p, NATIONAL)
    assert (score.stated_total, score.stated_grade, score.stated_total_grade) == (D("85.5"), "优", "良")
    assert recompute_project(project([row()]), NATIONAL).stated_total_grade is None


def test_steps_say_how_many_indicators_were_counted_at_their_stated_score():
    unverified = row(年度指标值="提高", 实际完成值=None, 分值=D(15), 得分=D(15))
    steps = recompute_project(project([row(分值=D(75), 得分=D(75)), unverified]), NATIONAL).steps()
    assert "其中 1 项指标无法核验，按填报得分计入。" in steps
    assert not any("无法核验，按填报得分计入" in s for s in recompute_project(project([row()]), NATIONAL).steps())


def test_execution_below_the_floor_is_explained_as_scoring_nothing():
    rules = ScoringRules.model_validate({"执行率得分下限": 60})
    below = recompute_project(project(全年预算数=D(10), 全年执行数=D("5.9")), rules)
    at = recompute_project(project(全年预算数=D(10), 全年执行数=D(6)), rules)
    assert below.execution_score == D("0.00") and below.execution_explanation.endswith("执行率低于 60%，不得分。")
    assert "不得分" not in at.execution_explanation


def test_department_level_form_is_scored_by_the_same_rules():
    overall = DepartmentOverall.model_validate({
        "年度预算执行情况": {"全年预算数": D(100), "全年执行数": D(95), "分值": D(10), "得分": D("9.5")},
        "绩效指标": [{"一级指标": "产出指标", "三级指标": "预算调整率", "计量单位": "%", "年初指标值": "≤5", "全年完成值": "10",
                      "指标权重": D(90), "指标得分": D(90)}],
        "自评得分": D("99.5"), "等级": "优",
    })
    score = recompute_overall(overall, NATIONAL)
    assert (score.execution_score, score.indicators[0].computed, score.total, score.grade) == (D("9.50"), D("45.00"), D("54.50"), "差")
    assert (score.stated_total, score.stated_grade) == (D("99.5"), "优")


def test_explainer_states_every_grade_band_with_its_bounds():
    text = "".join(p for section in explain_rules(NATIONAL) for p in section.paragraphs)
    assert "等级：90 分及以上为“优”；80 分（含）至 90 分（不含）为“良”；60 分（含）至 80 分（不含）为“中”；60 分以下为“差”。" in text


@pytest.mark.parametrize("floor, sentence", [(None, None), (60, "执行率低于 60% 的，该项不得分。"), (1, "执行率低于 1% 的，该项不得分。")])
def test_explainer_names_the_execution_floor_only_where_the_region_has_one(floor, sentence):
    rules = ScoringRules.model_validate({} if floor is None else {"执行率得分下限": floor})
    text = "".join(p for section in explain_rules(rules) for p in section.paragraphs)
    assert ("执行率低于" in text) is (sentence is not None)
    assert sentence is None or sentence in text


def test_an_indicator_that_cannot_be_checked_is_neither_above_nor_below_the_rules():
    s = score_indicator(indicator(年度指标值="100", 实际完成值="全部完成", 分值=5, 得分=D(5)), NATIONAL)
    assert (s.status, s.stated_above_computed, s.stated_below_lowest) == (Status.UNVERIFIABLE, False, False)


def test_full_marks_one_hundredth_above_the_rules_are_within_rounding():
    s = score_indicator(indicator(年度指标值="1000", 实际完成值="998", 分值=5, 得分=D(5)), NATIONAL)
    assert (s.computed, s.stated_above_computed) == (D("4.99"), False)


@pytest.mark.parametrize("weight, stated, scored", [(0, 0, False), (0, None, False), (0, 2, True), (1, 0, True)])
def test_a_row_worth_nothing_is_scored_only_when_it_was_given_points(weight, stated, scored):
    s = score_indicator(indicator(年度指标值="100", 实际完成值="100", 分值=weight, 得分=stated), NATIONAL)
    assert (s.method is not Method.NOT_SCORED) is scored
    assert s.stated_above_computed is (stated == 2)  # 2 points on a row worth 0 are above the rules
