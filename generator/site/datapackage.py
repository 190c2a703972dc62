"""The Frictionless data package (datapackage.json) that describes the CSV files of generator/site/datasets.py.

One descriptor for the whole site (data/) and one per year (data/<年度>/), each listing its CSV files with
a Table Schema made from the table definitions: types, units, constraints, primary and foreign keys.
Nothing here names a column; a table added in datasets.py is described here at once.
"""

from __future__ import annotations

import json

from generator.site.datasets import TABLES, Column, Table

# Written by generator.site.exports: UTF-8 with a BOM (for Excel), booleans as 是/否, a blank cell is missing.
ENCODING = "utf-8-sig"
TRUE_VALUES = ["是"]
FALSE_VALUES = ["否"]


def field_descriptor(column: Column) -> dict:
    field: dict = {"name": column.name, "type": column.type, "description": column.description}
    if column.unit:
        field["unit"] = column.unit  # Fiscal Data Package style; also in the column's name
    field["voice"] = column.voice.value
    if column.type == "boolean":
        field["trueValues"] = TRUE_VALUES
        field["falseValues"] = FALSE_VALUES
    if column.type == "date":
        field["format"] = "%Y-%m-%d"
    constraints: dict = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(table: Table) -> dict:
    schema: dict = {"fields": [field_descriptor(c) for c in table.columns], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(k.fields), "reference": {"resource": k.table, "fields": list(k.reference)}}
            for k in table.foreign_keys
        ]
    return schema


def descriptor(name: str, title: str, description: str, tables: tuple[Table, ...] = TABLES) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": description,
        "resources": [
            {
                "name": t.name,
                "title": t.title,
                "description": t.description,
                "path": f"{t.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": ENCODING,
                "schema": table_schema(t),
            }
            for t in tables
        ],
    }


def datapackage_json(name: str, title: str, description: str) -> bytes:
    return (json.dumps(descriptor(name, title, description), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
