"""JSON Schema of the YAML files, generated from the pydantic models, for editors (yaml-language-server).

The models stay the one definition of the format: this module only translates them, by alias, so that
an author's editor completes and checks the same Chinese keys that `jixiao check` accepts. The shipped
files in generator/records/schema/ are regenerated with `jixiao schema`; tests/test_schema.py fails when they
are stale.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from generator.records import model, settings

# File name → (model, Chinese title, Chinese description). Titles are what an editor shows on hover.
SCHEMAS: dict[str, tuple[type[BaseModel], str, str]] = {
    "record.schema.json": (
        model.DepartmentYear,
        "决算公开绩效情况说明（一个单位一个年度）",
        "content/年度/单位编码.yml 的格式：预算绩效管理工作开展情况、各项目的自评表与自评报告。数字照原文刊载。",
    ),
    "departments.schema.json": (
        model.Registry, "单位名录", "content/departments.yml 的格式：地区与单位的编码、全称、简称。"
    ),
    "site.schema.json": (
        settings.SiteSettings, "站点设置", "content/site.yml 的格式：网站名称、主办单位、政府网站标识、评分规则等。"
    ),
}


def _anchored(pattern: str) -> str:
    # Python uses fullmatch; JSON Schema patterns are search patterns, so anchor them.
    return f"^(?:{pattern})$"


# Our value types are plain str/Decimal/int wrapped in a BeforeValidator that gives Chinese errors.
# pydantic cannot see through the validator function, so each one is described here by identity.
_BY_VALIDATOR: dict[Callable[..., Any], JsonSchemaValue] = {
    # 年度指标值 / 实际完成值 / 执行率: the author writes 20, 63.66% or 提高, all kept as text.
    model._value_text: {"type": ["string", "number"]},
    model._code: {"type": "string", "pattern": _anchored(model._CODE.pattern)},
    model._year: {"type": "integer", "minimum": 1990, "maximum": 2100},
    model._date: {"type": "string", "format": "date"},
    model._optional_year: {"type": ["integer", "null"], "minimum": 1990, "maximum": 2100},
    # 指标性质 and 是否核心指标 accept the spellings real forms print (大于等于, ＜＝, √ …).
    model._nature: {"enum": [*model._NATURE_SPELLINGS, "", None]},
    model._yes_no: {"enum": [True, False, "是", "否", "√", "✓", "", None]},
    settings._colour: {"type": "string", "pattern": _anchored(settings._COLOUR.pattern)},
    settings._host: {"type": "string", "pattern": _anchored(settings._HOST.pattern)},
}


class _ChineseSchema(GenerateJsonSchema):
    """Numbers as numbers, value texts as string-or-number, Chinese titles on every key."""

    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        # pydantic offers number-or-string for Decimal; a quoted "20.37" is refused by the model
        # (a number where text belongs is the commonest author mistake), so the schema says number.
        return {"type": "number"}

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        known = _BY_VALIDATOR.get(schema["function"]["function"])
        return dict(known) if known is not None else super().function_before_schema(schema)

    def field_title_should_be_set(self, schema: Any) -> bool:
        # Keys that hold a nested block (项目资金, 年度总体目标 …) would otherwise have no title.
        return True

    def encode_default(self, dft: Any) -> Any:
        # Decimal defaults (满分 100) would be written as the string "100".
        if isinstance(dft, Decimal):
            return int(dft) if dft == dft.to_integral_value() else float(dft)
        return super().encode_default(dft)


def _drop_code_names(schema: JsonSchemaValue) -> None:
    # Definition titles and descriptions come from class names and English docstrings, which are for
    # programmers; an author's editor must show only the Chinese key titles and field descriptions.
    for definition in schema.get("$defs", {}).values():
        definition.pop("title", None)
        definition.pop("description", None)


def generate(model_class: type[BaseModel], title: str, description: str) -> JsonSchemaValue:
    schema = model_class.model_json_schema(by_alias=True, mode="validation", schema_generator=_ChineseSchema)
    _drop_code_names(schema)
    schema["title"] = title
    schema["description"] = description
    schema["$schema"] = _ChineseSchema.schema_dialect
    return schema


def render(schema: JsonSchemaValue) -> str:
    """Deterministic text: the same models give the same bytes, so a stale file shows as a diff."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def rendered_schemas() -> dict[str, str]:
    return {name: render(generate(*spec)) for name, spec in SCHEMAS.items()}


def write_schemas(output_dir: Path) -> list[Path]:
    output_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered_schemas().items():
        path = output_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
