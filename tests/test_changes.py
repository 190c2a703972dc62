"""Differences between two versions of a record, in the words of the form."""

from __future__ import annotations

import re

import pytest

from generator.history.changes import chinese_number, project_changes, record_changes
from generator.records.model import DepartmentOverall, DepartmentYear, Direction
from generator.records.yaml_reader import read_text
from tests.history_repo import SEED, SEED_2021, reformatted

SEED_TEXT = SEED.read_text(encoding="utf-8")


def record(text: str) -> DepartmentYear:
    return DepartmentYear.model_validate(read_text(text, "test.yml").data)


@pytest.fixture(scope="module")
def seed() -> DepartmentYear:
    return record(SEED_TEXT)


def meeting(version: DepartmentYear):
    return next(p for p in version.projects if p.code == "huiyi-jingfei")


def test_money_change_names_the_field_with_its_unit(seed):
    changed = record(SEED_TEXT.replace("        全年执行数: 20.37\n", "        全年执行数: 20.73\n", 1))
    assert project_changes(meeting(seed), meeting(changed)) == ["全年执行数 20.37 → 20.73 万元"]


def test_money_change_of_a_sub_row_names_the_row(seed):
    text = SEED_TEXT.replace("        全年执行数: 20.37\n", "        全年执行数: 20.73\n", 2).replace(
        "        全年执行数: 20.73\n", "        全年执行数: 20.37\n", 1)
    assert project_changes(meeting(seed), meeting(record(text))) == ["当年财政拨款 全年执行数 20.37 → 20.73 万元"]


def test_score_change_is_shown_as_published(seed):
    changed = record(SEED_TEXT.replace("    自评得分: 96.37\n", "    自评得分: 96.730\n"))
    assert project_changes(meeting(seed), meeting(changed)) == ["自评得分 96.37 → 96.730"]


def test_reordered_indicators_are_no_change(seed):
    project = meeting(seed)
    reordered = project.model_copy(update={"indicators": list(reversed(project.indicators))})
    assert project_changes(project, reordered) == []


def test_indicator_value_change_names_the_indicator(seed):
    text = SEED_TEXT.replace("        实际完成值: 21\n", "        实际完成值: 19\n", 1)
    assert project_changes(meeting(seed), meeting(record(text))) == ["指标 召开会议次数 实际完成值 21 → 19"]


def test_removed_indicator_is_named(seed):
    project = meeting(seed)
    fewer = project.model_copy(update={"indicators": project.indicators[1:]})
    assert project_changes(project, fewer) == ["删除指标 召开会议次数"]


def test_long_text_change_is_reported_not_quoted(seed):
    project = meeting(seed)
    goal = project.goal.model_copy(update={"achieved": project.goal.achieved + "后续已支付。"})
    assert project_changes(project, project.model_copy(update={"goal": goal})) == ["年度总体目标 实际完成情况已修改"]


def test_added_report_section_is_named_with_its_title(seed):
    project = meeting(seed)
    extra = project.report[0].model_copy(update={"title": "六、附件", "text": "", "subsections": []})
    changed = project.model_copy(update={"report": [*project.report, extra]})
    assert project_changes(project, changed) == [f"自评报告 新增第{chinese_number(len(project.report) + 1)}节“六、附件”"]


def test_projects_are_matched_by_code_not_position(seed):
    reordered = seed.model_copy(update={"projects": list(reversed(seed.projects))})
    assert record_changes(seed, reordered) == []


def test_removed_project_is_named(seed):
    fewer = seed.model_copy(update={"projects": seed.projects[1:]})
    assert record_changes(seed, fewer) == ["删除项目 会议经费"]


def test_project_lines_on_the_record_carry_the_project_name(seed):
    changed = record(SEED_TEXT.replace("    自评得分: 96.37\n", "    自评得分: 96.73\n"))
    assert record_changes(seed, changed) == ["会议经费：自评得分 96.37 → 96.73"]


def test_formatting_only_edit_is_no_change(seed):
    assert record_changes(seed, record(reformatted(SEED_TEXT))) == []


def test_correction_notes_are_not_field_changes(seed):
    noted = record(SEED_TEXT + "更正说明:\n  - 日期: 2025-03-01\n    说明: 更正。\n")
    assert record_changes(seed, noted) == []


def test_version_derived_from_a_newer_one_equals_reading_it_whole(seed):
    from generator.history.changes import derive

    older = SEED_TEXT.replace("    自评得分: 96.37\n", "    自评得分: 95\n")
    derived = derive(older, SEED_TEXT, seed, "test.yml")
    assert derived is not None and derived == record(older)


def test_version_with_other_top_level_changes_is_read_whole(seed):
    from generator.history.changes import derive

    assert derive(SEED_TEXT.replace("年度: 2024", "年度: 2023"), SEED_TEXT, seed, "test.yml") is None


def test_only_commit_subjects_written_in_chinese_are_shown_to_readers():
    from generator.history.changes import reader_reason

    assert reader_reason("更正会议经费全年执行数") == "更正会议经费全年执行数"
    assert reader_reason("（更正）会议经费") == "（更正）会议经费"
    assert reader_reason("Content: transcribe seed 003 (云州区党群服务中心 2021)") == ""
    assert reader_reason("Refactor the loader") == ""


def test_tying_an_acknowledgement_to_its_figure_is_no_revision(seed):
    # 数值 is the publisher's audit bookkeeping; a reader's 修订记录 must not list it as a change to the report.
    untied = record(SEED_TEXT.replace('        数值: "5"\n', ""))
    assert untied != seed
    assert record_changes(untied, seed) == []


def test_one_change_made_alike_to_many_indicators_is_one_line_with_their_count_and_names():
    # The 2021 seed gained the form's printed numbering (编号) on 18 rows: two lines, not eighteen.
    text = SEED_2021.read_text(encoding="utf-8")
    before = record(re.sub(r"\n\s*编号: [^\n]*", "", text))
    after = record(text)
    assert project_changes(before.projects[0], after.projects[0]) == [
        "9 项指标 编号 （空） → 指标1：（办公经费及材料数量达标率、办公用品种类符合及质量合格率、办公用品及服务到位及时性、"
        "办公耗材及经费投入使用率、办公用品管理机制健全性、使用者满意度，及 3 行未写指标名称的模板行）",
        "9 项指标 编号 （空） → 指标2：（办公用品成本节约率，及 8 行未写指标名称的模板行）",
    ]


def test_a_change_to_one_indicator_still_names_it_alone(seed):
    text = SEED_TEXT.replace("完成值: 21\n", "完成值: 22\n", 1)
    lines = project_changes(meeting(seed), meeting(record(text)))
    assert lines == ["指标 召开会议次数 实际完成值 21 → 22"]


def test_a_changed_acknowledgement_is_named_by_its_place_in_the_list(seed):
    text = SEED_TEXT.replace("原文如此：“没有”是占位指标，原文仍计分值 5 分、得分 5 分。照原文公开，未作更正。", "原文如此，照原文公开。", 1)
    assert record_changes(seed, record(text)) == ["办公室维修经费：审核说明第1条 整理说明已修改"]


def test_an_added_or_removed_acknowledgement_is_counted(seed):
    project = next(p for p in seed.projects if p.code == "bangongshi-weixiu-jingfei")
    fewer = project.model_copy(update={"acknowledgements": project.acknowledgements[:1]})
    assert project_changes(project, fewer) == ["审核说明删除 1 条"]
    assert project_changes(fewer, project) == ["审核说明新增 1 条"]


# --- Edges the mutation benchmark showed untested (bench/mutation.py --every 4 changes) -------------


@pytest.mark.parametrize("length, line", [(30, "年度总体目标 实际完成情况 {old} → {new}"), (31, "年度总体目标 实际完成情况已修改")])
def test_a_text_is_quoted_up_to_thirty_characters_and_reported_as_changed_beyond(seed, length, line):
    project = meeting(seed)
    old, new = "甲" * length, "乙" * length
    before = project.model_copy(update={"goal": project.goal.model_copy(update={"achieved": old})})
    after = project.model_copy(update={"goal": project.goal.model_copy(update={"achieved": new})})
    assert project_changes(before, after) == [line.format(old=old, new=new)]


@pytest.mark.parametrize("emptied, line", [(True, "年度总体目标 实际完成情况已删除"), (False, "年度总体目标 实际完成情况已补充")])
def test_a_long_text_emptied_or_filled_in_says_so(seed, emptied, line):
    project = meeting(seed)
    written, empty = (project.model_copy(update={"goal": project.goal.model_copy(update={"achieved": text})}) for text in ("说明" * 20, ""))
    before, after = (written, empty) if emptied else (empty, written)
    assert project_changes(before, after) == [line]


def test_a_changed_indicator_direction_is_shown_in_the_forms_words(seed):
    project = meeting(seed)
    first = project.indicators[0].model_copy(update={"direction": Direction.LOWER_BETTER})
    changed = project.model_copy(update={"indicators": [first, *project.indicators[1:]]})
    assert project_changes(project, changed) == ["指标 召开会议次数 指标方向 （空） → 反向"]


def test_an_added_or_removed_department_level_form_is_named(seed):
    overall = DepartmentOverall.model_validate({"自评得分": 95, "等级": "优"})
    with_form = seed.model_copy(update={"overall": overall})
    assert record_changes(seed, with_form) == ["新增部门整体支出绩效自评"]
    assert record_changes(with_form, seed) == ["删除部门整体支出绩效自评"]


@pytest.mark.parametrize("n, words", [(1, "一"), (10, "十"), (12, "十二"), (23, "二十三"), (99, "九十九"), (100, "100"), (0, "0")])
def test_sections_are_numbered_in_chinese_up_to_ninety_nine(n, words):
    assert chinese_number(n) == words
