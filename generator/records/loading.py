"""Load content/: every YAML file read safely, validated against the model, cross-checked.

All problems of all files are collected before anything is reported, so an author fixes a whole batch
in one pass instead of one error per run.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
import os
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, get_args, get_origin

from pydantic import BaseModel, ValidationError

from generator.hashing import digest
from generator.records.attachments import KINDS as ATTACHMENT_KINDS, AttachmentFile, read_attachments
from generator.records.head import RecordHead, record_head
from generator.records.model import Department, DepartmentYear, Region, Registry
from generator.records.problems import ContentError, FieldPath, Problem, display_path
from generator.records.settings import SiteSettings
from generator.records.yaml_reader import Document, ReadError, read_bytes, read_document, read_file

REGISTRY_FILE = "departments.yml"
SETTINGS_FILE = "site.yml"


@dataclass(frozen=True)
class LoadedRecord:
    """A validated record with where it came from, so later stages can point authors at lines."""

    path: str  # as shown to authors
    head: RecordHead  # what the stages across records read of every record (head.py)
    # The record, or where a build cache keeps it (KeptRecord): read when first asked for (`record`).
    kept: "DepartmentYear | KeptRecord" = field(repr=False, compare=False)
    # The file's data and the line of every field; None once the checks that point at lines are done
    # (Content.without_documents).
    document: "Document | KeptDocument | None" = field(repr=False, compare=False)
    attachments: tuple[AttachmentFile, ...] = field(default=(), repr=False, compare=False)  # 原文附件, read and checked
    # A hash of the file's name and bytes: the record, its findings and its pages follow from these and the
    # code, so later stages key what they keep between builds on it (site/build_cache.py).
    source: str = field(default="", repr=False, compare=False)

    @property
    def record(self) -> DepartmentYear:
        kept = self.kept
        return kept if isinstance(kept, DepartmentYear) else kept.read()

    def position(self, field_path: FieldPath) -> tuple[int | None, int | None]:
        return self.document.position(field_path) if self.document is not None else (None, None)


@dataclass(frozen=True)
class Content:
    settings: SiteSettings
    regions: dict[str, Region]
    departments: dict[str, Department]
    records: list[LoadedRecord]

    def department(self, record: DepartmentYear | RecordHead) -> Department:
        return self.departments[record.department]

    def region(self, department: Department) -> Region:
        return self.regions[department.region]

    def without_documents(self) -> "Content":
        """The same records without their files' positions, for the stages after the checks (pages, data), which
        never point at a line: a city's positions held 280 of the build's 1,500 MB at 8,000 projects."""
        return replace(self, records=[replace(r, document=None) for r in self.records])


def _aliases(model: type[BaseModel]) -> dict[str, Any]:
    return {(f.alias or name): f.annotation for name, f in model.model_fields.items()}


def _model_at(model: type[BaseModel], loc: FieldPath) -> type[BaseModel] | None:
    """The model class that validates the mapping at loc, to list its allowed keys."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        annotation = _aliases(current).get(part)
        current = _unwrap(annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    # Strip list[...], X | None and Annotated[...] down to a model class when there is one.
    for _ in range(5):
        args = get_args(annotation)
        if not args:
            return annotation
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if models:
            return models[0]
        nested = [a for a in args if get_args(a)]
        if get_origin(annotation) is list or nested:
            annotation = args[0] if get_origin(annotation) is list else nested[0]
        else:
            return annotation
    return annotation


_TYPE_MESSAGES = {
    "missing": "缺少必填字段",
    "model_type": "应为一组“键: 值”（下一级缩进的若干行），实际写的是“{input}”",
    "model_attributes_type": "应为一组“键: 值”（下一级缩进的若干行），实际写的是“{input}”",
    "dict_type": "应为一组“键: 值”，实际写的是“{input}”",
    "list_type": "应为列表（每一项以“- ”开头），实际写的是“{input}”",
    "bool_type": "应为 true 或 false，实际写的是“{input}”",
    "bool_parsing": "应为 true 或 false，实际写的是“{input}”",
    "int_type": "应为整数，实际写的是“{input}”",
    "int_parsing": "应为整数，实际写的是“{input}”",
    "int_from_float": "应为整数，实际写的是“{input}”",
}


def _translate(error: dict, model: type[BaseModel]) -> str:
    kind = error["type"]
    loc = tuple(error["loc"])
    shown_input = error.get("input")
    if isinstance(shown_input, (dict, list)):
        shown_input = "一组键值" if isinstance(shown_input, dict) else "一个列表"
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else ""
        parent = _model_at(model, loc[:-1])
        allowed = list(_aliases(parent)) if parent else []
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.5)
        hint = f"是不是“{close[0]}”？" if close else ""
        listing = f"此处可用的字段：{'、'.join(allowed)}。" if allowed else ""
        return f"未知字段“{key}”。{hint}{listing}"
    if kind in ("literal_error", "enum"):
        choices = re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", ""))
        return f"“{shown_input}”不是可选的值，应为以下之一：{'、'.join(choices)}"
    if kind.startswith("zh_"):
        return error["msg"]
    if kind in _TYPE_MESSAGES:
        return _TYPE_MESSAGES[kind].format(input=shown_input)
    if kind == "value_error" or kind == "assertion_error":
        return error["msg"]
    return f"内容不符合格式要求（{error['msg']}）"


def validation_problems(exc: ValidationError, model: type[BaseModel], document: Document, name: str) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc: FieldPath = tuple(error["loc"])
        line, column = document.position(loc)
        problems.append(Problem(name, line, column, loc, _translate(error, model)))
    return problems


def _read_and_validate(path: Path, name: str, model: type[BaseModel], problems: list[Problem]):
    try:
        document = read_file(path, name)
    except ReadError as exc:
        problems.extend(exc.problems)
        return None, None
    return _validate(document, name, model, problems)


def _validate(document: Document, name: str, model: type[BaseModel], problems: list[Problem]):
    if not isinstance(document.data, dict):
        problems.append(Problem(name, 1, 1, (), "文件内容应为一组“键: 值”，现在是空文件或一个列表。"))
        return None, None
    try:
        return model.model_validate(document.data), document
    except ValidationError as exc:
        problems.extend(validation_problems(exc, model, document, name))
        return None, None


# --- Records kept between builds ---------------------------------------------------------------------------
# Reading and validating a city's 800 record files took 9.7 CPU-seconds of every build, though a correction
# changes one file. A record that passed is kept under the hash of its name, its bytes and the code; one that
# failed is read again every time, so its problems are always reported.
RECORDS_CACHE = "records"
# Beside each, under the same key, its head (head.py): a correction of a city reads the heads of the 799 records
# it did not change, not the records (unpickling them was half a second of every correction at 8,000 projects).
HEADS_CACHE = "record-heads"
# The record's Document (its YAML with the line of every value) is kept apart under the same key and read only
# when a check asks for a line (KeptDocument): in a correction no one asks for the 799 records that did not
# change, and their Documents were half of unpickling a city's records (0.7 of 1.4 s at 8,000 projects).
DOCUMENTS_CACHE = "documents"


class Memo(Protocol):
    """What loading needs of the build cache (generator/site/build_cache.py BuildCache), passed in by the caller."""

    code_key: str

    def get_object(self, kind: str, key: str, shared: Mapping[str, object] | None = None) -> object | None: ...

    def has(self, kind: str, key: str) -> bool: ...

    def put_object(self, kind: str, key: str, value: object, shared: Mapping[str, object] | None = None) -> None: ...

    def entry(self, kind: str, key: str) -> str: ...


class _Kept:
    """What a build cache keeps of a record file, read when first asked: from its entry (under the record's key), else
    from the file again, if its bytes are still those the record was read from (source)."""

    def __init__(self, path: Path, name: str, source: str, memo: Memo | None, key: str):
        self._path, self._name, self._source, self._memo, self._key = path, name, source, memo, key

    def _entry(self, kind: str) -> object | None:
        return self._memo.get_object(kind, self._key) if self._memo is not None else None

    def _unchanged_document(self) -> Document | None:
        """The file read again, if its bytes are those the record was read from; else None."""
        try:
            raw = read_bytes(self._path, self._name)
            return read_document(raw, self._name) if digest(self._name, raw) == self._source else None
        except ReadError:
            return None


class KeptDocument(_Kept):
    """A kept record's Document; from the file if its entry is gone, and if the file changed since, it knows no lines
    (a message then names the file and field without them, never a wrong line)."""

    def __init__(self, path: Path, name: str, source: str, memo: Memo | None = None, key: str = ""):
        super().__init__(path, name, source, memo, key)
        self._document: Document | None = None
        if memo is not None:
            memo.entry(DOCUMENTS_CACHE, key)  # kept by the cache's pruning though this build may not read it

    def _read(self) -> Document:
        if self._document is None:
            kept = self._entry(DOCUMENTS_CACHE)
            if not isinstance(kept, Document):
                kept = self._unchanged_document()
            self._document = kept if kept is not None else Document(None)
        return self._document

    def position(self, path: FieldPath) -> tuple[int | None, int | None]:
        return self._read().position(path)

    @property
    def data(self) -> object:
        return self._read().data


class KeptRecord(_Kept):
    """A kept record (the stages across records read its head only); from the file if its entry is gone. A file
    changed since cannot give this build's record: the build stops saying so rather than publish pages of two
    versions of it."""

    def __init__(self, path: Path, name: str, source: str, memo: Memo, key: str):
        super().__init__(path, name, source, memo, key)
        self._record: DepartmentYear | None = None

    @property
    def read_already(self) -> bool:
        return self._record is not None

    def read(self) -> DepartmentYear:
        if self._record is None:
            kept = self._entry(RECORDS_CACHE)
            if not isinstance(kept, DepartmentYear):
                document = self._unchanged_document()
                kept = _validate(document, self._name, DepartmentYear, [])[0] if document is not None else None
            if kept is None:
                raise ContentError([Problem(self._name, None, None, (), "生成过程中记录文件被修改了，请在修改完成后重新生成。")])
            self._record = kept
        return self._record


def _read_record(path: Path, name: str, problems: list[Problem], cache: Memo | None
                 ) -> tuple[RecordHead | None, "DepartmentYear | KeptRecord | None", "Document | KeptDocument | None", str]:
    """The record's head, the record (or where it is kept) and its Document (likewise), and its source."""
    try:
        raw = read_bytes(path, name)
    except ReadError as exc:
        problems.extend(exc.problems)
        return None, None, None, ""
    source = digest(name, raw)
    key = digest(cache.code_key, source) if cache is not None else ""
    if cache is not None:
        if isinstance(head := cache.get_object(HEADS_CACHE, key), RecordHead) and cache.has(RECORDS_CACHE, key):
            return head, KeptRecord(path, name, source, cache, key), KeptDocument(path, name, source, cache, key), source
        if isinstance(kept := cache.get_object(RECORDS_CACHE, key), DepartmentYear):  # a memo holding records
            return record_head(kept), kept, KeptDocument(path, name, source, cache, key), source
    try:
        document = read_document(raw, name)
    except ReadError as exc:
        problems.extend(exc.problems)
        return None, None, None, source
    record, document = _validate(document, name, DepartmentYear, problems)
    if record is None:
        return None, None, None, source
    head = record_head(record)
    if cache is not None:
        cache.put_object(RECORDS_CACHE, key, record)
        cache.put_object(DOCUMENTS_CACHE, key, document)
        cache.put_object(HEADS_CACHE, key, head)  # last: it says that the others are there
    return head, record, document, source


# --- The layout of content/ ------------------------------------------------------------------------
# content/site.yml, content/departments.yml, and content/<四位年度>/<单位编码>.yml: nothing else is a
# record, and anything that looks like one but is not where or how the layout says is an error, so that a
# record renamed .YML, hidden or moved into a subfolder is not silently left off the site.

RECORD_SUFFIXES = (".yml", ".yaml")
_YEAR_FOLDER = re.compile(r"[0-9]{4}")
_RECORD_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")


def _kind(mode: int) -> str | None:
    """What a path is when it is not a regular file or a folder, in the user's words."""
    if stat.S_ISLNK(mode):
        return "符号链接"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return None


def _odd_entry(path: Path, shown: str) -> Problem | None:
    """A symlink, FIFO, device or socket: never read (a FIFO would block the build forever)."""
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return Problem(shown, None, None, (), f"无法读取（{exc.strerror or exc}）。")
    kind = _kind(mode)
    if kind is None:
        return None
    if kind == "符号链接":
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return Problem(shown, None, None, (), f"是符号链接（指向 {target}），不会读取。记录、单位名录和站点设置都必须是 content/ 中的实际文件，请把文件本身放在这里。")
    return Problem(shown, None, None, (), f"是{kind}，不是普通文件，不会读取。请删除它，或换成实际的 YAML 文件。")


def _entries(folder: Path, shown, problems: list[Problem]) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        problems.append(Problem(shown(folder), None, None, (), f"无法读取目录（{exc.strerror or exc}）。"))
        return []


def _looks_like_record(name: str) -> bool:
    return name.lower().endswith(RECORD_SUFFIXES)


def scan_content(content_dir: Path, problems: list[Problem]) -> list[Path]:
    """The record files of content_dir by the layout; every record-like file outside the layout is a problem.
    Other files (原文附件: PDF, Word, images …) may sit anywhere in content/: a record names them."""
    content_dir = Path(content_dir)

    def shown(p: Path) -> str:
        return f"{display_path(p.parent, content_dir)}/{p.name}"  # the link itself, not where it points

    records: list[Path] = []
    for entry in _readable_entries(content_dir, shown, problems):
        name = entry.name
        if entry.is_dir():
            if _YEAR_FOLDER.fullmatch(name):
                records += _year_records(entry, shown, problems)
            else:
                _misplaced_records(entry, shown, problems, f"不在年度目录中（“{entry.name}”不是四位年度）")
        elif name not in (REGISTRY_FILE, SETTINGS_FILE) and _looks_like_record(name):
            hint = f"（是不是“{name.lower()}”？文件名须为小写）" if name.lower() in (REGISTRY_FILE, SETTINGS_FILE) else ""
            problems.append(Problem(shown(entry), None, None, (), f"content/ 中的 YAML 文件只能是 {REGISTRY_FILE} 和 {SETTINGS_FILE}{hint}，不会发布。记录应放在 content/<年度>/<单位编码>.yml。"))
    return records


def _readable_entries(folder: Path, shown, problems: list[Problem]):
    """The entries of folder worth reading: hidden ones skipped, odd ones (links, devices …) reported instead."""
    for entry in _entries(folder, shown, problems):
        if _hidden(entry, shown, problems):
            continue
        odd = _odd_entry(entry, shown(entry))
        if odd is not None:
            problems.append(odd)
            continue
        yield entry


def _hidden(entry: Path, shown, problems: list[Problem]) -> bool:
    """Hidden entries are skipped (.gitkeep, .DS_Store, an editor's swap file); a hidden record is a problem."""
    if not entry.name.startswith("."):
        return False
    if _looks_like_record(entry.name):
        problems.append(Problem(shown(entry), None, None, (), "是隐藏文件（文件名以“.”开头），不会发布。如是记录，请去掉文件名开头的“.”。"))
    return True


def _attachment(name: str) -> bool:
    return Path(name).suffix.lower() in ATTACHMENT_KINDS


def _misplaced_records(folder: Path, shown, problems: list[Problem], where: str) -> None:
    """A folder that is not a year (or is inside one) may hold attachments, never records."""
    for entry in _entries(folder, shown, problems):
        if _hidden(entry, shown, problems):
            continue
        odd = _odd_entry(entry, shown(entry))
        if odd is not None:
            if _looks_like_record(entry.name):
                problems.append(odd)
        elif entry.is_dir():
            _misplaced_records(entry, shown, problems, where)
        elif _looks_like_record(entry.name):
            problems.append(Problem(shown(entry), None, None, (), f"记录{where}，不会发布。记录应直接放在 content/<年度>/ 中，文件名为单位编码，例如 content/2024/xx-swbgs.yml。"))


def _year_records(folder: Path, shown, problems: list[Problem]) -> list[Path]:
    records = []
    for entry in _readable_entries(folder, shown, problems):
        name = entry.name
        if entry.is_dir():
            _misplaced_records(entry, shown, problems, "在年度目录的子目录中")
        else:
            stem, dot, suffix = name.rpartition(".")
            if _attachment(name):
                continue
            if not dot or "." + suffix not in RECORD_SUFFIXES:
                if _looks_like_record(name):
                    problem = f"扩展名应为小写的 .yml（现在是 .{suffix}），否则不会发布。"
                else:
                    problem = "不是记录文件（记录的文件名为 <单位编码>.yml），也不是可公开的原文附件类型。如是记录，请改名为 <单位编码>.yml；否则请移出 content/。"
                problems.append(Problem(shown(entry), None, None, (), problem))
            elif not _RECORD_NAME.fullmatch(stem):
                problems.append(Problem(shown(entry), None, None, (), f"文件名“{stem}”不是单位编码（小写英文字母、数字和连字符）。记录的文件名为 <单位编码>.yml。"))
            else:
                records.append(entry)
    return records


def record_files(content_dir: Path) -> list[Path]:
    """Every department-year record by the layout (problems with the layout are reported by load_content)."""
    return scan_content(Path(content_dir), [])


def _special_file(path: Path, name: str, problems: list[Problem]) -> bool:
    """Whether the settings or registry file at path can be read; a folder or a FIFO in its place is a problem."""
    odd = _odd_entry(path, name)
    if odd is not None:
        problems.append(odd)
        return False
    if path.is_dir():
        problems.append(Problem(name, None, None, (), "应为一个 YAML 文件，现在是一个目录。"))
        return False
    return True


def load_content(content_dir: Path, cache: Memo | None = None) -> Content:
    """Load everything under content_dir, or raise ContentError listing every problem found.
    cache: where records read and validated by an earlier build are kept (see _read_record), or None."""
    content_dir = Path(content_dir)
    problems: list[Problem] = []
    if not content_dir.is_dir():
        raise ContentError([Problem(content_dir.as_posix(), None, None, (), "内容目录不存在。")])

    def shown(p: Path) -> str:
        return f"{display_path(p.parent, content_dir)}/{p.name}"  # the link itself, not where it points

    settings = SiteSettings()
    settings_path = content_dir / SETTINGS_FILE
    if (settings_path.exists() or settings_path.is_symlink()) and _special_file(settings_path, shown(settings_path), problems):
        loaded, _ = _read_and_validate(settings_path, shown(settings_path), SiteSettings, problems)
        settings = loaded or settings

    registry_path = content_dir / REGISTRY_FILE
    registry: Registry | None = None
    registry_doc: Document | None = None
    if registry_path.exists() or registry_path.is_symlink():
        if _special_file(registry_path, shown(registry_path), problems):
            registry, registry_doc = _read_and_validate(registry_path, shown(registry_path), Registry, problems)
    else:
        problems.append(Problem(shown(registry_path), None, None, (), "缺少单位名录文件。每个单位的编码、全称、简称、地区都写在这个文件里。"))

    regions: dict[str, Region] = {}
    departments: dict[str, Department] = {}
    if registry is not None and registry_doc is not None:
        regions, departments = _index_registry(registry, registry_doc, shown(registry_path), problems)

    records: list[LoadedRecord] = []
    seen: dict[tuple[str, int], LoadedRecord] = {}
    for path in scan_content(content_dir, problems):
        name = shown(path)
        head, record, document, source = _read_record(path, name, problems, cache)
        if head is None:
            continue
        attachments, attachment_problems = read_attachments(content_dir, head.attachments)
        for field_path, message in attachment_problems:
            line, col = document.position(field_path)
            problems.append(Problem(name, line, col, field_path, message))
        loaded = LoadedRecord(name, head, record, document, tuple(attachments), source)
        _check_place(path, head, document, name, problems, registered=registry is None or head.department in departments)
        if registry is not None and head.department not in departments:
            line, col = document.position(("单位编码",))
            known = "、".join(departments) or "（名录为空）"
            problems.append(
                Problem(name, line, col, ("单位编码",), f"单位编码“{head.department}”不在单位名录（{REGISTRY_FILE}）中。已登记的编码：{known}。")
            )
        key = (head.department, head.year)
        if key in seen:
            line, col = document.position(("年度",))
            problems.append(
                Problem(name, line, col, ("年度",), f"单位“{head.department}”的 {head.year} 年度已有记录 {seen[key].path}。同一单位同一年度只能有一个记录文件。")
            )
        else:
            seen[key] = loaded
        records.append(loaded)

    _check_hidden_withdrawals(settings, seen, shown(settings_path), problems)
    if problems:
        raise ContentError(problems)
    records.sort(key=lambda r: (-r.head.year, departments[r.head.department].order, r.head.department))
    return Content(settings, regions, departments, records)


def _check_hidden_withdrawals(settings: SiteSettings, live: dict, name: str, problems: list[Problem]) -> None:
    """撤回后不再显示 lists withdrawn records: one still in content/ would be published and hidden at once."""
    for i, entry in enumerate(settings.withdrawn_hidden):
        year, _, code = entry.partition("/")
        if (code, int(year)) in live:
            problems.append(Problem(name, None, None, ("撤回后不再显示", i),
                                    f"“{entry}”仍在 content/ 中（{live[(code, int(year))].path}）。只有已从 content/ 删除的记录才能列在这里。"))


def _check_place(path: Path, record: RecordHead, document: Document, name: str, problems: list[Problem],
                 registered: bool) -> None:
    """The file's folder is its 年度 and its name its 单位编码: the address of the page is derived from both."""
    if path.parent.name != str(record.year):
        line, col = document.position(("年度",))
        problems.append(Problem(name, line, col, ("年度",), f"记录在 {path.parent.name} 年度目录中，但“年度”写的是 {record.year}。请把文件移到 content/{record.year}/，或改正年度。"))
    if path.stem != record.department and registered:  # an unregistered code is reported once, as such
        line, col = document.position(("单位编码",))
        problems.append(Problem(name, line, col, ("单位编码",), f"文件名是 {path.name}，但“单位编码”写的是 {record.department}。记录的文件名应为 {record.department}{path.suffix}。"))


def _index_registry(registry: Registry, document: Document, name: str, problems: list[Problem]):
    regions: dict[str, Region] = {}
    for i, region in enumerate(registry.regions):
        if region.code in regions:
            line, col = document.position(("地区", i, "编码"))
            problems.append(Problem(name, line, col, ("地区", i, "编码"), f"地区编码“{region.code}”重复。"))
        regions[region.code] = region
    departments: dict[str, Department] = {}
    for i, department in enumerate(registry.departments):
        if department.code in departments:
            line, col = document.position(("单位", i, "编码"))
            problems.append(Problem(name, line, col, ("单位", i, "编码"), f"单位编码“{department.code}”重复。"))
        if department.region not in regions:
            line, col = document.position(("单位", i, "地区"))
            problems.append(Problem(name, line, col, ("单位", i, "地区"), f"地区编码“{department.region}”不在“地区”列表中。"))
        departments[department.code] = department
    return regions, departments
