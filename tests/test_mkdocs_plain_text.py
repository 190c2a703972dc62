"""Text no inline pattern can change skips Python-Markdown's inline pass (generator/engines/mkdocs/plain_text.py):
every page must come out as the very bytes Python-Markdown prints without the shortcut."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import InlineProcessor
from mkdocs.config import load_config

from generator.cli import main as jixiao
from generator.engines.mkdocs.plain_text import PlainTextExtension
from tests.conftest import CONTENT, REPO
from tests.hostile_strings import BLNS, OWN

_CONFIG = load_config(str(REPO / "mkdocs.yml"))


def _convert(text: str, shortcut: bool, extra: list | None = None) -> str:
    extensions = [e for e in _CONFIG.markdown_extensions if not isinstance(e, PlainTextExtension)] + (extra or [])
    if shortcut:
        extensions.append(PlainTextExtension())
    return markdown.Markdown(extensions=extensions, extension_configs=_CONFIG.mdx_configs).convert(text)


@pytest.fixture(scope="module")
def seed_pages(tmp_path_factory) -> list[tuple[str, str]]:
    out = tmp_path_factory.mktemp("pages")
    assert jixiao(["pages", "--content", str(CONTENT), str(out)]) == 0
    return [(path.relative_to(out).as_posix(), path.read_text(encoding="utf-8").split("\n---\n", 1)[1])
            for path in sorted(out.rglob("*.md"))]


def test_every_seed_page_converts_to_the_same_html(seed_pages):
    assert len(seed_pages) > 20
    for path, text in seed_pages:
        assert _convert(text, True) == _convert(text, False), path


@pytest.mark.parametrize("text", BLNS[::7] + OWN)
def test_hostile_text_converts_to_the_same_html(text):
    for page in (text, f"段落 {text} 结尾\n\n| 列 | 值 |\n| --- | ---: |\n| {text} | 1 |\n\n- {text}\n"):
        assert _convert(page, True) == _convert(page, False)


# Characters every inline pattern starts on, entities and near-entities, Han text, spaces and line breaks.
_PIECES = st.sampled_from(["绩效", "目标", "1.5", " ", "  ", "\n", "  \n", "*", "**", "_", "`", "\\", "[", "]", "(", ")",
                           "!", "<", ">", "<b>", "</b>", "&", "&#40;", "&#X41;", "&#x4a;", "&amp;", "&amp", "&#;",
                           "&nbsp;", "[a](b.md)", "<https://a.b/>", "<a@b.c>", "#", "|", "-", "\x02", "\x03"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=12).map("".join), min_size=1, max_size=4))
@example(["费用&#40;元&#41;&&#40;&amp &#X41;"])
@example(["绩效  \n目标"])
@example(["绩效 * 目标 _ 绩效"])
def test_any_text_converts_to_the_same_html(lines):
    paragraph = "\n".join(lines)
    table = "| 年度 | 数 |\n| --- | ---: |\n" + "".join(f"| {line.replace('|', '')} | 1 |\n" for line in lines)
    heading = "## " + lines[0].replace("\n", " ")
    for page in (paragraph, table, heading, "!!! note \"说明\"\n    " + paragraph.replace("\n", "\n    ")):
        assert _convert(page, True) == _convert(page, False)


class _Mark(InlineProcessor):
    def handleMatch(self, m, data):
        element = etree.Element("mark")
        element.text = m.group(0)
        return element, m.start(0), m.end(0)


class _MarkExtension(markdown.extensions.Extension):
    """An inline pattern Python-Markdown does not have, that starts on a Han character."""

    def extendMarkdown(self, md):
        md.inlinePatterns.register(_Mark("绩效", md), "mark", 75)


def test_with_an_inline_pattern_of_another_extension_every_text_is_converted():
    assert _convert("本项目绩效良好", True, [_MarkExtension()]) == "<p>本项目<mark>绩效</mark>良好</p>"


@pytest.mark.parametrize("extension, text", [
    ("abbr", "*[HTML]: 超文本标记语言\n\nHTML 页面"),
    ("smarty", '他说"好" -- 完'),
    ("pymdownx.smartsymbols", "版权 (c) 2024"),
])
def test_with_a_tree_processor_of_another_extension_every_text_is_converted(extension, text):
    assert _convert(text, True, [extension]) == _convert(text, False, [extension]) != _convert(text, False)


def test_mkdocs_converts_pages_with_the_shortcut_on(tmp_path, monkeypatch):
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    import generator.engines.mkdocs.plain_text as plain_text

    marked: list[str] = []
    monkeypatch.setattr(plain_text, "AtomicString", lambda text: marked.append(text) or markdown.util.AtomicString(text))
    config = load_config(str(REPO / "mkdocs.yml"), docs_dir=str(tmp_path))
    config.markdown_extensions.append(PlainTextExtension())
    file = File("a.md", str(tmp_path), str(tmp_path / "site"), use_directory_urls=True)
    page = Page(None, file, config)
    page.markdown = "# 会议经费\n\n| 年度 | 全年执行数 |\n| --- | ---: |\n| 2024 | 20.37 |\n"
    page.render(config, Files([file]))
    assert "<td>20.37</td>" in page.content.replace(' style="text-align: right;"', "")
    assert {"会议经费", "2024", "20.37"} <= set(marked)
