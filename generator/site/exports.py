"""Downloadable data: what readers, journalists and auditors take away to their own tools.

The writers of the tables defined in generator/site/datasets.py (this module names no column of its own):
CSV in UTF-8 with a BOM, so Excel on a Chinese Windows opens it without mojibake, and XLSX with one sheet
per table. Figures are typed: numbers in XLSX cells (shown with the decimals they were published with,
132.912 stays 132.912) and exact decimal text in CSV, never through binary floating point; dates are
ISO dates, booleans 是/否. Every file is byte-reproducible.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from generator.records.figures import as_published
from generator.site.datasets import (
    EVALUATED_PROJECTS, EVALUATIONS, FUNDS, INDICATORS, OVERALL, OVERALL_FUNDS, OVERALL_INDICATORS, PROJECTS, RECORD_TABLES, TABLES, Column, Row,
    Table,
)

@dataclass(frozen=True)
class Download:
    path: str
    label: str  # what the link says, e.g. "CSV（项目）"
    data: bytes


TRUE, FALSE = "是", "否"  # booleans in CSV and XLSX, as the data package's schema declares them


def cell_text(value: object) -> str:
    """A typed value as CSV text: figures with their published digits, dates ISO, booleans 是/否, blank as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return TRUE if value else FALSE
    if isinstance(value, Decimal):
        return as_published(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def table_csv(table: Table, rows: list[Row]) -> bytes:
    return to_csv(tuple(c.name for c in table.columns),
                  [tuple(_cell_for(column, row.get(column.name)) for column in table.columns) for row in rows])


def _cell_for(column: Column, value: object) -> str:
    text = cell_text(value)
    return text if column.numeric or column.type in ("date", "boolean") else _defuse(text)


def to_csv(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> bytes:
    """Rows of already-safe text. String cells are defused by the caller (table_csv) or here for plain tables."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
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


def _number_format(value: Decimal | int) -> str:
    """Excel shows a figure with as many decimals as were published: 132.912 stays 132.912, 20.370 stays 20.370."""
    if isinstance(value, int):
        return "0"
    decimals = max(0, -value.as_tuple().exponent)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def to_xlsx(sheets: list[tuple[Table, list[Row]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    # Write-only workbooks stream rows instead of keeping a cell object graph: a city's site-wide
    # workbook has tens of thousands of indicator rows, and the regular mode was most of the build.
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for table, rows in sheets:
        sheet = workbook.create_sheet(table.title)
        for index, column in enumerate(table.columns, start=1):
            width = max([len(column.name) * 2] + [len(cell_text(r.get(column.name))) * 2 for r in rows[:200]])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 60)
        sheet.freeze_panes = "A2"
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, _xml_safe(column.name))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in rows:
            values: list[object] = []
            for column in table.columns:
                value = row.get(column.name)
                if column.numeric and value is not None:
                    cell = WriteOnlyCell(sheet, value)  # openpyxl writes a Decimal's own digits
                    cell.number_format = _number_format(value)
                    values.append(cell)
                elif isinstance(value, dt.date):
                    cell = WriteOnlyCell(sheet, value)
                    cell.number_format = "yyyy-mm-dd"
                    values.append(cell)
                else:
                    values.append(_xml_safe(_cell_for(column, value)))
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


def department_year_downloads(tables: dict[str, list[Row]], stem: str, document: bytes) -> list[Download]:
    """The files beside a department-year page; document is its JSON (the API's department-year document)."""
    # The other record kinds' tables (部门整体, 评价结果) only where the record has them: headers alone say nothing.
    other_kinds = (OVERALL, OVERALL_FUNDS, OVERALL_INDICATORS, EVALUATIONS, EVALUATED_PROJECTS)
    sheets = [t for t in RECORD_TABLES if t not in other_kinds or tables[t.name]]
    return [
        Download(f"{stem}.xlsx", "Excel", to_xlsx([(t, tables[t.name]) for t in sheets])),
        Download(f"{stem}-projects.csv", "CSV（项目）", table_csv(PROJECTS, tables["projects"])),
        Download(f"{stem}-funds.csv", "CSV（项目资金）", table_csv(FUNDS, tables["funds"])),
        Download(f"{stem}-indicators.csv", "CSV（绩效指标）", table_csv(INDICATORS, tables["indicators"])),
        *(Download(f"{stem}-{t.name.replace('_', '-')}.csv", f"CSV（{t.title}）", table_csv(t, tables[t.name]))
          for t in other_kinds if tables[t.name]),
        Download(f"{stem}.json", "JSON（完整记录）", document),
    ]


def workbook(tables: dict[str, list[Row]], path: str, label: str) -> Download:
    return Download(path, label, to_xlsx([(t, tables[t.name]) for t in TABLES]))
