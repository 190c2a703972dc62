"""Figures a reader compares across projects: sums, 执行率, and the charts drawn from them.

Everything here is the site's computation from published figures, and is labelled so where it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from generator.records.figures import execution_rate as rate
from generator.records.model import DepartmentOverall, DepartmentYear, FundRow, FundTotal, Project
from generator.site import charts
from generator.site.escaping import inline
from generator.site.formatting import money, percent


@dataclass(frozen=True, slots=True)
class Totals:
    projects: int
    budget: Decimal
    executed: Decimal
    scored: int
    score_sum: Decimal

    @property
    def rate(self) -> Decimal | None:
        return None if not self.budget else self.executed / self.budget * 100

    @property
    def average_score(self) -> Decimal | None:
        return None if not self.scored else self.score_sum / self.scored

    def __add__(self, other: "Totals") -> "Totals":
        return Totals(*(a + b for a, b in zip(self._values(), other._values())))

    def _values(self) -> tuple:
        return (self.projects, self.budget, self.executed, self.scored, self.score_sum)


EMPTY_TOTALS = Totals(0, Decimal(0), Decimal(0), 0, Decimal(0))


def project_totals(project: Project) -> Totals:
    total = project.funds.total
    score = project.total_score
    return Totals(
        1,
        total.full_year_budget or Decimal(0),
        total.executed or Decimal(0),
        0 if score is None else 1,
        score or Decimal(0),
    )


def record_totals(record: DepartmentYear) -> Totals:
    """Only the project tables add up: a record with none (a coverage-only 说明, a department-level form)
    adds nothing, and its page says what it holds instead of a row of zeros."""
    return sum((project_totals(p) for p in record.projects), EMPTY_TOTALS)


def total_rate(total: FundTotal) -> Decimal | None:
    """执行率 computed from the form's 全年执行数 ÷ 全年预算数 (its 年度资金总额 row), to compare projects on one scale."""
    return rate(total.executed, total.full_year_budget)


def project_rate(project: Project) -> Decimal | None:
    return total_rate(project.funds.total)


def overall_rate(overall: DepartmentOverall) -> Decimal | None:
    return rate(overall.funds.executed, overall.funds.full_year_budget)


def rate_text(value: Decimal | None) -> str:
    return "无预算数" if value is None else str(percent(value))


def rate_cell(row: FundRow) -> Markup:
    """A 执行率 cell: as the unit printed it; where it printed none, the site's computation, said to be the
    site's; empty where neither stands."""
    if row.rate:
        return inline(row.rate)
    computed = rate(row.executed, row.full_year_budget)
    return Markup("") if computed is None else percent(computed) + Markup("（本站计算）")


def published_rate_text(stated: str, value: Decimal | None) -> str:
    """The 执行率 as the unit printed it; where it printed none, the site's computation, said to be the site's."""
    if stated.strip():
        return stated.strip()
    return "无预算数" if value is None else f"{percent(value)}（本站计算）"


def rate_meter(chart_id: str, value: Decimal | None) -> Markup:
    return charts.meter(chart_id, "预算执行率（本站计算）", value, rate_text(value))


def grade_chart(chart_id: str, grades: tuple[tuple[str, int], ...]) -> Markup:
    return charts.horizontal_bars(
        chart_id, "自评等级分布（项目数）",
        [charts.Bar(grade, Decimal(count), f"{count} 个") for grade, count in grades],
        "图：各等级的项目数，数字见旁边的表格。",
    )


def execution_chart(chart_id: str, projects: list[Project]) -> Markup:
    bars = []
    for p in projects:
        value = project_rate(p)
        bars.append(charts.Bar(p.name, value or Decimal(0), published_rate_text(p.funds.total.rate, value)))
    return charts.horizontal_bars(
        chart_id, "各项目预算执行率", bars,
        "图：各项目执行率，条长按全年执行数 ÷ 全年预算数画出，所标数字照原文（原文未写的标明“本站计算”），虚线为 100%，数字见上表。",
        maximum=Decimal(100), reference=Decimal(100), reference_text="100%",
    )


def trend_chart(chart_id: str, years: list[tuple[int, Totals]]) -> Markup:
    ordered = sorted(years, key=lambda item: item[0])
    return charts.grouped_columns(
        chart_id, "历年全年预算数与全年执行数（万元）", [f"{year}年度" for year, _ in ordered],
        [charts.Series("全年预算数", charts.SECONDARY, tuple(t.budget for _, t in ordered)),
         charts.Series("全年执行数", charts.PRIMARY, tuple(t.executed for _, t in ordered))],
        "图：历年全年预算数与全年执行数（万元），数字见上表。", lambda value: str(money(value)),
    )
