"""Everything the site publishes as data, made once per build from the table definitions.

Per department-year: the downloads beside its page and its API documents; per year and for the whole
site: one CSV per table with a datapackage.json, the site-wide workbook and the API indexes. The rows of the
reports and projects tables are kept for the pages that compare across departments (site/data_pages.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial

from generator.hashing import file_key
from generator.site import api
from generator.rules.audit import AuditReport
from generator.site.datapackage import datapackage_json
from generator.site.build_cache import PUBLISHED_FILES, BuildCache, digest
from generator.site.page_tree import KeptFile, file_bytes
from generator.site.datasets import RECORD_TABLES, TABLES, Row, Source, department_rows, record_rows
from generator.site.exports import (
    WIDTH_ROWS, Download, csv_body, csv_head, department_year_downloads, row_widths, sheet_rows, table_csv, workbook,
)
from generator.records.loading import Content, LoadedRecord
from generator.site.zip_parts import Deflated, deflated

DATA_FOLDER = "data"


def data_path(year: int | None = None) -> str:
    return DATA_FOLDER if year is None else f"{DATA_FOLDER}/{year}"


@dataclass
class OpenData:
    files: dict[str, bytes | KeptFile] = field(default_factory=dict)
    downloads: dict[tuple[str, int], list[Download]] = field(default_factory=dict)  # per department-year
    site_downloads: list[Download] = field(default_factory=list)
    # file_key of the files above whose key was kept with them (a record's, from the cache), by path.
    keys: dict[str, str] = field(default_factory=dict)
    # The records' API documents: no page links to them (the API's page shows one as an example, as text).
    unlinked: set[str] = field(default_factory=set)
    # The whole site's rows of the tables pages across records read (SUMMARY_TABLES and departments), by name.
    tables: dict[str, list[Row]] = field(default_factory=dict)


# --- What one record's rows alone decide ---------------------------------------------------------------
# A department-year's API documents, its downloads and its rows as CSV lines are made from its rows alone (the
# rows carry every value and address they print), and its rows from the record, its unit, its part of the audit
# and the site's settings: what its origin names (kept_pages.KeptPages.origin). With a build cache all of it is
# kept under the origin, so a correction makes again only the files of its own record, and the other records'
# rows are not even made. What every build reads of each record is small (_RecordData: its files by key and size,
# and the rows pages across records read, SUMMARY_TABLES); its files' bytes are kept as published files, which the
# engine links into the site by their keys, and its CSV lines and worksheet rows apart (_RecordLines), read only
# when its year's tables are made again. Reading all of it for every record was 340 MB and a second of each
# correction of a city; holding every table's rows (64,000 indicator rows at 8,000 projects) a third of a GB.
OPEN_DATA_CACHE = "data"
RECORD_LINES_CACHE = "data-lines"
# A year's API index and its records' lines joined, under its records' origins: a correction makes again its own
# year's (JSON with an indent is written by Python's slow encoder), and no other year's records' lines are read.
YEAR_DATA_CACHE = "data-years"
SUMMARY_TABLES = ("reports", "projects")


@dataclass
class _RecordData:
    files: dict[str, tuple[str, int]]  # its API documents and downloads: site path → (file_key, size in bytes)
    downloads: list[tuple[str, str]]  # (path, label) of the downloads beside the department-year page, in order
    widths: dict[str, list[tuple[int, ...]]]  # table name → its first rows' cell widths (row_widths)
    rows: dict[str, list[Row]]  # the record's rows of SUMMARY_TABLES


@dataclass
class _RecordLines:
    bodies: dict[str, bytes]  # table name → the record's rows as CSV lines (csv_body)
    sheets: dict[str, bytes]  # table name → the record's rows as worksheet rows (sheet_rows)


@dataclass
class _YearData:
    document: bytes  # the year's API index
    bodies: dict[str, bytes]  # table name → its records' CSV lines, joined in its rows' order
    sheets: dict[str, Deflated]  # table name → its records' worksheet rows, joined likewise and compressed


@dataclass
class _Record:
    """One record's data in this build: what is read of it, its files (bytes, or kept ones read when asked), and
    its lines, made or read when asked."""

    data: _RecordData
    payloads: dict[str, bytes | KeptFile]
    lines: Callable[[], _RecordLines]

    def downloads(self) -> list[Download]:
        """The downloads beside the record's page, in order."""
        return [Download(path, label, self.payloads[path], self.data.files[path][0])
                for path, label in self.data.downloads]


def _stem(folder_of: Callable[[str, int], str], loaded: LoadedRecord) -> str:
    return f"{folder_of(loaded.head.department, loaded.head.year)}/{loaded.head.department}-{loaded.head.year}"


def record_downloads(content: Content, audit: AuditReport, page_url: Callable[[str, int, str | None], str],
                     folder_of: Callable[[str, int], str], cache: BuildCache, loaded: LoadedRecord, origin: str
                     ) -> list[Download]:
    """One record's downloads, as open_data() makes them (its data made and kept in the cache, or taken from there):
    for a worker that makes records' data and pages into the cache beside the build (pages.py)."""
    return _Records(Source(content, audit, page_url), cache).get(loaded, _stem(folder_of, loaded), origin).downloads()


def _make(tables: dict[str, list[Row]], stem: str, department: str, year: int
          ) -> tuple[_RecordData, _RecordLines, dict[str, bytes]]:
    document = api.dumps(api.department_year_document(tables))
    payloads = {api.department_year_address(department, year): document}
    for project in tables["projects"]:
        code = project["项目编码"]
        payloads[api.project_address(department, year, code)] = api.dumps(api.project_document(
            project, *([r for r in tables[t] if r["项目编码"] == code] for t in ("funds", "indicators", "sections"))))
    bodies = {t.name: csv_body(t, tables[t.name]) for t in RECORD_TABLES}
    sheets = {t.name: sheet_rows(t, tables[t.name]) for t in RECORD_TABLES}
    downloads = department_year_downloads(tables, stem, document, sheets)
    payloads.update((d.path, d.data) for d in downloads)
    data = _RecordData({path: (file_key(path, data), len(data)) for path, data in payloads.items()},
                       [(d.path, d.label) for d in downloads],
                       {t.name: row_widths(t, tables[t.name]) for t in RECORD_TABLES},
                       {name: tables[name] for name in SUMMARY_TABLES})
    return data, _RecordLines(bodies, sheets), payloads


class _Records:
    """Each record's data, made or taken from the cache under its origin."""

    def __init__(self, source: Source, cache: BuildCache | None):
        self.source, self.cache = source, cache

    def get(self, loaded: LoadedRecord, stem: str, origin: str | None) -> _Record:
        department, year = loaded.head.department, loaded.head.year

        @lru_cache(maxsize=None)
        def make() -> tuple[_RecordData, _RecordLines, dict[str, bytes]]:  # once, however many ask
            return _make(record_rows(self.source, loaded), stem, department, year)

        if self.cache is None or origin is None:
            data, lines, payloads = make()
            return _Record(data, dict(payloads), lambda: lines)
        key = digest(origin, stem)
        stored = self.cache.get_object(OPEN_DATA_CACHE, key)
        if isinstance(stored, _RecordData):
            self.cache.entry(RECORD_LINES_CACHE, key)  # kept by pruning though a correction may not read them
            kept = {path: KeptFile(file, size, partial(self._published, file, path, make))
                    for path, (file, size) in stored.files.items()}
            return _Record(stored, kept, partial(self._lines, key, make))
        data, lines, payloads = make()
        for path, payload in payloads.items():
            if self.cache.get(PUBLISHED_FILES, data.files[path][0]) is None:
                self.cache.put(PUBLISHED_FILES, data.files[path][0], payload)
        self.cache.put_object(RECORD_LINES_CACHE, key, lines)
        self.cache.put_object(OPEN_DATA_CACHE, key, data)  # last: it says that the others are there
        return _Record(data, dict(payloads), lambda: lines)

    def _published(self, file: str, path: str, make: Callable[[], tuple]) -> bytes:
        """A kept file's bytes: its published entry, or the record's files made again if that is gone."""
        entry = self.cache.get(PUBLISHED_FILES, file) if self.cache is not None else None
        if entry is not None:
            try:
                return entry.read_bytes()
            except OSError:
                pass
        return make()[2][path]

    def _lines(self, key: str, make: Callable[[], tuple]) -> _RecordLines:
        stored = self.cache.get_object(RECORD_LINES_CACHE, key) if self.cache is not None else None
        return stored if isinstance(stored, _RecordLines) else make()[1]


def open_data(content: Content, audit: AuditReport, page_url: Callable[[str, int, str | None], str],
              folder_of: Callable[[str, int], str], cache: BuildCache | None = None,
              origin_of: Callable[[LoadedRecord], str | None] = lambda loaded: None) -> OpenData:
    """page_url(code, year, project or None) is a page's address; folder_of(code, year) the folder of its downloads.
    cache: where a record's files are kept between builds (see above), or None; origin_of(record): its origin, or
    None when it cannot be named (its files are then made again)."""
    records = _Records(Source(content, audit, page_url), cache)
    out = OpenData()
    by_year: dict[int, dict[str, list[Row]]] = defaultdict(lambda: {name: [] for name in SUMMARY_TABLES})
    of_year: dict[int, list[_Record]] = defaultdict(list)
    widths: dict[str, list[tuple[int, ...]]] = {t.name: [] for t in RECORD_TABLES}  # of the site's first rows
    origins: dict[int, list[str | None]] = defaultdict(list)  # each year's records' origins, in its rows' order
    for loaded in sorted(content.records, key=lambda r: (-r.head.year, content.department(r.head).order, r.head.department)):
        record = loaded.head
        origins[record.year].append(origin_of(loaded))
        made = records.get(loaded, _stem(folder_of, loaded), origins[record.year][-1])
        of_year[record.year].append(made)
        for name, rows in made.data.rows.items():
            by_year[record.year][name] += rows
        downloads = made.downloads()
        out.downloads[(record.department, record.year)] = downloads
        published_beside = {d.path for d in downloads}  # by the record's pages (pages.record_pages)
        for path, payload in made.payloads.items():
            if path not in published_beside:
                out.files[path] = payload
                out.keys[path] = made.data.files[path][0]
                out.unlinked.add(path)
        for name, first in made.data.widths.items():
            if len(widths[name]) < WIDTH_ROWS:
                widths[name] += first[:WIDTH_ROWS - len(widths[name])]

    site_name = content.settings.site_name
    whole: dict[str, list[Row]] = {name: [] for name in SUMMARY_TABLES}
    whole_bodies: dict[str, list[bytes]] = {t.name: [] for t in RECORD_TABLES}
    sheets: dict[str, list[Deflated]] = {t.name: [] for t in RECORD_TABLES}  # the whole site's, a part a year
    years = sorted(by_year, reverse=True)
    for year in years:
        tables = by_year[year]
        tables["departments"] = department_rows(content, {r["单位编码"] for r in tables["reports"]})
        for name in SUMMARY_TABLES:
            whole[name] += tables[name]
        year_data = _year_data(year, tables, of_year[year], cache, origins[year])
        for name in whole_bodies:
            whole_bodies[name].append(year_data.bodies[name])
            sheets[name].append(year_data.sheets[name])
        _package(out, tables, {name: [lines] for name, lines in year_data.bodies.items()}, data_path(year),
                 f"jixiao-{year}", f"{site_name} {year}年度数据", f"{year}年度各单位决算公开绩效情况说明中的项目支出绩效自评数据。")
        out.files[api.year_address(year)] = year_data.document
    whole["departments"] = department_rows(content)
    out.tables = whole
    package = _package(out, whole, whole_bodies, data_path(), "jixiao", f"{site_name} 全部数据",
                       "本站收录的全部年度、全部单位的决算公开绩效情况说明数据。")
    xlsx = workbook(whole, f"{data_path()}/all.xlsx", "Excel（全部年度、全部单位）", sheets, widths)
    out.files[xlsx.path] = xlsx.data
    csvs = {d.path.rsplit("/", 1)[1]: d for d in package}
    out.site_downloads = [xlsx, csvs["projects.csv"], csvs["indicators.csv"],
                          Download(f"{data_path()}/datapackage.json", "数据包说明（datapackage.json）",
                                   file_bytes(out.files[f"{data_path()}/datapackage.json"]))]
    out.files[api.index_address()] = api.dumps(api.index_document(
        [(y, len(by_year[y]["reports"]), len(by_year[y]["projects"])) for y in years], site_name))
    return out


def _year_data(year: int, tables: dict[str, list[Row]], records: list[_Record], cache: BuildCache | None,
               origins: list[str | None]) -> _YearData:
    """A year's API index and its records' lines joined: made from its records alone, so kept under their origins."""
    def make() -> _YearData:
        projects: dict[str, list[Row]] = defaultdict(list)
        for p in tables["projects"]:
            projects[p["单位编码"]].append(p)
        document = api.dumps(api.year_document(year, [(r, projects[r["单位编码"]]) for r in tables["reports"]]))
        lines = [record.lines() for record in records]
        return _YearData(document, {t.name: b"".join(line.bodies[t.name] for line in lines) for t in RECORD_TABLES},
                         {t.name: deflated(b"".join(line.sheets[t.name] for line in lines)) for t in RECORD_TABLES})

    if cache is None or None in origins:
        return make()
    key = digest("year data", str(year), *origins)  # type: ignore[arg-type]
    stored = cache.get_object(YEAR_DATA_CACHE, key)
    if isinstance(stored, _YearData):
        return stored
    made = make()
    cache.put_object(YEAR_DATA_CACHE, key, made)
    return made


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
