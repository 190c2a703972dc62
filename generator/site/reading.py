"""The plain-language reading at the top of a project page and a department-year page.

Made only from the figures, in the form's own words, and labelled as the site's summary: the unit's
figures are quoted with their published digits; what the site judged or computed says 本站. A reading is
a list of segments (text, glossary word or None) so the page can link each term where it first appears.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from generator.records.figures import execution_rate as rate
from generator.site.formatting import money, number, percent
from generator.rules.indicator_state import IndicatorState, indicator_state
from generator.records.model import DepartmentYear, Project
from generator.rules.scoring import ProjectScore
from generator.site.terms import NOT_STATED

Segment = tuple[str, str | None]  # text, and the glossary word it is (linked where it first appears)


def _figure(segments: list[Segment], label: str, value: Decimal | None, unit: str) -> None:
    segments.append((label, label))
    segments.append((f" {money(value)} {unit}" if value is not None else f"{NOT_STATED}", None))


def project_reading(project: Project, score: ProjectScore, findings: int | None) -> list[Segment]:
    total = project.funds.total
    # A form the site laid out from a narrative report is not something the unit filled in: say where the figure stands.
    source = "自评报告" if project.form_rebuilt else "自评表"
    s: list[Segment] = []
    _figure(s, "全年预算数", total.full_year_budget, "万元")
    s.append(("，", None))
    _figure(s, "全年执行数", total.executed, "万元")
    s.append(("，", None))
    s.append(("执行率", "执行率"))
    if total.rate.strip():
        s.append((f" {total.rate.strip()}（{'自评报告所写' if project.form_rebuilt else '自评表所填'}）", None))
    else:
        computed = rate(total.executed, total.full_year_budget)
        s.append((f"{source}未写明，本站按两数计算为 {percent(computed)}" if computed is not None else f"{source}未写明", None))
    s.append(("。", None))
    s.append(("自评得分", "自评得分"))
    s.append((f" {number(project.total_score)} 分" if project.total_score is not None else NOT_STATED, None))
    s.append(("，", None))
    s.append(("等级", "等级"))
    s.append((f"为{project.grade}。" if project.grade else f"{NOT_STATED}。", None))

    states = Counter(indicator_state(i, score.rules) for i in score.indicators)
    filled = sum(1 for i in project.indicators if not i.template_row)
    if filled:
        s.append((f"{'本站据自评报告整理的表' if project.form_rebuilt else '自评表'}列有 {filled} 项", None))
        s.append(("三级指标", "三级指标"))
        parts = []
        if states[IndicatorState.MET]:
            parts.append(f"{states[IndicatorState.MET]} 项实际完成值达到年度指标值")
        if states[IndicatorState.SHORT]:
            parts.append(f"{states[IndicatorState.SHORT]} 项未达到")
        if states[IndicatorState.NOT_FILLED]:
            parts.append(f"{states[IndicatorState.NOT_FILLED]} 项" + ("报告未载明实际完成值" if project.form_rebuilt else "未填写实际完成值"))
        if states[IndicatorState.UNKNOWN]:
            parts.append(f"{states[IndicatorState.UNKNOWN]} 项无法判断")
        if parts:
            s.append(("，其中 " + "，".join(parts) + "（本站按评分规则比较", None))
            s.append(("年度指标值", "年度指标值"))
            s.append(("和实际完成值）", None))
        s.append(("。", None))
    recomputed = score.total if score.weights_add_up else None
    if recomputed is not None:
        s.append(("本站复算", "本站复算"))
        s.append((f"总分 {number(recomputed)} 分", None))
        if project.total_score is not None:
            gap = project.total_score - recomputed
            if abs(gap) > Decimal("0.01"):
                s.append((f"，自评得分比复算{'高' if gap > 0 else '低'} {number(abs(gap))} 分", None))
            else:
                s.append(("，与自评得分一致", None))
        s.append(("。", None))
    elif score.weight_total is not None:
        s.append(("自评表各项分值合计不等于满分，本站无法复算总分。", None))
    if findings:
        s.append((f"本站自动检查提示 {findings} 处，见{'本站整理的表' if project.form_rebuilt else '自评表'}之后的列表。", None))
    return s


def record_reading(record: DepartmentYear, scores: dict[str, ProjectScore], findings: int | None) -> list[Segment]:
    projects = record.projects
    if not projects:
        return []
    rebuilt = {p.form_rebuilt for p in projects}
    published = "表或自评报告" if len(rebuilt) > 1 else "报告" if True in rebuilt else "表"  # after 绩效自评
    s: list[Segment] = [(f"本站收录了本单位本年度 {len(projects)} 个项目的", None), ("绩效自评", "绩效自评"), (f"{published}。", None)]
    budgets = [p.funds.total.full_year_budget for p in projects if p.funds.total.full_year_budget is not None]
    executed = [p.funds.total.executed for p in projects if p.funds.total.executed is not None]
    if budgets and executed:
        b, e = sum(budgets, Decimal(0)), sum(executed, Decimal(0))
        together = "合计 " if len(projects) > 1 else " "
        s.append(("各项目" if len(projects) > 1 else "项目", None))
        s.append(("全年预算数", "全年预算数"))
        s.append((f"{together}{money(b)} 万元，", None))
        s.append(("全年执行数", "全年执行数"))
        s.append((f"{together}{money(e)} 万元", None))
        overall = rate(e, b)
        single = projects[0].funds.total.rate.strip() if len(projects) == 1 else ""
        if single:
            # One project: its rate as the unit printed it, not the site's recomputation of the same figure.
            s.append(("，", None))
            s.append(("执行率", "执行率"))
            s.append((f" {single}（{'自评报告所写' if projects[0].form_rebuilt else '自评表所填'}）", None))
        elif overall is not None:
            s.append(("，合计" if len(projects) > 1 else "，", None))
            s.append(("执行率", "执行率"))
            s.append((f" {percent(overall)}（本站计算）", None))
        s.append(("。", None))
    stated = [p.total_score for p in projects if p.total_score is not None]
    if stated:
        low, high = min(stated), max(stated)
        s.append(("自评得分", "自评得分"))
        s.append((f" {number(low)} 分" if low == high else f"在 {number(low)} 分至 {number(high)} 分之间", None))
        grades = Counter(p.grade or NOT_STATED for p in projects)
        shown = "、".join(f"{g} {grades[g]} 个" for g in ("优", "良", "中", "差", NOT_STATED) if grades[g])
        s.append(("；", None))
        s.append(("等级", "等级"))
        s.append((f"：{shown}。", None))
    rated = [(rate(p.funds.total.executed, p.funds.total.full_year_budget), p) for p in projects]
    rated = [(r, p) for r, p in rated if r is not None]
    if len(rated) > 1:
        lowest, project = min(rated, key=lambda item: item[0])
        s.append((f"按全年执行数 ÷ 全年预算数计算，执行率最低的项目是“{project.name}”（{percent(lowest)}，本站计算）。", None))
    differs = [p for p in projects if p.code in scores and scores[p.code].weights_add_up and p.total_score is not None
               and scores[p.code].total is not None and abs(p.total_score - scores[p.code].total) > Decimal("0.01")]
    if differs:
        s.append((f"{len(differs)} 个项目的自评得分与", None))
        s.append(("本站复算", "本站复算"))
        s.append(("总分不一致。", None))
    if findings:
        s.append((f"本站自动检查提示 {findings} 处。", None))
    return s
