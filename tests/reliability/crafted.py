"""Small files made to exhaust an importer: each a few KB on disk, gigabytes or billions of cells once read.

Written directly as zip parts (not through openpyxl or python-docx), so that making one takes milliseconds
and the file is exactly the shape the issue describes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="自评表" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""
_SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData>{merges}</worksheet>"""


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def write_xlsx(path: Path, rows: str, merges: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", _SHEET.format(rows=rows, merges=merges))
    return path


_HEADER = '<row r="1">' + _cell("A1", "项目支出绩效自评表") + "</row>"


def far_cell_xlsx(path: Path) -> Path:
    """One cell at XFD1048576, the last cell a sheet can have."""
    return write_xlsx(path, _HEADER + '<row r="1048576">' + _cell("XFD1048576", "x") + "</row>")


def whole_sheet_merge_xlsx(path: Path) -> Path:
    """A merged range covering the whole sheet."""
    return write_xlsx(path, _HEADER, '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')


def many_rows_xlsx(path: Path, rows: int = 200_000) -> Path:
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1.5</v></c></row>' for r in range(2, rows + 2))
    return write_xlsx(path, _HEADER + body)


def many_merges_xlsx(path: Path, merges: int = 100_000) -> Path:
    """Many small merged ranges: no single one is large, together they cover millions of cells."""
    refs = "".join(f'<mergeCell ref="A{r}:CV{r}"/>' for r in range(2, merges + 2))
    return write_xlsx(path, _HEADER, f'<mergeCells count="{merges}">{refs}</mergeCells>')


_DOCX_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_DOCX_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""


def docx_bomb(path: Path, unpacked_mb: int = 1024) -> Path:
    """A .docx of about 1 MB whose document.xml unpacks to unpacked_mb MB (a paragraph of spaces)."""
    head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t xml:space="preserve">'
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _DOCX_TYPES)
        zf.writestr("_rels/.rels", _DOCX_RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head)
            for _ in range(unpacked_mb):
                part.write(chunk)
            part.write(tail)
    return path


def huge_file(path: Path, megabytes: int = 60) -> Path:
    with path.open("wb") as handle:
        handle.truncate(megabytes << 20)
    return path


def largest_allowed_xlsx(path: Path) -> Path:
    """As much as the limits let through: a used range of MAX_GRID_CELLS, MAX_CELLS cells, MAX_MERGED_CELLS merged."""
    from generator.importers.limits import MAX_CELLS, MAX_GRID_CELLS, MAX_MERGED_CELLS

    width = 50
    height = MAX_GRID_CELLS // width
    per_row = MAX_CELLS // height
    rows = []
    for r in range(1, height + 1):
        cells = [f'<c r="{_letters(c)}{r}"><v>{r * c}.25</v></c>' for c in range(1, per_row)]
        cells.append(f'<c r="{_letters(width)}{r}" t="inlineStr"><is><t>三级指标</t></is></c>')
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    span = MAX_MERGED_CELLS // height
    merges = "".join(f'<mergeCell ref="{_letters(per_row + 1)}{r}:{_letters(per_row + span)}{r}"/>' for r in range(1, height + 1))
    return write_xlsx(path, "".join(rows), f'<mergeCells count="{height}">{merges}</mergeCells>')


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def largest_allowed_docx(path: Path) -> Path:
    """A document just under the limits: MAX_PARAGRAPHS paragraphs and one table of MAX_COLUMNS columns."""
    from generator.importers.limits import MAX_COLUMNS, MAX_PARAGRAPHS

    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    row = "<w:tr>" + "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>" * MAX_COLUMNS + "</w:tr>"
    table = "<w:tbl>" + row * 50 + "</w:tbl>"
    paragraph = "<w:p><w:r><w:t>一、项目基本情况。本项目资金主要用于会议支出。</w:t></w:r></w:p>"
    body = paragraph * (MAX_PARAGRAPHS - 50 * MAX_COLUMNS)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _DOCX_TYPES)
        zf.writestr("_rels/.rels", _DOCX_RELS)
        zf.writestr("word/document.xml", head + table + body + "</w:body></w:document>")
    return path
