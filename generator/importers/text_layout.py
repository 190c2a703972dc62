"""Pasted text (.txt, .md) → blocks: lines of prose and tables, whatever layout the table was copied in.

Layouts met in published texts:
- Word's text dump (seed 003): cells start with a tab, rows end at a blank line (text_table);
- " | " separated cells, one row a line, as Markdown tables or a web page copied with its rules;
- a web page's table copied one cell a line, each ending with " |" (empty cells kept as a lone "|");
- a whole table flattened onto one line, cells separated by spaces, labels sometimes run into values;
- one cell a line without any separator (a web page or a PDF copied as text), and OCR'd text.
The first three keep rows or empty cells; the others are rebuilt from the form's labels (rows.py).
"""

from __future__ import annotations

import re

from . import labels
from .document import Block, Table
from .rows import rebuild, split_glued
from .text_table import read_text_blocks

_PIPE = re.compile(r"[|｜]")
_MD_RULE = re.compile(r"^\s*[|｜]?\s*:?-{2,}:?\s*(?:[|｜]\s*:?-{2,}:?\s*)*[|｜]?\s*$")
_FORM_FAMILIES = ("title", "header", "funds.column", "indicators.column", "goal", "total")


def read_text(text: str) -> list[Block]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u3000", " ")
    blocks: list[Block] = []
    for block in read_text_blocks(text):
        if isinstance(block, Table):
            blocks.append(block)
        else:
            blocks.append(block)
    return _pipes(_flattened(blocks))


def _cells_of_pipe_line(line: str) -> list[str]:
    cells = [cell.strip() for cell in _PIPE.split(line)]
    if line.strip().startswith(("|", "｜")):
        cells = cells[1:]
    if line.strip().endswith(("|", "｜")) and cells:
        cells = cells[:-1]
    return cells


def _pipes(blocks: list[Block]) -> list[Block]:
    """Runs of lines holding "|" become one table: rows when the lines hold several cells, else one cell a line."""
    out: list[Block] = []
    run: list[str] = []

    def close() -> None:
        nonlocal run
        lines = [line for line in run if not _MD_RULE.match(line)]
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            run = []
            return
        rows = [_cells_of_pipe_line(line) for line in lines if line.strip()]
        wide = sum(len(row) >= 2 for row in rows)
        if wide * 2 >= len(rows):
            out.append(Table(rows))
        else:
            cells = [cell for row in rows for cell in (row or [""])]
            out.append(Table(rebuild(cells, aligned=True), rebuilt=True))
        run = []

    for block in blocks:
        if isinstance(block, str) and (_PIPE.search(block) or (run and not block.strip())):
            run.append(block)
            continue
        if run:
            close()
        out.append(block)
    if run:
        close()
    return out


def _flattened(blocks: list[Block]) -> list[Block]:
    """A line holding a whole table: many space-separated cells, at least three of them form labels."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, str) and not _PIPE.search(block):
            tokens = block.split()
            if len(tokens) >= 6:
                tokens = split_glued(tokens)
                found = sum(bool(labels.find(token, *_FORM_FAMILIES)) for token in tokens)
                if found >= 3:
                    out.append(Table(rebuild(tokens, aligned=False), rebuilt=True))
                    continue
        out.append(block)
    return out


def form_lines(lines: list[str], start: int) -> int:
    """Where a form given one cell a line, starting at `start`, ends (exclusive)."""
    from .document import ends_form

    i = start
    while i < len(lines) and not ends_form(lines[i], lines[start:i]):
        i += 1
    return i
