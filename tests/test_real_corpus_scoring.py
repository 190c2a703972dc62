"""The corpus score counts a value as placed only under the form's label, in the right row, project and indicator."""

from __future__ import annotations

from decimal import Decimal

from generator.records.model import DepartmentYear
from tests.real_corpus import score

SICHUAN = {
    "kind": "项目支出绩效自评表",
    "projects": [{
        "项目名称": "文化市场综合行政执法人员制式服装预算经费",
        "资金": {"总额": {"年初预算": "0.00", "调整后预算数": "3.75", "预算执行数": "3.75", "预算执行率": "100.00%", "权重": "10"}},
        "指标": [
            {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "配备制式服装的人员数量",
             "指标性质": "≥", "指标值": "9", "度量单位": "人", "完成值": "9", "权重": "20", "得分": "20"},
        ],
    }],
}


def _record(funds: dict, indicators: list[dict], unplaced: list[str] | None = None) -> dict:
    return {
        "单位编码": "x", "年度": 2022, "未归类内容": unplaced or [],
        "项目": [{"项目名称": "文化市场综合行政执法人员制式服装预算经费", "项目资金": funds, "绩效指标": indicators}],
    }


RIGHT_FUNDS = {"年度资金总额": {"年初预算数": Decimal("0.00"), "全年预算数": Decimal("3.75"), "全年执行数": Decimal("3.75"),
                          "执行率": "100.00%", "分值": Decimal("10")}}
RIGHT_INDICATOR = {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "配备制式服装的人员数量", "计量单位": "人",
                   "年度指标值": "≥9", "实际完成值": "9", "分值": Decimal("20"), "得分": Decimal("20")}


def test_regional_labels_count_as_the_model_fields_they_are():
    result = score(SICHUAN, _record(RIGHT_FUNDS, [RIGHT_INDICATOR]))
    assert result.share == 1.0, result.report()


def test_a_figure_in_another_fund_row_is_misplaced():
    funds = {"当年财政拨款": RIGHT_FUNDS["年度资金总额"]}
    result = score(SICHUAN, _record(funds, [RIGHT_INDICATOR]))
    assert {leaf.label for leaf, _ in result.misplaced} >= {"调整后预算数", "预算执行数", "权重"}
    assert result.share < 1.0


def test_a_score_given_to_another_indicator_is_misplaced():
    other = dict(RIGHT_INDICATOR, 三级指标="执法车辆数量")
    result = score(SICHUAN, _record(RIGHT_FUNDS, [other]))
    assert any(leaf.label == "得分" for leaf, _ in result.misplaced)


def test_a_figure_kept_only_in_unplaced_content_is_not_placed():
    result = score(SICHUAN, _record({}, [RIGHT_INDICATOR], unplaced=["总额 0.00 3.75 3.75 100.00% 10"]))
    assert [leaf.label for leaf in result.kept] == ["年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重"]
    assert result.share < 0.7


def test_a_split_target_kept_whole_with_its_unit_is_placed():
    result = score(SICHUAN, _record(RIGHT_FUNDS, [RIGHT_INDICATOR]))
    placed = {leaf.label for leaf in result.placed}
    assert {"指标性质", "指标值", "度量单位"} <= placed


def test_a_target_without_its_sign_is_missing_the_sign():
    bare = dict(RIGHT_INDICATOR, 年度指标值="9人")
    result = score(SICHUAN, _record(RIGHT_FUNDS, [bare]))
    assert "指标性质" not in {leaf.label for leaf in result.placed}


def test_a_pydantic_record_is_scored_by_its_aliases():
    record = DepartmentYear.model_validate({
        "单位编码": "x", "年度": 2022,
        "项目": [{"项目编码": "p", "项目名称": "文化市场综合行政执法人员制式服装预算经费",
                 "项目资金": {"年度资金总额": {"年初预算数": Decimal("0.00"), "全年预算数": Decimal("3.75"),
                                          "全年执行数": Decimal("3.75"), "执行率": "100.00%", "分值": Decimal("10")}},
                 "绩效指标": [{"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "配备制式服装的人员数量",
                           "计量单位": "人", "年度指标值": "≥9", "实际完成值": "9",
                           "分值": Decimal("20"), "得分": Decimal("20")}]}],
    })
    assert score(SICHUAN, record).share == 1.0
