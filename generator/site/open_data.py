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
from generator.site.build_cache import BuildCache, digest
from generator.site.datasets import RECORD_TABLES, TABLES, Row, Source, department_rows, record_rows
from generator.site.exports import (
    Download, csv_body, csv_head, department_year_downloads, sheet_rows, table_csv, workbook,
)
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


# --- What one record's rows alone decide ---------------------------------------------------------------
# A department-year's API documents, its downloads and its rows as CSV lines are made from its rows alone (the
# rows carry every value and address they print). With a build cache they are kept under a hash of the rows
# and of generator/'s code, so a corrected figure writes again only the files of its own record.
OPEN_DATA_CACHE = "data"


@dataclass
class _RecordFiles:
    document: bytes  # the department-year's API document
    projects: dict[str, bytes]  # project code → its API document
    downloads: list[tuple[str, str, bytes]]  # (path, label, bytes) beside the department-year page
    bodies: dict[str, bytes]  # table name → the record's rows as CSV lines (csv_body)
    sheets: dict[str, bytes]  # table name → the record's rows as worksheet rows (sheet_rows)


def _make_record_files(tables: dict[str, list[Row]], stem: str) -> _RecordFiles:
    document = api.dumps(api.department_year_document(tables))
    projects = {}
    for project in tables["projects"]:
        code = project["项目编码"]
        projects[code] = api.dumps(api.project_document(
            project, *([r for r in tables[t] if r["项目编码"] == code] for t in ("funds", "indicators", "sections"))))
    bodies = {t.name: csv_body(t, tables[t.name]) for t in RECORD_TABLES}
    sheets = {t.name: sheet_rows(t, tables[t.name]) for t in RECORD_TABLES}
    downloads = [(d.path, d.label, d.data) for d in department_year_downloads(tables, stem, document, sheets)]
    return _RecordFiles(document, projects, downloads, bodies, sheets)


def _pack(files: _RecordFiles) -> bytes:
    """The files as one blob of (name, bytes) items, each length-prefixed (no pickle: the cache is only data)."""
    items = [("document", files.document), *((f"project\0{c}", d) for c, d in files.projects.items()),
             *((f"download\0{path}\0{label}", d) for path, label, d in files.downloads),
             *((f"body\0{name}", d) for name, d in files.bodies.items()),
             *((f"sheet\0{name}", d) for name, d in files.sheets.items())]
    out = []
    for name, data in items:
        raw = name.encode("utf-8")
        out += [len(raw).to_bytes(4, "little"), raw, len(data).to_bytes(8, "little"), data]
    return b"".join(out)


def _unpack(blob: bytes) -> _RecordFiles:
    files = _RecordFiles(b"", {}, [], {}, {})
    i = 0
    while i < len(blob):
        size = int.from_bytes(blob[i:i + 4], "little")
        name = blob[i + 4:i + 4 + size].decode("utf-8")
        i += 4 + size
        size = int.from_bytes(blob[i:i + 8], "little")
        data = blob[i + 8:i + 8 + size]
        i += 8 + size
        kind, _, rest = name.partition("\0")
        if kind == "document":
            files.document = data
        elif kind == "project":
            files.projects[rest] = data
        elif kind == "download":
            path, _, label = rest.partition("\0")
            files.downloads.append((path, label, data))
        elif kind == "sheet":
            files.sheets[rest] = data
        else:
            files.bodies[rest] = data
    return files


def _record_files(tables: dict[str, list[Row]], stem: str, cache: BuildCache | None, code_key: str) -> _RecordFiles:
    if cache is None:
        return _make_record_files(tables, stem)
    # repr() writes every value with its type and digits (Decimal('20.370') is not Decimal('20.37')), in the
    # rows' own order; a value whose repr were not its content could only make the key miss, never match wrongly.
    key = digest(code_key, stem, repr(tables))
    stored = cache.get(OPEN_DATA_CACHE, key)
    if stored is not None:
        return _unpack(stored.read_bytes())
    files = _make_record_files(tables, stem)
    cache.put(OPEN_DATA_CACHE, key, _pack(files))
    return files


def open_data(content: Content, audit: AuditReport, page_url: Callable[[str, int, str | None], str],
              folder_of: Callable[[str, int], str], cache: BuildCache | None = None) -> OpenData:
    """page_url(code, year, project or None) is a page's address; folder_of(code, year) the folder of its downloads.
    cache: where a record's files are kept between builds (see above), or None."""
    source = Source(content, audit, page_url)
    out = OpenData()
    code_key = cache.code_key if cache is not None else ""
    by_year: dict[int, dict[str, list[Row]]] = defaultdict(lambda: {t.name: [] for t in RECORD_TABLES})
    bodies: dict[int, dict[str, list[bytes]]] = defaultdict(lambda: {t.name: [] for t in RECORD_TABLES})
    sheets: dict[str, list[bytes]] = {t.name: [] for t in RECORD_TABLES}  # the whole site's, in its rows' order
    for loaded in sorted(content.records, key=lambda r: (-r.record.year, content.department(r.record).order, r.record.department)):
        record = loaded.record
        tables = record_rows(source, loaded)
        for name, rows in tables.items():
            by_year[record.year][name] += rows
        stem = f"{folder_of(record.department, record.year)}/{record.department}-{record.year}"
        files = _record_files(tables, stem, cache, code_key)
        out.files[api.department_year_address(record.department, record.year)] = files.document
        for code, document in files.projects.items():
            out.files[api.project_address(record.department, record.year, code)] = document
        out.downloads[(record.department, record.year)] = [Download(*d) for d in files.downloads]
        for name, body in files.bodies.items():
            bodies[record.year][name].append(body)
        for name, rows_xml in files.sheets.items():
            sheets[name].append(rows_xml)

    site_name = content.settings.site_name
    whole: dict[str, list[Row]] = {t.name: [] for t in RECORD_TABLES}
    whole_bodies: dict[str, list[bytes]] = {t.name: [] for t in RECORD_TABLES}
    years = sorted(by_year, reverse=True)
    for year in years:
        tables = by_year[year]
        tables["departments"] = department_rows(content, {r["单位编码"] for r in tables["reports"]})
        for name in whole:
            whole[name] += tables[name]
            whole_bodies[name] += bodies[year][name]
        _package(out, tables, bodies[year], data_path(year), f"jixiao-{year}", f"{site_name} {year}年度数据",
                 f"{year}年度各单位决算公开绩效情况说明中的项目支出绩效自评数据。")
        out.files[api.year_address(year)] = api.dumps(api.year_document(year, [
            (r, [p for p in tables["projects"] if p["单位编码"] == r["单位编码"]]) for r in tables["reports"]]))
    whole["departments"] = department_rows(content)
    out.tables = whole
    package = _package(out, whole, whole_bodies, data_path(), "jixiao", f"{site_name} 全部数据",
                       "本站收录的全部年度、全部单位的决算公开绩效情况说明数据。")
    xlsx = workbook(whole, f"{data_path()}/all.xlsx", "Excel（全部年度、全部单位）",
                    sheets)
    out.files[xlsx.path] = xlsx.data
    csvs = {d.path.rsplit("/", 1)[1]: d for d in package}
    out.site_downloads = [xlsx, csvs["projects.csv"], csvs["indicators.csv"],
                          Download(f"{data_path()}/datapackage.json", "数据包说明（datapackage.json）",
                                   out.files[f"{data_path()}/datapackage.json"])]
    out.files[api.index_address()] = api.dumps(api.index_document(
        [(y, len(by_year[y]["reports"]), len(by_year[y]["projects"])) for y in years], site_name))
    return out


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
