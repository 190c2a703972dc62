"""What a record's views take from the checks: the record's part of the audit, and how to score a form.

A record's pages are decided by the record itself, this RecordAudit, the record's page histories, its unit's
registry entry (department, region) and the site settings; aggregate figures a page shows (another year's
project, a neighbouring year) are passed in explicitly, so a per-record cache can key on exactly these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.records.model import DepartmentYear, Project
from generator.records.scoring_settings import ScoringRules
from generator.rules.audit import OVERALL, AuditReport, Finding
from generator.rules.scoring import ProjectScore, recompute_overall, recompute_project


@dataclass(frozen=True, slots=True)
class RecordAudit:
    """One department-year's findings and scores, as the audit made them."""

    rules: ScoringRules  # the record's regional rules, to score what the audit did not
    audited: Mapping[str, ProjectScore]  # by project code: the scores the audit made
    audited_overall: ProjectScore | None
    general: tuple[Finding, ...]  # about the record as a whole (its 部门整体 form included)
    by_project: Mapping[str, tuple[Finding, ...]]
    count: int  # every finding of the record

    def score(self, project: Project) -> ProjectScore:
        return self.audited.get(project.code) or recompute_project(project, self.rules)

    def overall_score(self, record: DepartmentYear) -> ProjectScore:
        return self.audited_overall or recompute_overall(record.overall, self.rules)

    def for_project(self, project: Project) -> tuple[Finding, ...]:
        return self.by_project.get(project.code, ())

    def for_overall(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.general if f.field[:1] == (OVERALL,))


def record_audit(audit: AuditReport, record: DepartmentYear, rules: ScoringRules) -> RecordAudit:
    code, year = record.department, record.year
    scores = {p.code: s for p in record.projects if (s := audit.score(code, year, p.code)) is not None}
    return RecordAudit(
        rules, scores, audit.overall_score(code, year), tuple(audit.for_record(code, year)),
        {p.code: tuple(audit.for_project(code, year, p.code)) for p in record.projects},
        len(audit.in_record(code, year)),
    )


def unaudited(rules: ScoringRules) -> RecordAudit:
    """A record the site no longer checks (withdrawn): its figures are still recomputed, no findings listed."""
    return RecordAudit(rules, {}, None, (), {}, 0)
