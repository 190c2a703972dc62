"""A table flattened onto one line whose last rows were cut short: their text cells wrapped at the cell's width,
their later columns printed after the table, behind the level names that merged cells pushed to the end (real
case: corpus hubei_qu_fuwumaoyi_2020). The wrapped lines are put back together at the width the same table shows
elsewhere, and the rows take the loose cells column by column, only where what is printed allows one reading.

The layout here is made up (not the Hubei form): other columns (年度指标值 | 实际完成值 | 分值 | 得分), other widths
(names wrapped at 8 characters, text values at 6), three rows cut, and the loose cells printed inside the total row."""

from __future__ import annotations

from pathlib import Path

from tests.import_support import import_one

HEAD = (
    "2021年度项目支出绩效自评表 项目名称 社区养老服务补助 主管部门 某区民政局 项目资金 (万元) 年初预算数 全年预算数 "
    "全年执行数 分值 执行率 得分 年度资金总额 50 50 48 10 96% 9.6 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
    # two whole rows: a name wrapped at 8 characters ("享受居家养老补助 | 的老年人数"), a target wrapped at 6
    "产出指标 数量指标 享受居家养老补助 的老年人数 1200人 1260人 25 25 质量指标 服务质量 达到省级养老 服务标准 达到标准 25 25 "
)
CUT = (
    # three rows cut after their target; their actuals, weights and scores come after the pushed level names
    "效益指标 社会效益指标 老年人生活质量改 善情况 生活质量明显 改善 可持续影响指标 服务机制长效运行 情况 长效运行 "
    "满意度指标 服务对象满意度指标 老年人满意度 ≥90% 效益指标 总分 "
)
LOOSE = "生活质量有所 改善 机制基本健全 95% 20 10 10 18 8 10 95.6\n"


def _project(tmp_path: Path, text: str):
    return import_one(tmp_path, text, 2021)[0].record


def _rows(record) -> list[tuple[str, str, str, str, str]]:
    return [(i.name, i.target, i.actual, str(i.weight), str(i.score)) for i in record.projects[0].indicators]


def test_a_name_and_a_target_wrapped_at_the_width_the_table_shows_are_put_back_together(tmp_path):
    names = [row[:2] for row in _rows(_project(tmp_path, HEAD + CUT + LOOSE))]
    assert names[2:] == [("老年人生活质量改善情况", "生活质量明显改善"), ("服务机制长效运行情况", "长效运行"), ("老年人满意度", "≥90%")]


def test_rows_cut_short_take_the_cells_printed_after_the_table_column_by_column(tmp_path):
    rows = _rows(_project(tmp_path, HEAD + CUT + LOOSE))
    assert [row[2:] for row in rows[2:]] == [("生活质量有所改善", "20", "18"), ("机制基本健全", "10", "8"), ("95%", "10", "10")]


def test_the_figure_left_after_the_cut_rows_cells_is_the_total_rows(tmp_path):
    assert str(_project(tmp_path, HEAD + CUT + LOOSE).projects[0].total_score) == "95.6"


def test_loose_cells_that_also_fit_row_by_row_are_kept_in_unplaced_content_not_guessed(tmp_path):
    # actuals that are plain numbers: "1300 1250 1280 20 10 10 18 8 10" reads as well row by row
    record = _project(tmp_path, HEAD + CUT.replace("生活质量明显 改善", "1200").replace("长效运行", "1200").replace("≥90%", "1200")
                      + "1300 1250 1280 20 10 10 18 8 10\n")
    rows = _rows(record)
    assert [row[2:] for row in rows[2:]] == [("", "None", "None")] * 3
    assert "1250" in " ".join(record.unplaced)


def test_loose_cells_more_than_the_cut_rows_miss_are_not_placed(tmp_path):
    rows = _rows(_project(tmp_path, HEAD + CUT + LOOSE.replace("95.6", "95.6 7")))
    assert [row[2] for row in rows[2:]] == ["", "", ""]
