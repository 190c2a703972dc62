"""A narrative 绩效自评报告 kept as a Word document imports like its published text."""

from __future__ import annotations

from generator.importers import import_files
from tests.import_documents import write_report_docx
from tests.import_support import CONTENT, SEED_REPORT


def test_narrative_report_as_word_paragraphs_imports_as_the_published_text_does(tmp_path):
    text_record = import_files([SEED_REPORT], CONTENT, write=False).records[0].record
    path = write_report_docx(tmp_path / "绩效自评报告.docx", SEED_REPORT.read_text(encoding="utf-8"))
    word_record = import_files([path], CONTENT, write=False).records[0].record
    assert word_record == text_record


def test_line_breaks_inside_one_word_paragraph_split_like_lines(tmp_path):
    text = SEED_REPORT.read_text(encoding="utf-8").replace("2024年度办公室维修经费项目\n绩效自评报告", "2024年度办公室维修经费项目\v绩效自评报告")
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            paragraph = document.add_paragraph()
            first, _, second = line.partition("\v")
            run = paragraph.add_run(first)
            if second:
                run.add_break()
                paragraph.add_run(second)
    document.save(str(tmp_path / "r.docx"))
    record = import_files([tmp_path / "r.docx"], CONTENT, write=False).records[0].record
    assert record.projects[2].report_title == "2024年度办公室维修经费项目绩效自评报告"


def test_title_unit_and_date_above_the_reports_are_placed_and_anything_else_kept(tmp_path):
    head = "中共××市委办公室\n2024年度项目支出绩效自评报告\n2025年3月1日\n附件2\n"
    path = write_report_docx(tmp_path / "r.docx", head + SEED_REPORT.read_text(encoding="utf-8"))
    record = import_files([path], CONTENT, write=False).records[0].record
    assert (record.title, str(record.published)) == ("2024年度项目支出绩效自评报告", "2025-03-01")
    assert record.unplaced == ["报告之前的文字：附件2"]
