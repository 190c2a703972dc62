"""Rows rebuilt from a form whose layout lost them: one cell per line, a web page's " |" dump, a table
flattened onto one line or squeezed by merged cells, OCR'd text.

The form's labels say where each row starts: a header label takes the cell after it; a funds header
names the columns, and each fund-row label (总额, 其中：财政资金 …) takes its values; the indicator
header names its columns, and each indicator takes its name and then its values. When the layout kept
empty cells (`aligned`), values are taken by count; when it dropped them, by what they look like: a
comparator goes to 指标性质, a unit to 度量单位, a figure to 分值 and 得分, a percentage to the
rate. The rows are then read by form_table like any other grid.
"""

from __future__ import annotations

import re

from generator.importers import labels
from generator.importers.draft import BLANK_MARKS, squeeze
from generator.importers.form_table import _UNIT, CONTINUED, ORPHAN, Grid, any_level2, canonical_level1
from generator.records.model import Level1, Level2

_FIGURE = re.compile(r"^[-+]?[\d,]*\d(?:\.\d+)?$")
_PERCENT = re.compile(r"^[-+]?\d+(?:\.\d+)?%$")
_COMPARATOR = re.compile(r"^(?:[≥≤<>=＞＜＝≧≦═]|>=|<=|大于等于|小于等于|不低于|不高于|不少于|不超过|大于|小于|等于|定性|定量|定性指标|定量指标)$")
_NAME_NUMBERING = re.compile(r"^指标\s*\d+\s*[:：]")
_BLOCKS = ("title", "header", "funds", "goal", "indicators", "total", "analysis")
_LEVEL_NAMES = tuple(level.value for level in (*Level1, *Level2))


def _is_label(text: str, *families: str) -> labels.Label | None:
    return labels.find(text, *(families or _BLOCKS))


def _level(text: str) -> bool:
    return bool(canonical_level1(text) or any_level2(text))


def _figure(text: str) -> bool:
    folded = labels.fold(text)
    return bool(_FIGURE.match(folded) or _PERCENT.match(folded) or folded in BLANK_MARKS)


def _stop(text: str) -> bool:
    """A cell that cannot be a value: a label of the form, a level of the indicator tree, a numbered name."""
    return bool(_is_label(text, *_BLOCKS) or _level(text) or _NAME_NUMBERING.match(labels.fold(text)))


def split_glued(tokens: list[str]) -> list[str]:
    """Labels run into their values: "产出指标数量指标足额保障率=100%" → 产出指标 | 数量指标 | 足额保障率 | =100%."""
    known = sorted(
        {printed for family in _BLOCKS for printed in labels.variants(family) if len(printed) >= 4} | set(_LEVEL_NAMES),
        key=len, reverse=True,
    )
    out: list[str] = []
    for token in tokens:
        rest = token
        while rest and not _is_label(rest) and not _level(rest):
            folded = labels.fold(rest)
            head = next((k for k in known if folded.startswith(k) and len(folded) > len(k)), None)
            if head is None:
                break
            out.append(rest[: len(head)])
            rest = rest[len(head):]
        if rest:
            match = re.match(r"^(?P<name>[^\d≥≤<>=＞＜＝≧≦═]{2,}?)(?P<value>[≥≤<>=＞＜＝≧≦═]+\s*\d.*)$", rest)
            if match:
                out.extend([match.group("name"), match.group("value")])
            else:
                out.append(rest)
    return out


_SUFFIX_ALONE = re.compile(r"^[(（][^()（）]{0,12}[)）]$")
_SUFFIX_OPEN = re.compile(r"^[(（][^()（）]{0,10}$")
_SUFFIX_CLOSE = re.compile(r"^[^()（）]{0,10}[)）]$")


def repair_split_labels(tokens: list[str]) -> list[str]:
    """A label broken by a space: "年初预算 数" → 年初预算数, "年度 总体 目标" → 年度总体目标; a label's suffix
    printed apart from it: "预算数 (A)" → 预算数(A), "情况(万元) (20 分)" → 情况(万元)(20分)."""
    return _attach_suffixes(_join_split_labels(tokens))


def _attach_suffixes(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if re.fullmatch(r"(?:19|20)\d{2}", token) and i + 1 < len(tokens) and tokens[i + 1].startswith("年") and len(tokens[i + 1]) > 2:
            token, i = token + " " + tokens[i + 1], i + 1  # "2020 年市级服务贸易发展资金": a year broken from its words
        if re.search(r"[(（]\d+(?:\.\d+)?$", token) and i + 1 < len(tokens) and re.fullmatch(r"分[)）]", tokens[i + 1]):
            token, i = token + tokens[i + 1], i + 1  # "相关性(5" "分)": a weight broken from its name's cell
        if _SUFFIX_OPEN.match(token) and i + 1 < len(tokens) and _SUFFIX_CLOSE.match(tokens[i + 1]) and _SUFFIX_ALONE.match(token + tokens[i + 1]):
            token, i = token + tokens[i + 1], i + 1  # "(20" "分)"
        if _SUFFIX_ALONE.match(token) and out and (_is_label(out[-1]) or _level(out[-1])) and (_is_label(out[-1] + token) or _level(out[-1] + token)):
            out[-1] += token
        else:
            out.append(token)
        i += 1
    return out


def _join_split_labels(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        joined = tokens[i]
        best = (1, joined)
        for span in (2, 3):
            if i + span > len(tokens):
                break
            joined = "".join(tokens[i : i + span])
            inner_label = any(_is_label(t) or _level(t) for t in tokens[i + 1 : i + span])
            adds = labels.key(joined) != labels.key("".join(tokens[i : i + span - 1]))
            if (_is_label(joined) or _level(joined)) and not inner_label and adds:
                best = (span, joined)
        out.append(best[1])
        i += best[0]
    return out


def rebuild(cells: list[str], aligned: bool) -> Grid:
    """The rows of a form given as a run of cells; `aligned` when empty cells were kept."""
    rows: Grid = []
    i, n = 0, len(cells)
    block: str | None = None
    fund_columns: list[str] = []
    fund_lead = 1
    fund_template: list[int] = []
    indicator_header: list[str] = []
    level1 = level2 = ""
    last_indicator: list[str] | None = None
    pending: list[list[str]] = []
    scattered = [] if aligned else scattered_indicator_header(cells)
    next_number = 1  # a scoring sheet's 序号: where each row starts when merged cells were dropped
    loose_funds: list[int] = []  # rows holding a lone funds label (or its value) printed apart from the header
    # The widths (in characters) at which this table wrapped its cells, learned where a wrapped cell was put back
    # together by the values that follow it: "name" for the indicator names, "text" for the text values.
    widths: dict[str, int] = {}
    header_at: int | None = None

    while i < n:
        text = cells[i]
        if not text.strip():
            i += 1
            continue
        label = _is_label(text)
        family = label.meaning.split(".")[0] if label else None

        if label and label.meaning.startswith(("funds.column", "funds.group")) and block != "indicators":
            run, used = _run(cells, i, ("funds.column", "funds.group"))
            columns = [c for c in run if _is_label(c, "funds.column")]
            if len(columns) >= 2:
                lead = run[: run.index(columns[0])]
                before, first_values, row_label = _loose_funds(rows, loose_funds, columns)
                loose_funds = []
                fund_lead = max(1, len(lead))
                rows.append((lead or [""]) + [""] * (fund_lead - max(1, len(lead))) + before + columns)
                i += used
                if (before or row_label) and i < n and _figure(cells[i]) and not _is_label(cells[i]):
                    # a sheet flattened column by column: the header's labels printed apart, the first row's
                    # values right after the header, its row label before it (年度资金总额 unless printed)
                    values, i = _fund_values(cells, i, columns, aligned, [])
                    rows.append([row_label or "年度资金总额"] + [""] * (fund_lead - 1) + first_values + values)
                    columns = before + columns
                    fund_template = [k for k, value in enumerate(first_values + values) if value.strip()]
                else:
                    columns = before + columns
                    fund_template = []
                fund_columns = columns
                block = "funds"
                continue
        if not scattered and (label and label.meaning.startswith("indicators.column") or (label and label.meaning == "indicators.group" and block != "indicators")):
            stray: list[str] = []
            run, used = _run(cells, i, ("indicators.column", "indicators.group"), fragments=True, stray=stray)
            header = _indicator_header(run)
            if len([c for c in header if _is_label(c, "indicators.column")]) >= 3:
                indicator_header = header
                header_at = len(rows)
                rows.append(header)
                rows.extend([piece] for piece in stray)
                i += used
                block = "indicators"
                level1 = level2 = ""
                continue
        if block != "indicators" and not indicator_header and scattered and (
            _NAME_NUMBERING.match(labels.fold(text)) or _level(text) or _header_run_at(cells, i)
        ):
            i += _header_piece(cells, i) if _header_run_at(cells, i) else 0
            # the header's labels were printed apart from each other (a sheet flattened column by column):
            # its columns in the form's order, and the rows read from the first indicator on
            indicator_header = scattered
            header_at = len(rows)
            rows.append(list(scattered))
            block = "indicators"
            level1 = level2 = ""
            continue
        if label and family == "goal" and label.meaning != "goal.group":
            run, used = _run(cells, i, ("goal",))
            columns = [c for c in run if _is_label(c, "goal") and _is_label(c, "goal").meaning != "goal.group"]
            if len(columns) >= 2:
                rows.append(columns)
                i += used
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
            values, i = _fund_values(cells, i, fund_columns, aligned, fund_template)
            if not fund_template:
                fund_template = [k for k, value in enumerate(values) if value.strip()]
            rows.append([text] + [""] * (fund_lead - 1) + values)
            continue

        if block == "indicators":
            if _is_label(text, "total"):
                i += 1
                values = []
                while i < n and len(values) < len(indicator_header) and not _stop(cells[i]):
                    if cells[i].strip() or aligned:
                        values.append(cells[i])
                    i += 1
                rows.append([text] + [""] * max(0, len(indicator_header) - 1 - len(values)) + values)
                block = None
                continue
            if label and family == "analysis" and label.meaning != "analysis.group":
                # a note row inside the indicator table ("其他需要说明事项 | 无") before its total row
                i += 1
                if i < n and cells[i].strip() and not _stop(cells[i]):
                    rows.append([text, cells[i]])
                    i += 1
                else:
                    rows.append([text])
                continue
            if scattered and indicator_header is scattered and _header_piece(cells, i):
                i += _header_piece(cells, i)
                continue
            if label and (family in ("analysis", "title", "goal") or (family == "header" and label.field != "项目名称") or _funds_header_at(cells, i)):
                block = None
            elif canonical_level1(text):
                level1, level2 = text, ""
                i += 1
                continue
            elif any_level2(text):
                level2 = text
                i += 1
                continue
            elif not aligned and _weighted_names_at(cells, i, indicator_header):
                weighted, i = _weighted_rows(cells, i, indicator_header)
                rows.extend(weighted)
                continue
            elif not aligned and "序号" in _keys(indicator_header) and (next_number > 1 or labels.fold(text) == "1"):
                row, i, next_number = _numbered_row(cells, i, indicator_header, next_number)
                rows.append(row)
                continue
            elif not aligned and _looks_like_value(text):
                # values where a name should stand (their indicator's name printed elsewhere): kept, not made an indicator
                orphans = [text]
                i += 1
                while i < n and _looks_like_value(cells[i]) and not _stop(cells[i]):
                    orphans.append(cells[i])
                    i += 1
                rows.append([ORPHAN + " ".join(orphans)])
                continue
            else:
                i += 1
                if not aligned:
                    pieces = _broken_name(cells, i, indicator_header)
                    if pieces:
                        widths.setdefault("name", len(labels.fold(text)))  # a wrapped line fills its column
                    elif "name" in widths:
                        pieces = _lines_after(cells, i, text, widths["name"])
                    text += "".join(cells[i : i + pieces])
                    i += pieces
                while not aligned and i < n and _name_continues(cells[i], cells[i + 1] if i + 1 < n else ""):
                    text += cells[i]
                    i += 1
                position = _name_position(indicator_header)
                if aligned:
                    width = len(indicator_header) - position - 1
                    values = []
                    while i < n and len(values) < width and not (cells[i].strip() and _stop(cells[i])):
                        values.append(cells[i])
                        i += 1
                else:
                    wrapped = _wrapped_values(cells, i, indicator_header)
                    cut = None if wrapped or "text" not in widths else _cut_short(cells, i, indicator_header, widths["text"])
                    if wrapped:
                        values, i, widths["text"] = wrapped[0], wrapped[1], widths.get("text", wrapped[2])
                    elif cut:
                        values, i = cut
                    else:
                        values, i = _loose_values(cells, i, indicator_header)
                numbered = bool(_NAME_NUMBERING.match(labels.fold(text)))
                if not any(v.strip() for v in values) and last_indicator is not None and not numbered and not (level1 or level2):
                    rows.append([CONTINUED + text])  # a name's second line, not an indicator
                    continue
                if pending and any(v.strip() for v in values) and not aligned:
                    # names printed before their values ("指标24:… 指标25:… 14例 14例 2 2 24694人 …"): first come, first served
                    pending.pop(0).extend(values)
                    values, i = _loose_values(cells, i, indicator_header)
                lead = [""] * position
                keys = _keys(indicator_header)
                if position and keys[0] == "一级指标":
                    lead[0] = level1
                if position > 1 and keys[1] == "二级指标":
                    lead[1] = level2
                row = lead + [text] + values
                rows.append(row)
                last_indicator = row
                if numbered and not any(v.strip() for v in values) and i < n and _NAME_NUMBERING.match(labels.fold(cells[i])):
                    pending.append(row)
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
        if scattered and _header_piece(cells, i):
            i += _header_piece(cells, i)  # a piece of the scattered indicator header, read by scattered_indicator_header
            continue
        if not aligned and block != "funds" and (
            (label and label.meaning.startswith(("funds.column", "funds.row")))
            or (loose_funds and _figure(text) and rows[loose_funds[-1]] and _is_label(rows[loose_funds[-1]][0], "funds.column"))
        ):
            loose_funds.append(len(rows))
        rows.append([text])
        i += 1
    if not aligned and header_at is not None:
        _complete_cut_rows(rows, header_at, widths.get("text"))
    return rows


def _loose_funds(rows: Grid, loose: list[int], columns: list[str]) -> tuple[list[str], list[str], str]:
    """Funds labels printed apart from the header run (年初预算数 | 0 | … 年度资金总额 | … | 全年预算数 | 全年执行数 …):
    the columns to put before the run, the first row's values under them, and the first row's label. Their rows go."""
    before: list[str] = []
    values: list[str] = []
    row_label = ""
    have = {_is_label(c, "funds.column").field for c in columns}
    taken: list[int] = []
    for k, at in enumerate(loose):
        text = rows[at][0]
        found = _is_label(text, "funds.column", "funds.row")
        if found and found.meaning.startswith("funds.column") and found.field not in have:
            before.append(text)
            have.add(found.field)
            following = loose[k + 1] if k + 1 < len(loose) else None
            value = rows[following][0] if following == at + 1 and _figure(rows[following][0]) else ""
            values.append(value)
            taken += [at] + ([following] if value else [])
        elif found and found.meaning.startswith("funds.row") and not row_label:
            row_label = text
            taken.append(at)
    if not before and not row_label:
        return [], [], ""
    for at in sorted(set(taken), reverse=True):
        del rows[at]
    return before, values, row_label


def scattered_indicator_header(cells: list[str]) -> list[str]:
    """The indicator header's columns when its labels stand apart, among values (a sheet flattened column
    by column), in the form's own order; [] when a header run exists or too few labels are printed."""
    found: dict[str, str] = {}
    runs: list[set[str]] = []
    k = 0
    while k < len(cells):
        text = cells[k]
        if _is_label(text, "indicators.column") or _fragment(text, ("indicators.column",)):
            run, used = _run(cells, k, ("indicators.column",), fragments=True)
            fields = {label.field for cell in run if (label := _is_label(cell, "indicators.column"))}
            runs.append(fields)
            for cell in run:
                label = _is_label(cell, "indicators.column")
                if label:
                    found.setdefault(label.field, cell)
            k += max(used, 1)
            continue
        k += 1
    keys = set(found)
    if "三级指标" not in keys or len({"年度指标值", "实际完成值", "分值", "得分"} & keys) < 2:
        return []
    if any(keys <= run for run in runs):
        return []  # one run holds the whole header (or each of several forms has its own): read as it stands
    order = [label.field for label in labels.variants("indicators.column").values()]
    return [found[key] for key in dict.fromkeys(order) if key in found]


def _header_piece(cells: list[str], i: int) -> int:
    """How many cells at i are pieces of an indicator header (a label, or fragments that make one); 0 if none."""
    text = cells[i]
    if not (_is_label(text, "indicators.column") or _fragment(text, ("indicators.column",))):
        return 0
    run, used = _run(cells, i, ("indicators.column",), fragments=True)
    return used if run else 0


def _keys(header: list[str]) -> list[str]:
    return [labels.find(c, "indicators.column").field if labels.find(c, "indicators.column") else "" for c in header]


def _indicator_header(run: list[str]) -> list[str]:
    """The header's columns in the order rows print them. A two-level header flattened to one line
    ("年度指标值 | 实际完成值 | … | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位") puts the
    levels first and the group label 年度指标值 where its three columns stand."""
    columns = [c for c in run if _is_label(c, "indicators.column")]
    keys = _keys(columns)
    if keys.count("年度指标值") > 1 and ("指标性质" in keys or "度量单位" in keys):
        group = keys.index("年度指标值")
        parts = [c for c, k in zip(columns, keys) if k in ("指标性质", "度量单位")]
        sub = [c for j, (c, k) in enumerate(zip(columns, keys)) if k == "年度指标值" and j != group]
        levels = [c for c, k in zip(columns, keys) if k in ("一级指标", "二级指标", "三级指标")]
        ordered = [c for c in columns if c not in levels and c not in parts and c not in sub]
        at = ordered.index(columns[group])
        split = [p for p in parts if _keys([p])[0] == "指标性质"] + sub[:1] + [p for p in parts if _keys([p])[0] == "度量单位"]
        columns = levels + ordered[:at] + split + ordered[at + 1 :]
    else:
        levels = [c for c, k in zip(columns, keys) if k in ("一级指标", "二级指标")]
        numbers = [c for c, k in zip(columns, keys) if k == "序号"]
        columns = numbers + levels + [c for c in columns if c not in levels and c not in numbers]
    return columns


def _name_continues(text: str, following: str) -> bool:
    """A name broken by a space before its last character: "…事件报告 数" (then the next name or a label)."""
    folded = labels.fold(text)
    return len(folded) == 1 and "\u4e00" <= folded <= "\u9fff" and bool(following) and _stop(following)


def _funds_header_at(cells: list[str], i: int) -> bool:
    run, _ = _run(cells, i, ("funds.column", "funds.group"))
    return sum(bool(_is_label(c, "funds.column")) for c in run) >= 3


def _run(cells: list[str], i: int, families: tuple[str, ...], fragments: bool = False, stray: list[str] | None = None) -> tuple[list[str], int]:
    """The labels of the given families that follow each other from i, and how many cells they take.
    With `fragments`, a header broken over two lines ("年度 实际 分值 … / 指标值 完成值") is put back together."""
    run: list[str] = []
    pending: list[int] = []
    stray = [] if stray is None else stray
    k = i
    while k < len(cells):
        text = cells[k]
        if text.strip():
            if pending and _completes(run[pending[0]], text, families):
                run[pending[0]] = run[pending[0]] + text
                pending.pop(0)
            elif _is_label(text, *families):
                run.append(text)
            elif fragments and _fragment(text, families):
                pending.append(len(run))
                run.append(text)
            else:
                break
        k += 1
    for j in reversed(pending):
        # a piece no later cell completed: not a column, but not dropped either (form_table keeps it as unplaced)
        stray.append(run.pop(j))
    return run, k - i


def _fragment(text: str, families: tuple[str, ...]) -> bool:
    key = labels.key(text)
    return len(key) >= 2 and any(printed.startswith(key) and printed != key for family in families for printed in labels.variants(family))


def _completes(fragment: str, text: str, families: tuple[str, ...]) -> bool:
    return bool(_is_label(fragment + text, *families))


def _name_position(header: list[str]) -> int:
    keys = _keys(header)
    return keys.index("三级指标") if "三级指标" in keys else 0


def _fund_values(cells: list[str], i: int, columns: list[str], aligned: bool, template: list[int]) -> tuple[list[str], int]:
    values: list[str] = []
    while i < len(cells) and len(values) < len(columns):
        text = cells[i]
        if text.strip() and (_is_label(text) or (not aligned and not _figure(text))):
            break
        if text.strip() or aligned:
            values.append(text)
        i += 1
    if aligned or len(values) >= len(columns):
        return values, i
    return _align_funds(values, columns, template), i


def _align_funds(values: list[str], columns: list[str], template: list[int]) -> list[str]:
    """Fewer values than columns (empty cells dropped): the percentage is the rate; the figures before it
    stand in the columns just before the rate, those after it just after; without a rate, where the
    first row's figures stood."""
    keys = [labels.find(c, "funds.column").field if labels.find(c, "funds.column") else "" for c in columns]
    out = [""] * len(columns)
    rate_at = keys.index("执行率") if "执行率" in keys else None
    percent = next((k for k, v in enumerate(values) if _PERCENT.match(labels.fold(v))), None)
    if rate_at is not None and percent is not None:
        before, after = values[:percent], values[percent + 1 :]
        out[rate_at] = values[percent]
        for k, value in enumerate(reversed(before)):
            if rate_at - 1 - k >= 0:
                out[rate_at - 1 - k] = value
        for k, value in enumerate(after):
            if rate_at + 1 + k < len(out):
                out[rate_at + 1 + k] = value
        return out
    places = template if len(template) >= len(values) else list(range(len(columns)))
    for value, place in zip(values, places):
        out[place] = value
    return out


def _loose_values(cells: list[str], i: int, header: list[str]) -> tuple[list[str], int]:
    """An indicator's values where empty cells were dropped, column by column by what each cell looks like."""
    keys = _keys(header)[_name_position(header) + 1 :]
    out = [""] * len(keys)
    k = i
    for column, key in enumerate(keys):
        if k >= len(cells):
            break
        text = cells[k]
        folded = labels.fold(text)
        if not text.strip() or _stop(text):
            break
        if key == "指标性质":
            if _COMPARATOR.match(folded):
                out[column] = text
                k += 1
            continue
        if key == "度量单位":
            if _UNIT.match(folded) and not _figure(text):
                out[column] = text
                k += 1
            continue
        if key == "核心指标":
            if folded in ("是", "否", "√", "×"):
                out[column] = text
                k += 1
            continue
        if key in ("分值", "得分", "得分系数"):
            if not _figure(text):
                break
        elif key == "偏差原因分析及改进措施":
            following = cells[k + 1] if k + 1 < len(cells) else ""
            next_is_value = bool(following.strip()) and not _stop(following) and len(labels.fold(following)) <= 12
            if next_is_value and not re.search(r"原因|偏差|未完成", text) and folded not in BLANK_MARKS | {"无"}:
                break
        out[column] = text
        k += 1
        following = cells[k] if k < len(cells) else ""
        if key in ("年度指标值", "实际完成值") and re.search(r"\d$", folded) and _UNIT.match(labels.fold(following)) and not _figure(following):
            out[column] += following  # a value broken by a space before its unit: "不少于12 种"
            k += 1
    while out and not out[-1]:
        out.pop()
    return out, k


def _looks_like_value(text: str) -> bool:
    """A cell that is a figure, a rate or a quantity with its unit (37442人, 97.30%, 14种): never an indicator's name."""
    folded = labels.fold(text)
    if _figure(text):
        return True
    match = re.match(r"^[≥≤<>=＞＜＝≧≦]?\d[\d,]*(?:\.\d+)?(?P<unit>.*)$", folded)
    return bool(match) and (not match.group("unit") or bool(_UNIT.match(match.group("unit"))) or len(match.group("unit")) == 1)


def _numbered_row(cells: list[str], i: int, header: list[str], number: int) -> tuple[list[str], int, int]:
    """One row of a table whose rows are numbered (序号 | 一级指标 | 二级指标 | 三级指标 | 指标说明 | 分值 | 评分 …)
    given cell by cell without its empty and merged cells: the number starts the row, its text cells stand in the
    rightmost text columns (merged 一级/二级 cells are printed only in their group's first row) and its figures in
    the value columns, up to the next row's number. A row without its number (a second scoring line of the
    previous item) is kept as that item's continuation, not made an indicator."""
    keys = _keys(header)
    first_value = next((k for k, key in enumerate(keys) if key in ("分值", "得分", "年度指标值", "实际完成值") and k > keys.index("序号")), len(keys))
    text_columns = [k for k in range(len(keys)) if keys[k] != "序号" and k < first_value]
    value_columns = list(range(first_value, len(keys)))
    numbered = labels.fold(cells[i]) == str(number)
    k = i + 1 if numbered else i
    texts: list[str] = []
    while k < len(cells) and not _figure(cells[k]) and not _is_label(cells[k], "total", "analysis", "title", "header", "funds"):
        texts.append(cells[k])
        k += 1
    values: list[str] = []
    following = str(number + 1) if numbered else str(number)
    while k < len(cells) and _figure(cells[k]) and len(values) < len(value_columns):
        if labels.fold(cells[k]) == following and (k + 1 >= len(cells) or not _figure(cells[k + 1])):
            break  # the next row's number
        values.append(cells[k])
        k += 1
    if k == i:
        return [ORPHAN + cells[i]], i + 1, number  # a figure where no row can start: kept, never dropped
    if not numbered:
        return [CONTINUED + " ".join(texts + values)], k, number
    row = [""] * len(keys)
    row[keys.index("序号")] = cells[i]
    for column, text in zip(reversed(text_columns), reversed(texts[-len(text_columns):])):
        row[column] = text
    if len(texts) > len(text_columns):
        row[text_columns[0]] = " ".join(texts[: len(texts) - len(text_columns) + 1])
    for column, value in zip(value_columns, values):
        row[column] = value
    return row, k, number + 1


def _header_run_at(cells: list[str], i: int) -> bool:
    """At i, a run of at least three of the indicator header's labels (with 三级指标)."""
    if not (_is_label(cells[i], "indicators.column") or _fragment(cells[i], ("indicators.column",))):
        return False
    run, _ = _run(cells, i, ("indicators.column",), fragments=True)
    fields = {label.field for cell in run if (label := _is_label(cell, "indicators.column"))}
    return len(fields) >= 3 and "三级指标" in fields


_VALUE_KEYS = ("年度指标值", "实际完成值", "分值", "得分")


def _broken_name(cells: list[str], i: int, header: list[str]) -> int:
    """How many cells after a name continue it ("支持服务贸易、服务外 | 包企业数量 | 3 | 3 | 10"): those before a run of
    value-like cells that alone fills the row's value columns. A funds word (执行率) inside a name is part of it."""
    wanted = sum(key in _VALUE_KEYS for key in _keys(header)[_name_position(header) + 1 :])
    k = i
    while k < len(cells) and k - i < 4 and not _looks_like_value(cells[k]) and (
        not _stop(cells[k]) or (_is_label(cells[k], "funds.column") and not _is_label(cells[k], "indicators.column"))
    ):
        k += 1
    values = 0
    while k + values < len(cells) and _looks_like_value(cells[k + values]) and not _stop(cells[k + values]):
        values += 1
    return k - i if k > i and wanted and values >= wanted else 0


_WEIGHTED = re.compile(r"^(?P<name>.*?)\s*[(（]\s*(?P<weight>\d+(?:\.\d+)?)\s*分\s*[)）]$")


def _weighted_names_at(cells: list[str], i: int, header: list[str]) -> bool:
    """A scoring sheet that prints each item's weight after its name ("相关性(5分) 5"), with no 分值 column."""
    keys = _keys(header)
    if "分值" in keys or "得分" not in keys:
        return False
    for cell in cells[i : i + 4]:
        if _stop(cell) or _figure(cell):
            return False  # a label, a level of the tree or a figure before any weighted name: not such a sheet
        if _WEIGHTED.match(labels.fold(cell)):
            return True
    return False


def _weighted_rows(cells: list[str], i: int, header: list[str]) -> tuple[Grid, int]:
    """Rows of a scoring sheet whose weights stand in its names: "部门决策(25分) 目标任务(15分) 相关性(5分) 5 明确性(5分) 5 …".
    A weighted name followed by a figure is an item (三级指标) with its score; one followed by another name is a group.
    Groups nest by their weights (目标任务's 15 points are filled by its items' 5 + 5 + 5), which says each item's
    一级 and 二级指标. Pieces of a name broken by the page ("部门决 | 策(25分)") are joined."""
    keys = _keys(header)
    out: Grid = [["一级指标", "二级指标", "三级指标", "分值", "得分"]]
    stack: list[list] = []  # [name, weight, points not yet given to items]
    groups: list[str] = []  # the groups' weights, kept (the record's levels are names only)
    pieces: list[str] = []
    n = len(cells)
    while i < n:
        text = cells[i]
        folded = labels.fold(text)
        if _is_label(text, "total", "analysis", "title", "header", "funds") or (not pieces and _figure(text)):
            break
        match = _WEIGHTED.match("".join(labels.fold(p) for p in pieces) + folded)
        if not match:
            pieces.append(text)
            i += 1
            continue
        pieces = []
        i += 1
        name, weight = match.group("name"), float(match.group("weight"))
        if i < n and _figure(cells[i]):
            while stack and stack[-1][2] <= 0:
                stack.pop()
            levels = [group[0] for group in stack]
            for group in stack:
                group[2] -= weight
            out.append([levels[0] if levels else "", "".join(levels[1:]), name, match.group("weight"), cells[i]])
            i += 1
            continue
        while stack and (stack[-1][2] <= 0 or weight > stack[-1][2]):
            stack.pop()
        stack.append([name, weight, weight])
        groups.append(f"{name} {match.group('weight')}分")
    if pieces:
        out.append([CONTINUED + " ".join(pieces)])
    if groups:
        out.append([CONTINUED + "一级、二级指标的分值：" + "，".join(groups)])
    return out, i


_GROUP_WEIGHT = re.compile(r"[(（]\s*[\u4e00-\u9fff]*\s*\d+(?:\.\d+)?\s*分?\s*[)）]|^\s*\d+(?:\.\d+)?\s*分\s*[)）]|[(（]\s*$", re.M)
_NOTE = re.compile(r"^[(（][^()（）]{1,12}[)）]$")


def scored_pairs(text: str) -> Grid:
    """A scoring sheet's page without its header (the header was on an earlier page): each item's name followed by
    its weight and score ("可行性 (政策完善) 5 5"). Group weights printed around the level names ("(10 分)项目决策")
    are dropped with the groups; level names glued to an item's name ("科学决策必要性") are split off by the
    framework's level words (labels.tsv, scoring.*); a note in brackets after a name, a lone figure (a page
    number, an optional item's weight) and names without figures are kept as unplaced rows."""
    groups = [squeeze(m.group(0)) for m in _GROUP_WEIGHT.finditer(text) if squeeze(m.group(0)) not in ("(", "（")]
    tokens = _GROUP_WEIGHT.sub(" ", text).split()
    rows: Grid = [["一级指标", "二级指标", "三级指标", "分值", "得分"]]
    pieces: list[str] = []
    level1 = level2 = ""
    k = 0
    while k < len(tokens):
        token = tokens[k]
        if _figure(token):
            if k + 1 < len(tokens) and _figure(tokens[k + 1]) and pieces:
                notes = [p for p in pieces if _NOTE.match(labels.fold(p))]
                names = [p for p in pieces if p not in notes]
                levels, name = _split_levels(names[-1]) if names else ([], "")
                for extra in names[:-1]:
                    more, rest = _split_levels(extra)
                    levels = more + levels
                    if rest:
                        rows.append([CONTINUED + rest])
                for word in levels:
                    if labels.find(word, "scoring.level1"):
                        level1, level2 = word, ""
                    else:
                        level2 = word
                rows.append([level1, level2, name, token, tokens[k + 1]])
                rows.extend([CONTINUED + f"指标“{name}”的说明：{note}"] for note in notes)
                pieces = []
                k += 2
                continue
            rows.append([ORPHAN + token])
            k += 1
            continue
        if not _is_label(token, "total"):  # the sheet's 总分 label closing the page: its figure is elsewhere
            pieces.append(token)
        k += 1
    if pieces:
        rows.append([CONTINUED + " ".join(pieces)])
    if groups:
        rows.append([CONTINUED + "各组的分值（原文印在层级名称旁）：" + " ".join(groups)])
    return rows


def _split_levels(name: str) -> tuple[list[str], str]:
    """"项目完成完成数量" → ([项目完成], 完成数量): the framework's level words a PDF glued to a name."""
    words = sorted(labels.variants("scoring"), key=len, reverse=True)
    levels: list[str] = []
    rest = labels.fold(name)
    while True:
        head = next((w for w in words if rest.startswith(w) and len(rest) > len(w)), None)
        if head is None:
            break
        levels.append(head)
        rest = rest[len(head):]
    if rest in words:
        return levels + [rest], ""
    return levels, rest


def _wrapped_values(cells: list[str], i: int, header: list[str]) -> tuple[list[str], int, int] | None:
    """Text values wrapped at their cells' width and given line by line ("获得目的国 | (地区)受 | 众欢迎 | 受目的国受 |
    众欢迎显著 | 10"): every line of a cell but its last fills the width, so a shorter line closes a cell. Used only
    when that yields exactly the row's text columns (年度指标值, 实际完成值) and a figure follows; else None."""
    keys = _keys(header)[_name_position(header) + 1 :]
    texts = [key for key in keys if key in ("年度指标值", "实际完成值")]
    if len(texts) != 2 or keys[: len(texts)] != texts:
        return None
    k = i
    while k < len(cells) and not _looks_like_value(cells[k]) and not _stop(cells[k]):
        k += 1
    pieces = cells[i:k]
    if len(pieces) <= len(texts) or k >= len(cells) or not _figure(cells[k]):
        return None
    width = max(len(labels.fold(piece)) for piece in pieces)
    groups: list[list[str]] = [[]]
    for piece in pieces:
        groups[-1].append(piece)
        if len(labels.fold(piece)) < width:
            groups.append([])
    groups = [group for group in groups if group]
    if len(groups) != len(texts):
        return None
    joined = ["".join(labels.fold(piece) for piece in group) for group in groups]
    figures = [key for key in keys[len(texts):] if key in ("分值", "得分")]
    values = list(joined)
    while k < len(cells) and len(values) < len(texts) + len(figures) and _figure(cells[k]):
        values.append(cells[k])
        k += 1
    return values, k, width


# --- A row cut short: its last cells printed after the table ---------------------------------------------------
#
# A document site that turns a Word table into one line of text takes the table apart by position: where the last
# rows' cells are tall (text wrapped at the cell's width), their later columns can come out after everything else,
# behind the level names the merged cells pushed to the end ("… 有利于推动 企业走出去 20 20 100"). Two rules put
# them back, and only when what is printed leaves a single reading:
# 1. a line of a wrapped cell fills the column's width (the width is learned from cells of the same table that the
#    values after them already put together); a shorter line ends the cell.
# 2. rows that end early, all missing the same last columns, take the loose cells found after the table column by
#    column (the way such a dump prints them), when the cells' kinds fit exactly one order (texts under the text
#    columns, figures under 分值 and 得分) and their count is exactly what the rows miss (plus the total row's own
#    figure when the total row has none).


def _lines_after(cells: list[str], i: int, line: str, width: int) -> int:
    """How many cells from i continue a text whose last line fills the column's width (a wrapped cell)."""
    k = i
    while (len(labels.fold(line)) == width and k < len(cells) and cells[k].strip() and not _stop(cells[k])
           and not _looks_like_value(cells[k]) and len(labels.fold(cells[k])) <= width):
        line = cells[k]
        k += 1
    return k - i


def _wrapped_groups(cells: list[str], i: int, width: int | None, limit: int) -> tuple[list[str], int]:
    """Up to `limit` text cells from i, each put back together from the lines it was wrapped into."""
    groups: list[str] = []
    k = i
    while len(groups) < limit and k < len(cells) and cells[k].strip() and not _stop(cells[k]) and not _looks_like_value(cells[k]):
        more = _lines_after(cells, k + 1, cells[k], width) if width else 0
        groups.append("".join(labels.fold(piece) for piece in cells[k : k + 1 + more]))
        k += 1 + more
    return groups, k


def _cut_short(cells: list[str], i: int, header: list[str], width: int) -> tuple[list[str], int] | None:
    """A row whose text values were wrapped at the table's width and whose later cells are not printed here (the
    next cell is a label or a level): its text values put back together; None if that is not what is printed."""
    keys = _keys(header)[_name_position(header) + 1 :]
    texts = 0
    while texts < len(keys) and keys[texts] in ("年度指标值", "实际完成值"):
        texts += 1
    groups, k = _wrapped_groups(cells, i, width, texts)
    if not groups or len(groups) == texts or k - i == len(groups) or k >= len(cells) or not _stop(cells[k]):
        return None
    return groups, k


def _complete_cut_rows(rows: Grid, header_at: int, width: int | None) -> None:
    header = rows[header_at]
    keys = _keys(header)
    value_columns = [j for j, key in enumerate(keys) if key in _VALUE_KEYS]
    name_at = _name_position(header)

    def indicator(row: list[str]) -> bool:
        return len(row) > name_at + 1 and bool(row[name_at].strip()) and not row[0].startswith((CONTINUED, ORPHAN))

    def filled(row: list[str]) -> int:
        return sum(1 for j in value_columns if j < len(row) and row[j].strip())

    end = next((r for r in range(header_at + 1, len(rows)) if rows[r] and _is_label(rows[r][0], "total", "analysis")), len(rows))
    body = [r for r in range(header_at + 1, end) if indicator(rows[r])]
    if not body:
        return
    full = filled(rows[body[0]])
    cut = []
    for r in reversed(body):
        if filled(rows[r]) >= full or any(j < len(rows[r]) and rows[r][j].strip() for j in value_columns[filled(rows[r]):]):
            break
        cut.insert(0, r)
    if not cut or len({filled(rows[r]) for r in cut}) != 1:
        return
    missing = value_columns[filled(rows[cut[0]]) : full]
    if not missing:
        return
    # the loose cells after the last cut row: rows of one cell, and the cells a total row took after its label;
    # labels and levels are skipped (they stay where they are)
    loose: list[tuple[int, int]] = []
    total_at = None
    for r in range(cut[-1] + 1, len(rows)):
        row = rows[r]
        first = next((j for j, c in enumerate(row) if c.strip()), None)
        if first is None:
            continue
        if _is_label(row[first], "total") and total_at is None:
            total_at = r
            loose += [(r, j) for j in range(first + 1, len(row)) if row[j].strip() and not _stop(row[j])]
            continue
        if len([c for c in row if c.strip()]) != 1 or _stop(row[first]):
            if loose:
                break
            continue
        loose.append((r, first))
    cells = [rows[r][j] for r, j in loose]
    filling = _fill_by_columns(cells, [keys[j] for j in missing], len(cut), width)
    if filling is None:
        return
    columns, used, total = filling
    if total is not None and total_at is None:
        return  # a figure more than the rows miss, and no total row to take it
    for n, r in enumerate(cut):
        row = rows[r] + [""] * (max(missing) + 1 - len(rows[r]))
        for j, column in zip(missing, columns):
            row[j] = column[n]
        rows[r] = row
    taken = set(loose[:used])
    if total_at is not None:
        kept = [c for j, c in enumerate(rows[total_at]) if (total_at, j) not in taken]
        rows[total_at] = kept + ([total] if total is not None else [])
    for r in sorted({r for r, _ in taken if r != total_at}, reverse=True):
        del rows[r]


def _fill_by_columns(cells: list[str], keys: list[str], count: int, width: int | None):
    """The loose cells read column by column (count values per column) — or None when they do not fit that one
    reading exactly, or when reading them row by row fits as well (the order would then be a guess)."""

    def read(order: str):
        out: dict[int, list[str]] = {c: [] for c in range(len(keys))}
        k = 0
        slots = [(c, n) for c in range(len(keys)) for n in range(count)] if order == "columns" else [
            (c, n) for n in range(count) for c in range(len(keys))]
        for c, _ in slots:
            if k >= len(cells):
                return None
            if keys[c] in ("分值", "得分"):
                if not _FIGURE.match(labels.fold(cells[k])):
                    return None  # a weight or a score is a plain number
                out[c].append(cells[k])
                k += 1
            elif _looks_like_value(cells[k]) and not _stop(cells[k]):
                out[c].append(cells[k])  # a figure or a quantity standing in a text column (95%, 1260人)
                k += 1
            else:
                groups, end = _wrapped_groups(cells, k, width, 1)
                if not groups:
                    return None
                out[c].append(groups[0])
                k = end
        total = None
        if k < len(cells) and _FIGURE.match(labels.fold(cells[k])):
            total, k = cells[k], k + 1  # one figure more: the total row's
        if k < len(cells) and _FIGURE.match(labels.fold(cells[k])):
            return None  # more figures than the rows miss: not these rows' cells
        return [out[c] for c in range(len(keys))], k, total

    by_columns = read("columns")
    if by_columns is None:
        return None
    by_rows = read("rows") if count > 1 and len(keys) > 1 else None
    if by_rows is not None and by_rows[0] != by_columns[0]:
        return None
    return by_columns
