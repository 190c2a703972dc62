"""A 绩效自评表 as a grid of cell texts → one project's (or the department's) fields.

The grid can come from the text dump of a Word table, a .docx table, an .xlsx/.xls sheet, a PDF's
ruled table, or rows rebuilt by `rows.py` from a layout that lost its rows. Its contract: one list of
cell texts per row; a merged cell either repeats its text in the positions it covers or leaves them
empty. Blocks are found by their labels (labels.tsv: every province's wording, suffixes and all) and
columns by the labels of their header row, never by fixed positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.records.model import LEVEL2_BY_LEVEL1, Level1
from generator.importers import labels, money
from generator.importers.draft import BLANK_MARKS, NotAForm, number, squeeze, year_in

Grid = list[list[str]]

FUND_ROWS = ("年度资金总额", "当年财政拨款", "上年结转资金", "其他资金")
_FUND_NUMBER_COLUMNS = {"年初预算数", "全年预算数", "全年执行数", "分值", "得分"}
_COMPARATORS = {"≧": "≥", "≦": "≤", "═": "=", "≥": "≥", "≤": "≤", "＞": ">", "＜": "<", ">": ">", "<": "<", "=": "=", "＝": "=", ">=": "≥", "<=": "≤",
                "大于等于": "≥", "小于等于": "≤", "不低于": "≥", "不高于": "≤", "不少于": "≥", "不超过": "≤", "大于": ">",
                "小于": "<", "等于": "="}
_QUALITATIVE = {"定性", "定性指标"}
_QUANTITATIVE = {"定量", "定量指标"}
_CORE_YES = {"是", "√", "✓", "✔", "★", "核心", "Y", "y", "yes", "Yes"}
_CORE_NO = {"否", "×", "N", "n", "no", "No", ""} | BLANK_MARKS

CONTINUED = "（上一指标的续行）"  # a row rows.py rebuilt from a name's second line
ORPHAN = "（未能对应到指标的数值）"  # values rows.py found where an indicator's name should stand
_INDICATOR_NUMBERING = re.compile(r"^指标\s*\d*\s*[：:]\s*")
_NAME_UNIT = re.compile(r"^(?P<name>.*\S)\s*[（(](?P<unit>[^（）()，,。]{1,8})[）)]$")
# What a unit in brackets after a name looks like: 次, 万元, 元/人, %, 人次 … — not 参保率 or 含税.
_UNIT = re.compile(
    r"^(?:%|％|‰|百分比|[十百千万亿]?(?:元|人次|人|次|个|台|件|项|户|辆|份|页|篇|场|期|所|家|套|册|本|吨|亩|株|棵|座|天|日|月|年|"
    r"小时|分钟|公里|千米|米|平方米|立方米|㎡|m²|km|批|条|张|处|间|栋|名|位|分|学时|课时|人天|人日|床|箱|块|盏|根|只|头|公顷|吨标煤|kg|t|种|例|类|万美元|美元))"
    r"(?:[/／每](?:[十百千万]?(?:人|次|天|日|月|年|个|台|户|件|项|平方米|㎡|公里|亩|吨|小时|床|场|期)|[/／]?)){0,2}$"
)
_GRADES = {"优": "优", "良": "良", "中": "中", "差": "差", "优秀": "优", "良好": "良"}
_WEIGHT = re.compile(r"[(]\s*(\d+(?:\.\d+)?)\s*分\s*[)]")
_TEMPLATE_YEAR = re.compile(r"[（(]\s*(?:19|20)\d{2}\s*年度?\s*[）)]")


def split_name_unit(text: str) -> tuple[str, str]:
    """召开会议次数(次) → (召开会议次数, 次); 足额保障率(参保率) stays whole: what is in the brackets is no unit."""
    match = _NAME_UNIT.match(text)
    if match and _UNIT.match(labels.fold(match.group("unit"))):
        return match.group("name"), match.group("unit")
    return text, ""


def canonical_level1(label: str) -> str | None:
    """产出指标, 产出, 产出指标(70分), 一、产出指标 → 产出指标 (labels.tsv, family level1)."""
    found = labels.find(label, "level1")
    return found.field if found else None


def canonical_level2(label: str, level1: str) -> str | None:
    """经济效益, 环境效益, 服务对象满意度指标等 → the 10号文 name, if it belongs under level1."""
    found = labels.find(label, "level2")
    if found and found.field in LEVEL2_BY_LEVEL1[Level1(level1)]:
        return found.field
    return None


def any_level2(label: str) -> str | None:
    found = labels.find(label, "level2")
    return found.field if found else None


@dataclass
class FormResult:
    project: dict
    kind: str = "project"  # or "department": a 部门整体支出绩效自评表
    year: int | None = None
    unplaced: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)  # the parts recognised, named for messages
    title: str = ""  # the form's own title cell, as printed
    title_name: str = ""  # the project its title names, if it names one
    notes: list[str] = field(default_factory=list)  # told to the user after import
    kind_by_unit_name: bool = False  # "department" only because a 单位名称 was printed (a 项目名称 may follow)
    # amounts printed in 元/千元/亿元 and moved into 万元: (unit, the label that states it, row, column, as printed, 万元)
    converted: list[tuple[str, str, str, str, str, object]] = field(default_factory=list)


@dataclass
class _State:
    block: str | None = None
    fund_columns: dict[str, int] = field(default_factory=dict)
    goal_columns: dict[str, int] = field(default_factory=dict)
    indicator_columns: dict[str, int] = field(default_factory=dict)
    level1: str | None = None
    level2: str | None = None
    level1_text: str = ""
    level2_text: str = ""
    fund_weight: str | None = None
    group_weight: str | None = None  # "预算执行情况(万元)(20分)" printed in a row above the funds header
    # The money unit the form states (money.py), as (unit, the cell that says so): on a line of its own
    # ("单位：元"), in the funds block's label ("项目资金（元）"), or per column ("全年预算数（元）").
    form_unit: tuple[str, str] | None = None
    block_unit: tuple[str, str] | None = None
    fund_units: dict[str, tuple[str, str]] = field(default_factory=dict)


def _label(cell: str, *families: str) -> labels.Label | None:
    return labels.find(cell, *families)


def is_form(grid: Grid) -> bool:
    """A grid that holds a funds header or an indicator header: the two blocks every 自评表 has."""
    return any(_fund_header(row) or _indicator_header(row) for row in grid)


def form_parts(grid: Grid) -> list[str]:
    """The form's parts a grid holds, by their printed names, for messages about what was found."""
    found: list[str] = []
    for row in grid:
        for cell in row:
            label = _label(cell, "title", "header", "funds.column", "indicators.column", "goal", "total")
            if label and not label.kept_aside and label.printed not in found:
                found.append(label.printed)
    return found


def _fund_header(row: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    seen: dict[str, str] = {}
    for j, cell in enumerate(row):
        label = _label(cell, "funds.column")
        if label is None:
            continue
        name = label.field
        if name in columns and seen[name] == labels.key(cell):
            continue  # a merged cell's copy
        columns[name] = j
        seen[name] = labels.key(cell)
    wanted = {"年初预算数", "全年预算数", "全年执行数", "执行率"}
    return columns if len(wanted & set(columns)) >= 2 else {}


def _indicator_header(row: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for j, cell in enumerate(row):
        label = _label(cell, "indicators.column")
        if label is None or label.field in columns:
            continue
        columns[label.field] = j
    has_name = "三级指标" in columns
    has_values = len({"年度指标值", "实际完成值", "分值", "得分"} & set(columns)) >= 2
    return columns if has_name and has_values else {}


def parse_form(grid: Grid, where: str, money_unit: tuple[str, str] | None = None) -> FormResult:
    """Read one 自评表; `where` names the table in messages about what could not be placed; `money_unit` is
    a unit stated above the table ("单位：元"), as (unit, the line that states it)."""
    if not is_form(grid):
        raise NotAForm(where)
    project: dict = {}
    result = FormResult(project)
    state = _State(form_unit=money_unit)
    for number_, raw_row in enumerate(grid, start=1):
        row = [(cell or "").strip() for cell in raw_row]
        if not any(squeeze(cell) for cell in row):
            continue
        unit_cells = {j for j, cell in enumerate(row) if money.unit_line(cell)}
        if unit_cells:  # "单位：元" in a cell of its own, above or beside the funds block
            state.form_unit = (money.unit_line(row[min(unit_cells)]), squeeze(row[min(unit_cells)]))
            row = ["" if j in unit_cells else cell for j, cell in enumerate(row)]
            if not any(squeeze(cell) for cell in row):
                continue
        used = _read_row(row, state, project, result, f"{where}第{number_}行")
        _keep_leftovers(row, used, result, f"{where}第{number_}行")
    _say_converted(project, result)
    if result.kind == "project":
        settle_funds(project, result)
    weight_sum = project.pop("_weight_sum", None)
    if weight_sum and weight_sum not in BLANK_MARKS:
        result.unplaced.append(f"{where}：指标表合计行的分值（权重合计）：{weight_sum}")
    if result.kind == "department":
        result.found.insert(0, "部门整体支出绩效自评表")
    return result


# A figure an OCR engine misread: digits mixed with the letters that look like them ("1O", "l5", "9O%").
_GARBLED = re.compile(r"(?=[\dOolI.%]*\d)(?=[\dOolI.%]*[OolI])[\dOolI.%]{2,}")


def _garbled_note(cell: str) -> str:
    """A note for a figure the OCR garbled: kept exactly as printed, never "corrected" into a number."""
    token = cell.removeprefix(ORPHAN).removeprefix(CONTINUED)
    if not _GARBLED.fullmatch(token):
        return ""
    return f"（“{token}”中有与数字形近的字母，疑为扫描识别错误；照原样保留，未改作数字，请核对原件后填写）"


def _cell(row: list[str], columns: dict[str, int], key: str) -> str:
    j = columns.get(key)
    return row[j] if j is not None and j < len(row) else ""


def _read_row(row: list[str], state: _State, project: dict, result: FormResult, where: str) -> set[int]:
    used: set[int] = set()
    if row and row[0].startswith((CONTINUED, ORPHAN)):
        result.unplaced.append(f"{where}：{row[0]}" + "".join(_garbled_note(cell) for cell in row[0].split()))
        return set(range(len(row)))
    for cell in row:
        if _label(cell, "funds.group") and (unit := money.unit_in_label(cell)):
            state.block_unit = (unit, squeeze(cell))

    header = _fund_header(row)
    if header:
        state.block = "funds"
        state.fund_columns = header
        state.fund_units = {name: (unit, squeeze(row[j])) for name, j in header.items() if (unit := money.unit_in_label(row[j]))}
        group_weight, state.group_weight = state.group_weight, None
        state.fund_weight = None
        if "分值" not in header:
            # "预算执行情况(万元) (20分)": the weight of the execution rate printed in the block's label
            # (in the header row, or in a row of its own just above it)
            printed = next((m.group(1) for cell in row if _label(cell, "funds") for m in [_WEIGHT.search(labels.fold(cell))] if m), None)
            state.fund_weight = printed or group_weight
        result.found.append("项目资金")
        return {j for j, cell in enumerate(row) if _label(cell, "funds")}
    weighted_group = next((m.group(1) for cell in row if (lab := _label(cell, "funds.group")) for m in [_WEIGHT.search(labels.fold(cell))] if m), None)
    if weighted_group and state.block != "funds":
        state.group_weight = weighted_group
        return {j for j, cell in enumerate(row) if _label(cell, "funds.group")}
    if state.block == "funds":
        for j, cell in enumerate(row):
            label = _label(cell, "funds.row")
            if label and j not in state.fund_columns.values():
                used |= {k for k in range(j + 1) if _label(row[k], "funds") or not squeeze(row[k])}
                used |= _read_fund_row(row, label, cell, state, project, result, where)
                if label.field == "年度资金总额" and state.fund_weight:
                    project["_funds"][-1][2].setdefault("分值", number(state.fund_weight))
                    state.fund_weight = None
                return used
        first_column = min(state.fund_columns.values())
        names = [(j, cell) for j, cell in enumerate(row[:first_column]) if squeeze(cell) and not _label(cell, "funds")]
        if names and _numbers_under(row, state.fund_columns):
            # a row the label table does not know (基本支出, 项目支出 … in a 部门整体 form): kept with its own name
            j, name = names[-1]
            other = labels.Label(f"funds.row.-{squeeze(name)}", squeeze(name))
            used |= {k for k in range(first_column) if k == j or _label(row[k], "funds") or not squeeze(row[k])}
            return used | _read_fund_row(row, other, name, state, project, result, where)
        if not project.get("_funds") and _numbers_under(row, state.fund_columns):
            # A budget block with a single row and no row label (部门整体表): that row is the total.
            total = labels.Label("funds.row.年度资金总额", "年度资金总额")
            used |= {k for k, cell in enumerate(row) if _label(cell, "funds") or not squeeze(cell)}
            return used | _read_fund_row(row, total, "年度资金总额", state, project, result, where)

    goal = _goal_header(row)
    if goal:
        state.block = "goal"
        state.goal_columns = goal
        return {j for j, cell in enumerate(row) if _label(cell, "goal")}
    if state.block == "goal":
        state.block = None
        texts = {key: _cell(row, state.goal_columns, key).strip() for key in state.goal_columns}
        used = set(state.goal_columns.values())
        if any(_label(text, "goal", "indicators", "funds") for text in texts.values()):
            return set()
        project["年度总体目标"] = {k: v for k, v in texts.items() if v and not k.startswith("-")}
        for key_, text in texts.items():
            if key_.startswith("-") and text:
                project.setdefault("_kept", []).append((key_[1:], text))
        result.found.append("年度总体目标")
        return used

    if state.block == "indicators" and _header_continues(row, state):
        # a two-row header: 年度指标值 over 指标性质 | 指标值 | 度量单位 — the lower row says where the values stand
        for j, cell in enumerate(row):
            label = _label(cell, "indicators.column")
            if label:
                state.indicator_columns[label.field] = j
        return {j for j, cell in enumerate(row) if _label(cell, "indicators.column")}
    header = _indicator_header(row)
    if header:
        state.block = "indicators"
        state.indicator_columns = header
        result.found.append("绩效指标")
        if "调整指标值" in header or "得分系数" in header:
            result.kind = "department"
        return {j for j, cell in enumerate(row) if _label(cell, "indicators")}

    total_at = next((j for j, cell in enumerate(row) if (lab := _label(cell, "total.自评得分"))), None)
    if total_at is not None and (state.block == "indicators" or labels.key(row[total_at]) != "合计"):
        used.add(total_at)
        used |= _read_total(row, total_at, state, project, result, where)
        state.block = None
        return used
    first = next((cell for cell in row if squeeze(cell)), "")
    if state.block == "indicators" and not (_label(first, "analysis") and not canonical_level1(first)):
        return _read_indicator(row, state, project, result, where)

    grade_at = next((j for j, cell in enumerate(row) if _label(cell, "total.等级")), None)
    if grade_at is not None:
        return {grade_at} | _read_grade(row, grade_at, project)

    for j, cell in enumerate(row):
        label = _label(cell, "analysis")
        if label is None or label.meaning == "analysis.group":
            continue
        used.add(j)
        value_at = _value_after(row, j)
        if value_at is not None:
            used.add(value_at)
            text = row[value_at].strip()
            if label.kept_aside:
                if text not in BLANK_MARKS:
                    result.unplaced.append(f"{where}：{label.printed}：{text}")
            elif label.field == "自评综述":
                project["自评综述"] = text
            else:
                project.setdefault("自评结果分析", {})[label.field] = text
    if used:
        return used

    for j, cell in enumerate(row):
        if squeeze(cell).startswith(("填列单位", "填报单位")):
            used.add(j)
            result.year = result.year or _year_in_brackets(cell) or year_in(cell)
            filler = _TEMPLATE_YEAR.sub("", cell)
            filler = re.sub(r"^\s*填[列报]单位\s*(?:[（(]\s*[公盖]章\s*[）)])?\s*[：:]?", "", filler).strip()
            if filler:
                project["填列单位"] = filler
            elif (value_at := _value_after(row, j)) is not None:
                used.add(value_at)
                project["填列单位"] = row[value_at].strip()
            continue
        label = _label(cell, "header")
        inline = None if label else labels.starts_with_label(cell, "header")
        if inline:
            label, value = inline
            used.add(j)
            _header_value(label, value, project, result)
            continue
        if label:
            used.add(j)
            value_at = _value_after(row, j)
            if value_at is not None:
                used.add(value_at)
                _header_value(label, row[value_at], project, result)
            continue
        from generator.importers.document import form_title, title_name

        title = form_title(cell) if len(cell) <= 60 else None
        if title or _TEMPLATE_YEAR.fullmatch(cell.strip()):
            used.add(j)
            result.year = result.year or year_in(cell) or _year_in_brackets(cell)
            if title == "department":
                result.kind = "department"
            if title and not result.title:
                result.title = cell.strip()
                result.title_name = title_name(cell)
    return used


def _numbers_under(row: list[str], columns: dict[str, int]) -> bool:
    texts = [labels.fold(row[j]) for name, j in columns.items() if j < len(row) and name in _FUND_NUMBER_COLUMNS]
    return sum(bool(re.fullmatch(r"-?[\d,]+(?:\.\d+)?", t)) for t in texts) >= 2


def _year_in_brackets(text: str) -> int | None:
    match = _TEMPLATE_YEAR.search(text)
    return int(re.search(r"\d{4}", match.group()).group()) if match else None


def _header_value(label: labels.Label, value: str, project: dict, result: FormResult) -> None:
    value = value.strip()
    if not value or value in BLANK_MARKS:
        return
    if label.kept_aside:
        result.unplaced.append(f"{label.printed}：{value}")
        return
    if labels.key(label.printed) in ("部门名称", "单位名称") and "项目名称" not in project and result.kind == "project":
        result.kind, result.kind_by_unit_name = "department", True
    elif label.field == "项目名称" and result.kind_by_unit_name:
        # "单位名称：区商务局 … 项目名称 …": the unit that filled in a project form, not a department-level form
        result.kind, result.kind_by_unit_name = "project", False
    if label.field == "填列单位":
        value = _TEMPLATE_YEAR.sub("", value).strip()
    project[label.field] = value
    if label.field == "项目名称":
        result.found.append("项目名称")


def _header_continues(row: list[str], state: _State) -> bool:
    filled = [cell for cell in row if squeeze(cell) and squeeze(cell) not in BLANK_MARKS]
    return len(filled) >= 2 and all(_label(cell, "indicators.column", "indicators.group") for cell in filled) and not state.level1


def _goal_header(row: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for j, cell in enumerate(row):
        label = _label(cell, "goal")
        if label and label.meaning != "goal.group" and label.field not in columns:
            columns[label.field] = j
    return columns if "实际完成情况" in columns and len(columns) >= 2 else {}


def _value_after(row: list[str], j: int) -> int | None:
    """The cell holding a label's value: the next one that is not the same (merged) label or another label."""
    for k in range(j + 1, len(row)):
        text = squeeze(row[k])
        if text == squeeze(row[j]) or not text:
            continue  # a merged label's copy, or the empty cells a merge leaves in a PDF or a text dump
        if _label(row[k], "header", "analysis", "total", "funds", "goal", "indicators", "title"):
            return None
        return k
    return None


def _place_number(text: str, target: dict, key: str, result, what: str) -> None:
    """Put a figure into target[key]; text that is not a number is kept, unplaced, never dropped."""
    try:
        value = number(labels.fold(text) if text else text)
    except ValueError:
        result.unplaced.append(f"{what}写的是“{text}”，不是数字，未能填入")
        return
    if value is not None:
        target[key] = value


def _read_fund_row(row, label: labels.Label, printed: str, state: _State, project, result, where) -> set[int]:
    used: set[int] = set()
    values: dict = {}
    name = label.field
    columns = state.fund_columns
    for column, j in columns.items():
        if j >= len(row):
            continue
        text = row[j].strip()
        used.add(j)
        if column.startswith("-"):
            if text and text not in BLANK_MARKS:
                result.unplaced.append(f"{where}：项目资金“{squeeze(printed)}”的“{column[1:]}”：{text}")
            continue
        if column == "执行率":
            if text not in BLANK_MARKS:
                values[column] = text
                if re.fullmatch(r"[01](?:\.\d+)?", labels.fold(text)):
                    # 0.958 for 95.8%: so printed, or a sheet's percentage whose format was not kept (.xls)
                    result.notes.append(f"项目资金“{squeeze(printed)}”的执行率写作 {text}（不带 %），照原样填入；原表如显示为百分数，请核对")
            continue
        _place_number(text, values, column, result, f"{where}：项目资金“{squeeze(printed)}”的“{column}”")
        if column in _AMOUNT_COLUMNS and column in values:
            _in_record_unit(values, column, text, squeeze(printed), state, result, where)
    funds = project.setdefault("_funds", [])
    funds.append((name, squeeze(printed), values, where))
    return used


_AMOUNT_COLUMNS = ("年初预算数", "全年预算数", "全年执行数")


def _in_record_unit(values: dict, column: str, text: str, printed: str, state: _State, result: FormResult, where: str) -> None:
    """An amount the form states in 元/千元/亿元, moved into the record's 万元 exactly (money.py), or kept aside."""
    stated = state.fund_units.get(column) or state.block_unit or state.form_unit
    if stated is None or stated[0] == money.RECORD:
        return
    unit, label = stated
    moved = money.to_record_unit(values[column], unit)
    if moved is None:
        del values[column]
        result.unplaced.append(money.too_precise(where, printed, column, text.strip(), unit))
        return
    values[column] = moved
    result.converted.append((unit, label, printed, column, text.strip(), moved))


def _say_converted(project: dict, result: FormResult) -> None:
    """The figures as printed, in the 整理说明 shown on the page, and a line told to the user."""
    if not result.converted:
        return
    by_unit: dict[tuple[str, str], list] = {}
    for unit, label, printed, column, text, moved in result.converted:
        by_unit.setdefault((unit, label), []).append((printed, column, text, moved))
    block = "年度预算执行情况" if result.kind == "department" else "项目资金"
    notes = [money.editor_note(block, unit, label, items) for (unit, label), items in by_unit.items()]
    project["整理说明"] = "\n".join(filter(None, [project.get("整理说明", ""), *notes]))
    for (unit, label), items in by_unit.items():
        result.notes.append(f"{block}：原表“{label}”以{unit}为单位，{len(items)} 个金额已换算为万元（只移动小数点，未作舍入），原文数字写入整理说明")


def settle_funds(project: dict, result: FormResult) -> None:
    """The fund rows read, into the form's four rows; rows the record has no place for are kept as unplaced."""
    rows = project.pop("_funds", [])
    for name, printed, values, where in rows:
        if name not in FUND_ROWS:
            printed = printed if not name.startswith("-") else name[1:]
            if values:
                shown = "，".join(f"{k} {v}" for k, v in values.items())
                result.unplaced.append(f"{where}：项目资金“{printed}”（记录中没有这一行）：{shown}")
            continue
        if name != "年度资金总额":
            for column in ("分值", "得分"):
                if column in values:
                    result.unplaced.append(f"{where}：项目资金“{printed}”的“{column}”为 {values.pop(column)}，自评表只在年度资金总额一行设分值和得分，未能填入")
        if not values:
            continue
        funds = project.setdefault("项目资金", {})
        if name in funds:
            shown = "，".join(f"{k} {v}" for k, v in values.items())
            result.unplaced.append(f"{where}：项目资金“{printed}”重复出现：{shown}")
            continue
        funds[name] = values
    for kept, text in project.pop("_kept", []):
        result.unplaced.append(f"{kept}：{text}")


def _read_total(row, total_at, state: _State, project, result, where) -> set[int]:
    used: set[int] = set()
    columns = state.indicator_columns
    under_score = columns.get("得分")
    positional = under_score is not None and total_at < under_score < len(row) and bool(re.fullmatch(r"[\d.]+", labels.fold(row[under_score]).strip()))
    if positional or (labels.key(row[total_at]) == "合计" and under_score is not None and total_at < under_score < len(row)):
        # The 合计 row under the indicator table: the total score stands in the 得分 column, the weights' sum in 分值.
        j = columns["得分"]
        used.add(j)
        _place_number(row[j].strip(), project, "自评得分", result, f"{where}：合计的得分")
        for k in range(total_at + 1, len(row)):
            if k != j and squeeze(row[k]) and squeeze(row[k]) != squeeze(row[total_at]):
                used.add(k)
                if k == columns.get("分值"):
                    project["_weight_sum"] = row[k].strip()
                elif squeeze(row[k]) in _GRADES and "等级" not in project:
                    project["等级"] = _GRADES[squeeze(row[k])]  # "总分 | 100 | 96 | 优": the grade printed after the total
                elif _label(row[k], "total.等级"):
                    used |= _read_grade(row, k, project)
                elif row[k].strip() not in BLANK_MARKS:
                    used.discard(k)
        return used
    numbers: list[tuple[int, object]] = []
    for k in range(total_at + 1, len(row)):
        text = row[k].strip()
        if not squeeze(text) or squeeze(text) == squeeze(row[total_at]):
            continue
        if _label(text, "total.等级"):
            used.add(k)
            used |= _read_grade(row, k, project)
            break
        if squeeze(text) in _GRADES and "等级" not in project and numbers:
            used.add(k)
            project["等级"] = _GRADES[squeeze(text)]  # "总分 | 100 | 96 | 优": the grade printed after the total
            continue
        try:
            score = number(re.sub(r"分$", "", labels.fold(text)))  # "总分 | 99.55分": the score with its unit
        except ValueError:
            continue
        if score is not None:
            numbers.append((k, score))
    if "自评得分" in project or not numbers:
        return used
    if len(numbers) == 2 and numbers[0][1] >= numbers[1][1]:
        # Two figures on the total row, its cells not under the table's columns: the form prints 分值 before 得分,
        # so the first is the weights' total and the second the score ("总分 | 100 | 96 | 优").
        (weight_at, weight), (score_at, score) = numbers
        used |= {weight_at, score_at}
        project["_weight_sum"] = row[weight_at].strip()
        project["自评得分"] = score
        return used
    used.add(numbers[0][0])
    project["自评得分"] = numbers[0][1]
    return used


def _read_grade(row, k, project) -> set[int]:
    grade_at = _value_after(row, k)
    if grade_at is None:
        return set()
    grade = squeeze(row[grade_at])
    if grade in ("优", "良", "中", "差", "优秀", "良好", "合格", "较差"):
        project["等级"] = {"优秀": "优", "良好": "良"}.get(grade, grade)
        return {grade_at}
    return set()


def _read_indicator(row, state: _State, project, result, where) -> set[int]:
    columns = state.indicator_columns
    used = set(columns.values())
    level1_text = _cell(row, columns, "一级指标")
    level2_text = _cell(row, columns, "二级指标")
    own = [key for key in columns if key not in ("一级指标", "二级指标", "序号")]
    if not any(_cell(row, columns, key).strip() for key in own):
        if squeeze(level1_text) or squeeze(level2_text):
            if canonical_level1(level1_text) != state.level1 or squeeze(level2_text) not in (state.level2_text, ""):
                result.unplaced.append(f"{where}：指标类别“{squeeze(level1_text)} {squeeze(level2_text)}”下没有指标行")
        return used
    department = result.kind == "department"
    if squeeze(level1_text) and not _label(level1_text, "indicators.group"):
        level1 = canonical_level1(level1_text)
        if level1 is None and not department:
            # a scoring sheet's own levels (决策、过程 …): the rows are kept, their levels left empty, the level said once
            if labels.key(level1_text) != state.level1_text or state.level1 is not None:
                result.unplaced.append(
                    f"{where}：一级指标“{squeeze(level1_text)}”不是产出指标、效益指标、满意度指标之一，未能填入；其下各指标已导入，一级、二级指标留空"
                )
                state.level1, state.level2, state.level2_text = None, None, ""
                state.level1_text = labels.key(level1_text)
            level2_text = _outside(level2_text, state, result, where)
        elif level1 != state.level1 or labels.key(level1_text) != state.level1_text:
            state.level1, state.level2, state.level2_text = level1, None, ""
            state.level1_text = labels.key(level1_text)
    if squeeze(level2_text) and state.level1 is None and state.level1_text and not department:
        level2_text = _outside(level2_text, state, result, where)
    if squeeze(level2_text):
        level2 = canonical_level2(level2_text, state.level1) if state.level1 else None
        if level2 is None and state.level1 is None and not department:
            level2 = any_level2(level2_text)
            if level2:
                state.level1 = next(l1.value for l1, l2s in LEVEL2_BY_LEVEL1.items() if level2 in l2s)
        if level2 is None and not department:
            result.unplaced.append(f"{where}：二级指标“{squeeze(level2_text)}”不属于一级指标“{state.level1}”，本行未能填入：{_joined(row)}")
            return used
        state.level2 = level2
        state.level2_text = labels.key(level2_text)
    if state.level1 == Level1.SATISFACTION.value and not state.level2:
        state.level2 = LEVEL2_BY_LEVEL1[Level1.SATISFACTION][0]  # the only one there is
    if not department and not state.level2:
        # the document prints no 一级/二级指标 for this row (a flattened sheet lost its merged cells): the row is
        # kept with what it says, its levels left empty rather than guessed, and the user told
        note = "绩效指标：原文没有印出部分指标的一级指标或二级指标，导入时留空（未推定），请对照原表补上"
        if note not in result.notes:
            result.notes.append(note)

    printed = _cell(row, columns, "三级指标").strip()
    numbering = _INDICATOR_NUMBERING.match(printed)
    raw_name = printed[numbering.end():] if numbering else printed
    if "度量单位" in columns:
        name, unit = raw_name, ""
    else:
        name, unit = split_name_unit(raw_name)
    indicator: dict = {"一级指标": state.level1, "二级指标": state.level2, "三级指标": name}
    indicator = {k: v for k, v in indicator.items() if v or k == "三级指标"}
    if numbering and numbering.group(0).strip() and not department:
        indicator["编号"] = numbering.group(0).strip()  # kept as printed: a form's "指标2：" is what was published
    if department:
        indicator["一级指标"] = state.level1_text or ""
        indicator["二级指标"] = state.level2_text or ""
    measure = _cell(row, columns, "度量单位").strip()
    value = _cell(row, columns, "年度指标值").strip()
    if "指标性质" in columns:
        nature = _cell(row, columns, "指标性质").strip()
        comparator = _COMPARATORS.get(labels.fold(nature))
        if department:
            indicator["指标性质"] = nature
            target = value
        else:
            # the sign as printed (≧ and ═ stay ≧ and ═: the record keeps the unit's characters)
            sign = nature.strip() if comparator else ""
            target = f"{sign}{value}{measure if value and not value.endswith(measure) else ''}" if value else ""
            if nature and comparator is None and nature not in _QUALITATIVE | _QUANTITATIVE:
                result.unplaced.append(f"{where}：指标“{name}”的指标性质“{nature}”未能识别")
            if nature in _QUALITATIVE and value:
                indicator["指标方向"] = "定性"
            if not department and value and measure and target.endswith(measure):
                unit, measure = measure, ""  # the unit is printed with the target; keep it as the indicator's unit too
    else:
        target = value
    if measure and not unit:
        unit = measure
    elif measure and measure != unit:
        result.unplaced.append(f"{where}：指标“{name}”的计量单位列写“{measure}”，名称中写“{unit}”")
    if unit:
        indicator["计量单位"] = unit
    if target:
        indicator["年度指标值"] = target
    adjusted = _cell(row, columns, "调整指标值").strip()
    if adjusted and adjusted not in BLANK_MARKS:
        indicator["调整指标值"] = adjusted
    actual = _cell(row, columns, "实际完成值").strip()
    if actual:
        indicator["实际完成值"] = actual
    coefficient = _cell(row, columns, "得分系数").strip()
    if coefficient:
        indicator["得分系数"] = coefficient
    for key in ("分值", "得分"):
        _place_number(_cell(row, columns, key).strip(), indicator, key, result, f"{where}：指标“{name}”的{key}")
    for key in columns:
        text = _cell(row, columns, key).strip() if key.startswith("-") else ""
        if text and text not in BLANK_MARKS:
            result.unplaced.append(f"{where}：指标“{name}”的“{key[1:]}”：{text}")
    deviation = _cell(row, columns, "偏差原因分析及改进措施").strip()
    if deviation:
        indicator["偏差原因分析及改进措施"] = deviation
    if "核心指标" in columns:
        mark = _cell(row, columns, "核心指标").strip()
        if mark in _CORE_YES:
            indicator["核心指标"] = True
        elif mark not in _CORE_NO:
            result.unplaced.append(f"{where}：指标“{name}”的核心指标一栏写的是“{mark}”，未能识别为“是”或“否”")
        elif department and mark:
            indicator["核心指标"] = False
    project.setdefault("绩效指标", []).append(indicator)
    return used


def _outside(level2_text: str, state: _State, result: FormResult, where: str) -> str:
    """A 二级指标 under a 一级指标 outside the tree (a scoring sheet's 项目立项 under 决策): said once, not placed."""
    if squeeze(level2_text) and labels.key(level2_text) != state.level2_text:
        state.level2_text = labels.key(level2_text)
        result.unplaced.append(f"{where}：二级指标“{squeeze(level2_text)}”（属于一级指标“{state.level1_text}”）未能填入；其下各指标已导入，一级、二级指标留空")
    return ""


def _joined(row: list[str]) -> str:
    return " | ".join(cell for cell in row if cell.strip())


def _keep_leftovers(row: list[str], used: set[int], result: FormResult, where: str) -> None:
    """Every cell the row's reader did not take goes to 未归类内容, unless it is a form label or a merged copy."""
    taken = {squeeze(row[j]) for j in used if j < len(row)}
    seen: set[str] = set()
    for j, cell in enumerate(row):
        text = squeeze(cell)
        if j in used or not text or text in BLANK_MARKS or text in taken or text in seen:
            continue
        label = _label(cell, "title", "header", "funds", "goal", "indicators", "total", "analysis", "structure")
        if label and not label.kept_aside:
            continue
        if canonical_level1(cell) or any_level2(cell):
            continue
        seen.add(text)
        result.unplaced.append(f"{where}：{cell.strip()}")
