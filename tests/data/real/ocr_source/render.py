"""Render a corpus Word form to a page image, as a scanner would see the printed page, for OCR.

Usage: python render.py <in.docx> <out.png> [dpi]
Draws the title paragraph and the table's grid (merged cells as one box) with the WenQuanYi Micro Hei font,
black on white, text wrapped to its cell. Nothing is retyped: every string is read from the .docx.
"""

from __future__ import annotations

import sys

from docx import Document
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def render(source: str, target: str, dpi: int = 300) -> None:
    doc = Document(source)
    table = doc.tables[0]
    scale = dpi / 914400  # EMU per inch
    widths = [max(int((c.width or 700000) * scale), 40) for c in table.columns]
    pt = dpi / 72
    font = ImageFont.truetype(FONT, int(10.5 * pt))
    title_font = ImageFont.truetype(FONT, int(15 * pt))
    line_h = int(10.5 * pt * 1.35)
    margin = int(dpi * 0.8)
    grid = [[cell._tc for cell in row.cells] for row in table.rows]
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    ncols = len(widths)

    def spans(r: int, c: int) -> tuple[int, int]:
        w = 1
        while c + w < ncols and grid[r][c + w] is grid[r][c]:
            w += 1
        h = 1
        while r + h < len(grid) and grid[r + h][c] is grid[r][c]:
            h += 1
        return w, h

    def wrap(text: str, width: int) -> list[str]:
        lines: list[str] = []
        for para in text.split("\n"):
            line = ""
            for ch in para:
                if font.getlength(line + ch) > width - 16 and line:
                    lines.append(line)
                    line = ch
                else:
                    line += ch
            lines.append(line)
        return lines

    # row heights: enough for the tallest single-row cell
    heights = []
    for r, row in enumerate(grid):
        need = 1
        for c in range(ncols):
            if (c and grid[r][c - 1] is grid[r][c]) or (r and grid[r - 1][c] is grid[r][c]):
                continue
            w, h = spans(r, c)
            if h == 1:
                need = max(need, len(wrap(texts[r][c], sum(widths[c:c + w]))))
        heights.append(need * line_h + 20)
    x0s = [margin + sum(widths[:c]) for c in range(ncols + 1)]
    title_h = int(15 * pt * 2.2)
    y0s = [margin + title_h + sum(heights[:r]) for r in range(len(grid) + 1)]
    image = Image.new("L", (x0s[-1] + margin, y0s[-1] + margin), 255)
    draw = ImageDraw.Draw(image)
    title = " ".join(p.text for p in doc.paragraphs if p.text.strip())
    draw.text(((image.width - title_font.getlength(title)) / 2, margin), title, font=title_font, fill=0)
    for r in range(len(grid)):
        for c in range(ncols):
            if (c and grid[r][c - 1] is grid[r][c]) or (r and grid[r - 1][c] is grid[r][c]):
                continue
            w, h = spans(r, c)
            box = (x0s[c], y0s[r], x0s[c + w], y0s[r + h])
            draw.rectangle(box, outline=0, width=max(2, dpi // 150))
            lines = wrap(texts[r][c], box[2] - box[0])
            y = box[1] + (box[3] - box[1] - len(lines) * line_h) / 2
            for line in lines:
                draw.text((box[0] + 8, y), line, font=font, fill=0)
                y += line_h
    image.save(target, dpi=(dpi, dpi))


if __name__ == "__main__":
    render(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 300)
