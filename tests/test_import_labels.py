"""The label table reads each province's wording of the form as the field it is (generator/importers/labels.tsv)."""

from __future__ import annotations

import pytest

from generator.importers import labels
from generator.importers.form_table import canonical_level1, canonical_level2, split_name_unit

PRINTED = [
    ("全年预算数(A)", "funds.column", "全年预算数"),
    ("执行率(B/A)", "funds.column", "执行率"),
    ("调整后预算数", "funds.column", "全年预算数"),
    ("预算执行数", "funds.column", "全年执行数"),
    ("年初预算", "funds.column", "年初预算数"),
    ("得分 (20分*执行率)", "funds.column", "得分"),
    ("其中：本年财政拨款", "funds.row", "当年财政拨款"),
    ("其中:财政资金", "funds.row", "当年财政拨款"),
    ("总额", "funds.row", "年度资金总额"),
    ("实施单位 (盖章)", "header", "实施单位"),
    ("项目资金（万元）", "funds", "group"),  # the block's own label
    ("年度\n指标值", "indicators.column", "年度指标值"),
    ("未完成原因分析", "indicators.column", "偏差原因分析及改进措施"),
    ("偏差原因分忻及改进措施", "indicators.column", "偏差原因分析及改进措施"),  # one character misread by OCR
    ("全年(调整)预算数", "funds.column", "全年预算数"),
    ("ＦＵＬＬ", "funds.column", None),
]


@pytest.mark.parametrize(("printed", "family", "field"), PRINTED)
def test_printed_label_is_read_as_its_field(printed, family, field):
    found = labels.find(printed, family)
    assert (found.field if found else None) == field


def test_one_wrong_character_in_a_short_label_is_not_guessed():
    assert labels.find("数星指标", "level2") is None  # 数量 or 质量? four characters are too few to tell


def test_level_with_its_weight_is_the_level():
    assert canonical_level1("产出指标(70分)") == "产出指标"
    assert canonical_level2("环境效益", "效益指标") == "生态效益指标"
    assert canonical_level2("服务对象满意度指标等", "满意度指标") == "服务对象满意度指标"


@pytest.mark.parametrize(("printed", "split"), [
    ("召开会议次数(次)", ("召开会议次数", "次")),
    ("会议单次成本(元/人)", ("会议单次成本", "元/人")),
    ("足额保障率(参保率)", ("足额保障率(参保率)", "")),
    ("发放(缴纳)覆盖率", ("发放(缴纳)覆盖率", "")),
])
def test_unit_is_split_off_a_name_only_when_it_is_a_unit(printed, split):
    assert split_name_unit(printed) == split
