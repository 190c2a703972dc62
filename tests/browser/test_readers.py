"""Readers on a phone, on paper and through a portal (issue 13): what they see in Debian's Chromium.

The site is served under a sub-path (/caizheng/jixiao/) and, for the 404 page, also at the domain root.
Screenshots are kept in test-artifacts/.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser.conftest import ORIGINAL_PDF, PHONE, SUB_PATH, open_tab, screenshot

PROJECT = "2024/xx-swbgs/huiyi-jingfei/"
DEPARTMENT_YEAR = "2024/xx-swbgs/"
PROJECT_2019 = "2019/yzq-dqfwzx/dangan-shuzihua/"
LONG_FORM = "2019/yzq-dqfwzx/sheshi-xunjian/"  # 45 indicators: the form prints over several sheets
SITE_NAME = "决算公开绩效情况说明"


def larger_text(page, steps: int = 3) -> None:
    """A+ pressed until the text is 150% (accessibility.js: 1 → 1.15 → 1.3 → 1.5)."""
    for _ in range(steps):
        page.get_by_role("button", name="A+ 放大字号").click()
    assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--jx-scale').trim()") == "1.5"


# --- Phone: every figure reachable, no sideways page ----------------------------------------------------

FIGURES_HIDDEN_OFF_SCREEN = """() => {
  const width = window.innerWidth;
  const hidden = [];
  for (const cell of document.querySelectorAll('article td, article th, .jx-figure dd')) {
    const box = cell.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    // Past the right edge only inside a box that scrolls and says so above itself.
    const scroller = cell.closest('.jx-scrolls');
    const hint = scroller && scroller.previousElementSibling;
    const said = hint && hint.classList.contains('jx-scroll-hint') && !hint.hidden && hint.getBoundingClientRect().width > 0;
    if (!said) hidden.push(cell.textContent.trim().slice(0, 30));
  }
  return hidden;
}"""


@pytest.mark.parametrize("path", [PROJECT, DEPARTMENT_YEAR])
@pytest.mark.parametrize("font", ["default", "150%"])
def test_phone_page_never_scrolls_sideways_and_wide_tables_say_they_scroll(phone, site_url, path, font):
    page = phone.page
    page.goto(site_url + path)
    if font == "150%":
        larger_text(page)
        page.wait_for_timeout(200)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(FIGURES_HIDDEN_OFF_SCREEN) == []
    summary = page.locator(".jx-summary")
    if summary.count():
        assert summary.bounding_box()["x"] + summary.bounding_box()["width"] <= PHONE["width"]
    name = f"phone-{'project' if path == PROJECT else 'department-year'}-{'large' if font == '150%' else 'default'}"
    screenshot(page, name)


def test_phone_form_scroll_hint_names_the_columns_and_the_form_scrolls_to_its_last_column(phone, site_url):
    page = phone.page
    page.goto(site_url + PROJECT)
    hint = page.locator(".jx-form-scroll.jx-scrolls").first.locator("xpath=preceding-sibling::p[1]")
    assert re.fullmatch(r"表格较宽（共 \d+ 栏）：在表格上左右滑动，可看到右侧各栏 →", hint.inner_text())
    box = page.locator(".jx-form-scroll").first
    box.scroll_into_view_if_needed()
    box.evaluate("b => b.scrollLeft = b.scrollWidth")
    total = page.locator("table.jx-form td.jx-total").first
    position, frame = total.bounding_box(), box.bounding_box()
    # After scrolling, the 总分 value is inside the visible part of the box.
    assert frame["x"] <= position["x"] and position["x"] + position["width"] <= frame["x"] + frame["width"] + 1
    screenshot(page, "phone-project-form-scrolled")


def test_desktop_form_takes_the_navigation_columns_width(desktop, site_url):
    page = desktop.page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(site_url + PROJECT)
    assert not page.locator(".md-sidebar--primary").is_visible()
    form = page.locator("table.jx-form").first.bounding_box()
    assert form["width"] >= 880
    # The form's labels are not broken into one character per line (年度资金总\n额).
    for text in ("年度资金总额", "年初预算数", "全年预算数"):
        label = page.locator("table.jx-form tbody.jx-form-funds th", has_text=text).first
        lines = label.evaluate("e => { const r = document.createRange(); r.selectNodeContents(e); "
                               "return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }")
        assert lines == 1, text
    page.locator("table.jx-form").first.scroll_into_view_if_needed()
    screenshot(page, "desktop-project-form")


# --- Print ------------------------------------------------------------------------------------------------

def pdf_pages(page) -> list[str]:
    from pypdf import PdfReader

    data = page.pdf(format="A4", print_background=True)
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_printout_carries_site_name_address_and_print_date_on_every_page(desktop, site_url):
    page = desktop.page
    page.goto(site_url + PROJECT)
    page.emulate_media(media="print")
    marks = page.locator(".jx-print-marks")
    assert marks.is_visible()
    today = dt.date.today().isoformat()
    assert SITE_NAME in marks.inner_text() and today in marks.inner_text()
    assert site_url + PROJECT in marks.inner_text()
    screenshot(page, "print-project-top")
    pages = pdf_pages(page)
    assert len(pages) > 1
    for text in pages:
        assert SITE_NAME in squeeze(text) and f"打印日期：{today}" in squeeze(text)


def test_printed_form_keeps_its_header_with_its_body(desktop, site_url):
    page = desktop.page
    page.goto(site_url + PROJECT)
    page.emulate_media(media="print")
    pages = [squeeze(t) for t in pdf_pages(page)]
    header = [i for i, t in enumerate(pages) if "项目名称会议经费" in t]
    assert header, "the form's header row was not printed"
    # The page with the form's caption and 项目名称 also carries its body: 项目资金 and 年度总体目标.
    first = pages[header[0]]
    assert "项目支出绩效自评表" in first and "年度资金总额" in first and "年度总体目标" in first


def test_printed_tables_repeat_their_headings_and_boxes_stay_inside_the_page(desktop, site_url):
    page = desktop.page
    page.goto(site_url + PROJECT)
    page.emulate_media(media="print")
    assert set(page.eval_on_selector_all("article thead", "els => els.map(e => getComputedStyle(e).display)")) <= {"table-header-group"}
    article = page.locator("article").first.bounding_box()
    for selector in (".jx-summary", ".jx-govinfo", "table.jx-form"):
        box = page.locator(selector).first.bounding_box()
        assert box["x"] + box["width"] <= article["x"] + article["width"] + 1, selector


INDICATOR_HEADINGS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")


def test_printed_long_form_repeats_the_indicator_headings_on_every_sheet_with_indicator_rows(desktop, site_url):
    page = desktop.page
    page.goto(site_url + LONG_FORM)
    page.emulate_media(media="print")
    pages = [squeeze(t) for t in pdf_pages(page)]
    with_rows = [i for i, t in enumerate(pages) if re.search(r"第\d+号设施巡检完成率", t)]
    assert len(with_rows) >= 2, "the long form did not run onto a second sheet"
    # Every indicator was printed, once.
    printed = [n for t in pages for n in re.findall(r"第(\d+)号设施巡检完成率", t)]
    assert sorted(map(int, printed)) == list(range(1, 46))
    for i in with_rows:
        missing = [h for h in INDICATOR_HEADINGS if h not in pages[i]]
        assert not missing, f"sheet {i + 1} carries indicator rows without the headings {missing}"
    page.pdf(path=str(screenshot(page, "print-long-form-top").with_suffix(".pdf")), format="A4", print_background=True)


# --- Portal: 404 under a sub-path and at the root ---------------------------------------------------------

@pytest.mark.parametrize("where", ["sub-path", "root"])
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_missing_page_is_a_styled_chinese_404_whose_links_stay_in_the_site(browser, site_url, root_site_url, where, width):
    base = site_url if where == "sub-path" else root_site_url
    visit = open_tab(browser, base, PHONE if width == "phone" else {"width": 1366, "height": 768})
    page = visit.page
    try:
        response = page.goto(base + "2024/xx-swbgs/no-such-project/")
        assert response.status == 404
        assert page.locator("h1").first.inner_text() == "页面不存在（404）"
        # Styled: Material's and the site's stylesheets loaded from the site, not the portal's root.
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        assert "主办单位：××市财政局（示意）" in page.locator("footer").inner_text()
        assert "××市财政局 主办（示意）" in page.locator(".jx-topbar").inner_text()
        home = page.get_by_role("link", name="返回首页")
        assert home.evaluate("a => a.href") == base
        assert page.evaluate("document.baseURI") == base
        links = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        assert all(urlsplit(link).path.startswith(urlsplit(base).path) for link in links if link.startswith("http"))
        screenshot(page, f"{width}-404-{where}")
        home.click()
        page.wait_for_url(base)
        assert page.locator("h1").first.inner_text() == SITE_NAME
    finally:
        page.context.close()


# --- Where a reader is: breadcrumbs, previous/next ---------------------------------------------------------

@pytest.mark.parametrize(("path", "trail"), [
    ("years/", ["首页", "按年度浏览"]),
    ("2024/", ["首页", "按年度浏览", "2024年度"]),
    ("departments/", ["首页", "按单位浏览"]),
    ("departments/yzq-dqfwzx/", ["首页", "按单位浏览", "大同市云州区党群服务中心"]),
    (PROJECT, ["首页", "按年度浏览", "2024年度", "市委办公室", "会议经费"]),
])
def test_breadcrumb_shows_the_way_up_at_phone_width(phone, site_url, path, trail):
    page = phone.page
    page.goto(site_url + path)
    crumbs = page.locator("nav.jx-breadcrumb")
    assert crumbs.is_visible()
    assert [t.strip() for t in crumbs.locator("a, [aria-current]").all_inner_texts()] == trail


def test_next_project_link_leads_to_the_next_project_of_the_department_and_year(desktop, site_url):
    page = desktop.page
    page.goto(site_url + PROJECT)
    page.get_by_role("link", name=re.compile("下一个项目")).click()
    page.wait_for_url("**/2024/xx-swbgs/peixun-jingfei/")
    assert page.locator("h1").first.inner_text() == "培训经费项目绩效自评"
    assert page.get_by_role("link", name=re.compile("上一个项目")).is_visible()


# --- 政府信息公开 and the unit's original ---------------------------------------------------------------

@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_record_page_shows_the_gov_info_box_and_the_original_document(browser, site_url, width):
    visit = open_tab(browser, site_url, PHONE if width == "phone" else {"width": 1366, "height": 768})
    page = visit.page
    try:
        page.goto(site_url + PROJECT_2019)
        box = page.locator(".jx-govinfo")
        text = box.inner_text()
        for expected in ("索引号", "11140200MB0000000X/2020-00042", "发布机构", "大同市云州区党群服务中心",
                         "成文日期", "2020-11-30", "发布日期", "有效性", "有效"):
            assert expected in text
        link = box.get_by_role("link", name="2019年度决算公开绩效情况说明（原件）")
        assert "PDF 文件" in text and "KB" in text
        response = page.request.get(urljoin(page.url, link.get_attribute("href")))
        assert response.status == 200 and response.body() == ORIGINAL_PDF
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
        box.scroll_into_view_if_needed()
        screenshot(page, f"{width}-gov-info-box")
    finally:
        page.context.close()


# --- Lists: the site's 复核 and findings beside the self-reported score; no money added across years ---------

def test_department_year_table_shows_the_sites_recheck_and_findings_beside_the_published_score(desktop, site_url):
    page = desktop.page
    page.goto(site_url + DEPARTMENT_YEAR)
    table = page.locator("article table", has=page.locator("th", has_text="项目名称")).first
    headers = table.locator("th").all_inner_texts()
    assert ["自评得分", "等级", "复核得分（本站计算）", "核查问题（本站）"] == [h.strip() for h in headers[4:8]]
    assert "不是财政部门或审计机关的认定" in page.locator("article").inner_text()


def test_home_page_does_not_add_money_across_years(desktop, site_url):
    page = desktop.page
    page.goto(site_url)
    stats = page.locator(".jx-stats").inner_text()
    assert "全年预算数合计" not in stats and "年度数" in stats
    assert "不同年度的资金不宜相加" in page.locator("article").inner_text()
