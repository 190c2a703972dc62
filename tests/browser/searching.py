"""Using the header search box as a reader does, and reading what it shows."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

SEARCH_BOX = "#jixiao-search-input"
STATUS = "#jixiao-search-status"
RESULTS = "#jixiao-search-results > li"
FINISHED = ("找到", "没有找到", "搜索暂时不可用")


@dataclass(frozen=True)
class Result:
    path: str  # URL path of the result link
    title: str
    facts: str  # "单位 · 年度"
    excerpt: str
    marked: tuple[str, ...]  # the highlighted words in the excerpt


def wait_for_answer(page) -> str:
    page.wait_for_function(
        """([selector, finished]) => {
            const text = document.querySelector(selector).textContent.trim();
            return finished.some((start) => text.startsWith(start));
        }""",
        arg=[STATUS, list(FINISHED)],
        timeout=20_000,
    )
    return page.locator(STATUS).inner_text().strip()


def wait_until_every_result(page, starts_with: str = "", includes: str = "") -> None:
    """Wait until results are shown and every one's facts line ("单位 · 年度") starts with / includes the text:
    a filter applied in the browser has finished."""
    page.wait_for_function(
        """([start, part]) => {
            const facts = [...document.querySelectorAll('.jixiao-search__facts')];
            return facts.length && facts.every((p) => p.textContent.startsWith(start) && p.textContent.includes(part));
        }""",
        arg=[starts_with, includes],
    )


def search(page, query: str) -> str:
    """Type the query into the real search box (fill: typing Chinese key by key fires no input) and wait."""
    box = page.locator(SEARCH_BOX)
    if not box.is_visible():
        page.locator("[data-jixiao-search-open]").click()
    box.fill(query)
    return wait_for_answer(page)


def results(page) -> list[Result]:
    found = []
    for item in page.locator(RESULTS).all():
        link = item.locator("a")
        found.append(Result(
            path=urlsplit(link.get_attribute("href")).path,
            title=item.locator("h1").inner_text().strip(),
            facts=item.locator(".jixiao-search__facts").all_inner_texts()[0].strip()
            if item.locator(".jixiao-search__facts").count() else "",
            excerpt=item.locator(".jixiao-search__excerpt").inner_text().strip(),
            marked=tuple(t.strip() for t in item.locator("mark").all_inner_texts()),
        ))
    return found
