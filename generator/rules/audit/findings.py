"""What the audit reports: a rule's Hit, the Finding placed in its file, and the AuditReport of a whole site."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from generator.records.problems import FieldPath, Severity, format_field_path, format_location, report_entry

if TYPE_CHECKING:
    from generator.rules.scoring import ProjectScore


@dataclass(frozen=True)
class Hit:
    """What a rule reports: where (a field path), what, and the stated and computed figures."""

    field: FieldPath  # relative to the project for project rules, to the record for record rules
    message: str
    stated: str | None = None
    computed: str | None = None
    severity: Severity | None = None  # only when one case of a rule is milder than the rule itself


OVERALL = "部门整体支出绩效自评"  # the record key the department-level form's findings are under


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
    # A kept record's scores, read when a page or a file first asks for one (engine.py): they point to the
    # record's own indicators, and reading those is reading the record, which a correction of a city does only
    # for the records whose pages it renders again. By (单位编码, 年度): what gives its scores and overall score.
    later: dict[tuple[str, int], Callable[[], tuple[dict, dict]]] = field(default_factory=dict, repr=False, compare=False)

    def _scores_of(self, department: str, year: int) -> None:
        make = self.later.pop((department, year), None)
        if make is not None:
            scores, overall_scores = make()
            self.scores.update(scores)
            self.overall_scores.update(overall_scores)

    def all_scores(self) -> dict[tuple[str, int, str], ProjectScore]:
        """Every project's score, the kept ones read first."""
        for department, year in list(self.later):
            self._scores_of(department, year)
        return self.scores

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
        self._scores_of(department, year)
        return self.scores.get((department, year, project))

    def overall_score(self, department: str, year: int) -> ProjectScore | None:
        self._scores_of(department, year)
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
