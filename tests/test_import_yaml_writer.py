"""Records written by the importer look hand-written and read back unchanged through the project's reader."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.importers.yaml_writer import dump_record
from generator.records.model import DepartmentYear
from generator.records.yaml_reader import REFUSED_CHARACTERS, read_text
from tests.hostile_strings import BLNS, OWN


def _record(**project) -> DepartmentYear:
    return DepartmentYear.model_validate({"单位编码": "yzq-dqfwzx", "年度": 2021, "项目": [{"项目编码": "p01", "项目名称": "测试", **project}]})


def _read_back(record: DepartmentYear) -> DepartmentYear:
    return DepartmentYear.model_validate(read_text(dump_record(record), "test.yml").data)


def test_keys_follow_the_model_order_and_empty_fields_are_left_out():
    text = dump_record(_record(项目概况="概况", 自评得分=Decimal("96.37")))
    assert text.splitlines()[1:] == [
        "单位编码: yzq-dqfwzx", "年度: 2021", "项目:", "  - 项目编码: p01", "    项目名称: 测试", "    项目概况: 概况", "    自评得分: 96.37",
    ]


def test_multi_line_text_is_a_literal_block():
    text = dump_record(_record(自评综述="第一段。\n第二段。"))
    assert "    自评综述: |-\n      第一段。\n      第二段。\n" in text


def test_a_unit_starting_with_a_yaml_indicator_is_quoted():
    indicator = {"一级指标": "产出指标", "二级指标": "质量指标", "三级指标": "合格率", "计量单位": "%", "年度指标值": "95"}
    assert "        计量单位: '%'\n" in dump_record(_record(绩效指标=[indicator]))


def test_a_number_written_as_target_stays_plain_and_a_number_as_name_is_quoted():
    indicator = {"一级指标": "产出指标", "二级指标": "时效指标", "三级指标": "2024", "年度指标值": "2024"}
    text = dump_record(_record(绩效指标=[indicator]))
    assert "        三级指标: '2024'\n" in text
    assert "        年度指标值: 2024\n" in text


def test_percentages_and_comparators_stay_plain():
    text = dump_record(_record(项目资金={"年度资金总额": {"执行率": "98%"}}, 绩效指标=[{"一级指标": "产出指标", "二级指标": "成本指标", "三级指标": "节约率", "年度指标值": "≥95%"}]))
    assert "        执行率: 98%\n" in text
    assert "        年度指标值: ≥95%\n" in text


@pytest.mark.parametrize("text", BLNS + OWN + ["  前导空格\n第二行", "含\t制表符", "行尾空格 \n第二行", "null", "2022-12-07", "true", "- 列表", "a: b", "注 #1"])
def test_any_text_reads_back_unchanged(text):
    visible = REFUSED_CHARACTERS.sub("", text)  # invisible controls are left out: the reader refuses them
    name = text if visible.strip() else "测试"  # 项目名称 may not be blank (issue 16)
    again = _read_back(_record(项目名称=name, 自评综述=text))
    assert (again.projects[0].name, again.projects[0].summary) == (REFUSED_CHARACTERS.sub("", name), visible)
