"""What one imported file yields before it becomes a record: the parts found, and what could not be placed.

Projects are plain dicts keyed by the form's Chinese labels (the model's aliases), so the model itself
validates them and the importers never restate its rules.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation


@dataclass
class Draft:
    """One source file read into the record's parts, with the evidence for what the importer inferred."""

    source: str  # the file as named on the command line, for messages
    text: str = ""  # all the document's text, to find the department's name in
    year: int | None = None
    title: str = ""
    title_guessed: bool = False
    published: dt.date | None = None
    coverage: dict | None = None
    projects: list[dict] = field(default_factory=list)
    overall: dict | None = None  # a 部门整体支出绩效自评表
    evaluations: list[dict] = field(default_factory=list)  # 评价结果: 重点评价 / 部门评价 / 财政评价
    other_sections: list[dict] = field(default_factory=list)  # 其他说明: a 说明's other paragraphs, as published
    found: list[str] = field(default_factory=list)  # the form's parts recognised, for messages
    unplaced: list[str] = field(default_factory=list)
    # Lines above the title, usually the unit's name: placed once the unit is known, else kept as unplaced.
    unit_lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # told to the user: what was guessed, and why
    # The publisher's own lines kept with a copied text (its source address, a 【整理说明】): the record's 整理说明.
    editor_notes: list[str] = field(default_factory=list)
    # The portal's information bar around a text copied from the web (page_chrome.py): 索引号, 发布机构, its date.
    index_number: str = ""
    issuer: str = ""
    page_date: dt.date | None = None


class NotAForm(Exception):
    """The file holds nothing to import; the message says what was found and what was missing."""


class Unreadable(Exception):
    """A reader found the file readable but not its numbers; the message tells the author what to do."""


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度")


def year_in(text: str) -> int | None:
    """The first "XXXX年度" of a text: the year a form or a report is about (not the year of a cited regulation)."""
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


_DATE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")


def calendar_date(match: re.Match[str] | None) -> dt.date | None:
    """The date a (year, month, day) match names; None for no match or a day no calendar has (2月30日)."""
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()[:3]))
    except ValueError:
        return None


def date_line(text: str) -> dt.date | None:
    """A line that is only a date, as printed under a published document: 2022年12月7日."""
    return calendar_date(_DATE.match(text.strip()))


_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
BLANK_MARKS = {"", "—", "——", "-", "--", "/", "－", "―"}


def number(text: str) -> Decimal | None:
    """A number cell as printed (20.37, 100); None for a blank or a dash. ValueError for anything else."""
    cleaned = text.strip().replace(",", "").replace("，", "")
    if cleaned in BLANK_MARKS:
        return None
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None


def squeeze(text: str) -> str:
    """A label without the line breaks and spaces Word puts in narrow cells: "年度\\n指标值" → "年度指标值"."""
    return re.sub(r"\s+", "", text)
