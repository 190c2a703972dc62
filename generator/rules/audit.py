"""The consistency audit: every check a publisher needs, as a table of small rules.

Published 自评 data is often internally inconsistent; the site publishes it as it is and tells the
publisher what does not add up, before a citizen or an auditor finds it. A rule is one function that
yields Hits; @rule(...) registers it in RULES with its stable id, severity and title. Findings report
the stated figure next to the computed one and never rewrite what was published.

A finding may be explained in the record (审核说明: 规则 / 字段 / 整理说明 by the publisher, 单位说明 in the
unit's own words); it then no longer blocks publishing but stays visible with the explanation, each voice labelled.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from pydantic import BaseModel

from generator.records.figures import HUNDRED, execution_rate, plain, round2
from generator.rules.indicator_state import judge
from generator.records.indicator_values import ValueKind, parse_value
from generator.records.model import Acknowledgement, DepartmentOverall, DepartmentYear, Indicator, Project
from generator.records.problems import FieldPath, Severity, format_field_path, format_location, report_entry
from generator.rules.scoring import (
    rate_tolerance, stated_precision, stated_rate,
    MONEY_TOLERANCE, RATE_TOLERANCE, SCORE_TOLERANCE, Method, ProjectScore, band_of_grade, recompute_overall,
    recompute_project,
)
from generator.records.scoring_settings import ScoringRules

if TYPE_CHECKING:
    from generator.records.loading import Content, LoadedRecord


@dataclass(frozen=True)
class Hit:
    """What a rule reports: where (a field path), what, and the stated and computed figures."""

    field: FieldPath  # relative to the project for project rules, to the record for record rules
    message: str
    stated: str | None = None
    computed: str | None = None
    severity: Severity | None = None  # only when one case of a rule is milder than the rule itself


@dataclass(frozen=True)
class ProjectView:
    """What a project rule looks at."""

    project: Project
    score: ProjectScore
    rules: ScoringRules


@dataclass(frozen=True)
class RecordView:
    record: DepartmentYear
    rules: ScoringRules


@dataclass(frozen=True)
class OverallView:
    """What a rule of the 部门整体支出绩效自评表 looks at; its hits' fields are relative to that part."""

    overall: DepartmentOverall
    score: ProjectScore
    rules: ScoringRules


OVERALL = "部门整体支出绩效自评"  # the record key the department-level form's findings are under


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    scope: str  # "project", "record" or "overall" (the 部门整体支出绩效自评表)
    check: Callable[..., Iterable[Hit]]


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, title: str, scope: str = "project"):
    def register(check: Callable[..., Iterable[Hit]]):
        assert rule_id not in RULES, rule_id
        RULES[rule_id] = Rule(rule_id, severity, title, scope, check)
        return check

    return register


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    title: str
    message: str
    file: str
    line: int | None
    column: int | None
    field: FieldPath  # from the record's root, Chinese keys: ("项目", 0, "绩效指标", 2, "得分")
    department: str
    year: int
    project: str | None  # 项目编码; None for record-level findings
    project_name: str = ""
    stated: str | None = None
    computed: str | None = None
    acknowledged: bool = False
    reason: str = ""  # both explanations, labelled, for the command line
    publisher_note: str = ""  # 审核说明.整理说明: the publisher's words
    unit_note: str = ""  # 审核说明.单位说明: the unit's own words

    @property
    def explained_by_unit(self) -> bool:
        return self.acknowledged and bool(self.unit_note.strip())

    @property
    def field_text(self) -> str:
        return format_field_path(self.field)

    @property
    def blocks(self) -> bool:
        return self.severity is Severity.ERROR and not self.acknowledged

    def location(self) -> str:
        return format_location(self.file, self.line, self.column)

    def to_dict(self) -> dict:
        """Stable keys for CI pipelines (jixiao check --format json)."""
        return report_entry(
            rule=self.rule, severity=self.severity, file=self.file, line=self.line, column=self.column,
            field=self.field_text, message=self.message, stated=self.stated, computed=self.computed,
            acknowledged=self.acknowledged, reason=self.reason, publisher_note=self.publisher_note,
            unit_note=self.unit_note, department=self.department, year=self.year, project=self.project,
        )


@dataclass
class AuditReport:
    findings: list[Finding] = field(default_factory=list)
    scores: dict[tuple[str, int, str], ProjectScore] = field(default_factory=dict)  # (单位编码, 年度, 项目编码)
    overall_scores: dict[tuple[str, int], ProjectScore] = field(default_factory=dict)  # (单位编码, 年度)

    def blocking(self, strict: bool = False) -> list[Finding]:
        """Unacknowledged errors (and, when strict, unacknowledged warnings): what must not be published as is."""
        levels = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return [f for f in self.findings if f.severity in levels and not f.acknowledged]

    def _by_place(self) -> dict[tuple, list[Finding]]:
        """The findings by (单位编码, 年度, 项目编码 or None) and by (单位编码, 年度), in report order.

        Pages ask for the findings of every project: scanning the whole list each time made the page tree
        quadratic in the size of the site (47 of 371 CPU-seconds at 8,000 projects). Kept with the list's
        length, so findings added later are indexed again."""
        cached = self.__dict__.get("_index")
        if cached is not None and cached[0] is self.findings and cached[1] == len(self.findings):
            return cached[2]
        index: dict[tuple, list[Finding]] = {}
        for f in self.findings:
            index.setdefault((f.department, f.year, f.project), []).append(f)
            index.setdefault((f.department, f.year), []).append(f)
        self.__dict__["_index"] = (self.findings, len(self.findings), index)
        return index

    def for_project(self, department: str, year: int, project: str) -> list[Finding]:
        return list(self._by_place().get((department, year, project), ()))

    def for_record(self, department: str, year: int) -> list[Finding]:
        """Findings about the record as a whole (not about one project)."""
        return list(self._by_place().get((department, year, None), ()))

    def in_record(self, department: str, year: int) -> list[Finding]:
        """Every finding of a department's year: about the record and about each of its projects."""
        return list(self._by_place().get((department, year), ()))

    def score(self, department: str, year: int, project: str) -> ProjectScore | None:
        return self.scores.get((department, year, project))

    def overall_score(self, department: str, year: int) -> ProjectScore | None:
        return self.overall_scores.get((department, year))

    def for_overall(self, department: str, year: int) -> list[Finding]:
        """Findings about the record's 部门整体支出绩效自评表."""
        return [f for f in self.for_record(department, year) if f.field[:1] == (OVERALL,)]

    def counts(self) -> dict[Severity, int]:
        return {s: sum(1 for f in self.findings if f.severity is s) for s in Severity}

    def acknowledged_counts(self) -> dict[Severity, int]:
        return {s: sum(1 for f in self.findings if f.severity is s and f.acknowledged) for s in Severity}

    def by_file(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.file, []).append(finding)
        return grouped


# --- Running the rules ---------------------------------------------------------------------------


def audit_content(content: "Content") -> AuditReport:
    """Audit every record of loaded content under each department's regional rules."""
    report = AuditReport()
    for loaded in content.records:
        region = content.region(content.department(loaded.record)).code
        audit_record(loaded, content.settings.scoring, region, report)
    return report


def audit_record(loaded: "LoadedRecord", rules: ScoringRules, region: str | None = None, report: AuditReport | None = None) -> AuditReport:
    report = report if report is not None else AuditReport()
    earlier = len(report.findings)
    record = loaded.record
    rules = rules.for_region(region)
    raw: list[tuple[Rule, FieldPath, Hit]] = []
    for i, project in enumerate(record.projects):
        score = recompute_project(project, rules)
        report.scores[(record.department, record.year, project.code)] = score
        view = ProjectView(project, score, rules)
        for r in RULES.values():
            if r.scope == "project":
                raw.extend((r, ("项目", i) + hit.field, hit) for hit in r.check(view))
    if record.overall is not None:
        score = recompute_overall(record.overall, rules)
        report.overall_scores[(record.department, record.year)] = score
        view = OverallView(record.overall, score, rules)
        for r in RULES.values():
            if r.scope == "overall":
                raw.extend((r, (OVERALL,) + hit.field, hit) for hit in r.check(view))
    record_view = RecordView(record, rules)
    for r in RULES.values():
        if r.scope == "record":
            raw.extend((r, hit.field, hit) for hit in r.check(record_view))

    # Each acknowledgement that explained a finding, with the stated figure of that finding.
    used: dict[tuple[FieldPath, int], str | None] = {}
    stale: dict[tuple[FieldPath, int], str] = {}
    for r, path, hit in raw:
        project_index = path[1] if len(path) > 1 and path[0] == "项目" and isinstance(path[1], int) else None
        project = record.projects[project_index] if project_index is not None else None
        ack_at = _acknowledgement(record, project_index, r.id, path, used, hit.stated, stale)
        line, column = loaded.position(path)
        report.findings.append(Finding(
            rule=r.id, severity=hit.severity or r.severity, title=r.title, message=hit.message,
            file=loaded.path, line=line, column=column, field=path,
            department=record.department, year=record.year,
            project=project.code if project else None, project_name=project.name if project else "",
            stated=hit.stated, computed=hit.computed,
            acknowledged=ack_at is not None, reason=ack_at.reason if ack_at else "",
            publisher_note=ack_at.publisher_note if ack_at else "", unit_note=ack_at.unit_note if ack_at else "",
        ))
    report.findings.extend(_unused_acknowledgements(loaded, used, stale))
    _keep_sorted(report.findings, earlier)
    return report


def _finding_order(f: Finding) -> tuple:
    return (f.file, f.line or 0, f.column or 0, f.rule)


def _keep_sorted(findings: list[Finding], earlier: int) -> None:
    """Sort the findings a record added after the `earlier` ones, which are sorted already. Records come in
    file order, so the new ones usually just follow: sorting the whole list again for every record made
    auditing a city quadratic. The result is the same as one stable sort of the whole list."""
    added = sorted(findings[earlier:], key=_finding_order)
    findings[earlier:] = added
    if earlier and added and _finding_order(findings[earlier - 1]) > _finding_order(added[0]):
        findings.sort(key=_finding_order)


def _same_value(written: str, stated: str) -> bool:
    try:
        return Decimal(written.strip().rstrip("%")) == Decimal(stated.strip().rstrip("%"))
    except (ArithmeticError, ValueError):
        return written.strip() == stated.strip()


def _acknowledgement(record: DepartmentYear, project_index: int | None, rule_id: str, path: FieldPath, used: dict,
                     stated: str | None = None, stale: dict | None = None) -> Acknowledgement | None:
    candidates: list[tuple[FieldPath, list[Acknowledgement], str]] = [((), record.acknowledgements, format_field_path(path))]
    if project_index is not None:
        prefix = ("项目", project_index)
        candidates.insert(0, (prefix, record.projects[project_index].acknowledgements, format_field_path(path[2:])))
    for owner, acks, text in candidates:
        for k, ack in enumerate(acks):
            wanted = ack.field.strip().replace("．", ".")
            if ack.rule.strip() == rule_id and (not wanted or text == wanted or text.startswith(wanted + ".") or text.startswith(wanted + "[")):
                if ack.value.strip() and stated is not None and not _same_value(ack.value, stated):
                    # Tied to the figure it explains: a changed figure reopens the finding (issue 16).
                    if stale is not None:
                        stale[(owner, k)] = stated
                    continue
                used[(owner, k)] = stated
                return ack
    return None


def _unused_acknowledgements(loaded: "LoadedRecord", used: dict, stale: dict | None = None) -> Iterator[Finding]:
    """An explanation that matches no finding is most often a typo in its 规则 or 字段: say so. One that explains a
    figure without naming it (数值) would go on silencing its finding after the figure changed: ask for the figure."""
    record = loaded.record
    owners: list[tuple[FieldPath, Project | None, list[Acknowledgement]]] = [((), None, record.acknowledgements)]
    owners += [(("项目", i), p, p.acknowledgements) for i, p in enumerate(record.projects)]
    for owner, project, acks in owners:
        for k, ack in enumerate(acks):
            if (owner, k) in used:
                stated = used[(owner, k)]
                if stated is not None and not ack.value.strip():
                    line, column = loaded.position(owner + ("审核说明", k, "规则"))
                    yield Finding(
                        rule="unbound-acknowledgement", severity=Severity.WARNING, title="审核说明没有写所说明的数值",
                        message=(f"审核说明（规则“{ack.rule}”）没有写“数值”：请加一行 数值: \"{stated}\"。"
                                 "写明后，这个数字一旦改动，说明即不再适用，审核提示会重新出现。"),
                        file=loaded.path, line=line, column=column, field=owner + ("审核说明", k, "数值"),
                        department=record.department, year=record.year,
                        project=project.code if project else None, project_name=project.name if project else "",
                    )
                continue
            path = owner + ("审核说明", k, "规则")
            known = ack.rule.strip() in RULES
            if stale and (owner, k) in stale:
                message = (f"审核说明（规则“{ack.rule}”）所说明的数值 {ack.value} 已改为 {stale[(owner, k)]}，说明不再适用，"
                           "审核提示重新出现。请核对后更新“数值”和说明。")
                line, column = loaded.position(owner + ("审核说明", k, "数值"))
                yield Finding(
                    rule="unused-acknowledgement", severity=Severity.INFO, title="审核说明所说明的数值已改动", message=message,
                    file=loaded.path, line=line, column=column, field=owner + ("审核说明", k, "数值"), department=record.department,
                    year=record.year, project=project.code if project else None, project_name=project.name if project else "",
                )
                continue
            message = (
                f"审核说明（规则“{ack.rule}”{'，字段“' + ack.field + '”' if ack.field else ''}）没有对应的审核提示："
                + ("该字段没有这一规则的提示，请核对“字段”的写法，如 绩效指标[3].得分。" if known else f"没有编号为“{ack.rule}”的审核规则。")
            )
            line, column = loaded.position(path)
            yield Finding(
                rule="unused-acknowledgement", severity=Severity.INFO, title="审核说明没有对应的提示", message=message,
                file=loaded.path, line=line, column=column, field=path, department=record.department, year=record.year,
                project=project.code if project else None, project_name=project.name if project else "",
            )


# --- Helpers the rules share ---------------------------------------------------------------------

_PLACEHOLDERS = {"没有", "无", "暂无", "/", "／", "-", "—", "－", "——", "空", "无此项", "不适用"}
_EMPTY_NOTES = {"", "无", "没有", "/", "／", "-", "—", "——", "无偏差"}


def _indicator_path(i: int, key: str) -> FieldPath:
    return ("绩效指标", i, key)


def _is_template_row(indicator: Indicator) -> bool:
    return indicator.template_row


def _is_placeholder(indicator: Indicator) -> bool:
    return indicator.name.strip() in _PLACEHOLDERS or indicator.target.strip() in _PLACEHOLDERS


def _note_is_empty(text: str) -> bool:
    return text.strip().rstrip("。.") in _EMPTY_NOTES


def _walk_texts(value: object, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    """Every text of a record part with its field path in Chinese keys, for the rules that read prose."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _walk_texts(getattr(value, name), path + (info.alias or name,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk_texts(item, path + (i,))


def _prose(project: Project) -> Iterator[tuple[FieldPath, str]]:
    """The project's narrative texts (not the indicator table, not 审核说明)."""
    for path, text in _walk_texts(project, ()):
        if path[0] not in ("绩效指标", "审核说明", "项目编码", "项目名称", "项目资金", "等级") and text.strip():
            yield path, text


def _scored(view: ProjectView):
    return [s for s in view.score.indicators if s.method is not Method.NOT_SCORED]


def _stated_sum_disagrees(view: ProjectView) -> Decimal | None:
    """The sum the stated 总分 should equal (stated indicator scores + execution score), when it does not."""
    s = view.score
    execution = s.stated_execution_score if s.stated_execution_score is not None else s.execution_score
    if s.stated_total is None or execution is None:
        return None
    expected = s.stated_indicator_total + execution
    return expected if abs(expected - s.stated_total) > SCORE_TOLERANCE else None


_QUANTITY_UNITS = re.compile(r"^元\s*[/／]\s*([^/／]+)$")


def _cost_quantity_pairs(project: Project) -> Iterator[tuple[int, Indicator, int, Indicator, str]]:
    """Each unit-cost indicator (元/人, 元/台 …) with the 数量指标 it multiplies: same unit, the most similar name."""
    for i, cost in enumerate(project.indicators):
        match = _QUANTITY_UNITS.match(cost.unit.strip()) if cost.level2 == "成本指标" else None
        if not match:
            continue
        per = match.group(1).strip()
        candidates = [(j, q) for j, q in enumerate(project.indicators) if q.level2 == "数量指标" and q.unit.strip() == per]
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


# --- Scores --------------------------------------------------------------------------------------


@rule("score-sum", Severity.ERROR, "总分与各项得分之和不符")
def score_sum(view: ProjectView) -> Iterable[Hit]:
    expected = _stated_sum_disagrees(view)
    if expected is None:
        return
    s = view.score
    execution = s.stated_execution_score if s.stated_execution_score is not None else s.execution_score
    how = "" if s.stated_execution_score is not None else "（自评表未写，按评分规则计算）"
    yield Hit(
        ("自评得分",),
        f"自评得分 {plain(s.stated_total)} 分，但各项绩效指标得分之和 {plain(s.stated_indicator_total)} 分"
        f"加预算执行率得分 {plain(execution)} 分{how}为 {plain(expected)} 分。",
        plain(s.stated_total), plain(expected),
    )


@rule("weight-sum", Severity.ERROR, "分值合计不等于满分")
def weight_sum(view: ProjectView) -> Iterable[Hit]:
    s = view.score
    weights = [i.weight for i in view.project.indicators if i.weight is not None]
    if not weights:
        return
    total = sum(weights, Decimal(0)) + s.execution_weight
    if total != view.rules.full_marks:
        assumed = "（自评表未写，按评分规则）" if s.execution_weight_assumed else ""
        yield Hit(
            ("绩效指标",),
            f"各项绩效指标分值合计 {plain(sum(weights, Decimal(0)))} 分，加预算执行率分值 {plain(s.execution_weight)} 分{assumed}，"
            f"共 {plain(total)} 分，应为满分 {plain(view.rules.full_marks)} 分。",
            plain(total), plain(view.rules.full_marks),
        )


@rule("default-weights", Severity.INFO, "分值与评分规则的默认分配不同")
def default_weights(view: ProjectView) -> Iterable[Hit]:
    rules, project = view.rules, view.project
    if not any(i.weight is not None for i in project.indicators):
        return
    differences = []
    if not view.score.execution_weight_assumed and view.score.execution_weight != rules.execution_weight:
        differences.append(f"预算执行率 {plain(view.score.execution_weight)} 分（默认 {plain(rules.execution_weight)} 分）")
    if any(i.level1 is None and i.weight is not None for i in project.indicators):
        levels = []  # a weight whose 一级指标 the document does not print cannot be counted to any level
    else:
        levels = ["产出指标", "效益指标", "满意度指标"]
    for level1 in levels:
        actual = sum((i.weight for i in project.indicators if i.level1 == level1 and i.weight is not None), Decimal(0))
        if actual != rules.level1_weight(level1):
            differences.append(f"{level1} {plain(actual)} 分（默认 {plain(rules.level1_weight(level1))} 分）")
    if differences:
        yield Hit(
            ("绩效指标",),
            "分值分配与评分规则不同：" + "，".join(differences) + "。特殊情况下可以调整，但应在报告中说明。",
        )


@rule("execution-rate", Severity.ERROR, "执行率与全年执行数、全年预算数不符")
def execution_rate_matches(view: ProjectView) -> Iterable[Hit]:
    for label, row in view.project.funds.rows():
        stated = stated_rate(row.rate)
        computed = execution_rate(row.executed, row.full_year_budget)
        if stated is None or computed is None:
            continue
        if abs(stated - computed) > rate_tolerance(row.rate):
            yield Hit(
                ("项目资金", label, "执行率"),
                f"{label}执行率填报 {row.rate}，按全年执行数 {plain(row.executed)} 万元 ÷ 全年预算数 {plain(row.full_year_budget)} 万元"
                f"计算为 {plain(computed)}%。",
                row.rate, f"{plain(computed)}%",
            )


@rule("execution-score", Severity.ERROR, "预算执行率得分与执行率不符")
def execution_score_matches(view: ProjectView) -> Iterable[Hit]:
    s = view.score
    if s.stated_execution_score is None or s.execution_score is None:
        return
    if abs(s.stated_execution_score - s.execution_score) > max(SCORE_TOLERANCE, stated_precision(s.stated_execution_score)):
        yield Hit(
            ("项目资金", "年度资金总额", "得分"),
            f"预算执行率得分填报 {plain(s.stated_execution_score)} 分，按分值 {plain(s.execution_weight)} × 执行率 {plain(s.execution_rate)}% "
            f"应为 {plain(s.execution_score)} 分。",
            plain(s.stated_execution_score), plain(s.execution_score),
        )


@rule("grade-band", Severity.ERROR, "等级与总分不符")
def grade_band(view: ProjectView) -> Iterable[Hit]:
    s = view.score
    if s.stated_grade is None or s.stated_total is None:
        return
    expected = view.rules.grade_for(s.stated_total)
    if expected != s.stated_grade:
        yield Hit(("等级",), f"自评得分 {plain(s.stated_total)} 分应为“{expected}”，填报为“{s.stated_grade}”。", s.stated_grade, expected)


@rule("recomputed-total", Severity.WARNING, "按评分规则复核的总分与自评得分不同")
def recomputed_total(view: ProjectView) -> Iterable[Hit]:
    s = view.score
    if s.total is None or s.stated_total is None or _stated_sum_disagrees(view) is not None:
        return  # when the stated figures do not even add up, score-sum says so; a recomputation adds nothing
    if abs(s.total - s.stated_total) > SCORE_TOLERANCE:
        grade = f"，等级为“{s.grade}”" if s.grade != s.stated_grade else ""
        yield Hit(("自评得分",), f"自评得分 {plain(s.stated_total)} 分，按评分规则复核为 {plain(s.total)} 分{grade}。", plain(s.stated_total), plain(s.total))


@rule("missing-score", Severity.WARNING, "有分值未填得分")
def missing_score(view: ProjectView) -> Iterable[Hit]:
    for i, indicator in enumerate(view.project.indicators):
        if indicator.weight is not None and indicator.score is None:
            yield Hit(_indicator_path(i, "得分"), f"“{indicator.display_name}”分值 {plain(indicator.weight)} 分，未填写得分。")
    if view.project.total_score is None and view.project.indicators:
        yield Hit(("自评得分",), "未填写自评得分（总分）。", None, plain(view.score.total) if view.score.total is not None else None)


# --- Indicators ----------------------------------------------------------------------------------


@rule("below-target-full-score", Severity.ERROR, "未达到目标但得分偏高")
def below_target_full_score(view: ProjectView) -> Iterable[Hit]:
    total = view.score.total
    for s in _scored(view):
        if not s.stated_above_computed or s.met:  # a met target scored above its 分值 is score-above-weight
            continue
        name = s.indicator.display_name
        if s.method is Method.QUALITATIVE:
            why = f"判为“{s.band}”，得分最高为 {plain(s.computed)} 分"
        else:
            why = f"实际完成值 {s.indicator.actual} 未达到年度指标值 {s.indicator.target}，按比例应得 {plain(s.computed)} 分"
        after = f"按此复核，总分为 {plain(total)} 分。" if total is not None else ""
        yield Hit(_indicator_path(s.index, "得分"), f"“{name}”{why}，填报 {plain(s.stated)} 分。{after}", plain(s.stated), plain(s.computed))


@rule("score-above-weight", Severity.ERROR, "得分高于分值")
def score_above_weight(view: ProjectView) -> Iterable[Hit]:
    for s in _scored(view):
        if s.weight is None or s.stated is None or s.stated - s.weight <= SCORE_TOLERANCE:
            continue
        if s.verifiable and not s.met:
            continue  # below-target-full-score reports it, with what the target allows
        if s.indicator.level1 is None:
            # Not one of the form's 产出/效益/满意度 indicators: a 评价 scoring sheet's 决策/过程 row, whose own
            # 评分标准 may grant bonus points (加分). Above its 分值 is then a question, not an error.
            yield Hit(_indicator_path(s.index, "得分"),
                      f"“{s.indicator.display_name}”得分 {plain(s.stated)} 分高于分值 {plain(s.weight)} 分；"
                      "若评分标准设有加分，请在说明中写明。",
                      plain(s.stated), plain(s.weight), Severity.WARNING)
            continue
        yield Hit(_indicator_path(s.index, "得分"),
                  f"“{s.indicator.display_name}”得分 {plain(s.stated)} 分高于分值 {plain(s.weight)} 分。",
                  plain(s.stated), plain(s.weight))


@rule("far-above-target", Severity.WARNING, "大幅超出目标而未说明原因")
def far_above_target(view: ProjectView) -> Iterable[Hit]:
    margin = view.rules.far_above_target / Decimal(100)
    for s in _scored(view):
        indicator = s.indicator
        if s.method not in (Method.HIGHER_BETTER, Method.LOWER_BETTER) or not s.met or not _note_is_empty(indicator.deviation):
            continue
        a, b = indicator.target_value.number, indicator.actual_value.number
        if a is None or b is None or a <= 0 or b == 0:
            continue  # a cost of 0 is zero-cost-with-output's concern, not a target set too high
        far = b >= a * (1 + margin) if s.method is Method.HIGHER_BETTER else b <= a * (1 - margin)
        if far:
            word = "高" if s.method is Method.HIGHER_BETTER else "低"
            share = plain((abs(b - a) / a * 100).to_integral_value(ROUND_HALF_UP))
            yield Hit(
                _indicator_path(s.index, "实际完成值"),
                f"“{indicator.display_name}”实际完成值“{indicator.actual}”比年度指标值“{indicator.target}”{word} {share}%，"
                "偏差原因分析未说明；目标是否定得不合理？",
                indicator.actual, indicator.target,
            )


@rule("empty-actual", Severity.WARNING, "实际完成值未填写")
def empty_actual(view: ProjectView) -> Iterable[Hit]:
    for s in _scored(view):
        indicator = s.indicator
        if indicator.target.strip() and not indicator.actual.strip() and not _is_placeholder(indicator):
            # A form the site rebuilt from a report: the report gives no figure; nobody left a cell blank.
            if view.project.form_rebuilt:
                said = "绩效自评报告未载明实际完成值，" + (f"报告所写的得分 {plain(s.stated)} 分无法核验。" if s.stated is not None else "也未载明得分。")
            else:
                said = "实际完成值未填写，" + (f"填报的得分 {plain(s.stated)} 分无法核验。" if s.stated is not None else "得分也未填写。")
            yield Hit(_indicator_path(s.index, "实际完成值"), f"“{indicator.display_name}”年度指标值为“{indicator.target}”，{said}")


@rule("placeholder-indicator", Severity.ERROR, "占位指标计了分")
def placeholder_indicator(view: ProjectView) -> Iterable[Hit]:
    for s in _scored(view):
        if _is_placeholder(s.indicator):
            yield Hit(
                _indicator_path(s.index, "三级指标"),
                f"{s.indicator.level2}“{s.indicator.name}”（年度指标值“{s.indicator.target}”）不是实际的绩效指标，"
                f"却有分值 {plain(s.weight)} 分、得分 {plain(s.stated)} 分。",
                plain(s.stated), "0",
            )


@rule("missing-deviation-note", Severity.WARNING, "有偏差而未分析原因")
def missing_deviation_note(view: ProjectView) -> Iterable[Hit]:
    for s in _scored(view):
        if s.verifiable and s.met is False and _note_is_empty(s.indicator.deviation):
            yield Hit(
                _indicator_path(s.index, "偏差原因分析及改进措施"),
                f"“{s.indicator.display_name}”未达到年度指标值（{s.indicator.target}，实际 {s.indicator.actual}），偏差原因分析及改进措施未填写。",
            )
    rate = view.score.execution_rate
    if rate is None or rate >= view.rules.deviation_rate:
        return
    section = _deviation_section(view.project.report, ("自评报告",))
    if section is not None:
        path, title, empty = section
        if empty:
            yield Hit(path + ("正文",), f"执行率 {plain(rate)}%，报告中“{title}”一节为空，未分析偏差原因。", f"{plain(rate)}%")
        return
    written = [i.deviation for i in view.project.indicators if not _note_is_empty(i.deviation)]
    if not written and not view.project.analysis.implementation.strip():
        yield Hit(("项目资金", "年度资金总额", "执行率"), f"执行率 {plain(rate)}%，未说明预算未执行完的原因。", f"{plain(rate)}%")


def _deviation_section(sections, path: FieldPath):
    for i, section in enumerate(sections):
        here = path + (i,)
        if "偏差" in section.title:
            empty = not section.text.strip() and not any(t.strip() for _, t in _walk_texts(section.subsections, ()))
            return here, section.title.strip(), empty
        found = _deviation_section(section.subsections, here + ("子节",))
        if found:
            return found
    return None


_NOT_MET_TEXT = re.compile(r"未能|未完成|没有完成|未按计划|未达到|未如期|未达成|没有达到|未实现")


@rule("text-contradicts-score", Severity.WARNING, "文字与得分矛盾")
def text_contradicts_score(view: ProjectView) -> Iterable[Hit]:
    project = view.project
    said = project.goal.achieved
    match = _NOT_MET_TEXT.search(said)
    scored = [s for s in _scored(view) if s.weight is not None]
    if not match or not scored or any(s.stated is None or s.stated < s.weight for s in scored):
        return
    grade = f"，等级为“{project.grade}”" if project.grade else ""
    yield Hit(
        ("年度总体目标", "实际完成情况"),
        f"实际完成情况写明“{match.group(0)}”完成目标，但每项绩效指标都得满分{grade}。",
        said.strip(), "全部指标满分",
    )


# --- Money and cost ------------------------------------------------------------------------------


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
    yield Hit(_indicator_path(pairs[0][0], "实际完成值"), f"{estimate}，{how}", f"{plain(executed)} 万元", f"{plain(round2(product))} 万元")


@rule("cost-target-above-budget", Severity.WARNING, "成本目标高于预算")
def cost_target_above_budget(view: ProjectView) -> Iterable[Hit]:
    funds = view.project.funds.total
    budget, label = (funds.full_year_budget, "全年预算数") if funds.full_year_budget is not None else (funds.initial_budget, "年初预算数")
    if budget is None:
        return
    for i, indicator in enumerate(view.project.indicators):
        target = _number(indicator.target) if indicator.level2 == "成本指标" else None
        amount = _in_wan(indicator, target) if target is not None else None
        if amount is not None and amount - budget > MONEY_TOLERANCE:
            yield Hit(
                _indicator_path(i, "年度指标值"),
                f"成本指标“{indicator.display_name}”年度指标值 {indicator.target} 高于{label} {plain(budget)} 万元。",
                f"{plain(amount)} 万元", f"{plain(budget)} 万元",
            )


@rule("zero-cost-with-output", Severity.WARNING, "成本为零却有产出")
def zero_cost_with_output(view: ProjectView) -> Iterable[Hit]:
    for i, cost, _j, quantity, per in _cost_quantity_pairs(view.project):
        unit_cost, count = _number(cost.actual), _number(quantity.actual)
        if unit_cost == 0 and count is not None and count > 0:
            yield Hit(
                _indicator_path(i, "实际完成值"),
                f"“{cost.display_name}”实际完成值为 0，但“{quantity.display_name}”完成 {plain(count)} {per}。",
                cost.actual, f"{plain(count)} {per}",
            )


@rule("operator-in-actual", Severity.WARNING, "实际完成值中写了比较符号")
def operator_in_actual(view: ProjectView) -> Iterable[Hit]:
    for i, indicator in enumerate(view.project.indicators):
        if indicator.actual_value.comparator is not None:
            yield Hit(
                _indicator_path(i, "实际完成值"),
                f"“{indicator.display_name}”实际完成值写作“{indicator.actual}”：应填写实际达到的数值，而不是目标的写法。",
                indicator.actual,
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
    texts = [t for _, t in _prose(view.project)] + [i.deviation for i in view.project.indicators]
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


_SPENT_CLAIM = re.compile(
    r"(?:资金|经费|预算|款项|拨款)[^。；，,]{0,8}?(?:已|均已|已经)?全(?:部|额)(?:拨付|支付|支出|使用|执行|用完|兑付)(?:完毕)?"
    r"|(?:资金|经费|预算)[^。；，,]{0,8}?(?:已|均已)?(?:拨付|支付|执行|使用)完毕"
)
_DONE_CLAIM = re.compile(r"(?:预期|绩效|年度)?目标(?:已|均已|已经|全部|全面)(?:全部|全面)?(?:完成|实现|达成)|(?:全面|圆满)完成(?:了)?(?:年度|预期)?(?:绩效)?目标")


@rule("claim-vs-figures", Severity.WARNING, "文字所说与数字不符")
def claim_vs_figures(view: ProjectView) -> Iterable[Hit]:
    """What the text states (资金已全部拨付, 目标已完成) checked against the form's own figures."""
    funds = view.project.funds.total
    rate = view.score.execution_rate
    short = [s for s in view.score.indicators if judge(s, view.rules) is False]
    for path, text in _prose(view.project):
        spent = _SPENT_CLAIM.search(text)
        if spent and rate is not None and HUNDRED - rate > RATE_TOLERANCE:
            yield Hit(
                path,
                f"文字写“{spent.group(0)}”，但全年执行数 {plain(funds.executed)} 万元只占全年预算数 {plain(funds.full_year_budget)} 万元的 {plain(rate)}%。",
                spent.group(0), f"{plain(rate)}%",
            )
        done = _DONE_CLAIM.search(text)
        if done and short:
            names = "、".join(f"“{s.indicator.display_name}”" for s in short[:3]) + ("等" if len(short) > 3 else "")
            yield Hit(
                path,
                f"文字写“{done.group(0)}”，但绩效指标中{names}的实际完成值未达到年度指标值。",
                done.group(0), f"{len(short)} 项指标未达到",
            )


def _section_has_text(section) -> bool:
    """Whether a report section says anything: its own text or a subsection's (headings alone say nothing)."""
    return bool(section.text.strip()) or any(_section_has_text(sub) for sub in section.subsections)


_PROBLEMS_TITLE = re.compile(r"存在(?:的)?(?:主要)?问题|主要问题")


@rule("empty-required-section", Severity.WARNING, "必填部分为空")
def empty_required_section(view: ProjectView) -> Iterable[Hit]:
    """The part that says what went wrong (存在问题) left empty: a heading with nothing under it, or a blank cell."""
    def walk(sections, path: FieldPath):
        for i, section in enumerate(sections):
            here = path + (i,)
            if _PROBLEMS_TITLE.search(section.title):
                if not _section_has_text(section):
                    yield Hit(here + ("标题",), f"报告中“{section.title.strip()}”一节没有内容：存在的问题应如实说明，确无问题也应写明。")
                continue
            yield from walk(section.subsections, here + ("子节",))

    yield from walk(view.project.report, ("自评报告",))
    analysis = view.project.analysis
    if not analysis.is_empty() and not analysis.problems.strip():
        yield Hit(("自评结果分析", "项目管理中存在的主要问题及原因分析"), "自评结果分析中“项目管理中存在的主要问题及原因分析”一栏为空。")


# --- Text ----------------------------------------------------------------------------------------

_AMOUNT = r"\s*(?:为|是)?\s*(\d+(?:\.\d+)?)\s*万元"
_TEXT_FIGURES: list[tuple[re.Pattern, str, str]] = [
    (re.compile(r"年初(?:申请)?预算(?:数|资金)?" + _AMOUNT), "initial_budget", "年初预算数"),
    (re.compile(r"(?:全年预算数|变动后预算数|调整后预算数|预算资金)" + _AMOUNT), "full_year_budget", "全年预算数"),
    (re.compile(r"(?:全年执行数|执行数|实际支出资金)" + _AMOUNT), "executed", "全年执行数"),
]
_TEXT_RATE = re.compile(r"(?:执行率|完成预算的)\s*(?:为|是)?\s*(\d+(?:\.\d+)?)\s*[%％]")
_TEXT_TOTAL = re.compile(r"自评得分\s*(?:为|是)?\s*(\d+(?:\.\d+)?)\s*分")
_TEXT_GRADE = re.compile(r"等级\s*(?:为|是)\s*[“\"]?([优良中差])")


@rule("summary-vs-table", Severity.WARNING, "文字中的数字与表中不符")
def summary_vs_table(view: ProjectView) -> Iterable[Hit]:
    project, s = view.project, view.score
    funds = project.funds.total
    for path, text in _prose(project):
        for pattern, attribute, label in _TEXT_FIGURES:
            table = getattr(funds, attribute)
            for match in pattern.finditer(text):
                written = Decimal(match.group(1))
                if table is not None and abs(written - table) > MONEY_TOLERANCE:
                    yield Hit(path, f"文字“{match.group(0)}”与表中{label} {plain(table)} 万元不符。", f"{plain(written)} 万元", f"{plain(table)} 万元")
        table_rate = s.execution_rate if s.execution_rate is not None else s.stated_execution_rate
        for match in _TEXT_RATE.finditer(text):
            written = Decimal(match.group(1))
            if table_rate is None or written == table_rate:
                continue
            if abs(written - table_rate) > RATE_TOLERANCE:
                yield Hit(path, f"文字“{match.group(0)}”与执行率 {plain(table_rate)}% 不符。", f"{plain(written)}%", f"{plain(table_rate)}%")
            else:
                yield Hit(
                    path, f"文字“{match.group(0)}”与执行率 {plain(table_rate)}% 写法不一致（小数位数不同），宜统一。",
                    f"{plain(written)}%", f"{plain(table_rate)}%", Severity.INFO,
                )
        for match in _TEXT_TOTAL.finditer(text):
            written = Decimal(match.group(1))
            if s.stated_total is not None and abs(written - s.stated_total) > SCORE_TOLERANCE:
                yield Hit(path, f"文字“{match.group(0)}”与自评得分 {plain(s.stated_total)} 分不符。", plain(written), plain(s.stated_total))
        for match in _TEXT_GRADE.finditer(text):
            if s.stated_grade and match.group(1) != s.stated_grade:
                yield Hit(path, f"文字“{match.group(0)}”与等级“{s.stated_grade}”不符。", match.group(1), s.stated_grade)


# Families of template wording left in published text, each seen in real forms: placeholders (XX), instructions
# to the filler (请填写, 对照年度目标,说明…), length hints ((100字以内)), and bare numbering ("指标2：", "……").
_TEMPLATE_TEXT = re.compile(
    r"[XＸ]{2,}|此处填写|请填写|填写说明|（填写[^）]*）|\(填写[^)]*\)"
    r"|[（(]\s*(?:限|不超过)?\s*\d+\s*字(?:以内|以下|左右)?\s*[)）]"
    r"|^\s*(?:对照|根据|结合|围绕)[^。，,]{0,16}[，,]\s*(?:简要)?(?:说明|分析|阐述|填写|概述)"
    r"|^\s*(?:指标\s*\d+\s*[：:]|[…\.。·]{2,})\s*$"
)


@rule("template-text", Severity.WARNING, "模板文字未删除", scope="record")
def template_text(view: RecordView) -> Iterable[Hit]:
    for p, project in enumerate(view.record.projects):
        rows = [i for i, indicator in enumerate(project.indicators) if _is_template_row(indicator)]
        if rows:
            shown = "、".join(str(i + 1) for i in rows[:8]) + ("等" if len(rows) > 8 else "")
            yield Hit(
                ("项目", p, "绩效指标", rows[0], "三级指标"),
                f"绩效指标中有 {len(rows)} 行未填写的模板行（如“指标2：”“……”），第 {shown} 行；公开前宜删除或填写。",
            )
    for path, text in _walk_texts(view.record, ()):
        if "审核说明" in path or "绩效指标" in path:
            continue  # the indicator table's template rows are counted above, once per project
        match = _TEMPLATE_TEXT.search(text)
        if match:
            yield Hit(path, f"“{match.group(0).strip()}”像是模板中未替换或未删除的文字。")


_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_ID_CARD = re.compile(r"(?<![\dXx])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dXx])")


@rule("personal-data", Severity.ERROR, "公开文字中含个人信息", scope="record")
def personal_data(view: RecordView) -> Iterable[Hit]:
    for path, text in _walk_texts(view.record, ()):
        for pattern, kind in ((_ID_CARD, "身份证号码"), (_MOBILE, "手机号码")):
            for match in pattern.finditer(text):
                number = match.group(0)
                masked = number[:3] + "*" * (len(number) - 7) + number[-4:]
                yield Hit(path, f"文字中有疑似{kind}“{masked}”，公开前应删除或隐去。", masked)


_UNIT_SPELLINGS = {"百分比": "%", "百分率": "%", "％": "%", "元／人": "元/人", "元每人": "元/人", "人/次": "人次", "万": "万元"}


@rule("unit-spelling", Severity.INFO, "计量单位写法不统一")
def unit_spelling(view: ProjectView) -> Iterable[Hit]:
    seen: dict[str, list[int]] = {}
    for i, indicator in enumerate(view.project.indicators):
        unit = indicator.unit.strip()
        preferred = _UNIT_SPELLINGS.get(unit) or (unit.replace("／", "/") if "／" in unit else None)
        if preferred and preferred != unit:
            seen.setdefault(unit, []).append(i)
    for unit, rows in seen.items():
        preferred = _UNIT_SPELLINGS.get(unit) or unit.replace("／", "/")
        shown = "、".join(str(i + 1) for i in rows)
        yield Hit(_indicator_path(rows[0], "计量单位"), f"计量单位“{unit}”宜统一写作“{preferred}”（绩效指标第 {shown} 项）。", unit, preferred)


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


@rule("unplaced-content", Severity.WARNING, "导入时未归类的内容", scope="record")
def unplaced_content(view: RecordView) -> Iterable[Hit]:
    # The importer never drops text it cannot place; it parks it here, and someone must sort it
    # into the right fields (or delete it knowingly) before the record is published.
    for i, text in enumerate(view.record.unplaced):
        preview = text.strip().replace("\n", " ")
        preview = preview[:30] + ("……" if len(preview) > 30 else "")
        yield Hit(("未归类内容", i), f"导入时有一段内容未能归入自评表的栏目：“{preview}”。请移到相应字段，或确认无用后删除。")


# --- 部门整体支出绩效自评表: the department-level form, by its own columns ---------------------------
# Scored by the same rules as a project (scoring.recompute_overall), reported in the form's own words:
# 指标权重, 指标得分, 得分系数, 全年完成值. Lower-is-better indicators (预算调整率, 结转结余率, "三公"经费变动率,
# 财政供养人员控制率 …) are read by indicator_direction, so meeting them is never reported as a shortfall.

_DIRECTION_WORDS = {Method.HIGHER_BETTER: "越高越好", Method.LOWER_BETTER: "越低越好", Method.EXACT: "应等于指标值"}


def _overall_indicator(i: int, key: str) -> FieldPath:
    return ("绩效指标", i, key)


def _target_label(view: OverallView, i: int) -> str:
    return "调整指标值" if view.overall.indicators[i].adjusted_target.strip() else "年初指标值"


def _coefficient(text: str) -> Decimal | None:
    """得分系数 as a fraction: "90.74%" → 0.9074, "0.95" → 0.95, "95" → 0.95 (a bare number above 1 is a percent)."""
    parsed = parse_value(text)
    if parsed.kind is not ValueKind.NUMBER or parsed.comparator is not None or parsed.unit not in ("", "%", "百分比"):
        return None
    number = parsed.number
    return number / 100 if parsed.unit or number > 1 else number


@rule("overall-weight-sum", Severity.ERROR, "部门整体自评表权重合计不等于满分", scope="overall")
def overall_weight_sum(view: OverallView) -> Iterable[Hit]:
    weights = [i.weight for i in view.overall.indicators if i.weight is not None]
    if not weights:
        return
    s = view.score
    total = sum(weights, Decimal(0)) + s.execution_weight
    if abs(total - view.rules.full_marks) > SCORE_TOLERANCE:
        assumed = "（表中未写，按评分规则）" if s.execution_weight_assumed else ""
        yield Hit(
            ("绩效指标",),
            f"各项指标权重合计 {plain(sum(weights, Decimal(0)))} 分，加执行率分值 {plain(s.execution_weight)} 分{assumed}，"
            f"共 {plain(total)} 分，应为满分 {plain(view.rules.full_marks)} 分。",
            plain(total), plain(view.rules.full_marks),
        )


@rule("overall-score-sum", Severity.ERROR, "部门整体自评表总分与各项得分之和不符", scope="overall")
def overall_score_sum(view: OverallView) -> Iterable[Hit]:
    s = view.score
    execution = s.stated_execution_score if s.stated_execution_score is not None else s.execution_score
    if s.stated_total is None or execution is None:
        return
    expected = s.stated_indicator_total + execution
    if abs(expected - s.stated_total) > SCORE_TOLERANCE:
        how = "" if s.stated_execution_score is not None else "（表中未写，按评分规则计算）"
        yield Hit(
            ("自评得分",),
            f"总分 {plain(s.stated_total)} 分，但各项指标得分之和 {plain(s.stated_indicator_total)} 分"
            f"加执行率得分 {plain(execution)} 分{how}为 {plain(expected)} 分。",
            plain(s.stated_total), plain(expected),
        )


@rule("overall-execution-rate", Severity.ERROR, "部门整体自评表执行率与预算数、执行数不符", scope="overall")
def overall_execution_rate(view: OverallView) -> Iterable[Hit]:
    funds = view.overall.funds
    rows = [((), "年度资金总额", funds)] + [(("其中", k), part.name or f"第{k + 1}项", part) for k, part in enumerate(funds.parts)]
    for path, label, row in rows:
        stated = parse_value(row.rate)
        computed = execution_rate(row.executed, row.full_year_budget)
        if stated.kind is ValueKind.NUMBER and computed is not None and abs(stated.number - computed) > RATE_TOLERANCE:
            yield Hit(
                ("年度预算执行情况",) + path + ("执行率",),
                f"{label}执行率填报 {row.rate}，按全年执行数 {plain(row.executed)} 万元 ÷ 全年预算数 {plain(row.full_year_budget)} 万元"
                f"计算为 {plain(computed)}%。",
                row.rate, f"{plain(computed)}%",
            )


@rule("overall-execution-score", Severity.ERROR, "部门整体自评表执行率得分与执行率不符", scope="overall")
def overall_execution_score(view: OverallView) -> Iterable[Hit]:
    s = view.score
    if s.stated_execution_score is not None and s.execution_score is not None and abs(s.stated_execution_score - s.execution_score) > SCORE_TOLERANCE:
        yield Hit(
            ("年度预算执行情况", "得分"),
            f"执行率得分填报 {plain(s.stated_execution_score)} 分，按分值 {plain(s.execution_weight)} × 执行率 {plain(s.execution_rate)}% "
            f"应为 {plain(s.execution_score)} 分。",
            plain(s.stated_execution_score), plain(s.execution_score),
        )


@rule("overall-grade-band", Severity.ERROR, "部门整体自评表等级与总分不符", scope="overall")
def overall_grade_band(view: OverallView) -> Iterable[Hit]:
    s = view.score
    stated = band_of_grade(s.stated_grade) if s.stated_grade else ""
    if stated in ("优", "良", "中", "差") and s.stated_total is not None:
        expected = view.rules.grade_for(s.stated_total)
        if expected != stated:
            yield Hit(("等级",), f"总分 {plain(s.stated_total)} 分应为“{expected}”，填报为“{s.stated_grade}”。", s.stated_grade, expected)


@rule("overall-below-target", Severity.ERROR, "部门整体自评表指标未完成但得分偏高", scope="overall")
def overall_below_target(view: OverallView) -> Iterable[Hit]:
    for s in _scored(view):
        if not s.stated_above_computed or s.met:  # met, yet above its 权重: overall-coefficient reports it
            continue
        indicator, label = s.indicator, _target_label(view, s.index)
        if s.method is Method.QUALITATIVE:
            why = f"全年完成值“{indicator.actual}”判为“{s.band}”，得分最高为 {plain(s.computed)} 分"
        else:
            why = (f"是{_DIRECTION_WORDS[s.method]}的指标，全年完成值 {indicator.actual} 未达到{label} {indicator.target}，"
                   f"按比例应得 {plain(s.computed)} 分")
        yield Hit(_overall_indicator(s.index, "指标得分"), f"“{indicator.display_name}”{why}，填报 {plain(s.stated)} 分。",
                  plain(s.stated), plain(s.computed))


@rule("overall-coefficient", Severity.ERROR, "部门整体自评表指标得分不等于权重乘得分系数", scope="overall")
def overall_coefficient(view: OverallView) -> Iterable[Hit]:
    for i, indicator in enumerate(view.overall.indicators):
        coefficient = _coefficient(indicator.coefficient)
        if coefficient is None or indicator.weight is None or indicator.score is None:
            continue
        expected = round2(indicator.weight * coefficient)
        if abs(expected - indicator.score) > SCORE_TOLERANCE:
            yield Hit(
                _overall_indicator(i, "指标得分"),
                f"“{indicator.display_name}”指标权重 {plain(indicator.weight)} × 得分系数 {indicator.coefficient} = {plain(expected)} 分，"
                f"填报指标得分 {plain(indicator.score)} 分。",
                plain(indicator.score), plain(expected),
            )


@rule("overall-missing-deviation", Severity.WARNING, "部门整体自评表指标未完成而未分析原因", scope="overall")
def overall_missing_deviation(view: OverallView) -> Iterable[Hit]:
    for s in _scored(view):
        if s.verifiable and s.met is False and _note_is_empty(s.indicator.deviation):
            yield Hit(
                _overall_indicator(s.index, "偏差原因分析及改进措施"),
                f"“{s.indicator.display_name}”未达到{_target_label(view, s.index)}（{s.indicator.target}，全年完成值 {s.indicator.actual}），"
                "偏差原因未填写。",
            )


@rule("overall-empty-actual", Severity.WARNING, "部门整体自评表全年完成值未填写", scope="overall")
def overall_empty_actual(view: OverallView) -> Iterable[Hit]:
    for s in _scored(view):
        indicator = s.indicator
        if indicator.target.strip() and not indicator.actual.strip():
            yield Hit(
                _overall_indicator(s.index, "全年完成值"),
                f"“{indicator.display_name}”指标值为“{indicator.target}”，全年完成值未填写，指标得分 {plain(s.stated)} 分无法核验。",
            )


@rule("overall-recomputed-total", Severity.WARNING, "部门整体自评表按评分规则复核的总分与填报不同", scope="overall")
def overall_recomputed_total(view: OverallView) -> Iterable[Hit]:
    s = view.score
    execution = s.stated_execution_score if s.stated_execution_score is not None else s.execution_score
    if s.total is None or s.stated_total is None or execution is None:
        return
    if abs(s.stated_indicator_total + execution - s.stated_total) > SCORE_TOLERANCE:
        return  # overall-score-sum reports the stated figures that do not add up
    if abs(s.total - s.stated_total) > SCORE_TOLERANCE:
        grade = f"，等级为“{s.grade}”" if s.grade != s.stated_grade else ""
        yield Hit(("自评得分",), f"总分 {plain(s.stated_total)} 分，按评分规则复核为 {plain(s.total)} 分{grade}。", plain(s.stated_total), plain(s.total))


# --- 自评覆盖 and 评价结果 ---------------------------------------------------------------------------


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
