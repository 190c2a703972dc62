"""The views of the site's own method and checks: the 评分方法说明 page, and the 数据核查结果 overview with a page
for each year's findings."""

from __future__ import annotations

from dataclasses import dataclass

from generator.records.head import ProjectHead, project_heads
from generator.records.model import Department, DepartmentYear, Region
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
    projects: tuple[tuple[ProjectHead, tuple[PlacedFinding, ...]], ...]

    @property
    def count(self) -> int:
        return len(self.general) + sum(len(f) for _, f in self.projects)


def findings_of_record(department: Department, record: DepartmentYear, audit: RecordAudit,
                       projects: tuple[ProjectHead, ...] | None = None) -> FindingsOfRecord:
    """projects: the record's project heads if the caller holds them (the findings then point to them)."""
    heads = projects if projects is not None else project_heads(record)
    return FindingsOfRecord(
        department, record.year, audit_anchor(department.code, record.year), placed(list(audit.general), record),
        tuple((head, placed(list(audit.for_project(p)), record)) for head, p in zip(heads, record.projects)),
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
class AuditYearRow:
    """A year's line in the overview's table: how many units, and the year's findings by severity."""

    year: int
    units: int
    counts: tuple[SeverityCount, ...]
    total: int


@dataclass(frozen=True, slots=True)
class AuditView:
    """数据核查结果: the site's totals by severity and a line for each year, newest first."""

    counts: tuple[SeverityCount, ...]
    total: int
    years: tuple[AuditYearRow, ...]


@dataclass(frozen=True, slots=True)
class AuditYearView:
    """A year's 数据核查结果: its findings unit by unit, its totals, and the years before and after it."""

    year: int
    records: tuple[FindingsOfRecord, ...]  # in the units' order
    counts: tuple[SeverityCount, ...]
    total: int
    previous_year: int | None  # the year before with a page of its own
    next_year: int | None


def findings_in(records: list[FindingsOfRecord] | tuple[FindingsOfRecord, ...]) -> list[Finding]:
    """Every finding the records' parts of a findings page list, in the order they are listed."""
    return [placed.finding for r in records
            for placed in (*r.general, *(f for _, found in r.projects for f in found))]


def audit_year_view(year: int, records: list[FindingsOfRecord],
                    neighbours: tuple[int | None, int | None]) -> AuditYearView:
    """A year's page is made from that year's records only, so a correction renders only its own year's page."""
    findings = findings_in(records)
    return AuditYearView(year, tuple(records), severity_counts(findings), len(findings), *neighbours)


def audit_view(groups: list[tuple[int, list[FindingsOfRecord]]]) -> AuditView:
    """The overview, from the same findings the year pages list: its totals are the sums of the years' lines."""
    rows = []
    for year, records in groups:
        findings = findings_in(records)
        rows.append(AuditYearRow(year, len(records), severity_counts(findings), len(findings)))
    every = [f for _, records in groups for f in findings_in(records)]
    return AuditView(severity_counts(every), len(every), tuple(rows))
