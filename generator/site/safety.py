"""The output safety scan: every built HTML page holds only markup that the project or its theme wrote.

Escaping (generator/site/escaping.py) is the first fence; this is the second, run on the finished folder before
it is published (a post-build step, see generator/engines/mkdocs/build.py). A page fails the build when it
holds a script the theme did not write, an event-handler attribute (on…), a URL with a scheme other than
http(s), a link that assumes the domain root (the site may be deployed under a sub-path of a portal), or a
link to a host that is not on the 外部链接白名单 of content/site.yml.

Each page is read once by lxml (libxml2), the same checks running on its elements; a page lxml read differently
from the standard library's HTML parser, or where it found a problem, is read again by that parser, which names
each problem's line and column. No regular expression decides what a page holds.
"""

from __future__ import annotations

import gc
import json
import os
import posixpath
import re
from collections import Counter
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from generator.config import BuildConfig
from generator.site.html_files import HtmlFile, html_files

# Folders of the built site whose scripts the project ships: Material's and our own assets, and Pagefind's
# generated search code.
SCRIPT_FOLDERS = ("assets/", "pagefind/")

# Attributes a browser follows or loads as a URL.
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "poster", "cite", "data", "background", "xlink:href", "manifest",
    "longdesc", "usemap", "icon", "ping", "codebase", "archive", "lowsrc", "dynsrc", "srcset", "imagesrcset",
})
# Elements the project never writes, each able to load or run outside content.
FORBIDDEN_ELEMENTS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"})
# Browsers drop these before reading a URL's scheme: "java\tscript:" is "javascript:".
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_CSS_DANGER = re.compile(r"url\s*\(|@import|expression\s*\(|javascript:|behavior\s*:", re.I)
_MATERIAL_TEMPLATES = ("base.html", "partials/javascripts")
_OVERRIDES = Path(__file__).resolve().parents[2] / "theme" / "overrides"
# MkDocs writes the 404 page with root-relative links on purpose (a server shows it at any depth); it is the
# one page allowed to assume the root, and deploying under a sub-path needs the server's own 404 page.
ROOT_LINKS_ALLOWED = frozenset({"404.html"})


def _material_inline_scripts() -> list[re.Pattern[str]]:
    """The inline <script> bodies Material's templates and the theme's overrides contain, as patterns; `{{ … }}` may print a relative path."""
    try:
        import material
    except ImportError:  # pragma: no cover - the theme is a dependency
        return []
    root = Path(material.__file__).resolve().parent / "templates"
    files: list[Path] = []
    for name in _MATERIAL_TEMPLATES:
        path = root / name
        files.extend(sorted(path.glob("*.html")) if path.is_dir() else [path])
    # The theme's own inline scripts (the 404 page's root finder), written by this project.
    files.extend(sorted(_OVERRIDES.rglob("*.html")))
    patterns = []
    for path in files:
        for body in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", path.read_text(encoding="utf-8"), re.S):
            if "{%" in body:
                continue
            parts = re.split(r"\{\{.*?\}\}", body)
            # A printed value can only be a relative path (base_url): no quote, so it cannot leave its string.
            patterns.append(re.compile("[A-Za-z0-9./_-]*".join(re.escape(p) for p in parts)))
    return patterns


@lru_cache(maxsize=1)
def _known_inline() -> tuple[re.Pattern[str], ...]:
    return tuple(_material_inline_scripts())


def allowed_hosts_from_settings(content_dir: Path) -> frozenset[str]:
    """外部链接白名单 of the content folder being built; empty (nothing allowed) when it cannot be read."""
    from generator.records.loading import SETTINGS_FILE
    from generator.records.settings import SiteSettings
    from generator.records.yaml_reader import ReadError, read_file

    path = Path(content_dir) / SETTINGS_FILE
    try:
        document = read_file(path, path.as_posix())
        settings = SiteSettings.model_validate(document.data or {})
        # The site's own address (网站地址) is where its canonical links and sitemap point.
        own = {urlsplit(settings.site_url).hostname} if settings.site_url else set()
        return frozenset(settings.external_hosts) | frozenset(host for host in own if host)
    except (OSError, ReadError, ValueError):
        # The loader already refused a broken site.yml; failing closed here can only make the scan stricter.
        return frozenset()


class _Checks:
    """What a page may hold, element by element; reports through _report (with a position where known)."""

    page: str
    allowed_hosts: frozenset[str]

    def _report(self, message: str, position: tuple[int, int] | None = None) -> None:
        raise NotImplementedError

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_ELEMENTS:
            self._report(f"出现了本网站不使用的 <{tag}> 元素")
        for name, value in attrs:
            if name.startswith("on"):
                self._report(f"<{tag}> 含有事件属性 {name}，页面上不应有任何事件属性")
            elif name in URL_ATTRIBUTES and value is not None:
                urls = [u.strip().split(" ")[0] for u in value.split(",")] if name.endswith("srcset") else [value]
                for url in urls:
                    self._check_url(tag, name, url)
            elif name == "style" and value and _CSS_DANGER.search(value):
                self._report(f"<{tag}> 的 style 属性含有外部资源或脚本")
            elif tag == "meta" and name == "content" and value and dict(attrs).get("http-equiv", "").lower() == "refresh":
                self._check_url(tag, "http-equiv=refresh", value.split("=", 1)[-1] if "=" in value else "")

    # --- URLs -----------------------------------------------------------------------------------

    def _check_url(self, tag: str, attribute: str, url: str) -> None:
        cleaned = _URL_NOISE.sub("", url).replace("\\", "/")
        if not cleaned or cleaned.startswith("#"):
            return
        scheme = _SCHEME.match(cleaned.lower())
        if scheme and scheme.group(1) not in ("http", "https"):
            self._report(f"<{tag} {attribute}> 的链接使用了不允许的协议“{scheme.group(1)}:”：{url[:120]!r}")
        elif scheme or cleaned.startswith("//"):
            host = (urlsplit(cleaned if scheme else "https:" + cleaned).hostname or "").lower()
            if host not in self.allowed_hosts:
                self._report(
                    f"<{tag} {attribute}> 链接到外部网站“{host}”，它不在 site.yml 的“外部链接白名单”中：{url[:120]!r}"
                )
        elif cleaned.startswith("/") and self.page not in ROOT_LINKS_ALLOWED:
            self._report(
                f"<{tag} {attribute}> 的链接以“/”开头，网站部署在门户网站的子目录（专栏）下时会失效：{url[:120]!r}"
            )

    # --- scripts --------------------------------------------------------------------------------

    def _check_script(self, attrs: dict[str, str | None], text: str, position: tuple[int, int]) -> None:
        src = attrs.get("src")
        kind = (attrs.get("type") or "").strip().lower()
        if src is not None:
            if text.strip():
                self._report("<script> 同时有 src 和内容", position)
            self._check_script_src(src, position)
        elif kind == "application/json":
            # Data for Material's bundle, never run by the browser; it must at least be the JSON it claims.
            try:
                json.loads(text)
            except ValueError:
                self._report("<script type=\"application/json\"> 的内容不是 JSON", position)
        elif not any(p.fullmatch(text) for p in _known_inline()):
            self._report(f"出现了不属于网站主题的内嵌脚本：{text.strip()[:80]!r}", position)

    def _check_script_src(self, src: str, position: tuple[int, int]) -> None:
        cleaned = _URL_NOISE.sub("", src).replace("\\", "/")
        parts = urlsplit(cleaned)
        if parts.scheme or parts.netloc or (cleaned.startswith("/") and self.page not in ROOT_LINKS_ALLOWED):
            self._report(f"脚本不是本网站自带的文件：{src[:120]!r}", position)
            return
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), parts.path)).lstrip("/")
        if target.startswith("..") or not target.startswith(SCRIPT_FOLDERS):
            self._report(f"脚本不在网站的脚本目录（{'、'.join(SCRIPT_FOLDERS)}）中：{src[:120]!r}", position)


class _PageScan(_Checks, HTMLParser):
    def __init__(self, page: str, allowed_hosts: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page  # POSIX path of the page inside the site, e.g. "2024/a/index.html"
        self.allowed_hosts = allowed_hosts
        self.problems: list[str] = []
        self._script: tuple[dict[str, str | None], tuple[int, int]] | None = None
        self._script_text: list[str] = []
        self._in_style = False
        self._style_text: list[str] = []

    def _report(self, message: str, position: tuple[int, int] | None = None) -> None:
        line, column = position or self.getpos()
        self.problems.append(f"{self.page}:{line}:{column + 1}：{message}")

    # --- elements -------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)
        if tag == "script":
            self._script = (dict(attrs), self.getpos())
            self._script_text = []
        elif tag == "style":
            self._in_style = True
            self._style_text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)
        if tag == "script":
            self._check_script(dict(attrs), "", self.getpos())

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            attrs, position = self._script
            self._check_script(attrs, "".join(self._script_text), position)
            self._script = None
        elif tag == "style" and self._in_style:
            if _CSS_DANGER.search("".join(self._style_text)):
                self._report("<style> 中含有外部资源或脚本（url()、@import、expression、javascript:）")
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        elif self._in_style:
            self._style_text.append(data)

# --- The fast path: lxml builds the page, the same checks run on its elements ------------------------
# libxml2's HTML parser (through lxml, a C library) builds a page about ten times faster than the standard
# library's pure-Python parser. It is used only where it provably saw what that parser sees: the start tags
# it built, by name and number, are exactly the start tags in the text. Any page where they differ (a
# fragment without <html>, a comment or script text holding a tag, a second <body> whose attributes
# libxml2 would merge or drop, markup it repaired) goes through the standard library's scan, and so does
# every page where the fast path finds a problem, so that each report names its line and column as before.

_START_TAG = re.compile(r"<([a-zA-Z][^\t\n\r\f />\x00]*)")


class _Findings(_Checks):
    """The checks of _PageScan without positions: only whether a page has a problem at all."""

    def __init__(self, page: str, allowed_hosts: frozenset[str]) -> None:
        self.page = page
        self.allowed_hosts = allowed_hosts
        self.problems: list[str] = []

    def _report(self, message: str, position: tuple[int, int] | None = None) -> None:
        self.problems.append(message)


@lru_cache(maxsize=1)
def _lxml_parser():
    from lxml import etree

    return etree.HTMLParser(recover=True, no_network=True, huge_tree=True, collect_ids=False,
                            remove_comments=False, remove_pis=False)


def _fast_problems(page: str, text: str, allowed_hosts: frozenset[str]) -> list[str] | None:
    """The problems lxml's reading of the page shows, or None where its reading is not the standard library's."""
    from lxml import etree

    try:
        root = etree.fromstring(text, _lxml_parser())
    except (ValueError, etree.Error):
        return None
    if root is None:
        return None
    elements = [element for element in root.iter() if isinstance(element.tag, str)]
    if Counter(element.tag for element in elements) != Counter(name.lower() for name in _START_TAG.findall(text)):
        return None
    scan = _Findings(page, allowed_hosts)
    for element in elements:
        tag = element.tag
        attrs = list(element.attrib.items())
        scan._element(tag, attrs)
        if tag == "script":
            scan._check_script(dict(attrs), element.text or "", (0, 0))
        elif tag == "style" and _CSS_DANGER.search(element.text or ""):
            scan._report("<style> 中含有外部资源或脚本")
    return scan.problems


def scan_html(page: str, text: str, allowed_hosts: frozenset[str] = frozenset()) -> list[str]:
    """Problems of one page (its POSIX path inside the site, and its HTML)."""
    if _fast_problems(page, text, allowed_hosts) == []:
        return []
    return _exact_scan(page, text, allowed_hosts)


def _exact_scan(page: str, text: str, allowed_hosts: frozenset[str]) -> list[str]:
    """The standard library's reading of the page, with each problem's line and column."""
    scan = _PageScan(page, allowed_hosts)
    scan.feed(text)
    scan.close()
    if scan._script is not None:
        scan._report("<script> 没有结束标记", scan._script[1])
    return scan.problems


# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_FROM = 200


def _scan_files(site_dir: Path, paths: list[Path], allowed_hosts: frozenset[str]) -> list[str]:
    problems: list[str] = []
    for path in paths:
        page = path.relative_to(site_dir).as_posix()
        problems.extend(scan_html(page, path.read_text(encoding="utf-8", errors="replace"), allowed_hosts))
    return problems


def scan_site(site_dir: Path, allowed_hosts: frozenset[str] = frozenset(),
              already_checked: frozenset[str] = frozenset(), pages: list[HtmlFile] | None = None) -> list[str]:
    """Problems of every HTML file under site_dir, in path order.

    already_checked: site paths whose bytes an earlier build scanned clean with the same allowed hosts and
    scanner (generator/engines/mkdocs/page_cache.py keeps them); they are not read again.
    pages: the HTML files under site_dir, when the caller has walked it already (html_files).
    """
    site_dir = Path(site_dir)
    pages = pages if pages is not None else html_files(site_dir)
    paths = [site_dir / page.path for page in pages if page.path not in already_checked]
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return _scan_files(site_dir, paths, allowed_hosts)
    # The workers start as copies of this process: what the build no longer holds goes first.
    gc.collect()
    # The standard library's parser is pure Python (about 25 ms for a 90 KB page): a city's site of a few
    # thousand pages is scanned on every core. Chunks keep the order of the report the same as one pass.
    # The workers die with the build, however it ends (generator/site/processes.py); leaving the `with` block
    # on an error or Ctrl-C terminates them at once.
    import multiprocessing

    from generator.site.processes import worker_init

    size = -(-len(paths) // (workers * 4))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    with multiprocessing.get_context("fork").Pool(workers, initializer=worker_init, initargs=(os.getpid(),)) as pool:
        results = pool.starmap(_scan_files, [(site_dir, chunk, allowed_hosts) for chunk in chunks])
    return [problem for chunk in results for problem in chunk]


def scan_settings(build_config: BuildConfig) -> str:
    """What besides a page's bytes decides its scan (the allow-list), as text: a page scanned clean under the
    same settings by the same code is clean again."""
    return "\n".join(["allowed-hosts", *sorted(allowed_hosts_from_settings(build_config.content_dir))])


def check_built_site(staging_dir: Path, build_config: BuildConfig,
                     already_checked: frozenset[str] = frozenset(), pages: list[HtmlFile] | None = None) -> list[str]:
    """Post-build step: the scan with the allow-list of the content being built, problems headed in Chinese."""
    problems = scan_site(staging_dir, allowed_hosts_from_settings(build_config.content_dir), already_checked, pages)
    if not problems:
        return []
    shown = problems[:50]
    more = [f"……另有 {len(problems) - len(shown)} 处"] if len(problems) > len(shown) else []
    return ["安全检查未通过：生成的页面中出现了不是本网站写出的脚本、事件属性或链接："] + shown + more
