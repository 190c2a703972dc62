"""The views of the site's own method and checks: the 评分方法说明 and the 数据核查结果 pages."""

from __future__ import annotations

from dataclasses import dataclass

from generator.records.model import Department, DepartmentYear, Project, Region
from generator.records.problems import Severity
from generator.records.settings import SiteSettings
from generator.rules.audit import Finding
from generator.rules.scoring import ExplainerSection, explain_rules
from generator.site.paths import audit_anchor
from generator.site.views.inputs import RecordAudit
from generator.site.views.places import PlacedFinding, placed


@dataclass(frozen=True, slots=True)
class ScoringView:
    sections: tuple[ExplainerSection, ...]
    regions: tuple[tuple[str, tuple[ExplainerSection, ...]], ...]  # region name, the sections that read differently
    public: bool  # the findings page exists, so the page links to it


def scoring_view(settings: SiteSettings, regions: dict[str, Region]) -> ScoringView:
    """Each region whose rules override the site's is listed with only the explainer sections that read differently."""
    site_rules = explain_rules(settings, None)
    differences = []
    for code in sorted(settings.scoring.regions):
        region = regions.get(code)
        changed = tuple(own for own, base in zip(explain_rules(settings, code), site_rules) if own != base)
        if changed:
            differences.append((region.name if region else code, changed))
    return ScoringView(tuple(site_rules), tuple(differences), settings.public_findings)


@dataclass(frozen=True, slots=True)
class FindingsOfRecord:
    department: Department
    year: int
    anchor: str
    general: tuple[PlacedFinding, ...]  # about the record as a whole
    projects: tuple[tuple[Project, tuple[PlacedFinding, ...]], ...]

    @property
    def count(self) -> int:
        return len(self.general) + sum(len(f) for _, f in self.projects)


def findings_of_record(department: Department, record: DepartmentYear, audit: RecordAudit) -> FindingsOfRecord:
    return FindingsOfRecord(
        department, record.year, audit_anchor(department.code, record.year), placed(list(audit.general), record),
        tuple((p, placed(list(audit.for_project(p)), record)) for p in record.projects),
    )


@dataclass(frozen=True, slots=True)
class SeverityCount:
    """How many findings of one severity, and which voice explained them."""

    severity: Severity
    findings: int
    publisher_explained: int  # with the publisher's 整理说明
    unit_explained: int  # with the unit's own 单位说明


def severity_counts(findings: list[Finding]) -> tuple[SeverityCount, ...]:
    return tuple(SeverityCount(
        s, sum(1 for f in findings if f.severity is s),
        sum(1 for f in findings if f.severity is s and f.acknowledged and f.publisher_note.strip()),
        sum(1 for f in findings if f.severity is s and f.explained_by_unit),
    ) for s in Severity)


@dataclass(frozen=True, slots=True)
class AuditView:
    groups: tuple[tuple[int, tuple[FindingsOfRecord, ...]], ...]  # newest year first
    counts: tuple[SeverityCount, ...]
    total: int


def audit_view(groups: list[tuple[int, list[FindingsOfRecord]]], findings: list[Finding]) -> AuditView:
    return AuditView(tuple((year, tuple(records)) for year, records in groups), severity_counts(findings), len(findings))
