"""A text PDF → blocks: each page's ruled tables as grids and its other lines as text, top to bottom.

pdfplumber finds a table from its ruling lines and gives a merged cell once (the positions it covers
are None, read as empty cells, as in a text dump). A page without any character (a scan) holds no
text to read; a document made only of such pages is refused as a scan rather than imported empty.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.importers.document import Block, Table
from generator.importers.draft import Unreadable

SCANNED = "扫描件，没有可读取的文字（PDF 中只有图像）。请用单位留存的 Word 或 Excel 原件导入，或先做文字识别（OCR）并核对后另存为 .txt 再导入"


def read_pdf_blocks(path: Path) -> list[Block]:
    import pdfplumber

    blocks: list[Block] = []
    characters = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            characters += len(page.chars)
            blocks.extend(_page_blocks(page))
    if characters == 0:
        # a scan: read by position with Tesseract where it is installed, else the user is told what to install
        from generator.importers.ocr import read_scanned_pdf_blocks

        return read_scanned_pdf_blocks(path)
    return blocks


def _page_blocks(page) -> list[Block]:
    tables = page.find_tables()
    placed: list[tuple[float, Block]] = []
    for table in tables:
        grid = [[_unwrap(cell or "") for cell in row] for row in table.extract()]
        if any(cell for row in grid for cell in row):
            placed.append((table.bbox[1], Table(grid)))

    def outside(obj) -> bool:
        return not any(
            t.bbox[0] - 1 <= obj["x0"] and obj["x1"] <= t.bbox[2] + 1 and t.bbox[1] - 1 <= obj["top"] and obj["bottom"] <= t.bbox[3] + 1
            for t in tables
        )

    rest = page.filter(lambda obj: obj.get("object_type") != "char" or outside(obj))
    for line in rest.extract_text_lines(layout=False, strip=True, return_chars=False):
        placed.append((line["top"], line["text"]))
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


def _unwrap(text: str) -> str:
    """A cell's text wrapped by the cell's width: Chinese runs on without a space ("家庭经济\n负担" → 家庭经济负担)."""
    text = re.sub(r"(?<=[\u4e00-\u9fff，、。：；）”])\n(?=[\u4e00-\u9fff（“])", "", text.strip())
    return text.replace("\n", " ")
