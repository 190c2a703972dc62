"""The project page: the 项目支出绩效自评表 as the paper form, and the one-screen summary above it."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.records.loading import load_content
from generator.records.model import Indicator
from generator.site.pages import build_page_tree
from generator.site.views.form import falls_short
from tests.conftest import CONTENT
from tests.sitebuild import build, visible_text

MEETING = "2024/xx-swbgs/huiyi-jingfei.md"
EQUIPMENT = "2024/xx-swbgs/bangong-shebei-gouzhi-jingfei.md"
SEED_003 = "2021/yzq-dqfwzx/jiceng-dangzuzhi-gongzuo-jingfei.md"


@pytest.fixture(scope="module")
def tree():
    return build_page_tree(load_content(CONTENT))


class Cells(HTMLParser):
    """Every th/td of a page: tag, attributes and text as a browser reads it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[tuple[str, dict[str, str | None], str]] = []
        self.rows: list[tuple[dict[str, str | None], list[str]]] = []
        self._cell: list[str] | None = None
        self._attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append((dict(attrs), []))
        elif tag in ("th", "td"):
            self._cell, self._attrs = [], dict(attrs)

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            text = re.sub(r"\s+", " ", "".join(self._cell)).strip()
            self.cells.append((tag, self._attrs, text))
            if self.rows:
                self.rows[-1][1].append(text)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def form_of(body: str) -> str:
    """The whole 自评表: the tables of its scroll box (head, indicators, total and analysis)."""
    match = re.search(r'<div class="jx-form-scroll"[^>]*>\s*(<table class="jx-form[^"]*">.*?</table>)\s*</div>', body, re.S)
    assert match, "no 自评表 table on the page"
    return match.group(1)


def cells(fragment: str) -> Cells:
    parser = Cells()
    parser.feed(fragment)
    return parser


def cell(fragment: str, text: str) -> dict[str, str | None]:
    found = [attrs for _, attrs, t in cells(fragment).cells if t == text]
    assert found, f"no cell reads {text!r}"
    return found[0]


def row_of(fragment: str, indicator: str) -> tuple[dict[str, str | None], list[str]]:
    for attrs, texts in cells(fragment).rows:
        if indicator in texts:
            return attrs, texts
    raise AssertionError(f"no row for {indicator!r}")


def summary_of(body: str) -> str:
    match = re.search(r'<div class="jx-summary">.*?(?=\n## )', body, re.S)
    assert match, "no summary on the page"
    return html.unescape(match.group(0))


def test_form_has_a_caption_naming_the_form_and_year(tree):
    caption = re.search(r"<caption[^>]*>(.*?)</caption>", form_of(tree.pages[MEETING].body)).group(1)
    assert re.sub(r"<[^>]+>", "", caption) == "项目支出绩效自评表（2024年度）本站据单位公开的绩效自评报告整理，非单位公开的原表"


def test_form_the_unit_published_as_a_table_is_not_called_rebuilt(tree):
    body = tree.pages[SEED_003].body
    caption = re.search(r"<caption[^>]*>(.*?)</caption>", form_of(body)).group(1)
    assert re.sub(r"<[^>]+>", "", caption) == "项目支出绩效自评表（2021年度）"
    assert "本表照单位公开的项目支出绩效自评表排列" in body and "本站整理" not in body


def test_form_rebuilt_from_a_narrative_report_says_so_above_it(tree):
    assert "本表由本站整理：单位公开的是《绩效自评报告》，没有公开这张表" in re.sub(r"<[^>]+>", "", tree.pages[MEETING].body)


def test_form_keeps_the_published_placeholder_labels(tree):
    labels = [t for tag, a, t in cells(form_of(tree.pages[SEED_003].body)).cells if (a.get("class") or "") == "jx-l3"]
    assert labels[:3] == ["指标1：办公经费及材料数量达标率", "指标2：", "……"]


def test_every_header_cell_of_the_form_has_a_scope(tree):
    headers = [(attrs, text) for tag, attrs, text in cells(form_of(tree.pages[SEED_003].body)).cells if tag == "th"]
    assert headers and all(attrs.get("scope") in ("row", "col", "rowgroup") for attrs, _ in headers)


def test_first_level_indicator_spans_its_group_of_rows(tree):
    assert cell(form_of(tree.pages[MEETING].body), "产出指标")["rowspan"] == "8"


def test_second_level_indicator_spans_its_group_of_rows(tree):
    assert cell(form_of(tree.pages[MEETING].body), "数量指标")["rowspan"] == "2"


def test_funds_block_label_spans_the_column_heads_and_its_four_rows(tree):
    assert cell(form_of(tree.pages[MEETING].body), "项目资金（万元）")["rowspan"] == "5"


def test_performance_indicator_label_spans_every_indicator_row(tree):
    form = form_of(tree.pages[SEED_003].body)
    assert cell(form, "绩效指标")["rowspan"] == str(len(re.findall(r'<tr id="zb-', form)))


INDICATOR_HEADINGS = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施", "本站核对（不属原表）"]


def test_indicator_heading_row_is_the_thead_of_the_indicator_table_so_print_repeats_it(tree):
    form = form_of(tree.pages[SEED_003].body)
    table = re.search(r"<table[^>]*>(?:(?!</table>).)*<tr id=\"zb-", form, re.S).group(0)
    head = re.search(r"<thead[^>]*>(.*?)</thead>", table, re.S)
    assert head, "the indicators' heading row is not a <thead>"
    headings = [(a.get("scope"), t) for tag, a, t in cells(head.group(1)).cells if tag == "th"]
    assert headings == [("col", h) for h in INDICATOR_HEADINGS]
    assert re.search(r"<caption[^>]*>项目支出绩效自评表（\d{4}年度）：绩效指标</caption>", table)


def test_meeting_funds_form_shows_the_published_figures(tree):
    texts = [text for _, _, text in cells(form_of(tree.pages[MEETING].body)).cells]
    assert "20.37" in texts and "63.66%" in texts and "96.37" in texts


def test_meeting_funds_summary_shows_score_grade_and_rate(tree):
    summary = re.sub(r"<[^>]+>", " ", summary_of(tree.pages[MEETING].body))
    assert re.search(r"自评得分\s+96\.37", summary)
    assert re.search(r"等级\s+优", summary)
    assert re.search(r"预算执行率（本站按全年执行数 ÷ 全年预算数计算）\s+63\.66%", summary)


def test_rate_bar_is_an_image_with_its_number_as_text(tree):
    svg = re.search(r"<svg[^>]*>.*?</svg>", summary_of(tree.pages[MEETING].body), re.S).group(0)
    assert 'role="img"' in svg and 'aria-label="预算执行率（本站计算）：63.66%"' in svg and "<title" in svg


def test_office_furniture_below_its_target_is_listed_in_the_summary(tree):
    assert "办公家具(个)：年度指标值 100，实际完成值 20" in re.sub(r"<[^>]+>", "", summary_of(tree.pages[EQUIPMENT].body))


def test_office_furniture_row_of_the_form_is_marked_short(tree):
    attrs, texts = row_of(form_of(tree.pages[EQUIPMENT].body), "办公家具(个)")
    assert "jx-short" in (attrs.get("class") or "") and "20" in texts


def test_summary_links_each_shortfall_to_its_row_of_the_form(tree):
    body = tree.pages[EQUIPMENT].body
    anchor = re.search(r'<a href="#(zb-\d+)">办公家具&#40;个&#41;</a>', body).group(1)
    assert f'<tr id="{anchor}" class="jx-short">' in body


def test_indicator_that_met_its_target_is_not_marked(tree):
    attrs, _ = row_of(form_of(tree.pages[MEETING].body), "召开会议次数(次)")
    assert "jx-short" not in (attrs.get("class") or "")


def test_unfilled_template_rows_are_not_marked_short(tree):
    assert "各项指标的实际完成值均达到年度指标值" in summary_of(tree.pages[SEED_003].body)


def test_unfilled_template_rows_are_kept_in_the_form(tree):
    texts = [text for _, _, text in cells(form_of(tree.pages[SEED_003].body)).cells]
    assert texts.count("……") == 9  # one per 二级指标 group, as published


def test_analysis_block_of_the_form_lists_each_heading_with_its_text(tree):
    _, texts = row_of(form_of(tree.pages[SEED_003].body), "主要经验做法")
    assert texts[-2].startswith("落实岗位责任制")


def _indicator(**values) -> Indicator:
    return Indicator.model_validate({"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "x", **values})


def test_numeric_actual_below_a_plain_target_falls_short():
    assert falls_short(_indicator(年度指标值="100", 实际完成值="20"))


def test_numeric_actual_below_an_at_least_target_falls_short():
    assert falls_short(_indicator(年度指标值="≥95%", 实际完成值="90%"))


def test_actual_above_an_at_most_target_falls_short():
    assert falls_short(_indicator(年度指标值="≤40", 实际完成值="41"))


def test_cost_indicator_above_its_target_falls_short():
    assert falls_short(_indicator(二级指标="成本指标", 年度指标值="260", 实际完成值="300"))


def test_cost_indicator_below_its_target_is_not_short():
    assert not falls_short(_indicator(二级指标="成本指标", 年度指标值="40", 实际完成值="20.37"))


def test_empty_actual_against_a_target_is_not_short():
    assert not falls_short(_indicator(年度指标值="提高"))


def test_qualitative_actual_equal_to_its_target_is_not_short():
    assert not falls_short(_indicator(年度指标值="合格", 实际完成值="合格"))


def test_qualitative_actual_judged_not_met_falls_short():
    assert falls_short(_indicator(年度指标值="合格", 实际完成值="未合格"))


def test_form_block_holds_no_blank_line_so_markdown_keeps_it_as_html(tree):
    body = tree.pages[SEED_003].body
    block = body[body.index('<div class="jx-form-scroll"'):body.index("</table>\n</div>")]
    assert "\n\n" not in block and not re.search(r"\n[ \t]+\n", block)


def test_record_text_inside_the_form_is_escaped(tree):
    assert "召开会议次数&#40;次&#41;" in form_of(tree.pages[MEETING].body)


def test_built_page_carries_the_form_as_a_table_in_its_scroll_box(seed_site):
    page = (seed_site / "2024" / "xx-swbgs" / "huiyi-jingfei" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="jx-form-scroll"[^>]*>\s*<table class="jx-form[^"]*">', page)
    assert "&lt;table" not in page


def test_built_page_reads_the_form_figures_as_text(seed_site):
    page = (seed_site / "2024" / "xx-swbgs" / "huiyi-jingfei" / "index.html").read_text(encoding="utf-8")
    text = visible_text(page)
    assert re.search(r"项目支出绩效自评表\s*（2024年度）", text) and "召开会议次数(次)" in text


def test_multi_line_deviation_note_keeps_its_line_breaks_in_the_cell(content_dir):
    record = (content_dir / "2021" / "yzq-dqfwzx.yml").read_text(encoding="utf-8")
    record = record.replace("        三级指标: 培训人数\n", "        三级指标: 培训人数\n        偏差原因分析及改进措施: \"一是原因\\n二是措施\"\n")
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(record, encoding="utf-8")
    body = build_page_tree(load_content(content_dir)).pages["2021/yzq-dqfwzx/ceshi-xiangmu.md"].body
    assert "<td>一是原因<br>\n二是措施</td>" in form_of(body)


def test_form_labels_stay_out_of_the_search_index_and_its_data_stays_in(tree):
    # The labels repeat on every project page; the figures, texts and the unit's own indicator names (三级指标,
    # row headers of the form) are what readers search.
    found = cells(form_of(tree.pages[MEETING].body)).cells
    def name_cell(tag: str, attrs: dict) -> bool:
        return tag == "th" and "jx-l3" in (attrs.get("class") or "").split()

    assert "召开会议次数(次)" in [text for tag, attrs, text in found if name_cell(tag, attrs)]
    assert not any("data-pagefind-ignore" in attrs for tag, attrs, _ in found if name_cell(tag, attrs))
    assert all("data-pagefind-ignore" in attrs for tag, attrs, _ in found if tag == "th" and not name_cell(tag, attrs))
    assert not any("data-pagefind-ignore" in attrs for tag, attrs, _ in found if tag == "td")


def test_summary_of_a_form_rebuilt_from_a_report_says_the_figures_stand_in_the_report(tree):
    # 2024: the unit published only 绩效自评报告; "自评表填报" would say it filled in a form it never published
    rebuilt = tree.pages["2024/xx-swbgs/huiyi-jingfei.md"].body
    assert "自评表填报" not in rebuilt and "与自评表一致" not in rebuilt
    assert "<dt data-pagefind-ignore>执行率（自评报告所写）</dt>" in rebuilt
    assert '<th data-pagefind-ignore scope="col">自评报告所写</th>' in rebuilt and "（与自评报告一致）" in rebuilt
    published = tree.pages["2021/yzq-dqfwzx/jiceng-dangzuzhi-gongzuo-jingfei.md"].body
    assert "<dt data-pagefind-ignore>执行率（自评表填报）</dt>" in published


def test_a_grade_the_rules_do_not_give_is_shown_beside_the_recomputed_one(content_dir):
    from tests.conftest import MINIMAL_RECORD

    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(MINIMAL_RECORD.replace("等级: 优", "等级: 良"), encoding="utf-8")
    page = visible_text(build_page_tree(load_content(content_dir)).pages["2021/yzq-dqfwzx/ceshi-xiangmu.md"].markdown())
    assert "等级 良 本站 按评分规则复核等级为“优”" in page
    assert "等级：良 按评分规则复核等级为“优”" in page
