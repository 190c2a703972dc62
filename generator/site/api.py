"""The static JSON API: a stable, versioned address per year, per department-year and per project.

    api/v1/index.json                       the years, with their addresses
    api/v1/<年度>/index.json                 a year's department-years and projects, with their addresses
    api/v1/<年度>/<单位编码>.json             one department's 绩效情况说明 of one year, all its projects
    api/v1/<年度>/<单位编码>/<项目编码>.json    one project: its row, funds rows, indicators, report

Addresses are relative to the site root and are built only from the year and the codes the publisher
chose, so they do not change when a page's wording does. Objects carry the same fields, under the same
names, as the tables of the data package (generator/site/datasets.py): one definition of every field.
A change that renames or drops a field gets a new version folder (v2); v1 stays as it is.

Figures are JSON numbers written with their published digits (132.912, 20.370): read them with a
decimal parser (Python: json.loads(text, parse_float=decimal.Decimal)) to keep every digit.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from decimal import Decimal

from generator.site.datasets import Row
from generator.records.model import OVERALL_PAGE

VERSION = "v1"
ROOT = f"api/{VERSION}"


def index_address() -> str:
    return f"{ROOT}/index.json"


def year_address(year: int) -> str:
    return f"{ROOT}/{year}/index.json"


def department_year_address(code: str, year: int) -> str:
    return f"{ROOT}/{year}/{code}.json"


def project_address(code: str, year: int, project: str) -> str:
    return f"{ROOT}/{year}/{code}/{project}.json"


# A Decimal leaves the standard library's (C) encoder as a string starting with NUL, then loses its quotes.
# Record text cannot hold NUL (generator/records/yaml_reader.py refuses control characters raw and as
# escapes), so a string that starts with one is always a marked figure; the count is checked all the same.
_FIGURE_MARK = "\x00"
_MARKED_FIGURE = re.compile(r'"\\u0000(-?[0-9]+(?:\.[0-9]+)?)"')


def dumps(document: object) -> bytes:
    """JSON with Decimal figures as number literals of their own digits (json.dumps would refuse them),
    one space of indent per level, dates as ISO text, other values as their text."""
    figures = 0

    def default(value: object) -> object:
        nonlocal figures
        if isinstance(value, Decimal) and value.is_finite():
            figures += 1
            return f"{_FIGURE_MARK}{value:f}"
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    text = json.dumps(document, ensure_ascii=False, indent=1, default=default)
    text, found = _MARKED_FIGURE.subn(r"\1", text)
    if found != figures:
        raise ValueError("JSON 文本中含有 NUL 字符，无法写出")
    return (text + "\n").encode("utf-8")


def _plain(row: Row) -> Row:
    """A table row as a JSON object: blank text stays "", a blank figure or date is null."""
    return dict(row)


def project_document(project: Row, funds: Iterable[Row], indicators: Iterable[Row], sections: Iterable[Row]) -> dict:
    key = ("年度", "单位编码", "项目编码")
    strip = lambda row: {k: v for k, v in row.items() if k not in key}  # noqa: E731 - the project row says them once
    return {
        "版本": VERSION,
        "项目": _plain(project),
        "项目资金": [strip(r) for r in funds],
        "绩效指标": [strip(r) for r in indicators],
        "自评报告": [strip(r) for r in sections],
    }


def department_year_document(tables: dict[str, list[Row]]) -> dict:
    report = tables["reports"][0]
    projects = []
    for p in tables["projects"]:
        code = p["项目编码"]
        doc = project_document(
            p, (r for r in tables["funds"] if r["项目编码"] == code), (r for r in tables["indicators"] if r["项目编码"] == code),
            (r for r in tables["sections"] if r["项目编码"] == code),
        )
        doc.pop("版本")
        doc["项目"]["接口地址"] = project_address(p["单位编码"], p["年度"], code)
        projects.append(doc)
    return {
        "版本": VERSION,
        "绩效情况说明": {**_plain(report), "接口地址": department_year_address(report["单位编码"], report["年度"])},
        "其他说明": [{k: v for k, v in r.items() if k not in ("年度", "单位编码", "项目编码")}
                  for r in tables["sections"] if r["项目编码"] == ""],
        "项目": projects,
        "部门整体支出绩效自评": _overall_document(tables),
        "评价结果": [
            {**_without(e, ("年度", "单位编码", "单位名称")),
             "项目": [_without(p, ("年度", "单位编码", "评价序号", "评价类型")) for p in tables["evaluated_projects"]
                    if p["评价序号"] == e["评价序号"]]}
            for e in tables["evaluations"]
        ],
    }


def _without(row: Row, keys: tuple[str, ...]) -> dict:
    return _plain({k: v for k, v in row.items() if k not in keys})


def _overall_document(tables: dict[str, list[Row]]) -> dict | None:
    """The 部门整体支出绩效自评表 with its budget parts, indicators and text; None where the record has none."""
    if not tables["overall"]:
        return None
    key = ("年度", "单位编码")
    return {
        **_without(tables["overall"][0], (*key, "单位名称")),
        "预算分项": [_without(r, key) for r in tables["overall_funds"]],
        "绩效指标": [_without(r, key) for r in tables["overall_indicators"]],
        "自评说明": [_without(r, (*key, "项目编码")) for r in tables["sections"] if r["项目编码"] == OVERALL_PAGE],
    }


def year_document(year: int, reports: list[tuple[Row, list[Row]]]) -> dict:
    """reports: each department-year's report row with its project rows."""
    return {
        "版本": VERSION,
        "年度": year,
        "绩效情况说明": [
            {
                "单位编码": r["单位编码"], "单位名称": r["单位名称"], "标题": r["标题"], "公开日期": r["公开日期"],
                "本站收录项目数（个）": r["本站收录项目数（个）"],
                "接口地址": department_year_address(r["单位编码"], year), "网页地址": r["网页地址"],
                "项目": [
                    {"项目编码": p["项目编码"], "项目名称": p["项目名称"], "全年预算数（万元）": p["全年预算数（万元）"],
                     "全年执行数（万元）": p["全年执行数（万元）"], "自评得分（分）": p["自评得分（分）"], "等级": p["等级"],
                     "接口地址": project_address(p["单位编码"], year, p["项目编码"]), "网页地址": p["网页地址"]}
                    for p in projects
                ],
            }
            for r, projects in reports
        ],
    }


def index_document(years: list[tuple[int, int, int]], site_name: str) -> dict:
    """years: (year, department-years, projects), newest first."""
    return {
        "版本": VERSION,
        "网站": site_name,
        "说明": "本站决算公开绩效情况说明的数据接口。地址相对于网站根目录；字段与数据包（data/datapackage.json）中各表的列相同，"
              "含义见网站“开放数据”页的数据字典。",
        "数据包": "data/datapackage.json",
        "年度": [
            {"年度": year, "单位数": departments, "项目数": projects, "接口地址": year_address(year),
             "数据包": f"data/{year}/datapackage.json"}
            for year, departments, projects in years
        ],
    }
