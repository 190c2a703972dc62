"""The URL layout: where every page and file of the site lives.

ASCII and stable: derived only from the year and the codes authors chose, so a page keeps its address for
good. Content paths (2024/a/index.md) are what the page tree holds; `page_url` is where one is served.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.records.model import OVERALL_PAGE
from generator.site.rendering import page_url as served_at


def home_path() -> str:
    return "index.md"


def years_path() -> str:
    return "years/index.md"


def departments_path() -> str:
    return "departments/index.md"


def year_path(year: int) -> str:
    return f"{year}/index.md"


def department_path(code: str) -> str:
    return f"departments/{code}.md"


def department_year_path(code: str, year: int) -> str:
    return f"{year}/{code}/index.md"


def project_path(code: str, year: int, project_code: str) -> str:
    return f"{year}/{code}/{project_code}.md"


def overall_path(code: str, year: int) -> str:
    """The 部门整体支出绩效自评表 beside the year's projects (its name is a reserved project code)."""
    return f"{year}/{code}/{OVERALL_PAGE}.md"


def record_folder(code: str, year: int) -> str:
    """The folder of a department-year's pages, where its downloads and the unit's own files sit."""
    return department_year_path(code, year).rsplit("/", 1)[0]


def page_url(code: str, year: int, project_code: str | None = None) -> str:
    """A page's address relative to the site root, as the data files and the API give it."""
    return served_at(department_year_path(code, year) if project_code is None else project_path(code, year, project_code))


def scoring_path() -> str:
    return "scoring/index.md"


def audit_path() -> str:
    """数据核查结果: the overview of the site's findings, with a page for each year below it."""
    return "audit/index.md"


def audit_year_path(year: int) -> str:
    """A year's findings, unit by unit: the page a record's 数据核查结果 links point to."""
    return f"audit/{year}/index.md"


def audit_anchor(code: str, year: int) -> str:
    """The id of a department-year's part of its year's findings page (codes are ASCII, so the id is stable;
    it keeps the year, so links made when every year was on one page still name the same unit and year)."""
    return f"jx-{year}-{code}"


def updates_path() -> str:
    return "updates/index.md"


def feed_path() -> str:
    return "feed.xml"


@dataclass(frozen=True, slots=True)
class Paths:
    """The layout as the templates use it (`site.paths.project(code, year, p)`).

    A withdrawn record's year or unit may have no live page left: `live_years` / `live_units`, when given,
    say which do, and `year()` / `department()` give None for the others (the template prints text, no link)."""

    live_years: frozenset[int] | None = None
    live_units: frozenset[str] | None = None

    def home(self) -> str:
        return home_path()

    def years(self) -> str:
        return years_path()

    def departments(self) -> str:
        return departments_path()

    def year(self, year: int) -> str | None:
        return year_path(year) if self.live_years is None or year in self.live_years else None

    def department(self, code: str) -> str | None:
        return department_path(code) if self.live_units is None or code in self.live_units else None

    def department_year(self, code: str, year: int) -> str:
        return department_year_path(code, year)

    def project(self, code: str, year: int, project_code: str) -> str:
        return project_path(code, year, project_code)

    def overall(self, code: str, year: int) -> str:
        return overall_path(code, year)

    def updates(self) -> str:
        return updates_path()

    def scoring(self) -> str:
        return scoring_path()

    def audit(self) -> str:
        return audit_path()

    def audit_year(self, year: int) -> str:
        return audit_year_path(year)

    def audit_anchor(self, code: str, year: int) -> str:
        return audit_anchor(code, year)
