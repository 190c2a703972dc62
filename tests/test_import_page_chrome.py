"""A document copied from a government portal: the portal's page is not the unit's text.

The 政府信息公开 information bar gives the record its 索引号, 发布机构 and 公开日期; the site's navigation,
buttons and footer stay out of the record and are listed to the user; the sentences a report opens with
before its first heading are its first section, not 未归类内容.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.importers import import_files
from generator.records.model import DepartmentYear
from tests.import_support import empty_content

UNIT = "yzq-dqfwzx"

REPORT = """\
首页 政务公开 互动交流
您当前位置: 首页>区政府部门>某某局>预算/决算
[ 索引号 ] 11500111709318024F/2021-00230 [ 发文字号 ]
[ 发布机构 ] 某区某某局 [ 发布日期 ] 2021-08-03
[ 成文日期 ] 2021-07-30 [ 有效性 ]
某区某某局
某区某某局2020年度部门整体支出绩效自评报告
根据《关于全面实施预算绩效管理的实施意见》(某发〔2019〕10号)等文件精神,我局对2020年度本单位整体支出进行了绩效自评,现将情况报告如下:
一、基本情况
(一)部门基本情况。
我局内设办公室等7个科室,下设2个事业单位。
二、绩效自评情况
自评得分95分,等级为优。
"""

BULLETED_BAR = """\
• 索引号
  • 79518791-2-/2023-0427027
  • 发布机构
  • 某市文化和旅游局
  • 发布日期
  • 2023-04-27
  • 文号
  • 浏览量
某市图书馆2022年度项目支出绩效自评报告(某某补助资金)
一、自评结论
(一)自评得分
100分。
二、佐证材料
(一)项目基本情况
购置图书装具。
"""

STATEMENT_WITH_FOOTER = """\
某县开展预算绩效自评
此次单位自评的对象是2022年系统内所有预算项目支出,截至4月中旬,各单位已上报项目绩效自评1355条,审核通过1098条。
免责声明:
※ 以上所展示的信息来自媒体转载,本网站不作任何保证。
单位地址:某市某路60号 联系电话:0839-3263273
"""


def _import(tmp_path: Path, text: str, year: int) -> tuple[DepartmentYear, list[str]]:
    path = tmp_path / "原文.txt"
    path.write_text(text, encoding="utf-8")
    result = import_files([path], empty_content(tmp_path), department=UNIT, year=year, write=False)
    assert not result.failures, result.failures
    return result.records[0].record, result.records[0].notes


def test_information_bar_gives_the_record_its_index_number_issuer_and_publication_date(tmp_path):
    record, _ = _import(tmp_path, REPORT, 2020)
    assert (record.index_number, record.issuer, record.published) == ("11500111709318024F/2021-00230", "某区某某局", dt.date(2021, 8, 3))


def test_bar_printed_one_field_a_line_with_bullets_is_read_too(tmp_path):
    record, _ = _import(tmp_path, BULLETED_BAR, 2022)
    assert (record.index_number, record.issuer, record.published) == ("79518791-2-/2023-0427027", "某市文化和旅游局", dt.date(2023, 4, 27))
    assert record.projects[0].name == "某某补助资金"  # the title after the bar is still the report's title


def test_portal_navigation_and_bar_stay_out_of_the_record_and_are_listed_to_the_user(tmp_path):
    record, notes = _import(tmp_path, REPORT, 2020)
    assert record.unplaced == []
    dumped = str(record.model_dump(by_alias=True))
    assert "您当前位置" not in dumped and "发文字号" not in dumped
    (told,) = [note for note in notes if note.startswith("网页的页头、页尾")]
    assert "您当前位置" in told and "[ 成文日期 ] 2021-07-30 [ 有效性 ]" in told


def test_sentences_before_the_first_heading_open_the_report_as_its_first_section(tmp_path):
    record, _ = _import(tmp_path, REPORT, 2020)
    first, second = record.overall.notes[:2]
    assert first.title == "" and first.text.startswith("根据《关于全面实施预算绩效管理的实施意见》")
    assert second.title == "一、基本情况"


def test_unit_named_above_a_department_level_report_is_its_department_name(tmp_path):
    record, _ = _import(tmp_path, REPORT, 2020)
    assert record.overall.unit_name == "某区某某局"
    assert record.overall.title == "某区某某局2020年度部门整体支出绩效自评报告"


def test_reposting_sites_disclaimer_and_footer_are_not_the_statements_text(tmp_path):
    record, notes = _import(tmp_path, STATEMENT_WITH_FOOTER, 2022)
    assert "1355条" in record.coverage.text
    assert "免责声明" not in record.coverage.text and "0839-3263273" not in str(record.model_dump(by_alias=True))
    assert any("免责声明" in note for note in notes)


NEWS_ITEM = """\
某县开展2022年县级财政支出绩效评价工作
从省财政厅网站获悉,日前,某县财政局启动2022年县级财政支出绩效评价工作。
2022年绩效评价工作由县财政局牵头组织,选择县教育局等8个部门(单位)的10个项目资金实施财政重点绩效评价。
此次单位自评的对象是2021年系统内所有预算项目支出,包括部门预算项目和专项资金项目。
"""


def test_news_items_headline_is_the_statements_title(tmp_path):
    record, _ = _import(tmp_path, NEWS_ITEM, 2021)
    assert record.title == "某县开展2022年县级财政支出绩效评价工作"


def test_paragraph_neither_coverage_nor_evaluation_is_kept_in_other_sections_not_unplaced(tmp_path):
    record, _ = _import(tmp_path, NEWS_ITEM, 2021)
    assert record.unplaced == []
    (other,) = record.other_sections
    assert other.title == "" and other.text == "从省财政厅网站获悉,日前,某县财政局启动2022年县级财政支出绩效评价工作。"


def test_self_evaluation_scope_without_a_count_is_the_coverage_paragraph(tmp_path):
    record, _ = _import(tmp_path, NEWS_ITEM, 2021)
    assert record.coverage.text == "此次单位自评的对象是2021年系统内所有预算项目支出,包括部门预算项目和专项资金项目。"


def test_evaluator_is_the_organisation_not_the_words_before_it(tmp_path):
    record, _ = _import(tmp_path, NEWS_ITEM, 2021)
    (evaluation,) = record.evaluations
    assert (evaluation.kind.value, evaluation.evaluator, evaluation.projects_count) == ("重点评价", "县财政局", 10)


NOTICE = """\
近日,某县财政局印发了通知,安排部署2022年绩效评价工作:
一是全覆盖做好绩效自评工作,要求各部门(单位)5月底前完成绩效自评工作。
二是精准选取了2021年度14个部门整体支出、16个重点预算项目支出实施财政重点绩效评价。
三是规范引入第三方机构。将重点绩效评价工作交由第三方机构进行,预计6月初进场。
单位地址:某市某路60号 联系电话:0839-3263273
政府网站标识码5108000005 蜀ICP备19004106号-1
"""


def test_a_later_paragraph_about_the_same_evaluation_is_part_of_it(tmp_path):
    record, _ = _import(tmp_path, NOTICE, 2021)
    (evaluation,) = record.evaluations
    assert evaluation.text.endswith("将重点绩效评价工作交由第三方机构进行,预计6月初进场。")
    assert (evaluation.evaluator, evaluation.projects_count) == ("第三方机构", 16)
    assert record.coverage.text == "一是全覆盖做好绩效自评工作,要求各部门(单位)5月底前完成绩效自评工作。"


def test_sites_footer_with_its_address_and_registration_numbers_is_not_the_units_text(tmp_path):
    record, notes = _import(tmp_path, NOTICE, 2021)
    dumped = str(record.model_dump(by_alias=True))
    assert "单位地址" not in dumped and "ICP备" not in dumped
    assert any("单位地址:某市某路60号" in note for note in notes)
