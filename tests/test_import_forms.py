"""Word and Excel 自评表 in the layouts units use import as the same record as the published text.

Each form is built here from seed 003's data (as imported from its published text, itself checked
against the hand transcription in test_import_seeds.py), written as a .docx table with merged cells
and as an .xlsx sheet with merged ranges.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.importers import import_files
from generator.records.model import Project
from tests.import_documents import CHONGQING, SICHUAN, STANDARD, WEIGHT_FIRST, C, form_rows, write_docx, write_xlsx
from tests.import_support import CONTENT, SEED_TABLE, empty_content, loaded_record

WRITERS = {"docx": write_docx, "xlsx": write_xlsx}


@pytest.fixture(scope="module")
def seed_project() -> Project:
    result = import_files([SEED_TABLE], CONTENT, write=False)
    return result.records[0].record.projects[0]


def _import_form(tmp_path: Path, fmt: str, rows, width) -> Project:
    content = empty_content(tmp_path)
    path = WRITERS[fmt](tmp_path / f"自评表.{fmt}", rows, width)
    assert main(["import", str(path), "--content", str(content), "--department", "yzq-dqfwzx"]) == 0
    return loaded_record(content, "yzq-dqfwzx", 2021).projects[0]


def _without_code(project: Project) -> dict:
    return project.model_dump(exclude={"code", "summary"})


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("layout", [STANDARD, WEIGHT_FIRST], ids=["national-layout", "weight-before-values"])
def test_form_with_merged_cells_imports_as_the_published_text_does(tmp_path, seed_project, fmt, layout):
    rows, width = form_rows(seed_project, layout, 2021)
    assert _without_code(_import_form(tmp_path, fmt, rows, width)) == _without_code(seed_project)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_core_indicator_column_marks_the_core_indicators(tmp_path, seed_project, fmt):
    marked = seed_project.model_copy(
        update={"indicators": [i.model_copy(update={"core": i.name == "使用者满意度"}) for i in seed_project.indicators]}
    )
    rows, width = form_rows(marked, CHONGQING, 2021)
    imported = _import_form(tmp_path, fmt, rows, width)
    assert [i.name for i in imported.indicators if i.core] == ["使用者满意度"]
    assert _without_code(imported) == _without_code(marked)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_sichuan_split_target_columns_are_joined_into_one_target(tmp_path, seed_project, fmt):
    rows, width = form_rows(seed_project, SICHUAN, 2021)
    imported = _import_form(tmp_path, fmt, rows, width)
    targets = {i.name: i.target for i in imported.indicators if i.name not in ("", "……")}
    assert targets["办公用品成本节约率"] == "≥95%"  # 指标性质 ≥, 指标值 95, 度量单位 %
    assert targets["办公用品种类符合及质量合格率"] == "合格"  # 定性


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_sichuan_qualitative_indicator_is_marked_qualitative(tmp_path, seed_project, fmt):
    rows, width = form_rows(seed_project, SICHUAN, 2021)
    imported = _import_form(tmp_path, fmt, rows, width)
    quality = next(i for i in imported.indicators if i.name == "办公用品种类符合及质量合格率")
    assert quality.direction.value == "定性"


def test_excel_percent_cells_keep_the_percentage_the_sheet_shows(tmp_path, seed_project):
    rows, width = form_rows(seed_project, STANDARD, 2021)
    imported = _import_form(tmp_path, "xlsx", rows, width)
    assert imported.funds.total.rate == "98%"  # stored as 0.98 with format 0%
    assert str(imported.funds.total.executed) == "3.92"  # stored as a binary float


def test_unit_in_brackets_after_an_indicator_name_becomes_its_unit(tmp_path, seed_project):
    renamed = seed_project.model_copy(
        update={"indicators": [seed_project.indicators[0].model_copy(update={"name": "召开会议次数", "unit": "次"})] + seed_project.indicators[1:]}
    )
    rows, width = form_rows(renamed, STANDARD, 2021)  # printed as 指标1：召开会议次数(次)
    first = _import_form(tmp_path, "docx", rows, width).indicators[0]
    assert (first.name, first.unit) == ("召开会议次数", "次")


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_row_no_field_takes_is_kept_as_unplaced_and_listed(tmp_path, seed_project, fmt, capsys):
    rows, width = form_rows(seed_project, STANDARD, 2021)
    rows.append([C("备注"), C("另有上级补助资金0.5万元已于12月拨付", across=width - 1)])
    content = empty_content(tmp_path)
    path = WRITERS[fmt](tmp_path / f"自评表.{fmt}", rows, width)
    assert main(["import", str(path), "--content", str(content), "--department", "yzq-dqfwzx"]) == 0
    unplaced = loaded_record(content, "yzq-dqfwzx", 2021).unplaced
    assert any("另有上级补助资金0.5万元已于12月拨付" in item for item in unplaced)
    assert any("备注" in item for item in unplaced)
    err = capsys.readouterr().err
    assert "未归类内容 2 处" in err
    assert "另有上级补助资金0.5万元已于12月拨付" in err


def test_whole_published_document_as_word_imports_as_the_published_text_does(tmp_path, seed_project):
    text_record = import_files([SEED_TABLE], CONTENT, write=False).records[0].record
    rows, width = form_rows(seed_project, STANDARD, 2021)
    before = [
        "大同市云州区党群服务中心", "2021年度决算公开绩效情况说明", "预算绩效管理工作开展情况", text_record.coverage.text,
        "部门决算中项目绩效自评结果", "1.基层党组织、党务工作者工作经费项目绩效自评表",
    ]
    after = ["2.基层党组织、党务工作者工作经费项目绩效自评综述", seed_project.summary, "2022年12月7日"]
    path = write_docx(tmp_path / "绩效情况说明.docx", rows, width, before, after)
    word_record = import_files([path], CONTENT, write=False).records[0].record
    assert word_record == text_record


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_grade_printed_beside_the_total_is_read(tmp_path, seed_project, fmt):
    rows, width = form_rows(seed_project, STANDARD, 2021)
    total_at = next(n for n, row in enumerate(rows) if row[0].text == "总分")
    rows[total_at] = [C("总分", across=width - 4), C("100", excel=100), C("等级"), C("优", across=2)]
    imported = _import_form(tmp_path, fmt, rows, width)
    assert (imported.total_score, imported.grade) == (100, "优")
