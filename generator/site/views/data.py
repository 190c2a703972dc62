"""The views of the pages about the data and across it: each year's comparison of projects, the coverage
matrix, the data dictionary, the JSON API and the glossary.

Made from the rows of the open data (generator/site/open_data.py), so a page and a file never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.records.model import Department
from generator.site.datasets import Row, Table, Voice
from generator.site.views.frame import DownloadLink
from generator.site.terms import Term


@dataclass(frozen=True, slots=True)
class CompareRow:
    """One project in a year's comparison: the unit's figures and the site's, ready to show and to sort."""

    name: str
    page: str  # content path of the project page
    department: str  # short name
    department_code: str
    department_page: str
    budget: Decimal | None
    executed: Decimal | None
    rate_text: str  # as the form states it, or the site's computation marked as such
    rate: Decimal | None  # the site's 执行率 (全年执行数 ÷ 全年预算数), for sorting
    score: Decimal | None
    grade: str
    recomputed: Decimal | None
    gap: Decimal | None
    findings: int | None


@dataclass(frozen=True, slots=True)
class CompareView:
    """One page of a year's comparison table."""

    year: int
    rows: tuple[CompareRow, ...]  # this page's rows
    total: int  # projects in the year
    number: int  # this page's number, from 1
    page_paths: tuple[str, ...]  # every page of the year's table
    first: int  # the number of this page's first row, from 1
    page_size: int
    public: bool  # the site's findings are published, so their column is shown
    rows_file: str  # the year's rows for assets/compare.js
    data_file: str  # the year's projects.csv

    @property
    def pages(self) -> int:
        return len(self.page_paths)


@dataclass(frozen=True, slots=True)
class CompareIndexView:
    years: tuple[tuple[int, int, int], ...]  # year, projects, departments


@dataclass(frozen=True, slots=True)
class CoverageCell:
    path: str  # the department-year page
    projects: object  # 本站收录项目数（个）
    published: object  # 公开日期, or None


@dataclass(frozen=True, slots=True)
class CoverageView:
    years: tuple[int, ...]  # oldest first
    departments: tuple[tuple[Department, tuple[CoverageCell | None, ...]], ...]  # a cell per year, None: not covered
    counts: tuple[int, ...]  # covered departments per year


def coverage_view(departments: list[Department], years: list[int], reports: dict[tuple[str, int], Row],
                  record_page) -> CoverageView:
    ordered = tuple(sorted(years))
    rows = []
    for d in departments:
        cells = []
        for year in ordered:
            r = reports.get((d.code, year))
            cells.append(None if r is None else CoverageCell(record_page(d.code, year), r["本站收录项目数（个）"], r["公开日期"]))
        rows.append((d, tuple(cells)))
    counts = tuple(sum(1 for d in departments if (d.code, y) in reports) for y in ordered)
    return CoverageView(ordered, tuple(rows), counts)


@dataclass(frozen=True, slots=True)
class DictionaryView:
    tables: tuple[Table, ...]
    type_words: dict[str, str]  # a column type in the form's words
    voices: tuple[Voice, ...]
    folder: str  # where the site-wide data package is
    year_folders: tuple[tuple[int, str], ...]  # each year's data package folder, newest first
    downloads: tuple[DownloadLink, ...]


@dataclass(frozen=True, slots=True)
class ApiView:
    index_address: str
    root: str
    version: str
    year_addresses: tuple[str, ...]  # newest first
    newest_year: int | None
    index_example: str
    example_path: str | None  # a project document shown (cut short) as an example
    example: str


@dataclass(frozen=True, slots=True)
class GlossaryView:
    terms: tuple[Term, ...]
