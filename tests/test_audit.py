"""Audit rules one at a time on a small record, acknowledgements (审核说明), and `jixiao check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.records.problems import Severity
from generator.rules.audit import RULES, audit_content
from generator.cli import main
from generator.records.loading import load_content
from tests.conftest import CONTENT, MINIMAL_RECORD
from tests.test_audit_seeds import CLEAN_RECORD


def audit(content_dir: Path, text: str):
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(text, encoding="utf-8")
    return audit_content(load_content(content_dir))


def only(report, rule: str):
    found = [f for f in report.findings if f.rule == rule]
    assert len(found) == 1, [f"{f.rule} {f.field_text}" for f in report.findings]
    return found[0]


def test_every_rule_has_an_ascii_id_a_severity_and_a_chinese_title():
    for rule_id, rule in RULES.items():
        assert rule_id.isascii() and rule_id == rule.id
        assert isinstance(rule.severity, Severity)
        assert rule.title and not rule.title.isascii()


# --- Rules ---------------------------------------------------------------------------------------


def test_fund_total_not_equal_to_its_parts(content_dir):
    f = only(audit(content_dir, CLEAN_RECORD.replace("        全年执行数: 9.5\n        执行率: 95%", "        全年执行数: 9\n        执行率: 95%")), "fund-total-mismatch")
    assert (f.field_text, f.stated, f.computed) == ("项目[1].项目资金.年度资金总额.全年执行数", "9.5", "9")


def test_stated_execution_rate_that_does_not_match_the_money(content_dir):
    text = CLEAN_RECORD.replace("        分值: 10\n        执行率: 95%", "        分值: 10\n        执行率: 59%")
    f = only(audit(content_dir, text), "execution-rate")
    assert (f.stated, f.computed) == ("59%", "95%")


def test_grade_outside_the_band_of_the_total(content_dir):
    f = only(audit(content_dir, CLEAN_RECORD.replace("    等级: 优", "    等级: 良")), "grade-band")
    assert (f.field_text, f.stated, f.computed) == ("项目[1].等级", "良", "优")


def test_indicator_with_a_weight_but_no_score(content_dir):
    text = CLEAN_RECORD.replace("实际完成值: 100, 分值: 20, 得分: 20}", "实际完成值: 100, 分值: 20}")
    f = [f for f in audit(content_dir, text).findings if f.rule == "missing-score"][0]
    assert f.field_text == "项目[1].绩效指标[1].得分"


def test_mobile_number_in_published_text_is_an_error(content_dir):
    text = CLEAN_RECORD.replace("    自评综述:", "    项目概况: 联系人电话13812345678。\n    自评综述:")
    f = only(audit(content_dir, text), "personal-data")
    assert f.severity is Severity.ERROR and "138****5678" in f.message and "13812345678" not in f.message


def test_budget_changed_during_the_year_without_a_reason(content_dir):
    text = CLEAN_RECORD.replace("        年初预算数: 10", "        年初预算数: 8")
    f = only(audit(content_dir, text), "budget-changed-without-reason")
    assert f.field_text == "项目[1].项目资金.年度资金总额.全年预算数"


def test_budget_change_explained_in_the_text_is_not_reported(content_dir):
    text = CLEAN_RECORD.replace("        年初预算数: 10", "        年初预算数: 8").replace(
        "    自评综述:", "    项目概况: 年中追加预算2万元用于增开培训班。\n    自评综述:")
    assert not [f for f in audit(content_dir, text).findings if f.rule == "budget-changed-without-reason"]


def test_percent_spelled_as_a_word_is_a_hint(content_dir):
    f = only(audit(content_dir, CLEAN_RECORD.replace("计量单位: '%', 年度指标值: ≥90%, 实际完成值: 95%", "计量单位: 百分比, 年度指标值: ≥90%, 实际完成值: 95%")), "unit-spelling")
    assert f.severity is Severity.INFO and "“%”" in f.message


def test_region_with_20_points_for_execution_checks_weights_against_it(content_dir):
    site = content_dir / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "评分规则:\n  地区:\n    sx-dt-yzq: {预算执行率分值: 20, 产出指标分值: 40}\n", encoding="utf-8")
    f = only(audit(content_dir, CLEAN_RECORD), "default-weights")
    assert "预算执行率 10 分（默认 20 分）" in f.message and "产出指标 50 分（默认 40 分）" in f.message


# --- Acknowledgements ----------------------------------------------------------------------------

FURNITURE_SHORT = CLEAN_RECORD.replace("实际完成值: 100, 分值: 20, 得分: 20}", "实际完成值: 20, 分值: 20, 得分: 20, 偏差原因分析及改进措施: 供货延迟}")


EXPLAINED = """\
    审核说明:
      - 规则: below-target-full-score
        字段: {field}
        整理说明: 照原文公开。
    自评得分: 99.5"""


def test_below_target_full_score_blocks_until_explained(content_dir):
    report = audit(content_dir, FURNITURE_SHORT)
    assert [f.rule for f in report.blocking()] == ["below-target-full-score"]


def test_explained_finding_stays_visible_but_no_longer_blocks(content_dir):
    explained = FURNITURE_SHORT.replace("    自评得分: 99.5", EXPLAINED.format(field="绩效指标[1].得分"))
    report = audit(content_dir, explained)
    f = only(report, "below-target-full-score")
    assert (f.acknowledged, f.publisher_note, f.unit_note) == (True, "照原文公开。", "")
    assert report.blocking() == []


def test_legacy_key_shuo_ming_is_the_publishers_note_not_the_units(content_dir):
    legacy = FURNITURE_SHORT.replace("    自评得分: 99.5", EXPLAINED.format(field="绩效指标[1].得分").replace("整理说明:", "说明:"))
    f = only(audit(content_dir, legacy), "below-target-full-score")
    assert (f.publisher_note, f.unit_note, f.explained_by_unit) == ("照原文公开。", "", False)


def test_units_own_explanation_is_kept_apart_from_the_publishers(content_dir):
    both = FURNITURE_SHORT.replace("    自评得分: 99.5", EXPLAINED.format(field="绩效指标[1].得分").replace(
        "整理说明: 照原文公开。", "整理说明: 照原文公开。\n        单位说明: 家具分批采购，余下 80 件次年到货。"))
    f = only(audit(content_dir, both), "below-target-full-score")
    assert (f.publisher_note, f.unit_note, f.explained_by_unit) == ("照原文公开。", "家具分批采购，余下 80 件次年到货。", True)


def test_explanation_for_another_field_does_not_cover_the_finding(content_dir):
    elsewhere = FURNITURE_SHORT.replace("    自评得分: 99.5", EXPLAINED.format(field="绩效指标[2].得分"))
    report = audit(content_dir, elsewhere)
    assert [f.rule for f in report.blocking()] == ["below-target-full-score"]
    assert only(report, "unused-acknowledgement").field_text == "项目[1].审核说明[1].规则"


def test_explanation_naming_an_unknown_rule_is_reported(content_dir):
    typo = CLEAN_RECORD.replace("    自评得分: 99.5", "    审核说明:\n      - {规则: score-summ, 说明: 笔误}\n    自评得分: 99.5")
    f = only(audit(content_dir, typo), "unused-acknowledgement")
    assert "score-summ" in f.message


# --- jixiao check --------------------------------------------------------------------------------


def run_check(content_dir: Path, capsys, *options: str) -> tuple[int, str]:
    code = main(["check", "--content", str(content_dir), *options])
    return code, capsys.readouterr().out


def test_check_passes_a_clean_record(content_dir, capsys):
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(CLEAN_RECORD, encoding="utf-8")
    code, out = run_check(content_dir, capsys)
    assert code == 0 and "检查通过" in out


def test_check_fails_on_an_unexplained_error_and_names_file_line_and_field(content_dir, capsys):
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(FURNITURE_SHORT, encoding="utf-8")
    code, out = run_check(content_dir, capsys)
    assert code == 1
    assert "content/2021/yzq-dqfwzx.yml" in out and "项目“测试项目”（ceshi-xiangmu）" in out
    assert "错误  第 23 行  绩效指标[1].得分" in out
    assert "错误 1 处" in out and "检查未通过" in out


def test_check_strict_fails_on_warnings(content_dir, capsys):
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(CLEAN_RECORD.replace("        年初预算数: 10", "        年初预算数: 8"), encoding="utf-8")
    assert run_check(content_dir, capsys)[0] == 0
    assert run_check(content_dir, capsys, "--strict")[0] == 1


def test_check_json_has_stable_keys(content_dir, capsys):
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(FURNITURE_SHORT, encoding="utf-8")
    code, out = run_check(content_dir, capsys, "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["passed"] is False and data["summary"]["error"] == 1
    finding = next(f for f in data["findings"] if f["rule"] == "below-target-full-score")
    assert {"rule", "severity", "file", "line", "column", "field", "message", "stated", "computed", "acknowledged", "reason"} <= finding.keys()
    assert (finding["severity"], finding["field"], finding["stated"], finding["computed"]) == ("error", "项目[1].绩效指标[1].得分", "20", "4")


def test_check_json_lists_the_findings_file_by_file_from_the_top_of_each_file_down(capsys):
    code, out = main(["check", "--content", str(CONTENT), "--format", "json"]), capsys.readouterr().out
    places = [(f["file"], f["line"], f["column"]) for f in json.loads(out)["findings"]]
    assert len({file for file, _, _ in places}) == 2 and len(places) > 10
    assert places == sorted(places)


TRAINED = "年度指标值: 100, 实际完成值: 100, 分值: 20, 得分: 20}"  # CLEAN_RECORD's 培训人数 row


def test_an_actual_half_again_above_its_target_asks_whether_the_target_was_too_low(content_dir):
    f = only(audit(content_dir, CLEAN_RECORD.replace(TRAINED, "年度指标值: 100, 实际完成值: 150, 分值: 20, 得分: 20}")), "far-above-target")
    assert f.message == "“培训人数(人)”实际完成值“150”比年度指标值“100”高 50%，偏差原因分析未说明；目标是否定得不合理？"


def test_an_actual_far_above_its_target_with_the_reason_written_is_not_questioned(content_dir):
    text = CLEAN_RECORD.replace(TRAINED, "年度指标值: 100, 实际完成值: 150, 分值: 20, 得分: 20, 偏差原因分析及改进措施: 报名人数超出预期}")
    assert [f for f in audit(content_dir, text).findings if f.rule == "far-above-target"] == []


def test_a_qualitative_indicator_judged_not_achieved_but_given_full_marks_says_the_most_it_may_score(content_dir):
    text = CLEAN_RECORD.replace("年度指标值: 提高, 实际完成值: 提高, 分值: 30, 得分: 30}", "年度指标值: 提高, 实际完成值: 未提高, 分值: 30, 得分: 30}")
    f = only(audit(content_dir, text), "below-target-full-score")
    assert f.message == "“业务能力”判为“未达成”，得分最高为 18 分，填报 30 分。按此复核，总分为 87.5 分。"


def test_an_actual_left_blank_says_the_stated_score_cannot_be_checked(content_dir):
    f = only(audit(content_dir, CLEAN_RECORD.replace(TRAINED, "年度指标值: 100, 实际完成值: '', 分值: 20, 得分: 20}")), "empty-actual")
    assert f.message == "“培训人数(人)”年度指标值为“100”，实际完成值未填写，填报的得分 20 分无法核验。"


LOW_EXECUTION = (CLEAN_RECORD.replace("全年执行数: 9.5", "全年执行数: 8").replace("执行率: 95%", "执行率: 80%").replace("得分: 9.5", "得分: 8")
                 .replace("自评得分: 99.5", "自评得分: 98")
                 .replace("执行数为9.5万元，完成预算的95%。本项目自评得分为99.5分", "执行数为8万元，完成预算的80%。本项目自评得分为98分"))


def test_a_low_execution_rate_without_any_reason_is_reported(content_dir):
    f = only(audit(content_dir, LOW_EXECUTION), "missing-deviation-note")
    assert (f.field_text, f.message) == ("项目[1].项目资金.年度资金总额.执行率", "执行率 80%，未说明预算未执行完的原因。")


def test_a_low_execution_rate_explained_in_an_indicators_deviation_note_is_not_reported(content_dir):
    text = LOW_EXECUTION.replace("实际完成值: 95%, 分值: 10, 得分: 10}", "实际完成值: 95%, 分值: 10, 得分: 10, 偏差原因分析及改进措施: 部分培训改为线上，节约经费}", 1)
    assert [f for f in audit(content_dir, text).findings if f.rule == "missing-deviation-note"] == []


def test_a_unit_written_with_a_full_width_slash_is_asked_for_the_plain_one(content_dir):
    f = only(audit(content_dir, CLEAN_RECORD.replace("计量单位: 人, ", "计量单位: 人／天, ")), "unit-spelling")
    assert (f.message, f.stated, f.computed) == ("计量单位“人／天”宜统一写作“人/天”（绩效指标第 1 项）。", "人／天", "人/天")


def rule_findings(content_dir, text: str, rule: str) -> list[str]:
    return [f.message for f in audit(content_dir, text).findings if f.rule == rule]


COST = "三级指标: 培训成本, 计量单位: 元/人, 年度指标值: 1000, 实际完成值: 950, 分值: 10, 得分: 10}"  # × 100 人 = 9.5 万元


def total_cost(target: str) -> str:
    return CLEAN_RECORD.replace(COST, f"三级指标: 培训成本, 计量单位: 万元, 年度指标值: {target}, 实际完成值: 9.5, 分值: 10, 得分: 10}}")


def test_a_total_cost_target_above_the_full_year_budget_is_questioned_against_that_budget(content_dir):
    text = total_cost("11").replace("年初预算数: 10", "年初预算数: 12")  # the budget cut from 12 to 10 during the year
    f = only(audit(content_dir, text), "cost-target-above-budget")
    assert (f.message, f.stated, f.computed) == ("成本指标“培训成本(万元)”年度指标值 11 高于全年预算数 10 万元。", "11 万元", "10 万元")


def test_a_total_cost_target_a_hundredth_above_the_budget_is_rounding(content_dir):
    assert rule_findings(content_dir, total_cost("10.01"), "cost-target-above-budget") == []


def test_a_fund_total_a_hundredth_off_its_parts_is_rounding(content_dir):
    text = CLEAN_RECORD.replace("        全年执行数: 9.5\n        分值: 10", "        全年执行数: 9.51\n        分值: 10")
    assert rule_findings(content_dir, text, "fund-total-mismatch") == []


def test_unit_costs_coming_to_just_the_tolerance_above_spending_are_not_questioned(content_dir):
    # 100 人 × 1,045 元/人 = 10.45 万元: 10% above 9.5 万元, the national tolerance, not beyond it
    assert rule_findings(content_dir, CLEAN_RECORD.replace("实际完成值: 950,", "实际完成值: 1045,"), "unit-cost-vs-spending") == []


def test_unit_costs_accounting_for_half_the_spending_are_not_questioned(content_dir):
    assert rule_findings(content_dir, CLEAN_RECORD.replace("实际完成值: 950,", "实际完成值: 475,"), "unit-cost-vs-spending") == []


def test_unit_costs_accounting_for_under_half_a_small_projects_spending_give_the_share(content_dir):
    text = (CLEAN_RECORD.replace("年初预算数: 10", "年初预算数: 1").replace("全年预算数: 10", "全年预算数: 1")
            .replace("全年执行数: 9.5", "全年执行数: 0.95").replace("实际完成值: 950,", "实际完成值: 40,"))
    assert rule_findings(content_dir, text, "unit-cost-vs-spending") == [
        "按“培训人数”100 人 × 40 元/人推算，约 0.4 万元（本站推算），只有全年执行数 0.95 万元的约 42%；请核对数量和单位成本，或说明其余支出的用途。"]


def test_a_unit_cost_of_nothing_beside_people_trained_is_questioned(content_dir):
    assert rule_findings(content_dir, CLEAN_RECORD.replace("实际完成值: 950,", "实际完成值: 0,"), "zero-cost-with-output") == [
        "“培训成本(元/人)”实际完成值为 0，但“培训人数(人)”完成 100 人。"]


SUMMARY_SPENT = "执行数为9.5万元，完成预算的95%"  # CLEAN_RECORD's 自评综述


def test_an_amount_in_the_summary_that_differs_from_the_table_is_quoted_with_the_tables(content_dir):
    text = CLEAN_RECORD.replace(SUMMARY_SPENT, "执行数为9.6万元，完成预算的95%")
    assert rule_findings(content_dir, text, "summary-vs-table") == ["文字“执行数为9.6万元”与表中全年执行数 9.5 万元不符。"]


def test_an_amount_in_the_summary_a_hundredth_off_the_table_is_rounding(content_dir):
    assert rule_findings(content_dir, CLEAN_RECORD.replace(SUMMARY_SPENT, "执行数为9.51万元，完成预算的95%"), "summary-vs-table") == []


def test_a_rate_in_the_summary_that_differs_from_the_table_is_reported(content_dir):
    text = CLEAN_RECORD.replace(SUMMARY_SPENT, "执行数为9.5万元，完成预算的96%")
    assert rule_findings(content_dir, text, "summary-vs-table") == ["文字“完成预算的96%”与执行率 95% 不符。"]


def test_a_rate_in_the_summary_with_other_decimals_is_a_note_to_write_it_alike(content_dir):
    f = only(audit(content_dir, CLEAN_RECORD.replace(SUMMARY_SPENT, "执行数为9.5万元，完成预算的95.04%")), "summary-vs-table")
    assert (f.severity, f.message) == (Severity.INFO, "文字“完成预算的95.04%”与执行率 95% 写法不一致（小数位数不同），宜统一。")


@pytest.mark.parametrize("count, listed", [(8, "第 7、8、9、10、11、12、13、14 行"), (9, "第 7、8、9、10、11、12、13、14等 行")])
def test_template_rows_are_counted_and_the_first_eight_named(content_dir, count, listed):
    rows = "".join(f"      - {{三级指标: '指标{k}：'}}\n" for k in range(7, 7 + count))
    text = CLEAN_RECORD.replace("    自评得分: 99.5\n", rows + "    自评得分: 99.5\n")
    assert rule_findings(content_dir, text, "template-text") == [
        f"绩效指标中有 {count} 行未填写的模板行（如“指标2：”“……”），{listed}；公开前宜删除或填写。"]


def test_unplaced_content_is_quoted_up_to_thirty_characters(content_dir):
    text = "附件：项目明细表，含各乡镇培训人数、课时安排和经费支出表（略）"
    assert len(text) == 31
    assert rule_findings(content_dir, MINIMAL_RECORD + f"未归类内容:\n  - {text}\n", "unplaced-content") == [
        f"导入时有一段内容未能归入自评表的栏目：“{text[:30]}……”。请移到相应字段，或确认无用后删除。"]


def test_a_unit_cost_of_nothing_beside_a_single_item_delivered_is_questioned(content_dir):
    text = (CLEAN_RECORD.replace("三级指标: 培训人数, 计量单位: 人, 年度指标值: 100, 实际完成值: 100,", "三级指标: 培训班次, 计量单位: 期, 年度指标值: 1, 实际完成值: 1,")
            .replace("计量单位: 元/人, 年度指标值: 1000, 实际完成值: 950,", "计量单位: 元/期, 年度指标值: 95000, 实际完成值: 0,"))
    assert rule_findings(content_dir, text, "zero-cost-with-output") == ["“培训成本(元/期)”实际完成值为 0，但“培训班次(期)”完成 1 期。"]


def test_weights_not_adding_up_to_full_marks_name_both_parts_and_their_sum(content_dir):
    text = CLEAN_RECORD.replace("年度指标值: 100, 实际完成值: 100, 分值: 20, 得分: 20", "年度指标值: 100, 实际完成值: 100, 分值: 25, 得分: 20")
    f = only(audit(content_dir, text), "weight-sum")
    assert f.message == "各项绩效指标分值合计 95 分，加预算执行率分值 10 分，共 105 分，应为满分 100 分。"
    assert (f.stated, f.computed) == ("105", "100")


def test_coverage_amount_that_is_not_the_sum_of_project_budgets(content_dir):
    text = CLEAN_RECORD.replace("项目:\n", "预算绩效管理工作开展情况:\n  自评项目数: 1\n  涉及预算资金: 12\n项目:\n", 1)
    f = only(audit(content_dir, text), "coverage-vs-projects")
    assert (f.field_text, f.stated, f.computed) == ("预算绩效管理工作开展情况.涉及预算资金", "12", "10")


def with_coverage(*lines: str) -> str:
    return CLEAN_RECORD.replace("项目:\n", "预算绩效管理工作开展情况:\n" + "".join(f"  {line}\n" for line in lines) + "项目:\n", 1)


def test_coverage_count_that_is_not_the_number_of_projects_listed(content_dir):
    f = only(audit(content_dir, with_coverage("自评项目数: 2")), "coverage-vs-projects")
    assert (f.message, f.stated, f.computed) == ("自评项目数写 2 个，本记录列出 1 个项目。", "2", "1")


def test_coverage_share_that_is_not_the_amount_over_project_spending_gives_the_computed_share(content_dir):
    f = only(audit(content_dir, with_coverage("涉及预算资金: 10", "项目支出总额: 40", "占项目支出总额比例: 30%")), "coverage-share")
    assert f.message == "占项目支出总额比例写 30%，按涉及预算资金 10 万元 ÷ 项目支出总额 40 万元计算为 25%。"


def test_coverage_share_a_twentieth_of_a_point_off_is_rounding(content_dir):
    text = with_coverage("涉及预算资金: 10", "项目支出总额: 40", "占项目支出总额比例: 25.05%")
    assert [f for f in audit(content_dir, text).findings if f.rule == "coverage-share"] == []


def test_an_evaluations_amount_that_is_not_the_sum_of_its_projects_is_reported(content_dir):
    text = CLEAN_RECORD + ("评价结果:\n  - 评价类型: 重点评价\n    涉及资金: 50\n    项目:\n"
                           "      - {项目名称: 培训项目, 涉及资金: 20}\n      - {项目名称: 设备购置, 涉及资金: 20}\n")
    f = only(audit(content_dir, text), "evaluation-counts")
    assert (f.field_text, f.message) == ("评价结果[1].涉及资金", "重点评价涉及资金写 50 万元，逐项列出的涉及资金合计 40 万元。")


def test_one_record_audited_alone_gives_the_findings_the_whole_site_gives_for_it(content_dir):
    from generator.rules.audit import audit_record

    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(FURNITURE_SHORT, encoding="utf-8")
    content = load_content(content_dir)
    report = audit_record(content.records[0], content.settings.scoring)
    assert [f.to_dict() for f in report.findings] == [f.to_dict() for f in audit_content(content).findings]
    assert [f.rule for f in report.blocking()] == ["below-target-full-score"]


def test_check_json_reports_loading_errors_as_findings(content_dir, capsys):
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(CLEAN_RECORD.replace("全年执行数: 9.5", "全年执行数: 九万五", 1), encoding="utf-8")
    code, out = run_check(content_dir, capsys, "--format", "json")
    finding = json.loads(out)["findings"][0]
    assert code == 1 and (finding["rule"], finding["severity"], finding["line"]) == ("load-error", "error", 10)


def test_check_json_gives_loading_errors_and_audit_findings_one_shape(content_dir, capsys):
    record = content_dir / "2021" / "yzq-dqfwzx.yml"
    record.write_text(CLEAN_RECORD.replace("全年执行数: 9.5", "全年执行数: 九万五", 1), encoding="utf-8")
    load_error = json.loads(run_check(content_dir, capsys, "--format", "json")[1])["findings"][0]
    record.write_text(FURNITURE_SHORT, encoding="utf-8")
    finding = json.loads(run_check(content_dir, capsys, "--format", "json")[1])["findings"][0]
    assert load_error.keys() == finding.keys()


def test_unplaced_import_content_is_a_warning_until_sorted(content_dir):
    report = audit(content_dir, MINIMAL_RECORD + "未归类内容:\n  - 附件：项目明细表（略）\n")
    findings = [f for f in report.findings if f.rule == "unplaced-content"]
    assert len(findings) == 1
    assert findings[0].severity is Severity.WARNING and "附件：项目明细表" in findings[0].message
    assert findings[0].line == 24  # the unplaced item itself


# --- Rules that hold on real data (issue 11); the real-document side is tests/test_audit_real.py ---------


def with_text(text: str) -> str:
    return CLEAN_RECORD.replace("    自评综述:", f"    项目概况: {text}\n    自评综述:")


def test_a_note_that_merely_contains_tiaozheng_does_not_explain_a_budget_change(content_dir):
    text = with_text("本项目资金年度调整金额0万元，其中：财政拨款0万元。").replace("        年初预算数: 10", "        年初预算数: 8")
    assert only(audit(content_dir, text), "budget-changed-without-reason").field_text == "项目[1].项目资金.年度资金总额.全年预算数"


def test_money_moved_between_parts_is_a_change_of_the_part_rows_though_the_total_stays(content_dir):
    text = CLEAN_RECORD.replace(
        "      当年财政拨款:\n        年初预算数: 10\n        全年预算数: 10\n        全年执行数: 9.5\n        执行率: 95%\n",
        "      当年财政拨款:\n        年初预算数: 10\n        全年预算数: 8\n        全年执行数: 7.5\n"
        "      其他资金:\n        年初预算数: 0\n        全年预算数: 2\n        全年执行数: 2\n")
    fields = [f.field_text for f in audit(content_dir, text).findings if f.rule == "budget-changed-without-reason"]
    assert fields == ["项目[1].项目资金.当年财政拨款.全年预算数", "项目[1].项目资金.其他资金.全年预算数"]


def test_parts_that_do_not_add_up_to_the_total_are_an_error_in_every_column(content_dir):
    text = CLEAN_RECORD.replace("      当年财政拨款:\n        年初预算数: 10\n        全年预算数: 10", "      当年财政拨款:\n        年初预算数: 9\n        全年预算数: 9")
    fields = [f.field_text for f in audit(content_dir, text).findings if f.rule == "fund-total-mismatch"]
    assert fields == ["项目[1].项目资金.年度资金总额.年初预算数", "项目[1].项目资金.年度资金总额.全年预算数"]


def test_spending_claim_against_97_percent_is_reported(content_dir):
    text = with_text("项目资金已全部拨付到位。").replace("        全年执行数: 9.5\n        分值", "        全年执行数: 9.7\n        分值").replace(
        "        全年执行数: 9.5\n        执行率: 95%", "        全年执行数: 9.7\n        执行率: 97%").replace(
        "        执行率: 95%\n        得分: 9.5", "        执行率: 97%\n        得分: 9.7").replace("得分: 99.5", "得分: 99.7").replace(
        "执行数为9.5万元，完成预算的95%。本项目自评得分为99.5分", "执行数为9.7万元，完成预算的97%。本项目自评得分为99.7分")
    f = only(audit(content_dir, text), "claim-vs-figures")
    assert "资金已全部拨付" in f.message and "97%" in f.message


def test_spending_claim_at_100_percent_is_silent(content_dir):
    text = with_text("项目资金已全部拨付。").replace("全年执行数: 9.5", "全年执行数: 10").replace("执行率: 95%", "执行率: 100%").replace(
        "得分: 9.5", "得分: 10").replace("得分: 99.5", "得分: 100").replace("执行数为9.5万元，完成预算的95%。本项目自评得分为99.5分", "执行数为10万元，完成预算的100%。本项目自评得分为100分")
    assert [f.rule for f in audit(content_dir, text).findings if f.rule == "claim-vs-figures"] == []


@pytest.mark.parametrize("template", ["(100字以内)", "对照年度目标,说明各项指标完成情况", "（限200字）"])
def test_template_wording_families_are_caught(content_dir, template):
    f = only(audit(content_dir, with_text(template)), "template-text")
    assert f.field_text == "项目[1].项目概况"


def test_ordinary_prose_is_not_template_wording(content_dir):
    text = with_text("根据年度目标，项目按计划完成，共培训100人次（含外出学习10人）。")
    assert [f for f in audit(content_dir, text).findings if f.rule == "template-text"] == []


def test_empty_problems_cell_of_the_analysis_is_reported(content_dir):
    text = CLEAN_RECORD.replace("    自评综述:", "    自评结果分析:\n      主要经验做法: 落实岗位责任制。\n    自评综述:")
    assert only(audit(content_dir, text), "empty-required-section").field_text == "项目[1].自评结果分析.项目管理中存在的主要问题及原因分析"


def test_a_score_above_the_weight_for_a_met_target_is_not_called_a_missed_target(content_dir):
    # 培训人数 100 of 100 is met; 得分 25 of 分值 20 is wrong, but saying "未达到年度指标值" would be false
    report = audit(content_dir, CLEAN_RECORD.replace("实际完成值: 100, 分值: 20, 得分: 20}", "实际完成值: 100, 分值: 20, 得分: 25}"))
    assert [f.message for f in report.findings if "未达到" in f.message] == []
    f = only(report, "score-above-weight")
    assert f.field_text == "项目[1].绩效指标[1].得分" and (f.stated, f.computed) == ("25", "20")
    assert "得分 25 分高于分值 20 分" in f.message and f.blocks
