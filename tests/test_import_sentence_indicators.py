"""A 绩效自评报告 that states its indicators in sentences (云南's outline: "数量指标:某某4次,指标完成率100%") gives the
project its 绩效指标: name and 实际完成值 as printed, under the 一级/二级指标 the report names, none invented."""

from __future__ import annotations

from pathlib import Path

from generator.importers import import_files
from generator.records.model import DepartmentYear
from tests.import_support import empty_content

UNIT = "yzq-dqfwzx"

REPORT = """\
某市图书馆2022年度项目支出绩效自评报告(某某补助资金)

一、自评结论

(一)自评得分

100分。

(二)绩效目标完成情况

1.产出指标完成情况

数量指标:年度免费开放服务天360天,指标完成率100%;年度免费开放服务25万人次,指标完成率100%。

质量指标:公共数字文化服务参与率逐年提升,指标完成率100%。

2.效益指标完成情况

服务市民阅读需求有效提高,指标完成率100%。

3.满意度指标完成情况

读者满意度调查好评率90%,指标完成率99.14%。

(三)存在的问题和原因分析

经费不足。
"""


def _project(tmp_path: Path):
    path = tmp_path / "报告.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = import_files([path], empty_content(tmp_path), department=UNIT, year=2022, write=False)
    assert not result.failures, result.failures
    return result.records[0].record.projects[0]


def _rows(project) -> list[tuple]:
    return [(i.level1.value if i.level1 else None, i.level2, i.name, i.actual) for i in project.indicators]


def test_indicators_stated_in_sentences_become_the_projects_indicators(tmp_path):
    assert _rows(_project(tmp_path)) == [
        ("产出指标", "数量指标", "年度免费开放服务天", "360天"),
        ("产出指标", "数量指标", "年度免费开放服务", "25万人次"),
        ("产出指标", "质量指标", "公共数字文化服务参与率", "逐年提升"),
        ("效益指标", None, "服务市民阅读需求", "有效提高"),
        ("满意度指标", None, "读者满意度调查好评率", "90%"),
    ]


def test_no_target_or_weight_is_invented_for_an_indicator_stated_in_a_sentence(tmp_path):
    assert all(i.target == "" and i.weight is None and i.score is None for i in _project(tmp_path).indicators)


def test_the_sentences_stay_whole_in_the_report_with_their_completion_rates(tmp_path):
    project = _project(tmp_path)
    goal = project.report[0].subsections[1]
    assert "读者满意度调查好评率90%,指标完成率99.14%。" in goal.text
