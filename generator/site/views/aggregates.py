"""The views across records: the home page, the year pages, the unit pages and the two lists.

Made only from each record's RecordSummary, which the record's own pass makes once beside its pages: a page
across records never reads a record, its audit or its history again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from generator.records.head import ProjectHead, project_heads
from generator.records.model import Department, DepartmentYear, Region
from generator.site.exports import Download
from generator.site.views.frame import DownloadLink, download_links
from generator.site.terms import GRADE_NOT_STATED
from generator.site.views.inputs import RecordAudit
from generator.site.views.totals import EMPTY_TOTALS, Totals, grade_chart, record_totals, total_rate, trend_chart

GRADES = ("优", "良", "中", "差")
UNGRADED = GRADE_NOT_STATED  # one word for "the document states no grade", as in the data
LOWEST_SHOWN = 10


@dataclass(frozen=True, slots=True)
class ProjectEntry:
    department: Department
    year: int
    project: ProjectHead  # as much as the overviews show: kept with the summary, without the whole project

    @property
    def rate(self) -> Decimal | None:
        return total_rate(self.project.total)


@dataclass(frozen=True, slots=True)
class RecordCheck:
    """The site's checks of one record in a list of records: labelled as the site's wherever shown."""

    average: Decimal | None  # mean of the recomputed totals that could be computed
    recomputed: int  # how many projects that mean covers
    findings: int | None  # None when the site does not publish its findings


@dataclass(frozen=True, slots=True)
class RecordSummary:
    """What the pages across records need of one record (a row of a year's or a unit's table, its projects
    for the overviews). Decided by the record, its RecordAudit and the 公开核查结果 setting."""

    department: Department
    year: int
    totals: Totals
    check: RecordCheck
    projects: tuple[ProjectEntry, ...]


def record_summary(department: Department, record: DepartmentYear, audit: RecordAudit, public: bool,
                   projects: tuple[ProjectHead, ...] | None = None) -> RecordSummary:
    """projects: the record's project heads if the caller holds them (its summary then points to them)."""
    totals = [score.total for p in record.projects if (score := audit.score(p)).total is not None]
    check = RecordCheck(sum(totals, Decimal(0)) / len(totals) if totals else None, len(totals),
                        audit.count if public else None)
    heads = projects if projects is not None else project_heads(record)
    return RecordSummary(department, record.year, record_totals(record), check,
                         tuple(ProjectEntry(department, record.year, head) for head in heads))


@dataclass(frozen=True, slots=True)
class Overview:
    """The figures of a year or of the whole site: what is covered, how it went, where to look."""

    departments: int
    totals: Totals
    average_rate: Decimal | None  # the mean of the projects' 执行率, each project counting once
    grades: tuple[tuple[str, int], ...]  # 优/良/中/差/原文未载明 with their counts, as published
    lowest: tuple[ProjectEntry, ...]  # lowest 执行率 first
    years: int = 1  # how many years the figures cover
    regions: int = 1  # how many regions (often provinces apart) the departments are in


def overview(records: list[RecordSummary]) -> Overview:
    entries = [e for r in records for e in r.projects]
    rates = [e.rate for e in entries if e.rate is not None]
    counts = {grade: 0 for grade in (*GRADES, UNGRADED)}
    for e in entries:
        counts[e.project.grade or UNGRADED] += 1
    lowest = sorted((e for e in entries if e.rate is not None),
                    key=lambda e: (e.rate, -e.year, e.department.order, e.department.code, e.project.code))
    return Overview(
        departments=len({r.department.code for r in records}),
        totals=sum((r.totals for r in records), EMPTY_TOTALS),
        average_rate=sum(rates, Decimal(0)) / len(rates) if rates else None,
        grades=tuple(counts.items()),
        lowest=tuple(lowest[:LOWEST_SHOWN]),
        years=len({r.year for r in records}),
        regions=len({r.department.region for r in records}),
    )


@dataclass(frozen=True, slots=True)
class YearSummary:
    year: int
    records: int  # departments that published that year
    totals: Totals


def year_summaries(by_year: dict[int, list[RecordSummary]]) -> tuple[YearSummary, ...]:
    """Newest year first, as by_year is ordered."""
    return tuple(YearSummary(year, len(records), sum((r.totals for r in records), EMPTY_TOTALS))
                 for year, records in by_year.items())


@dataclass(frozen=True, slots=True)
class HomeView:
    overview: Overview
    grade_chart: Markup
    years: tuple[YearSummary, ...]
    departments: tuple[Department, ...]
    downloads: tuple[DownloadLink, ...]


def home_view(records: list[RecordSummary], years: tuple[YearSummary, ...], departments: list[Department],
              downloads: list[Download]) -> HomeView:
    figures = overview(records)
    return HomeView(figures, grade_chart("jx-grades", figures.grades), years, tuple(departments), download_links(downloads))


@dataclass(frozen=True, slots=True)
class YearsView:
    years: tuple[YearSummary, ...]


@dataclass(frozen=True, slots=True)
class DepartmentEntry:
    department: Department
    region: Region
    years: tuple[int, ...]  # newest first


@dataclass(frozen=True, slots=True)
class DepartmentsView:
    departments: tuple[DepartmentEntry, ...]


@dataclass(frozen=True, slots=True)
class DepartmentView:
    department: Department
    region: Region
    years: tuple[RecordSummary, ...]  # newest first
    trend: Markup

    @property
    def totals(self) -> tuple[Totals, ...]:
        return tuple(r.totals for r in self.years)


def department_view(department: Department, region: Region, rows: list[RecordSummary]) -> DepartmentView:
    return DepartmentView(department, region, tuple(rows), trend_chart("jx-trend", [(r.year, r.totals) for r in rows]))


@dataclass(frozen=True, slots=True)
class YearView:
    year: int
    rows: tuple[RecordSummary, ...]  # one per unit, in the order the records were loaded
    totals: Totals
    overview: Overview
    grade_chart: Markup

    @property
    def row_totals(self) -> tuple[Totals, ...]:
        return tuple(r.totals for r in self.rows)


def year_view(year: int, rows: list[RecordSummary]) -> YearView:
    figures = overview(rows)
    return YearView(year, tuple(rows), sum((r.totals for r in rows), EMPTY_TOTALS), figures,
                    grade_chart("jx-grades", figures.grades))
