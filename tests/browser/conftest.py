"""Browser tests: the built site, served on 127.0.0.1 under a sub-path, driven in Debian's Chromium.

Nothing is downloaded: Playwright's own browsers are never installed (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1),
and every request that is not for the local server is aborted, as on a closed government network.
Without Chromium the tests skip with the reason; CI sets JIXIAO_REQUIRE_BROWSER=1 to make that a failure.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.sitebuild import build

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("JIXIAO_CHROMIUM", "/usr/bin/chromium"))
AXE = REPO / "tests" / "browser" / "node" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# The site is published under a sub-path here, as on a government portal (www.example.gov.cn/caizheng/jixiao/):
# every test then also proves that nothing assumes the site sits at the domain root.
SUB_PATH = "caizheng/jixiao/"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# A second department and year beside the real records, with the words the search tests look for:
# a two-character word (档案) and a word inside a longer one (居民 in 城乡居民); and a project whose 45
# indicators print over several A4 sheets (the print tests' long form).
EXTRA_RECORD = """\
单位编码: yzq-dqfwzx
年度: 2019
公开日期: 2020-11-30
索引号: 11140200MB0000000X/2020-00042
原文附件:
  - 文件: 2019/yzq-dqfwzx-原文.pdf
    名称: 2019年度决算公开绩效情况说明（原件）
项目:
  - 项目编码: dangan-shuzihua
    项目名称: 档案数字化加工
    项目资金:
      年度资金总额:
        年初预算数: 12
        全年预算数: 12
        全年执行数: 11.76
    年度总体目标:
      预期目标: 完成馆藏档案数字化加工，方便城乡居民查阅。<img src=x onerror="document.title='XSS'">
      实际完成情况: 已完成全部加工任务，城乡居民查阅等候时间明显缩短。
    绩效指标:
      - 一级指标: 产出指标
        二级指标: 数量指标
        三级指标: 数字化加工页数
        计量单位: 页
        年度指标值: 50000
        实际完成值: 52000
        分值: 50
        得分: 50
      - 一级指标: 效益指标
        二级指标: 社会效益指标
        三级指标: 群众查阅便利程度
        年度指标值: 提高
        实际完成值: 提高
        分值: 30
        得分: 30
      - 一级指标: 满意度指标
        二级指标: 服务对象满意度指标
        三级指标: 查阅群众满意度
        计量单位: '%'
        年度指标值: ≥90%
        实际完成值: 96
        分值: 10
        得分: 10
    自评得分: 99.8
    等级: 优
""" + "".join(["""\
  - 项目编码: sheshi-xunjian
    项目名称: 公共设施巡检维护
    项目资金:
      年度资金总额:
        年初预算数: 30
        全年预算数: 30
        全年执行数: 30
        分值: 10
        得分: 10
    年度总体目标:
      预期目标: 按期完成辖区公共设施巡检和维护。
      实际完成情况: 按期完成。
    绩效指标:
"""] + [f"""\
      - 一级指标: {"产出指标" if i <= 30 else "效益指标"}
        二级指标: {"数量指标" if i <= 15 else "质量指标" if i <= 30 else "社会效益指标"}
        三级指标: 第{i}号设施巡检完成率
        计量单位: '%'
        年度指标值: ≥90%
        实际完成值: 100%
        分值: 2
        得分: 2
        偏差原因分析及改进措施: 无偏差，按巡检计划逐项完成，记录已归档备查，下一年度继续按月巡检。
""" for i in range(1, 46)] + ["""\
    自评得分: 100
    等级: 优
"""])


# The unit's own document declared as 原文附件 of EXTRA_RECORD: a small, valid one-page PDF.
ORIGINAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
) + b"%" * 2048 + b"\n"


def require_browser(reason: str) -> None:
    if os.environ.get("JIXIAO_REQUIRE_BROWSER") == "1":
        pytest.fail(f"浏览器测试不能跳过（JIXIAO_REQUIRE_BROWSER=1）：{reason}", pytrace=False)
    pytest.skip(f"跳过浏览器测试：{reason}")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real content plus EXTRA_RECORD, built once per session by the same path as `make site`."""
    work = tmp_path_factory.mktemp("browser-site")
    content = work / "content"
    shutil.copytree(REPO / "content", content)
    extra = content / "2019" / "yzq-dqfwzx.yml"
    if not extra.exists():
        extra.parent.mkdir(exist_ok=True)
        extra.write_text(EXTRA_RECORD, encoding="utf-8")
        (content / "2019" / "yzq-dqfwzx-原文.pdf").write_bytes(ORIGINAL_PDF)
    www = work / "www"
    site = www / SUB_PATH
    site.parent.mkdir(parents=True)
    assert build(content, site) == 0
    return www


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the folder; a missing address gets the site's 404.html with status 404, as a portal's server
    configured with `error_page 404 /caizheng/jixiao/404.html` does. Like nginx with `gzip_static` and
    `brotli_static`, it sends the precompressed copy beside a file (x.br, x.gz) to a browser that accepts it,
    so every browser test also runs on the copies `jixiao build` writes (generator/site/precompress.py)."""

    not_found_page: Path | None = None

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        accepted = {part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")}
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            copy = path.with_name(path.name + suffix)
            if encoding in accepted and path.is_file() and copy.is_file():
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", encoding)
                self.send_header("Content-Length", str(copy.stat().st_size))
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                return copy.open("rb")
        return super().send_head()

    def send_error(self, code, message=None, explain=None):
        if code != 404 or self.not_found_page is None or not self.not_found_page.exists():
            return super().send_error(code, message, explain)
        body = self.not_found_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _serve(folder: Path, not_found: Path):
    handler_class = type("_SiteHandler", (_QuietHandler,), {"not_found_page": not_found})
    handler = functools.partial(handler_class, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    server = _serve(built_site, built_site / SUB_PATH / "404.html")
    yield f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def root_site_url(built_site: Path):
    """The same build served at the domain root: one build works at both places."""
    server = _serve(built_site / SUB_PATH, built_site / SUB_PATH / "404.html")
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        require_browser(f"没有找到 Chromium（{CHROMIUM}）。安装：apt-get install -y chromium fonts-wqy-microhei")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_browser("没有安装 Python 包 playwright。安装：pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class Visit:
    """A browser tab on the local site, with every request it made."""

    page: object
    origin: str
    requests: list[str] = field(default_factory=list)


def _is_local(url: str) -> bool:
    return urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:", "about:"))


def open_tab(browser, site_url: str, viewport: dict) -> Visit:
    context = browser.new_context(viewport=viewport, locale="zh-CN", service_workers="block")
    page = context.new_page()
    visit = Visit(page, "{0.scheme}://{0.netloc}".format(urlsplit(site_url)))
    page.on("request", lambda request: visit.requests.append(request.url))
    # Nothing may wait on the closed network: any request off this machine fails at once.
    context.route("**/*", lambda route: route.continue_() if _is_local(route.request.url) else route.abort())
    return visit


@pytest.fixture
def desktop(browser, site_url):
    visit = open_tab(browser, site_url, DESKTOP)
    yield visit
    visit.page.context.close()


@pytest.fixture
def phone(browser, site_url):
    visit = open_tab(browser, site_url, PHONE)
    yield visit
    visit.page.context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        require_browser(f"没有找到 axe-core（{AXE}）。安装：npm ci --prefix tests/browser/node")
    return AXE.read_text(encoding="utf-8")


def screenshot(page, name: str) -> Path:
    """Kept under test-artifacts/ so a person can look at what the tests saw."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
