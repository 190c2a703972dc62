"""Parse the published text of a target (年度指标值) or an actual (实际完成值) into a comparable form.

The text is always kept as published; this is the reading of it that the rules and pages use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum


class Comparator(str, Enum):
    AT_LEAST = "≥"
    AT_MOST = "≤"
    MORE_THAN = ">"
    LESS_THAN = "<"
    EQUAL = "="


class ValueKind(str, Enum):
    EMPTY = "空"
    NUMBER = "定量"
    TEXT = "定性"


_COMPARATOR_WORDS: dict[str, Comparator] = {
    "≥": Comparator.AT_LEAST, ">=": Comparator.AT_LEAST, "＞＝": Comparator.AT_LEAST, "⩾": Comparator.AT_LEAST, "≧": Comparator.AT_LEAST,
    "不低于": Comparator.AT_LEAST, "不少于": Comparator.AT_LEAST, "大于等于": Comparator.AT_LEAST, "不小于": Comparator.AT_LEAST,
    "≤": Comparator.AT_MOST, "<=": Comparator.AT_MOST, "＜＝": Comparator.AT_MOST, "⩽": Comparator.AT_MOST, "≦": Comparator.AT_MOST,
    "不高于": Comparator.AT_MOST, "不超过": Comparator.AT_MOST, "小于等于": Comparator.AT_MOST, "不大于": Comparator.AT_MOST,
    ">": Comparator.MORE_THAN, "＞": Comparator.MORE_THAN, "大于": Comparator.MORE_THAN, "高于": Comparator.MORE_THAN,
    "<": Comparator.LESS_THAN, "＜": Comparator.LESS_THAN, "小于": Comparator.LESS_THAN, "低于": Comparator.LESS_THAN,
    "=": Comparator.EQUAL, "＝": Comparator.EQUAL, "═": Comparator.EQUAL, "等于": Comparator.EQUAL,
}
_COMPARATOR_ALTERNATION = "|".join(sorted(map(re.escape, _COMPARATOR_WORDS), key=len, reverse=True))
_VALUE = re.compile(
    rf"^(?P<cmp>{_COMPARATOR_ALTERNATION})?\s*(?P<num>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>%|％|‰|[^\d\s]{{0,8}})$"
)
# Units that mean "percent" in published forms.
PERCENT_UNITS = {"%", "％", "百分比", "百分率"}


@dataclass(frozen=True)
class ParsedValue:
    text: str
    kind: ValueKind
    comparator: Comparator | None = None
    number: Decimal | None = None
    unit: str = ""

    @property
    def is_percent(self) -> bool:
        return self.unit in PERCENT_UNITS


def parse_value(text: str) -> ParsedValue:
    stripped = text.strip().replace(",", "").replace("，", "") if _looks_numeric(text) else text.strip()
    if not stripped:
        return ParsedValue(text, ValueKind.EMPTY)
    match = _VALUE.match(stripped)
    if match is None:
        return ParsedValue(text, ValueKind.TEXT)
    comparator = _COMPARATOR_WORDS.get(match.group("cmp") or "")
    unit = match.group("unit") or ""
    if unit == "％":
        unit = "%"
    return ParsedValue(text, ValueKind.NUMBER, comparator, Decimal(match.group("num")), unit)


def _looks_numeric(text: str) -> bool:
    # Thousands separators only inside digit runs ("30,000"), never in prose ("提高，保障").
    return bool(re.fullmatch(r"\s*[^\d]{0,4}\d{1,3}([,，]\d{3})+(\.\d+)?\s*\S{0,8}\s*", text))
