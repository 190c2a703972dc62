"""A Word .docx → blocks: its paragraphs and tables in document order.

python-docx resolves merged cells (gridSpan across, vMerge down) to the cell they belong to, so a
merged label repeats in every grid position it covers, which is what form_table expects.
"""

from __future__ import annotations

from pathlib import Path

from generator.importers.document import Block, Table


def read_docx_blocks(path: Path) -> list[Block]:
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.extend(item.text.split("\n"))
        elif isinstance(item, DocxTable):
            blocks.append(Table(_grid(item)))
    return blocks


def _grid(table) -> list[list[str]]:
    grid = []
    for row in table.rows:
        grid.append([cell.text for cell in row.cells])
    return grid
