"""The header search box finds what readers look for, in a real browser, on the built site."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SUB_PATH, screenshot
from tests.browser.searching import SEARCH_BOX, results, search, wait_until_every_result

HUIYI = f"/{SUB_PATH}2024/xx-swbgs/huiyi-jingfei/"
DANGAN_2019 = f"/{SUB_PATH}2019/yzq-dqfwzx/dangan-shuzihua/"
YUNZHOU = f"/{SUB_PATH}departments/yzq-dqfwzx/"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("会议经费", HUIYI, id="project-name"),
        pytest.param("挤占挪用", HUIYI, id="word-mid-sentence"),
        pytest.param("档案", DANGAN_2019, id="two-character-word"),
        pytest.param("参会人员满意度", HUIYI, id="indicator-name"),
        pytest.param("云州区党群服务中心", YUNZHOU, id="department-name"),
        pytest.param("居民", DANGAN_2019, id="word-inside-longer-word"),
        pytest.param("20.37", HUIYI, id="number-as-printed"),
    ],
)
def test_query_finds_the_page(desktop, site_url, query, expected):
    desktop.page.goto(site_url)
    search(desktop.page, query)
    assert expected in [r.path for r in results(desktop.page)]


def test_search_works_when_the_server_sends_the_precompressed_copies(desktop, site_url):
    encodings: dict[str, str] = {}
    desktop.page.on("response", lambda r: encodings.update({r.url.rsplit("/", 1)[-1]: r.headers.get("content-encoding", "")}))
    desktop.page.goto(site_url)
    search(desktop.page, "会议经费")
    assert HUIYI in [r.path for r in results(desktop.page)]
    # Pagefind's WebAssembly and metadata arrive unpacked from their .br copies; its script takes them as they are.
    assert encodings["pagefind.js"] == "br"
    assert [e for name, e in encodings.items() if name.startswith("wasm.")] == ["br"]
    assert [e for name, e in encodings.items() if name.endswith(".pf_meta")] == ["br"]


def test_query_without_matches_says_nothing_was_found(desktop, site_url):
    desktop.page.goto(site_url)
    status = search(desktop.page, "量子计算机")
    assert status.startswith("没有找到与“量子计算机”相关的页面")
    assert results(desktop.page) == []


def test_result_shows_title_department_year_and_highlighted_excerpt(desktop, site_url):
    desktop.page.goto(site_url)
    search(desktop.page, "参会人员满意度")
    hit = next(r for r in results(desktop.page) if r.path == HUIYI)
    assert hit.title == "会议经费项目绩效自评"
    assert hit.facts == "中共××市委办公室 · 2024年度"
    assert "参会人员满意度" in hit.excerpt
    assert "".join(hit.marked) == "参会人员满意度" or "满意度" in hit.marked


def test_navigation_and_footer_text_is_not_searchable(desktop, site_url):
    desktop.page.goto(site_url)
    # 按年度浏览 is in every page's navigation tabs but in no indexed article.
    status = search(desktop.page, "按年度浏览")
    assert status.startswith("没有找到")


def test_year_filter_keeps_only_that_year(desktop, site_url):
    page = desktop.page
    page.goto(site_url)
    search(page, "档案")
    page.get_by_role("button", name="按年度、单位筛选").click()
    page.locator("[data-jixiao-filter=year] option[value='2019']").wait_for(state="attached")
    page.locator("[data-jixiao-filter=year]").select_option("2019")
    wait_until_every_result(page, includes="2019年度")
    assert {r.facts.split(" · ")[-1] for r in results(page)} == {"2019年度"}


def test_department_filter_keeps_only_that_department(desktop, site_url):
    page = desktop.page
    page.goto(site_url)
    search(page, "满意度")
    page.get_by_role("button", name="按年度、单位筛选").click()
    department = page.locator("[data-jixiao-filter=department]")
    department.locator("option", has_text="大同市云州区党群服务中心").wait_for(state="attached")
    department.select_option(label="大同市云州区党群服务中心")
    wait_until_every_result(page, starts_with="大同市云州区党群服务中心")
    assert {r.facts.split(" · ")[0] for r in results(page)} == {"大同市云州区党群服务中心"}


def test_newest_year_first_sort_orders_results_by_year(desktop, site_url):
    page = desktop.page
    page.goto(site_url)
    search(page, "满意度")
    page.locator("[data-jixiao-sort]").select_option("year")
    page.wait_for_timeout(500)
    page.wait_for_function("() => document.querySelectorAll('#jixiao-search-results li').length > 0")
    years = [r.facts.split(" · ")[-1] for r in results(page) if "年度" in r.facts]
    assert len(set(years)) > 1
    assert years == sorted(years, reverse=True)


def test_search_is_operable_from_the_keyboard_alone(desktop, site_url):
    page = desktop.page
    page.goto(site_url + "2024/xx-swbgs/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == SEARCH_BOX.lstrip("#")
    search(page, "参会人员满意度")
    first = results(page)[0]
    page.keyboard.press("ArrowDown")
    assert page.evaluate("new URL(document.activeElement.href).pathname") == first.path
    page.keyboard.press("Enter")
    page.wait_for_url("**" + first.path)
    assert page.locator("h1").first.inner_text() == first.title


def test_escape_closes_the_search_panel(desktop, site_url):
    page = desktop.page
    page.goto(site_url)
    search(page, "会议经费")
    page.keyboard.press("Escape")
    assert not page.locator("#jixiao-search-results").is_visible()


def test_search_works_at_phone_width(phone, site_url):
    page = phone.page
    page.goto(site_url)
    screenshot(page, "phone-home")
    page.locator("[data-jixiao-search-open]").click()
    search(page, "会议经费")
    assert HUIYI in [r.path for r in results(page)]
    screenshot(page, "phone-search-results")


def test_search_results_at_desktop_width(desktop, site_url):
    page = desktop.page
    page.goto(site_url)
    screenshot(page, "desktop-home")
    search(page, "会议经费")
    assert HUIYI in [r.path for r in results(page)]
    screenshot(page, "desktop-search-results")


def test_search_opens_from_the_keyboard_at_phone_width(phone, site_url):
    page = phone.page
    page.goto(site_url)
    page.locator("[data-jixiao-search-open]").focus()
    page.keyboard.press("Enter")
    # The box takes focus in the opener's click handler; on a loaded machine that can land a frame later.
    expect(page.locator(SEARCH_BOX)).to_be_focused()
    assert page.locator(SEARCH_BOX).is_visible()


def test_markup_in_record_text_is_shown_as_text_in_results(desktop, site_url):
    page = desktop.page
    page.goto(site_url)
    search(page, "馆藏档案")
    hit = next(r for r in results(page) if r.path == DANGAN_2019)
    assert "<img" in hit.excerpt
    assert page.locator("#jixiao-search-results img").count() == 0
    assert page.title() != "XSS"


DEPARTMENT_2021 = f"/{SUB_PATH}2021/yzq-dqfwzx/"
JICENG_2021 = f"/{SUB_PATH}2021/yzq-dqfwzx/jiceng-dangzuzhi-gongzuo-jingfei/"


@pytest.mark.parametrize("number", ["20.37", "3.92"])
def test_a_printed_number_is_found_as_one_word(desktop, site_url, number):
    desktop.page.goto(site_url)
    search(desktop.page, number)
    found = results(desktop.page)
    assert found
    # Every result shows the number itself, never a page that merely holds 20 and 37 apart.
    for hit in found:
        assert number in hit.excerpt, hit
        assert number in hit.marked, hit


def test_pages_holding_the_number_rank_before_the_rest(desktop, site_url):
    desktop.page.goto(site_url)
    search(desktop.page, "3.92")
    paths = [r.path for r in results(desktop.page)]
    assert set(paths[:3]) >= {DEPARTMENT_2021, JICENG_2021}


def test_excerpt_comes_from_the_running_text_not_breadcrumb_or_revision_log(desktop, site_url):
    desktop.page.goto(site_url)
    search(desktop.page, "会议经费")
    for hit in results(desktop.page):
        assert not hit.excerpt.startswith("当前位置"), hit
        assert "修订记录" not in hit.excerpt and "›" not in hit.excerpt, hit
    project = next(r for r in results(desktop.page) if r.path == HUIYI)
    # The project page's prose holds 会议经费: its excerpt is that sentence, not a run of table cells.
    assert not project.excerpt.startswith("表格中") and ". " not in project.excerpt


def test_a_figure_found_only_in_a_table_is_labelled_as_such(desktop, site_url):
    desktop.page.goto(site_url)
    search(desktop.page, "52000")
    hit = next(r for r in results(desktop.page) if r.path == DANGAN_2019)
    assert hit.excerpt.startswith("表格中：")
    assert "52000" in hit.marked
    assert ". " not in hit.excerpt


def test_a_search_is_a_link_that_opens_with_its_filters(desktop, site_url):
    page = desktop.page
    page.goto(site_url + "?q=%E6%A1%A3%E6%A1%88&year=2019")
    page.wait_for_function("() => document.querySelector('#jixiao-search-status').textContent.startsWith('找到')")
    assert page.locator(SEARCH_BOX).input_value() == "档案"
    assert page.locator("[data-jixiao-filter=year]").input_value() == "2019"
    found = results(page)
    assert found and {r.facts.split(" · ")[-1] for r in found} == {"2019年度"}
    screenshot(page, "desktop-search-shared-link")


def test_the_address_follows_the_search_and_its_filters(desktop, site_url):
    page = desktop.page
    page.goto(site_url)
    search(page, "档案")
    page.get_by_role("button", name="按年度、单位筛选").click()
    department = page.locator("[data-jixiao-filter=department]")
    department.locator("option", has_text="大同市云州区党群服务中心").wait_for(state="attached")
    department.select_option(label="大同市云州区党群服务中心")
    page.wait_for_function("() => new URL(location.href).searchParams.get('department')")
    params = page.evaluate("Object.fromEntries(new URL(location.href).searchParams)")
    assert params == {"q": "档案", "department": "大同市云州区党群服务中心"}


def test_back_from_a_result_returns_to_the_search(phone, site_url):
    page = phone.page
    page.goto(site_url)
    page.locator("[data-jixiao-search-open]").click()
    search(page, "20.37")
    first = results(page)[0]
    page.locator("#jixiao-search-results a").first.click()
    page.wait_for_url("**" + first.path)
    page.go_back()
    page.wait_for_function("() => document.querySelector('#jixiao-search-status').textContent.startsWith('找到')")
    assert page.locator(SEARCH_BOX).input_value() == "20.37"
    assert page.locator(SEARCH_BOX).is_visible()
    assert first.path in [r.path for r in results(page)]
    screenshot(page, "phone-search-after-back")
