"""Problems found in input files: one type for every stage, so all of them can be reported in one run."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
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


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file. Messages are Chinese: the authors are finance staff."""

    file: str
    line: int | None  # 1-based
    column: int | None  # 1-based
    field: FieldPath = dataclasses.field(default=(), compare=False)
    message: str = dataclasses.field(default="", compare=False)
    severity: str = dataclasses.field(default="错误", compare=False)

    def location(self) -> str:
        return format_location(self.file, self.line, self.column)

    def __str__(self) -> str:
        field_text = format_field_path(self.field)
        prefix = f"{self.location()}：{self.severity}"
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
