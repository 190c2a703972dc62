"""Import what units already have (published text, Word and Excel 自评表) as YAML records.

One module per source kind turns a file into a Draft (text_table, text_report via document,
docx_reader, xlsx_reader); this module decides department and year, gives projects their codes,
validates the record against the model and writes it. Nothing is dropped: what no field takes goes
to 未归类内容 and is listed to the user. Files that fail are reported one message each, in Chinese,
naming the file, and do not stop the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..loading import REGISTRY_FILE, _translate
from ..model import Department, DepartmentYear, Registry
from ..problems import format_field_path
from ..yaml_reader import ReadError, read_file
from .document import read_blocks
from .draft import Draft, NotAForm, Unreadable
from .yaml_writer import dump_record

SUPPORTED = (".txt", ".docx", ".xlsx")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office's old binary container, also used for encrypted files


class ImportFailure(Exception):
    """One file that could not be imported; the message is the one line shown to the user."""


@dataclass
class ImportedRecord:
    path: Path  # where it is (or would be) written
    record: DepartmentYear
    yaml_text: str
    sources: list[str]
    notes: list[str] = field(default_factory=list)
    written: bool = False


@dataclass
class ImportResult:
    records: list[ImportedRecord] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def read_source(path: Path, shown: str | None = None) -> Draft:
    """One file → a Draft, or ImportFailure with the reason in the author's words."""
    shown = shown or path.as_posix()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ImportFailure(f"{shown}：不支持的文件格式“{path.suffix or '无扩展名'}”。可导入的格式：纯文本 .txt、Word .docx、Excel .xlsx（旧版 .doc/.xls 请先另存为新格式）。")
    if not path.is_file():
        raise ImportFailure(f"{shown}：文件不存在。")
    draft = Draft(source=shown)
    try:
        if suffix == ".txt":
            from .text_table import read_text_blocks

            blocks = read_text_blocks(_decode(path, shown))
        else:
            _refuse_ole(path, shown, suffix)
            blocks = _office_blocks(path, shown, suffix)
        return read_blocks(blocks, draft)
    except NotAForm:
        raise ImportFailure(f"{shown}：不是项目支出绩效自评表或绩效自评报告（没有找到“三级指标”“年初预算数”等表头，也没有“一、项目基本情况”等报告标题），未导入。") from None


def _office_blocks(path: Path, shown: str, suffix: str):
    kind = "Word" if suffix == ".docx" else "Excel"
    try:
        if suffix == ".docx":
            from .docx_reader import read_docx_blocks

            return read_docx_blocks(path)
        from .xlsx_reader import read_xlsx_blocks

        return read_xlsx_blocks(path)
    except Unreadable as exc:
        raise ImportFailure(f"{shown}：{exc}。") from None
    except Exception as exc:  # noqa: BLE001 - the libraries raise many kinds on a broken file; each means "cannot read"
        raise ImportFailure(f"{shown}：文件已损坏，或不是有效的 {kind} 文件（{type(exc).__name__}），无法读取。请在 {kind} 中打开后另存一份再导入。") from None


def _decode(path: Path, shown: str) -> str:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise ImportFailure(f"{shown}：不是可读的文本文件（既不是 UTF-8 也不是 GBK 编码），无法读取。")


def _refuse_ole(path: Path, shown: str, suffix: str) -> None:
    with path.open("rb") as handle:
        head = handle.read(8)
    if head != _OLE_MAGIC:
        return
    if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in path.read_bytes():
        raise ImportFailure(f"{shown}：文件已加密（设置了打开密码），无法读取。请在 Word 或 Excel 中取消密码后另存，再导入。")
    old = ".doc" if suffix == ".docx" else ".xls"
    raise ImportFailure(f"{shown}：这是旧版 {old} 格式的文件（只是扩展名为 {suffix}），无法读取。请在 Word 或 Excel 中“另存为” {suffix} 后再导入。")


def load_registry(content_dir: Path) -> Registry:
    path = Path(content_dir) / REGISTRY_FILE
    try:
        document = read_file(path)
        return Registry.model_validate(document.data)
    except (ReadError, ValidationError, OSError) as exc:
        raise ImportFailure(f"{path.as_posix()}：单位名录无法读取，无法确定单位（请先运行 jixiao check）：{exc}") from None


def _department(draft: Draft, registry: Registry, option: str | None) -> tuple[Department, str]:
    """The department and how it was determined (said to the user)."""
    by_code = {d.code: d for d in registry.departments}
    found = _named_in(draft.text, registry)
    if option:
        if option not in by_code:
            raise ImportFailure(f"{draft.source}：单位编码“{option}”不在单位名录（{REGISTRY_FILE}）中。已登记的编码：{'、'.join(by_code)}。")
        how = "按命令行 --department 指定"
        if found and found[0].code != option:
            how += f"（注意：文件中写的是“{found[1]}”）"
        return by_code[option], how
    if not found:
        raise ImportFailure(f"{draft.source}：文件中没有找到单位名录里任何单位的全称或简称，无法确定单位。请用 --department 单位编码 指定，或先在 {REGISTRY_FILE} 中登记该单位。")
    department, name, exact = found
    how = f"据文件中的单位全称“{name}”确定" if exact else f"据文件中出现的“{name}”推断（单位简称，请核对）"
    return department, how


def _named_in(text: str, registry: Registry) -> tuple[Department, str, bool] | None:
    """The registered department whose full name (else short name) appears first in the text."""
    for exact in (True, False):
        hits = []
        for department in registry.departments:
            name = department.full_name if exact else department.short_name
            if name and name in text:
                hits.append((text.index(name), department, name))
        if hits:
            _, department, name = min(hits, key=lambda hit: hit[0])
            return department, name, exact
    return None


def import_files(
    paths: list[Path],
    content_dir: Path = Path("content"),
    *,
    department: str | None = None,
    year: int | None = None,
    codes: dict[str, str] | None = None,
    overwrite: bool = False,
    write: bool = True,
) -> ImportResult:
    """Import every file; files naming the same department and year become one record, in the order given."""
    result = ImportResult()
    try:
        registry = load_registry(content_dir)
    except ImportFailure as exc:
        result.failures.append(str(exc))
        return result
    groups: dict[tuple[str, int], list[tuple[Draft, Department, list[str]]]] = {}
    for path in paths:
        try:
            draft = read_source(Path(path))
            unit, how = _department(draft, registry, department)
            notes = [f"单位：{unit.full_name}（{unit.code}），{how}；地区：{_region_name(registry, unit)}"]
            the_year = _year(draft, year, notes)
        except ImportFailure as exc:
            result.failures.append(str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - a bug met on one file must not stop the others
            result.failures.append(f"{Path(path).as_posix()}：导入程序出错（{type(exc).__name__}: {exc}），未导入。请把此文件交给维护人员。")
            continue
        groups.setdefault((unit.code, the_year), []).append((draft, unit, notes))
    for (code, the_year), drafts in groups.items():
        try:
            result.records.append(_record(code, the_year, drafts, Path(content_dir), codes or {}))
        except ImportFailure as exc:
            result.failures.append(str(exc))
    if write:
        for imported in result.records:
            if imported.path.exists() and not overwrite:
                result.failures.append(f"{'、'.join(imported.sources)}：已有记录 {imported.path.as_posix()}，未覆盖。核对无误后如需替换，请加 --overwrite。")
                continue
            imported.path.parent.mkdir(parents=True, exist_ok=True)
            imported.path.write_text(imported.yaml_text, encoding="utf-8")
            imported.written = True
    return result


def _region_name(registry: Registry, department: Department) -> str:
    region = next((r for r in registry.regions if r.code == department.region), None)
    return region.name if region else department.region


def _year(draft: Draft, option: int | None, notes: list[str]) -> int:
    if option is not None:
        said = f"（注意：文件中写的是 {draft.year} 年度）" if draft.year and draft.year != option else ""
        notes.append(f"年度：{option}，按命令行 --year 指定{said}")
        return option
    if draft.year is None:
        raise ImportFailure(f"{draft.source}：文件中没有找到“XXXX年度”，无法确定年度。请用 --year 年份 指定。")
    notes.append(f"年度：{draft.year}，据文件中的“{draft.year}年度”确定")
    return draft.year


def _record(code: str, year: int, drafts: list[tuple[Draft, Department, list[str]]], content_dir: Path, codes: dict[str, str]) -> ImportedRecord:
    sources = [draft.source for draft, _, _ in drafts]
    notes = [note for _, _, draft_notes in drafts for note in draft_notes]
    notes = list(dict.fromkeys(notes))
    data: dict = {"单位编码": code, "年度": year}
    first = lambda attr: next((getattr(d, attr) for d, _, _ in drafts if getattr(d, attr)), None)  # noqa: E731
    if first("published"):
        data["公开日期"] = first("published")
    title_draft = next((d for d, _, _ in drafts if d.title), None)
    if title_draft:
        data["标题"] = title_draft.title
        if title_draft.title_guessed:
            notes.append(f"标题：原文没有总标题，按内容拟为“{title_draft.title}”，请核对")
    if first("coverage"):
        data["预算绩效管理工作开展情况"] = first("coverage")
    projects = []
    generated = []
    for draft, _, _ in drafts:
        for project in draft.projects:
            name = project.get("项目名称", "")
            position = len(projects) + 1
            project_code = codes.get(name) or f"p{position:02d}"
            if name not in codes:
                generated.append(f"{project_code}（{name or '无名称'}）")
            projects.append({"项目编码": project_code, **project})
    data["项目"] = projects
    named = {project.get("项目名称") for project in projects}
    for name in codes:
        if name not in named:
            notes.append(f"注意：--code 指定的项目“{name}”在导入的文件中没有找到，未使用")
    for draft, unit, _ in drafts:
        # A line above the title that names the unit is placed by 单位编码; any other is kept.
        draft.unplaced[:0] = [line for line in draft.unit_lines if unit.full_name not in line and unit.short_name not in line]
    unplaced = [f"{draft.source}：{item}" if len(drafts) > 1 else item for draft, _, _ in drafts for item in draft.unplaced]
    if unplaced:
        data["未归类内容"] = unplaced
    if generated:
        notes.append(
            f"项目编码为自动生成：{'、'.join(generated)}。编码会成为网址的一部分，发布前可改为有意义的编码（或用 --code 项目名称=编码 指定）"
        )
    try:
        record = DepartmentYear.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{format_field_path(tuple(error['loc'])) or '记录'}：{_translate(error, DepartmentYear)}" for error in exc.errors(include_url=False)
        ]
        raise ImportFailure(f"{'、'.join(sources)}：导入结果未通过格式校验，未写入：" + "；".join(problems)) from None
    comments = [f"由 jixiao import 导入，来源：{'、'.join(sources)}。数字照原文刊载。"]
    if unplaced:
        comments.append("“未归类内容”是导入时未能归入字段的原文，请核对、归位后删除该项。")
    return ImportedRecord(content_dir / str(year) / f"{code}.yml", record, dump_record(record, comments), sources, notes)
