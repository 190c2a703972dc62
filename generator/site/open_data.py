"""Everything the site publishes as data, made once per build from the table definitions.

Per department-year: the downloads beside its page and its API documents; per year and for the whole
site: one CSV per table with a datapackage.json, the site-wide workbook and the API indexes. The rows are
kept for the views that compare across departments (generator/comparison.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.site import api
from generator.rules.audit import AuditReport
from generator.site.datapackage import datapackage_json
from generator.site.datasets import RECORD_TABLES, Row, Source, department_rows, record_rows
from generator.site.exports import Download, department_year_downloads, table_csv, workbook
from generator.records.loading import Content

DATA_FOLDER = "data"


def data_path(year: int | None = None) -> str:
    return DATA_FOLDER if year is None else f"{DATA_FOLDER}/{year}"


@dataclass
class OpenData:
    files: dict[str, bytes] = field(default_factory=dict)
    downloads: dict[tuple[str, int], list[Download]] = field(default_factory=dict)  # per department-year
    site_downloads: list[Download] = field(default_factory=list)
    tables: dict[str, list[Row]] = field(default_factory=dict)  # the whole site's rows, by table name


def open_data(content: Content, audit: AuditReport, page_url: Callable[[str, int, str | None], str],
              folder_of: Callable[[str, int], str]) -> OpenData:
    """page_url(code, year, project or None) is a page's address; folder_of(code, year) the folder of its downloads."""
    source = Source(content, audit, page_url)
    out = OpenData()
    by_year: dict[int, dict[str, list[Row]]] = defaultdict(lambda: {t.name: [] for t in RECORD_TABLES})
    for loaded in sorted(content.records, key=lambda r: (-r.record.year, content.department(r.record).order, r.record.department)):
        record = loaded.record
        tables = record_rows(source, loaded)
        for name, rows in tables.items():
            by_year[record.year][name] += rows
        document = api.dumps(api.department_year_document(tables))
        out.files[api.department_year_address(record.department, record.year)] = document
        for project in tables["projects"]:
            code = project["项目编码"]
            out.files[api.project_address(record.department, record.year, code)] = api.dumps(api.project_document(
                project, *([r for r in tables[t] if r["项目编码"] == code] for t in ("funds", "indicators", "sections"))))
        stem = f"{folder_of(record.department, record.year)}/{record.department}-{record.year}"
        out.downloads[(record.department, record.year)] = department_year_downloads(tables, stem, document)

    site_name = content.settings.site_name
    whole: dict[str, list[Row]] = {t.name: [] for t in RECORD_TABLES}
    years = sorted(by_year, reverse=True)
    for year in years:
        tables = by_year[year]
        tables["departments"] = department_rows(content, {r["单位编码"] for r in tables["reports"]})
        for name in whole:
            whole[name] += tables[name]
        _package(out, tables, data_path(year), f"jixiao-{year}", f"{site_name} {year}年度数据",
                 f"{year}年度各单位决算公开绩效情况说明中的项目支出绩效自评数据。")
        out.files[api.year_address(year)] = api.dumps(api.year_document(year, [
            (r, [p for p in tables["projects"] if p["单位编码"] == r["单位编码"]]) for r in tables["reports"]]))
    whole["departments"] = department_rows(content)
    out.tables = whole
    package = _package(out, whole, data_path(), "jixiao", f"{site_name} 全部数据",
                       "本站收录的全部年度、全部单位的决算公开绩效情况说明数据。")
    xlsx = workbook(whole, f"{data_path()}/all.xlsx", "Excel（全部年度、全部单位）")
    out.files[xlsx.path] = xlsx.data
    csvs = {d.path.rsplit("/", 1)[1]: d for d in package}
    out.site_downloads = [xlsx, csvs["projects.csv"], csvs["indicators.csv"],
                          Download(f"{data_path()}/datapackage.json", "数据包说明（datapackage.json）",
                                   out.files[f"{data_path()}/datapackage.json"])]
    out.files[api.index_address()] = api.dumps(api.index_document(
        [(y, len(by_year[y]["reports"]), len(by_year[y]["projects"])) for y in years], site_name))
    return out


def _package(out: OpenData, tables: dict[str, list[Row]], folder: str, name: str, title: str, description: str) -> list[Download]:
    from generator.site.datasets import TABLES

    files = [Download(f"{folder}/{t.name}.csv", f"CSV（{t.title}）", table_csv(t, tables[t.name])) for t in TABLES]
    for f in files:
        out.files[f.path] = f.data
    out.files[f"{folder}/datapackage.json"] = datapackage_json(name, title, description)
    return files
