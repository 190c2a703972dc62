"""What a reader fetches for a first search, as a browser gets it from a server that serves precompressed files.

Used by bench/synthetic_city.py; run alone on a built site:

    .venv/bin/python bench/search_figures.py [site/] [--detail] [--content content/] [--first-search-only]

Prints three groups of figures, each measured in a child process of its own (no profiler, no tracemalloc):
- 首次搜索下载量 (below);
- Pagefind: a hard-linked copy of the site indexed again as `jixiao build` indexes it, wall and CPU time and
  the OS's peak RSS of each Pagefind process (one per shard, generator/search/search_index.py);
- 下载文件: with --content, the CPU seconds spent writing every XLSX and CSV the site publishes.

For each of six Chinese queries a fresh browser (empty cache) opens a department-year page, types the query
into the header search box and counts the bytes of every response after the page had loaded (Pagefind's code,
its entry, metadata, index chunks and the fragments of the results shown). The server answers like nginx's
`gzip_static` / `brotli_static`: when the browser accepts br (or gzip) and `file.br` (or `file.gz`) lies beside
the file, that is what is sent, and its size is what is counted. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import mimetypes
import os
import statistics
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHINESE = ["会议经费", "满意度", "档案", "参会人员", "办公设备", "党群服务中心"]
CHROMIUM = Path(os.environ.get("JIXIAO_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
DONE = "() => /^(找到|没有找到)/.test(document.querySelector('#jixiao-search-status').textContent.trim())"


class PrecompressedHandler(SimpleHTTPRequestHandler):
    """Static files; `x.br` / `x.gz` beside `x` are sent instead of `x` when the request accepts them."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()
            path = path / "index.html"
        accepted = {part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")}
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            compressed = path.with_name(path.name + suffix)
            if encoding in accepted and path.is_file() and compressed.is_file():
                data = compressed.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
                self.send_header("Content-Encoding", encoding)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                return _Body(data)
        return super().send_head()


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def _copyfile(self, source, outputfile):
    outputfile.write(source.read())


PrecompressedHandler.copyfile = _copyfile


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    mimetypes.add_type("application/wasm", ".wasm")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PrecompressedHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def start_page(site: Path) -> str:
    """The first department-year page (YEAR/UNIT/), where a reader would search from."""
    pages = sorted(p.parent for p in site.glob("*/*/index.html") if p.parent.parent.name.isdigit())
    return pages[0].relative_to(site).as_posix() + "/" if pages else ""


def first_search(site: Path, queries: list[str] = CHINESE) -> dict[str, list[tuple[str, int]]] | None:
    """query -> [(path, bytes on the wire)] of every response after the page had loaded; None without a browser."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.exists():
        return None
    server, url = serve(site)
    start = url + start_page(site)
    out: dict[str, list[tuple[str, int]]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
            for query in queries:
                context = browser.new_context(viewport={"width": 390, "height": 844})
                page = context.new_page()
                page.goto(start)
                page.wait_for_load_state("networkidle")
                fetched: list[tuple[str, int]] = []

                def record(response, fetched=fetched):
                    length = response.header_value("content-length") if response.ok else None
                    fetched.append((unquote(urlsplit(response.url).path), int(length) if length else 0))

                page.on("response", record)
                page.locator("[data-jixiao-search-open]").click()
                page.locator("#jixiao-search-input").fill(query)
                page.wait_for_function(DONE, timeout=120_000)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(300)
                out[query] = fetched
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return out


def _child(*args: str) -> list[str]:
    """Run this script in a child process (so the caller imports nothing of the generator) and return its lines."""
    import subprocess

    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return [f"（未测：{out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode}）"]
    return out.stdout.splitlines()


def pagefind_lines(site: Path) -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from generator.search.search_index import PAGEFIND_PROCESSES, PAGES_PER_BATCH, index_site

    import shutil
    import tempfile

    # Indexed again in a hard-linked copy of the site, so the site itself stays exactly as built.
    with tempfile.TemporaryDirectory(prefix="search-figures-", dir=site.parent) as tmp:
        copy = Path(tmp) / site.name
        shutil.copytree(site, copy, copy_function=os.link, ignore=shutil.ignore_patterns("pagefind"))
        start = time.perf_counter()
        problems, runs = index_site(copy)
        total = time.perf_counter() - start
    lines = [f"Pagefind：{len(runs)} 批（{PAGEFIND_PROCESSES} 个 Pagefind 进程轮流，每批至多 {PAGES_PER_BATCH} 页），合计 {total:.1f} 秒（含分字和合并），"
             f"峰值内存最大 {max(r.peak_rss_mb for r in runs):.0f} MB"]
    for run in runs:
        lines.append(f"    自分片 {run.shard or '（首个）'} 起：{run.pages} 页，{run.wall_seconds:.1f} 秒，CPU {run.cpu_seconds:.1f} 秒，"
                     f"峰值内存 {run.peak_rss_mb:.0f} MB")
    return lines + problems


def export_lines(content: Path) -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from generator.rules.audit import audit_content
    from generator.site.datasets import (EVALUATED_PROJECTS, EVALUATIONS, OVERALL, OVERALL_FUNDS, OVERALL_INDICATORS, RECORD_TABLES,
                                    TABLES, Source, department_rows, record_rows)
    from generator.site.exports import table_csv, to_xlsx
    from generator.records.loading import load_content

    loaded = load_content(content)
    source = Source(loaded, audit_content(loaded), lambda code, year, project: f"{year}/{code}/{project or ''}")
    per_record = [record_rows(source, record) for record in loaded.records]
    whole = {t.name: [row for tables in per_record for row in tables[t.name]] for t in RECORD_TABLES}
    whole["departments"] = department_rows(loaded)
    start = time.process_time()
    size = 0
    other_kinds = (OVERALL, OVERALL_FUNDS, OVERALL_INDICATORS, EVALUATIONS, EVALUATED_PROJECTS)
    for tables in per_record:  # the sheets of generator.exports.department_year_downloads
        size += len(to_xlsx([(t, tables[t.name]) for t in RECORD_TABLES if t not in other_kinds or tables[t.name]]))
    size += len(to_xlsx([(t, whole[t.name]) for t in TABLES]))
    xlsx = time.process_time() - start
    start = time.process_time()
    for tables in per_record:
        for t in RECORD_TABLES:
            table_csv(t, tables[t.name])
    for t in TABLES:
        table_csv(t, whole[t.name])
    csv_cpu = time.process_time() - start
    return [f"下载文件：XLSX {len(per_record) + 1} 个（{size / 1e6:.1f} MB）CPU {xlsx:.2f} 秒；CSV CPU {csv_cpu:.2f} 秒"]


def figures_lines(site: Path, content: Path | None = None, detail: bool = False) -> list[str]:
    """Everything this script measures, for bench/synthetic_city.py: first search, Pagefind, exports."""
    lines = search_lines(site, detail)
    lines += _child("--pagefind", str(site))
    if content is not None:
        lines += _child("--exports", str(content))
    return lines


def search_lines(site: Path, detail: bool = False) -> list[str]:
    """Lines to print: first-search bytes per query and their median."""
    fetched = first_search(site)
    if fetched is None:
        return [f"首次搜索下载量：未测（没有 Chromium（{CHROMIUM}）或 playwright）"]
    lines = []
    sizes = {query: sum(size for _, size in responses) for query, responses in fetched.items()}
    for query, responses in fetched.items():
        lines.append(f"首次搜索下载量（{query}）：{sizes[query] / 1e3:.1f} KB，{len(responses)} 个请求")
        if detail:
            lines += [f"    {size / 1e3:7.1f} KB  {path}" for path, size in responses]
    lines.append(f"首次搜索下载量中位数（{len(sizes)} 个中文查询，服务器发送预压缩文件）："
                 f"{statistics.median(sizes.values()) / 1e3:.1f} KB，最大 {max(sizes.values()) / 1e3:.1f} KB")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--detail", action="store_true", help="list every response of every query")
    parser.add_argument("--content", type=Path, help="the content folder the site was built from (export CPU)")
    parser.add_argument("--first-search-only", action="store_true", help="measure the first search only (no Pagefind re-run)")
    parser.add_argument("--pagefind", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--exports", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pagefind:
        lines = pagefind_lines(args.site.resolve())
    elif args.exports:
        lines = export_lines(args.site.resolve())
    elif args.first_search_only:
        lines = search_lines(args.site.resolve(), args.detail)
    else:
        lines = figures_lines(args.site.resolve(), args.content.resolve() if args.content else None, args.detail)
    for line in lines:
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
