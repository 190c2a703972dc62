"""The text dump of a published Word document (seed 003): cells start with a tab, rows end at a blank line.

Word's dump breaks a cell's text over lines ("绩\\n效\\n指\\n标", "经济效益\\n指标") and sometimes
over a blank line too ("项目管理中存在的\\n\\n主要问题及原因分析"); a line without a leading tab is
therefore a continuation of the cell above when the table goes on after it, and the document's own
text otherwise.
"""

from __future__ import annotations

import re


# "2.某某项目绩效自评表" between two tables is the document's heading, not a cell's last line.
_NUMBERED_HEADING = re.compile(r"^\s*\d+\s*[.．、]")


def read_text_blocks(text: str) -> list:
    from generator.importers.document import Table

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("\t"):
            grid, i = _table(lines, i)
            blocks.append(Table(grid))
        else:
            blocks.append(lines[i])
            i += 1
    return blocks


def _blank(line: str) -> bool:
    return not line.strip(" \u3000")  # a line holding only a tab is an empty cell, not a row break


def _next_filled(lines: list[str], i: int) -> int | None:
    while i < len(lines):
        if not _blank(lines[i]):
            return i
        i += 1
    return None


def _table(lines: list[str], i: int) -> tuple[list[list[str]], int]:
    grid: list[list[str]] = []
    row: list[str] = []

    def close_row() -> None:
        nonlocal row
        if row:
            grid.append(row)
        row = []

    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            row.extend(line.split("\t")[1:])
            i += 1
        elif _blank(line):
            j = _next_filled(lines, i)
            if j is None:
                break
            if lines[j].startswith("\t"):
                close_row()
                i = j
                continue
            k = _next_filled(lines, j + 1)
            if row and k is not None and lines[k].startswith("\t") and not _NUMBERED_HEADING.match(lines[j]):
                row[-1] += "\n" + lines[j]
                i = j + 1
                continue
            break
        elif row:
            row[-1] += "\n" + line
            i += 1
        else:
            break
    close_row()
    return grid, i
