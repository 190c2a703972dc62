"""What a reader sees of the other record kinds on the built site: the 部门整体支出绩效自评 page, a 说明 that
gives only its 自评覆盖 and 评价结果, the aggregates around them, and their data files."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from generator.records.loading import load_content
from generator.site.pages import build_page_tree
from tests.conftest import KINDS
from tests.sitebuild import build, visible_text


@pytest.fixture(scope="module")
def kinds_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("kinds") / "site"
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert build(KINDS, site) == 0
    return site


def page(site: Path, path: str) -> str:
    """The page's own content (the article), without the theme's header, navigation, table of contents and footer."""
    html = (site / path / "index.html").read_text(encoding="utf-8")
    return re.search(r"<article\b.*?</article>", html, re.S).group(0)


def whole_page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def rows_of(html: str, table_class: str) -> list[str]:
    table = re.search(rf'<table class="[^"]*\b{table_class}\b[^"]*"[^>]*>(.*?)</table>', html, re.S).group(1)
    return re.findall(r"<tr\b[^>]*>.*?</tr>", table, re.S)


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


# --- the coverage-only 说明 ---------------------------------------------------------------------------


def test_coverage_only_page_has_no_project_table_and_no_empty_total(kinds_site):
    html = page(kinds_site, "2023/sl-jyj")
    text = visible_text(html)
    assert "****" not in html and "合计" not in text and "项目绩效自评结果" not in text
    assert "不含项目支出绩效自评表，只有自评覆盖情况和评价结果" in text


def test_coverage_only_page_shows_the_units_own_coverage_figures(kinds_site):
    text = visible_text(page(kinds_site, "2023/sl-jyj"))
    assert "自评项目数 12 个" in text and "涉及预算资金（万元） 5120.36" in text and "占项目支出总额比例 100%" in text


def test_key_evaluation_result_shows_counts_money_grades_and_who_evaluated(kinds_site):
    text = visible_text(page(kinds_site, "2023/sl-jyj"))
    section = text[text.index("二、重点绩效评价结果"):text.index("三、部门评价结果")]
    assert "评价主体：市财政局" in section and "项目数 7 个" in section and "涉及资金（万元） 2298" in section
    assert "等级分布 优良 4 个，中 3 个" in section


def test_department_evaluation_lists_each_project_with_score_grade_and_findings(kinds_site):
    html = page(kinds_site, "2023/sl-jyj")
    text = visible_text(html)
    assert re.search(r"<td>学生资助经费</td>\s*<td[^>]*>356.2</td>\s*<td[^>]*>86.5</td>\s*<td[^>]*>良</td>", html)
    assert "学生资助经费 主要发现：部分学校资助台账不全，资金拨付进度偏慢。 结果应用：已督促整改" in text


# --- the 部门整体支出绩效自评 ---------------------------------------------------------------------------


def test_department_year_page_summarises_and_links_the_department_level_form(kinds_site):
    html = page(kinds_site, "2023/sl-czj")
    text = visible_text(html)
    assert "部门整体支出绩效自评 自评得分 98.58 等级 优 全年预算数（万元） 1388.42 全年执行数（万元） 1320.15" in text
    assert 'href="bumen-zhengti/"' in html and "查看2023年度部门整体支出绩效自评表（6 项绩效指标）" in text
    # The project table is still there for the record's one project.
    assert "预算评审经费" in text and "项目绩效自评结果" in text


def test_department_level_page_is_titled_as_what_it_is_not_as_a_project(kinds_site):
    html = page(kinds_site, "2023/sl-czj/bumen-zhengti")
    assert "<h1" in html and "示例市财政局 2023年度部门整体支出绩效自评</h1>" in html
    assert "部门整体支出项目绩效自评" not in html


def test_department_level_form_is_a_real_table_with_its_budget_goals_and_total(kinds_site):
    html = page(kinds_site, "2023/sl-czj/bumen-zhengti")
    form = rows_of(html, "jx-overall-form")
    text = [visible_text(r).strip() for r in form]
    assert any(t.startswith("年度资金总额 1250.6 1388.42 1320.15 10 95.08% 9.51") for t in text), text
    assert any("其中：基本支出 820.6 845.3 845.3" in t for t in text)
    assert any(t.startswith("年度总体目标 年初目标 调整目标 实际完成情况") for t in text)
    assert any(t.startswith("总分 98.58 等级 优") for t in text)


def test_indicator_cells_carry_their_column_label_for_the_phone_layout(kinds_site):
    html = page(kinds_site, "2023/sl-czj/bumen-zhengti")
    row = next(r for r in rows_of(html, "jx-stack") if "预算调整率" in r)
    labels = re.findall(r'data-label="([^"]+)"', row)
    assert labels == ["指标性质", "年初指标值", "全年完成值", "得分系数", "指标权重", "指标得分", "是否核心指标", "偏差原因分析及改进措施",
                      "本站核对（不属原表）"]
    assert re.search(r'data-label="指标性质"[^>]*>≤<', row) and re.search(r'data-label="是否核心指标"[^>]*>否<', row)


def test_lower_is_better_indicator_missed_is_marked_and_those_met_are_not(kinds_site):
    html = page(kinds_site, "2023/sl-czj/bumen-zhengti")
    short = [visible_text(r) for r in rows_of(html, "jx-stack") if 'class="jx-short"' in r]
    assert len(short) == 1 and "预算调整率" in short[0]
    summary = visible_text(html[html.index('class="jx-shortfalls"'):html.index("</div>", html.index('class="jx-shortfalls"'))])
    assert "未达到指标值（1 项" in summary and "预算调整率(%) ：指标值 ≤10，全年完成值 11.02" in summary
    assert "财政供养人员控制率" not in summary and "结转结余率" not in summary


def test_a_shortfall_on_the_department_level_form_is_said_in_the_sites_column_not_inside_the_units_cells(kinds_site):
    html = page(kinds_site, "2023/sl-czj/bumen-zhengti")
    row = next(r for r in rows_of(html, "jx-stack") if "预算调整率" in r)
    cells = re.findall(r'<td data-label="([^"]+)" class="([^"]*)">(.*?)</td>', row, re.S)
    site = [visible_text(text).strip() for label, _, text in cells if label == "本站核对（不属原表）"]
    assert site == ["未达到指标值"]
    unit_cells = {label: visible_text(text).strip() for label, kind, text in cells if "jx-site" not in kind}
    assert unit_cells["指标得分"] == "9.07" and unit_cells["全年完成值"] == "11.02"  # as published, nothing of the site's
    assert "本站核对" in visible_text(rows_of(html, "jx-overall-form")[0])
    css = (kinds_site / "assets" / "jixiao.css").read_text(encoding="utf-8")
    assert not re.search(r"tr\.jx-short\s*>\s*td\s*[{,]", css)  # no colour on the unit's cells of a short row
    assert re.search(r"tr\.jx-short\s*>\s*td\.jx-site\s*\{", css)


def test_the_department_level_forms_recomputed_total_stands_beside_the_total_not_in_its_cell(kinds_dir):
    path = kinds_dir / "2023" / "sl-czj.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("自评得分: 98.58", "自评得分: 99.58"), encoding="utf-8")
    html = build_page_tree(load_content(kinds_dir)).pages["2023/sl-czj/bumen-zhengti.md"].body
    total = re.search(r'<tbody class="jx-form-total" id="zf">(.*?)</tbody>', html, re.S).group(1)
    unit = re.search(r'<td class="jx-num jx-total" colspan="2">(.*?)</td>', total, re.S).group(1)
    assert unit == "99.58"
    assert "按评分规则复核总分 98.58 分" in re.search(r'<td class="jx-site">(.*?)</td>', total, re.S).group(1)


def test_the_sites_recomputation_agrees_with_the_form_and_no_finding_is_shown(kinds_site):
    text = visible_text(page(kinds_site, "2023/sl-czj/bumen-zhengti"))
    assert "按评分规则复核 （与自评表一致）" in text or "按评分规则复核（与自评表一致）" in text
    assert "本站核查未发现这张表的问题" in text


def test_a_finding_on_the_department_level_form_is_listed_on_its_page_and_links_its_row(kinds_dir):
    path = kinds_dir / "2023" / "sl-czj.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("      全年完成值: 98.6", "      全年完成值: 103.2"), encoding="utf-8")
    tree = build_page_tree(load_content(kinds_dir))
    body = tree.pages["2023/sl-czj/bumen-zhengti.md"].body
    assert "本站核查发现这张表以下" in body
    assert re.search(r"\*\*\[部门整体支出绩效自评表绩效指标第4项“财政供养人员控制率[^”]*”的指标得分\]\(#zb-4\)\*\*：.*越低越好", body)
    audit_page = tree.pages["audit/2023/index.md"].body
    assert '<a href="../../2023/sl-czj/bumen-zhengti/#zb-4">' in audit_page


# --- aggregates ------------------------------------------------------------------------------------------


def test_year_page_shows_a_dash_for_a_unit_without_project_tables_never_zeros_or_stars(kinds_site):
    html = page(kinds_site, "2023")
    row = re.search(r"<tr>\s*<td><a [^>]*>示例市教育局</a></td>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r">([^<]*)</td>", row)[:6] == ["—"] * 6
    assert "****" not in html and "不计入合计和平均" in visible_text(html)


def test_department_page_of_a_coverage_only_unit_has_no_zero_row_and_no_chart(kinds_site):
    html = page(kinds_site, "departments/sl-jyj")
    assert "****" not in html and "0.00" not in visible_text(html) and "<svg" not in html


# --- data files ------------------------------------------------------------------------------------------


def test_department_level_indicators_download_keeps_the_form_and_the_sites_reading_apart(kinds_site):
    rows = csv_rows(kinds_site / "2023" / "sl-czj" / "sl-czj-2023-overall-indicators.csv")
    first = rows[0]
    assert (first["三级指标"], first["指标性质"], first["年初指标值（原文）"], first["全年完成值（原文）"]) == ("预算调整率", "≤", "10", "11.02")
    assert (first["得分系数（原文）"], first["指标权重（分）"], first["指标得分（分）"], first["是否核心指标"]) == ("90.74%", "10", "9.07", "否")
    assert (first["本站判断方向"], first["本站判断"]) == ("反向", "未达标")
    control = next(r for r in rows if r["三级指标"] == "财政供养人员控制率")
    assert (control["本站判断方向"], control["本站判断"]) == ("反向", "达标")


def test_evaluation_results_are_in_the_site_wide_data(kinds_site):
    evaluations = csv_rows(kinds_site / "data" / "evaluations.csv")
    key = next(r for r in evaluations if r["评价类型"] == "重点评价")
    assert (key["项目数（个）"], key["涉及资金（万元）"], key["等级分布"], key["评价主体"]) == ("7", "2298", "优良 4 个，中 3 个", "市财政局")
    projects = csv_rows(kinds_site / "data" / "evaluated_projects.csv")
    assert [(p["项目名称"], p["得分（分）"], p["等级"]) for p in projects if p["单位编码"] == "sl-jyj"] == [("学生资助经费", "86.5", "良"), ("校舍维修改造经费", "72", "中")]


def test_api_document_of_the_department_year_holds_both_kinds(kinds_site):
    czj = json.loads((kinds_site / "api" / "v1" / "2023" / "sl-czj.json").read_text(encoding="utf-8"))
    overall = czj["部门整体支出绩效自评"]
    assert overall["自评得分（分）"] == 98.58 or str(overall["自评得分（分）"]) == "98.58"
    assert [i["三级指标"] for i in overall["绩效指标"]][:2] == ["预算调整率", "结转结余率"]
    assert [s["标题"] for s in overall["自评说明"]] == ["一、存在的问题", "二、改进措施"]
    jyj = json.loads((kinds_site / "api" / "v1" / "2023" / "sl-jyj.json").read_text(encoding="utf-8"))
    assert jyj["部门整体支出绩效自评"] is None and [e["评价类型"] for e in jyj["评价结果"]] == ["重点评价", "部门评价"]
    assert [p["项目名称"] for p in jyj["评价结果"][1]["项目"]] == ["学生资助经费", "校舍维修改造经费"]


def test_department_level_page_is_marked_for_search_with_year_and_department(kinds_site):
    html = whole_page(kinds_site, "2023/sl-czj/bumen-zhengti")
    assert "data-pagefind-body" in html
    assert re.search(r'data-pagefind-filter="department">示例市财政局<', html)
    assert re.search(r'data-pagefind-filter="year">2023<', html)


# --- a real 说明 without forms (Henan, transcribed from its published report) --------------------------


def test_real_report_without_forms_shows_its_figures_as_printed_and_what_it_did_not_state(kinds_site):
    overall = visible_text(page(kinds_site, "2022/xc-hhsx/bumen-zhengti"))
    assert "等级 优秀" in overall and "全年预算数（万元） 803.74" in overall
    assert "自评得分 原文未载明" in overall and "基本支出" in overall and "757.49" in overall
    record = visible_text(page(kinds_site, "2022/xc-hhsx"))
    assert "自评项目数 1 个" in record and "涉及预算资金（万元） 46.00" in record
    assert "河湖水系闸坝工程运行维修经费" in record and "二是项目绩效自评情况" in record and "****" not in record
