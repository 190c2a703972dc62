"""Running the rules: the @rule table, what each kind of rule looks at, and the audit of a record or a site.

A rule is one function that yields Hits about a project, the record as a whole, or the record's
部门整体支出绩效自评表 (its scope); @rule(...) registers it in RULES under its stable id, severity and
title. The engine places every hit: the field path from the record's root, the file's line and column,
and whether an 审核说明 explains it (acknowledgements.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Callable, Iterable

from generator.hashing import digest
from generator.records.loading import Memo
from generator.records.model import DepartmentOverall, DepartmentYear, Project
from generator.records.problems import FieldPath, Severity
from generator.records.scoring_settings import ScoringRules
from generator.rules.audit.acknowledgements import match_acknowledgement, unused_acknowledgements
from generator.rules.audit.findings import OVERALL, AuditReport, Finding, Hit
from generator.rules.scoring import ProjectScore, recompute_overall, recompute_project

if TYPE_CHECKING:
    from generator.records.loading import Content, LoadedRecord


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


# A record's findings and scores follow from the record file (its name and bytes: LoadedRecord.source), its
# region's scoring rules and the code. With a build cache they are kept under a hash of these, so a correction
# audits again only the record it touched (auditing a city's 800 records took 21 CPU-seconds of every build).
# The findings and the scores apart: every build reads every record's findings (the build refuses on them, the
# findings pages list them), the scores only of the records whose pages or files it makes again (AuditReport.later).
AUDIT_CACHE = "audit"
SCORES_CACHE = "audit-scores"


def audit_content(content: "Content", cache: Memo | None = None) -> AuditReport:
    """Audit every record of loaded content under each department's regional rules.
    cache: where each record's findings and scores are kept between builds, or None."""
    report = AuditReport()
    rules_of = _RegionRules(content)
    for loaded in content.records:
        rules, key = rules_of.rules_and_key(loaded, cache)
        findings = cache.get_object(AUDIT_CACHE, key) if key is not None else None
        if isinstance(findings, list) and cache.has(SCORES_CACHE, key):
            report.findings.extend(findings)
            report.later[(loaded.head.department, loaded.head.year)] = partial(_kept_scores, cache, key, loaded, rules)
            continue
        own = _audited(loaded, rules, cache, key)
        report.findings.extend(own.findings)
        report.scores.update(own.scores)
        report.overall_scores.update(own.overall_scores)
    # Once, at the end: records come newest year first and findings sort by file (oldest year first), so
    # keeping the list sorted record by record sorted all of it again each time (24 of 32 profiled seconds at
    # 8,000 projects). One stable sort of the records' sorted findings is the same order.
    report.findings.sort(key=_finding_order)
    return report


def not_kept(content: "Content", cache: Memo) -> list["LoadedRecord"]:
    """The records whose findings and scores the cache could hold (a record read from its file) and does not."""
    rules_of = _RegionRules(content)
    missing = []
    for loaded in content.records:
        _, key = rules_of.rules_and_key(loaded, cache)
        if key is not None and loaded.document is not None and not (
                cache.has(AUDIT_CACHE, key) and cache.has(SCORES_CACHE, key)):
            missing.append(loaded)
    return missing


def audit_into_cache(content: "Content", cache: Memo, records: list["LoadedRecord"]) -> None:
    """Audit these records of the content and keep their findings and scores in the cache, for audit_content to
    take from there: a build from scratch audits half of its records so in a second process."""
    rules_of = _RegionRules(content)
    for loaded in records:
        rules, key = rules_of.rules_and_key(loaded, cache)
        _audited(loaded, rules, cache, key)


class _RegionRules:
    """Each region's scoring rules, resolved once: every score of the region then points to one object."""

    def __init__(self, content: "Content"):
        self._content = content
        self._resolved: dict[str | None, tuple[ScoringRules, str]] = {}  # region → its rules, and as written into keys

    def rules_and_key(self, loaded: "LoadedRecord", cache: Memo | None) -> tuple[ScoringRules, str | None]:
        """The record's rules, and the key of its findings and scores in the cache (None without one)."""
        region = self._content.region(self._content.department(loaded.head)).code
        if region not in self._resolved:
            resolved = self._content.settings.scoring.for_region(region)
            self._resolved[region] = (resolved, repr(resolved))
        rules, rules_key = self._resolved[region]
        return rules, digest(cache.code_key, loaded.source, rules_key) if cache is not None and loaded.source else None


def _audited(loaded: "LoadedRecord", rules: ScoringRules, cache: Memo | None, key: str | None) -> AuditReport:
    """The record's audit, kept in the cache under key."""
    own = audit_record(loaded, rules)
    # Findings of a record whose positions were let go (Content.without_documents) point at no line:
    # right for the moment (a preview), never kept for a build to publish.
    if key is not None and loaded.document is not None:
        cache.put_object(SCORES_CACHE, key, (own.scores, own.overall_scores), _shared_objects(loaded, rules))
        cache.put_object(AUDIT_CACHE, key, own.findings)  # last: it says that the scores are there
    return own


def _kept_scores(cache: Memo, key: str, loaded: "LoadedRecord", rules: ScoringRules) -> tuple[dict, dict]:
    """A kept record's scores and overall score, pointing to its own indicators; audited again if not readable."""
    kept = cache.get_object(SCORES_CACHE, key, _shared_objects(loaded, rules))
    if isinstance(kept, tuple):
        return kept
    own = audit_record(loaded, rules)
    return own.scores, own.overall_scores


def _shared_objects(loaded: "LoadedRecord", rules: ScoringRules) -> dict[str, object]:
    """What a record's scores point to that the record and its region own: kept by name, not copied, in the cache."""
    shared: dict[str, object] = {"rules": rules}
    for i, project in enumerate(loaded.record.projects):
        for j, indicator in enumerate(project.indicators):
            shared[f"project {i} indicator {j}"] = indicator
    if loaded.record.overall is not None:
        for j, indicator in enumerate(loaded.record.overall.indicators):
            shared[f"overall indicator {j}"] = indicator
    return shared


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
        ack_at = match_acknowledgement(record, project_index, r.id, path, used, hit.stated, stale)
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
    report.findings.extend(unused_acknowledgements(loaded, used, stale, rule_ids=RULES))
    _keep_sorted(report.findings, earlier)
    return report


def _finding_order(f: Finding) -> tuple:
    return (f.file, f.line or 0, f.column or 0, f.rule)


def _keep_sorted(findings: list[Finding], earlier: int) -> None:
    """Sort the findings a record added after the `earlier` ones, which are sorted already (audit_record into a
    report of other records). The result is the same as one stable sort of the whole list."""
    added = sorted(findings[earlier:], key=_finding_order)
    findings[earlier:] = added
    if earlier and added and _finding_order(findings[earlier - 1]) > _finding_order(added[0]):
        findings.sort(key=_finding_order)
