"""Import what units already have (published text, Word and Excel 自评表) as YAML records.

One module per source kind turns a file into a Draft (text_table, text_report via document,
docx_reader, xlsx_reader); this module decides department and year, gives projects their codes,
validates the record against the model and writes it. Nothing is dropped: what no field takes goes
to 未归类内容 and is listed to the user. Files that fail are reported one message each, in Chinese,
naming the file, and do not stop the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from generator.records.loading import REGISTRY_FILE, _translate
from generator.records.model import Department, DepartmentYear, Registry
from generator.records.problems import format_field_path
from generator.records.yaml_reader import ReadError, read_file
from generator.importers.document import read_blocks
from generator.importers.draft import Draft, NotAForm, Unreadable
from generator.importers.ocr import IMAGES, scan_notes
from generator.importers.limits import check_docx, check_file_size, check_xlsx
from generator.importers.yaml_writer import dump_record

SUPPORTED = (".txt", ".md", ".docx", ".xlsx", ".xls", ".pdf", ".tsv", *IMAGES)
FORMATS = (
    "纯文本 .txt、.md，Word .docx，Excel .xlsx 和旧版 .xls，PDF（含文字的，或扫描件），"
    "扫描图像 .png、.jpg、.tif（扫描件需本机安装文字识别程序 tesseract 及简体中文语言包 chi_sim），Tesseract 的 TSV 输出 .tsv"
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office's old binary container, also used for encrypted files
_KIND_NAMES = {".docx": "Word", ".xlsx": "Excel", ".xls": "Excel", ".pdf": "PDF"}


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
    if suffix in (".doc", ".wps", ".et"):
        raise ImportFailure(f"{shown}：这是旧版 {suffix} 格式的文件，无法直接读取。请在 Word 或 WPS 中“另存为” .docx 后再导入。")
    if suffix not in SUPPORTED:
        raise ImportFailure(f"{shown}：不支持的文件格式“{path.suffix or '无扩展名'}”。可导入的格式：{FORMATS}。")
    if not path.is_file():
        raise ImportFailure(f"{shown}：文件不存在。" if not path.exists() else f"{shown}：不是普通文件（是文件夹、管道或设备），未导入。")
    draft = Draft(source=shown)
    try:
        read = read_file_blocks(path, shown)
        if getattr(read, "engine", ""):
            told, kept = scan_notes(read.engine)
            draft.notes.append(told)
            draft.editor_notes.append(kept)
        blocks = _publisher_lines(read, draft)
        read_blocks(blocks, draft)
        if suffix in (".txt", ".md"):
            _say_form_without_indicators(draft)
        return draft
    except NotAForm as exc:
        raise ImportFailure(f"{shown}：{exc}。") from None
    except OSError as exc:
        raise ImportFailure(f"{shown}：文件无法打开（{_os_reason(exc)}），未导入。") from None


def _say_form_without_indicators(draft: Draft) -> None:
    """A form in pasted text whose funds were read but not its indicator table: say so, and what to give instead.
    OCR'd text is the usual cause: the lines of neighbouring narrow cells are interleaved, and only the scan itself
    (read by position) keeps the columns."""
    for project in draft.projects:
        if project.get("绩效指标") or project.get("自评报告") or not project.get("项目资金"):
            continue
        draft.notes.append(
            f"项目“{project.get('项目名称', '')}”：读出了项目资金表，没有读出绩效指标表，表中其余文字照原样写入“未归类内容”。"
            "这份文字中表格各栏的文字已经错开（扫描件经文字识别得到的纯文字常常如此：相邻窄格的文字一行一行交错），"
            "无法按栏读取。如有原件的扫描图像或 PDF，请直接导入它（.png、.jpg、.tif、.pdf，需要本机安装 tesseract 和简体中文"
            "语言包 chi_sim），导入时按字的位置还原表格"
        )


_ADDRESS = re.compile(r"^\s*https?://\S+\s*$")
_EDITOR_NOTE = re.compile(r"^\s*【整理说明】\s*(?P<text>.*)$")


def _publisher_lines(blocks: list, draft: Draft) -> list:
    """A copied text may start with where it was copied from and the copier's 【整理说明】: the publisher's voice, not the unit's."""
    out = []
    for n, block in enumerate(blocks):
        if isinstance(block, str) and n < 3 and _ADDRESS.match(block):
            draft.editor_notes.append(f"原文网址：{block.strip()}")
            continue
        if isinstance(block, str) and _EDITOR_NOTE.match(block):
            draft.editor_notes.append(_EDITOR_NOTE.match(block).group("text").strip())
            continue
        out.append(block)
    return out


def read_file_blocks(path: Path, shown: str | None = None) -> list:
    """The reader entry point for one file of any supported format: its lines and tables, in order."""
    shown = shown or path.as_posix()
    suffix = path.suffix.lower()
    try:
        check_file_size(path, suffix)
    except Unreadable as exc:
        raise ImportFailure(f"{shown}：{exc}。") from None
    if suffix in (".txt", ".md"):
        from generator.importers.text_layout import read_text

        return read_text(_decode(path, shown))
    if suffix == ".tsv" or suffix in IMAGES:
        from generator.importers.ocr import read_image_blocks, read_tsv_blocks

        try:
            return read_tsv_blocks(_decode(path, shown)) if suffix == ".tsv" else read_image_blocks(path)
        except Unreadable as exc:
            raise ImportFailure(f"{shown}：{exc}。") from None
    if suffix in (".docx", ".xlsx"):
        _refuse_ole(path, shown, suffix)
    return _office_blocks(path, shown, suffix)


def _office_blocks(path: Path, shown: str, suffix: str):
    kind = _KIND_NAMES[suffix]
    try:
        if suffix == ".docx":
            from generator.importers.docx_reader import read_docx_blocks

            check_docx(path)

            return read_docx_blocks(path)
        if suffix == ".xls":
            _refuse_not_ole(path, shown)
            from generator.importers.xls_reader import read_xls_blocks

            return read_xls_blocks(path)
        if suffix == ".pdf":
            from generator.importers.pdf_reader import read_pdf_blocks

            return read_pdf_blocks(path)
        from generator.importers.xlsx_reader import read_xlsx_blocks

        check_xlsx(path)
        return read_xlsx_blocks(path)
    except Unreadable as exc:
        raise ImportFailure(f"{shown}：{exc}。") from None
    except ImportFailure:
        raise
    except (PermissionError, FileNotFoundError, IsADirectoryError) as exc:
        raise ImportFailure(f"{shown}：文件无法打开（{_os_reason(exc)}），未导入。") from None
    except Exception as exc:  # noqa: BLE001 - the libraries raise many kinds on a broken file; each means "cannot read"
        again = "请重新导出一份 PDF 再导入" if kind == "PDF" else f"请在 {kind} 中打开后另存一份再导入"
        raise ImportFailure(f"{shown}：文件已损坏，或不是有效的 {kind} 文件（{type(exc).__name__}），无法读取。{again}。") from None


def _refuse_not_ole(path: Path, shown: str) -> None:
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK"):
        raise ImportFailure(f"{shown}：这其实是新版 .xlsx 格式的文件（只是扩展名为 .xls）。请把扩展名改为 .xlsx 再导入。")
    if head != _OLE_MAGIC:
        raise ImportFailure(f"{shown}：不是有效的 Excel .xls 文件（可能是网页或文本另存的），无法读取。请在 Excel 中打开后另存为 .xlsx 再导入。")


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
    if suffix == ".xlsx":
        raise ImportFailure(f"{shown}：这是旧版 .xls 格式的文件（只是扩展名为 .xlsx）。请把扩展名改为 .xls 再导入，或在 Excel 中“另存为” .xlsx。")
    raise ImportFailure(f"{shown}：这是旧版 .doc 格式的文件（只是扩展名为 {suffix}），无法读取。请在 Word 中“另存为” {suffix} 后再导入。")


KIND_PROJECT_FORM = "项目支出绩效自评表"
KIND_OVERALL_FORM = "部门整体支出绩效自评表"
KIND_REPORT = "绩效自评报告"
KIND_STATEMENT = "绩效情况说明（仅覆盖情况）"


def record_kinds(record: DepartmentYear) -> list[str]:
    """What an imported record holds, in the genre's names, the main kind first: told to the user after import."""
    kinds: list[str] = []
    overall = record.overall
    funds = overall is not None and (overall.funds.executed is not None or overall.funds.parts)
    if overall is not None and (overall.indicators or (funds and not overall.notes)):
        kinds.append(KIND_OVERALL_FORM)
    forms = [p for p in record.projects if p.indicators and not p.report]
    reports = [p for p in record.projects if p.report]
    if forms:
        kinds.append(KIND_PROJECT_FORM)
    if reports or (overall is not None and overall.notes and KIND_OVERALL_FORM not in kinds):
        kinds.append(KIND_REPORT)
    if not kinds and (record.coverage or record.evaluations):
        kinds.append(KIND_STATEMENT)
    return kinds


def describe(record: DepartmentYear) -> str:
    """“项目支出绩效自评表 2 张、预算绩效管理工作开展情况” — what the user gets, counted."""
    parts = []
    forms = [p for p in record.projects if p.indicators and not p.report]
    reports = [p for p in record.projects if p.report]
    if record.overall is not None:
        parts.append(KIND_OVERALL_FORM if KIND_OVERALL_FORM in record_kinds(record) else "部门整体支出绩效自评报告")
    if forms:
        parts.append(f"{KIND_PROJECT_FORM} {len(forms)} 张")
    if reports:
        parts.append(f"项目支出绩效自评报告 {len(reports)} 篇")
    others = len(record.projects) - len(forms) - len(reports)
    if others:
        parts.append(f"其他项目 {others} 个")
    if record.coverage:
        parts.append("预算绩效管理工作开展情况（自评覆盖）")
    for evaluation in record.evaluations:
        parts.append(f"{evaluation.kind.value}结果")
    return "、".join(parts) or "（无内容）"


def load_registry(content_dir: Path) -> Registry:
    """The department registry, or a message that says which folder and file and what to do (never an OS error)."""
    content_dir = Path(content_dir)
    path = content_dir / REGISTRY_FILE
    if not content_dir.is_dir():
        raise ImportFailure(
            f"{content_dir.as_posix()}：内容文件夹不存在，无法确定单位。请用 --content 指定记录所在的文件夹"
            f"（其中应有单位名录 {REGISTRY_FILE}），或先建好该文件夹和单位名录。"
        )
    if not path.is_file():
        raise ImportFailure(
            f"{path.as_posix()}：内容文件夹中没有单位名录 {REGISTRY_FILE}，无法确定单位。"
            f"请先在 {REGISTRY_FILE} 中登记单位（格式见 docs/format.md），再导入。"
        )
    try:
        document = read_file(path)
        return Registry.model_validate(document.data)
    except ReadError as exc:
        raise ImportFailure(f"{path.as_posix()}：单位名录无法读取，无法确定单位（请先运行 jixiao check 查看问题）：{exc}") from None
    except ValidationError:
        raise ImportFailure(f"{path.as_posix()}：单位名录格式有误，无法确定单位。请先运行 jixiao check 查看问题。") from None
    except OSError as exc:
        raise ImportFailure(f"{path.as_posix()}：单位名录无法打开（{_os_reason(exc)}），无法确定单位。") from None


def _os_reason(exc: OSError) -> str:
    import errno

    return {errno.EACCES: "没有读取权限", errno.EISDIR: "这是一个文件夹", errno.ENOENT: "文件不存在"}.get(exc.errno, "系统无法读取")


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
    notes += [note for draft, _, _ in drafts for note in draft.notes]
    notes = list(dict.fromkeys(notes))
    data: dict = {"单位编码": code, "年度": year}
    first = lambda attr: next((getattr(d, attr) for d, _, _ in drafts if getattr(d, attr)), None)  # noqa: E731
    if first("published") or first("page_date"):
        data["公开日期"] = first("published") or first("page_date")
    for key, attr in (("索引号", "index_number"), ("发布机构", "issuer")):
        if first(attr):
            data[key] = first(attr)
    title_draft = next((d for d, _, _ in drafts if d.title), None)
    if title_draft:
        data["标题"] = title_draft.title
        if title_draft.title_guessed:
            notes.append(f"标题：原文没有总标题，按内容拟为“{title_draft.title}”，请核对")
    editor_notes = [note for draft, _, _ in drafts for note in draft.editor_notes]
    if editor_notes:
        data["整理说明"] = "\n".join(dict.fromkeys(editor_notes))
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
    if projects:
        data["项目"] = projects
    overall = [draft.overall for draft, _, _ in drafts if draft.overall]
    if overall:
        data["部门整体支出绩效自评"] = overall[0]
        for extra in overall[1:]:
            notes.append("注意：导入的文件中有不止一张部门整体支出绩效自评表，只导入了第一张，其余见未归类内容")
            drafts[0][0].unplaced.append(f"又一张部门整体支出绩效自评表：{extra.get('标题', '')}")
    evaluations = [e for draft, _, _ in drafts for e in draft.evaluations]
    if evaluations:
        data["评价结果"] = evaluations
    others = [section for draft, _, _ in drafts for section in draft.other_sections]
    if others:
        data["其他说明"] = others
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
