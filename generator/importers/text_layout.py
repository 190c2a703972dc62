"""Pasted text (.txt, .md) → blocks: lines of prose and tables, whatever layout the table was copied in.

Layouts met in published texts:
- Word's text dump (seed 003): cells start with a tab, rows end at a blank line (text_table);
- a web page's table copied one cell a line, each ending with " |" (empty cells kept as a lone "|");
- " | " separated cells where merged cells squeezed several rows into one line and empty cells were
  dropped ("||||");
- cells separated by spaces, one row a line or a whole table flattened onto one line, headers broken
  over two lines ("年度 实际" / "指标值 完成值"), labels run into their values;
- one cell a line without any separator (a web page or a PDF copied as text), and OCR'd text.
Only the first two keep rows or empty cells. The others become one run of cells from the form's first
label to its end, and the rows are rebuilt from the labels (rows.py).
"""

from __future__ import annotations

import re

from generator.importers import labels
from generator.importers.document import Block, Table, ends_form, starts_form
from generator.importers.rows import rebuild, repair_split_labels, scored_pairs, split_glued
from generator.importers.text_table import read_text_blocks

_PIPE = re.compile(r"[|｜]")
_MD_RULE = re.compile(r"^\s*[|｜]?\s*:?-{2,}:?\s*(?:[|｜]\s*:?-{2,}:?\s*)*[|｜]?\s*$")
_FORM_FAMILIES = ("title", "header", "funds.column", "indicators.column", "goal", "total")


def read_text(text: str) -> list[Block]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u3000", " ")
    return regions(read_text_blocks(text))


def regions(blocks: list[Block]) -> list[Block]:
    """Lines that hold a form become one table; other lines and tables stay as they are."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        continued = _continued_scoring_sheet(blocks, i)
        if continued:
            end, rest = continued
            lines = [b for b in blocks[i:end] if isinstance(b, str)]
            out.append(Table(scored_pairs("\n".join(lines[:-1] + [lines[-1][: len(lines[-1]) - len(rest)]])), rebuilt=True))
            if rest.strip():
                out.append(rest.strip())
            i = end
            continue
        if isinstance(block, str) and _starts_region(block) and _form_follows(blocks, i):
            j = i + 1
            region = [block]
            while j < len(blocks) and isinstance(blocks[j], str) and not ends_form(blocks[j], _cells_so_far(region)):
                region.append(blocks[j])
                j += 1
            out.append(region_table(region))
            i = j
            continue
        if not (isinstance(block, str) and re.fullmatch(r"\s*[|｜]+\s*", block)):
            out.append(block)  # a line of nothing but a table's pipes is layout, not text
        i += 1
    return out


_PAIR_LINE = re.compile(r"^\s*\d+(?:\.\d+)?\s+\d+(?:\.\d+)?(?:\s|$)")
_FIGURE_LINE = re.compile(r"^\s*\d+(?:\.\d+)?(?:\s|$|\s*分)")
_TOTAL_CELL = re.compile(r"(?:^|\s)(总分|合计)(?:\s|$)")


def _continued_scoring_sheet(blocks: list[Block], i: int) -> tuple[int, str] | None:
    """A scoring sheet continued from an earlier page, without its header: lines that start with an item's weight
    and score ("5 5 可行性", "3 2 …"), at least four of them, up to the 总分 cell. (end, what follows 总分 on its line)."""
    if not isinstance(blocks[i], str) or not _FIGURE_LINE.match(blocks[i]):
        return None
    pairs = 0
    j = i
    while j < len(blocks) and isinstance(blocks[j], str) and _FIGURE_LINE.match(blocks[j]):
        pairs += bool(_PAIR_LINE.match(blocks[j]))
        total = _TOTAL_CELL.search(blocks[j])
        if total:
            return (j + 1, blocks[j][total.end(1):]) if pairs >= 4 else None
        j += 1
    return None


def _starts_region(line: str) -> bool:
    cells = cells_of_line(line)
    if not cells:
        return False
    if starts_form(cells[0]):
        return True
    return sum(bool(labels.find(cell, *_FORM_FAMILIES)) for cell in cells) >= 3


def _form_follows(blocks: list, i: int) -> bool:
    cells = [cell for block in blocks[i : i + 120] if isinstance(block, str) for cell in cells_of_line(block)]
    funds = sum(bool(labels.find(cell, "funds.column")) for cell in cells)
    indicators = sum(bool(labels.find(cell, "indicators.column")) for cell in cells)
    return funds >= 2 or indicators >= 3


def _cells_so_far(region: list[str]) -> list[str]:
    return [cell for line in region for cell in cells_of_line(line)]


def cells_of_line(line: str) -> list[str]:
    """A line's cells: split at pipes when it has any, else at spaces; empty cells dropped."""
    if _MD_RULE.match(line):
        return []
    if _PIPE.search(line):
        return [cell.strip() for cell in _PIPE.split(line) if cell.strip()]
    return line.split()


def _one_cell_a_line_with_pipes(lines: list[str]) -> bool:
    """The web-page dump that keeps empty cells: every line is one cell ending with "|", or a lone "|"."""
    filled = [line.strip() for line in lines if line.strip()]
    return bool(filled) and all(re.fullmatch(r"[^|｜]*[|｜]", line) for line in filled) and len(filled) >= 10


def _markdown_rows(lines: list[str]) -> list[list[str]] | None:
    """A Markdown table (or any " | " table whose rows all have the same cells, empty ones kept): its rows as they stand."""
    filled = [line.strip() for line in lines if line.strip() and not _MD_RULE.match(line)]
    if len(filled) < 3 or not all(line.startswith(("|", "｜")) and line.endswith(("|", "｜")) for line in filled):
        return None
    rows = [[cell.strip() for cell in _PIPE.split(line)[1:-1]] for line in filled]
    widths = [len(row) for row in rows]
    common = max(set(widths), key=widths.count)
    return rows if common >= 3 and widths.count(common) >= 0.8 * len(rows) else None


def region_table(lines: list[str]) -> Table:
    rows = _markdown_rows(lines)
    if rows:
        return Table(rows)
    if _one_cell_a_line_with_pipes(lines):
        cells = [line.strip()[:-1].strip() for line in lines if line.strip()]
        return Table(rebuild(cells, aligned=True), rebuilt=True)
    tokens: list[str] = []
    for line in lines:
        cells = cells_of_line(line)
        if not _PIPE.search(line):
            cells = split_glued(cells)
        tokens.extend(cells)
    return Table(rebuild(repair_split_labels(tokens), aligned=False), rebuilt=True)
