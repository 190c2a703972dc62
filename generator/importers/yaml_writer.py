"""Write a record the way the hand-written ones look, so an imported file reads like a transcribed one.

Chinese keys in the model's order, two-space indentation, `|-` blocks for multi-line text, numbers
plain, and quotes only where YAML needs them (a text that would otherwise read as a number, a date, a
boolean, or that starts with a YAML indicator such as "%"). The result is read back with the
project's own reader in the tests, so what is written is what is loaded.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import Enum
from typing import Any

from generator.records.model import DepartmentYear, _value_text
from generator.records.yaml_reader import REFUSED_CHARACTERS, _scalar

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../generator/records/schema/record.schema.json"

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_PLAIN_NUMBER = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


def _value_text_keys() -> set[str]:
    """Aliases of the fields that take a number or a text (年度指标值 …): there 20 may stay plain, like the hand-written records."""
    keys: set[str] = set()
    seen: set[type] = set()

    def visit(model: type) -> None:
        if model in seen or not hasattr(model, "model_fields"):
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            if any(getattr(m, "func", None) is _value_text for m in info.metadata):
                keys.add(info.alias or name)
            for arg in _models_in(info.annotation):
                visit(arg)

    visit(DepartmentYear)
    return keys


def _models_in(annotation: Any) -> list[type]:
    from typing import get_args

    found = []
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and hasattr(current, "model_fields"):
            found.append(current)
        stack.extend(get_args(current))
    return found


_NUMBER_OR_TEXT_KEYS = _value_text_keys()


def dump_record(record: DepartmentYear, comments: list[str] | None = None) -> str:
    """The YAML text of a validated record; `comments` become `#` lines under the schema line."""
    data = record.model_dump(by_alias=True, exclude_defaults=True)
    out = [SCHEMA_COMMENT]
    out += [f"# {line}" for comment in comments or [] for line in comment.split("\n")]
    _mapping(data, 0, out)
    return "\n".join(out) + "\n"


def _mapping(data: dict, indent: int, out: list[str], first_prefix: str | None = None) -> None:
    pad = " " * indent
    for n, (key, value) in enumerate(data.items()):
        lead = first_prefix if (n == 0 and first_prefix is not None) else pad
        _entry(f"{lead}{key}:", key, value, indent, out)


def _entry(head: str, key: str | None, value: Any, indent: int, out: list[str]) -> None:
    if isinstance(value, dict):
        if not value:
            out.append(f"{head} {{}}")
            return
        out.append(head)
        _mapping(value, indent + 2, out)
    elif isinstance(value, list):
        if not value:
            out.append(f"{head} []")
            return
        out.append(head)
        _sequence(value, indent + 2, out)
    else:
        _scalar_entry(head, key, value, indent, out)


def _sequence(items: list, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            _mapping(item, indent + 2, out, first_prefix=f"{pad}- ")
        else:
            _entry(f"{pad}-", None, item, indent, out)


def _scalar_entry(head: str, key: str | None, value: Any, indent: int, out: list[str]) -> None:
    if isinstance(value, str):
        # Invisible controls and bidi overrides copied from a document: the reader refuses them raw and as
        # escapes (they reached the JSON download), so an imported record leaves them out.
        value = REFUSED_CHARACTERS.sub("", value)
    if isinstance(value, str) and "\n" in value and _block_safe(value):
        body_pad = " " * (indent + 2)
        indicator = "|-" if not value.startswith(" ") else "|2-"
        out.append(f"{head} {indicator}")
        out.extend(f"{body_pad}{line}" if line else "" for line in value.split("\n"))
        return
    out.append(f"{head} {scalar(value, key)}")


def _block_safe(text: str) -> bool:
    return not text.endswith("\n") and not _ESCAPED.search(text.replace("\n", "")) and all(line == line.rstrip(" ") for line in text.split("\n"))


def scalar(value: Any, key: str | None = None) -> str:
    """One value as YAML text, plain where the project's reader reads it back unchanged."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if key in _NUMBER_OR_TEXT_KEYS and _PLAIN_NUMBER.fullmatch(text):
        return text  # read back as a number, kept as the same text by the model
    if _needs_quotes(text):
        if _ESCAPED.search(text) or "\n" in text:
            return _double_quoted(text)
        return "'" + text.replace("'", "''") + "'"
    return text


# Written as escapes so the file itself stays free of what the reader refuses (tabs, controls) and of
# what YAML parsers fold as line breaks (NEL, U+2028/2029).
_ESCAPED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")


def _double_quoted(text: str) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", body) + '"'


def _needs_quotes(text: str) -> bool:
    if not text or text != text.strip() or "\n" in text or _ESCAPED.search(text):
        return True
    if text[0] in _INDICATORS or ": " in text or text.endswith(":") or " #" in text:
        return True
    if text.lower() in {"yes", "no", "on", "off", "y", "n"}:  # YAML 1.1 booleans, for other tools reading the file
        return True
    return _scalar(text, None, True) != text or not isinstance(_scalar(text, None, True), str)
