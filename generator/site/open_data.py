"""Everything the site publishes as data, made once per build from the table definitions.

Per department-year: the downloads beside its page and its API documents; per year and for the whole
site: one CSV per table with a datapackage.json, the site-wide workbook and the API indexes. The rows of the
reports and projects tables are kept for the pages that compare across departments (site/data_pages.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from generator.hashing import file_key
from generator.site import api
from generator.rules.audit import AuditReport
from generator.site.datapackage import datapackage_json
from generator.site.build_cache import BuildCache, digest
from generator.site.datasets import RECORD_TABLES, TABLES, Row, Source, department_rows, record_rows
from generator.site.exports import (
    WIDTH_ROWS, Download, csv_body, csv_head, department_year_downloads, row_widths, sheet_rows, table_csv, workbook,
)
from generator.records.loading import Content, LoadedRecord

DATA_FOLDER = "data"


def data_path(year: int | None = None) -> str:
    return DATA_FOLDER if year is None else f"{DATA_FOLDER}/{year}"


@dataclass
class OpenData:
    files: dict[str, bytes] = field(default_factory=dict)
    downloads: dict[tuple[str, int], list[Download]] = field(default_factory=dict)  # per department-year
    site_downloads: list[Download] = field(default_factory=list)
    # file_key of the files above whose key was kept with them (a record's, from the cache), by path.
    keys: dict[str, str] = field(default_factory=dict)
    # The whole site's rows of the tables pages across records read (SUMMARY_TABLES and departments), by name.
    tables: dict[str, list[Row]] = field(default_factory=dict)


# --- What one record's rows alone decide ---------------------------------------------------------------
# A department-year's API documents, its downloads and its rows as CSV lines are made from its rows alone (the
# rows carry every value and address they print), and its rows from the record, its unit, its part of the audit
# and the site's settings: what its origin names (kept_pages.KeptPages.origin). With a build cache all of it is
# kept under the origin, so a correction makes again only the files of its own record, and the other records'
# rows are not even made: only the tables that pages across records read (SUMMARY_TABLES) are kept beside the
# files. Holding every table's rows of a city (64,000 indicator rows at 8,000 projects) was a third of a GB.
OPEN_DATA_CACHE = "data"
YEAR_INDEX_CACHE = "data-years"  # each year's API index, under its records' origins (_year_document)
SUMMARY_TABLES = ("reports", "projects")


@dataclass
class _RecordFiles:
    document: bytes  # the department-year's API document
    projects: dict[str, bytes]  # project code → its API document
    downloads: list[Download]  # beside the department-year page, with their keys
    bodies: dict[str, bytes]  # table name → the record's rows as CSV lines (csv_body)
    sheets: dict[str, bytes]  # table name → the record's rows as worksheet rows (sheet_rows)
    widths: dict[str, list[tuple[int, ...]]]  # table name → its first rows' cell widths (row_widths)
    rows: dict[str, list[Row]]  # the record's rows of SUMMARY_TABLES
    keys: dict[str, str]  # the API documents' file_key, by their addresses


def _make_record_files(tables: dict[str, list[Row]], stem: str, department: str, year: int) -> _RecordFiles:
    document = api.dumps(api.department_year_document(tables))
    projects = {}
    for project in tables["projects"]:
        code = project["项目编码"]
        projects[code] = api.dumps(api.project_document(
            project, *([r for r in tables[t] if r["项目编码"] == code] for t in ("funds", "indicators", "sections"))))
    bodies = {t.name: csv_body(t, tables[t.name]) for t in RECORD_TABLES}
    sheets = {t.name: sheet_rows(t, tables[t.name]) for t in RECORD_TABLES}
    downloads = [replace(d, key=d.file_key()) for d in department_year_downloads(tables, stem, document, sheets)]
    widths = {t.name: row_widths(t, tables[t.name]) for t in RECORD_TABLES}
    addresses = {api.department_year_address(department, year): document,
                 **{api.project_address(department, year, code): data for code, data in projects.items()}}
    return _RecordFiles(document, projects, downloads, bodies, sheets, widths,
                        {name: tables[name] for name in SUMMARY_TABLES},
                        {path: file_key(path, data) for path, data in addresses.items()})


def _record_files(source: Source, loaded: LoadedRecord, stem: str, cache: BuildCache | None, origin: str | None
                  ) -> _RecordFiles:
    department, year = loaded.record.department, loaded.record.year
    if cache is None or origin is None:
        return _make_record_files(record_rows(source, loaded), stem, department, year)
    key = digest(origin, stem)
    stored = cache.get_object(OPEN_DATA_CACHE, key)
    if isinstance(stored, _RecordFiles):
        return stored
    files = _make_record_files(record_rows(source, loaded), stem, department, year)
    cache.put_object(OPEN_DATA_CACHE, key, files)
    return files


def open_data(content: Content, audit: AuditReport, page_url: Callable[[str, int, str | None], str],
              folder_of: Callable[[str, int], str], cache: BuildCache | None = None,
              origin_of: Callable[[LoadedRecord], str | None] = lambda loaded: None) -> OpenData:
    """page_url(code, year, project or None) is a page's address; folder_of(code, year) the folder of its downloads.
    cache: where a record's files are kept between builds (see above), or None; origin_of(record): its origin, or
    None when it cannot be named (its files are then made again)."""
    source = Source(content, audit, page_url)
    out = OpenData()
    by_year: dict[int, dict[str, list[Row]]] = defaultdict(lambda: {name: [] for name in SUMMARY_TABLES})
    bodies: dict[int, dict[str, list[bytes]]] = defaultdict(lambda: {t.name: [] for t in RECORD_TABLES})
    sheets: dict[str, list[bytes]] = {t.name: [] for t in RECORD_TABLES}  # the whole site's, in its rows' order
    widths: dict[str, list[tuple[int, ...]]] = {t.name: [] for t in RECORD_TABLES}  # of the site's first rows
    origins: dict[int, list[str | None]] = defaultdict(list)  # each year's records' origins, in its rows' order
    for loaded in sorted(content.records, key=lambda r: (-r.record.year, content.department(r.record).order, r.record.department)):
        record = loaded.record
        stem = f"{folder_of(record.department, record.year)}/{record.department}-{record.year}"
        origins[record.year].append(origin_of(loaded))
        files = _record_files(source, loaded, stem, cache, origins[record.year][-1])
        for name, rows in files.rows.items():
            by_year[record.year][name] += rows
        out.files[api.department_year_address(record.department, record.year)] = files.document
        for code, document in files.projects.items():
            out.files[api.project_address(record.department, record.year, code)] = document
        out.downloads[(record.department, record.year)] = files.downloads
        out.keys.update(files.keys)
        for name, body in files.bodies.items():
            bodies[record.year][name].append(body)
        for name, rows_xml in files.sheets.items():
            sheets[name].append(rows_xml)
        for name, first in files.widths.items():
            if len(widths[name]) < WIDTH_ROWS:
                widths[name] += first[:WIDTH_ROWS - len(widths[name])]

    site_name = content.settings.site_name
    whole: dict[str, list[Row]] = {name: [] for name in SUMMARY_TABLES}
    whole_bodies: dict[str, list[bytes]] = {t.name: [] for t in RECORD_TABLES}
    years = sorted(by_year, reverse=True)
    for year in years:
        tables = by_year[year]
        tables["departments"] = department_rows(content, {r["单位编码"] for r in tables["reports"]})
        for name in SUMMARY_TABLES:
            whole[name] += tables[name]
        for name in whole_bodies:
            whole_bodies[name] += bodies[year][name]
        _package(out, tables, bodies[year], data_path(year), f"jixiao-{year}", f"{site_name} {year}年度数据",
                 f"{year}年度各单位决算公开绩效情况说明中的项目支出绩效自评数据。")
        out.files[api.year_address(year)] = _year_document(year, tables, cache, origins[year])
    whole["departments"] = department_rows(content)
    out.tables = whole
    package = _package(out, whole, whole_bodies, data_path(), "jixiao", f"{site_name} 全部数据",
                       "本站收录的全部年度、全部单位的决算公开绩效情况说明数据。")
    xlsx = workbook(whole, f"{data_path()}/all.xlsx", "Excel（全部年度、全部单位）", sheets, widths)
    out.files[xlsx.path] = xlsx.data
    csvs = {d.path.rsplit("/", 1)[1]: d for d in package}
    out.site_downloads = [xlsx, csvs["projects.csv"], csvs["indicators.csv"],
                          Download(f"{data_path()}/datapackage.json", "数据包说明（datapackage.json）",
                                   out.files[f"{data_path()}/datapackage.json"])]
    out.files[api.index_address()] = api.dumps(api.index_document(
        [(y, len(by_year[y]["reports"]), len(by_year[y]["projects"])) for y in years], site_name))
    return out


def _year_document(year: int, tables: dict[str, list[Row]], cache: BuildCache | None, origins: list[str | None]
                   ) -> bytes:
    """A year's API index, made from its records' rows alone: with a cache kept under their origins, so that a
    correction writes again its own year's (JSON with an indent is written by Python's slow encoder: 0.5 s a
    city's build for its 8 years)."""
    def make() -> bytes:
        projects: dict[str, list[Row]] = defaultdict(list)
        for p in tables["projects"]:
            projects[p["单位编码"]].append(p)
        return api.dumps(api.year_document(year, [(r, projects[r["单位编码"]]) for r in tables["reports"]]))

    if cache is None or None in origins:
        return make()
    key = digest("year document", str(year), *origins)  # type: ignore[arg-type]
    stored = cache.get_object(YEAR_INDEX_CACHE, key)
    if isinstance(stored, bytes):
        return stored
    document = make()
    cache.put_object(YEAR_INDEX_CACHE, key, document)
    return document


def _package(out: OpenData, tables: dict[str, list[Row]], bodies: dict[str, list[bytes]], folder: str, name: str,
             title: str, description: str) -> list[Download]:
    """One CSV per table and a datapackage.json; a record table's CSV is its records' CSV lines (bodies) joined."""
    files = [Download(f"{folder}/{t.name}.csv", f"CSV（{t.title}）",
                      csv_head(t) + b"".join(bodies[t.name]) if t.name in bodies else table_csv(t, tables[t.name]))
             for t in TABLES]
    for f in files:
        out.files[f.path] = f.data
    out.files[f"{folder}/datapackage.json"] = datapackage_json(name, title, description)
    return files
