"""axe-core on the pages readers use most, at desktop and phone widths (GB/T 37668-2019 ≈ WCAG 2.0 AA).

Screenshots of every checked page go to test-artifacts/ so a person can look at what was checked.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.searching import search

PAGES = [
    pytest.param("", id="home"),
    pytest.param("2024/xx-swbgs/", id="department-year"),
    pytest.param("2024/xx-swbgs/huiyi-jingfei/", id="project"),
    pytest.param("compare/2024/", id="compare"),
    pytest.param("compare/coverage/", id="coverage"),
    pytest.param("data/", id="dictionary"),
    pytest.param("audit/", id="findings"),
    pytest.param("audit/2024/", id="findings-year"),
]
BLOCKING = {"serious", "critical"}


def axe_violations(page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
        }"""
    )
    return [f"{v['impact']} {v['id']}: {v['help']} @ {v['nodes']}" for v in found if v["impact"] in BLOCKING]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_accessibility_violation_at_desktop_width(desktop, site_url, axe_source, path):
    desktop.page.goto(site_url + path)
    screenshot(desktop.page, f"desktop-{path.strip('/').replace('/', '-') or 'home'}")
    assert axe_violations(desktop.page, axe_source) == []


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_accessibility_violation_at_phone_width(phone, site_url, axe_source, path):
    phone.page.goto(site_url + path)
    screenshot(phone.page, f"phone-{path.strip('/').replace('/', '-') or 'home'}")
    assert axe_violations(phone.page, axe_source) == []


def test_open_search_results_have_no_serious_accessibility_violation(desktop, site_url, axe_source):
    desktop.page.goto(site_url)
    search(desktop.page, "满意度")
    desktop.page.get_by_role("button", name="按年度、单位筛选").click()
    desktop.page.wait_for_selector(".jixiao-search__filters:not([hidden])")
    assert axe_violations(desktop.page, axe_source) == []
