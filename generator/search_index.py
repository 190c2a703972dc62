"""The search index: Pagefind runs on the finished site folder as a post-build step.

Pagefind splits the index into small chunks, so a reader's browser fetches only the parts a query needs
instead of one index of the whole site. It runs inside `jixiao build`, so a publisher cannot forget it.
Knows nothing of MkDocs: it reads the HTML that any engine wrote.

Chinese is indexed character by character. Pagefind's extended build segments Chinese with a dictionary
when indexing, but the browser splits the query with its own, different dictionary (Intl.Segmenter): a
query then often looks for words the index does not hold (挤占挪用 is 挤占|挪用 in the index and
挤|占|挪用 in the query, and finds nothing), and a word inside a longer word is never found. With one
character per index word, theme/static/assets/search.js turns a query into an exact phrase of
characters, which finds every page that contains the query as written, like Ctrl+F.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Where the index lands inside the site; theme/static/assets/search.js loads it from here.
OUTPUT_SUBDIR = "pagefind"

# Repeated on every page inside the indexed body: table column headers of the fixed form and
# Material's page footer blocks. Indexing them makes every page match words like 年初预算数 and
# grows the index a phone downloads.
EXCLUDE_SELECTORS = ("thead", ".md-source-file", ".md-content__button", ".headerlink")

# The site is Chinese throughout; forcing the language keeps a stray lang attribute from
# splitting the index into a second language that a query would not search.
LANGUAGE = "zh"

# Only pages marked by the theme (theme/overrides/main.html) are indexed.
INDEXED_MARK = "data-pagefind-body"

# A hair space between two Han characters makes each character one index word. search.js removes
# it again from titles and names, so nothing a reader sees is spaced out.
CHARACTER_SEPARATOR = "\u200a"
_BETWEEN_HAN = re.compile(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
_INDEXED = re.compile(r"Indexed (\d+) pages?")


def separate_characters(html: str) -> str:
    return _BETWEEN_HAN.sub(CHARACTER_SEPARATOR, html)


def indexing_copy(site_dir: Path, copy_dir: Path) -> int:
    """Copy the pages to be indexed into copy_dir with their Chinese separated; returns how many."""
    count = 0
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if INDEXED_MARK not in html:
            continue
        target = copy_dir / page.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(separate_characters(html), encoding="utf-8")
        count += 1
    return count


def pagefind_command(source_dir: Path, output_dir: Path) -> list[str]:
    command = [
        sys.executable, "-m", "pagefind",
        "--site", str(source_dir),
        "--output-path", str(output_dir),
        "--force-language", LANGUAGE,
    ]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def build_search_index(site_dir: Path) -> list[str]:
    """Write the Pagefind index into site_dir/pagefind. Returns problems in Chinese (empty if none)."""
    site_dir = Path(site_dir).resolve()
    with tempfile.TemporaryDirectory(prefix=".search-pages-", dir=site_dir.parent) as tmp:
        copy_dir = Path(tmp)
        if indexing_copy(site_dir, copy_dir) == 0:
            # A theme change that drops the mark would silently publish a site whose search finds nothing.
            return [f"搜索索引没有生成：没有任何页面标记为可搜索（{INDEXED_MARK}），请检查主题模板 theme/overrides/main.html。"]
        output_dir = site_dir / OUTPUT_SUBDIR
        shutil.rmtree(output_dir, ignore_errors=True)
        try:
            result = subprocess.run(pagefind_command(copy_dir, output_dir), capture_output=True, text=True, check=False)
        except OSError as exc:
            return [f"搜索索引没有生成：无法运行 Pagefind（{exc}）。请先执行 make site 安装依赖。"]
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        return [f"搜索索引没有生成：Pagefind 出错（退出码 {result.returncode}）。", output]
    indexed = _INDEXED.search(output)
    if indexed is None or int(indexed.group(1)) == 0:
        return ["搜索索引没有生成：Pagefind 没有索引任何页面。", output]
    return []
