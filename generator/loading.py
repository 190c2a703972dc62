"""Load content/: every YAML file read safely, validated against the model, cross-checked.

All problems of all files are collected before anything is reported, so an author fixes a whole batch
in one pass instead of one error per run.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .attachments import AttachmentFile, read_attachments
from .model import Department, DepartmentYear, Region, Registry
from .problems import ContentError, FieldPath, Problem, display_path
from .settings import SiteSettings
from .yaml_reader import Document, ReadError, read_file

REGISTRY_FILE = "departments.yml"
SETTINGS_FILE = "site.yml"


@dataclass(frozen=True)
class LoadedRecord:
    """A validated record with where it came from, so later stages can point authors at lines."""

    path: str  # as shown to authors
    record: DepartmentYear
    document: Document = field(repr=False, compare=False)
    attachments: tuple[AttachmentFile, ...] = field(default=(), repr=False, compare=False)  # 原文附件, read and checked

    def position(self, field_path: FieldPath) -> tuple[int | None, int | None]:
        return self.document.position(field_path)


@dataclass(frozen=True)
class Content:
    settings: SiteSettings
    regions: dict[str, Region]
    departments: dict[str, Department]
    records: list[LoadedRecord]

    def department(self, record: DepartmentYear) -> Department:
        return self.departments[record.department]

    def region(self, department: Department) -> Region:
        return self.regions[department.region]


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
    if not isinstance(document.data, dict):
        problems.append(Problem(name, 1, 1, (), "文件内容应为一组“键: 值”，现在是空文件或一个列表。"))
        return None, None
    try:
        return model.model_validate(document.data), document
    except ValidationError as exc:
        problems.extend(validation_problems(exc, model, document, name))
        return None, None


def record_files(content_dir: Path) -> list[Path]:
    """Every department-year record: all .yml/.yaml files except the registry and settings at the root."""
    files = [p for p in content_dir.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()]
    skip = {content_dir / REGISTRY_FILE, content_dir / SETTINGS_FILE}
    return sorted(p for p in files if p not in skip and not any(part.startswith(".") for part in p.relative_to(content_dir).parts))


def load_content(content_dir: Path) -> Content:
    """Load everything under content_dir, or raise ContentError listing every problem found."""
    content_dir = Path(content_dir)
    problems: list[Problem] = []
    if not content_dir.is_dir():
        raise ContentError([Problem(content_dir.as_posix(), None, None, (), "内容目录不存在。")])

    def shown(p: Path) -> str:
        return display_path(p, content_dir)

    settings = SiteSettings()
    settings_path = content_dir / SETTINGS_FILE
    if settings_path.exists():
        loaded, _ = _read_and_validate(settings_path, shown(settings_path), SiteSettings, problems)
        settings = loaded or settings

    registry_path = content_dir / REGISTRY_FILE
    registry: Registry | None = None
    registry_doc: Document | None = None
    if registry_path.exists():
        registry, registry_doc = _read_and_validate(registry_path, shown(registry_path), Registry, problems)
    else:
        problems.append(Problem(shown(registry_path), None, None, (), "缺少单位名录文件。每个单位的编码、全称、简称、地区都写在这个文件里。"))

    regions: dict[str, Region] = {}
    departments: dict[str, Department] = {}
    if registry is not None and registry_doc is not None:
        regions, departments = _index_registry(registry, registry_doc, shown(registry_path), problems)

    records: list[LoadedRecord] = []
    seen: dict[tuple[str, int], LoadedRecord] = {}
    for path in record_files(content_dir):
        name = shown(path)
        record, document = _read_and_validate(path, name, DepartmentYear, problems)
        if record is None:
            continue
        attachments, attachment_problems = read_attachments(content_dir, record)
        for field_path, message in attachment_problems:
            line, col = document.position(field_path)
            problems.append(Problem(name, line, col, field_path, message))
        loaded = LoadedRecord(name, record, document, tuple(attachments))
        if registry is not None and record.department not in departments:
            line, col = document.position(("单位编码",))
            known = "、".join(departments) or "（名录为空）"
            problems.append(
                Problem(name, line, col, ("单位编码",), f"单位编码“{record.department}”不在单位名录（{REGISTRY_FILE}）中。已登记的编码：{known}。")
            )
        key = (record.department, record.year)
        if key in seen:
            line, col = document.position(("年度",))
            problems.append(
                Problem(name, line, col, ("年度",), f"单位“{record.department}”的 {record.year} 年度已有记录 {seen[key].path}。同一单位同一年度只能有一个记录文件。")
            )
        else:
            seen[key] = loaded
        records.append(loaded)

    if problems:
        raise ContentError(problems)
    records.sort(key=lambda r: (-r.record.year, departments[r.record.department].order, r.record.department))
    return Content(settings, regions, departments, records)


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
