"""The audit of the 部门整体支出绩效自评表 by its own rules, and of 自评覆盖 and 评价结果.

Lower-is-better indicators (预算调整率, 结转结余率, "三公"经费变动率, 财政供养人员控制率) met are no error;
missed with a full score they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.rules.audit import audit_content
from generator.cli import main
from generator.records.loading import load_content

def audit(kinds_dir: Path, old: str = "", new: str = "", file: str = "sl-czj"):
    path = kinds_dir / "2023" / f"{file}.yml"
    text = path.read_text(encoding="utf-8")
    if old:
        assert old in text, old
        path.write_text(text.replace(old, new), encoding="utf-8")
    return audit_content(load_content(kinds_dir))


def found(report, rule: str):
    return [f for f in report.findings if f.rule == rule]


def test_lower_is_better_indicators_met_are_not_errors(kinds_dir):
    report = audit(kinds_dir)
    assert [f for f in report.findings if f.field[:1] == ("部门整体支出绩效自评",)] == []
    assert report.overall_score("sl-czj", 2023).total == report.overall_score("sl-czj", 2023).stated_total


def test_lower_is_better_by_name_alone_missed_with_full_score_is_an_error(kinds_dir):
    # 财政供养人员控制率 has no 指标性质: its name says lower is better. 103.2% of the quota is a miss.
    report = audit(kinds_dir, "      年初指标值: 100\n      全年完成值: 98.6", "      年初指标值: 100\n      全年完成值: 103.2")
    [f] = found(report, "overall-below-target")
    assert f.severity.value == "错误" and f.blocks
    assert f.field_text == "部门整体支出绩效自评.绩效指标[4].指标得分"
    assert "越低越好" in f.message and "103.2" in f.message and (f.stated, f.computed) == ("10", "9.69")
    assert f.line is not None


def test_three_public_expenses_change_rate_above_target_is_missed(kinds_dir):
    report = audit(kinds_dir, "      全年完成值: -3.5", "      全年完成值: 4")
    [f] = found(report, "overall-below-target")
    assert f.field_text == "部门整体支出绩效自评.绩效指标[3].指标得分" and f.computed == "0"


def test_missed_indicator_scored_by_its_coefficient_is_accepted(kinds_dir):
    # 预算调整率 11.02% against ≤10%: proportional 10 ÷ 11.02 × 10 = 9.07, as the form states.
    report = audit(kinds_dir)
    assert found(report, "overall-below-target") == [] and found(report, "overall-missing-deviation") == []


def test_missed_indicator_without_a_reason_is_a_warning(kinds_dir):
    report = audit(kinds_dir, "      偏差原因分析及改进措施: 年中追加防汛救灾资金137.82万元。\n", "")
    [f] = found(report, "overall-missing-deviation")
    assert f.severity.value == "警告" and "预算调整率" in f.message


def test_score_not_weight_times_coefficient(kinds_dir):
    report = audit(kinds_dir, "      得分系数: 90.74%", "      得分系数: 80%")
    [f] = found(report, "overall-coefficient")
    assert (f.stated, f.computed) == ("9.07", "8")


def test_total_that_does_not_add_up(kinds_dir):
    report = audit(kinds_dir, "  自评得分: 98.58", "  自评得分: 99.58")
    [f] = found(report, "overall-score-sum")
    assert (f.field_text, f.stated, f.computed) == ("部门整体支出绩效自评.自评得分", "99.58", "98.58")


def test_execution_score_and_rate_checked_against_the_budget_block(kinds_dir):
    report = audit(kinds_dir, "    执行率: 95.08%\n    分值: 10\n    得分: 9.51", "    执行率: 96%\n    分值: 10\n    得分: 9.6")
    assert [f.field_text for f in found(report, "overall-execution-rate")] == ["部门整体支出绩效自评.年度预算执行情况.执行率"]
    assert [f.computed for f in found(report, "overall-execution-score")] == ["9.51"]


def test_finding_acknowledged_in_the_record_stops_blocking(kinds_dir):
    path = kinds_dir / "2023" / "sl-czj.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("      全年完成值: -3.5", "      全年完成值: 4")
                    + "审核说明:\n  - 规则: overall-below-target\n    字段: 部门整体支出绩效自评.绩效指标[3].指标得分\n    说明: 原文如此。\n",
                    encoding="utf-8")
    [f] = found(audit_content(load_content(kinds_dir)), "overall-below-target")
    assert f.acknowledged and not f.blocks


def test_grade_counts_that_do_not_add_up_to_the_projects_evaluated(kinds_dir):
    report = audit(kinds_dir, "      - 等级: 中\n        项目数: 3", "      - 等级: 中\n        项目数: 2", file="sl-jyj")
    [f] = found(report, "evaluation-counts")
    assert f.field_text == "评价结果[1].等级分布" and (f.stated, f.computed) == ("7", "6")


def test_coverage_only_record_passes_the_check(kinds_dir, capsys):
    assert main(["check", "--content", str(kinds_dir)]) == 0
    assert "检查通过" in capsys.readouterr().out


def test_check_names_the_department_level_form_in_chinese(kinds_dir, capsys):
    (kinds_dir / "2023" / "sl-czj.yml").write_text(
        (kinds_dir / "2023" / "sl-czj.yml").read_text(encoding="utf-8").replace("      全年完成值: 98.6", "      全年完成值: 103.2"),
        encoding="utf-8")
    assert main(["check", "--content", str(kinds_dir)]) != 0
    out = capsys.readouterr().out
    assert "财政供养人员控制率" in out and "overall-below-target" in out and "Traceback" not in out


def test_grade_printed_in_full_is_read_as_its_band(kinds_dir):
    assert found(audit(kinds_dir, "\n  等级: 优\n", "\n  等级: 优秀\n"), "overall-grade-band") == []


def test_grade_in_full_outside_the_band_is_an_error(kinds_dir):
    [f] = found(audit(kinds_dir, "\n  等级: 优\n", "\n  等级: 良好\n"), "overall-grade-band")
    assert (f.stated, f.computed) == ("良好", "优")


def test_a_met_target_is_never_reported_as_missed_whatever_its_weight(kinds_dir):
    # 重点工作完成率 100 against ≥95 is met; with 指标权重 0 the score of 30 is wrong (overall-coefficient says so),
    # but "未达到年初指标值" would be false
    report = audit(kinds_dir, "      指标权重: 30\n      指标得分: 30", "      指标权重: 0\n      指标得分: 30")
    assert found(report, "overall-below-target") == []
    [f] = found(report, "overall-coefficient")
    assert f.field_text == "部门整体支出绩效自评.绩效指标[5].指标得分"


def test_missed_indicator_without_a_reason_names_the_target_it_missed(kinds_dir):
    report = audit(kinds_dir, "      偏差原因分析及改进措施: 年中追加防汛救灾资金137.82万元。\n", "")
    assert [f.message for f in found(report, "overall-missing-deviation")] == [
        "“预算调整率(%)”未达到年初指标值（≤10，全年完成值 11.02），偏差原因未填写。"]


def test_a_coefficient_written_without_its_percent_sign_is_read_as_a_percent(kinds_dir):
    # 10 × 90.74% = 9.07, as the form states
    assert found(audit(kinds_dir, "      得分系数: 90.74%", "      得分系数: 90.74"), "overall-coefficient") == []


def test_a_department_level_form_without_a_total_is_not_checked_for_its_sum(kinds_dir):
    report = audit(kinds_dir, "  自评得分: 98.58\n", "")
    assert found(report, "overall-score-sum") == [] and found(report, "overall-recomputed-total") == []


def test_an_unnamed_part_of_the_budget_block_is_named_by_its_place(kinds_dir):
    path = kinds_dir / "2023" / "sl-czj.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("      - 名称: 项目支出\n", "      - 名称: ''\n"), encoding="utf-8")
    [f] = found(audit(kinds_dir, "        执行率: 87.43%", "        执行率: 90%"), "overall-execution-rate")
    assert f.message == "第2项执行率填报 90%，按全年执行数 474.85 万元 ÷ 全年预算数 543.12 万元计算为 87.43%。"


def test_an_execution_score_a_hundredth_off_is_rounding(kinds_dir):
    path = kinds_dir / "2023" / "sl-czj.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  自评得分: 98.58", "  自评得分: 98.59"), encoding="utf-8")
    assert found(audit(kinds_dir, "    得分: 9.51", "    得分: 9.52"), "overall-execution-score") == []


def test_a_total_that_adds_up_but_not_under_the_rules_gives_the_recomputed_total_and_grade(kinds_dir):
    [f] = found(audit(kinds_dir, "      全年完成值: -3.5", "      全年完成值: 4"), "overall-recomputed-total")
    assert (f.message, f.stated, f.computed) == ("总分 98.58 分，按评分规则复核为 88.58 分，等级为“良”。", "98.58", "88.58")


def test_a_total_a_hundredth_above_the_recomputed_one_is_rounding(kinds_dir):
    path = kinds_dir / "2023" / "sl-czj.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  自评得分: 98.58", "  自评得分: 98.59"), encoding="utf-8")
    assert found(audit(kinds_dir, "      指标得分: 9.07", "      指标得分: 9.08"), "overall-recomputed-total") == []
