"""An old binary Excel .xls (what many budget systems still export) → one table per sheet.

python-calamine reads the BIFF records (shared strings, merged ranges) without running anything in
the file. It gives numbers as binary floats and no number formats, so a number is shown from its
shortest decimal form (3.92, never 3.9199999999999999); a rate stored as a fraction is told apart
by form_table from its column, not here.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from generator.importers.document import Block, Table


_FIGURE = re.compile(r"^[-+]?[\d,]*\d(?:\.\d+)?%?$")


def read_xls_blocks(path: Path) -> list[Block]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    blocks: list[Block] = []
    for index in range(len(workbook.sheet_names)):
        sheet = workbook.get_sheet_by_index(index)
        rows = [[_text(value) for value in row] for row in sheet.to_python(skip_empty_area=False)]
        _spread_merged(rows, sheet.merged_cell_ranges or [])
        if any(cell.strip() for row in rows for cell in row):
            blocks.append(Table(rows))
    return blocks


def _spread_merged(rows: list[list[str]], ranges) -> None:
    """A merged label's text down the rows it spans (产出指标 over its indicators), so each row knows its level;
    a merged figure (one 得分 for a group of indicators) stays in its first row only, as printed. Across, the
    covered cells stay empty, like a text dump."""
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        if _FIGURE.match(value.strip()):
            continue
        for r in range(top + 1, min(bottom, len(rows) - 1) + 1):
            if left < len(rows[r]):
                rows[r][left] = value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        number = Decimal(repr(value)).normalize()
        return format(number, "f")
    if isinstance(value, int):
        return str(value)
    return str(value)
