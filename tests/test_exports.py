"""Readers download the data: CSV that Excel opens, XLSX with numeric cells, JSON with every field."""

from __future__ import annotations

import csv
import io
import json
import time
from decimal import Decimal

import openpyxl
import pytest

from generator.exports import to_csv
from generator.loading import load_content
from generator.pages import build_page_tree
from tests.conftest import CONTENT


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return build_page_tree(load_content(CONTENT)).files


def rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode("utf-8")), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_department_year_projects_csv_holds_published_figures(files):
    projects = rows(files["2024/xx-swbgs/xx-swbgs-2024-projects.csv"])
    meeting = next(r for r in projects if r["项目名称"] == "会议经费")
    assert (meeting["全年预算数（万元）"], meeting["全年执行数（万元）"], meeting["执行率（原文）"]) == ("32", "20.37", "63.66%")
    assert (meeting["自评得分"], meeting["等级"]) == ("96.37", "优")


def test_indicators_csv_has_one_row_per_indicator(files):
    indicators = rows(files["2024/xx-swbgs/xx-swbgs-2024-indicators.csv"])
    first = indicators[0]
    assert (first["三级指标"], first["计量单位"], first["年度指标值"], first["实际完成值"]) == ("召开会议次数", "次", "20", "21")


def test_site_wide_csv_covers_every_record(files):
    projects = rows(files["data/projects.csv"])
    content = load_content(CONTENT)
    assert len(projects) == sum(len(r.record.projects) for r in content.records)


def test_xlsx_has_project_and_indicator_sheets_with_numeric_money(files):
    workbook = openpyxl.load_workbook(io.BytesIO(files["2024/xx-swbgs/xx-swbgs-2024.xlsx"]))
    assert workbook.sheetnames == ["项目", "绩效指标"]
    header = [c.value for c in workbook["项目"][1]]
    meeting = dict(zip(header, [c.value for c in workbook["项目"][2]]))
    assert meeting["全年执行数（万元）"] == pytest.approx(20.37)
    assert workbook["项目"]["J2"].number_format == "0.00"


def test_json_keeps_the_form_labels_and_exact_figures(files):
    document = json.loads(files["2024/xx-swbgs/xx-swbgs-2024.json"])
    project = document["项目"][0]
    assert project["项目资金"]["年度资金总额"]["全年执行数"] == "20.37"
    assert Decimal(project["自评得分"]) == Decimal("96.37")
    assert document["单位"]["编码"] == "xx-swbgs"


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    data = to_csv(("名称", "数"), [("=HYPERLINK(\"http://x\")", "-5"), ("@SUM(A1)", "3")])
    parsed = rows(data)
    assert parsed[0]["名称"].startswith("'=") and parsed[1]["名称"].startswith("'@")
    assert parsed[0]["数"] == "-5"


def test_xlsx_bytes_are_reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build_page_tree(load_content(CONTENT)).files["data/all.xlsx"]
    time.sleep(1.1)  # a clock-based timestamp anywhere in the file would now differ
    second = build_page_tree(load_content(CONTENT)).files["data/all.xlsx"]
    assert first == second


def test_xlsx_drops_characters_a_spreadsheet_cannot_hold():
    from generator.exports import PROJECT_COLUMNS, to_xlsx

    row = tuple("" for _ in PROJECT_COLUMNS[:-1]) + ("优\x07\ufffe",)
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx([("项目", PROJECT_COLUMNS, [row])])))
    assert workbook["项目"].cell(row=2, column=len(PROJECT_COLUMNS)).value == "优"


def test_department_year_page_links_its_downloads_and_the_links_resolve(seed_site):
    page_dir = seed_site / "2024" / "xx-swbgs"
    page = (page_dir / "index.html").read_text(encoding="utf-8")
    for name in ("xx-swbgs-2024.xlsx", "xx-swbgs-2024-projects.csv", "xx-swbgs-2024-indicators.csv", "xx-swbgs-2024.json"):
        assert f'href="{name}"' in page
        assert (page_dir / name).is_file()


def test_home_page_links_the_whole_sites_data(seed_site):
    page = (seed_site / "index.html").read_text(encoding="utf-8")
    for name in ("data/all.xlsx", "data/projects.csv", "data/indicators.csv"):
        assert f'href="{name}"' in page and (seed_site / name).is_file()
