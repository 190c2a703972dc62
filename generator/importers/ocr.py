"""Scanned forms: a page image or a scanned PDF read by Tesseract, or Tesseract's TSV output given directly.

Tesseract (the `tesseract` program with its simplified-Chinese data chi_sim) is run as a separate program:
`tesseract <image> stdout -l chi_sim tsv`, default page segmentation, which gives every word's box and the
form's ruling lines. ocr_grid rebuilds the table from those positions. A scanned PDF's pages are drawn at
300 dpi (pypdfium2, which pdfplumber already brings) and read the same way. Without Tesseract a scan holds no
text we can read: the user is told so, and how to install it, and nothing is written.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from generator.importers.draft import Unreadable

IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
LANGUAGE = "chi_sim"
DPI = 300
CHARACTER_PX = 20  # the character height cells are scaled to for the second reading
MARGIN = 20  # white px round a cut cell
INSET = 8  # px cut off inside a cell's rules
DOUBTFUL = 60  # a word's confidence (%) below which Tesseract's reading counts against a cell's reading
TIMEOUT_SECONDS = 600  # one page takes 5–20 s on one core; a stuck run must not hang the import
INSTALL = (
    "请安装后再导入（Debian/Ubuntu：apt-get install tesseract-ocr tesseract-ocr-chi-sim；"
    "Windows：安装 Tesseract 并在安装时勾选简体中文语言包 Chinese (Simplified)，再把它的文件夹加入 PATH），"
    "或用单位留存的 Word 或 Excel 原件导入"
)


class ScanBlocks(list):
    """The blocks read from a scan, with how they were read (told to the user and kept in 整理说明)."""

    engine: str = ""


def tesseract_version(program: str | None = None) -> str | None:
    """"tesseract 5.3.0" when the program is on PATH with chi_sim, else None."""
    program = program or shutil.which("tesseract")
    if not program:
        return None
    try:
        version = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=30)
        languages = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if LANGUAGE not in languages.stdout.split():
        return None
    first = (version.stdout or version.stderr).strip().splitlines()
    return first[0].strip() if first else "tesseract"


def _missing(what: str) -> Unreadable:
    program = shutil.which("tesseract")
    if program:
        why = f"本机的文字识别程序 tesseract 没有简体中文语言包 {LANGUAGE}，无法识别"
    else:
        why = f"本机没有安装文字识别程序 tesseract（及简体中文语言包 {LANGUAGE}），无法识别"
    return Unreadable(f"扫描件，没有可读取的文字（{what}）；{why}。{INSTALL}")


def read_tsv_blocks(text: str) -> ScanBlocks:
    """A Tesseract TSV file as produced (`tesseract page.png out -l chi_sim tsv`)."""
    from generator.importers.ocr_grid import BadTsv, tsv_blocks

    try:
        blocks = ScanBlocks(tsv_blocks(text))
    except BadTsv as exc:
        raise Unreadable(str(exc)) from None
    blocks.engine = "Tesseract（TSV 文件）"
    if not blocks:
        raise Unreadable("Tesseract 的 TSV 文件中没有识别出任何文字")
    return blocks


def _run(program: str, image: Path) -> str:
    try:
        done = subprocess.run(
            [program, str(image), "stdout", "-l", LANGUAGE, "tsv"], capture_output=True, text=True, timeout=TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired:
        raise Unreadable(f"文字识别超过 {TIMEOUT_SECONDS // 60} 分钟仍未完成，已停止。请确认扫描件的页数和分辨率（300 dpi 即可）") from None
    if done.returncode != 0:
        reason = (done.stderr or "").strip().splitlines()
        said = reason[-1] if reason else f"退出码 {done.returncode}"
        raise Unreadable(f"文字识别程序 tesseract 无法读取这个图像（{said}）。请确认它是完好的 PNG、JPG 或 TIF 图像")
    return done.stdout


def _run_many(program: str, images: list[Path], folder: Path) -> str:
    """One Tesseract run over many small images (a list file: one process, the language data loaded once)."""
    listing = folder / "cells.txt"
    listing.write_text("\n".join(str(image) for image in images) + "\n", encoding="utf-8")
    try:
        done = subprocess.run(
            [program, str(listing), "stdout", "-l", LANGUAGE, "--psm", "6", "tsv"], capture_output=True, text=True, timeout=TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired:
        raise Unreadable(f"文字识别超过 {TIMEOUT_SECONDS // 60} 分钟仍未完成，已停止。请确认扫描件的页数和分辨率（300 dpi 即可）") from None
    return done.stdout if done.returncode == 0 else ""


def recognise_page(image, program: str, folder: Path) -> str:
    """One page image (a PIL image) → Tesseract TSV, read in two steps:

    1. the whole page, default page segmentation: every word's box and the form's ruling lines;
    2. every cell of a ruled table again on its own, cut out inside its rules (`--psm 6`, one block of text; one
       Tesseract run for all the cells): on the whole page Tesseract reads the narrow cells of a row as the lines
       of one paragraph and the rules as characters ("|", "“", "人" for a whole label); a cell alone it reads as
       printed. Each cell is read at the scan's size and scaled to characters of about 20 px, the size Tesseract
       reads best, and the reading with the most characters read confidently is kept (each character counted by its word's
       confidence above 60%): at 40 px it lost the last
       line of "验收通过率" and read "95%" as "959%", at 20 px it read a lone "5" as "弛".
    The result is one TSV in Tesseract's own format: the page's rows (rules, and the words outside the tables) and
    each cell's rows moved to where the cell stands on the page, so that ocr_grid reads it like any TSV."""
    from generator.importers.ocr_grid import parse_tsv, ruled_tables

    page_file = folder / "page.png"
    image.save(page_file, dpi=(DPI, DPI))
    first = _run(program, page_file)
    pages = parse_tsv(first)
    tables = [table for page in pages for table in ruled_tables(page)]
    if not tables:
        return first
    size = statistics.median(w.height for page in pages for w in page.words)
    gray = image.convert("L")
    boxes = []
    for table in tables:
        for x0, y0, x1, y1 in table.boxes:
            box = (int(x0) + INSET, int(y0) + INSET, int(x1) - INSET, int(y1) - INSET)
            if box[2] - box[0] >= 8 and box[3] - box[1] >= 8 and sum(gray.crop(box).histogram()[:128]) >= 20:
                boxes.append(box)  # a cell with ink in it (an empty cell is not read)
    readings = []
    small = min(1.0, CHARACTER_PX / size) if size else 1.0
    for scale in dict.fromkeys((1.0, round((1.0 + small) / 2, 3), small)):
        files = []
        for n, box in enumerate(boxes):
            cell = gray.crop(box)
            if scale != 1:
                cell = cell.resize((max(1, round(cell.width * scale)), max(1, round(cell.height * scale))), Image.LANCZOS)
            # a white margin round the cut, as a page has: Tesseract reads text touching the edge poorly
            framed = Image.new("L", (cell.width + 2 * MARGIN, cell.height + 2 * MARGIN), 255)
            framed.paste(cell, (MARGIN, MARGIN))
            files.append(folder / f"cell-{scale}-{n + 1}.png")
            framed.save(files[-1], dpi=(DPI, DPI))
        readings.append(_cell_rows(_run_many(program, files, folder) if files else "", boxes, scale))
    best: dict[int, list[list[str]]] = {}
    for reading in readings:
        for n, rows in reading.items():
            if n not in best or _confidence(rows) > _confidence(best[n]):
                best[n] = rows
    return _combined(first, best, boxes)


def _confidence(rows: list[list[str]]) -> float:
    """Characters read, each counted by how sure Tesseract is of its word beyond a doubtful 60%: a reading that lost
    a line counts less, one that read a figure as a garbled longer one ("959%" at 38%) or a character as two
    halves ("经" "济" "这" at 2% and 0%) counts against itself."""
    return sum((float(parts[10]) - DOUBTFUL) * len(parts[11].strip()) for parts in rows) if rows else -1e9


def _cell_rows(tsv: str, boxes: list[tuple[int, int, int, int]], scale: float) -> dict[int, list[list[str]]]:
    """The word rows of a many-image run, by cell, moved to where the cell stands on the page."""
    cells: dict[int, list[list[str]]] = {}
    for row in tsv.rstrip("\n").split("\n")[1:] if tsv else []:
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5" or not parts[11].strip():
            continue
        n = int(parts[1]) - 1
        if not 0 <= n < len(boxes):
            continue
        x, y = boxes[n][0], boxes[n][1]
        left, top, width, height = (int(v) for v in parts[6:10])
        parts[1], parts[2] = "1", str(1000 + n)  # page 1, a block of its own for each cell
        parts[6:10] = [str(round((left - MARGIN) / scale + x)), str(round((top - MARGIN) / scale + y)),
                       str(round(width / scale)), str(round(height / scale))]
        cells.setdefault(n, []).append(parts)
    return cells


def _combined(first: str, cells: dict[int, list[list[str]]], boxes: list[tuple[int, int, int, int]]) -> str:
    """The page's TSV rows (its rules, and its words outside the cells read again), then the cells' rows; a cell the
    second reading found nothing in keeps the page reading's words."""
    header, *rows = first.rstrip("\n").split("\n")
    out = [header]
    read_again = [(x0 - INSET, y0 - INSET, x1 + INSET, y1 + INSET) for n, (x0, y0, x1, y1) in enumerate(boxes) if n in cells]
    for row in rows:
        parts = row.split("\t")
        if len(parts) >= 12 and parts[0] == "5" and parts[11].strip():
            left, top, width, height = (int(v) for v in parts[6:10])
            cx, cy = left + width / 2, top + height / 2
            if any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in read_again):
                continue  # the cell was read again on its own
        out.append(row)
    out += ["\t".join(parts) for n in sorted(cells) for parts in cells[n]]
    return "\n".join(out) + "\n"


def _frames(path: Path):
    from PIL import Image as PILImage, ImageSequence

    with PILImage.open(path) as opened:
        for frame in ImageSequence.Iterator(opened):
            yield frame.convert("L")


def page_tsv(path: Path) -> list[str]:
    """The TSV of every page of a scan (an image, a multi-page TIFF, or a PDF of images), as the importer reads it."""
    program = shutil.which("tesseract") or "tesseract"
    outputs = []
    with tempfile.TemporaryDirectory(prefix="jixiao-scan-") as folder:
        if path.suffix.lower() == ".pdf":
            import pypdfium2

            pdf = pypdfium2.PdfDocument(str(path))
            try:
                for n in range(len(pdf)):
                    outputs.append(recognise_page(pdf[n].render(scale=DPI / 72, grayscale=True).to_pil(), program, Path(folder)))
            finally:
                pdf.close()
        else:
            try:
                frames = list(_frames(path))
            except (OSError, ValueError, SyntaxError) as exc:
                raise Unreadable(f"图像文件已损坏，或不是有效的 PNG、JPG、TIF 图像（{type(exc).__name__}），无法读取") from None
            for frame in frames:
                outputs.append(recognise_page(frame, program, Path(folder)))
    return outputs


def read_image_blocks(path: Path) -> ScanBlocks:
    """A page image (.png/.jpg/.tif, a multi-page TIFF too) read by Tesseract."""
    version = tesseract_version()
    if version is None:
        raise _missing("图像文件")
    return _recognised(page_tsv(path), version)


def read_scanned_pdf_blocks(path: Path) -> ScanBlocks:
    """A PDF without a text layer: each page drawn at 300 dpi and read by Tesseract."""
    version = tesseract_version()
    if version is None:
        raise _missing("PDF 中只有图像")
    return _recognised(page_tsv(path), version)


def _recognised(outputs: list[str], version: str) -> ScanBlocks:
    from generator.importers.ocr_grid import tsv_blocks

    blocks = ScanBlocks(block for output in outputs for block in tsv_blocks(output))
    blocks.engine = f"{_name(version)}，语言包 {LANGUAGE}"
    if not blocks:
        raise Unreadable(
            f"扫描件，没有可读取的文字：经文字识别（{blocks.engine}）也没有识别出任何文字。"
            "请确认扫描件清晰、方向正确（300 dpi 即可），或用单位留存的 Word 或 Excel 原件导入"
        )
    return blocks


def _name(version: str) -> str:
    match = re.match(r"tesseract\s+v?(\S+)", version, re.I)
    return f"Tesseract {match.group(1)}" if match else "Tesseract"


def scan_notes(engine: str) -> tuple[str, str]:
    """(what the user is told, what the record's 整理说明 says) for a record read from a scan."""
    told = (
        f"扫描件：文字由 {engine} 识别，表格按字的位置和表格线还原；识别可能有误（形近字、漏字、把表格线读成字），"
        "导入的名称和数字照识别结果，未作改动，请逐项对照原件核对"
    )
    kept = f"本记录据扫描件经文字识别（{engine}）导入，表格按字的位置还原；名称和数字照识别结果，可能有识别错误，以原件为准。"
    return told, kept


if __name__ == "__main__":  # python -m generator.importers.ocr page.png > page.tsv: the TSV the importer reads
    import sys

    for output in page_tsv(Path(sys.argv[1])):
        sys.stdout.write(output)
