"""The MkDocs engine keeps raw HTML blocks out of Python-Markdown's pass (generator/mkdocs_adapter/raw_html.py):
a page's HTML must be the very bytes Python-Markdown alone would print, for every page the site has."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from generator.cli import main as jixiao
from generator.engines.mkdocs.raw_html import protect
from tests.conftest import CONTENT, REPO


@pytest.fixture(scope="module")
def seed_pages(tmp_path_factory) -> list[tuple[str, str]]:
    """Every page of the seed site as the generator hands it to the engine (its Markdown body)."""
    out = tmp_path_factory.mktemp("pages")
    assert jixiao(["pages", "--content", str(CONTENT), str(out)]) == 0
    pages = []
    for path in sorted(out.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        pages.append((path.relative_to(out).as_posix(), text.split("\n---\n", 1)[1]))
    return pages


@pytest.fixture(scope="module")
def converter():
    config = load_config(str(REPO / "mkdocs.yml"))

    def convert(text: str) -> str:
        return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs).convert(text)

    return convert


def _around_markdown(text: str, convert) -> str | None:
    md = markdown.Markdown()
    protected = protect(text, frozenset(md.block_level_elements))
    return None if protected is None else protected.restore(convert(protected.markdown))


def test_every_seed_page_converts_to_the_same_html(seed_pages, converter):
    assert len(seed_pages) > 20
    for path, text in seed_pages:
        assert _around_markdown(text, converter) == converter(text), path


def test_the_blocks_of_a_project_page_are_taken_out(seed_pages):
    text = next(text for path, text in seed_pages if path.startswith("2024/") and not path.endswith("index.md"))
    protected = protect(text, frozenset(markdown.Markdown().block_level_elements))
    assert protected is not None and len(protected.blocks) > 3
    assert "<table" not in protected.markdown


def test_ids_inside_the_blocks_are_anchors_mkdocs_can_check(seed_pages):
    text = next(text for path, text in seed_pages if path.startswith("2024/") and not path.endswith("index.md"))
    protected = protect(text, frozenset(markdown.Markdown().block_level_elements))
    assert {"zpb", "zb-1", "gk"} <= protected.anchors


@pytest.mark.parametrize("text", [
    "文字\n\n<div>\n<!-- 注释 -->\n</div>\n",
    "<div>块</div>后面的文字\n",
    "<script>var a = 1 < 2;</script>\n",
])
def test_a_page_the_scanner_is_not_sure_of_is_left_to_markdown(text):
    assert protect(text, frozenset(markdown.Markdown().block_level_elements)) is None


@pytest.mark.parametrize("text", [
    "# 标题\n\n<div class=\"a\" id=\"x\">\n<p>段落</p>\n</div>\n\n正文 [链接](a.md)\n",
    "<p>一</p>\n<div>二</div>\n文字\n\n<table>\n<tr><td>1</td></tr>\n</table>",
    "段落\n<div>\n<img src=\"a.png\">\n<br>\n</div>\n\n!!! note \"说明\"\n    <span>行内</span>\n",
    "<div><svg><title>图</title><rect x=\"1\"/></svg></div>\n\n\t<div>缩进</div>\n",
    "<div>\n\n空行\n\n</div>\n\n<hr>\n\n<div/>\n",
])
def test_mixed_markdown_and_html_convert_to_the_same_html(text, converter):
    assert _around_markdown(text, converter) in (None, converter(text))
