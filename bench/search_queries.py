"""Search on a built site, measured in Chromium: first-query bytes and what number queries find.

    .venv/bin/python bench/search_queries.py [site/]

For each of six Chinese queries a fresh browser opens a department-year page, types the query into the
header search box and counts every byte fetched after the page had loaded (Pagefind's code, index chunks,
fragments of the results shown). For each number query it prints the results in order and whether each
result's excerpt shows the number itself. Prints its figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHINESE = ["会议经费", "满意度", "档案", "参会人员", "办公设备", "党群服务中心"]
NUMBERS = ["20.37", "3.92"]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
DONE = "() => /^(找到|没有找到)/.test(document.querySelector('#jixiao-search-status').textContent.trim())"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _start_page(site: Path) -> str:
    pages = sorted(p.parent for p in site.glob("*/*/index.html") if p.parent.parent.name.isdigit())
    return pages[0].relative_to(site).as_posix() + "/" if pages else ""


def measure(site: Path) -> tuple[dict[str, int], dict[str, list[tuple[str, bool]]]]:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    start = url + _start_page(site)
    sizes: dict[str, int] = {}
    found: dict[str, list[tuple[str, bool]]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
            for query in CHINESE + NUMBERS:
                context = browser.new_context(viewport={"width": 390, "height": 844})
                page = context.new_page()
                page.goto(start)
                page.wait_for_load_state("networkidle")
                fetched: list[int] = []
                page.on("response", lambda r: fetched.append(len(r.body()) if r.ok else 0))
                page.locator("[data-jixiao-search-open]").click()
                page.locator("#jixiao-search-input").fill(query)
                page.wait_for_function(DONE, timeout=60_000)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(300)
                if query in CHINESE:
                    sizes[query] = sum(fetched)
                else:
                    found[query] = [
                        (item.locator("a").get_attribute("href"),
                         query in item.locator(".jixiao-search__excerpt").inner_text())
                        for item in page.locator("#jixiao-search-results > li").all()
                    ]
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return sizes, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"没有找到 Chromium（{CHROMIUM}），未测。", file=sys.stderr)
        return 1
    sizes, found = measure(args.site.resolve())
    for query, size in sizes.items():
        print(f"首次搜索下载量（{query}）：{size / 1e3:.1f} KB")
    print(f"首次搜索下载量中位数（{len(sizes)} 个中文查询）：{statistics.median(sizes.values()) / 1e3:.1f} KB")
    for query, results in found.items():
        shown = sum(1 for _, has in results if has)
        print(f"“{query}”：{len(results)} 个结果，其中 {shown} 个的摘要含 {query}")
        for rank, (href, has) in enumerate(results, 1):
            print(f"  {rank}. {href}{'' if has else '（摘要不含该数字）'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
