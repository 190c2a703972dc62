"""A 项目支出绩效自评表 as a grid of cell texts → one project's fields.

The grid can come from the text dump of a Word table, a .docx table or an .xlsx sheet. Its contract:
one list of cell texts per table row; a merged cell either repeats its text in every row and column it
covers (Word, Excel with ranges expanded) or leaves the covered cells empty (text dumps). Blocks are
found by their labels, and columns by the labels of their header row, never by fixed positions,
because every province prints the form a little differently (Sichuan's 指标性质/指标值/度量单位,
Chongqing's 核心指标, a 分值 column before the values).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import LEVEL2_BY_LEVEL1, Level1
from .draft import BLANK_MARKS, NotAForm, number, squeeze, year_in

Grid = list[list[str]]

FUND_ROWS = ("年度资金总额", "当年财政拨款", "上年结转资金", "其他资金")
FUND_COLUMNS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
_FUND_NUMBER_COLUMNS = {"年初预算数", "全年预算数", "全年执行数", "分值", "得分"}

# Header labels of the indicator block, by what they mean; the first matching column wins.
_INDICATOR_HEADERS: dict[str, tuple[str, ...]] = {
    "一级指标": ("一级指标",),
    "二级指标": ("二级指标",),
    "三级指标": ("三级指标", "指标名称"),
    "指标性质": ("指标性质",),
    "度量单位": ("度量单位", "计量单位", "单位"),
    "年度指标值": ("年度指标值", "指标值", "年度目标值", "目标值"),
    "实际完成值": ("实际完成值", "全年实际值", "实际值", "完成值"),
    "分值": ("分值", "权重"),
    "得分": ("得分",),
    "偏差原因分析及改进措施": ("偏差原因分析及改进措施", "偏差原因分析", "偏差原因"),
    "核心指标": ("核心指标", "是否核心指标"),
}
_COMPARATORS = ("≥", "≤", "＞", "＜", ">", "<", "=", "＝", ">=", "<=")
_CORE_YES = {"是", "√", "✓", "✔", "★", "核心", "Y", "y", "yes", "Yes"}
_CORE_NO = {"否", "×", "N", "n", "no", "No", ""} | BLANK_MARKS

ANALYSIS_LABELS = (
    "项目实施和预算执行情况及分析", "产出情况及分析", "效益情况及分析", "满意度情况及分析",
    "主要经验做法", "项目管理中存在的主要问题及原因分析", "下一步改进措施及管理建议",
)
HEADER_LABELS = ("项目名称", "主管部门", "实施单位", "填列单位")
# Cells that only structure the form: placed by being recognised, nothing to keep.
_STRUCTURE = {
    "项目支出绩效自评表", "项目资金（万元）", "项目资金(万元)", "项目资金", "（万元）", "(万元)", "年度总体目标",
    "绩效指标", "项目绩效分析", "自评结果分析", "预期目标", "实际完成情况", "总分", "等级", "自评等级",
    *FUND_COLUMNS, *(label for labels in _INDICATOR_HEADERS.values() for label in labels),
}

_INDICATOR_NUMBERING = re.compile(r"^指标\s*\d*\s*[：:]\s*")
_NAME_UNIT = re.compile(r"^(?P<name>.*\S)\s*[（(](?P<unit>[^（）()，,。\d]{1,8})[）)]$")
_TEMPLATE_YEAR = re.compile(r"[（(]\s*(?:19|20)\d{2}\s*年度\s*[）)]")


def split_name_unit(text: str) -> tuple[str, str]:
    """召开会议次数(次) → (召开会议次数, 次): the report's way of printing a unit."""
    match = _NAME_UNIT.match(text)
    if match:
        return match.group("name"), match.group("unit")
    return text, ""


def canonical_level1(label: str) -> str | None:
    text = squeeze(label)
    for level in Level1:
        if text in (level.value, level.value.removesuffix("指标")):
            return level.value
    return None


def canonical_level2(label: str, level1: str) -> str | None:
    text = squeeze(label)
    allowed = LEVEL2_BY_LEVEL1[Level1(level1)]
    for name in allowed:
        if text in (name, name.removesuffix("指标")):
            return name
    return None


@dataclass
class FormResult:
    project: dict
    year: int | None = None
    unplaced: list[str] = field(default_factory=list)


@dataclass
class _State:
    block: str | None = None
    fund_columns: dict[str, int] = field(default_factory=dict)
    goal_columns: dict[str, int] = field(default_factory=dict)
    indicator_columns: dict[str, int] = field(default_factory=dict)
    level1: str | None = None
    level2: str | None = None


def is_form(grid: Grid) -> bool:
    labels = {squeeze(cell) for row in grid for cell in row}
    return "三级指标" in labels or ("年初预算数" in labels and "全年执行数" in labels)


def parse_form(grid: Grid, where: str) -> FormResult:
    """Read one 自评表; `where` names the table in messages about what could not be placed."""
    if not is_form(grid):
        raise NotAForm(where)
    project: dict = {}
    result = FormResult(project)
    state = _State()
    for number_, raw_row in enumerate(grid, start=1):
        row = [(cell or "").strip() for cell in raw_row]
        if not any(squeeze(cell) for cell in row):
            continue
        used = _read_row(row, state, project, result, f"{where}第{number_}行")
        _keep_leftovers(row, used, result, f"{where}第{number_}行")
    return result


def _index(row: list[str], labels: tuple[str, ...] | str) -> int | None:
    labels = (labels,) if isinstance(labels, str) else labels
    for j, cell in enumerate(row):
        if squeeze(cell) in labels:
            return j
    return None


def _columns(row: list[str], wanted: dict[str, tuple[str, ...]]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for j, cell in enumerate(row):
        text = squeeze(cell)
        for key, labels in wanted.items():
            if key not in columns and text in labels and j not in columns.values():
                columns[key] = j
                break
    return columns


def _cell(row: list[str], columns: dict[str, int], key: str) -> str:
    j = columns.get(key)
    return row[j] if j is not None and j < len(row) else ""


def _read_row(row: list[str], state: _State, project: dict, result: FormResult, where: str) -> set[int]:
    squeezed = [squeeze(cell) for cell in row]
    used: set[int] = set()

    if "年初预算数" in squeezed:
        state.block = "funds"
        state.fund_columns = _columns(row, {name: (name,) for name in FUND_COLUMNS})
        return set(state.fund_columns.values())
    if state.block == "funds":
        for j, text in enumerate(squeezed):
            name = next((n for n in FUND_ROWS if n in text), None)
            if name and j not in state.fund_columns.values():
                used.add(j)
                used |= _read_fund_row(row, name, state.fund_columns, project, result, where)
                return used
    if "预期目标" in squeezed and "实际完成情况" in squeezed:
        state.block = "goal"
        state.goal_columns = _columns(row, {"预期目标": ("预期目标",), "实际完成情况": ("实际完成情况",)})
        return set(state.goal_columns.values())
    if state.block == "goal":
        state.block = None
        goal = {key: _cell(row, state.goal_columns, key) for key in state.goal_columns}
        project["年度总体目标"] = {k: v for k, v in goal.items() if v}
        return set(state.goal_columns.values())
    if "一级指标" in squeezed and "三级指标" in squeezed:
        state.block = "indicators"
        state.indicator_columns = _columns(row, _INDICATOR_HEADERS)
        return set(state.indicator_columns.values())

    total_at = _index(row, ("总分", "自评总分", "综合得分"))
    if total_at is not None:
        state.block = None
        used.add(total_at)
        used |= _read_total(row, total_at, project, result, where)
        return used
    if state.block == "indicators":
        return _read_indicator(row, state, project, result, where)

    for j, text in enumerate(squeezed):
        label = next((label for label in ANALYSIS_LABELS if text == label), None)
        if label:
            value_at = _value_after(row, j, ANALYSIS_LABELS)
            used.add(j)
            if value_at is not None:
                used.add(value_at)
                project.setdefault("自评结果分析", {})[label] = row[value_at]
    if used:
        return used

    for j, text in enumerate(squeezed):
        if text in HEADER_LABELS:
            used.add(j)
            value_at = _value_after(row, j, HEADER_LABELS)
            if value_at is not None:
                used.add(value_at)
                project[text] = row[value_at]
            continue
        if text.startswith("填列单位") and text not in HEADER_LABELS:
            used.add(j)
            result.year = result.year or year_in(row[j])
            filler = _TEMPLATE_YEAR.sub("", row[j])
            filler = re.sub(r"^\s*填列单位\s*(?:[（(]\s*公章\s*[）)])?\s*[：:]?", "", filler).strip()
            if filler:
                project["填列单位"] = filler
            continue
        if _TEMPLATE_YEAR.fullmatch(row[j]):
            used.add(j)
            result.year = result.year or year_in(row[j])
            continue
        if text.endswith("绩效自评表"):
            used.add(j)
            result.year = result.year or year_in(row[j])
    return used


def _value_after(row: list[str], j: int, labels: tuple[str, ...]) -> int | None:
    """The cell holding a label's value: the next one that is not the same (merged) label or another label."""
    for k in range(j + 1, len(row)):
        text = squeeze(row[k])
        if text == squeeze(row[j]):
            continue
        if text in labels or text in _STRUCTURE:
            return None
        return k if text else None
    return None


def _place_number(text: str, target: dict, key: str, result, what: str) -> None:
    """Put a figure into target[key]; text that is not a number is kept, unplaced, never dropped."""
    try:
        value = number(text)
    except ValueError:
        result.unplaced.append(f"{what}写的是“{text}”，不是数字，未能填入")
        return
    if value is not None:
        target[key] = value


def _read_fund_row(row, name, columns, project, result, where) -> set[int]:
    used: set[int] = set()
    values: dict = {}
    for column, j in columns.items():
        if j >= len(row):
            continue
        text = row[j].strip()
        used.add(j)
        if column == "执行率":
            if text not in BLANK_MARKS:
                values[column] = text
            continue
        _place_number(text, values, column, result, f"{where}：项目资金“{name}”的“{column}”")
    if name != "年度资金总额":
        for column in ("分值", "得分"):
            if column in values:
                result.unplaced.append(f"{where}：项目资金“{name}”的“{column}”为 {values.pop(column)}，自评表只在年度资金总额一行设分值和得分，未能填入")
    if values:
        project.setdefault("项目资金", {})[name] = values
    return used


def _read_total(row, total_at, project, result, where) -> set[int]:
    used: set[int] = set()
    for k in range(total_at + 1, len(row)):
        text = row[k].strip()
        if squeeze(text) in ("总分", ""):
            continue
        if squeeze(text) in ("等级", "自评等级"):
            used.add(k)
            grade_at = _value_after(row, k, ("等级", "自评等级"))
            if grade_at is not None:
                used.add(grade_at)
                project["等级"] = row[grade_at].strip()
            break
        if "自评得分" in project:
            continue
        try:
            score = number(text)
        except ValueError:
            continue
        used.add(k)
        if score is not None:
            project["自评得分"] = score
    return used


def _read_indicator(row, state: _State, project, result, where) -> set[int]:
    columns = state.indicator_columns
    used = set(columns.values())
    level1_text = _cell(row, columns, "一级指标")
    level2_text = _cell(row, columns, "二级指标")
    own = [key for key in columns if key not in ("一级指标", "二级指标")]
    if not any(_cell(row, columns, key).strip() for key in own):
        if squeeze(level1_text) or squeeze(level2_text):
            # a category label without any indicator row under it: note it rather than drop it
            if canonical_level1(level1_text) != state.level1 or squeeze(level2_text) not in (state.level2 or "", ""):
                result.unplaced.append(f"{where}：指标类别“{squeeze(level1_text)} {squeeze(level2_text)}”下没有指标行")
        return used
    if squeeze(level1_text):
        level1 = canonical_level1(level1_text)
        if level1 is None:
            result.unplaced.append(f"{where}：一级指标“{level1_text}”不是产出指标、效益指标、满意度指标之一，本行未能填入：{_joined(row)}")
            return used
        if level1 != state.level1:
            state.level1, state.level2 = level1, None
    if squeeze(level2_text) and state.level1:
        level2 = canonical_level2(level2_text, state.level1)
        if level2 is None:
            result.unplaced.append(f"{where}：二级指标“{squeeze(level2_text)}”不属于一级指标“{state.level1}”，本行未能填入：{_joined(row)}")
            return used
        state.level2 = level2
    if not state.level1 or not state.level2:
        result.unplaced.append(f"{where}：未能确定本行的一级、二级指标，本行未能填入：{_joined(row)}")
        return used

    name, unit = split_name_unit(_INDICATOR_NUMBERING.sub("", _cell(row, columns, "三级指标").strip()))
    indicator: dict = {"一级指标": state.level1, "二级指标": state.level2, "三级指标": name}
    if "指标性质" in columns:
        # Sichuan prints a target in three cells: 指标性质 ≥, 指标值 95, 度量单位 % → ≥95%
        nature = _cell(row, columns, "指标性质").strip()
        value = _cell(row, columns, "年度指标值").strip()
        measure = _cell(row, columns, "度量单位").strip()
        prefix = nature if nature in _COMPARATORS else ""
        if nature and not prefix and nature not in ("定性", "定量"):
            result.unplaced.append(f"{where}：指标“{name}”的指标性质“{nature}”未能识别")
        target = f"{prefix}{value}{measure}" if value else ""
        if nature == "定性" and value:
            indicator["指标方向"] = "定性"
    else:
        target = _cell(row, columns, "年度指标值").strip()
        measure = _cell(row, columns, "度量单位").strip()
        if measure and not unit:
            unit = measure
        elif measure and measure != unit:
            result.unplaced.append(f"{where}：指标“{name}”的计量单位列写“{measure}”，名称中写“{unit}”")
    if unit:
        indicator["计量单位"] = unit
    if target:
        indicator["年度指标值"] = target
    actual = _cell(row, columns, "实际完成值").strip()
    if actual:
        indicator["实际完成值"] = actual
    for key in ("分值", "得分"):
        _place_number(_cell(row, columns, key).strip(), indicator, key, result, f"{where}：指标“{name}”的{key}")
    deviation = _cell(row, columns, "偏差原因分析及改进措施").strip()
    if deviation:
        indicator["偏差原因分析及改进措施"] = deviation
    if "核心指标" in columns:
        mark = _cell(row, columns, "核心指标").strip()
        if mark in _CORE_YES:
            indicator["核心指标"] = True
        elif mark not in _CORE_NO:
            result.unplaced.append(f"{where}：指标“{name}”的核心指标一栏写的是“{mark}”，未能识别为“是”或“否”")
    project.setdefault("绩效指标", []).append(indicator)
    return used


def _joined(row: list[str]) -> str:
    return " | ".join(cell for cell in row if cell.strip())


def _keep_leftovers(row: list[str], used: set[int], result: FormResult, where: str) -> None:
    """Every cell the row's reader did not take goes to 未归类内容, unless it is a form label or a merged copy."""
    taken = {squeeze(row[j]) for j in used if j < len(row)}
    seen: set[str] = set()
    for j, cell in enumerate(row):
        text = squeeze(cell)
        if j in used or not text or text in BLANK_MARKS or text in _STRUCTURE or text in taken or text in seen:
            continue
        if text in HEADER_LABELS or text in ANALYSIS_LABELS:
            continue
        seen.add(text)
        result.unplaced.append(f"{where}：{cell.strip()}")
