"""Limits on what an importer reads, checked before a library spends the memory.

A 4.8 KB .xlsx with one cell at XFD1048576 made openpyxl walk 17 billion cells (4 GB, 70 s); a whole-sheet
merged range did the same; a 1 MB .docx unpacked to 2 GB in python-docx. A real 自评表 is a few hundred
cells in a file of tens of KB, so the limits below are two orders of magnitude above any real form. They are
checked on the file itself (its size, the zip directory, one streaming pass over each sheet's XML), so a
refusal costs milliseconds and a few MB, and the reason is said in the author's words.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from generator.importers.draft import Unreadable

MAX_FILE_BYTES = 20 * 1024 * 1024  # a Word report with photographs stays well below
MAX_TEXT_BYTES = 5 * 1024 * 1024  # plain text: a whole year's reports of a large department is ~1 MB
MAX_PARTS = 2_000  # zip members of a .docx/.xlsx
MAX_UNPACKED_BYTES = 60 * 1024 * 1024  # all members together, as the zip directory declares them
MAX_XML_PART_BYTES = 10 * 1024 * 1024  # one XML member: document.xml of a 1,000-page report
MAX_ROWS = 5_000  # rows of one sheet or table
MAX_COLUMNS = 200  # columns of one sheet or table
MAX_GRID_CELLS = 20_000  # rows × columns of one sheet's used range: the form reader visits every position
MAX_CELLS = 20_000  # cells written in one workbook
MAX_MERGED_CELLS = 10_000  # cells covered by merged ranges in one sheet (openpyxl makes an object for each)
MAX_PARAGRAPHS = 20_000  # paragraphs of a .docx (python-docx walks them in quadratic time; a 100-page report has ~3,000)

_MB = 1024 * 1024


def _mb(size: int) -> str:
    return f"{size / _MB:,.1f} MB"


def check_file_size(path: Path, suffix: str) -> None:
    size = path.stat().st_size
    limit = MAX_TEXT_BYTES if suffix in (".txt", ".md") else MAX_FILE_BYTES
    if size > limit:
        raise Unreadable(f"文件过大（{_mb(size)}），超过导入上限 {_mb(limit)}。一份自评表或自评报告不会这么大，请确认选对了文件")


def check_zip(path: Path) -> zipfile.ZipFile | None:
    """The package's directory within the limits; the open ZipFile for the caller's own checks, or None when
    it is not a zip at all (the reading library then says the file is damaged, in the file kind's words)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return None
    members = archive.infolist()
    if len(members) > MAX_PARTS:
        archive.close()
        raise Unreadable(f"文件内部包含 {len(members):,} 个部件，超过导入上限 {MAX_PARTS:,} 个，可能是损坏或特意构造的文件，未读取")
    total = sum(m.file_size for m in members)
    biggest = max(members, key=lambda m: m.file_size, default=None)
    if total > MAX_UNPACKED_BYTES:
        archive.close()
        raise Unreadable(
            f"文件解压后有 {_mb(total)}（压缩后只有 {_mb(path.stat().st_size)}），超过导入上限 {_mb(MAX_UNPACKED_BYTES)}，"
            "可能是损坏或特意构造的文件（“压缩炸弹”），未读取"
        )
    if biggest is not None and biggest.filename.endswith(".xml") and biggest.file_size > MAX_XML_PART_BYTES:
        archive.close()
        raise Unreadable(f"文件中的 {biggest.filename} 解压后有 {_mb(biggest.file_size)}，超过导入上限 {_mb(MAX_XML_PART_BYTES)}，未读取")
    return archive


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str) -> tuple[int, int] | None:
    match = _REF.fullmatch(ref.strip().upper())
    return None if match is None else (int(match.group(2)), _column_number(match.group(1)))


def _too_big(where: str, rows: int, columns: int | None) -> Unreadable:
    reach = f"第 {rows:,} 行" if columns is None else f"第 {rows:,} 行、第 {columns:,} 列的单元格 {_column_letters(columns)}{rows}"
    return Unreadable(
        f"{where}的内容延伸到{reach}，超过导入上限（{MAX_ROWS:,} 行、{MAX_COLUMNS} 列）。"
        "请在 Excel 或 WPS 中删除表格以外的行和列（选中后“删除”，不是“清除内容”），另存后再导入"
    )


def _sheets(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, member name) of each worksheet, found the way openpyxl finds them: workbook → rels."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return [(name, name) for name in archive.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml")]
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels if _local(rel.tag) == "Relationship"}
    out = []
    for sheet in workbook.iter():
        if _local(sheet.tag) != "sheet":
            continue
        rid = next((value for key, value in sheet.attrib.items() if _local(key) == "id"), None)
        target = targets.get(rid)
        if target:
            member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            out.append((sheet.get("name", member), member))
    return out


def check_xlsx(path: Path) -> None:
    """Every worksheet within MAX_ROWS × MAX_COLUMNS, the workbook within MAX_CELLS, merged ranges bounded:
    one streaming pass over each sheet's XML that stops at the first limit passed."""
    archive = check_zip(path)
    if archive is None:
        return
    with archive:
        cells = 0
        names = set(archive.namelist())
        for name, member in _sheets(archive):
            if member not in names:
                continue
            where = f"工作表“{name}”"
            merged = 0
            row_number = 0
            height = width = 0
            with archive.open(member) as stream:
                try:
                    for _, element in ElementTree.iterparse(stream, events=("start",)):
                        tag = _local(element.tag)
                        if tag == "row":
                            row_number = int(element.get("r") or row_number + 1)
                            column = 0
                            if row_number > MAX_ROWS:
                                raise _too_big(where, row_number, None)
                        elif tag == "c":
                            position = _cell(element.get("r") or "")
                            column = position[1] if position else column + 1
                            if position and position[0] > MAX_ROWS or column > MAX_COLUMNS:
                                raise _too_big(where, position[0] if position else row_number, column)
                            height, width = max(height, position[0] if position else row_number), max(width, column)
                            if height * width > MAX_GRID_CELLS:
                                raise Unreadable(
                                    f"{where}的内容范围达到 {height:,} 行 × {width:,} 列，超过导入上限 {MAX_GRID_CELLS:,} 个单元格。"
                                    "请删除表格以外的行和列（选中后“删除”，不是“清除内容”），或把各表分到不同工作表，另存后再导入"
                                )
                            cells += 1
                            if cells > MAX_CELLS:
                                raise Unreadable(f"工作簿的单元格超过导入上限 {MAX_CELLS:,} 个（到{where}第 {row_number:,} 行），一份自评表不会有这么多内容，未读取")
                        elif tag == "mergeCell":
                            ref = element.get("ref") or ""
                            first, _, last = ref.partition(":")
                            start, end = _cell(first), _cell(last or first)
                            if start is None or end is None:
                                continue
                            if max(start[0], end[0]) > MAX_ROWS or max(start[1], end[1]) > MAX_COLUMNS:
                                raise Unreadable(
                                    f"{where}的合并单元格 {ref} 超过导入上限（{MAX_ROWS:,} 行、{MAX_COLUMNS} 列）。"
                                    "请取消这个合并，或删除表格以外的行和列，另存后再导入"
                                )
                            merged += (abs(end[0] - start[0]) + 1) * (abs(end[1] - start[1]) + 1)
                            if merged > MAX_MERGED_CELLS:
                                raise Unreadable(f"{where}的合并单元格共覆盖超过 {MAX_MERGED_CELLS:,} 个单元格，超过导入上限，未读取")
                        element.clear()
                except ElementTree.ParseError:
                    raise Unreadable(f"{where}的内容已损坏，无法读取") from None


def check_docx(path: Path) -> None:
    """The package within the zip limits, and no table wider than MAX_COLUMNS or longer than MAX_ROWS (a
    cell's gridSpan counts as the columns it spans: python-docx builds one entry per grid column)."""
    archive = check_zip(path)
    if archive is None:
        return
    with archive:
        if "word/document.xml" not in archive.namelist():
            return  # python-docx says what is wrong
        rows: list[int] = []
        width = paragraphs = cells = 0
        with archive.open("word/document.xml") as stream:
            try:
                for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                    tag = _local(element.tag)
                    if event == "start":
                        if tag == "tbl":
                            rows.append(0)
                        elif tag == "tr" and rows:
                            rows[-1] += 1
                            width = 0
                            if rows[-1] > MAX_ROWS:
                                raise Unreadable(f"文件中有一个表格超过 {MAX_ROWS:,} 行，超过导入上限，未读取")
                        elif tag == "tc":
                            width += 1
                            cells += 1
                        elif tag == "gridSpan":
                            span = next((value for key, value in element.attrib.items() if _local(key) == "val"), "1")
                            extra = min(int(span), MAX_COLUMNS + 1) - 1 if span.isdigit() and span != "0" else 0
                            width += extra
                            cells += extra
                        elif tag == "p":
                            paragraphs += 1
                            if paragraphs > MAX_PARAGRAPHS:
                                raise Unreadable(f"文件超过 {MAX_PARAGRAPHS:,} 个段落，超过导入上限（一份自评报告通常只有几千段），未读取")
                        if width > MAX_COLUMNS:
                            raise Unreadable(f"文件中有一个表格超过 {MAX_COLUMNS} 列，超过导入上限，未读取")
                        if cells > MAX_CELLS:
                            raise Unreadable(f"文件中表格的单元格共超过 {MAX_CELLS:,} 个，超过导入上限，未读取")
                    elif tag == "tbl" and rows:
                        rows.pop()
                        if not rows:
                            element.clear()
                    elif tag == "p" and not rows:
                        element.clear()
            except ElementTree.ParseError:
                raise Unreadable("文件的正文（word/document.xml）已损坏，无法读取") from None
