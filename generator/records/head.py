"""A record's head: the little of a department-year record that the stages across records read of every record.

A city's build reads all 800 records, but a correction changes one: the pages, data and findings of the others
come from the build cache. What is still read of each of them (its unit and year, the dates and corrections its
page history shows, the attachments to publish, and of each project what its other years' pages show) is this
head, kept beside the record in the cache (loading.py). The whole record is read only where a stage needs it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from generator.records.model import Attachment, Correction, DepartmentYear, FundTotal, Project


# Without __slots__, like RecordHead: a correction unpickles every record's head, and a frozen dataclass with slots is
# unpickled through dataclasses' __setstate__ in Python, one call per object (8,800 at 8,000 projects).
@dataclass(frozen=True)
class ProjectHead:
    """A project as the pages of other records and of other years show it: its code, name, 年度资金总额 row,
    published 自评得分 and 等级."""

    code: str
    name: str
    total: FundTotal  # the 年度资金总额 row
    total_score: Decimal | None
    grade: str | None


@dataclass(frozen=True)
class RecordHead:
    department: str
    year: int
    online: dt.date | None
    corrections: tuple[Correction, ...]
    attachments: tuple[Attachment, ...]
    projects: tuple[ProjectHead, ...]


def project_head(project: Project) -> ProjectHead:
    return ProjectHead(project.code, project.name, project.funds.total, project.total_score, project.grade)


def project_heads(record: DepartmentYear) -> tuple[ProjectHead, ...]:
    return tuple(project_head(p) for p in record.projects)


def record_head(record: DepartmentYear) -> RecordHead:
    return RecordHead(record.department, record.year, record.online, tuple(record.corrections),
                      tuple(record.attachments), project_heads(record))
