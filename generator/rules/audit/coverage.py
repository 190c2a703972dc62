"""Rules on a record's 预算绩效管理工作开展情况 (自评覆盖) and 评价结果: counts, amounts, shares and grades
that must agree with each other and with the projects the record lists."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from generator.records.figures import plain, round2
from generator.records.indicator_values import ValueKind, parse_value
from generator.records.problems import Severity
from generator.rules.audit.engine import RecordView, rule
from generator.rules.audit.findings import Hit
from generator.rules.scoring import MONEY_TOLERANCE, RATE_TOLERANCE, band_of_grade


@rule("coverage-vs-projects", Severity.WARNING, "绩效管理开展情况与项目表不符", scope="record")
def coverage_vs_projects(view: RecordView) -> Iterable[Hit]:
    coverage, projects = view.record.coverage, view.record.projects
    if coverage is None or not projects:
        return
    if coverage.projects is not None and coverage.projects != len(projects):
        yield Hit(
            ("预算绩效管理工作开展情况", "自评项目数"),
            f"自评项目数写 {plain(coverage.projects)} 个，本记录列出 {len(projects)} 个项目。",
            plain(coverage.projects), str(len(projects)),
        )
    budgets = [p.funds.total.full_year_budget for p in projects]
    if coverage.amount is not None and all(b is not None for b in budgets):
        total = sum(budgets, Decimal(0))
        if abs(total - coverage.amount) > MONEY_TOLERANCE:
            yield Hit(
                ("预算绩效管理工作开展情况", "涉及预算资金"),
                f"涉及预算资金写 {plain(coverage.amount)} 万元，各项目全年预算数合计 {plain(total)} 万元。",
                plain(coverage.amount), plain(total),
            )


@rule("evaluation-counts", Severity.WARNING, "评价结果的项目数、等级个数或资金对不上", scope="record")
def evaluation_counts(view: RecordView) -> Iterable[Hit]:
    for k, evaluation in enumerate(view.record.evaluations):
        here, kind = ("评价结果", k), evaluation.kind.value
        stated = evaluation.projects_count
        if evaluation.grades and stated is not None:
            counted = sum(g.projects or 0 for g in evaluation.grades)
            if counted != stated:
                parts = "、".join(f"{g.grade} {plain(Decimal(g.projects or 0))} 个" for g in evaluation.grades)
                yield Hit(here + ("等级分布",), f"{kind}项目数写 {stated} 个，等级分布（{parts}）合计 {counted} 个。", str(stated), str(counted))
        if evaluation.projects and stated is not None and len(evaluation.projects) != stated:
            yield Hit(here + ("项目数",), f"{kind}项目数写 {stated} 个，逐项列出 {len(evaluation.projects)} 个。", str(stated), str(len(evaluation.projects)))
        amounts = [p.amount for p in evaluation.projects]
        if evaluation.amount is not None and amounts and all(a is not None for a in amounts):
            total = sum(amounts, Decimal(0))
            if abs(total - evaluation.amount) > MONEY_TOLERANCE:
                yield Hit(here + ("涉及资金",), f"{kind}涉及资金写 {plain(evaluation.amount)} 万元，逐项列出的涉及资金合计 {plain(total)} 万元。",
                          plain(evaluation.amount), plain(total))
        for j, project in enumerate(evaluation.projects):
            grade = band_of_grade(project.grade)
            if project.score is not None and grade in ("优", "良", "中", "差") and view.rules.grade_for(project.score) != grade:
                expected = view.rules.grade_for(project.score)
                yield Hit(here + ("项目", j, "等级"),
                          f"“{project.name}”{kind}得分 {plain(project.score)} 分，按评分规则的等级应为“{expected}”，原文为“{grade}”。",
                          grade, expected)


@rule("coverage-share", Severity.WARNING, "自评覆盖比例与金额不符", scope="record")
def coverage_share(view: RecordView) -> Iterable[Hit]:
    coverage = view.record.coverage
    if coverage is None or coverage.amount is None or not coverage.project_spending:
        return
    stated = parse_value(coverage.share)
    computed = round2(coverage.amount / coverage.project_spending * 100)
    if stated.kind is ValueKind.NUMBER and stated.comparator is None and abs(stated.number - computed) > RATE_TOLERANCE:
        yield Hit(
            ("预算绩效管理工作开展情况", "占项目支出总额比例"),
            f"占项目支出总额比例写 {coverage.share}，按涉及预算资金 {plain(coverage.amount)} 万元 ÷ 项目支出总额 "
            f"{plain(coverage.project_spending)} 万元计算为 {plain(computed)}%。",
            coverage.share, f"{plain(computed)}%",
        )
