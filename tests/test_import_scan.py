"""Scanned forms: Tesseract's word boxes (a .tsv as Tesseract writes it, or a page image / scanned PDF read by
Tesseract) rebuilt into the form's cells by position, and what the user is told when no OCR program is there.

The forms are made up (tests/scan_forms.py), not any corpus document's layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.import_support import empty_content, import_one
from tests.scan_forms import FONT, page_image, small_form, tesseract_tsv

FIXTURES = Path(__file__).resolve().parent / "data" / "importer"


def _tsv(tmp_path: Path, form=None) -> Path:
    path = tmp_path / "扫描件.tsv"
    path.write_text(tesseract_tsv(form or small_form()), encoding="utf-8")
    return path


def _project(tmp_path: Path, source: Path):
    imported, _ = import_one(tmp_path, source, 2023)
    return imported, imported.record.projects[0]


def test_tesseract_tsv_of_a_ruled_form_imports_its_funds_and_indicators_by_position(tmp_path):
    _, project = _project(tmp_path, _tsv(tmp_path))
    total = project.funds.total
    assert (str(total.initial_budget), str(total.full_year_budget), str(total.executed), str(total.weight), str(total.score)) == ("48", "50", "46.5", "10", "9.3")
    rows = {i.name: (i.target, i.actual, str(i.score)) for i in project.indicators}
    assert rows["修补坑槽"] == ("300处", "310处", "10")
    assert rows["群众出行便利"] == ("明显改善", "明显改善", "30")


def test_a_cell_printed_over_two_lines_is_one_value(tmp_path):
    _, project = _project(tmp_path, _tsv(tmp_path))
    assert next(i.target for i in project.indicators if i.name == "养护里程") == "不少于120公里"


def test_a_label_cell_merged_over_three_rows_names_every_indicator_in_it(tmp_path):
    _, project = _project(tmp_path, _tsv(tmp_path))
    levels = {i.name: (i.level1, i.level2) for i in project.indicators}
    assert [levels[name] for name in ("养护里程", "养护桥梁", "修补坑槽")] == [("产出指标", "数量指标")] * 3
    assert levels["群众出行便利"] == ("效益指标", "社会效益指标")


def test_rules_read_as_characters_are_not_part_of_a_figure(tmp_path):
    form = small_form()
    form.cells = [(r0, c0, r1, c1, {"46.5": "|46.5", "310处": "“|310处", "9.3": "9.3|"}.get(text, text)) for r0, c0, r1, c1, text in form.cells]
    _, project = _project(tmp_path, _tsv(tmp_path, form))
    assert str(project.funds.total.executed) == "46.5" and str(project.funds.total.score) == "9.3"
    assert next(i.actual for i in project.indicators if i.name == "修补坑槽") == "310处"


def test_headers_whose_suffix_bracket_the_ocr_lost_still_name_their_columns(tmp_path):
    form = small_form()
    form.cells = [(r0, c0, r1, c1, {"年度指标值": "年度指标值(和", "实际完成值": "实际完成值B)"}.get(text, text)) for r0, c0, r1, c1, text in form.cells]
    _, project = _project(tmp_path, _tsv(tmp_path, form))
    assert {i.name: (i.target, i.actual) for i in project.indicators}["养护桥梁"] == ("12座", "12座")


def test_a_total_score_printed_with_its_unit_is_the_records_score(tmp_path):
    # "总分 | 89.3分", the figure in one cell merged across the row
    _, project = _project(tmp_path, _tsv(tmp_path))
    assert str(project.total_score) == "89.3"


def test_a_record_read_from_a_scan_says_so_to_the_user_and_in_its_editors_note(tmp_path):
    imported, _ = _project(tmp_path, _tsv(tmp_path))
    assert any(note.startswith("扫描件：文字由") and "请逐项对照原件核对" in note for note in imported.notes)
    assert "据扫描件经文字识别" in imported.record.editor_note


def test_a_file_that_is_not_tesseract_output_is_refused_with_the_reason(tmp_path, capsys):
    content = empty_content(tmp_path)
    source = tmp_path / "表.tsv"
    source.write_text("项目名称\t某某经费\n年初预算数\t10\n", encoding="utf-8")
    assert main(["import", str(source), "--content", str(content), "--department", "yzq-dqfwzx"]) == 1
    err = capsys.readouterr().err
    assert "表.tsv：不是 Tesseract 的 TSV 输出" in err and "Traceback" not in err
    assert not list(content.glob("*/*.yml"))


@pytest.mark.parametrize("name", ["扫描件.png", "scanned_2022.pdf"])
def test_a_scan_without_tesseract_says_what_to_install_and_writes_nothing(tmp_path, capsys, monkeypatch, name):
    content = empty_content(tmp_path)
    source = tmp_path / name
    if name.endswith(".pdf"):
        shutil.copy(FIXTURES / name, source)
    else:
        from PIL import Image

        Image.new("L", (200, 100), 255).save(source)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))  # a machine without tesseract
    assert main(["import", str(source), "--content", str(content), "--department", "yzq-dqfwzx"]) == 1
    err = capsys.readouterr().err
    assert f"{name}：扫描件，没有可读取的文字" in err
    assert "本机没有安装文字识别程序 tesseract" in err and "apt-get install tesseract-ocr tesseract-ocr-chi-sim" in err
    assert "Traceback" not in err
    assert not list(content.glob("*/*.yml"))


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed (CI installs tesseract-ocr and tesseract-ocr-chi-sim)")
@pytest.mark.skipif(not FONT.is_file(), reason="the page is drawn with WenQuanYi Micro Hei (Debian fonts-wqy-microhei; CI installs it)")
@pytest.mark.parametrize("kind", ["png", "pdf"])
def test_a_scanned_page_is_read_by_tesseract_into_the_forms_fields(tmp_path, kind):
    image = page_image(small_form(), tmp_path / "扫描件.png")
    if kind == "pdf":  # a scanner's PDF: the page as one image, no text layer
        from PIL import Image

        with Image.open(image) as page:
            page.convert("RGB").save(tmp_path / "扫描件.pdf", resolution=300)
        image = tmp_path / "扫描件.pdf"
    imported, project = _project(tmp_path, image)
    assert project.name == "乡村道路养护经费"
    assert (str(project.funds.total.initial_budget), str(project.funds.total.executed)) == ("48", "46.5")
    assert {i.name: i.actual for i in project.indicators}["养护桥梁"] == "12座"
    assert any("Tesseract" in note for note in imported.notes)


def test_ocr_text_whose_indicator_table_cannot_be_read_says_so_and_points_to_the_scan(tmp_path):
    from tests.real_corpus import REAL

    imported, _ = import_one(tmp_path, REAL / "anhui_liuan_yuan_wenwu_2022_ocr.txt", 2022)
    [note] = [n for n in imported.notes if "没有读出绩效指标表" in n]
    assert note.startswith("项目“市级文物保护专项经费”：读出了项目资金表，没有读出绩效指标表")
    assert "请直接导入它（.png、.jpg、.tif、.pdf，需要本机安装 tesseract" in note
