"""Layouts that lost a form's rows: a sheet flattened column by column by a document site, its header's
labels printed apart from each other and among the values (real case: corpus shanxi_jishan_…_2021)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.importers import import_files
from generator.records.loading import load_content
from generator.records.model import Indicator, Level1
from generator.site.pages import build_page_tree
from tests.import_support import empty_content, import_one

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
    return import_one(tmp_path, text, 2021, write)


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


# --- scoring sheets (评分表): levels of an evaluation framework, weights and scores -------------------------------

# A web page's table given one cell a line, a "|" line after each cell (real case: corpus anhui_tongling_…_2021).
SCORING_SHEET = "\n|\n".join([
    "2021年度某奖补项目绩效评价自评表", "|", "序号", "一级指标", "二级指标", "三级指标", "指标说明", "指标", "县级", "市级", "|",
    "分值", "评分", "评分", "|", "1", "决策(10)", "项目立项", "民主议事", "记录完整,得2分", "2", "2", "|", "|",
    "2", "申报审批", "审批文件齐全,得2分", "2", "1", "|", "|", "专账核算,得1分", "1", "1", "|", "|",
    "3", "过程(30)", "资金管理", "资金拨付", "实行国库集中支付的,得2分", "2", "2", "|",
]) + "\n"


@pytest.fixture
def scoring_sheet(tmp_path):
    return _imported(tmp_path, SCORING_SHEET)[0]


def test_scoring_sheet_rows_are_read_by_their_numbers_with_weight_and_score(scoring_sheet):
    rows = [(i.name, str(i.weight), str(i.score)) for i in scoring_sheet.record.projects[0].indicators]
    assert rows == [("民主议事", "2", "2"), ("申报审批", "2", "1"), ("资金拨付", "2", "2")]


def test_scoring_sheet_levels_outside_the_tree_are_listed_not_forced_into_it(scoring_sheet):
    record = scoring_sheet.record
    assert all(i.level1 is None and i.level2 is None for i in record.projects[0].indicators)
    assert any("一级指标“决策(10)”不是产出指标、效益指标、满意度指标之一" in item for item in record.unplaced)
    assert any("二级指标“资金管理”" in item for item in record.unplaced)


def test_scoring_sheet_criteria_and_an_unnumbered_line_are_kept_in_unplaced_content(scoring_sheet):
    unplaced = scoring_sheet.record.unplaced
    assert any("指标“民主议事”的“指标说明”：记录完整,得2分" in item for item in unplaced)
    assert any("专账核算,得1分 1 1" in item for item in unplaced)
    assert "|" not in unplaced


def test_scoring_sheet_takes_its_project_name_from_its_title(scoring_sheet):
    assert scoring_sheet.record.projects[0].name == "某奖补"


# A department-level 得分表 whose weights stand in the names (real case: corpus sichuan_shengji_…_2017).
WEIGHTED = (
    "2017 年部门整体支出绩效评价得分表 一级指 标 二级指标 三级指标 得分 部门决 策(25 分) 目标任务(15 分) 相关性(5 分)\n"
    "5 明确性(10 分)\n9 预算编制(10 分) 测算依据(10 分)\n2 综合管 理(5 分) 资金分配(5 分)\n4\n"
)


def test_weights_printed_in_the_names_nest_the_items_under_their_levels(tmp_path):
    record = _imported(tmp_path, WEIGHTED)[0].record
    rows = [(i.level1, i.level2, i.name, str(i.weight), str(i.score)) for i in record.overall.indicators]
    assert rows == [
        ("部门决策", "目标任务", "相关性", "5", "5"), ("部门决策", "目标任务", "明确性", "10", "9"),
        ("部门决策", "预算编制", "测算依据", "10", "2"), ("综合管理", "", "资金分配", "5", "4"),
    ]


# A page of a project scoring sheet whose header is on an earlier page: each name, then its weight and score.
CONTINUED_PAGE = (
    "20 分)项目决策(10 分)科学决策必要性 (政策依据)\n5 5 可行性\n5 4 (\n10 ) 绩效目标明确性\n5 5\n14 (\n"
    "10 分)项目管理(7分)资金管理资金分配\n3 2 总分 以下是说明文字。\n"
)


def test_a_scoring_sheet_page_without_its_header_is_read_item_by_item(tmp_path):
    imported = _imported(tmp_path, CONTINUED_PAGE)[0]
    project = imported.record.projects[0]
    assert [(i.name, str(i.weight), str(i.score)) for i in project.indicators] == [
        ("必要性", "5", "5"), ("可行性", "5", "4"), ("明确性", "5", "5"), ("资金分配", "3", "2")]
    assert any("指标“必要性”的说明：(政策依据)" in item for item in imported.record.unplaced)
    assert any("14" in item for item in imported.record.unplaced)


def test_a_form_printed_without_a_project_name_is_imported_under_a_name_that_says_so(tmp_path):
    imported = _imported(tmp_path, CONTINUED_PAGE)[0]
    assert imported.record.projects[0].name == "（原文未载明项目名称）"
    assert any("表中没有找到项目名称，暂写作“（原文未载明项目名称）”，请照原文补上" in note for note in imported.notes)


# A Word form dumped onto one line: suffixes "(A)" apart from their labels, the filler's 单位名称 before the
# project's name, a name broken by the cell's width (real case: corpus hubei_qu_…_2020).
HUBEI = (
    "2020 年某某资金项目自评表 单位名称:区商务局 项目名称 2020 年某某资金 主管部门 区商务局 预算执行 情况(万元) (20 分) "
    "年度财政 资金总额 预算数 (A) 执行数(B) 执行率(B/A) 得分 (20 分*执行率) 285.84 280 98% 19.6 三级指标 年初目标值 (A) "
    "实际完成值 (B) 得分 支持服务贸易、服务外 包企业数量 3 3 10 资金拨付及时性 98%以上 100% 10\n"
)


def test_a_project_form_naming_its_filling_unit_is_a_project_form(tmp_path):
    record = _imported(tmp_path, HUBEI)[0].record
    assert record.overall is None and record.projects[0].name == "2020 年某某资金"


def test_suffixes_printed_apart_from_their_labels_still_name_the_columns(tmp_path):
    total = _imported(tmp_path, HUBEI)[0].record.projects[0].funds.total
    assert (str(total.full_year_budget), str(total.executed), total.rate, str(total.weight), str(total.score)) == (
        "285.84", "280", "98%", "20", "19.6")


def test_a_name_broken_by_the_cell_width_is_joined_when_its_values_fill_the_row(tmp_path):
    indicators = _imported(tmp_path, HUBEI)[0].record.projects[0].indicators
    assert [(i.name, i.target, i.actual, str(i.score)) for i in indicators] == [
        ("支持服务贸易、服务外包企业数量", "3", "3", "10"), ("资金拨付及时性", "98%以上", "100%", "10")]


# --- honest messages --------------------------------------------------------------------------------------------


def test_indicator_names_without_figures_are_said_to_lack_their_figures(tmp_path):
    content = empty_content(tmp_path)
    source = tmp_path / "半张评分表.txt"
    source.write_text("2021年度某项目绩效评价自评表\n一级指标 二级指标 三级指标 指标说明\n决策 项目立项 民主议事 记录完整得2分\n", encoding="utf-8")
    result = import_files([source], content, department="yzq-dqfwzx", year=2021, write=False)
    assert "绩效指标表只有“一级指标”“二级指标”“三级指标”，没有数值栏（“年度指标值”“实际完成值”“分值”“得分”）" in result.failures[0]
    assert "或绩效指标表（“一级指标”“二级指标”“三级指标”）" not in result.failures[0]


def test_a_file_the_system_cannot_open_is_said_in_words(tmp_path, monkeypatch):
    content = empty_content(tmp_path)
    source = tmp_path / "自评表.txt"
    source.write_text(FLATTENED, encoding="utf-8")

    def refused(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refused)
    result = import_files([source], content, department="yzq-dqfwzx", year=2021, write=False)
    assert result.failures == [f"{source.as_posix()}：文件无法打开（没有读取权限），未导入。"]


def test_an_office_file_the_system_cannot_open_is_said_in_words_not_called_broken(tmp_path, monkeypatch):
    import zipfile

    content = empty_content(tmp_path)
    source = tmp_path / "自评表.docx"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(source))

    monkeypatch.setattr("generator.importers.docx_reader.read_docx_blocks", refused)
    monkeypatch.setattr("generator.importers.check_docx", lambda path: None)
    result = import_files([source], content, department="yzq-dqfwzx", year=2021, write=False)
    assert result.failures == [f"{source.as_posix()}：文件无法打开（没有读取权限），未导入。"]


def test_a_numbered_header_whose_rows_print_no_numbers_is_read_by_name_and_values(tmp_path):
    text = (
        "2021年度某项目支出绩效自评表 项目名称 某某经费 序号 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
        "产出指标 数量指标 培训人次 200人次 210人次 50 50 满意度指标 服务对象满意度指标 回访合格率 ≥90% 95% 50 50\n"
    )
    indicators = _imported(tmp_path, text)[0].record.projects[0].indicators
    assert [(i.name, i.target, i.actual, str(i.score)) for i in indicators] == [
        ("培训人次", "200人次", "210人次", "50"), ("回访合格率", "≥90%", "95%", "50")]


def test_text_values_wrapped_at_their_cells_width_are_joined_cell_by_cell(tmp_path):
    text = HUBEI.rstrip("\n") + " 企业国际质量提升 获得目的国 (地区)受 众欢迎 受目的国受 众欢迎显著 10\n"
    indicator = _imported(tmp_path, text)[0].record.projects[0].indicators[-1]
    assert (indicator.name, indicator.target, indicator.actual, str(indicator.score)) == (
        "企业国际质量提升", "获得目的国(地区)受众欢迎", "受目的国受众欢迎显著", "10")
