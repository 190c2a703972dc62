"""A 说明 that states the results of the unit's own 自评 in sentences, without forms (河南's outline), even when a
document site flattened the Word file onto one line: the results are 评价结果 of type 自评, the unit as a whole
and each project listed with what the sentence says of it."""

from __future__ import annotations

from pathlib import Path

from generator.importers import import_files
from generator.records.model import DepartmentYear
from tests.import_support import empty_content

UNIT = "yzq-dqfwzx"

FLATTENED = (
    "某市某某中心 2022 年整体和项目支出绩效自评总结报告 一 绩效管理工作开展情况。 我单位按照《关于全面实施 预算绩效管理的实施意见》"
    "文件要求,对 本单位整体支出和项目支出开展全过程预算绩效管理:1.加强管理制度建设。2.加强培训和指导。 "
    "二 部门(单位)整体和项目绩效自评结果。 按照有关文件精神,我单位对本单位整体绩效目标和项目支出绩效目标进行了自评。"
    " 一是单位整体绩效自评情况:完成年度工作任务。部门预算总金额 803.74 万元其中:基本支出 757.49 万元,项目支出 46.25 万元。"
    " 完成率均达到 100%;部门目标实现率 100%,整体绩效自评为优 秀; 二是项目绩效自评情况。我单位共有 2 个项目批复了绩效目"
    " 标,项目金额 56.00 万元。其中: 闸坝工程运行维修经费 46.00 万元,水系巡查经费 10.00 万元。"
)


def _import(tmp_path: Path, text: str) -> DepartmentYear:
    path = tmp_path / "说明.txt"
    path.write_text(text, encoding="utf-8")
    result = import_files([path], empty_content(tmp_path), department=UNIT, year=2022, write=False)
    assert not result.failures, result.failures
    return result.records[0].record


def test_flattened_statement_is_split_at_its_numbered_headings(tmp_path):
    record = _import(tmp_path, FLATTENED)
    assert record.title == "某市某某中心 2022 年整体和项目支出绩效自评总结报告"
    assert record.coverage.text.startswith("我单位按照《关于全面实施") and "自评结果" not in record.coverage.text
    assert record.unplaced == []


def test_self_evaluation_results_are_an_evaluation_of_type_self(tmp_path):
    (evaluation,) = _import(tmp_path, FLATTENED).evaluations
    assert (evaluation.kind.value, evaluation.title) == ("自评", "二 部门(单位)整体和项目绩效自评结果。")
    assert (evaluation.projects_count, evaluation.amount) == (None, None)  # the entries listed include the unit as a whole
    assert "部门预算总金额 803.74 万元" in evaluation.text


def test_unit_as_a_whole_is_listed_with_its_grade_as_printed(tmp_path):
    (evaluation,) = _import(tmp_path, FLATTENED).evaluations
    whole = evaluation.projects[0]
    assert (whole.name, whole.grade, whole.amount) == ("单位整体", "优秀", None)


def test_projects_listed_after_the_count_are_the_evaluated_projects_not_the_budget_breakdown(tmp_path):
    (evaluation,) = _import(tmp_path, FLATTENED).evaluations
    assert [(p.name, str(p.amount)) for p in evaluation.projects[1:]] == [("闸坝工程运行维修经费", "46.00"), ("水系巡查经费", "10.00")]


def test_count_and_amount_stated_beside_the_unit_as_a_whole_are_the_coverage(tmp_path):
    coverage = _import(tmp_path, FLATTENED).coverage
    assert (coverage.projects, str(coverage.amount)) == (2, "56.00")
