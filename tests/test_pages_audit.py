"""Where the scoring rules and the audit show: figures recomputed beside the published ones, the
评分方法说明 page, the 数据核查结果 page and each project's 数据核查 box."""

from __future__ import annotations

import html
import posixpath
import re

import pytest

from generator.rules.audit import AuditReport
from generator.records.loading import load_content
from generator.site.pages import build_page_tree
from generator.site.paths import audit_path, audit_year_path, scoring_path
from generator.site.rendering import page_url
from tests.conftest import CONTENT, KINDS
from tests.test_pages_project import EQUIPMENT, MEETING, SEED_003, cells, form_of, row_of, summary_of

RECORD_2024 = "2024/xx-swbgs/index.md"


@pytest.fixture(scope="module")
def tree():
    return build_page_tree(load_content(CONTENT))


def text(markup: str) -> str:
    """What a reader reads: tags and Markdown emphasis dropped, entities decoded, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>|\*\*", "", markup))).strip()


def check_row(body: str, label: str) -> list[str]:
    """A row of the summary's 按评分规则复核 table: label, stated, computed, verdict."""
    table = re.search(r'<table class="jx-check-table">.*?</table>', body, re.S).group(0)
    for _, texts in cells(table).rows:
        if texts and texts[0] == label:
            return texts
    raise AssertionError(f"no {label!r} row in the recomputation table")


def score_cell(body: str, indicator: str) -> str:
    """The 得分 cell of an indicator's row of the form, as markup."""
    row = re.search(rf'<tr id="zb-\d+"[^>]*>(?:(?!</tr>).)*>{re.escape(html.escape(indicator).replace("(", "&#40;").replace(")", "&#41;"))}<.*?</tr>', form_of(body), re.S)
    assert row, f"no form row for {indicator!r}"
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)[-3]


def site_cell(body: str, indicator: str) -> str:
    """The site's own column beside an indicator's row of the form, as text."""
    row = re.search(rf'<tr id="zb-\d+"[^>]*>(?:(?!</tr>).)*>{re.escape(html.escape(indicator).replace("(", "&#40;").replace(")", "&#41;"))}<.*?</tr>', form_of(body), re.S)
    assert row, f"no form row for {indicator!r}"
    return text(re.findall(r'<td class="jx-site">(.*?)</td>', row.group(0), re.S)[-1])


def hidden_findings_content(content_dir):
    settings = content_dir / "site.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("公开核查结果: true", "公开核查结果: false"), encoding="utf-8")
    return load_content(content_dir)


# --- The one-screen summary -----------------------------------------------------------------------


def test_meeting_summary_shows_the_stated_score_and_that_the_recomputation_agrees(tree):
    assert check_row(tree.pages[MEETING].body, "自评得分") == ["自评得分", "96.37", "96.37", "一致"]


def test_meeting_summary_shows_no_second_figure_beside_an_agreeing_score(tree):
    figure = re.search(r'<div class="jx-figure jx-figure-score">.*?</div>', tree.pages[MEETING].body).group(0)
    assert text(figure) == "自评得分96.37"


def test_meeting_summary_says_the_execution_weight_was_assumed(tree):
    assert "预算执行率：原文未写预算执行率的分值，按评分规则 10 分计。" in text(summary_of(tree.pages[MEETING].body))


def test_equipment_summary_shows_the_stated_99_89_with_the_recomputed_95_89_beside_it(tree):
    figure = re.search(r'<div class="jx-figure jx-figure-score">.*?</div>', tree.pages[EQUIPMENT].body).group(0)
    assert text(figure) == "自评得分99.89本站按评分规则复核总分 95.89 分"


def test_equipment_summary_marks_the_total_as_differing(tree):
    assert check_row(tree.pages[EQUIPMENT].body, "自评得分") == ["自评得分", "99.89", "95.89", "不一致"]


def test_seed_003_summary_shows_the_execution_score_100_stated_against_98_computed(tree):
    assert check_row(tree.pages[SEED_003].body, "预算执行率得分") == ["预算执行率得分", "100", "98", "不一致"]


def test_a_total_the_site_cannot_check_is_never_called_consistent(tree):
    # seed 003's weights add up to 800: the total cannot be checked, so it is neither 一致 nor 不一致
    assert check_row(tree.pages[SEED_003].body, "自评得分") == ["自评得分", "100", "无法核验", "—"]


def test_execution_score_row_is_left_out_where_the_form_states_none(tree):
    with pytest.raises(AssertionError):
        check_row(tree.pages[MEETING].body, "预算执行率得分")


# --- The form -------------------------------------------------------------------------------------


def test_office_furniture_score_cell_holds_only_the_published_5(tree):
    assert score_cell(tree.pages[EQUIPMENT].body, "办公家具(个)") == "5"


def test_office_furniture_recomputed_1_stands_in_the_sites_column_beside_the_form(tree):
    assert site_cell(tree.pages[EQUIPMENT].body, "办公家具(个)") == "未达到年度指标值按评分规则应得 1 分"


def test_form_total_cell_holds_only_99_89_and_the_recomputed_95_89_stands_beside_it(tree):
    _, texts = row_of(form_of(tree.pages[EQUIPMENT].body), "总分")
    assert texts[1:] == ["99.89", "等级：优", "按评分规则复核总分 95.89 分"]


def test_indicator_the_report_gives_no_actual_for_says_so_in_the_sites_column(tree):
    # The 2024 form is rebuilt from a narrative report: nobody left a cell blank, the report states no figure.
    body = tree.pages[MEETING].body
    assert score_cell(body, "提高国家政策方针传达及时性") == "15"
    assert site_cell(body, "提高国家政策方针传达及时性") == "报告未载明完成值，无法判断是否达标得分无法按评分规则核验"
    assert "未填写" not in site_cell(body, "项目发挥作用时间")


def test_indicator_whose_score_agrees_shows_only_the_published_score(tree):
    assert score_cell(tree.pages[MEETING].body, "召开会议次数(次)") == "8"
    assert site_cell(tree.pages[MEETING].body, "召开会议次数(次)") == ""


def test_seed_003_execution_score_cell_keeps_100_and_the_recomputed_98_stands_beside_it(tree):
    _, texts = row_of(form_of(tree.pages[SEED_003].body), "年度资金总额")
    assert texts[-2:] == ["100", "预算执行率按评分规则得 98 分"]


# --- Shortfalls: 未达标 against 未填写 ---------------------------------------------------------------


def test_actual_the_report_does_not_state_is_listed_as_such_in_the_summary_of_a_rebuilt_form(tree):
    summary = text(summary_of(tree.pages[MEETING].body))
    not_stated = summary[summary.index("报告未载明实际完成值（2 项，无法判断是否达到）"):]
    assert "提高国家政策方针传达及时性：年度指标值 提高，报告未载明实际完成值" in not_stated
    assert "未填写" not in summary and "2 项指标无法核验（多为报告未载明实际完成值），按报告所写得分计入复核总分。" in summary


def test_a_rebuilt_forms_reading_and_finding_say_the_report_states_no_actual(tree):
    body = tree.pages[MEETING].body
    assert "2 项报告未载明实际完成值" in body and "未填写实际完成值" not in body
    assert "“项目发挥作用时间”年度指标值为“长期”，绩效自评报告未载明实际完成值，报告所写的得分 15 分无法核验。" in body


def test_a_unit_form_left_blank_is_still_said_to_be_not_filled(tree):
    # seed 003 is the unit's own 自评表: an empty 实际完成值 there is a cell the unit left blank
    body = tree.pages[SEED_003].body
    assert "报告未载明" not in body


def test_empty_actual_is_not_listed_as_short(tree):
    assert "未达到年度指标值（" not in text(summary_of(tree.pages[MEETING].body))


def test_empty_actual_row_of_the_form_is_marked_not_filled_not_short(tree):
    attrs, _ = row_of(form_of(tree.pages[MEETING].body), "提高国家政策方针传达及时性")
    assert attrs.get("class") == "jx-unfilled"


def test_numeric_actual_below_target_is_still_listed_as_short(tree):
    summary = text(summary_of(tree.pages[EQUIPMENT].body))
    short = summary[summary.index("未达到年度指标值（"):summary.index("报告未载明实际完成值（")]
    assert "办公家具(个)：年度指标值 100，实际完成值 20" in short


# --- The explainer --------------------------------------------------------------------------------


def test_project_page_links_to_the_scoring_explainer(tree):
    assert "[评分方法说明](../../scoring/index.md)" in tree.pages[MEETING].body


def test_explainer_gives_the_default_weights(tree):
    page = text(tree.pages[scoring_path()].body)
    assert "预算执行率 10 分，产出指标 50 分，效益指标 30 分，满意度指标 10 分" in page


def test_explainer_gives_the_grade_bands(tree):
    page = text(tree.pages[scoring_path()].body)
    assert "90 分及以上为“优”；80 分（含）至 90 分（不含）为“良”；60 分（含）至 80 分（不含）为“中”；60 分以下为“差”" in page


def test_explainer_is_in_the_navigation(tree):
    assert ("评分方法说明", scoring_path()) in [(item.title, item.path) for item in tree.nav]


def test_explainer_has_a_section_for_a_region_that_overrides_the_execution_weight(content_dir):
    settings = content_dir / "site.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + (
        "评分规则:\n  地区:\n    sx-dt-yzq:\n      预算执行率分值: 20\n      产出指标分值: 40\n"
    ), encoding="utf-8")
    page = text(build_page_tree(load_content(content_dir)).pages[scoring_path()].body)
    regional = page[page.index("山西省大同市云州区"):]
    assert "预算执行率 20 分，产出指标 40 分" in regional


# --- The findings pages: 数据核查结果 (the overview) and a page for each year ---------------------------

AUDIT_2024, AUDIT_2021 = audit_year_path(2024), audit_year_path(2021)
SEVERITIES = ("错误", "警告", "提示")


def linked(here: str, target: str) -> tuple[str, str]:
    """The page (content path) and anchor a Markdown link target written on page `here` points to."""
    path, _, anchor = target.partition("#")
    return posixpath.normpath(posixpath.join(posixpath.dirname(here), path)), anchor


def anchors(body: str) -> set[str]:
    return {html.unescape(a) for a in re.findall(r'\bid="([^"]+)"', body)}


def severities_listed(body: str) -> dict[str, int]:
    """How many findings of each severity a page lists (each item starts with its severity mark)."""
    marks = re.findall(r'<span class="jx-severity jx-severity-\w+">(.*?)</span>', body)
    return {s: marks.count(s) for s in SEVERITIES}


def overview_rows(body: str) -> dict[int, list[str]]:
    """The overview's table by year (its 年度 cell links to the year's page): 单位数, 错误, 警告, 提示, the link."""
    rows = re.findall(r"^\| \[(\d{4})年度\]\(([^)]+)\) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", body, re.M)
    return {int(year): [*rest, target] for year, target, *rest in rows}


def test_findings_page_of_2024_lists_the_furniture_score_finding_linked_to_its_row_with_the_publishers_note(tree):
    body = tree.pages[AUDIT_2024].body
    page = text(body)
    assert ("错误 绩效指标第3项“办公家具(个)”的得分："
            "“办公家具(个)”实际完成值 20 未达到年度指标值 100，按比例应得 1 分，填报 5 分。" in page)
    link = re.search(r'<strong><a href="([^"]+)">绩效指标第3项“办公家具&#40;个&#41;”的得分</a></strong>', body)
    assert link is not None and link.group(1) == "../../2024/xx-swbgs/bangong-shebei-gouzhi-jingfei/#zb-3"
    assert "整理说明（发布方）：原文如此：办公家具目标值 100 个、完成值 20 个" in page


def test_a_finding_of_2021_is_on_the_2021_page_and_not_on_the_2024_page_nor_the_overview(tree):
    finding = "预算执行率得分填报 100 分，按分值 100 × 执行率 98% 应为 98 分。"
    assert finding in text(tree.pages[AUDIT_2021].body)
    assert finding not in text(tree.pages[AUDIT_2024].body)
    assert finding not in text(tree.pages[audit_path()].body)
    assert "办公家具" not in text(tree.pages[AUDIT_2021].body)


def test_findings_page_never_signs_the_publishers_transcription_notes_as_the_units(tree):
    page = text(tree.pages[AUDIT_2021].body)
    part = page[page.index("基层党组织、党务工作者工作经费"):]
    assert "预算执行率得分填报 100 分，按分值 100 × 执行率 98% 应为 98 分。" in part
    assert "整理说明（发布方）：原文自评表如此填报：执行率 98%，预算执行率分值 100、得分 100。" in part
    for path in (audit_path(), AUDIT_2024, AUDIT_2021):
        assert "单位说明（单位原话）：" not in tree.pages[path].body


def test_overview_counts_say_whose_explanation_it_is(tree):
    assert re.search(r"共 \d+ 处：错误 8 处（其中 8 处有发布方的整理说明，无单位说明），警告 \d+ 处，提示 \d+ 处。",
                     text(tree.pages[audit_path()].body))


def test_year_page_counts_its_own_findings_only(tree):
    assert re.search(r"本年度共 7 处：错误 3 处（其中 3 处有发布方的整理说明，无单位说明），警告 3 处，提示 1 处。",
                     text(tree.pages[AUDIT_2021].body))


def test_overview_lists_no_finding_itself_only_a_line_a_year_newest_first(tree):
    body = tree.pages[audit_path()].body
    assert severities_listed(body) == dict.fromkeys(SEVERITIES, 0)
    assert list(overview_rows(body)) == [2024, 2021]


def test_overviews_counts_by_year_are_the_findings_each_year_page_lists(tree):
    rows = overview_rows(tree.pages[audit_path()].body)
    for year, (units, *counts, target) in rows.items():
        page = tree.pages[linked(audit_path(), target)[0]]
        assert page.path == audit_year_path(year)
        assert [int(c) for c in counts] == list(severities_listed(page.body).values()), year
        assert int(units) == page.body.count('<div class="jx-anchor"'), year
    total = re.search(r"共 (\d+) 处：错误 (\d+) 处(?:（[^）]*）)?，警告 (\d+) 处(?:（[^）]*）)?，提示 (\d+) 处", text(tree.pages[audit_path()].body))
    sums = [sum(int(row[i]) for row in rows.values()) for i in (1, 2, 3)]
    assert [int(n) for n in total.groups()] == [sum(sums), *sums]


def test_findings_page_shows_no_figure_labelled_as_a_verified_value(tree):
    for path in (audit_path(), AUDIT_2024, AUDIT_2021):
        assert "核查：" not in tree.pages[path].body


def test_year_page_groups_by_department_then_project(tree):
    body = tree.pages[AUDIT_2024].body
    order = [body.index(h) for h in ("# 2024年度数据核查结果", "## 中共××市委办公室", "### 办公设备购置经费")]
    assert order == sorted(order)


def test_year_page_leads_back_to_the_overview_and_to_the_neighbouring_years(tree):
    newer, older = text(tree.pages[AUDIT_2024].body), text(tree.pages[AUDIT_2021].body)
    assert newer.startswith("当前位置：首页 › 数据核查结果 › 2024年度")
    assert '<a href="../">数据核查结果</a>' in tree.pages[AUDIT_2024].body
    assert "← 上一年度2021年度数据核查结果" in newer and "下一年度" not in newer
    assert "下一年度 →2024年度数据核查结果" in older and "上一年度" not in older


def test_department_year_page_links_to_its_part_of_its_years_findings_page(tree):
    assert "[2024年度数据核查结果](../../audit/2024/index.md#jx-2024-xx-swbgs)" in tree.pages[RECORD_2024].body


def test_findings_page_carries_the_anchor_the_department_year_page_links_to(tree):
    assert re.findall(r'<div class="jx-anchor" id="([^"]+)">', html.unescape(tree.pages[AUDIT_2024].body)) == ["jx-2024-xx-swbgs"]


@pytest.mark.parametrize("content", [CONTENT, KINDS], ids=["seeds", "kinds"])
def test_every_link_to_the_findings_lands_on_an_anchor_of_the_year_page(content):
    # From department-year, 部门整体 and project pages: the 数据核查结果 links go to the record's year and unit.
    tree = build_page_tree(load_content(content))
    seen = 0
    for path, page in tree.pages.items():
        for year, target in re.findall(r"\[(\d{4})年度数据核查结果\]\(([^)]+)\)", page.body):
            if path.startswith("audit/"):
                continue
            target_path, anchor = linked(path, target)
            assert target_path == audit_year_path(int(year)) == audit_year_path(int(path[:4])), path
            assert anchor == f"jx-{path[:4]}-{path.split('/')[1]}", path
            assert anchor in anchors(tree.pages[target_path].body), path
            seen += 1
    assert seen >= len([p for p in tree.pages if re.match(r"\d{4}/[^/]+/", p)])


def test_scoring_page_and_navigation_lead_to_the_overview(tree):
    assert "[数据核查结果](../audit/index.md)" in tree.pages[scoring_path()].body
    assert ("数据核查结果", audit_path()) in [(item.title, item.path) for item in tree.nav]
    assert not [item for item in tree.nav if item.path.startswith("audit/") and item.path != audit_path()]


# --- The project's 数据核查 box ---------------------------------------------------------------------


def findings_box(body: str) -> str:
    start = body.index('!!! warning jx-findings "数据核查"')
    end = body.find("\n## ", start)
    return body[start:end if end > 0 else None]


def test_project_box_lists_the_projects_findings_linked_to_their_rows_with_the_publishers_note(tree):
    box = text(findings_box(tree.pages[EQUIPMENT].body))
    assert "错误 [绩效指标第3项“办公家具(个)”的得分](#zb-3)：“办公家具(个)”实际完成值 20 未达到年度指标值 100" in box
    assert "整理说明（发布方）：原文如此：办公家具目标值 100 个" in box


def test_project_box_links_to_its_part_of_its_years_findings_page(tree):
    assert "[2024年度数据核查结果](../../audit/2024/index.md#jx-2024-xx-swbgs)" in findings_box(tree.pages[EQUIPMENT].body)


def test_project_summary_points_to_the_findings_below_the_form(tree):
    assert "本站核查发现本项目 15 处问题，列在本站整理的表之后的“数据核查”中。" in tree.pages[EQUIPMENT].body


def test_project_box_shows_the_audit_it_is_given(content_dir):
    content = load_content(content_dir)
    body = build_page_tree(content, audit=AuditReport()).pages["2021/yzq-dqfwzx/ceshi-xiangmu.md"].body
    assert "本站核查未发现本项目的问题" in body


# --- 公开核查结果: false ----------------------------------------------------------------------------


def test_hidden_findings_leave_out_every_findings_page_and_its_navigation_item(content_dir):
    tree = build_page_tree(hidden_findings_content(content_dir))
    assert [p for p in tree.pages if p.startswith("audit/")] == []
    assert "数据核查结果" not in [item.title for item in tree.nav]
    assert not any("audit/" in page.body for page in tree.pages.values())


def test_hidden_findings_leave_out_the_project_box(content_dir):
    body = build_page_tree(hidden_findings_content(content_dir)).pages["2021/yzq-dqfwzx/ceshi-xiangmu.md"].body
    assert "数据核查" not in body


def test_hidden_findings_keep_the_recomputed_figures_and_the_explainer(content_dir):
    tree = build_page_tree(hidden_findings_content(content_dir))
    assert "按评分规则复核" in tree.pages["2021/yzq-dqfwzx/ceshi-xiangmu.md"].body and scoring_path() in tree.pages


def test_meeting_execution_score_cell_gives_the_recomputed_score_and_the_assumed_weight(tree):
    _, texts = row_of(form_of(tree.pages[MEETING].body), "年度资金总额")
    assert texts[-2:] == ["", "预算执行率按评分规则得 6.37 分（原文未写分值，按 10 分计）"]


def test_a_units_own_explanation_is_shown_and_counted_as_the_units(tmp_path):
    import shutil

    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    record = root / "2024" / "xx-swbgs.yml"
    text_ = record.read_text(encoding="utf-8")
    anchor = "        整理说明: 原文如此：办公家具目标值 100 个、完成值 20 个"
    assert anchor in text_
    record.write_text(text_.replace(anchor, "        单位说明: 家具分批采购，余下 80 个次年到货。\n" + anchor), encoding="utf-8")
    tree = build_page_tree(load_content(root))
    box = text(findings_box(tree.pages[EQUIPMENT].body))
    assert "单位说明（单位原话）：家具分批采购，余下 80 个次年到货。" in box
    assert "整理说明（发布方）：原文如此：办公家具目标值 100 个" in box
    assert re.search(r"错误 8 处（其中 8 处有发布方的整理说明，1 处有单位说明）", text(tree.pages[audit_path()].body))
    assert re.search(r"错误 5 处（其中 5 处有发布方的整理说明，1 处有单位说明）", text(tree.pages[AUDIT_2024].body))
    assert "单位说明（单位原话）：家具分批采购，余下 80 个次年到货。" in text(tree.pages[AUDIT_2024].body)


@pytest.mark.parametrize("content", [CONTENT, KINDS], ids=["seeds", "kinds"])
def test_every_finding_on_a_years_findings_page_links_to_an_anchor_of_its_page(content):
    # The year pages' findings are raw HTML, whose links MkDocs does not check: each must reach its page and row.
    tree = build_page_tree(load_content(content))
    by_url = {page_url(path): path for path in tree.pages}
    seen = 0
    for path, page in tree.pages.items():
        if not re.fullmatch(r"audit/\d{4}/index\.md", path):
            continue
        for item in re.findall(r"<li>(.*?)</li>", page.body, re.S):
            target = re.search(r'<strong><a href="([^"]+)">', item)
            if target is None:
                continue
            url, _, anchor = html.unescape(target.group(1)).partition("#")
            landed = by_url.get(posixpath.normpath(posixpath.join(page_url(path), url)) + "/")
            assert landed is not None and landed.startswith(path[6:10] + "/"), (path, url)
            assert anchor in anchors(tree.pages[landed].body), (path, url, anchor)
            seen += 1
    assert seen >= {CONTENT: 10, KINDS: 1}[content]
