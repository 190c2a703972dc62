"""An Excel .xlsx → one table per sheet, merged ranges expanded and numbers shown as the sheet prints them.

A budget system's export stores 98% as 0.98 with a percent format and 3.92 as a binary float; the
record keeps what the reader of the sheet sees, so each number is formatted by its cell's number
format (0% → 98%, 0.00% → 63.66%) from its shortest decimal form, never from binary noise.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from generator.importers.document import Block, Table
from generator.importers.draft import Unreadable


def read_xlsx_blocks(path: Path) -> list[Block]:
    import openpyxl

    workbook = openpyxl.load_workbook(str(path), data_only=True)
    formulas = openpyxl.load_workbook(str(path), data_only=False)
    blocks: list[Block] = []
    for sheet in workbook.worksheets:
        _refuse_uncomputed_formulas(sheet, formulas[sheet.title])
        grid = _grid(sheet)
        if any(cell.strip() for row in grid for cell in row):
            blocks.append(Table(grid))
    return blocks


def _refuse_uncomputed_formulas(values, formulas) -> None:
    """A formula saved without its result (files written by programs, not by Excel) would import as an empty cell."""
    for row in formulas.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("=") and values[cell.coordinate].value is None:
                raise Unreadable(
                    f"工作表“{values.title}”的单元格 {cell.coordinate} 是公式 {cell.value}，文件中没有保存计算结果。"
                    "请在 Excel 或 WPS 中打开并保存一次，再导入"
                )


def _grid(sheet) -> list[list[str]]:
    # Only the cells the file holds are read: iter_rows makes a cell object for every position of the used
    # range, 40 s for a sheet within the import limits (generator/importers/limits.py). openpyxl keeps the
    # cells that exist in Worksheet._cells, (row, column) → cell.
    height, width = sheet.max_row, sheet.max_column
    rows = [[""] * width for _ in range(height)]
    for (r, c), cell in sheet._cells.items():
        rows[r - 1][c - 1] = _text(cell)
    for merged in sheet.merged_cells.ranges:
        if merged.min_row > height or merged.min_col > width:
            continue  # a merge of empty cells beyond the content
        value = rows[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, min(merged.max_row, height) + 1):
            row = rows[r - 1]
            for c in range(merged.min_col, min(merged.max_col, width) + 1):
                row[c - 1] = value
    return rows


def _text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, (int, float)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        fmt = cell.number_format or "General"
        if "%" in fmt:
            decimals = _decimals(fmt)
            shown = (number * 100).quantize(Decimal(1).scaleb(-decimals)) if decimals is not None else number * 100
            return f"{_plain(shown, keep_zeros=decimals is not None)}%"
        decimals = _decimals(fmt)
        if decimals is not None and fmt != "General":
            return _plain(number.quantize(Decimal(1).scaleb(-decimals)), keep_zeros=True)
        return _plain(number)
    return str(value)


def _decimals(fmt: str) -> int | None:
    match = re.search(r"0(?:\.(0+))?", fmt)
    if not match:
        return None
    return len(match.group(1) or "")


def _plain(number: Decimal, keep_zeros: bool = False) -> str:
    if not keep_zeros:
        number = number.normalize()
    text = format(number, "f")
    return text
