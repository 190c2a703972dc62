"""The genre's other kinds import into their own parts of the record, never into a project.

A 部门整体支出绩效自评表 goes to 部门整体支出绩效自评 (its budget block with the 执行率 weight and score, its
年初/调整 goals, its weighted indicators with 指标性质, 年初/调整指标值, 全年完成值, 得分系数, 是否核心指标), and
a 说明 that gives only 自评覆盖 and evaluation results stands without projects. The form is built here from the
kinds fixture (tests/data/kinds/2023/sl-czj.yml) in the layout the issue describes, so what comes back can be
compared with what went in.
"""

from __future__ import annotations

from pathlib import Path

import docx

from generator.cli import main
from generator.importers import KIND_OVERALL_FORM, KIND_STATEMENT, import_files, record_kinds
from generator.records.model import DepartmentYear
from generator.records.yaml_reader import read_file
from tests.import_support import empty_content

KINDS = Path(__file__).resolve().parent / "data" / "kinds" / "2023"
INDICATOR_HEADER = ["一级指标", "二级指标", "指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值",
                    "得分系数", "指标权重", "指标得分", "是否核心指标", "偏差原因分析及改进措施"]
INDICATOR_KEYS = ["一级指标", "二级指标", "三级指标", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值",
                  "得分系数", "指标权重", "指标得分", "是否核心指标", "偏差原因分析及改进措施"]


def _fixture_overall() -> dict:
    data = read_file(KINDS / "sl-czj.yml").data
    return DepartmentYear.model_validate(data).overall.model_dump(by_alias=True, exclude_defaults=True, mode="json")


def _overall_docx(path: Path, overall: dict, unit: str = "万元") -> Path:
    """The form as a unit keeps it in Word: title above, one table, the 自评说明 below; its money in `unit`."""
    document = docx.Document()
    document.add_paragraph("某市财政局")
    document.add_paragraph(overall["标题"])
    width = len(INDICATOR_HEADER)
    funds = overall["年度预算执行情况"]
    rows: list[list[str]] = [
        [f"年度预算执行情况（{unit}）", "", "年初预算数", "全年(调整)预算数", "全年执行数", "执行率", "执行率权重", "执行率得分"],
        ["", "合计", *(str(funds.get(k, "")) for k in ("年初预算数", "全年预算数", "全年执行数", "执行率", "分值", "得分"))],
    ]
    rows += [["", part["名称"], *(str(part.get(k, "")) for k in ("年初预算数", "全年预算数", "全年执行数", "执行率")), "", ""] for part in funds["其中"]]
    goal = overall["年度总体目标"]
    rows += [["年度总体目标", "年初绩效目标", "全年(调整)绩效目标", "全年目标实际完成情况"], ["", goal["年初目标"], goal["调整目标"], goal["实际完成情况"]]]
    rows.append(INDICATOR_HEADER)
    for indicator in overall["绩效指标"]:
        rows.append([{True: "是", False: "否"}.get(value, value) if isinstance(value, bool) else str(value)
                     for value in (indicator.get(key, "") for key in INDICATOR_KEYS)])
    rows.append(["总分", "", "", "", "", "", "", "", "", "", str(overall["自评得分"]), "等级", overall["等级"]])
    table = document.add_table(rows=0, cols=width)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values + [""] * (width - len(values))):
            cell.text = value
    for section in overall["自评说明"]:
        document.add_paragraph(section["标题"])
        document.add_paragraph(section["正文"])
    document.save(str(path))
    return path


def _imported(tmp_path: Path, path: Path) -> DepartmentYear:
    result = import_files([path], empty_content(tmp_path), department="yzq-dqfwzx", year=2023, write=False)
    assert not result.failures, result.failures
    return result.records[0].record


def test_department_level_form_imports_into_its_own_part_not_a_project(tmp_path):
    overall = _fixture_overall()
    record = _imported(tmp_path, _overall_docx(tmp_path / "部门整体.docx", overall))
    assert record.projects == []
    assert record_kinds(record) == [KIND_OVERALL_FORM]
    assert record.overall.model_dump(by_alias=True, exclude_defaults=True, mode="json") == overall


def test_lower_is_better_indicator_keeps_its_printed_nature(tmp_path):
    record = _imported(tmp_path, _overall_docx(tmp_path / "部门整体.docx", _fixture_overall()))
    adjustment = next(i for i in record.overall.indicators if i.name == "预算调整率")
    assert (adjustment.nature.value, adjustment.initial_target, adjustment.actual) == ("≤", "10", "11.02")


COVERAGE_ONLY = """某市教育局2023年度决算公开绩效情况说明
一、预算绩效管理工作开展情况
我局对2023年度全部项目支出开展了绩效自评，共12个项目，涉及资金5,120.36万元，占项目支出总额的100%。
二、重点绩效评价结果
市财政局对我局7个项目开展了重点绩效评价，涉及资金2,298万元，评价结果为优良的4个、中的3个。
"""


def test_coverage_only_statement_stands_without_projects(tmp_path, capsys):
    path = tmp_path / "说明.txt"
    path.write_text(COVERAGE_ONLY, encoding="utf-8")
    record = _imported(tmp_path, path)
    assert record.projects == [] and record.overall is None
    assert record_kinds(record) == [KIND_STATEMENT]
    assert (record.coverage.projects, str(record.coverage.amount), record.coverage.share) == (12, "5120.36", "100%")
    (evaluation,) = record.evaluations
    assert (evaluation.kind.value, evaluation.evaluator, evaluation.projects_count, str(evaluation.amount)) == ("重点评价", "市财政局", 7, "2298")
    assert [(g.grade, g.projects) for g in evaluation.grades] == [("优良", 4), ("中", 3)]
    assert evaluation.title == "二、重点绩效评价结果"


def test_coverage_only_statement_is_announced_by_what_it_holds(tmp_path, capsys):
    path = tmp_path / "说明.txt"
    path.write_text(COVERAGE_ONLY, encoding="utf-8")
    content = empty_content(tmp_path)
    assert main(["import", str(path), "--content", str(content), "--department", "yzq-dqfwzx"]) == 0
    assert "预算绩效管理工作开展情况（自评覆盖）、重点评价结果" in capsys.readouterr().err
