"""Text that no inline pattern can change, marked so that Python-Markdown's inline pass leaves it alone.

Python-Markdown tries each of its 15 inline patterns on every piece of text of a page, one after another, in
Python: a quarter of the Markdown pass of a project page went to table cells, headings and paragraphs of
Chinese text in which no pattern can match. Each pattern needs one of a few characters to start, so a piece of
text holding none of them comes out of the inline pass exactly as it went in; marked as an AtomicString (the
mark Python-Markdown gives code spans), it is skipped.

This is only known of the inline patterns Python-Markdown itself registers, listed below with what each
needs, and of the tree processors that run here (Python-Markdown's own, toc's and MkDocs'), which treat marked
text as any other. When the pages are converted with any other inline pattern or tree processor (an extension
added in mkdocs.yml such as abbr or smarty, which leave marked text alone, or another Markdown version),
nothing is marked and every page is converted the ordinary way.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

# Python-Markdown's own inline patterns (markdown.inlinepatterns.build_inlinepatterns) by name, with the
# expression each is built on. What each needs in the text to match:
_KNOWN_PATTERNS = {
    "backtick": r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)",  # a backtick or backslashes
    "escape": r"\\(.)",  # a backslash
    "reference": r"(?<!\!)\[",  # [ (the link and image patterns too)
    "link": r"(?<!\!)\[",
    "image_link": r"\!\[",
    "image_reference": r"\!\[",
    "short_reference": r"(?<!\!)\[",
    "short_image_ref": r"\!\[",
    "autolink": r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>",  # <
    "automail": r"<([^<> !]+@[^@<> ]+)>",  # <
    "linebreak": r"  \n",  # two spaces before a line break
    "html": None,  # < (its long expression starts with it)
    "entity": r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)",  # &, yet changes nothing (below)
    "em_strong": r"\*|_",  # the emphasis delimiters (md.delimiters), * and _
}

# The tree processors known to treat an AtomicString as any other text, by name and the module of their class.
_KNOWN_TREEPROCESSORS = {
    ("inline", "markdown.treeprocessors"),
    ("prettify", "markdown.treeprocessors"),
    ("unescape", "markdown.treeprocessors"),
    ("toc", "markdown.extensions.toc"),
    ("mkdocs_extract_anchors", "mkdocs.structure.pages"),
    ("relpath", "mkdocs.structure.pages"),
    ("mkdocs_extract_title", "mkdocs.structure.pages"),
    ("jixiao_plain_text", __name__),
}

# A character or sequence that some pattern above needs. Not the ampersand: the entity pattern only stashes an
# entity (&#40;, &amp;) to put it back unchanged, and plain text is printed with every & that does not start an
# entity escaped (markdown.serializers, by an expression that accepts all the entity pattern matches), as
# an & the entity pattern leaves is printed anyway. Not Python-Markdown's placeholders of stashed raw HTML
# (\x02…\x03) either: no inline pattern reads them, a postprocessor puts the HTML back.
_MAY_CHANGE = re.compile(r"[\\`\[<*_]|  \n")


def _only_known_processors(md: Markdown) -> bool:
    treeprocessors = md.treeprocessors
    known = [name for name, module in _KNOWN_TREEPROCESSORS
             if name in treeprocessors and type(treeprocessors[name]).__module__ == module]
    if len(known) != len(treeprocessors):
        return False
    patterns = md.inlinePatterns
    if len(patterns) != len(_KNOWN_PATTERNS):
        return False
    for name, expression in _KNOWN_PATTERNS.items():
        if name not in patterns:
            return False
        pattern = patterns[name]
        if type(pattern).__module__ != "markdown.inlinepatterns":
            return False
        compiled = getattr(pattern, "compiled_re", None)
        if expression is not None and (compiled is None or compiled.pattern != expression):
            return False
    html = patterns["html"]
    if not getattr(html, "compiled_re", None) or not html.compiled_re.pattern.startswith("(<"):
        return False
    delimiters = getattr(md, "delimiters", None)
    return delimiters is not None and set(getattr(delimiters, "delimiters", {})) <= {"*", "_"}


class _MarkPlainText(Treeprocessor):
    def run(self, root):
        if not _only_known_processors(self.md):
            return None
        for element in root.iter():
            text = element.text
            if text and type(text) is str and not _MAY_CHANGE.search(text):
                element.text = AtomicString(text)
            tail = element.tail
            if tail and type(tail) is str and not _MAY_CHANGE.search(tail):
                element.tail = AtomicString(tail)
        return None


class PlainTextExtension(Extension):
    """Registered by the jixiao plugin for every page MkDocs converts (on_config)."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After the blocks are parsed (the tree holds all the text), before the inline pass (priority 20).
        md.treeprocessors.register(_MarkPlainText(md), "jixiao_plain_text", 21)
