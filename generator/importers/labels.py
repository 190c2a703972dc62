"""The form's printed labels as data (labels.tsv), and how a cell's text is matched against them.

A label is recognised whatever surrounds it: spaces and line breaks Word puts in narrow cells
("年度\\n指标值"), full-width or half-width punctuation, a leading "其中：", a trailing colon, and
suffixes in brackets that say a weight, a unit, a column letter or a stamp ("产出指标(70分)",
"全年预算数(A)", "执行率(B/A)", "实施单位 (盖章)", "项目资金（万元）"). OCR noise is tolerated in labels
only: look-alike characters listed in labels.tsv ("年初预箅数", "产山指标", "绩敛指标") when the cell becomes
exactly one label once they are read as meant, and one character wrong in a long label ("偏差原因分忻")
where no other label is as close. A figure is never read through look-alikes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("labels.tsv")

# Trailing bracketed suffixes a label may carry; the bracket's content is short and never a sentence.
_SUFFIX = re.compile(r"[(\[【][^()\[\]【】]{0,12}[)\]】]$")
# A suffix's bracket OCR lost: opened at a label's end and never closed ("年初目标值(和" for "年初目标值(A)"), or
# closed without being opened ("实际完成值B)" for "实际完成值(B)").
_UNCLOSED = re.compile(r"(?:[(\[【][^()\[\]【】]{0,3}|(?<=[\u4e00-\u9fff])[A-Za-z0-9/]{1,3}[)\]】])$")
_LEADING = re.compile(r"^(?:其中|含)[:：]?")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\d{1,2}[、.](?!\d)|[(][一二三四五六七八九十\d]+[)])")


@dataclass(frozen=True)
class Label:
    meaning: str  # e.g. "funds.column.全年预算数"; see labels.tsv
    printed: str  # the variant as listed

    @property
    def field(self) -> str:
        """The last part of the meaning: the record's field (or "-name" for one the record has no field for)."""
        return self.meaning.rsplit(".", 1)[-1]

    @property
    def kept_aside(self) -> bool:
        return self.field.startswith("-")


def fold(text: str) -> str:
    """Width and spacing folded: full-width letters, digits and brackets as half-width, no whitespace."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("〔", "[").replace("〕", "]").replace("—", "-")
    return re.sub(r"\s+", "", text)


def key(text: str) -> str:
    """A cell's text as compared with the label table: folded, without suffixes, numbering, 其中 or a colon."""
    text = fold(text).rstrip(":")
    previous = None
    while previous != text:
        previous = text
        text = _SUFFIX.sub("", text).rstrip(":")
        text = _LEADING.sub("", text)
    return text


@lru_cache(maxsize=1)
def _table() -> tuple[Label, ...]:
    labels = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        meaning, printed, *_ = line.split("\t")
        labels.append(Label(meaning.strip(), printed.strip()))
    return tuple(labels)


@lru_cache(maxsize=64)
def _index(prefix: str) -> dict[str, Label]:
    """Label keys of one family (meaning starting with prefix); where two meanings share a key the first row wins."""
    index: dict[str, Label] = {}
    for label in _table():
        if label.meaning == prefix or label.meaning.startswith(prefix + "."):
            index.setdefault(key(label.printed), label)
    return index


def find(text: str, *prefixes: str) -> Label | None:
    """The label of the given families that a cell's text is, or None."""
    k = key(text)
    if not k or len(k) > 24:
        return None
    for prefix in prefixes:
        label = _index(prefix).get(k)
        if label:
            return label
    numbered = _NUMBERING.sub("", k)
    if numbered != k:
        return find(numbered, *prefixes)
    meant = as_meant(k)
    if meant != k:
        return find(meant, *prefixes)
    unclosed = _UNCLOSED.sub("", k)
    if unclosed != k and len(unclosed) >= 2 and k.count("(") != k.count(")"):
        return find(unclosed, *prefixes)
    return _near(k, prefixes)


@lru_cache(maxsize=1)
def _lookalikes() -> dict[str, str]:
    """OCR look-alikes (labels.tsv rows "ocr.<meant>"): the character read → the character meant."""
    return {label.printed: label.meaning.split(".", 1)[1] for label in _table() if label.meaning.startswith("ocr.")}


def as_meant(text: str) -> str:
    """A label's text with OCR look-alikes read as meant; letters stand for digits only next to a CJK character
    ("指标l" → "指标1"), so a Latin word or code is left alone."""
    table = _lookalikes()
    out = []
    for i, ch in enumerate(text):
        meant = table.get(ch)
        if meant is not None and meant.isdigit():
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if not (_cjk(before) or _cjk(after) or before.isdigit() or after.isdigit() or after in ":："):
                meant = None
        out.append(meant or ch)
    return "".join(out)


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _near(k: str, prefixes: tuple[str, ...]) -> Label | None:
    """OCR noise: one character wrong in a label of at least six characters, and no other label as close."""
    if len(k) < 6:
        return None
    hits = {
        label.meaning: label
        for prefix in prefixes
        for printed, label in _index(prefix).items()
        if len(printed) >= 6 and _one_off(k, printed)
    }
    return next(iter(hits.values())) if len(hits) == 1 else None


def _one_off(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def variants(prefix: str) -> dict[str, Label]:
    """Every label key of a family, for finding labels inside a line of text."""
    return dict(_index(prefix))


def starts_with_label(text: str, *prefixes: str) -> tuple[Label, str] | None:
    """A cell that begins with a label and carries its value in the same cell: "项目名称：某某经费" → (label, "某某经费")."""
    folded = unicodedata.normalize("NFKC", text).strip()
    match = re.match(r"^(?P<label>[^:：]{2,16}?)\s*[:：]\s*(?P<value>.*)$", folded, re.S)
    if not match:
        return None
    label = find(match.group("label"), *prefixes)
    if label is None:
        return None
    # the value as printed in the original text (after the first colon)
    original = re.split(r"[:：]", text, maxsplit=1)[1].strip()
    return label, original
