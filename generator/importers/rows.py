"""Rows rebuilt from a form whose layout lost them: one cell per line, a web page's " |" dump, a table
flattened onto one line, OCR'd text.

The form's labels say where each row starts: a header label takes the cell after it; a funds header
names the columns, and each fund-row label (总额, 其中：财政资金 …) takes that many cells; the
indicator header names its columns, and each indicator takes its name and then its values. When the
layout kept empty cells (`aligned`), values are taken by count; when it dropped them (a flattened
line), by what they look like: a figure goes to a figure's column, a percentage to the rate.
The rows are then read by form_table like any other grid.
"""

from __future__ import annotations

import re

from . import labels
from .draft import BLANK_MARKS
from .form_table import Grid, any_level2, canonical_level1

_FIGURE = re.compile(r"^[-+]?[\d,]+(?:\.\d+)?$")
_PERCENT = re.compile(r"^[-+]?\d+(?:\.\d+)?%$")
_VALUE = re.compile(r"^(?:[≥≤<>=＞＜＝]|大于|小于|不低于|不高于|不少于|不超过)?\s*[-+]?\d+(?:\.\d+)?\s*[^\s\d]{0,6}$")
_BLOCKS = ("title", "header", "funds", "goal", "indicators", "total", "analysis")


def _is_label(text: str, *families: str) -> labels.Label | None:
    return labels.find(text, *(families or _BLOCKS))


def _level(text: str) -> bool:
    return bool(canonical_level1(text) or any_level2(text))


def _figure_like(text: str) -> bool:
    folded = labels.fold(text)
    return bool(_FIGURE.match(folded) or _PERCENT.match(folded) or folded in BLANK_MARKS)


def _short_value(text: str) -> bool:
    folded = labels.fold(text)
    return bool(_VALUE.match(folded)) or folded in BLANK_MARKS or len(folded) <= 6


def split_glued(tokens: list[str]) -> list[str]:
    """In a flattened line labels run into their values: "产出指标数量指标足额保障率=100%" → 产出指标 | 数量指标 | 足额保障率 | =100%."""
    known = sorted(
        {printed for family in _BLOCKS for printed in labels.variants(family) if len(printed) >= 4}
        | {"产出指标", "效益指标", "满意度指标", "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
           "生态效益指标", "可持续影响指标", "服务对象满意度指标"},
        key=len, reverse=True,
    )
    out: list[str] = []
    for token in tokens:
        rest = token
        while rest and not _is_label(rest) and not _level(rest):
            head = next((k for k in known if labels.fold(rest).startswith(k) and len(rest) > len(k)), None)
            if head is None:
                break
            out.append(rest[: len(head)])
            rest = rest[len(head):]
        if rest:
            match = re.match(r"^(?P<name>[^\d≥≤<>=＞＜＝]{2,}?)(?P<value>(?:[≥≤<>=＞＜＝]+)\s*\d.*)$", rest)
            if match:
                out.extend([match.group("name"), match.group("value")])
            else:
                out.append(rest)
    return out


def rebuild(cells: list[str], aligned: bool) -> Grid:
    """The rows of a form given as a run of cells; `aligned` when empty cells were kept."""
    rows: Grid = []
    i, n = 0, len(cells)
    block: str | None = None
    fund_width = 0
    fund_lead = 0
    indicator_header: list[str] = []
    level1 = level2 = ""

    def take(count: int, stop_families: tuple[str, ...], figures_only: bool = False) -> list[str]:
        nonlocal i
        taken: list[str] = []
        while i < n and len(taken) < count:
            text = cells[i]
            if text.strip() and (_is_label(text, *stop_families) or _level(text)):
                break
            if not aligned and figures_only and not _figure_like(text):
                break
            taken.append(text)
            i += 1
        return taken

    while i < n:
        text = cells[i]
        if not text.strip():
            i += 1
            continue
        label = _is_label(text)
        family = label.meaning.split(".")[0] if label else None

        # a run of column labels: the funds header or the indicator header
        if label and label.meaning.startswith(("funds.column", "funds.group")):
            run = _run(cells, i, ("funds.column", "funds.group"))
            columns = [c for c in run if _is_label(c, "funds.column")]
            if len(columns) >= 2:
                lead = [c for c in run[: run.index(columns[0])]]
                fund_lead = max(1, len(lead))
                rows.append((lead or [""]) + columns)
                fund_width = len(columns)
                i += _span(cells, i, len(run))
                block = "funds"
                continue
        if label and label.meaning.startswith("indicators.column"):
            run = _run(cells, i, ("indicators.column", "indicators.group"))
            columns = [c for c in run if _is_label(c, "indicators.column")]
            if len(columns) >= 3:
                indicator_header = columns
                rows.append(columns)
                i += _span(cells, i, len(run))
                block = "indicators"
                level1 = level2 = ""
                continue
        if label and family == "goal" and label.meaning != "goal.group":
            run = _run(cells, i, ("goal",))
            columns = [c for c in run if _is_label(c, "goal") and _is_label(c, "goal").meaning != "goal.group"]
            if len(columns) >= 2:
                rows.append(columns)
                i += _span(cells, i, len(run))
                values = []
                while i < n and len(values) < len(columns):
                    if cells[i].strip() and _is_label(cells[i]):
                        break
                    if cells[i].strip() or aligned:
                        values.append(cells[i])
                    i += 1
                rows.append(values)
                block = None
                continue

        if block == "funds" and label and label.meaning.startswith("funds.row"):
            i += 1
            values = take(fund_width, ("funds", "goal", "indicators", "header", "title", "analysis", "total"), figures_only=True)
            if not aligned:
                values = _align_funds(values, rows[-1][fund_lead:] if rows else [])
            rows.append([text] + [""] * (fund_lead - 1) + values)
            continue

        if block == "indicators":
            if _is_label(text, "total"):
                i += 1
                values = take(len(indicator_header), _BLOCKS)
                row = [text] + [""] * max(0, len(indicator_header) - 1 - len(values)) + values
                rows.append(row)
                block = None
                continue
            if label and (family in ("analysis", "title", "header", "goal") or _funds_header_at(cells, i)):
                block = None
            elif canonical_level1(text):
                level1, level2 = text, ""
                i += 1
                continue
            elif any_level2(text):
                level2 = text
                i += 1
                continue
            else:
                i += 1
                width = len(indicator_header) - _name_position(indicator_header) - 1
                values = take(width, _BLOCKS) if aligned else _loose_values(cells, i, width, indicator_header)
                if not aligned:
                    i += len(values)
                lead = [""] * _name_position(indicator_header)
                if "一级指标" in [labels.key(c) for c in indicator_header[: len(lead)]]:
                    lead[0] = level1
                if len(lead) > 1:
                    lead[1] = level2
                rows.append(lead + [text] + values)
                level1 = level2 = ""  # merged labels are carried by form_table's own state
                continue

        if label and family in ("header", "analysis", "total"):
            if label.meaning == "analysis.group":
                rows.append([text])
                i += 1
                continue
            i += 1
            if i < n and cells[i].strip() and not _is_label(cells[i]):
                rows.append([text, cells[i]])
                i += 1
            else:
                rows.append([text])
            continue
        rows.append([text])
        i += 1
    return rows


def _funds_header_at(cells: list[str], i: int) -> bool:
    run = _run(cells, i, ("funds.column", "funds.group"))
    return sum(bool(_is_label(c, "funds.column")) for c in run) >= 3


def _run(cells: list[str], i: int, families: tuple[str, ...]) -> list[str]:
    """The labels of the given families that follow each other from i (empty cells between them skipped)."""
    run: list[str] = []
    while i < len(cells):
        text = cells[i]
        if text.strip():
            if not _is_label(text, *families):
                break
            run.append(text)
        i += 1
    return run


def _span(cells: list[str], i: int, count: int) -> int:
    """How many cells from i hold `count` non-empty ones."""
    seen = k = 0
    while i + k < len(cells) and seen < count:
        if cells[i + k].strip():
            seen += 1
        k += 1
    return k


def _name_position(header: list[str]) -> int:
    keys = [labels.find(c, "indicators.column").field for c in header]
    return keys.index("三级指标") if "三级指标" in keys else 0


def _align_funds(values: list[str], columns: list[str]) -> list[str]:
    """Fewer values than columns (empty cells dropped): a percentage goes to the rate, figures in order to the rest."""
    if len(values) >= len(columns) or not columns:
        return values
    keys = [labels.find(c, "funds.column").field if labels.find(c, "funds.column") else "" for c in columns]
    out = [""] * len(columns)
    k = 0
    for value in values:
        is_rate = bool(_PERCENT.match(labels.fold(value)))
        while k < len(columns) and (keys[k] == "执行率") != is_rate:
            k += 1
        if k >= len(columns):
            break
        out[k] = value
        k += 1
    return out


def _loose_values(cells: list[str], i: int, width: int, header: list[str]) -> list[str]:
    """An indicator's values where empty cells were dropped: targets and actuals, then figures, then a reason."""
    keys = [labels.find(c, "indicators.column").field for c in header][_name_position(header) + 1 :]
    taken: list[str] = []
    k = i
    for column in keys:
        if k >= len(cells):
            break
        text = cells[k]
        if _is_label(text, *_BLOCKS) or _level(text):
            break
        if column in ("分值", "得分"):
            if not _figure_like(text):
                break
        elif column == "偏差原因分析及改进措施":
            # a reason, unless it is the next indicator's name: a name is followed by its target
            following = cells[k + 1] if k + 1 < len(cells) else ""
            next_is_value = bool(following) and _short_value(following) and not _is_label(following, *_BLOCKS) and not _level(following)
            if next_is_value and not re.search(r"原因|偏差|未完成|无偏差", text) and labels.fold(text) not in BLANK_MARKS | {"无"}:
                break
        elif not _short_value(text) and len(labels.fold(text)) > 12:
            break
        taken.append(text)
        k += 1
    return taken
