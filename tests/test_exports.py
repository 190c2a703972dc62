"""Readers download the data: typed CSV, XLSX and JSON that agree with the records, and a valid data package."""

from __future__ import annotations

import csv
import datetime
import io
import json
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.site.datasets import INDICATORS, PROJECTS, TABLES
from generator.site.exports import table_csv
from generator.records.loading import load_content
from generator.site.pages import build_page_tree
from tests.conftest import CONTENT


@pytest.fixture(scope="module")
def content():
    return load_content(CONTENT)


@pytest.fixture(scope="module")
def files(content) -> dict[str, bytes]:
    return build_page_tree(content).files


def rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode("utf-8")), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def decimal_json(data: bytes):
    return json.loads(data, parse_float=Decimal)


def workbook_rows(data: bytes, sheet: str) -> list[dict[str, object]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    values = list(book[sheet].iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


# --- CSV -------------------------------------------------------------------------------------------


def test_projects_csv_holds_published_figures_with_their_units_in_the_header(files):
    meeting = next(r for r in rows(files["2024/xx-swbgs/xx-swbgs-2024-projects.csv"]) if r["项目名称"] == "会议经费")
    assert (meeting["全年预算数（万元）"], meeting["全年执行数（万元）"]) == ("32", "20.37")
    assert (meeting["执行率（原文）"], meeting["执行率（%）"]) == ("63.66%", "63.66")
    assert (meeting["自评得分（分）"], meeting["等级"]) == ("96.37", "优")


def test_site_wide_csv_totals_agree_with_the_records(files, content):
    projects = rows(files["data/projects.csv"])
    records = [p for r in content.records for p in r.record.projects]
    assert len(projects) == len(records)
    assert sum(Decimal(r["全年执行数（万元）"]) for r in projects) == sum(p.funds.total.executed for p in records)
    assert sum(Decimal(r["全年预算数（万元）"]) for r in projects) == sum(p.funds.total.full_year_budget for p in records)


def test_a_grade_the_document_does_not_state_is_one_word_everywhere(files, seed_site):
    project = next(r for r in rows(files["data/projects.csv"]) if r["年度"] == "2021")
    assert project["等级"] == "原文未载明"
    for page in ("index.html", "2021/index.html", "2021/yzq-dqfwzx/index.html"):
        html = (seed_site / page).read_text(encoding="utf-8")
        assert "未评级" not in html
        assert "原文未载明" in html, page


def test_template_rows_are_marked_and_not_counted_as_indicators(files):
    indicators = [r for r in rows(files["data/indicators.csv"]) if r["年度"] == "2021"]
    marked = [r for r in indicators if r["模板行"] == "是"]
    real = [r for r in indicators if r["模板行"] == "否"]
    assert len(real) == 7 and len(marked) == len(indicators) - 7
    assert all(r["三级指标"] in ("", "……") or r["三级指标"].startswith("指标") for r in marked)
    project = next(r for r in rows(files["data/projects.csv"]) if r["年度"] == "2021")
    assert project["绩效指标数（项）"] == "7"


def test_indicator_text_stays_beside_its_number(files):
    indicators = rows(files["2024/xx-swbgs/xx-swbgs-2024-indicators.csv"])
    first = indicators[0]
    assert (first["三级指标"], first["计量单位"], first["年度指标值（原文）"], first["年度指标值（数值）"]) == ("召开会议次数", "次", "20", "20")
    at_least = next(r for r in rows(files["data/indicators.csv"]) if r["年度指标值（原文）"].startswith("≥"))
    assert at_least["年度指标值比较符"] == "≥"
    assert Decimal(at_least["年度指标值（数值）"]) == Decimal(at_least["年度指标值（原文）"].strip("≥%"))
    worded = next(r for r in indicators if r["年度指标值（原文）"] == "提高")
    assert worded["年度指标值（数值）"] == ""


def test_funds_csv_lists_every_filled_row_of_the_funds_block(files, content):
    funds = rows(files["data/funds.csv"])
    record = next(r.record for r in content.records if r.record.year == 2021)
    project = record.projects[0]
    mine = [r for r in funds if r["项目编码"] == project.code]
    assert [r["资金来源"] for r in mine] == ["年度资金总额", "当年财政拨款"]
    assert Decimal(mine[1]["全年执行数（万元）"]) == project.funds.current_year.executed


def test_site_computations_are_named_as_the_sites_and_agree_with_the_pages(files, seed_site):
    project = next(r for r in rows(files["data/projects.csv"]) if r["项目名称"] == "办公设备购置经费")
    assert (project["自评得分（分）"], project["本站复算总分（分）"], project["自评得分减本站复算总分（分）"]) == ("99.89", "95.89", "4.00")
    page = (seed_site / project["网页地址"] / "index.html").read_text(encoding="utf-8")
    assert "95.89" in page
    assert int(project["本站检查提示数（处）"]) == page.count('class="jx-severity ')
    site_columns = [c.name for c in PROJECTS.columns if c.voice.value == "本站计算"]
    assert all("本站" in name or name.startswith("未填写") or name.startswith("绩效指标数") for name in site_columns)


def test_narrative_and_dates_are_in_the_data(files):
    report = next(r for r in rows(files["data/reports.csv"]) if r["年度"] == "2021")
    assert report["公开日期"] == "2022-12-07" and "绩效自评" in report["预算绩效管理工作开展情况"]
    assert report["发布机构"] == "大同市云州区党群服务中心" and "上线日期" in report
    project = next(r for r in rows(files["data/projects.csv"]) if r["年度"] == "2021")
    assert project["自评综述"].startswith("根据年初设定的绩效目标") and project["下一步改进措施及管理建议"]
    sections = [r for r in rows(files["data/sections.csv"]) if r["年度"] == "2024"]
    assert sections and all(r["项目编码"] for r in sections)


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    row = {c.name: "" for c in PROJECTS.columns} | {"项目名称": "=HYPERLINK(\"http://x\")", "主管部门": "@SUM(A1)",
                                                      "自评得分减本站复算总分（分）": Decimal("-5")}
    parsed = rows(table_csv(PROJECTS, [row]))[0]
    assert parsed["项目名称"].startswith("'=") and parsed["主管部门"].startswith("'@")
    assert parsed["自评得分减本站复算总分（分）"] == "-5"


# --- XLSX ------------------------------------------------------------------------------------------


def test_xlsx_has_one_sheet_per_table_with_numeric_cells(files, content):
    book = openpyxl.load_workbook(io.BytesIO(files["2024/xx-swbgs/xx-swbgs-2024.xlsx"]))
    assert book.sheetnames == ["绩效情况说明", "项目", "项目资金", "绩效指标", "报告正文"]
    projects = workbook_rows(files["2024/xx-swbgs/xx-swbgs-2024.xlsx"], "项目")
    meeting = next(r for r in projects if r["项目名称"] == "会议经费")
    assert meeting["全年执行数（万元）"] == pytest.approx(20.37) and meeting["自评得分（分）"] == pytest.approx(96.37)
    assert isinstance(meeting["年度"], int) and isinstance(meeting["执行率（%）"], float)
    record = next(r.record for r in content.records if r.record.year == 2024)
    assert sum(Decimal(str(r["全年执行数（万元）"])) for r in projects) == sum(p.funds.total.executed for p in record.projects)


def test_xlsx_shows_a_figure_with_the_decimals_it_was_published_with(files):
    book = openpyxl.load_workbook(io.BytesIO(files["data/all.xlsx"]))
    sheet = book["项目"]
    header = [c.value for c in sheet[1]]
    column = header.index("全年执行数（万元）")
    formats = {row[column].value: row[column].number_format for row in sheet.iter_rows(min_row=2)}
    assert formats[20.37] == "#,##0.00" and formats[3.92] == "#,##0.00" and formats[3] == "#,##0"


def test_xlsx_dates_are_dates(files):
    reports = workbook_rows(files["data/all.xlsx"], "绩效情况说明")
    assert {r["公开日期"].date().isoformat() for r in reports if r["公开日期"]} >= {"2022-12-07"}


def test_xlsx_bytes_depend_on_the_rows_alone(monkeypatch):
    first = build_page_tree(load_content(CONTENT)).files["data/all.xlsx"]
    time.sleep(1.1)  # a clock-based timestamp anywhere in the file would now differ
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # nor may the build's date enter it
    second = build_page_tree(load_content(CONTENT)).files["data/all.xlsx"]
    assert first == second


def test_xlsx_drops_characters_a_spreadsheet_cannot_hold():
    from generator.site.exports import to_xlsx

    row = {c.name: None for c in PROJECTS.columns} | {"项目名称": "会议\x07\ufffe经费"}
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx([(PROJECTS, [row])])))
    assert workbook_rows(to_xlsx([(PROJECTS, [row])]), "项目")[0]["项目名称"] == "会议经费"
    assert book.sheetnames == ["项目"]


def test_xlsx_keeps_markup_characters_and_edge_spaces_as_text():
    from generator.site.exports import to_xlsx

    name = " 会议 & <经费> \"甲\" "
    row = {c.name: None for c in PROJECTS.columns} | {"项目名称": name}
    assert workbook_rows(to_xlsx([(PROJECTS, [row])]), "项目")[0]["项目名称"] == name


def test_xlsx_parts_are_well_formed_xml_each_declared_in_the_content_types(files):
    import zipfile
    from xml.etree import ElementTree

    archive = zipfile.ZipFile(io.BytesIO(files["data/all.xlsx"]))
    types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    declared = {e.get("PartName") for e in types if e.get("PartName")}
    for name in archive.namelist():
        ElementTree.fromstring(archive.read(name))
        if not name.endswith(".rels") and name != "[Content_Types].xml":
            assert "/" + name in declared, name


# --- JSON ------------------------------------------------------------------------------------------


def test_json_figures_are_numbers_with_their_published_digits(files, content):
    document = decimal_json(files["2024/xx-swbgs/xx-swbgs-2024.json"])
    meeting = next(p for p in document["项目"] if p["项目"]["项目名称"] == "会议经费")
    assert meeting["项目"]["全年执行数（万元）"] == Decimal("20.37") and meeting["项目"]["自评得分（分）"] == Decimal("96.37")
    assert meeting["绩效指标"][0]["分值（分）"] == 8 and not isinstance(meeting["绩效指标"][0]["分值（分）"], str)
    record = next(r.record for r in content.records if r.record.year == 2024)
    assert sum(p["项目"]["全年预算数（万元）"] for p in document["项目"]) == sum(p.funds.total.full_year_budget for p in record.projects)
    assert document["绩效情况说明"]["单位编码"] == "xx-swbgs"


def test_json_keeps_trailing_zeros_a_unit_printed():
    from generator.site.api import dumps

    assert dumps({"全年执行数（万元）": Decimal("20.370")}) == '{\n "全年执行数（万元）": 20.370\n}\n'.encode()


_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
_FIGURE = st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**9, max_value=10**9)
_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | _FIGURE | st.dates() | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4), max_leaves=20)


def _as_read(value):
    """What a reader parsing the JSON with parse_float=Decimal should get back."""
    if isinstance(value, dict):
        return {key: _as_read(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_read(item) for item in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


@given(_VALUE)
def test_json_documents_read_back_with_every_published_digit(document):
    from generator.site.api import dumps

    text = dumps(document).decode("utf-8")
    read = json.loads(text, parse_float=Decimal)
    assert read == _as_read(document)
    # Same digits, not only the same value: 20.370 stays 20.370 (a whole figure reads back as an integer).
    for written, back in zip(_leaves(document), _leaves(read), strict=True):
        if isinstance(written, Decimal):
            assert f"{written:f}" == (f"{back:f}" if isinstance(back, Decimal) else str(back))


def _leaves(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


# --- Data package ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def written(files, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("data")
    for path, data in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


@pytest.mark.parametrize("package", ["data/datapackage.json", "data/2021/datapackage.json", "data/2024/datapackage.json"])
def test_data_package_validates_with_frictionless(written, package):
    from frictionless import validate

    report = validate(str(written / package))
    assert report.valid, report.flatten(["type", "message"])[:5]


def test_data_package_describes_every_csv_with_types_units_and_keys(files):
    package = json.loads(files["data/datapackage.json"])
    assert [r["path"] for r in package["resources"]] == [f"{t.name}.csv" for t in TABLES]
    for resource in package["resources"]:
        header = next(csv.reader(io.StringIO(files[f"data/{resource['path']}"].decode("utf-8-sig"))))
        assert header == [f["name"] for f in resource["schema"]["fields"]]
    indicators = next(r for r in package["resources"] if r["name"] == "indicators")["schema"]
    assert indicators["foreignKeys"] == [{"fields": ["年度", "单位编码", "项目编码"],
                                          "reference": {"resource": "projects", "fields": ["年度", "单位编码", "项目编码"]}}]
    money = next(f for f in next(r for r in package["resources"] if r["name"] == "projects")["schema"]["fields"]
                 if f["name"] == "全年执行数（万元）")
    assert (money["type"], money["unit"]) == ("number", "万元")


def test_frictionless_catches_an_indicator_of_a_project_not_in_the_package(written, tmp_path):
    """The foreign key is real: drop a project and its indicators no longer validate."""
    import shutil

    from frictionless import validate

    folder = tmp_path / "pkg"
    shutil.copytree(written / "data" / "2024", folder)
    lines = (folder / "projects.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    (folder / "projects.csv").write_text("".join(lines[:1] + lines[2:]), encoding="utf-8-sig")
    report = validate(str(folder / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_indicator_table_schema_is_the_writers_header():
    from generator.site.datapackage import table_schema

    assert [f["name"] for f in table_schema(INDICATORS)["fields"]] == [c.name for c in INDICATORS.columns]


# --- Links -----------------------------------------------------------------------------------------


def test_department_year_page_links_its_downloads_and_the_links_resolve(seed_site):
    page_dir = seed_site / "2024" / "xx-swbgs"
    page = (page_dir / "index.html").read_text(encoding="utf-8")
    for name in ("xx-swbgs-2024.xlsx", "xx-swbgs-2024-projects.csv", "xx-swbgs-2024-funds.csv",
                 "xx-swbgs-2024-indicators.csv", "xx-swbgs-2024.json"):
        assert f'href="{name}"' in page
        assert (page_dir / name).is_file()


def test_home_page_links_the_whole_sites_data(seed_site):
    page = (seed_site / "index.html").read_text(encoding="utf-8")
    for name in ("data/all.xlsx", "data/projects.csv", "data/indicators.csv", "data/datapackage.json"):
        assert f'href="{name}"' in page and (seed_site / name).is_file()


def test_site_workbook_sizes_its_columns_by_the_sites_first_rows_as_a_workbook_of_all_rows_would(files, content):
    # The site's workbook is joined from each record's kept pieces; its column widths must be those a workbook
    # written from the whole site's rows in one piece gets (the first rows are the first records').
    from zipfile import ZipFile

    from generator.rules.audit import audit_content
    from generator.site.datasets import RECORD_TABLES, Source, department_rows, record_rows
    from generator.site.exports import to_xlsx
    from generator.site.paths import page_url

    source = Source(content, audit_content(content), page_url)
    ordered = sorted(content.records, key=lambda r: (-r.record.year, content.department(r.record).order, r.record.department))
    whole = {t.name: [] for t in RECORD_TABLES}
    for loaded in ordered:
        for name, table_rows in record_rows(source, loaded).items():
            whole[name] += table_rows
    whole["departments"] = department_rows(content)
    expected = ZipFile(io.BytesIO(to_xlsx([(t, whole[t.name]) for t in TABLES])))
    published = ZipFile(io.BytesIO(files["data/all.xlsx"]))
    for i in range(1, len(TABLES) + 1):
        def cols(book):
            text = book.read(f"xl/worksheets/sheet{i}.xml").decode("utf-8")
            return text[text.index("<cols>"):text.index("</cols>")]
        assert cols(published) == cols(expected)
