"""What jixiao import tells the user when a file cannot be imported, and what it will not do."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx

from generator.cli import main
from tests.import_support import SEED_REPORT, SEED_TABLE, empty_content, loaded_record


def _run(tmp_path: Path, *args: str) -> int:
    return main(["import", *args, "--content", str(tmp_path / "content")])


def test_word_document_that_is_not_a_form_is_refused_by_name(tmp_path, capsys):
    empty_content(tmp_path)
    document = docx.Document()
    document.add_paragraph("关于召开2024年度预算工作会议的通知")
    document.save(str(tmp_path / "会议通知.docx"))
    assert _run(tmp_path, str(tmp_path / "会议通知.docx")) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / '会议通知.docx'}：不是绩效自评表、绩效自评报告或绩效情况说明：没有找到自评表的任何表头" in err


def test_encrypted_office_file_is_refused_with_a_password_hint(tmp_path, capsys):
    empty_content(tmp_path)
    # An encrypted .docx/.xlsx is an OLE container holding an "EncryptedPackage" stream.
    path = tmp_path / "加密.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le"))
    assert _run(tmp_path, str(path)) == 1
    assert f"{path}：文件已加密（设置了打开密码），无法读取" in capsys.readouterr().err


def test_old_binary_word_file_renamed_to_docx_is_refused_with_a_save_as_hint(tmp_path, capsys):
    empty_content(tmp_path)
    path = tmp_path / "旧版.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert _run(tmp_path, str(path)) == 1
    assert "这是旧版 .doc 格式的文件" in capsys.readouterr().err


def test_damaged_word_file_is_refused_by_name(tmp_path, capsys):
    empty_content(tmp_path)
    whole = tmp_path / "whole.docx"
    docx.Document().save(str(whole))
    damaged = tmp_path / "损坏.docx"
    damaged.write_bytes(whole.read_bytes()[:300])
    assert _run(tmp_path, str(damaged)) == 1
    assert f"{damaged}：文件已损坏，或不是有效的 Word 文件" in capsys.readouterr().err


def test_damaged_excel_file_is_refused_by_name(tmp_path, capsys):
    empty_content(tmp_path)
    damaged = tmp_path / "损坏.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a workbook")
    assert _run(tmp_path, str(damaged)) == 1
    assert f"{damaged}：文件已损坏，或不是有效的 Excel 文件" in capsys.readouterr().err


def test_unsupported_format_is_refused_with_the_formats_that_work(tmp_path, capsys):
    empty_content(tmp_path)
    path = tmp_path / "自评表.odt"
    path.write_bytes(b"PK\x03\x04")
    assert _run(tmp_path, str(path)) == 1
    assert f"{path}：不支持的文件格式“.odt”。可导入的格式：纯文本 .txt、.md，Word .docx，Excel .xlsx 和旧版 .xls，PDF（含文字的，或扫描件），扫描图像 .png、.jpg、.tif" in capsys.readouterr().err


def test_other_files_of_the_run_still_import_when_one_fails(tmp_path, capsys):
    content = empty_content(tmp_path)
    bad = tmp_path / "自评表.odt"
    bad.write_bytes(b"PK\x03\x04")
    assert _run(tmp_path, str(bad), str(SEED_TABLE), str(SEED_REPORT)) == 1
    assert loaded_record(content, "yzq-dqfwzx", 2021).projects
    assert loaded_record(content, "xx-swbgs", 2024).projects
    assert "导入未全部完成：1 个问题。" in capsys.readouterr().err


def test_existing_record_is_not_overwritten(tmp_path, capsys):
    content = empty_content(tmp_path)
    (content / "2021").mkdir()
    existing = content / "2021" / "yzq-dqfwzx.yml"
    existing.write_text("# 手工整理的记录\n", encoding="utf-8")
    assert _run(tmp_path, str(SEED_TABLE)) == 1
    assert existing.read_text(encoding="utf-8") == "# 手工整理的记录\n"
    assert "已有记录" in capsys.readouterr().err


def test_overwrite_option_replaces_an_existing_record(tmp_path):
    content = empty_content(tmp_path)
    (content / "2021").mkdir()
    (content / "2021" / "yzq-dqfwzx.yml").write_text("# 手工整理的记录\n", encoding="utf-8")
    assert _run(tmp_path, str(SEED_TABLE), "--overwrite") == 0
    assert loaded_record(content, "yzq-dqfwzx", 2021).projects[0].name == "基层党组织、党务工作者工作经费"


def test_stdout_option_prints_the_record_and_writes_nothing(tmp_path, capsys):
    content = empty_content(tmp_path)
    assert _run(tmp_path, str(SEED_TABLE), "--stdout") == 0
    out = capsys.readouterr().out
    assert out.startswith("# yaml-language-server:")
    assert "单位编码: yzq-dqfwzx\n" in out
    assert not (content / "2021").exists()


def test_document_without_a_known_department_asks_for_the_option(tmp_path, capsys):
    empty_content(tmp_path)
    path = tmp_path / "report.txt"
    path.write_text(SEED_REPORT.read_text(encoding="utf-8").replace("市委办公室", "本单位"), encoding="utf-8")
    assert _run(tmp_path, str(path)) == 1
    assert "无法确定单位。请用 --department 单位编码 指定" in capsys.readouterr().err


def test_department_option_names_the_department(tmp_path, capsys):
    content = empty_content(tmp_path)
    path = tmp_path / "report.txt"
    path.write_text(SEED_REPORT.read_text(encoding="utf-8").replace("市委办公室", "本单位"), encoding="utf-8")
    assert _run(tmp_path, str(path), "--department", "xx-swbgs") == 0
    assert loaded_record(content, "xx-swbgs", 2024).projects
    assert "按命令行 --department 指定" in capsys.readouterr().err


def test_unknown_department_option_is_refused_with_the_known_codes(tmp_path, capsys):
    empty_content(tmp_path)
    assert _run(tmp_path, str(SEED_TABLE), "--department", "no-such-unit") == 1
    assert "单位编码“no-such-unit”不在单位名录（departments.yml）中。已登记的编码：xx-swbgs、yzq-dqfwzx" in capsys.readouterr().err


def test_document_without_a_year_asks_for_the_option(tmp_path, capsys):
    content = empty_content(tmp_path)
    path = tmp_path / "report.txt"
    path.write_text(SEED_REPORT.read_text(encoding="utf-8").replace("2024年度", ""), encoding="utf-8")
    assert _run(tmp_path, str(path)) == 1
    assert "无法确定年度。请用 --year 年份 指定" in capsys.readouterr().err
    assert _run(tmp_path, str(path), "--year", "2024") == 0
    assert loaded_record(content, "xx-swbgs", 2024).projects


def test_gbk_encoded_text_file_is_read(tmp_path):
    content = empty_content(tmp_path)
    path = tmp_path / "gbk.txt"
    path.write_bytes(SEED_TABLE.read_text(encoding="utf-8").encode("gb18030"))
    assert _run(tmp_path, str(path)) == 0
    assert loaded_record(content, "yzq-dqfwzx", 2021).coverage.amount == 4


def test_forms_of_one_department_and_year_in_several_files_become_one_record(tmp_path):
    content = empty_content(tmp_path)
    copy = tmp_path / "copy.txt"
    shutil.copy(SEED_TABLE, copy)
    assert _run(tmp_path, str(SEED_TABLE), str(copy)) == 0
    assert [p.code for p in loaded_record(content, "yzq-dqfwzx", 2021).projects] == ["p01", "p02"]


def test_excel_formula_saved_without_its_result_is_refused_rather_than_imported_empty(tmp_path, capsys):
    import openpyxl

    empty_content(tmp_path)
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "三级指标"
    workbook.active["B1"] = "=1+1"  # written by a program: no cached result in the file
    path = tmp_path / "公式.xlsx"
    workbook.save(str(path))
    assert _run(tmp_path, str(path), "--department", "yzq-dqfwzx", "--year", "2021") == 1
    assert "单元格 B1 是公式 =1+1，文件中没有保存计算结果。请在 Excel 或 WPS 中打开并保存一次，再导入" in capsys.readouterr().err


def test_code_for_a_project_not_in_the_files_is_pointed_out(tmp_path, capsys):
    empty_content(tmp_path)
    assert _run(tmp_path, str(SEED_TABLE), "--code", "会议经费=huiyi-jingfei") == 0
    assert "--code 指定的项目“会议经费”在导入的文件中没有找到" in capsys.readouterr().err
