"""Layouts that lost a form's rows: a sheet flattened column by column by a document site, its header's
labels printed apart from each other and among the values (real case: corpus shanxi_jishan_…_2021)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.importers import import_files
from generator.loading import load_content
from generator.model import Indicator, Level1
from generator.pages import build_page_tree
from tests.import_support import empty_content

# A 全国通用 form flattened column by column: "年初预算 数 0" printed before the funds header, the
# indicator header in four pieces (一级 指标 … 年度 实际 / 指标值 完成值 … 二级指标 三级指标 分值 得分),
# 指标1's values split around the header's last piece, and no 一级/二级指标 printed for any row.
FLATTENED = (
    "某县项目支出绩效自评表 (2021年度) 项目名称 乡村卫生服务 主管部门 某县卫生健康局 年初预算 数 0 项目资金 (万元) "
    "年度资金总额 实施单位 某镇卫生院 全年预算数 全年执行数 分值 执行率 得分 48 50.5 10 100% 10 其中:当年财政拨款 "
    "上年结转资金 其他资金 一级 指标 年度 实际 指标值 完成值 指标1:建立健康档案 3000人 二级指标 三级指标 分值 得分 "
    "2950人 5 4 指标2:举办讲座 12次 14次 5 5 指标3:随访人数 200 人 180人 5 4.5\n"
)


def _imported(tmp_path: Path, text: str, write: bool = False):
    content = empty_content(tmp_path)
    code = re.findall(r"^\s+- 编码:\s*(\S+)", (content / "departments.yml").read_text(encoding="utf-8"), re.M)[-1]
    source = tmp_path / "自评表.txt"
    source.write_text(text, encoding="utf-8")
    result = import_files([source], content, department=code, year=2021, write=write)
    assert not result.failures, result.failures
    return result.records[0], content


@pytest.fixture
def flattened(tmp_path):
    return _imported(tmp_path, FLATTENED)[0]


def test_indicators_are_read_when_the_header_labels_are_printed_apart(flattened):
    rows = [(i.name, i.target, i.actual, str(i.weight), str(i.score)) for i in flattened.record.projects[0].indicators]
    assert rows[1:] == [("举办讲座", "12次", "14次", "5", "5"), ("随访人数", "200人", "180人", "5", "4.5")]


def test_a_value_broken_from_its_unit_by_a_space_is_joined(flattened):
    assert flattened.record.projects[0].indicators[2].target == "200人"


def test_values_printed_apart_from_their_indicator_are_listed_not_made_indicators(flattened):
    record = flattened.record
    assert [i.name for i in record.projects[0].indicators] == ["建立健康档案", "举办讲座", "随访人数"]
    assert record.projects[0].indicators[0].target == "3000人"
    assert any("2950人 5 4" in item for item in record.unplaced)


def test_funds_label_printed_before_the_funds_header_keeps_its_value(flattened):
    total = flattened.record.projects[0].funds.total
    assert (str(total.initial_budget), str(total.full_year_budget), str(total.executed), total.rate, str(total.score)) == (
        "0", "48", "50.5", "100%", "10")


def test_indicator_whose_levels_are_not_printed_is_kept_without_levels_and_the_user_told(flattened):
    indicator = flattened.record.projects[0].indicators[1]
    assert (indicator.level1, indicator.level2) == (None, None)
    assert any("没有印出部分指标的一级指标或二级指标" in note for note in flattened.notes)


def test_indicator_with_only_its_level2_takes_the_level1_it_belongs_to():
    indicator = Indicator.model_validate({"二级指标": "质量指标", "三级指标": "合格率", "年度指标值": "≥95%"})
    assert indicator.level1 is Level1.OUTPUT


def test_indicator_whose_levels_are_not_printed_is_published_with_empty_level_cells(tmp_path):
    imported, content = _imported(tmp_path, FLATTENED, write=True)
    page = next(p for p in build_page_tree(load_content(content)).pages.values() if "举办讲座" in p.body)
    row = re.search(r'<tr id="zb-2"[^>]*>.*?</tr>', page.body, re.S).group(0)
    assert "举办讲座" in row and "12次" in row and "14次" in row
