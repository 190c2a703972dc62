"""Made-up scanned forms for the scan tests: one description of a ruled form, drawn two ways.

A form is a list of cells (top row, left column, bottom row, right column, text) on a grid of column widths and
row heights (px at 300 dpi). `tesseract_tsv` writes what Tesseract's TSV says of such a page (each line of a
cell's text one word with its box, each cell's rules as empty thin boxes, as Tesseract reports ruling lines);
`page_image` draws the page itself for Tesseract to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
CHAR = 40  # px of a character (10 pt at 300 dpi)
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


@dataclass
class Form:
    widths: list[int]
    heights: list[int]
    cells: list[tuple[int, int, int, int, str]]  # (row, col, last row, last col, text; "\n" between printed lines)
    title: str = ""
    left: int = 200
    top: int = 300

    def box(self, r0: int, c0: int, r1: int, c1: int) -> tuple[int, int, int, int]:
        x0 = self.left + sum(self.widths[:c0])
        y0 = self.top + sum(self.heights[:r0])
        return x0, y0, self.left + sum(self.widths[: c1 + 1]), self.top + sum(self.heights[: r1 + 1])


def _width(text: str) -> int:
    return sum(CHAR if ord(ch) > 0x2E7F else CHAR // 2 for ch in text)


def tesseract_tsv(form: Form) -> str:
    rows = [HEADER]
    block = 0

    def word(left: int, top: int, width: int, height: int, text: str, conf: float = 95.0) -> None:
        nonlocal block
        block += 1
        rows.append(f"5\t1\t{block}\t1\t1\t1\t{left}\t{top}\t{width}\t{height}\t{conf:.6f}\t{text}")

    if form.title:
        word(form.left, form.top - 120, _width(form.title), CHAR, form.title)
    for r0, c0, r1, c1, text in form.cells:
        x0, y0, x1, y1 = form.box(r0, c0, r1, c1)
        word(x0, y0 - 2, x1 - x0, 4, " ")  # its rules: Tesseract reports them as empty boxes
        word(x0, y1 - 2, x1 - x0, 4, " ")
        word(x0 - 2, y0, 4, y1 - y0, " ")
        word(x1 - 2, y0, 4, y1 - y0, " ")
        lines = text.split("\n") if text else []
        top = (y0 + y1) // 2 - len(lines) * (CHAR + 10) // 2
        for n, line in enumerate(lines):
            word(x0 + 12, top + n * (CHAR + 10), _width(line), CHAR, line)
    return "\n".join(rows) + "\n"


def page_image(form: Form, path: Path) -> Path:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), CHAR)
    right = form.left + sum(form.widths) + 200
    bottom = form.top + sum(form.heights) + 200
    image = Image.new("L", (right, bottom), 255)
    draw = ImageDraw.Draw(image)
    if form.title:
        draw.text((form.left, form.top - 140), form.title, font=font, fill=0)
    for r0, c0, r1, c1, text in form.cells:
        x0, y0, x1, y1 = form.box(r0, c0, r1, c1)
        draw.rectangle((x0, y0, x1, y1), outline=0, width=3)
        lines = text.split("\n") if text else []
        top = (y0 + y1) // 2 - len(lines) * (CHAR + 14) // 2
        for n, line in enumerate(lines):
            draw.text((x0 + 14, top + n * (CHAR + 14)), line, font=font, fill=0)
    image.save(path, dpi=(300, 300))
    return path


def small_form() -> Form:
    """A 项目支出绩效自评表 of a made-up county bureau: a funds block, an indicator table whose 一级指标 and 二级指标
    cells are merged over several rows (the label printed once, in the middle) and whose first target is wrapped
    over two lines."""
    widths = [300, 260, 300, 300, 220, 220]
    heights = [90, 90, 90, 90, 90, 140, 90, 90, 90, 90]
    cells = [
        (0, 0, 0, 0, "项目名称"), (0, 1, 0, 5, "乡村道路养护经费"),
        (1, 0, 1, 0, "主管部门"), (1, 1, 1, 5, "某县交通运输局"),
        (2, 0, 2, 0, "项目资金"), (2, 1, 2, 1, "年初预算数"), (2, 2, 2, 2, "全年预算数"), (2, 3, 2, 3, "全年执行数"),
        (2, 4, 2, 4, "分值"), (2, 5, 2, 5, "得分"),
        (3, 0, 3, 0, "年度资金总额"), (3, 1, 3, 1, "48"), (3, 2, 3, 2, "50"), (3, 3, 3, 3, "46.5"), (3, 4, 3, 4, "10"),
        (3, 5, 3, 5, "9.3"),
        (4, 0, 4, 0, "一级指标"), (4, 1, 4, 1, "二级指标"), (4, 2, 4, 2, "三级指标"), (4, 3, 4, 3, "年度指标值"),
        (4, 4, 4, 4, "实际完成值"), (4, 5, 4, 5, "得分"),
        (5, 0, 7, 0, "产出指标"), (5, 1, 7, 1, "数量指标"),
        (5, 2, 5, 2, "养护里程"), (5, 3, 5, 3, "不少于\n120公里"), (5, 4, 5, 4, "126公里"), (5, 5, 5, 5, "20"),
        (6, 2, 6, 2, "养护桥梁"), (6, 3, 6, 3, "12座"), (6, 4, 6, 4, "12座"), (6, 5, 6, 5, "10"),
        (7, 2, 7, 2, "修补坑槽"), (7, 3, 7, 3, "300处"), (7, 4, 7, 4, "310处"), (7, 5, 7, 5, "10"),
        (8, 0, 8, 0, "效益指标"), (8, 1, 8, 1, "社会效益指标"), (8, 2, 8, 2, "群众出行便利"), (8, 3, 8, 3, "明显改善"),
        (8, 4, 8, 4, "明显改善"), (8, 5, 8, 5, "30"),
        (9, 0, 9, 0, "总分"), (9, 1, 9, 5, "89.3分"),
    ]
    return Form(widths, heights, cells, title="2023年度乡村道路养护经费项目支出绩效自评表")
