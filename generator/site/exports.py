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
import re
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

from generator.hashing import file_key
from generator.site.page_tree import KeptFile, file_bytes
from generator.site.zip_parts import Deflated, zip_archive
from generator.records.figures import as_published
from generator.site.datasets import (
    EVALUATED_PROJECTS, EVALUATIONS, FUNDS, INDICATORS, OVERALL, OVERALL_FUNDS, OVERALL_INDICATORS, PROJECTS, RECORD_TABLES, TABLES, Column, Row,
    Table,
)

@dataclass(frozen=True)
class Download:
    path: str
    label: str  # what the link says, e.g. "CSV（项目）"
    data: bytes | KeptFile  # its size is len(data)
    key: str | None = field(default=None, compare=False, repr=False)  # file_key(path, data), where its maker kept it

    def file_key(self) -> str:
        return self.key if self.key is not None else file_key(self.path, file_bytes(self.data))


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
    return csv_head(table) + csv_body(table, rows)


# A CSV file is its head (byte-order mark and header line) and then one line per row, each written alone: the
# body of a year's or the whole site's file is the bodies of its records' files one after another, so each
# row is written once (generator/site/open_data.py).
def csv_head(table: Table) -> bytes:
    return to_csv(tuple(c.name for c in table.columns), [])


def csv_body(table: Table, rows: list[Row]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [tuple(_cell_for(column, row.get(column.name)) for column in table.columns) for row in rows])
    return buffer.getvalue().encode("utf-8")


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


# XML 1.0 cannot hold C0 controls (other than tab and line breaks) nor U+FFFE/U+FFFF: they would make the file
# unreadable, so they are dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


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
    decimals = min(max(0, -value.as_tuple().exponent), _MOST_DECIMALS)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


# Number formats Excel knows by number (ECMA-376 18.8.30); others are declared in styles.xml from 164 on.
_BUILTIN_FORMATS = {"0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4}
_DATE_FORMAT = "yyyy-mm-dd"
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# A workbook is a function of its rows alone: no clock, no build date, fixed entry times (zip_parts.py), so two
# builds, of one commit or of two, give the same bytes for the same rows.


def _text(value: str) -> str:
    text = escape(_xml_safe(value)).replace("\r", "&#13;")
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f"<is><t{space}>{text}</t></is>"


# cellXfs: 0 plain, 1 the bold header, then one per number format, always the same list in the same order. A
# fixed table makes a row's XML depend on the row alone, so the whole site's workbook is its records' rows
# written once each and joined (generator/site/open_data.py keeps them between builds). A figure published with
# more decimals than the table has is shown with the table's most; its cell still holds every digit.
_MOST_DECIMALS = 12
_FORMATS = ("0", _DATE_FORMAT, *("#,##0" + ("." + "0" * d if d else "") for d in range(_MOST_DECIMALS + 1)))
_STYLE = {code: index for index, code in enumerate(_FORMATS, start=2)}


def _styles_xml() -> str:
    custom = [(code, 164 + i) for i, code in enumerate(c for c in _FORMATS if c not in _BUILTIN_FORMATS)]
    ids = {code: _BUILTIN_FORMATS.get(code) for code in _FORMATS} | dict(custom)
    numfmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{escape(c, {chr(34): "&quot;"})}"/>' for c, i in custom)
    xfs = "".join(f'<xf numFmtId="{ids[c]}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                  for c in _FORMATS)
    return (f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
            f'<numFmts count="{len(custom)}">{numfmts}</numFmts>'
            '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            + f'<cellXfs count="{len(_FORMATS) + 2}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
              '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
            + xfs + '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
              '</styleSheet>')


def sheet_rows(table: Table, rows: list[Row]) -> bytes:
    """The rows of a sheet as SpreadsheetML, without cell and row references (r=, optional in ECMA-376 18.3.1):
    a row's XML is the same wherever it stands, so a year's or the site's sheet is its records' rows joined."""
    out = []
    kinds = [(column.name, column.numeric, column) for column in table.columns]
    for row in rows:
        out.append("<row>")
        for name, numeric, column in kinds:
            value = row.get(name)
            if numeric and value is not None:
                out.append(f'<c s="{_STYLE[_number_format(value)]}"><v>{value if isinstance(value, int) else format(value, "f")}</v></c>')
            elif isinstance(value, dt.date):
                day = value.date() if isinstance(value, dt.datetime) else value
                out.append(f'<c s="{_STYLE[_DATE_FORMAT]}"><v>{(day - _EXCEL_EPOCH).days}</v></c>')
            else:
                text = _cell_for(column, value)
                # An empty cell still takes its column's place: without references, a reader counts cells.
                out.append(f'<c t="inlineStr">{_text(text)}</c>' if text else "<c/>")
        out.append("</row>")
    return "".join(out).encode("utf-8")


# A sheet's column widths follow its first rows (their cells' lengths), as a reader sizes them by eye.
WIDTH_ROWS = 200


def row_widths(table: Table, rows: list[Row]) -> list[tuple[int, ...]]:
    """What the column widths are made from: each of the first WIDTH_ROWS rows' cell widths, column by column.
    Kept per record for the site's workbook, whose first rows are the first records' (open_data.py)."""
    return [tuple(len(cell_text(r.get(column.name))) * 2 for column in table.columns) for r in rows[:WIDTH_ROWS]]


def _sheet(table: Table, widths: list[tuple[int, ...]], body: list[bytes | Deflated]) -> list[bytes | Deflated]:
    """A worksheet in pieces: column widths from row_widths of its first rows, the bold frozen header, then body
    (sheet_rows output; for the site's workbook one piece per year, compressed and kept apart: zip_parts.py)."""
    cols = []
    for index, column in enumerate(table.columns, start=1):
        width = max([len(column.name) * 2] + [row[index - 1] for row in widths[:WIDTH_ROWS]])
        cols.append(f'<col min="{index}" max="{index}" width="{min(max(width, 8), 60)}" customWidth="1"/>')
    head = (f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{"".join(cols)}</cols><sheetData>'
            + '<row>' + "".join(f'<c s="1" t="inlineStr">{_text(column.name)}</c>' for column in table.columns) + '</row>')
    return [head.encode("utf-8"), *body, b"</sheetData></worksheet>"]


def to_xlsx(sheets: list[tuple[Table, list[Row]]], bodies: dict[str, list[bytes | Deflated]] | None = None,
            widths: dict[str, list[tuple[int, ...]]] | None = None) -> bytes:
    """One workbook, one sheet per table: the header row bold and frozen, figures as numbers with their
    published decimals, dates as dates. Written as SpreadsheetML text directly (no cell objects): a city's
    workbooks hold hundreds of thousands of cells, and openpyxl's write-only mode spent 7× the CPU on them.
    bodies: a table's rows already written by sheet_rows (in pieces), by table name (the others are written here);
    widths: a table's row_widths, by table name, where its rows are not given (bodies and widths stand for them)."""
    bodies, widths = bodies or {}, widths or {}
    parts = [(f"xl/worksheets/sheet{i}.xml",
              _sheet(table, widths[table.name] if table.name in widths else row_widths(table, rows),
                     bodies[table.name] if table.name in bodies else [sheet_rows(table, rows)]))
             for i, (table, rows) in enumerate(sheets, start=1)]
    names = "".join(f'<sheet name="{escape(_xml_safe(t.title), {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
                    for i, (t, _) in enumerate(sheets, start=1))
    n = len(sheets)
    files = [
        ("[Content_Types].xml", f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
         + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
         '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
         '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
         '</Types>'),
        ("_rels/.rels", f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
         f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
         '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
         f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
         '</Relationships>'),
        ("docProps/app.xml", f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
         '<Application>jixiao</Application></Properties>'),
        ("docProps/core.xml", f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
         'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>jixiao</dc:creator></cp:coreProperties>'),
        ("xl/workbook.xml", f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
         f'<sheets>{names}</sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
         + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
         + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'),
        ("xl/styles.xml", _styles_xml()),
        *parts,
    ]
    return zip_archive([(name, text if isinstance(text, list) else [text.encode("utf-8")]) for name, text in files])


def department_year_downloads(tables: dict[str, list[Row]], stem: str, document: bytes,
                              sheets: dict[str, bytes] | None = None) -> list[Download]:
    """The files beside a department-year page; document is its JSON (the API's department-year document);
    sheets: the tables' rows already written by sheet_rows, if any."""
    # The other record kinds' tables (部门整体, 评价结果) only where the record has them: headers alone say nothing.
    other_kinds = (OVERALL, OVERALL_FUNDS, OVERALL_INDICATORS, EVALUATIONS, EVALUATED_PROJECTS)
    kinds = [t for t in RECORD_TABLES if t not in other_kinds or tables[t.name]]
    return [
        Download(f"{stem}.xlsx", "Excel", to_xlsx([(t, tables[t.name]) for t in kinds],
                                                  {name: [rows] for name, rows in (sheets or {}).items()})),
        Download(f"{stem}-projects.csv", "CSV（项目）", table_csv(PROJECTS, tables["projects"])),
        Download(f"{stem}-funds.csv", "CSV（项目资金）", table_csv(FUNDS, tables["funds"])),
        Download(f"{stem}-indicators.csv", "CSV（绩效指标）", table_csv(INDICATORS, tables["indicators"])),
        *(Download(f"{stem}-{t.name.replace('_', '-')}.csv", f"CSV（{t.title}）", table_csv(t, tables[t.name]))
          for t in other_kinds if tables[t.name]),
        Download(f"{stem}.json", "JSON（完整记录）", document),
    ]


def workbook(tables: dict[str, list[Row]], path: str, label: str, bodies: dict[str, list[bytes | Deflated]] | None = None,
             widths: dict[str, list[tuple[int, ...]]] | None = None) -> Download:
    """bodies, widths: as to_xlsx's; a table given by them needs no rows in tables."""
    return Download(path, label, to_xlsx([(t, tables.get(t.name, [])) for t in TABLES], bodies, widths))
