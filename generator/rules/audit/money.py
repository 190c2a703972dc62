"""Rules on a project's money: unit costs times quantities against the spending, cost targets against the
budget, the 年度资金总额 against its parts, and a budget changed during the year without a reason."""

from __future__ import annotations

import difflib
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Iterator

from generator.records.figures import plain, round2
from generator.records.indicator_values import ValueKind, parse_value
from generator.records.model import Indicator, Level2, Project
from generator.records.problems import Severity
from generator.rules.audit.engine import ProjectView, rule
from generator.rules.audit.findings import Hit
from generator.rules.audit.reading import indicator_path, prose
from generator.rules.scoring import MONEY_TOLERANCE


_QUANTITY_UNITS = re.compile(r"^元\s*[/／]\s*([^/／]+)$")


def _cost_quantity_pairs(project: Project) -> Iterator[tuple[int, Indicator, int, Indicator, str]]:
    """Each unit-cost indicator (元/人, 元/台 …) with the 数量指标 it multiplies: same unit, the most similar name."""
    for i, cost in enumerate(project.indicators):
        match = _QUANTITY_UNITS.match(cost.unit.strip()) if cost.level2 == Level2.COST else None
        if not match:
            continue
        per = match.group(1).strip()
        candidates = [(j, q) for j, q in enumerate(project.indicators) if q.level2 == Level2.QUANTITY and q.unit.strip() == per]
        if not candidates:
            continue
        j, quantity = max(candidates, key=lambda c: difflib.SequenceMatcher(None, cost.name, c[1].name).ratio())
        yield i, cost, j, quantity, per


def _number(value: str) -> Decimal | None:
    parsed = parse_value(value)
    return parsed.number if parsed.kind is ValueKind.NUMBER else None


def _in_wan(indicator: Indicator, value: Decimal) -> Decimal | None:
    """A money figure of an indicator in 万元, for a total-cost unit (万元 or 元); None for per-unit costs."""
    unit = indicator.unit.strip()
    if unit == "万元":
        return value
    if unit == "元":
        return value / Decimal(10000)
    return None


# Below this share of 全年执行数, what the unit costs and quantities account for is too little to be the project.
_COST_COVERAGE_FLOOR = Decimal(50)


def _paired_costs(project: Project) -> list[tuple[int, Indicator, Indicator, str, Decimal, Decimal]]:
    """Every unit cost with the quantity it multiplies, each quantity used once, both actuals numeric."""
    pairs, used = [], set()
    for i, cost, j, quantity, per in _cost_quantity_pairs(project):
        unit_cost, count = _number(cost.actual), _number(quantity.actual)
        if unit_cost is None or count is None or j in used:
            continue
        used.add(j)
        pairs.append((i, cost, quantity, per, unit_cost, count))
    return pairs


@rule("unit-cost-vs-spending", Severity.WARNING, "单位成本乘数量与实际支出相差过大")
def unit_cost_vs_spending(view: ProjectView) -> Iterable[Hit]:
    executed = view.project.funds.total.executed
    pairs = _paired_costs(view.project)
    if executed is None or not pairs:
        return
    product = sum((unit_cost * count for *_, unit_cost, count in pairs), Decimal(0)) / Decimal(10000)
    terms = " + ".join(f"“{quantity.name}”{plain(count)} {per} × {plain(unit_cost)} 元/{per}" for _, _, quantity, per, unit_cost, count in pairs)
    estimate = f"按{terms}推算，约 {plain(round2(product))} 万元（本站推算）"
    if product > executed * (1 + view.rules.unit_cost_tolerance / Decimal(100)):
        how = f"远超全年执行数 {plain(executed)} 万元。"
    elif executed > 0 and product < executed * _COST_COVERAGE_FLOOR / Decimal(100):
        share = plain((product / executed * 100).to_integral_value(ROUND_HALF_UP))
        how = f"只有全年执行数 {plain(executed)} 万元的约 {share}%；请核对数量和单位成本，或说明其余支出的用途。"
    else:
        return
    yield Hit(indicator_path(pairs[0][0], "实际完成值"), f"{estimate}，{how}", f"{plain(executed)} 万元", f"{plain(round2(product))} 万元")


@rule("cost-target-above-budget", Severity.WARNING, "成本目标高于预算")
def cost_target_above_budget(view: ProjectView) -> Iterable[Hit]:
    funds = view.project.funds.total
    budget, label = (funds.full_year_budget, "全年预算数") if funds.full_year_budget is not None else (funds.initial_budget, "年初预算数")
    if budget is None:
        return
    for i, indicator in enumerate(view.project.indicators):
        target = _number(indicator.target) if indicator.level2 == Level2.COST else None
        amount = _in_wan(indicator, target) if target is not None else None
        if amount is not None and amount - budget > MONEY_TOLERANCE:
            yield Hit(
                indicator_path(i, "年度指标值"),
                f"成本指标“{indicator.display_name}”年度指标值 {indicator.target} 高于{label} {plain(budget)} 万元。",
                f"{plain(amount)} 万元", f"{plain(budget)} 万元",
            )


@rule("zero-cost-with-output", Severity.WARNING, "成本为零却有产出")
def zero_cost_with_output(view: ProjectView) -> Iterable[Hit]:
    for i, cost, _j, quantity, per in _cost_quantity_pairs(view.project):
        unit_cost, count = _number(cost.actual), _number(quantity.actual)
        if unit_cost == 0 and count is not None and count > 0:
            yield Hit(
                indicator_path(i, "实际完成值"),
                f"“{cost.display_name}”实际完成值为 0，但“{quantity.display_name}”完成 {plain(count)} {per}。",
                cost.actual, f"{plain(count)} {per}",
            )


@rule("fund-total-mismatch", Severity.ERROR, "年度资金总额不等于各项资金之和")
def fund_total_mismatch(view: ProjectView) -> Iterable[Hit]:
    funds = view.project.funds
    for attribute, column in (("initial_budget", "年初预算数"), ("full_year_budget", "全年预算数"), ("executed", "全年执行数")):
        total = getattr(funds.total, attribute)
        parts = [getattr(row, attribute) for row in (funds.current_year, funds.carried_over, funds.other)]
        if total is None or all(p is None for p in parts):
            continue
        added = sum((p for p in parts if p is not None), Decimal(0))
        if abs(added - total) > MONEY_TOLERANCE:
            yield Hit(
                ("项目资金", "年度资金总额", column),
                f"年度资金总额{column} {plain(total)} 万元，但当年财政拨款、上年结转资金、其他资金之和为 {plain(added)} 万元。",
                plain(total), plain(added),
            )


_CHANGE_WORD = re.compile(r"调整|追加|调减|调增|追减|变更|压减|收回|下达")
_REASON_WORD = re.compile(r"因|由于|原因|根据|按照|依据|用于|需要|要求|文件|批复|政策|安排")
_NO_CHANGE = re.compile(r"调整(?:金额|数)?\s*(?:为)?\s*0(?:\.0+)?\s*万?元|未(?:作|进行)?调整|无调整|预算调整率")


def _explains_change(text: str) -> bool:
    """A sentence that says why the budget changed — not one that merely contains 调整 ("年度调整金额0万元")."""
    for sentence in re.split(r"[。；;！!\n]", text):
        if _CHANGE_WORD.search(sentence) and _REASON_WORD.search(sentence) and not _NO_CHANGE.search(sentence):
            return True
    return False


@rule("budget-changed-without-reason", Severity.WARNING, "年中调整预算而未说明原因")
def budget_changed_without_reason(view: ProjectView) -> Iterable[Hit]:
    texts = [t for _, t in prose(view.project)] + [i.deviation for i in view.project.indicators]
    explained = any(_explains_change(t) for t in texts)
    if explained:
        return

    def changed(row) -> bool:
        return (row.initial_budget is not None and row.full_year_budget is not None
                and abs(row.initial_budget - row.full_year_budget) > MONEY_TOLERANCE)

    rows = view.project.funds.rows()
    # The total row when it changed; otherwise each part that did (money moved between 当年财政拨款 and 其他资金
    # leaves the total as it was, and is still a change of the budget).
    for label, row in (rows[:1] if changed(rows[0][1]) else rows[1:]):
        if not changed(row):
            continue
        yield Hit(
            ("项目资金", label, "全年预算数"),
            f"{label}年初预算数 {plain(row.initial_budget)} 万元，全年预算数 {plain(row.full_year_budget)} 万元，"
            "年中调整了预算，但没有说明调整原因。",
            plain(row.full_year_budget), plain(row.initial_budget),
        )
