"""The formats users have: old .xls, text PDFs, scanned PDFs, Markdown; and what import says when it cannot.

The .xls and .pdf files under tests/data/importer/ reproduce real regional forms with the content of real
documents of the corpus (build_fixtures.py says which); they are scored against those documents' own
expectations, written from the documents.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.importers import KIND_PROJECT_FORM, import_files, record_kinds
from tests.import_documents import STANDARD, form_rows
from tests.import_support import CONTENT, SEED_TABLE, empty_content, loaded_record
from tests.real_corpus import EXPECTED, load_expectation
from tests.test_real_corpus_import import UNIT, _content, share_placed

FIXTURES = Path(__file__).resolve().parent / "data" / "importer"
REPRODUCED = {
    "hubei_huangshi_gongxiang_2022.xls": "hubei_huangshi_gongxiang_2022",
    "yunnan_yongde_yingyang_2022.pdf": "yunnan_yongde_yingyang_2022",
}


def _import(tmp_path: Path, name: str):
    source = tmp_path / name
    shutil.copy(FIXTURES / name, source)
    return import_files([source], _content(tmp_path), department=UNIT, write=False)


@pytest.mark.parametrize("name", sorted(REPRODUCED))
def test_real_form_as_xls_or_pdf_imports_nine_in_ten_of_its_figures(tmp_path, name):
    result = _import(tmp_path, name)
    assert not result.failures, result.failures
    record = result.records[0].record
    expectation = load_expectation(EXPECTED.parent / f"{REPRODUCED[name]}.txt")
    assert record_kinds(record) == [KIND_PROJECT_FORM]
    share, report = share_placed(expectation, record)
    assert share >= 0.9, report


def test_year_of_an_xls_form_is_read_from_its_title(tmp_path):
    assert _import(tmp_path, "hubei_huangshi_gongxiang_2022.xls").records[0].record.year == 2022


def test_merged_score_of_an_indicator_group_stays_with_its_first_indicator(tmp_path):
    record = _import(tmp_path, "hubei_huangshi_gongxiang_2022.xls").records[0].record
    scores = {i.name: i.score for i in record.projects[0].indicators}
    assert (scores["一个存储备份器"], scores["WIFI布点全覆盖"]) == (10, None)


def test_pdf_cell_wrapped_by_its_width_keeps_its_words_together(tmp_path):
    record = _import(tmp_path, "yunnan_yongde_yingyang_2022.pdf").records[0].record
    assert "减轻贫困学生家庭经济负担" in [i.name for i in record.projects[0].indicators]


def test_sign_printed_in_its_own_column_is_kept_as_printed(tmp_path):
    record = _import(tmp_path, "yunnan_yongde_yingyang_2022.pdf").records[0].record
    targets = {i.name: i.target for i in record.projects[0].indicators}
    assert (targets["学生受资助人数"], targets["政策知晓率"]) == ("≧735人次", "═100%")


def test_scanned_pdf_is_refused_as_a_scan(tmp_path, capsys):
    content = empty_content(tmp_path)
    assert main(["import", str(FIXTURES / "scanned_2022.pdf"), "--content", str(content), "--department", "yzq-dqfwzx"]) == 1
    err = capsys.readouterr().err
    assert "scanned_2022.pdf：扫描件，没有可读取的文字" in err
    assert not list(content.glob("*/*.yml"))


def test_markdown_table_imports_as_the_published_text_does(tmp_path):
    from generator.importers.docx_reader import read_docx_blocks
    from tests.import_documents import write_docx

    seed = import_files([SEED_TABLE], CONTENT, write=False).records[0].record
    rows, width = form_rows(seed.projects[0], STANDARD, 2021)
    grid = next(block for block in read_docx_blocks(write_docx(tmp_path / "form.docx", rows, width)) if not isinstance(block, str)).grid
    lines = ["大同市云州区党群服务中心", ""] + ["| " + " | ".join(cell.replace("\n", "") for cell in row) + " |" for row in grid]
    lines.insert(3, "|" + "---|" * width)
    path = tmp_path / "自评表.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    content = empty_content(tmp_path)
    assert main(["import", str(path), "--content", str(content)]) == 0
    project = loaded_record(content, "yzq-dqfwzx", 2021).projects[0]
    assert project.model_dump(exclude={"code", "summary"}) == seed.projects[0].model_dump(exclude={"code", "summary"})


def test_xlsx_file_named_xls_is_told_to_change_its_extension(tmp_path, capsys):
    empty_content(tmp_path)
    path = tmp_path / "自评表.xls"
    path.write_bytes(b"PK\x03\x04 workbook")
    assert main(["import", str(path), "--content", str(tmp_path / "content"), "--department", "yzq-dqfwzx"]) == 1
    assert "这其实是新版 .xlsx 格式的文件（只是扩展名为 .xls）" in capsys.readouterr().err


def test_missing_content_folder_is_said_in_words_not_as_an_os_error(tmp_path, capsys):
    assert main(["import", str(SEED_TABLE), "--content", str(tmp_path / "没有这个文件夹")]) == 1
    err = capsys.readouterr().err
    assert "内容文件夹不存在，无法确定单位。请用 --content 指定" in err
    assert "Errno" not in err


def test_empty_content_folder_asks_for_the_department_registry(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    assert main(["import", str(SEED_TABLE), "--content", str(tmp_path / "content")]) == 1
    err = capsys.readouterr().err
    assert "内容文件夹中没有单位名录 departments.yml，无法确定单位" in err
    assert "Errno" not in err


def test_file_with_some_labels_says_what_was_found_and_what_is_missing(tmp_path, capsys):
    empty_content(tmp_path)
    path = tmp_path / "半张表.txt"
    path.write_text("2023年度项目支出绩效自评表\n项目名称\t道路养护经费\n年初预算数\t50\n", encoding="utf-8")
    assert main(["import", str(path), "--content", str(tmp_path / "content"), "--department", "yzq-dqfwzx"]) == 1
    err = capsys.readouterr().err
    assert "半张表.txt：找到“项目名称”“年初预算数”，但没有找到项目资金表" in err
    assert "绩效指标表（“一级指标”“二级指标”“三级指标”）" in err


def test_import_names_the_kinds_it_found(tmp_path, capsys):
    content = empty_content(tmp_path)
    assert main(["import", str(SEED_TABLE), "--content", str(content)]) == 0
    assert "：项目支出绩效自评表 1 张、预算绩效管理工作开展情况（自评覆盖）" in capsys.readouterr().err


def test_committed_fixtures_are_what_the_build_script_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("build_fixtures", FIXTURES / "build_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_fixtures"] = module
    spec.loader.exec_module(module)
    for built in module.build(tmp_path):
        assert built.read_bytes() == (FIXTURES / built.name).read_bytes(), built.name


def test_rate_written_as_a_fraction_is_kept_and_pointed_out(tmp_path, capsys):
    real = Path(__file__).resolve().parent / "data" / "real" / "anhui_liuan_yuan_wenwu_2022.txt"
    content = empty_content(tmp_path)
    assert main(["import", str(real), "--content", str(content), "--department", "yzq-dqfwzx", "--stdout"]) == 0
    captured = capsys.readouterr()
    assert "执行率: '0.958'" in captured.out or "执行率: 0.958" in captured.out
    assert "项目资金“年度资金总额”的执行率写作 0.958（不带 %），照原样填入" in captured.err
