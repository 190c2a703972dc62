"""The audit catches what is wrong in the two real published documents, at the right project and field,
and says nothing about a record that adds up."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.rules.audit import audit_content
from generator.records.loading import load_content
from tests.conftest import CONTENT

MEETING = "huiyi-jingfei"
REPAIR = "bangongshi-weixiu-jingfei"
EQUIPMENT = "bangong-shebei-gouzhi-jingfei"
YUNZHOU = "jiceng-dangzuzhi-gongzuo-jingfei"


@pytest.fixture(scope="module")
def report():
    return audit_content(load_content(CONTENT))


def finding(report, rule: str, project: str, field: str):
    """The finding of rule at project's field (field path relative to the project, as authors write it)."""
    for f in report.findings:
        if f.rule == rule and f.project == project and f.field_text.split(".", 1)[1] == field:
            return f
    shown = "\n".join(f"{f.rule} {f.project} {f.field_text}" for f in report.findings if f.project == project)
    raise AssertionError(f"no {rule} at {project} {field}; found:\n{shown}")


# --- Seed 000, 会议经费 ----------------------------------------------------------------------------


def test_meeting_budget_of_40_in_the_goal_text_contradicts_32_in_the_table(report):
    f = finding(report, "summary-vs-table", MEETING, "年度总体目标.预期目标")
    assert (f.stated, f.computed) == ("40 万元", "32 万元")


def test_meeting_goal_not_met_in_text_contradicts_full_scores_and_grade(report):
    f = finding(report, "text-contradicts-score", MEETING, "年度总体目标.实际完成情况")
    assert "未能" in f.message and "优" in f.message


def test_meeting_empty_deviation_section_at_63_66_percent(report):
    f = finding(report, "missing-deviation-note", MEETING, "自评报告[1].子节[3].正文")
    assert "63.66%" in f.message and "（三）偏差分析及整改措施。" in f.message


def test_meeting_cost_target_40_above_budget_32(report):
    f = finding(report, "cost-target-above-budget", MEETING, "绩效指标[7].年度指标值")
    assert (f.stated, f.computed) == ("40 万元", "32 万元")


def test_meeting_unit_cost_times_attendance_is_84_against_20_37_spent(report):
    f = finding(report, "unit-cost-vs-spending", MEETING, "绩效指标[8].实际完成值")
    assert (f.computed, f.stated) == ("84 万元", "20.37 万元")


def test_meeting_qualitative_indicators_have_empty_actuals(report):
    finding(report, "empty-actual", MEETING, "绩效指标[9].实际完成值")
    finding(report, "empty-actual", MEETING, "绩效指标[10].实际完成值")


def test_meeting_published_score_is_reproduced_so_no_score_finding(report):
    rules = {f.rule for f in report.for_project("xx-swbgs", 2024, MEETING)}
    assert not rules & {"score-sum", "recomputed-total", "execution-score", "grade-band", "weight-sum"}


# --- Seed 000, the other projects ----------------------------------------------------------------


def test_furniture_20_of_100_scored_full_marks(report):
    f = finding(report, "below-target-full-score", EQUIPMENT, "绩效指标[3].得分")
    assert (f.stated, f.computed) == ("5", "1")
    assert "95.89" in f.message
    assert f.severity.value == "错误"


def test_office_equipment_total_recomputes_to_95_89(report):
    f = finding(report, "recomputed-total", EQUIPMENT, "自评得分")
    assert (f.stated, f.computed) == ("99.89", "95.89")


@pytest.mark.parametrize("project, index", [(REPAIR, 13), (REPAIR, 15), (EQUIPMENT, 11), (EQUIPMENT, 13)])
def test_placeholder_indicators_named_meiyou_carry_points(report, project, index):
    f = finding(report, "placeholder-indicator", project, f"绩效指标[{index}].三级指标")
    assert "没有" in f.message


def test_moving_cost_zero_while_moving_was_done_six_times(report):
    f = finding(report, "zero-cost-with-output", REPAIR, "绩效指标[12].实际完成值")
    assert (f.stated, f.computed) == ("0", "6 次")


# --- Seed 003 ------------------------------------------------------------------------------------


def test_yunzhou_weights_sum_to_800_against_full_marks_100(report):
    f = finding(report, "weight-sum", YUNZHOU, "绩效指标")
    assert (f.stated, f.computed) == ("800", "100")


def test_yunzhou_total_100_is_not_the_sum_of_its_scores(report):
    f = finding(report, "score-sum", YUNZHOU, "自评得分")
    assert (f.stated, f.computed) == ("100", "800")


def test_yunzhou_98_percent_execution_scored_100_of_100(report):
    f = finding(report, "execution-score", YUNZHOU, "项目资金.年度资金总额.得分")
    assert (f.stated, f.computed) == ("100", "98")


def test_yunzhou_actual_written_as_at_least_95_percent(report):
    f = finding(report, "operator-in-actual", YUNZHOU, "绩效指标[11].实际完成值")
    assert f.stated == "≥95%"


def test_yunzhou_unfilled_template_rows(report):
    f = finding(report, "template-text", YUNZHOU, "绩效指标[2].三级指标")
    assert "模板行" in f.message


def test_yunzhou_weights_differ_from_the_national_defaults(report):
    f = finding(report, "default-weights", YUNZHOU, "绩效指标")
    assert "产出指标 500 分（默认 50 分）" in f.message


# --- Locations -----------------------------------------------------------------------------------


def test_findings_point_at_the_line_of_the_field(report):
    f = finding(report, "below-target-full-score", EQUIPMENT, "绩效指标[3].得分")
    line = Path(CONTENT.parent / f.file).read_text(encoding="utf-8").splitlines()[f.line - 1]
    assert line.strip() == "得分: 5"


# --- A record that adds up -----------------------------------------------------------------------

CLEAN_RECORD = """\
单位编码: yzq-dqfwzx
年度: 2021
项目:
  - 项目编码: ceshi-xiangmu
    项目名称: 测试项目
    项目资金:
      年度资金总额:
        年初预算数: 10
        全年预算数: 10
        全年执行数: 9.5
        分值: 10
        执行率: 95%
        得分: 9.5
      当年财政拨款:
        年初预算数: 10
        全年预算数: 10
        全年执行数: 9.5
        执行率: 95%
    年度总体目标:
      预期目标: 完成 100 人次业务培训。
      实际完成情况: 按计划完成 100 人次业务培训。
    绩效指标:
      - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 培训人数, 计量单位: 人, 年度指标值: 100, 实际完成值: 100, 分值: 20, 得分: 20}
      - {一级指标: 产出指标, 二级指标: 质量指标, 三级指标: 培训合格率, 计量单位: '%', 年度指标值: ≥90%, 实际完成值: 95%, 分值: 10, 得分: 10}
      - {一级指标: 产出指标, 二级指标: 时效指标, 三级指标: 培训完成时间, 年度指标值: 12月31日前, 实际完成值: 12月31日前, 分值: 10, 得分: 10}
      - {一级指标: 产出指标, 二级指标: 成本指标, 三级指标: 培训成本, 计量单位: 元/人, 年度指标值: 1000, 实际完成值: 950, 分值: 10, 得分: 10}
      - {一级指标: 效益指标, 二级指标: 社会效益指标, 三级指标: 业务能力, 年度指标值: 提高, 实际完成值: 提高, 分值: 30, 得分: 30}
      - {一级指标: 满意度指标, 二级指标: 服务对象满意度指标, 三级指标: 参训人员满意度, 计量单位: '%', 年度指标值: ≥90%, 实际完成值: 96%, 分值: 10, 得分: 10}
    自评得分: 99.5
    等级: 优
    自评综述: 全年预算数为10万元，执行数为9.5万元，完成预算的95%。本项目自评得分为99.5分，等级为优。
"""


def test_a_clean_record_raises_nothing(content_dir):
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(CLEAN_RECORD, encoding="utf-8")
    report = audit_content(load_content(content_dir))
    assert [f"{f.rule} {f.field_text}: {f.message}" for f in report.findings] == []
