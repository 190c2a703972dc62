"""Importing the two published seed texts reproduces the hand-transcribed records, field for field."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from tests.import_support import CONTENT, SEED_REPORT, SEED_TABLE, comparable, empty_content, loaded_record


def _hand_record(relative: str, department: str, year: int):
    if not (CONTENT / relative).exists():
        pytest.skip(f"content/{relative} has not been transcribed yet")
    return loaded_record(CONTENT, department, year)


def test_narrative_report_seed_imports_as_the_hand_transcribed_record(tmp_path: Path):
    content = empty_content(tmp_path)
    assert main(["import", str(SEED_REPORT), "--content", str(content)]) == 0
    imported = loaded_record(content, "xx-swbgs", 2024)
    assert comparable(imported) == comparable(_hand_record("2024/xx-swbgs.yml", "xx-swbgs", 2024))


def test_table_dump_seed_imports_as_the_hand_transcribed_record(tmp_path: Path):
    content = empty_content(tmp_path)
    assert main(["import", str(SEED_TABLE), "--content", str(content)]) == 0
    imported = loaded_record(content, "yzq-dqfwzx", 2021)
    assert comparable(imported) == comparable(_hand_record("2021/yzq-dqfwzx.yml", "yzq-dqfwzx", 2021))


@pytest.mark.parametrize("seed", [SEED_REPORT, SEED_TABLE], ids=["000", "003"])
def test_seed_import_leaves_nothing_unplaced(tmp_path: Path, seed: Path, capsys):
    content = empty_content(tmp_path)
    main(["import", str(seed), "--content", str(content)])
    record = loaded_record(content, *( ("xx-swbgs", 2024) if seed == SEED_REPORT else ("yzq-dqfwzx", 2021)))
    assert record.unplaced == []
    assert "未归类内容" not in capsys.readouterr().err


def test_first_report_without_title_line_takes_its_name_from_the_text_and_says_so(tmp_path: Path):
    content = empty_content(tmp_path)
    main(["import", str(SEED_REPORT), "--content", str(content)])
    first = loaded_record(content, "xx-swbgs", 2024).projects[0]
    assert first.name == "会议经费"
    assert first.report_title == ""
    assert first.editor_note == "原文缺少本项目的标题行，项目名称据正文“我单位对会议经费项目进行绩效自评”补入。"


def test_two_line_report_title_is_joined(tmp_path: Path):
    content = empty_content(tmp_path)
    main(["import", str(SEED_REPORT), "--content", str(content)])
    third = loaded_record(content, "xx-swbgs", 2024).projects[2]
    assert third.report_title == "2024年度办公室维修经费项目绩效自评报告"
    assert third.name == "办公室维修经费"


def test_department_and_year_are_read_from_the_document_and_reported(tmp_path: Path, capsys):
    content = empty_content(tmp_path)
    main(["import", str(SEED_TABLE), "--content", str(content)])
    err = capsys.readouterr().err
    assert "单位：大同市云州区党群服务中心（yzq-dqfwzx），据文件中的单位全称“大同市云州区党群服务中心”确定" in err
    assert "地区：山西省大同市云州区" in err
    assert "年度：2021，据文件中的“2021年度”确定" in err
    assert (content / "2021" / "yzq-dqfwzx.yml").exists()


def test_department_known_only_by_short_name_is_reported_as_a_guess(tmp_path: Path, capsys):
    content = empty_content(tmp_path)
    main(["import", str(SEED_REPORT), "--content", str(content)])
    assert "据文件中出现的“市委办公室”推断（单位简称，请核对）" in capsys.readouterr().err


def test_generated_project_codes_are_announced(tmp_path: Path, capsys):
    content = empty_content(tmp_path)
    main(["import", str(SEED_REPORT), "--content", str(content)])
    assert "项目编码为自动生成：p01（会议经费）、p02（培训经费）" in capsys.readouterr().err
    assert [p.code for p in loaded_record(content, "xx-swbgs", 2024).projects] == ["p01", "p02", "p03", "p04", "p05"]


def test_code_option_names_a_project_code(tmp_path: Path):
    content = empty_content(tmp_path)
    main(["import", str(SEED_REPORT), "--content", str(content), "--code", "会议经费=huiyi-jingfei"])
    assert loaded_record(content, "xx-swbgs", 2024).projects[0].code == "huiyi-jingfei"


def test_written_record_starts_with_the_schema_line_and_uses_the_hand_written_style(tmp_path: Path):
    content = empty_content(tmp_path)
    main(["import", str(SEED_REPORT), "--content", str(content)])
    text = (content / "2024" / "xx-swbgs.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../generator/records/schema/record.schema.json\n")
    assert "        计量单位: '%'\n" in text
    assert "        年度指标值: 20\n" in text
    assert "            正文: |-\n              年度绩效目标：年初申请预算40万元" in text
