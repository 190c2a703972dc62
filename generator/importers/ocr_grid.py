"""A scanned form read by position: Tesseract's word boxes → the table's grid of cells, and the lines around it.

Plain OCR text interleaves the lines of neighbouring cells (the first line of every cell of a row, then the
second line of each …), so a form's columns cannot be recovered from it. Tesseract's TSV output keeps every
word's box, and its page-layout analysis also reports the ruling lines of a form as empty "words" (thin boxes,
horizontal or vertical, with no text). From those the grid is rebuilt the way the form was drawn:

1. the ruling lines give the row and column boundaries (positions within a few pixels are one boundary);
2. two neighbouring grid positions are one merged cell when no ruling line separates them: across a row
   boundary when the boundary's rule stops short of that column (Tesseract reports each rule with its true
   extent), across a column boundary when a word runs over it;
3. each word goes to the cell holding its centre; a cell's words are put in lines by their height and read
   left to right, top to bottom, wrapped lines joined as Word joins a wrapped cell;
4. a merged cell repeats its text in every position it covers (as a .docx table gives it).

Where the page has no ruled table (a form printed without lines, or a scan too faint for its rules), the
columns are found from the words alone: a boundary is a vertical strip of white that runs through many lines of
the table. Words outside the table (the title above it, the signatures below) are kept as lines of text.

The grid is handed to the same label-based reader as a Word table (form_table), so the OCR's look-alike rules
apply to labels only; names and figures are kept as the OCR read them.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’、。，：；！？（）《》【】]")


@dataclass
class Word:
    left: int
    top: int
    width: int
    height: int
    text: str
    conf: float = 100.0

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def cx(self) -> float:
        return self.left + self.width / 2

    @property
    def cy(self) -> float:
        return self.top + self.height / 2


@dataclass
class Rule:
    """A ruling line: at `at` (y of a horizontal rule, x of a vertical one), from `start` to `end` along it."""

    at: float
    start: int
    end: int


@dataclass
class Page:
    words: list[Word] = field(default_factory=list)
    horizontal: list[Rule] = field(default_factory=list)
    vertical: list[Rule] = field(default_factory=list)


class BadTsv(ValueError):
    """Not a Tesseract TSV file: the message says what is wrong, for the user."""


_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width", "height", "conf", "text")


def parse_tsv(text: str) -> list[Page]:
    """Tesseract's TSV (`tesseract image out tsv`) → one Page per page: its words and its ruling lines."""
    lines = text.replace("\r\n", "\n").split("\n")
    header = lines[0].split("\t") if lines else []
    if tuple(h.strip() for h in header[: len(_COLUMNS)]) != _COLUMNS:
        raise BadTsv("不是 Tesseract 的 TSV 输出（第 1 行应为表头“level page_num block_num … text”）")
    pages: dict[int, Page] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) < len(_COLUMNS) - 1:
            raise BadTsv(f"第 {number} 行只有 {len(parts)} 栏，Tesseract 的 TSV 每行应有 {len(_COLUMNS)} 栏")
        try:
            level, page, left, top, width, height = (int(parts[i]) for i in (0, 1, 6, 7, 8, 9))
            conf = float(parts[10])
        except ValueError:
            raise BadTsv(f"第 {number} 行的位置不是整数") from None
        if level != 5:
            continue
        text = parts[11] if len(parts) > 11 else ""
        current = pages.setdefault(page, Page())
        if text.strip():
            word = without_rule_marks(text.strip())
            if word:
                current.words.append(Word(left, top, width, height, word, conf))
        elif width >= 8 * height and width > 40:
            current.horizontal.append(Rule(top + height / 2, left, left + width))
        elif height >= 8 * width and height > 40:
            current.vertical.append(Rule(left + width / 2, top, top + height))
    for page in pages.values():
        page.words = _without_specks(page.words)
    return [pages[n] for n in sorted(pages)]


def _without_specks(words: list[Word]) -> list[Word]:
    """A speck of the scan read as a character: far smaller than the page's characters and read with low confidence
    (a "4" of 10×12 px at 49% beside the 40 px characters of "得分"). Only such pairs are dropped."""
    if not words:
        return words
    size = statistics.median(w.height for w in words)
    return [w for w in words if not (w.conf < 60 and w.height < size * 0.45 and w.width < size * 0.45)]


# A vertical rule read as a character: "|", with a letter stuck to it ("j|100%") or an underscore ("|_质量指标"),
# and a quotation mark beside it that quotes nothing ("“|97%", "完成六“"). Only at a word's edge, or a lone "|".
_RULE_AT_START = re.compile(r"^(?:[jJiIl!_]?[|｜\[\]]+[_]?)+")
_RULE_AT_END = re.compile(r"(?:[_]?[|｜\[\]]+[jJiIl!_]?)+$")


def without_rule_marks(word: str) -> str:
    from generator.importers.text_layout import _without_rule_marks

    word = _RULE_AT_END.sub("", _RULE_AT_START.sub("", word))
    word = re.sub(r"[|｜]+", "", word)  # a rule inside a word: the word ran over two cells' edge
    return _without_rule_marks(word).strip("_")


# --- joining words into text -------------------------------------------------------------------


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words in lines: a word belongs to the line whose middle its own middle is near (half a character)."""
    if not words:
        return []
    size = statistics.median(w.height for w in words)
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.cy, w.left)):
        if lines and abs(statistics.fmean(w.cy for w in lines[-1]) - word.cy) <= size * 0.5:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.left) for line in lines]


def _join(left: str, right: str, spaced: bool) -> str:
    if not left:
        return right
    if _CJK.match(left[-1]) or _CJK.match(right[0]) or not spaced:
        return left + right
    return left + " " + right


def line_text(line: list[Word]) -> str:
    """One line's words: Chinese runs on; a space is kept between Latin words or figures printed apart."""
    text = ""
    previous: Word | None = None
    for word in line:
        spaced = previous is not None and word.left - previous.right > 0.35 * max(word.height, previous.height)
        text = _join(text, word.text, spaced)
        previous = word
    return text


def cell_text(words: list[Word]) -> str:
    """A cell's words, its wrapped lines joined as Word joins a wrapped cell (no break inside the text)."""
    text = ""
    for line in _lines(words):
        piece = line_text(line)
        text = _join(text, piece, spaced=bool(re.match(r"[A-Za-z]", piece)) and bool(re.search(r"[A-Za-z]$", text)))
    return text


# --- the grid ------------------------------------------------------------------------------------


def _cluster(values: list[float], tolerance: float) -> list[float]:
    """Positions within `tolerance` of each other are one boundary (a rule drawn 5 px wide, reported in pieces)."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [statistics.fmean(group) for group in groups]


def _covered(rules: list[Rule], at: float, start: float, end: float, tolerance: float) -> bool:
    """A rule near `at` runs along at least half of [start, end]."""
    need = (end - start) / 2
    return any(abs(rule.at - at) <= tolerance and min(rule.end, end) - max(rule.start, start) >= need for rule in rules)


def _runs_along(rules: list[Rule], at: float, tolerance: float) -> bool:
    return any(abs(rule.at - at) <= tolerance for rule in rules)


@dataclass
class GridTable:
    top: float
    bottom: float
    left: float
    right: float
    grid: list[list[str]]
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # each cell (merged ones whole)


def _tables_of_rules(page: Page, size: float) -> list[tuple[list[Rule], list[Rule]]]:
    """The page's rules grouped into tables: rules that touch (within a character) belong to one table."""
    rules = [("h", r) for r in page.horizontal] + [("v", r) for r in page.vertical]
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def box(kind: str, rule: Rule) -> tuple[float, float, float, float]:
        return (rule.start, rule.at, rule.end, rule.at) if kind == "h" else (rule.at, rule.start, rule.at, rule.end)

    for i in range(len(rules)):
        for j in range(i + 1, len(rules)):
            a, b = box(*rules[i]), box(*rules[j])
            if a[0] - size <= b[2] and b[0] - size <= a[2] and a[1] - size <= b[3] and b[1] - size <= a[3]:
                parent[find(i)] = find(j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, (kind, rule) in enumerate(rules):
        group = groups.setdefault(find(i), ([], []))
        (group[0] if kind == "h" else group[1]).append(rule)
    return [g for g in groups.values() if len(_cluster([r.at for r in g[0]], size)) >= 2 and len(_cluster([r.at for r in g[1]], size)) >= 2]


def _runs_over(words: list[Word], x: float, top: float, bottom: float, size: float) -> bool:
    """Text runs over the column boundary at x between top and bottom: a word crosses it, or on one line the last
    word before it and the first after it stand as close as the characters of one text (a cell's own margins and
    its rule keep two cells' texts further apart)."""
    here = [w for w in words if top <= w.cy <= bottom]
    if any(w.left < x - size * 0.25 and w.right > x + size * 0.25 for w in here):
        return True
    for line in _lines(here):
        before = [w for w in line if w.cx < x]
        after = [w for w in line if w.cx >= x]
        if before and after and after[0].left - before[-1].right < size * 0.75:
            return True
    return False


def _ruled_table(horizontal: list[Rule], vertical: list[Rule], words: list[Word], size: float) -> GridTable:
    tolerance = size * 0.6
    ys = _cluster([r.at for r in horizontal], tolerance)
    xs = _cluster([r.at for r in vertical], tolerance)
    top, bottom, left, right = ys[0], ys[-1], xs[0], xs[-1]
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = {(i, j): (i, j) for i in range(rows) for j in range(cols)}

    def find(cell):
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    def union(a, b) -> None:
        parent[find(a)] = find(b)

    inside = [w for w in words if left <= w.cx <= right and top <= w.cy <= bottom]
    for i in range(1, rows):
        # a row boundary whose rule stops short of a column: the cells above and below are one (a merged label)
        for j in range(cols):
            if not _covered(horizontal, ys[i], xs[j], xs[j + 1], tolerance):
                union((i - 1, j), (i, j))
    for j in range(1, cols):
        for i in range(rows):
            if _covered(vertical, xs[j], ys[i], ys[i + 1], tolerance):
                continue
            # no rule found here: one cell only where a word runs over the boundary (a rule Tesseract missed
            # between two columns must not join them)
            if _runs_over(inside, xs[j], ys[i], ys[i + 1], size):
                union((i, j - 1), (i, j))
    cells: dict[tuple[int, int], list[Word]] = {}
    for word in inside:
        i = max(0, min(rows - 1, next((k for k in range(rows) if word.cy < ys[k + 1]), rows - 1)))
        j = max(0, min(cols - 1, next((k for k in range(cols) if word.cx < xs[k + 1]), cols - 1)))
        cells.setdefault(find((i, j)), []).append(word)
    texts = {root: cell_text(ws) for root, ws in cells.items()}
    grid = [[texts.get(find((i, j)), "") for j in range(cols)] for i in range(rows)]
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for i in range(rows):
        for j in range(cols):
            spans.setdefault(find((i, j)), []).append((i, j))
    boxes = [
        (xs[min(j for _, j in members)], ys[min(i for i, _ in members)], xs[max(j for _, j in members) + 1], ys[max(i for i, _ in members) + 1])
        for members in spans.values()
    ]
    return GridTable(top, bottom, left, right, grid, boxes)


def _unruled_table(words: list[Word], size: float) -> GridTable | None:
    """Columns found from the words alone: white strips that run through most lines of a run of lines
    holding several separate pieces each (a table printed without lines, or whose rules were not seen)."""
    lines = _lines(words)
    gap = size * 1.2

    def pieces(line: list[Word]) -> list[list[Word]]:
        out: list[list[Word]] = [[line[0]]]
        for word in line[1:]:
            if word.left - out[-1][-1].right > gap:
                out.append([word])
            else:
                out[-1].append(word)
        return out

    tabular = [line for line in lines if len(pieces(line)) >= 2]
    if len(tabular) < 3:
        return None
    first = lines.index(tabular[0])
    last = lines.index(tabular[-1])
    body = lines[first : last + 1]
    left = min(w.left for line in body for w in line)
    right = max(w.right for line in body for w in line)
    width = int(right - left) + 1
    covered = [0] * width
    for line in body:
        for w in line:
            for x in range(int(w.left - left), int(w.right - left)):
                covered[x] += 1
    # a column boundary: a strip at least `gap` wide that at most one line in ten runs over
    limit = max(1, len(body) // 10)
    boundaries: list[float] = []
    x = 0
    while x < width:
        if covered[x] < limit:
            start = x
            while x < width and covered[x] < limit:
                x += 1
            if x - start >= gap and start > 0 and x < width:
                boundaries.append(left + (start + x) / 2)
        x += 1
    if not boundaries:
        return None
    xs = [left - 1, *boundaries, right + 1]
    grid: list[list[str]] = []
    for line in body:
        row: list[list[Word]] = [[] for _ in range(len(xs) - 1)]
        for w in line:
            j = next(k for k in range(len(xs) - 1) if w.cx < xs[k + 1] or k == len(xs) - 2)
            row[j].append(w)
        grid.append([line_text(ws) for ws in row])
    top = min(w.top for w in body[0])
    bottom = max(w.bottom for w in body[-1])
    return GridTable(top, bottom, left, right, grid)


def ruled_tables(page: Page) -> list[GridTable]:
    """The page's ruled tables (each cell's box with them), for reading each cell again on its own."""
    if not page.words:
        return []
    size = statistics.median(w.height for w in page.words)
    return [_ruled_table(h, v, page.words, size) for h, v in _tables_of_rules(page, size)]


def page_blocks(page: Page) -> list:
    """One page → blocks (lines of text and Tables), top to bottom, as the other readers give them."""
    from generator.importers.document import Table

    if not page.words:
        return []
    size = statistics.median(w.height for w in page.words)
    tables = [_ruled_table(h, v, page.words, size) for h, v in _tables_of_rules(page, size)]
    outside = [w for w in page.words if not any(t.left <= w.cx <= t.right and t.top <= w.cy <= t.bottom for t in tables)]
    if not tables:
        found = _unruled_table(outside, size)
        if found:
            tables = [found]
            outside = [w for w in outside if not (found.top <= w.cy <= found.bottom)]
    placed: list[tuple[float, object]] = [(t.top, Table(t.grid)) for t in tables]
    placed += [(line[0].top, line_text(line)) for line in _lines(outside)]
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


def tsv_blocks(text: str) -> list:
    return [block for page in parse_tsv(text) for block in page_blocks(page)]
