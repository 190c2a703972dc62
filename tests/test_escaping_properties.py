"""Properties of the escaping (generator/site/escaping.py) for any text a record may hold.

Whatever the text, what the page receives cannot open a tag, an attribute, a script, a Markdown link or
attribute list, and a reader sees the text itself (controls dropped, whitespace collapsed).
"""

from __future__ import annotations

import html
import re
import string

import markdown
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.site.escaping import attribute, clean, inline, lines, preformatted

# Text heavy in what HTML, Markdown and the theme's extensions give a meaning to.
_SYNTAX = list(string.punctuation) + ["<script>", "</p>", "javascript:", "{: onclick=x}", "--8<--", "{{ 7*7 }}",
                                      "&amp;", "&#60;", "\n", "\n\n", "    ", "\t", "\u2028", "\x00", "\u202e", "1.", "20.37"]
hostile = st.one_of(st.text(), st.lists(st.one_of(st.sampled_from(_SYNTAX), st.text(max_size=3)), max_size=30).map("".join))

_ENTITY = re.compile(r"&#[0-9]+;")
# Left as they are by design: "%" and "," start nothing, "." only stands between two digits.
_INERT_PUNCTUATION = set("%,.")


def _outside_entities(text: str) -> str:
    return _ENTITY.sub("", text)


@given(hostile)
@example("<script>alert(1)</script>")
@example("[点我](javascript:alert(2)){: onclick=\"alert(3)\"}")
@example("1. 项目\n2. 指标")
def test_inline_text_carries_no_character_that_starts_markup(text):
    out = _outside_entities(str(inline(text)))
    assert set(out) & set(string.punctuation) <= _INERT_PUNCTUATION
    assert not re.search(r"\.(?!\d)|(?<!\d)\.", out)  # a full stop outside a number stays an entity
    assert "\n" not in str(inline(text)) and "  " not in str(inline(text))


@given(hostile)
def test_inline_text_reads_as_the_text_itself(text):
    assert html.unescape(str(inline(text))) == clean(text)


@settings(max_examples=150)
@given(hostile)
@example("<img src=x onerror=alert(1)>")
@example("`code` **bold** [x][1]\n\n[1]: javascript:alert(1)")
def test_inline_text_in_a_markdown_page_makes_no_element_but_its_paragraph(text):
    page = markdown.markdown(f"前 {inline(text)} 后", extensions=["attr_list", "md_in_html", "tables", "pymdownx.snippets"])
    assert re.findall(r"<(/?[a-zA-Z][^\s>/]*)", page) == ["p", "/p"]
    assert html.unescape(page) == f"<p>前 {clean(text)} 后</p>"


@given(hostile)
def test_an_attribute_value_cannot_end_its_quotes_or_open_a_tag(text):
    out = attribute(text)
    assert not set(_outside_entities(out.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")
                                     .replace("&quot;", "").replace("&#x27;", ""))) & set("<>\"'&")
    assert html.unescape(out) == clean(text)


@given(hostile)
def test_preformatted_text_keeps_its_lines_and_opens_nothing(text):
    out = str(preformatted(text))
    assert set(_outside_entities(out)) & set(string.punctuation) <= _INERT_PUNCTUATION
    assert out.count("\n") == max(len(text.splitlines()) - 1, 0)


@given(hostile)
def test_each_published_line_is_escaped_and_empty_lines_dropped(text):
    assert [html.unescape(str(line)) for line in lines(text)] == [clean(line) for line in text.splitlines() if clean(line)]
