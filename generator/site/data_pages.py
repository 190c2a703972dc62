"""The pages about the data and across it: the data dictionary, the JSON API, the glossary, the coverage
matrix and each year's comparison of projects across departments.

Made from the same rows as the downloads (generator/site/open_data.py), so a page and a file never disagree.
The comparison is a plain table that works without JavaScript, split into pages of PAGE_SIZE rows so a
phone never loads a city's year at once; assets/compare.js adds sorting and filtering over the whole year
by fetching the year's compact rows file only when the reader first sorts or filters.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal

from generator.records.loading import Content
from generator.site import api
from generator.site.datasets import TABLES, Row, Voice
from generator.site.kept_pages import KeptPages
from generator.site.open_data import OpenData, data_path
from generator.site.page_tree import NavItem, Page, PageTree, file_bytes
from generator.site.paths import department_year_path, project_path
from generator.site.rendering import page_url, render
from generator.site.terms import GLOSSARY
from generator.site.views.data import (
    ApiView, CompareIndexView, CompareRow, CompareView, DictionaryView, GlossaryView, coverage_view,
)
from generator.site.views.frame import SiteFrame, download_links

PAGE_SIZE = 100  # rows of the comparison table per page, with and without JavaScript


def dictionary_path() -> str:
    return "data/index.md"


def api_page_path() -> str:
    return "api/index.md"


def glossary_path() -> str:
    return "glossary/index.md"


def coverage_path() -> str:
    return "compare/coverage.md"


def compare_index_path() -> str:
    return "compare/index.md"


def compare_path(year: int, page: int = 1) -> str:
    return f"compare/{year}/index.md" if page == 1 else f"compare/{year}/{page}.md"


def compare_rows_path(year: int) -> str:
    return f"compare/{year}/rows.json"


TYPE_WORDS = {"string": "文字", "integer": "整数", "number": "数值", "boolean": "是/否", "date": "日期"}


def compare_rows(content: Content, projects: list[Row], project_page: Callable[[str, int, str], str],
                 record_page: Callable[[str, int], str]) -> list[CompareRow]:
    out = []
    for p in projects:
        department = content.departments[p["单位编码"]]
        computed = p["本站计算执行率（%）"]
        out.append(CompareRow(
            name=p["项目名称"], page=project_page(p["单位编码"], p["年度"], p["项目编码"]),
            department=department.short_name or department.full_name, department_code=department.code,
            department_page=record_page(department.code, p["年度"]),
            budget=p["全年预算数（万元）"], executed=p["全年执行数（万元）"],
            rate_text=p["执行率（原文）"].strip(), rate=computed, score=p["自评得分（分）"], grade=p["等级"],
            recomputed=p["本站复算总分（分）"], gap=p["自评得分减本站复算总分（分）"], findings=p["本站检查提示数（处）"],
        ))
    return out


def rows_json(rows: list[CompareRow]) -> bytes:
    """The year's rows for assets/compare.js: compact arrays, figures as exact text, page addresses from the site root."""
    departments: dict[str, int] = {}
    names: list[list[str]] = []
    packed = []
    for r in rows:
        if r.department_code not in departments:
            departments[r.department_code] = len(names)
            names.append([r.department, page_url(r.department_page)])
        fig = lambda v: None if v is None else f"{v:f}"  # noqa: E731
        packed.append([r.name, page_url(r.page), departments[r.department_code], fig(r.budget), fig(r.executed),
                       r.rate_text, fig(r.rate), fig(r.score), r.grade, fig(r.recomputed), fig(r.gap), r.findings])
    document = {"版本": 1, "列": ["项目名称", "网页地址", "单位", "全年预算数（万元）", "全年执行数（万元）", "执行率（原文）",
                                   "本站计算执行率（%）", "自评得分（分）", "等级", "本站复算总分（分）", "自评得分减本站复算总分（分）",
                                   "本站检查提示数（处）"],
                "单位": names, "项目": packed}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def add_data_pages(tree: PageTree, content: Content, data: OpenData, years: list[int], site: SiteFrame,
                   kept: KeptPages | None = None) -> list[NavItem]:
    """Adds the pages and the rows files; returns the navigation entries for them. kept: page bodies kept between
    builds (kept_pages.py), each under its whole view: a city's 85 comparison pages were rendered again by every
    correction, though it changes one row of one of them."""
    public = content.settings.public_findings
    by_year: dict[int, list[Row]] = {year: [] for year in years}
    for p in data.tables["projects"]:
        by_year[p["年度"]].append(p)

    def add(path: str, title: str, template: str, view: object, article: str | None = None) -> None:
        meta = site.meta("比较与数据", article or title)

        def body() -> str:
            return render(template, path, page=view, site=site)

        tree.add(Page(path, title, kept.body(path, template, meta, [repr(view)], body) if kept else body(), meta=meta))

    compare_years = []
    for year in years:
        rows = compare_rows(content, by_year[year], project_path, department_year_path)
        tree.add_file(compare_rows_path(year), rows_json(rows))
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        compare_years.append((year, len(rows), len({r.department_code for r in rows})))
        page_paths = tuple(compare_path(year, n) for n in range(1, pages + 1))
        for number in range(1, pages + 1):
            add(compare_path(year, number), f"{year}年度项目比较", "compare.md.j2", CompareView(
                year, tuple(rows[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]), len(rows), number, page_paths,
                (number - 1) * PAGE_SIZE + 1, PAGE_SIZE, public, compare_rows_path(year), f"{data_path(year)}/projects.csv",
            ))

    add(compare_index_path(), "比较与数据", "compare_index.md.j2", CompareIndexView(tuple(compare_years)))

    reports = {(r["单位编码"], r["年度"]): r for r in data.tables["reports"]}
    departments = sorted(content.departments.values(), key=lambda d: (d.order, d.code))
    add(coverage_path(), "各单位公开情况", "coverage.md.j2", coverage_view(departments, years, reports, department_year_path))

    add(dictionary_path(), "开放数据与数据字典", "dictionary.md.j2", DictionaryView(
        TABLES, TYPE_WORDS, tuple(Voice), data_path(), tuple((year, data_path(year)) for year in years),
        download_links(data.site_downloads),
    ))

    example_path = next((a for a in data.files if a.startswith(f"{api.ROOT}/") and a.count("/") == 4), None)
    add(api_page_path(), "数据接口（JSON）", "api.md.j2", ApiView(
        api.index_address(), api.ROOT, api.VERSION, tuple(api.year_address(year) for year in years),
        years[0] if years else None, data.files[api.index_address()].decode("utf-8"),
        example_path, _example(file_bytes(data.files[example_path])) if example_path else "",
    ))

    add(glossary_path(), "术语解释", "glossary.md.j2", GlossaryView(GLOSSARY))

    return [NavItem("比较与数据", compare_index_path())]


def _example(document: bytes, indicators: int = 1) -> str:
    """A project document cut to its first indicator and report section, so the page shows its shape briefly."""
    parsed = json.loads(document, parse_float=Decimal)
    parsed["绩效指标"] = parsed["绩效指标"][:indicators]
    parsed["自评报告"] = parsed["自评报告"][:1]
    return api.dumps(parsed).decode("utf-8")
