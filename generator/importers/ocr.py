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
from collections import Counter
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from generator.importers.draft import Unreadable

IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
LANGUAGE = "chi_sim"
DPI = 300
CHARACTER_PX = (31, 25, 20)  # character heights (px) each cell is also read at, down to the 20 px Tesseract reads best
MARGIN = 20  # white px round a cut cell
INSET = 8  # px cut off inside a cell's rules
MAX_PAGES = 20  # a 自评表 is a page or two; each page takes about a minute to read
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


def _run_many(program: str, images: list[Path], folder: Path, mode: str = "6") -> str:
    """One Tesseract run over many small images (a list file: one process, the language data loaded once)."""
    listing = folder / "cells.txt"
    listing.write_text("\n".join(str(image) for image in images) + "\n", encoding="utf-8")
    try:
        done = subprocess.run(
            [program, str(listing), "stdout", "-l", LANGUAGE, "--psm", mode, "tsv"], capture_output=True, text=True, timeout=TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired:
        raise Unreadable(f"文字识别超过 {TIMEOUT_SECONDS // 60} 分钟仍未完成，已停止。请确认扫描件的页数和分辨率（300 dpi 即可）") from None
    return done.stdout if done.returncode == 0 else ""


def recognise_page(image, program: str, folder: Path) -> str:
    """One page image (a PIL image) → Tesseract TSV, read in two steps:

    1. the whole page, default page segmentation: every word's box and the form's ruling lines;
    2. every cell of a ruled table again on its own, cut out inside its rules: on the whole page Tesseract reads the
       narrow cells of a row as the lines of one paragraph and the rules as characters ("|", "“", "人" for a whole
       label); a cell alone it reads as printed. Tesseract's reading of a cell still varies with the size of the
       characters (at 40 px it lost the last line of "指标1:验收通过率" and read "95%" as "959%", at 20 px a lone
       "5" became "弛"), so each cell is read at four sizes, the scan's own and characters of 31, 25 and 20 px (the
       size Tesseract reads best), as one block of text (`--psm 6`) and, when it holds one printed line, as one
       line (`--psm 7`); one Tesseract run reads all the cells of a size and mode. The cell's text is put together
       line by line (each band of ink in the cell is a line): the text most readings agree on, then the reading
       Tesseract is surest of (mean word confidence).
    The result is one TSV in Tesseract's own format: the page's rows (rules, and the words outside the cells read
    again) and each cell's rows moved to where the cell stands on the page, so that ocr_grid reads it as any TSV."""
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
    printed = [[(box[1] + top, box[1] + bottom) for top, bottom in ink_lines(gray.crop(box), size)] for box in boxes]
    candidates: dict[int, list[list[list[str]]]] = {}
    scales = [1.0] + [round(min(1.0, px / size), 3) for px in CHARACTER_PX] if size else [1.0]
    for scale in dict.fromkeys(scales):
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
        for mode, chosen in (("6", list(range(len(boxes)))), ("7", [n for n in range(len(boxes)) if len(printed[n]) == 1])):
            if not chosen:
                continue
            reading = _cell_rows(_run_many(program, [files[n] for n in chosen], folder, mode), [boxes[n] for n in chosen], scale)
            for k, rows in reading.items():
                candidates.setdefault(chosen[k], []).append(rows)
    best = {n: _best(readings, printed[n]) for n, readings in candidates.items()}
    return _combined(first, best, boxes)


def ink_lines(cell, size: float) -> list[tuple[int, int]]:
    """The lines of print a cell holds, as (top, bottom) rows of the cut: bands of rows with ink at least a third of
    a character high (a speck or a rule's remnant is no line), parted by white rows."""
    width, height = cell.size
    data = cell.tobytes()
    bands: list[tuple[int, int]] = []
    start = None
    for y in range(height + 1):
        if y < height and min(data[y * width : (y + 1) * width]) < 128:
            start = y if start is None else start
            continue
        if start is not None and y - start >= size / 3:
            bands.append((start, y))
        start = None
    return bands


def _best(readings: list[list[list[str]]], bands: list[tuple[int, int]]) -> list[list[str]]:
    """The cell's reading put together line by line: for each printed line (a band of ink, in page rows), the words
    the readings found on it, the text most readings agree on, and of its readings the one Tesseract is surest of
    (mean word confidence). A misreading rarely comes out the same at two sizes, and a reading that lost a line
    (one of them dropped "过率" of "指标1:验收通过率") leaves that line to the others."""

    def text(rows: list[list[str]]) -> str:
        return "".join(parts[11].strip() for parts in rows)

    def sure(rows: list[list[str]]) -> float:
        return statistics.fmean(float(parts[10]) for parts in rows)

    if not bands:
        votes = Counter(text(rows) for rows in readings)
        return max(readings, key=lambda rows: (votes[text(rows)], sure(rows)))
    def band_of(parts: list[str]) -> int | None:
        """The line a word stands on: the band it overlaps most (a word Tesseract drew over two lines counts for one)."""
        top, height = int(parts[7]), int(parts[9])
        overlaps = [min(bottom, top + height) - max(start, top) for start, bottom in bands]
        best = max(range(len(bands)), key=lambda k: overlaps[k])
        return best if overlaps[best] > 0 else None

    chosen: list[list[str]] = []
    for k in range(len(bands)):
        on_line = []
        for rows in readings:
            words = [parts for parts in rows if band_of(parts) == k]
            if words:
                on_line.append(words)
        if on_line:
            votes = Counter(text(words) for words in on_line)
            chosen += max(on_line, key=lambda words: (votes[text(words)], sure(words)))
    return chosen


def _cell_rows(tsv: str, boxes: list[tuple[int, int, int, int]], scale: float) -> dict[int, list[list[str]]]:
    """The word rows of a many-image run, by cell, moved to where the cell stands on the page (Tesseract's own
    block number kept after the row, for counting the reading's lines)."""
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
        parts = parts[:12] + [parts[2]]
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
    out += ["\t".join(parts[:12]) for n in sorted(cells) for parts in cells[n]]
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
                _refuse_too_many(len(pdf))
                for n in range(len(pdf)):
                    outputs.append(recognise_page(pdf[n].render(scale=DPI / 72, grayscale=True).to_pil(), program, Path(folder)))
            finally:
                pdf.close()
        else:
            try:
                frames = list(_frames(path))
            except Image.DecompressionBombError:
                raise Unreadable("图像的像素过多（超过一亿像素），不像一页扫描件。请按 300 dpi 重新扫描或另存后再导入") from None
            except (OSError, ValueError, SyntaxError) as exc:
                raise Unreadable(f"图像文件已损坏，或不是有效的 PNG、JPG、TIF 图像（{type(exc).__name__}），无法读取") from None
            _refuse_too_many(len(frames))
            for frame in frames:
                outputs.append(recognise_page(frame, program, Path(folder)))
    return outputs


def _refuse_too_many(pages: int) -> None:
    if pages > MAX_PAGES:
        raise Unreadable(
            f"扫描件有 {pages} 页，超过一次识别的上限 {MAX_PAGES} 页（每页约需一分钟）。请只取自评表所在的几页另存后再导入"
        )


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
