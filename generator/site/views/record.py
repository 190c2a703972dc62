"""The views of one department-year record: its page (绩效情况说明) and its 部门整体支出绩效自评 page.

A view is decided by the record, its RecordAudit (views/inputs.py), its page history, its unit's registry
entry and the site's 公开核查结果 setting; what it shows from outside the record (the unit's neighbouring
years, the data files published beside it) is an explicit argument.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from generator.history.changes import PageHistory
from generator.records.attachments import AttachmentFile
from generator.records.head import RecordHead
from generator.records.figures import plain
from generator.records.model import Department, DepartmentOverall, DepartmentYear, OverallIndicator, Project, Region
from generator.site.exports import Download
from generator.site.views.frame import DownloadLink, download_links
from generator.site.paths import audit_anchor, audit_year_path, record_folder
from generator.site.reading import Segment, record_reading
from generator.site.views.form import (
    OVERALL_WORDS, UNVERIFIABLE, FormSummary, OverallColumn, form_summary, overall_cell, overall_columns,
)
from generator.site.views.inputs import RecordAudit
from generator.site.views.places import PlacedFinding, placed
from generator.site.views.totals import Totals, execution_chart, overall_rate, rate_cell, record_totals


@dataclass(frozen=True, slots=True)
class GovInfo:
    """The 政府信息公开 facts of a record, each from its own voice: the unit's (成文日期 is its 公开日期 as its
    document bears it) and the site's (发布日期 is when this site put the record online)."""

    index_number: str  # 索引号, as the portal lists it; "" where none was given
    issuer: str  # 发布机构
    written: dt.date | None  # 成文日期
    published: dt.date | None  # 发布日期
    validity: str  # 有效性


@dataclass(frozen=True, slots=True)
class Original:
    """A link to the unit's own document beside the transcription."""

    title: str
    path: str  # on the site, next to the department-year page
    kind: str
    size: str


def gov_info(record: DepartmentYear, department: Department, history: PageHistory) -> GovInfo:
    return GovInfo(
        index_number=record.index_number.strip(),
        issuer=record.issuer.strip() or department.full_name,
        written=record.published,
        published=history.first_published or record.online,
        validity="已撤回" if history.withdrawn else "有效",
    )


def originals(record: DepartmentYear | RecordHead, files: tuple[AttachmentFile, ...]) -> tuple[Original, ...]:
    """The unit's own files as the record's pages link them (the page tree publishes the bytes at `path`)."""
    folder = record_folder(record.department, record.year)
    return tuple(Original(file.title, f"{folder}/{file.name}", file.kind, file.size) for file in files)


@dataclass(frozen=True, slots=True)
class SiteCheck:
    """The site's checks beside a project's self-reported score in the record's table: never in its place."""

    recomputed: str  # the recomputed 总分, "无法核验", or "" where nothing is scored
    findings: int | None  # None when the site does not publish its findings


@dataclass(frozen=True, slots=True)
class ProjectRow:
    project: Project
    rate: Markup  # its 执行率 cell (views/totals.py rate_cell)
    check: SiteCheck | None  # None on a withdrawn record's page


@dataclass(frozen=True, slots=True)
class DepartmentYearView:
    record: DepartmentYear  # its title, 整理说明, coverage, 部门整体 summary, evaluations and other sections
    department: Department
    region: Region
    gov: GovInfo
    originals: tuple[Original, ...]
    revisions: PageHistory
    reading: tuple[Segment, ...]
    rows: tuple[ProjectRow, ...]
    totals: Totals
    execution_chart: Markup
    overall_page: bool  # the 部门整体支出绩效自评表 has a page of its own
    findings_count: int | None  # None when the findings are not published (or the record is withdrawn)
    audit_link: str  # the record's part of the findings page
    downloads: tuple[DownloadLink, ...]
    previous_year: int | None
    next_year: int | None

    unit_dated = True  # the page prints the unit's own 公开日期 beside the site's dates

    @property
    def unit_date(self) -> dt.date | None:
        return self.record.published


def department_year_view(record: DepartmentYear, department: Department, region: Region, audit: RecordAudit,
                         history: PageHistory, files: tuple[AttachmentFile, ...], public: bool,
                         downloads: tuple[Download, ...], neighbours: tuple[int | None, int | None]) -> DepartmentYearView:
    """public: the site publishes its findings (公开核查结果); neighbours: the unit's previous and next year with a page."""
    findings_count = audit.count if public else None
    rows = []
    for p in record.projects:
        score = audit.score(p)
        recomputed = plain(score.total) if score.total is not None else (UNVERIFIABLE if p.indicators else "")
        rows.append(ProjectRow(p, rate_cell(p.funds.total), SiteCheck(recomputed, len(audit.for_project(p)) if public else None)))
    return DepartmentYearView(
        record, department, region, gov_info(record, department, history), originals(record, files), history,
        tuple(record_reading(record, dict(audit.audited), findings_count)), tuple(rows), record_totals(record),
        execution_chart("jx-rates", record.projects), record.overall is not None, findings_count,
        audit_link_of(record), download_links(downloads), *neighbours,
    )


def withdrawn_department_year_view(record: DepartmentYear, department: Department, region: Region,
                                   history: PageHistory) -> DepartmentYearView:
    """A record removed from content/, shown from its last version: no checks, downloads or neighbours."""
    return DepartmentYearView(
        record, department, region, gov_info(record, department, history), (), history, (),
        tuple(ProjectRow(p, rate_cell(p.funds.total), None) for p in record.projects), record_totals(record),
        execution_chart("jx-rates", record.projects), False, None, audit_link_of(record), (), None, None,
    )


def audit_link_of(record: DepartmentYear) -> str:
    return f"{audit_year_path(record.year)}#{audit_anchor(record.department, record.year)}"


@dataclass(frozen=True, slots=True)
class OverallView:
    """The 部门整体支出绩效自评 page: the same summary as a project's, its own form, its findings."""

    year: int
    record_title: str  # the department-year page's title, for the link back
    unit_date: dt.date | None
    overall: DepartmentOverall
    department: Department
    gov: GovInfo
    originals: tuple[Original, ...]
    revisions: PageHistory
    summary: FormSummary
    columns: tuple[OverallColumn, ...]  # the indicator columns some row fills
    adjusted_goal: bool  # the form states an adjusted 年度总体目标
    findings: tuple[PlacedFinding, ...] | None  # None when the findings are not published
    audit_link: str

    unit_dated = True

    @staticmethod
    def cell(indicator: OverallIndicator, column: OverallColumn) -> str:
        return overall_cell(indicator, column)


def overall_view(record: DepartmentYear, department: Department, audit: RecordAudit, history: PageHistory,
                 files: tuple[AttachmentFile, ...], public: bool) -> OverallView:
    overall = record.overall
    score = audit.overall_score(record)
    return OverallView(
        record.year, record.display_title, record.published, overall, department, gov_info(record, department, history),
        originals(record, files), history,
        form_summary(overall, overall.funds, overall_rate(overall), score, False, OVERALL_WORDS),
        overall_columns(overall), bool(overall.goal.adjusted.strip()),
        placed(list(audit.for_overall()), record, on_overall=True) if public else None, audit_link_of(record),
    )
