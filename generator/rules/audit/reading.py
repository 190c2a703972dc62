"""How the rules read a record: indicator field paths, placeholder rows, empty notes, the texts of a part."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from pydantic import BaseModel

from generator.records.model import Indicator, Project
from generator.records.problems import FieldPath
from generator.rules.scoring import Method

if TYPE_CHECKING:
    from generator.rules.audit.engine import OverallView, ProjectView


PLACEHOLDERS = {"没有", "无", "暂无", "/", "／", "-", "—", "－", "——", "空", "无此项", "不适用"}
EMPTY_NOTES = {"", "无", "没有", "/", "／", "-", "—", "——", "无偏差"}


def indicator_path(i: int, key: str) -> FieldPath:
    return ("绩效指标", i, key)


def is_placeholder(indicator: Indicator) -> bool:
    return indicator.name.strip() in PLACEHOLDERS or indicator.target.strip() in PLACEHOLDERS


def note_is_empty(text: str) -> bool:
    return text.strip().rstrip("。.") in EMPTY_NOTES


def walk_texts(value: object, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    """Every text of a record part with its field path in Chinese keys, for the rules that read prose."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from walk_texts(getattr(value, name), path + (info.alias or name,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk_texts(item, path + (i,))


def prose(project: Project) -> Iterator[tuple[FieldPath, str]]:
    """The project's narrative texts (not the indicator table, not 审核说明)."""
    for path, text in walk_texts(project, ()):
        if path[0] not in ("绩效指标", "审核说明", "项目编码", "项目名称", "项目资金", "等级") and text.strip():
            yield path, text


def scored_indicators(view: "ProjectView | OverallView"):
    """The indicators the scoring rules score, in table order."""
    return [s for s in view.score.indicators if s.method is not Method.NOT_SCORED]
