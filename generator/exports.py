"""Downloadable data: what readers, journalists and auditors take away to their own tools.

For each department-year and for the whole site: projects and indicators as CSV (UTF-8 with BOM,
so Excel on a Chinese Windows opens it without mojibake), XLSX (two sheets), and the complete record as
JSON with the form's Chinese keys. Figures are the published ones; in JSON and CSV they are written
as exact decimal text, never through binary floating point. Every file is byte-reproducible.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from .loading import Content, LoadedRecord
from .model import Department, DepartmentYear

PROJECT_COLUMNS = (
    "年度", "单位编码", "单位名称", "项目编码", "项目名称", "主管部门", "实施单位",
    "年初预算数（万元）", "全年预算数（万元）", "全年执行数（万元）", "执行率（原文）", "自评得分", "等级",
)
INDICATOR_COLUMNS = (
    "年度", "单位编码", "单位名称", "项目编码", "项目名称", "一级指标", "二级指标", "三级指标", "计量单位",
    "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施",
)
# Columns that hold figures: written as numbers in XLSX, as exact text in CSV.
NUMERIC = {"年度", "年初预算数（万元）", "全年预算数（万元）", "全年执行数（万元）", "自评得分", "分值", "得分"}


@dataclass(frozen=True)
class Download:
    path: str
    label: str  # what the link says, e.g. "CSV（项目）"
    data: bytes


def _figure(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


def project_rows(record: DepartmentYear, department: Department) -> list[tuple[str, ...]]:
    rows = []
    for p in record.projects:
        total = p.funds.total
        rows.append((
            str(record.year), department.code, department.full_name, p.code, p.name, p.supervisor, p.implementer,
            _figure(total.initial_budget), _figure(total.full_year_budget), _figure(total.executed), total.rate,
            _figure(p.total_score), p.grade or "",
        ))
    return rows


def indicator_rows(record: DepartmentYear, department: Department) -> list[tuple[str, ...]]:
    rows = []
    for p in record.projects:
        for ind in p.indicators:
            rows.append((
                str(record.year), department.code, department.full_name, p.code, p.name, ind.level1.value, ind.level2,
                ind.name, ind.unit, ind.target, ind.actual, _figure(ind.weight), _figure(ind.score), ind.deviation,
            ))
    return rows


def to_csv(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    # A cell starting with = + - @ would be run as a formula by spreadsheet programs (CSV injection).
    writer.writerows(tuple(_defuse(cell) for cell in row) for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xml_safe(text: str) -> str:
    """XLSX is XML: C0 controls and U+FFFE/U+FFFF cannot be stored and would abort the whole build."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text).replace("\ufffe", "").replace("\uffff", "")


def _defuse(cell: str) -> str:
    if cell[:1] in ("=", "+", "@", "\t", "\r") or (cell[:1] == "-" and not _is_number(cell)):
        return "'" + cell
    return cell


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
        return True
    except ArithmeticError:
        return False


def to_xlsx(sheets: list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    # Write-only workbooks stream rows instead of keeping a cell object graph: a city's site-wide
    # workbook has tens of thousands of indicator rows, and the regular mode was most of the build.
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title)
        for index, column in enumerate(columns, start=1):
            width = max([len(column) * 2] + [len(str(r[index - 1])) * 2 for r in rows[:200]])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 60)
        sheet.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, _xml_safe(column))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        formats = ["0.00" if "万元" in column else "General" for column in columns]
        for row in rows:
            values: list[object] = []
            for column, value, number_format in zip(columns, row, formats):
                if column in NUMERIC and value != "":
                    cell = WriteOnlyCell(sheet, Decimal(value))  # openpyxl writes a Decimal's own digits
                    cell.number_format = number_format
                    values.append(cell)
                else:
                    values.append(_xml_safe(_defuse(value)))
            sheet.append(values)
    stamp = _build_time()
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.creator = "jixiao"
    # Workbook.save() stamps `modified` with the clock; ExcelWriter keeps the properties we set.
    from openpyxl.writer.excel import ExcelWriter

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _normalize_zip(raw.getvalue())


def _build_time() -> dt.datetime:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    return dt.datetime.fromtimestamp(max(epoch, 315532800), dt.timezone.utc).replace(tzinfo=None)


def _normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times and order, so two builds of one commit give identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = _build_time().timetuple()[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def to_json(loaded: LoadedRecord, department: Department) -> bytes:
    document = {
        "单位": {"编码": department.code, "全称": department.full_name, "简称": department.short_name},
        **loaded.record.model_dump(mode="json", by_alias=True, exclude_defaults=True),
    }
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def department_year_downloads(loaded: LoadedRecord, department: Department, folder: str) -> list[Download]:
    record = loaded.record
    projects = project_rows(record, department)
    indicators = indicator_rows(record, department)
    stem = f"{folder}/{department.code}-{record.year}"
    return [
        Download(f"{stem}.xlsx", "Excel", to_xlsx([("项目", PROJECT_COLUMNS, projects), ("绩效指标", INDICATOR_COLUMNS, indicators)])),
        Download(f"{stem}-projects.csv", "CSV（项目）", to_csv(PROJECT_COLUMNS, projects)),
        Download(f"{stem}-indicators.csv", "CSV（绩效指标）", to_csv(INDICATOR_COLUMNS, indicators)),
        Download(f"{stem}.json", "JSON（完整记录）", to_json(loaded, department)),
    ]


def site_downloads(content: Content, folder: str = "data") -> list[Download]:
    projects: list[tuple[str, ...]] = []
    indicators: list[tuple[str, ...]] = []
    for loaded in content.records:
        department = content.department(loaded.record)
        projects += project_rows(loaded.record, department)
        indicators += indicator_rows(loaded.record, department)
    return [
        Download(f"{folder}/all.xlsx", "Excel（全部年度、全部单位）", to_xlsx([("项目", PROJECT_COLUMNS, projects), ("绩效指标", INDICATOR_COLUMNS, indicators)])),
        Download(f"{folder}/projects.csv", "CSV（全部项目）", to_csv(PROJECT_COLUMNS, projects)),
        Download(f"{folder}/indicators.csv", "CSV（全部绩效指标）", to_csv(INDICATOR_COLUMNS, indicators)),
    ]
