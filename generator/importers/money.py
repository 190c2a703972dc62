"""The unit a form states for its money (元 / 千元 / 万元 / 亿元), and amounts moved into the record's 万元.

The record keeps every amount in 万元 (generator/records/model.py). Most forms print 万元; some print 元
("项目资金（元）", Yunnan's 公开14表), 千元 or 亿元, in the funds block's label, a column's label
("全年预算数（元）") or a line of its own ("单位：元", "金额单位：元"). Such an amount is moved into 万元 by
shifting the decimal point only (Decimal, exact to the last digit: 387664.62 元 is 38.766462 万元, never
rounded), and the figures as printed are written into the project's 整理说明 so the page says what the unit
published. An amount that cannot be held exactly (more decimals than the record keeps) is not converted:
it is kept in 未归类内容 with the reason.
"""

from __future__ import annotations

import re
from decimal import Decimal

from generator.importers import labels

# How many places the decimal point moves to turn an amount in this unit into 万元.
SHIFT = {"元": -4, "千元": -1, "万元": 0, "亿元": 4}
RECORD = "万元"
MAX_DECIMALS = 6  # the record's limit (model.py: 15 integer digits, 6 decimals)

_UNIT = r"(?P<unit>千元|万元|亿元|元)"
# a label's bracketed suffix naming the unit: 项目资金（元）, 全年预算数(单位:元), 预算数（万元）(A)
_IN_LABEL = re.compile(r"[(\[【]\s*(?:金额)?(?:单位\s*[:：]?\s*)?" + _UNIT + r"\s*[)\]】]")
# a cell or line that only states the unit: 单位：元, 金额单位：元, 单位(元), （单位：万元）
_LINE = re.compile(r"^[(\[【]?\s*(?:金额|资金)?单位\s*[:：]?\s*[(\[]?\s*" + _UNIT + r"\s*[)\]]?\s*[)\]】]?$")


def unit_in_label(cell: str) -> str | None:
    """The money unit a label's suffix names ("项目资金（元）" → 元), or None."""
    match = _IN_LABEL.search(labels.fold(cell))
    return match.group("unit") if match else None


def unit_line(text: str) -> str | None:
    """The unit a cell or line that says nothing else states ("单位：元" → 元), or None."""
    match = _LINE.match(labels.fold(text))
    return match.group("unit") if match else None


def to_record_unit(value: Decimal, unit: str) -> Decimal | None:
    """value (printed in unit) in 万元, exactly; None when the record cannot hold it to the last digit."""
    moved = value.scaleb(SHIFT[unit])
    if moved == moved.to_integral_value():
        moved = moved.quantize(Decimal(1))
    else:
        moved = moved.normalize()
    if -moved.as_tuple().exponent > MAX_DECIMALS:
        return None
    return moved


def shown(value: Decimal) -> str:
    return f"{value:f}"


def too_precise(where: str, printed: str, column: str, text: str, unit: str) -> str:
    """The 未归类内容 line for an amount that cannot be moved into 万元 exactly."""
    return (f"{where}：项目资金“{printed}”的“{column}”为 {text} {unit}，换算为万元超过记录所能保存的 {MAX_DECIMALS} 位小数，"
            f"为不改动原文数字未能填入，请核对原文后填写")


def editor_note(block: str, unit: str, stated: str, converted: list[tuple[str, str, str, Decimal]]) -> str:
    """The 整理说明 of a form whose amounts were printed in another unit: what was printed, what is shown."""
    factor = {"元": "1 万元 = 10000 元", "千元": "1 万元 = 10 千元", "亿元": "1 亿元 = 10000 万元"}[unit]
    items = "；".join(f"{row}的{column} {text} {unit} → {shown(value)} 万元" for row, column, text, value in converted)
    return (f"原文{block}以“{unit}”为单位（原表“{stated}”），本站记录以万元计，按 {factor}换算，只移动小数点、未作舍入。"
            f"原文所列金额：{items}。")
