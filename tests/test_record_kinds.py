"""The record kinds a 绩效情况说明 holds besides project forms: the 部门整体支出绩效自评表, and a 说明 that gives
only its 自评覆盖 and evaluation results. Both load from the form's Chinese labels, with Chinese errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.records.loading import load_content
from generator.records.model import EvaluationKind, Nature
from generator.records.problems import ContentError

def record(content, code):
    return next(r.record for r in content.records if r.record.department == code)


def test_department_level_form_is_its_own_part_not_a_project(kinds_dir):
    czj = record(load_content(kinds_dir), "sl-czj")
    assert [p.name for p in czj.projects] == ["预算评审经费"]
    overall = czj.overall
    assert overall.funds.full_year_budget == Decimal("1388.42") and overall.funds.weight == Decimal("10")
    assert [part.name for part in overall.funds.parts] == ["基本支出", "项目支出"]
    assert overall.goal.adjusted == "年中增加防汛救灾资金保障任务。"
    first = overall.indicators[0]
    assert (first.level1, first.level2, first.name, first.nature) == ("过程", "预算执行", "预算调整率", Nature.AT_MOST)
    assert (first.coefficient, first.weight, first.score, first.core) == ("90.74%", Decimal("10"), Decimal("9.07"), False)
    assert overall.total_score == Decimal("98.58") and overall.grade == "优"


def test_nature_column_gives_the_target_its_comparator(kinds_dir):
    first = record(load_content(kinds_dir), "sl-czj").overall.indicators[0]
    assert first.target_value.comparator.value == "≤" and first.target_value.number == Decimal("10")


def test_adjusted_target_is_the_one_judged(kinds_dir):
    path = kinds_dir / "2023" / "sl-czj.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "      年初指标值: 10\n      全年完成值: 11.02", "      年初指标值: 10\n      调整指标值: 12\n      全年完成值: 11.02"), encoding="utf-8")
    first = record(load_content(kinds_dir), "sl-czj").overall.indicators[0]
    assert (first.initial_target, first.adjusted_target, first.target) == ("10", "12", "≤12")


def test_coverage_only_record_has_no_projects_and_keeps_its_figures(kinds_dir):
    jyj = record(load_content(kinds_dir), "sl-jyj")
    assert jyj.projects == [] and jyj.overall is None
    assert (jyj.coverage.projects, jyj.coverage.amount, jyj.coverage.share) == (12, Decimal("5120.36"), "100%")
    key, department = jyj.evaluations
    assert key.kind is EvaluationKind.KEY and (key.projects_count, key.amount, key.evaluator) == (7, Decimal("2298"), "市财政局")
    assert [(g.grade, g.projects) for g in key.grades] == [("优良", 4), ("中", 3)]
    assert department.kind is EvaluationKind.DEPARTMENT
    assert [(p.name, p.score, p.grade) for p in department.projects] == [("学生资助经费", Decimal("86.5"), "良"), ("校舍维修改造经费", Decimal("72"), "中")]


def test_unknown_nature_is_refused_in_chinese_with_its_line(kinds_dir):
    path = kinds_dir / "2023" / "sl-czj.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("      指标性质: ≤\n      年初指标值: 10\n      全年完成值: 11.02",
                                                             "      指标性质: 越小越好\n      年初指标值: 10\n      全年完成值: 11.02"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(kinds_dir)
    [problem] = caught.value.problems
    assert problem.field == ("部门整体支出绩效自评", "绩效指标", 0, "指标性质")
    assert problem.line is not None and "指标性质“越小越好”不是可选的值" in problem.message


def test_unknown_evaluation_kind_is_refused(kinds_dir):
    path = kinds_dir / "2023" / "sl-jyj.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("评价类型: 部门评价", "评价类型: 随便评价"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(kinds_dir)
    [problem] = caught.value.problems
    assert problem.field[:3] == ("评价结果", 1, "评价类型") and "重点评价" in problem.message


def test_project_code_cannot_take_the_department_level_page(kinds_dir):
    path = kinds_dir / "2023" / "sl-czj.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("项目编码: yusuan-pingshen", "项目编码: bumen-zhengti"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(kinds_dir)
    assert "部门整体支出绩效自评页" in caught.value.problems[0].message
