"""The portal's page around a document copied from the web: its header, information bar and footer.

A text copied from a government portal starts with the site's navigation and the 政府信息公开 information bar
("索引号: … 发布机构: … 发文日期: …", "[ 索引号 ] …", "• 索引号 / • 79518791-…") and ends with the site's
footer (网站标识码, 备案号, 免责声明 of a reposting site). None of it is the unit's text. The bar's facts the record
keeps are read into it (索引号, 发布机构, the page's publication date for 公开日期); the rest is left out of the
record and listed to the user, so nothing disappears unseen. The words are data (page_chrome.tsv): a new portal's
wording is a new row, not a new branch.

Only the lines before the document begins (its title, first heading or first sentence) are read as the bar; after
that, only a line holding a portal marker (网站标识码, 您现在的位置 …) is the portal's, and a footer marker (免责声明,
相关文档 …) ends the document.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.importers.draft import calendar_date

TABLE = Path(__file__).with_name("page_chrome.tsv")

_SEPARATORS = re.compile(r"[\s|•·【】\[\]]+")
_HEADING = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]|^[（(][一二三四五六七八九十]+[）)]")
_SENTENCE = re.compile(r"[，,。；;]")
_DATE = re.compile(r"((?:19|20)\d{2})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*(?:-|/|\.|月)\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_BARE_DATE = re.compile(r"^(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


@dataclass
class Page:
    """What the portal's page said about the document, and the lines that were the portal's."""

    index_number: str = ""
    issuer: str = ""
    published: dt.date | None = None  # 发布日期/发文日期 of the bar (成文日期 only when no other)
    written: dt.date | None = None  # 成文日期
    chrome: list[str] = field(default_factory=list)

    @property
    def date(self) -> dt.date | None:
        return self.published or self.written


@lru_cache(maxsize=1)
def _words() -> dict[str, list[tuple[str, str]]]:
    """meaning family → [(folded word, meaning)], longest words first (so 发布日期 is tried before 日期)."""
    table: dict[str, list[tuple[str, str]]] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        meaning, printed, *_ = line.split("\t")
        family = meaning.split(".", 1)[0]
        table.setdefault(family, []).append((_fold(printed), meaning.strip()))
    for words in table.values():
        words.sort(key=lambda pair: -len(pair[0]))
    return table


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _bar_label(token: str) -> str | None:
    """The meaning of a bar label a token starts with ("索引号", "作者:县政协办" → "label"), or None."""
    folded = _fold(token)
    head = re.split(r"[:：]", folded, maxsplit=1)[0]
    for family in ("fact", "label", "word"):
        for word, meaning in _words().get(family, []):
            if head == word:
                return meaning
    return None


def _has(family: str, line: str) -> bool:
    folded = _fold(line)
    return any(word in folded for word, _ in _words().get(family, []))


def _starts(line: str) -> bool:
    folded = _fold(_SEPARATORS.sub(" ", line).strip())
    return any(folded.startswith(word) for word, _ in _words().get("start", []))


def _column(line: str) -> bool:
    """A portal column's name standing alone above the document ("基层政务公开", "通知公告")."""
    folded = _fold(line)
    return len(folded) <= 12 and any(folded.endswith(word) for word, _ in _words().get("column", []))


def _tokens(line: str) -> list[str]:
    return [t for t in _SEPARATORS.split(unicodedata.normalize("NFKC", line)) if t]


def is_bar_line(line: str) -> bool:
    """A line of the portal's header: navigation, the information bar, buttons, a bare date, or only separators."""
    text = unicodedata.normalize("NFKC", line).strip()
    tokens = _tokens(text)
    if not tokens:
        return False
    if _has("marker", text) or _starts(text) or _column(text) or _BARE_DATE.match(" ".join(tokens)):
        return True
    return _bar_label(tokens[0]) is not None


def _label_only(line: str) -> str | None:
    """A line that is one bar label and nothing else ("• 索引号"): its meaning (its value is the next line)."""
    tokens = _tokens(line)
    if len(tokens) == 1 and not re.search(r"[:：]\S", tokens[0]):
        return _bar_label(tokens[0].rstrip(":："))
    return None


def _read_facts(text: str, page: Page) -> None:
    """The bar's fields the record keeps, from one line ("索引号: X 发布机构: Y 发文日期: Z")."""
    text = unicodedata.normalize("NFKC", text)
    for word, meaning in _words().get("fact", []):
        for match in re.finditer(rf"{re.escape(word)}\s*[\]】]?\s*[:：]?\s*(?P<value>[^\s\[【|•]+(?:\s+\d{{1,2}}:\d{{2}})?)", text):
            _set_fact(page, meaning, match.group("value"), word)


def _set_fact(page: Page, meaning: str, value: str, word: str) -> None:
    value = value.strip().strip(":：")
    if not value or _bar_label(value):
        return
    if meaning == "fact.索引号":
        page.index_number = page.index_number or value
    elif meaning == "fact.发布机构":
        page.issuer = page.issuer or value
    elif meaning == "fact.公开日期":
        date = _date(value)
        if date and word == "成文日期":
            page.written = page.written or date
        elif date:
            page.published = page.published or date


def _date(text: str) -> dt.date | None:
    return calendar_date(_DATE.search(text))


def _starts_document(line: str) -> bool:
    """The document proper has begun: a numbered heading, or a sentence (not a bar line)."""
    text = line.strip()
    return bool(_HEADING.match(text)) or (len(text) > 30 and bool(_SENTENCE.search(text)))


def strip_page(blocks: list, page: Page | None = None) -> tuple[list, Page]:
    """The blocks without the portal's header and footer lines, and what the portal's page said."""
    page = page or Page()
    out: list = []
    in_header = True
    pending: str | None = None  # a bar label printed alone; its value is the next line
    strings = [n for n, block in enumerate(blocks) if isinstance(block, str)]
    footer_at = next((n for n in strings if _has("footer", blocks[n]) and len(blocks[n].strip()) <= 80), None)
    if footer_at is not None and any(not isinstance(block, str) for block in blocks[footer_at:]):
        footer_at = None  # a table after it: not the page's footer
    for n, block in enumerate(blocks):
        if not isinstance(block, str):
            in_header = False
            out.append(block)
            continue
        line = block.strip()
        if not _tokens(line):  # blank, or only separators ("|" between a table's cells): not text at all
            out.append(block)
            continue
        if footer_at is not None and n >= footer_at:
            page.chrome.append(line)
            continue
        if in_header and pending is not None:
            meaning, word, bulleted = pending
            pending = None
            if _is_value(line, bulleted):
                _set_fact(page, meaning, " ".join(_tokens(line)), word)
                page.chrome.append(line)
                continue
        if in_header and not _HEADING.match(line) and is_bar_line(line):
            only = _label_only(line)
            if only:
                pending = (only, _fold(_tokens(line)[0]).rstrip(":："), _bulleted(line))
            else:
                _read_facts(line, page)
                if not page.published and (_BARE_DATE.match(" ".join(_tokens(line))) or _bar_label(_tokens(line)[0]) == "label"):
                    page.published = _date(line)  # "来源:财务科 2019-07-09 16:55", "• 2023-04-25 10:58"
            page.chrome.append(line)
            continue
        if not in_header and _has("marker", line) and len(line) <= 80:
            page.chrome.append(line)
            continue
        if in_header and _starts_document(line):
            in_header = False
        out.append(_unbulleted(block) if page.chrome else block)
    return out, page


def _bulleted(line: str) -> bool:
    return bool(re.match(r"^\s*[•·]", line))


def _is_value(line: str, bulleted: bool) -> bool:
    """The line after a bar label printed alone is its value when laid out as one: bulleted like the label
    ("• 索引号" / "  • 79518791-…"), or a short line that is no label, heading or document title."""
    if bulleted:
        return _bulleted(line) and _label_only(line) is None
    text = line.strip()
    return len(text) <= 40 and _label_only(text) is None and not _HEADING.match(text) and not re.search(r"(?:报告|说明|自评表)[)）]?$", text)


def _unbulleted(line: str) -> str:
    """A line of the document that the portal's list layout put a bullet before ("•   近日,…")."""
    return re.sub(r"^\s*[•·]\s*", "", line)
