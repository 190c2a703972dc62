"""The shipped JSON Schema is current, and the real records validate against it.

Authors' editors check their YAML with generator/records/schema/*.json; if the model changes and nobody runs
`jixiao schema`, the editor would accept what `jixiao check` refuses (or the reverse). This test makes
the stale file a test failure instead.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.records.schema import SCHEMAS, rendered_schemas
from generator.records.yaml_reader import read_file

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "generator" / "records" / "schema"
CONTENT = REPO / "content"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_shipped_schema_is_current(name: str) -> None:
    shipped = (SHIPPED / name).read_text(encoding="utf-8")
    assert shipped == rendered_schemas()[name], f"generator/records/schema/{name} 已过期：请运行 .venv/bin/jixiao schema 并提交"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_valid_json_schema(name: str) -> None:
    schema = json.loads((SHIPPED / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


def _as_editor_sees(value: Any) -> Any:
    # Our reader keeps numbers as Decimal and dates as date; an editor sees JSON numbers and strings.
    if isinstance(value, dict):
        return {key: _as_editor_sees(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_editor_sees(item) for item in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _schema_for(path: Path) -> str:
    if path.name == "departments.yml":
        return "departments.schema.json"
    if path.name == "site.yml":
        return "site.schema.json"
    return "record.schema.json"


CONTENT_FILES = sorted(CONTENT.rglob("*.yml"))


@pytest.mark.parametrize("path", CONTENT_FILES, ids=[str(p.relative_to(CONTENT)) for p in CONTENT_FILES])
def test_content_validates_against_schema(path: Path) -> None:
    schema_name = _schema_for(path)
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.endswith(f"/generator/records/schema/{schema_name}"), "文件第一行应指向对应的 JSON Schema"

    schema = json.loads((SHIPPED / schema_name).read_text(encoding="utf-8"))
    data = _as_editor_sees(read_file(path).data)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_schema_refuses_what_the_model_refuses() -> None:
    # Spot checks of the translation: a quoted amount, an unknown key, a bad code.
    schema = json.loads((SHIPPED / "record.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    good = {"单位编码": "yzq-dqfwzx", "年度": 2021, "项目": [{"项目编码": "a", "项目名称": "测试", "项目资金": {"年度资金总额": {"全年执行数": 3.92, "执行率": "98%"}}}]}
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "年度": "2021"})
    assert not validator.is_valid({**good, "单位编码": "YZQ_1"})
    assert not validator.is_valid({**good, "年初预算": 4})
    quoted_amount = {**good, "项目": [{"项目编码": "a", "项目名称": "测试", "项目资金": {"年度资金总额": {"全年执行数": "3.92"}}}]}
    assert not validator.is_valid(quoted_amount)
