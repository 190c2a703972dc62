"""The view of one project page: the project's summary, its 自评表 with the site's checks, its history.

Decided only by the record the project is in (its siblings give the pager), the record's RecordAudit
(views/inputs.py), the project's page history, the unit's registry entry, the 公开核查结果 setting, and
`other_years`: the same project (same 项目编码) in the unit's other years, passed in explicitly because it
comes from other records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from generator.history.changes import PageHistory
from generator.records.attachments import AttachmentFile
from generator.records.head import ProjectHead
from decimal import Decimal

from generator.records.model import Department, DepartmentYear, FundTotal, Indicator, Project
from generator.site.paths import project_path
from generator.site.reading import Segment, project_reading
from generator.site.views.form import PROJECT_WORDS, FormSummary, form_summary
from generator.site.views.inputs import RecordAudit
from generator.site.views.places import PlacedFinding, placed
from generator.site.views.record import GovInfo, Original, audit_link_of, gov_info, originals
from generator.site.views.totals import project_rate, rate_cell

Neighbour = tuple[str, str] | None  # (title, content path) of the page before or after


@dataclass(frozen=True, slots=True)
class ProjectYear:
    """The same project in one year of the unit, as that year's record printed it: only what the project page's
    本项目历年情况 table shows, so that a record's pages are decided by this much of the other years' records
    (generator/site/kept_pages.py keys them on it)."""

    year: int
    code: str
    funds: FundTotal  # the 年度资金总额 row
    total_score: Decimal | None
    grade: str | None
    rate: Markup  # its 执行率 cell (views/totals.py rate_cell)


def project_year(year: int, project: ProjectHead) -> ProjectYear:
    return ProjectYear(year, project.code, project.total, project.total_score, project.grade, rate_cell(project.total))


LEVEL1_NUMBERS = {"产出指标": "(一)", "效益指标": "(二)", "满意度指标": "(三)"}


@dataclass(frozen=True, slots=True)
class ReportIndicator:
    """One indicator in the report's own wording, with the headings that open its group before it."""

    number: int  # （1）, counted within its 二级指标
    indicator: Indicator
    level1: str = ""  # the 一级指标 heading opened here, or ""
    level1_number: str = ""  # (一), (二), (三)
    level2: object = None  # the 二级指标 heading opened here (as the form gives it), or None
    level2_number: int = 0  # 1., 2., … counted over the whole list


@dataclass(frozen=True, slots=True)
class IndicatorReport:
    """The indicator list a report section inserts (seed 000's “（1）召开会议次数(次)，目标值20…”), then the score."""

    entries: tuple[ReportIndicator, ...]
    total_score: Decimal | None
    grade: str


def indicator_report(project: Project) -> IndicatorReport:
    entries = []
    level1 = level2 = None
    level2_count = item = 0
    for ind in project.indicators:
        heading1 = number1 = ""
        if ind.level1 != level1:
            level1 = ind.level1
            if ind.level1:
                heading1, number1 = ind.level1.value, LEVEL1_NUMBERS[ind.level1.value]
        heading2, number2 = None, 0
        if ind.level2 != level2 and ind.level2:
            level2 = ind.level2
            level2_count += 1
            item = 0
            heading2, number2 = ind.level2, level2_count
        item += 1
        entries.append(ReportIndicator(item, ind, heading1, number1, heading2, number2))
    return IndicatorReport(tuple(entries), project.total_score, project.grade)


@dataclass(frozen=True, slots=True)
class ProjectView:
    year: int
    unit_date: dt.date | None  # the unit's own 公开日期 of the record
    project: Project  # the form and report as published
    department: Department
    gov: GovInfo
    originals: tuple[Original, ...]
    revisions: PageHistory
    reading: tuple[Segment, ...]
    summary: FormSummary
    findings: tuple[PlacedFinding, ...] | None  # None when the findings are not published (or the record is withdrawn)
    audit_link: str
    other_years: tuple[ProjectYear, ...]  # the same project in every year it was published, this one included
    siblings: tuple[Neighbour, Neighbour]  # the projects before and after it in the record
    report_indicators: IndicatorReport  # for a report section that inserts the indicators

    unit_dated = True


def siblings(record: DepartmentYear, index: int) -> tuple[Neighbour, Neighbour]:
    """The projects before and after the index-th one of a department's year, as (name, path), in the record's order."""
    projects = record.projects

    def entry(i: int) -> Neighbour:
        if not 0 <= i < len(projects):
            return None
        return projects[i].name, project_path(record.department, record.year, projects[i].code)

    return entry(index - 1), entry(index + 1)


def project_view(record: DepartmentYear, index: int, department: Department, audit: RecordAudit,
                 history: PageHistory, files: tuple[AttachmentFile, ...], public: bool,
                 other_years: tuple[ProjectYear, ...]) -> ProjectView:
    project = record.projects[index]
    score = audit.score(project)
    findings = placed(list(audit.for_project(project)), record, project) if public else None
    return ProjectView(
        record.year, record.published, project, department, gov_info(record, department, history),
        originals(record, files), history,
        tuple(project_reading(project, score, None if findings is None else len(findings))),
        form_summary(project, project.funds.total, project_rate(project), score, project.form_rebuilt, PROJECT_WORDS),
        findings, audit_link_of(record), other_years,
        siblings(record, index), indicator_report(project),
    )


def withdrawn_project_view(record: DepartmentYear, project: Project, department: Department, audit: RecordAudit,
                           history: PageHistory) -> ProjectView:
    """A project removed from its record: its last version, recomputed, without findings, pager or other years."""
    score = audit.score(project)
    return ProjectView(
        record.year, record.published, project, department, gov_info(record, department, history), (), history,
        tuple(project_reading(project, score, None)),
        form_summary(project, project.funds.total, project_rate(project), score, project.form_rebuilt, PROJECT_WORDS),
        None, audit_link_of(record), (), (None, None), indicator_report(project),
    )
