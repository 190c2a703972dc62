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
    return regions(rejoin_wrapped_headers(read_text_blocks(text)))


def rejoin_wrapped_headers(blocks: list[Block]) -> list[Block]:
    """A header whose narrow cells wrapped, read line by line (OCR, or a PDF copied as text): the first line holds
    the start of each label ("年初预 |全年预 |全年执"), the next line their ends and the one-line labels
    ("算数  算数  行数  分值  执行率 |得分"). When at least two pieces of the first line are each completed, in order,
    by a piece of the next, the two lines become one header line. Pieces that belong to no label are kept on a
    line of their own before it (nothing dropped)."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(block, str) and isinstance(following, str):
            joined = _wrapped_header(block, following)
            if joined:
                out.extend(joined)
                i += 2
                continue
        out.append(block)
        i += 1
    return out


def _pieces(line: str) -> list[str]:
    return [word for cell in cells_of_line(line) for word in cell.split() if _without_rule_marks(word)]


def _wrapped_header(first: str, second: str) -> list[str] | None:
    tops, bottoms = _pieces(first), [_without_rule_marks(word) for word in _pieces(second)]
    if not tops or not bottoms or len(tops) > _HEADER_PIECES or len(bottoms) > _HEADER_PIECES:
        return None
    header: list[str] = []
    stray: list[str] = []
    completed = 0
    k = 0
    for top in tops:
        if _is_form_label(top):
            header.append(top)
            continue
        match = None
        if _starts_label(top):
            match = next((j for j in range(k, len(bottoms)) if not _is_form_label(bottoms[j]) and _is_form_label(top + bottoms[j])), None)
        if match is None:
            stray.append(top)
            continue
        stray.extend(b for b in bottoms[k:match] if not _is_form_label(b))
        header.extend(b for b in bottoms[k:match] if _is_form_label(b))
        header.append(top + bottoms[match])
        completed += 1
        k = match + 1
    header.extend(b for b in bottoms[k:] if _is_form_label(b))
    stray.extend(b for b in bottoms[k:] if not _is_form_label(b))
    if completed < 2 or len(stray) > completed:
        return None
    return ([" ".join(stray)] if stray else []) + [" | ".join(header)]


_HEADER_PIECES = 12  # a header line of a form has at most about ten columns


def _starts_label(piece: str) -> bool:
    """The start of a form label, at least two characters of it ("年初预", "一级指")."""
    k = labels.key(piece)
    return len(k) >= 2 and any(
        printed.startswith(k) and printed != k for family in _FORM_FAMILIES for printed in labels.variants(family)
    )


def _is_form_label(text: str) -> bool:
    return bool(labels.find(text, *_FORM_FAMILIES))


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
        # OCR marks some rules with "|" and leaves others as a wide space ("年度资金总额  36  36 |9.8"): a run of two
        # or more spaces parts cells too; figures between two rules with only spaces between them ("|7 7") are as
        # many cells, never one figure "77"
        cells = [part for cell in _PIPE.split(line) for part in _WIDE_SPACE.split(cell)]
        cells = [cell for cell in (_without_rule_marks(cell) for cell in cells) if cell]
        return [part for cell in cells for part in (cell.split() if _FIGURES.fullmatch(cell) else [cell])]
    return line.split()


_WIDE_SPACE = re.compile(r"\s{2,}")
_FIGURES = re.compile(r"\d+(?:\.\d+)?%?(?:\s+\d+(?:\.\d+)?%?)+")


# OCR reads a table's vertical rule as "|" and often as a quotation mark beside it ("年初预 “|全年预"): an opening
# mark that ends a cell, or a closing mark that starts one, quotes nothing and is the rule, not the unit's text.
_RULE_MARK_END = re.compile(r"\s*[“‘]\s*$")
_RULE_MARK_START = re.compile(r"^\s*[”’]\s*")


def _without_rule_marks(cell: str) -> str:
    cell = _RULE_MARK_START.sub("", _RULE_MARK_END.sub("", cell)).strip()
    if cell.endswith("”") and "“" not in cell:
        cell = cell[:-1].rstrip()
    if cell.startswith("“") and "”" not in cell:
        cell = cell[1:].lstrip()
    return cell


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
