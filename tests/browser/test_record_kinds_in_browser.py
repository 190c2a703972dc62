"""The other record kinds in a real browser: the 部门整体支出绩效自评 page and a coverage-only 说明, read on a
390 px phone, printed on A4, and found by the site search with its year and department filters."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.sitebuild import build
from tests.browser.conftest import DESKTOP, PHONE, REPO, SUB_PATH, _QuietHandler, open_tab, screenshot
from tests.browser.searching import results, search, wait_until_every_result
from tests.conftest import KINDS

OVERALL = f"/{SUB_PATH}2023/sl-czj/bumen-zhengti/"


@pytest.fixture(scope="module")
def kinds_url(tmp_path_factory):
    work = tmp_path_factory.mktemp("kinds-browser")
    content = work / "content"
    shutil.copytree(KINDS, content)
    site = work / "www" / SUB_PATH
    site.parent.mkdir(parents=True)
    assert build(content, site) == 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(work / "www")))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def tab(browser, kinds_url):
    opened = []

    def open_at(viewport):
        visit = open_tab(browser, kinds_url, viewport)
        opened.append(visit)
        return visit.page

    yield open_at
    for visit in opened:
        visit.page.context.close()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_department_level_indicators_stack_into_readable_cards_on_a_phone(tab, kinds_url):
    page = tab(PHONE)
    page.goto(kinds_url + "2023/sl-czj/bumen-zhengti/")
    assert page_width(page) <= PHONE["width"]  # the page never scrolls sideways
    row = page.locator("#zb-1")
    box = row.bounding_box()
    assert box["width"] <= PHONE["width"] and box["height"] > 150  # one card, its cells one under another
    cells = row.locator("td:not(.jx-empty)")
    labels = [cells.nth(i).evaluate("c => getComputedStyle(c, '::before').content") for i in range(cells.count())]
    assert labels[:4] == ['"指标性质"', '"年初指标值"', '"全年完成值"', '"得分系数"']
    text = row.inner_text()
    assert "预算调整率" in text and "11.02" in text and "过程 › 预算执行" in text
    screenshot(page, "phone-overall-indicators")


def test_department_level_form_is_one_table_per_row_on_a_desktop(tab, kinds_url):
    page = tab(DESKTOP)
    page.goto(kinds_url + "2023/sl-czj/bumen-zhengti/")
    assert page.locator("table.jx-stack thead").is_visible()
    first, second = page.locator("#zb-1").bounding_box(), page.locator("#zb-2").bounding_box()
    assert first["height"] < 120 and abs(first["x"] - page.locator("table.jx-stack").bounding_box()["x"]) < 300
    assert second["y"] > first["y"]


def test_department_level_page_prints_the_whole_form_on_a4(tab, kinds_url):
    page = tab({"width": 794, "height": 1123})
    page.goto(kinds_url + "2023/sl-czj/bumen-zhengti/")
    page.emulate_media(media="print")
    assert page.locator("table.jx-stack thead").is_visible()
    table = page.locator("table.jx-stack").bounding_box()
    assert table["x"] >= 0 and table["x"] + table["width"] <= 794
    assert not page.locator(".md-header").is_visible()
    assert page.locator("table.jx-overall-form").inner_text().count("年度资金总额") == 1


def test_coverage_only_page_reads_on_a_phone_without_a_project_table(tab, kinds_url):
    page = tab(PHONE)
    page.goto(kinds_url + "2023/sl-jyj/")
    assert page_width(page) <= PHONE["width"]
    text = page.locator("article").inner_text()
    assert "****" not in text and "项目绩效自评结果" not in text
    assert "优良 4 个，中 3 个" in text and "市财政局" in text
    screenshot(page, "phone-coverage-only")


def test_search_finds_the_department_level_page_by_an_indicator_name(tab, kinds_url):
    page = tab(DESKTOP)
    page.goto(kinds_url)
    search(page, "财政供养人员控制率")
    hit = next(r for r in results(page) if r.path == OVERALL)
    assert hit.title == "示例市财政局 2023年度部门整体支出绩效自评"
    assert hit.facts == "示例市财政局 · 2023年度"


def test_department_filter_keeps_the_department_level_page_of_that_department(tab, kinds_url):
    page = tab(DESKTOP)
    page.goto(kinds_url)
    search(page, "预算")
    page.get_by_role("button", name="按年度、单位筛选").click()
    department = page.locator("[data-jixiao-filter=department]")
    department.locator("option", has_text="示例市财政局").wait_for(state="attached")
    department.select_option(label="示例市财政局")
    wait_until_every_result(page, starts_with="示例市财政局")
    assert OVERALL in [r.path for r in results(page)]


@pytest.mark.parametrize("path", ["2023/sl-czj/bumen-zhengti/", "2023/sl-jyj/"], ids=["department-level", "coverage-only"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_both_kinds_have_no_serious_accessibility_violation(tab, kinds_url, axe_source, path, viewport):
    from tests.browser.test_accessibility import axe_violations

    page = tab(viewport)
    page.goto(kinds_url + path, wait_until="networkidle")
    screenshot(page, f"kinds-{viewport['width']}-{path.strip('/').replace('/', '-')}")
    assert axe_violations(page, axe_source) == []
