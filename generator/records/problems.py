"""Problems found in input files: one type for every stage, so all of them can be reported in one run."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

FieldPath = tuple[str | int, ...]


def format_field_path(path: FieldPath) -> str:
    """Render a field path the way an author reads it: 项目[2].绩效指标[5].得分 (1-based list positions)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


def format_location(file: str, line: int | None, column: int | None) -> str:
    """file:line:column as editors and terminals link it; parts that are unknown are left out."""
    where = file
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return where


class Severity(str, Enum):
    ERROR = "错误"  # blocks publishing unless the unit explains it (审核说明)
    WARNING = "警告"  # shown; fails `jixiao check --strict`
    INFO = "提示"

    @property
    def code(self) -> str:
        return {"错误": "error", "警告": "warning", "提示": "info"}[self.value]


def report_entry(*, rule: str, severity: Severity, file: str, line: int | None, column: int | None, field: str,
                 message: str, stated: str | None = None, computed: str | None = None, acknowledged: bool = False,
                 reason: str = "", publisher_note: str = "", unit_note: str = "", department: str | None = None,
                 year: int | None = None, project: str | None = None) -> dict:
    """One entry of `jixiao check --format json`. A file that cannot be loaded and a finding of the audit have
    this one shape, so a CI pipeline reads both alike."""
    return {
        "rule": rule, "severity": severity.code, "file": file, "line": line, "column": column, "field": field,
        "message": message, "stated": stated, "computed": computed, "acknowledged": acknowledged, "reason": reason,
        "publisher_note": publisher_note, "unit_note": unit_note, "department": department, "year": year,
        "project": project,
    }


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file. Messages are Chinese: the authors are finance staff."""

    file: str
    line: int | None  # 1-based
    column: int | None  # 1-based
    field: FieldPath = dataclasses.field(default=(), compare=False)
    message: str = dataclasses.field(default="", compare=False)
    severity: Severity = dataclasses.field(default=Severity.ERROR, compare=False)

    def location(self) -> str:
        return format_location(self.file, self.line, self.column)

    def to_dict(self) -> dict:
        return report_entry(rule="load-error", severity=self.severity, file=self.file, line=self.line,
                            column=self.column, field=format_field_path(self.field), message=self.message)

    def __str__(self) -> str:
        field_text = format_field_path(self.field)
        prefix = f"{self.location()}：{self.severity.value}"
        if field_text:
            prefix += f"：字段 {field_text}"
        return f"{prefix}：{self.message}"


class ContentError(Exception):
    """Raised when content cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path, root: Path | None = None) -> str:
    """Paths in messages are relative to the content root's parent when possible, so they match what authors see in git."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve().parent).as_posix()
        except ValueError:
            pass
    return path.as_posix()
