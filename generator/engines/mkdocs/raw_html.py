"""Raw HTML blocks kept out of Python-Markdown's pass, and put back exactly where it would have printed them.

A page body is mostly HTML blocks the templates wrote (the 自评表, the summary, the 政府信息公开 box), with a
little Markdown between them. Python-Markdown hands every raw block to the standard library's HTML parser
(pure Python) to find where it ends, and MkDocs parses the whole page once more to collect its ids: about
two thirds of the Markdown pass at a city's scale went there, to print those blocks unchanged.

Here each top-level raw block is found by a tag scanner that follows Python-Markdown's own rule
(markdown.htmlparser.HTMLExtractor: a block-level tag at the start of a line opens a block; it ends where
the stack of open tags empties; a blank line after it is kept), replaced by a placeholder paragraph,
and put back into the converted HTML with the newline Markdown would have printed. Anything the scanner
is not sure of (a comment, a declaration, a script or style element with markup inside, text after a
block's end tag on its line) leaves the whole page to Markdown unchanged. If a placeholder does not come
back exactly once, the page is converted again the ordinary way. Either way the HTML is the same bytes.
"""

from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass, field
from html.parser import HTMLParser

# A start or end tag (quoted attribute values may hold ">"), or the start of a comment, declaration or
# processing instruction. Tag names as html.parser reads them.
_TAG = re.compile(r"<(?:(/)?([a-zA-Z][^\t\n\r\f />\x00]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|!|\?)", re.S)
_ATTRIBUTE = re.compile(r"""([^\s=/>'"]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")
_LINE_START_TAG = re.compile(r"^<([a-zA-Z][^\t\n\r\f />\x00]*)", re.M)
_BLANK_LINE_AFTER = re.compile(r"([ ]*\n){2}")  # markdown.htmlparser.blank_line_re
_TEXT_ELEMENTS = frozenset(HTMLParser.CDATA_CONTENT_ELEMENTS) | frozenset(getattr(HTMLParser, "RCDATA_CONTENT_ELEMENTS", ()))
# Python-Markdown treats <hr> as an empty tag, never as an open one (HTMLExtractor.empty_tags).
_EMPTY = frozenset({"hr"})


def normalize(text: str, tab_length: int = 4) -> str:
    """Python-Markdown's first step (markdown.preprocessors.NormalizeWhitespace), so blocks are cut from the
    same text it would have cut them from. Running it again later changes nothing but trailing blank lines."""
    text = text.replace("\x02", "").replace("\x03", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
    text = text.expandtabs(tab_length)
    return re.sub(r"(?<=\n) +\n", "\n", text)


@dataclass
class Protected:
    markdown: str  # the page's Markdown with each raw block replaced by a placeholder paragraph
    token: str
    blocks: list[str] = field(default_factory=list)  # each block's HTML as Markdown prints it
    anchors: set[str] = field(default_factory=set)  # ids (and <a name>) inside the blocks, as MkDocs collects them

    def restore(self, converted: str) -> str | None:
        """The converted page with every block back in place; None when a placeholder did not come back once."""
        seen: list[int] = []

        def put(match: re.Match[str]) -> str:
            index = int(match.group(1))
            seen.append(index)
            return self.blocks[index]

        result = re.sub(rf"<p>{self.token}(\d+)z</p>", put, converted)
        if sorted(seen) != list(range(len(self.blocks))):
            return None
        return result.strip()  # as Markdown strips its output, after putting raw HTML back


def protect(text: str, block_level: set[str] | frozenset[str], tab_length: int = 4) -> Protected | None:
    """The page with its raw HTML blocks taken out, or None when the page is better left to Markdown whole."""
    text = normalize(text, tab_length)
    token = "jxraw" + secrets.token_hex(8) + "n"  # never in a page: a fresh random word per page
    out: list[str] = []
    result = Protected("", token)
    done = 0  # text before this is in `out` or in a block
    search = 0
    while True:
        start_match = _LINE_START_TAG.search(text, search)
        if start_match is None:
            break
        if start_match.group(1).lower() not in block_level:
            search = start_match.end()
            continue
        start = start_match.start()
        end = _block_end(text, start, result.anchors)
        if end is None:
            return None
        line_end = text.find("\n", end)
        if line_end != end:
            return None  # text after the end tag on its line: Markdown continues the block ("intail")
        block = text[start:end]
        if _BLANK_LINE_AFTER.match(text, end):
            block += "\n"
        out.append(text[done:start])
        out.append(f"\n{token}{len(result.blocks)}z\n\n")
        result.blocks.append(block)
        done = search = end
    out.append(text[done:])
    result.markdown = "".join(out)
    return result


def _block_end(text: str, start: int, anchors: set[str]) -> int | None:
    """Where the raw block opened at start ends (after the end tag that empties the stack of open tags)."""
    stack: list[str] = []
    position = start
    while True:
        tag = _TAG.search(text, position)
        if tag is None or tag.group(2) is None:
            return None  # no end, or a comment, declaration or processing instruction
        name = tag.group(2).lower()
        attributes = tag.group(3) or ""
        position = tag.end()
        if tag.group(1):  # an end tag closes the nearest open tag of its name and all opened after it
            if name in stack:
                while stack.pop() != name:
                    pass
            if not stack:
                return position
            continue
        for attribute in _ATTRIBUTE.finditer(attributes):
            key = attribute.group(1).lower()
            if key == "id" or (key == "name" and name == "a"):
                value = attribute.group(2) or ""
                if value[:1] in ("'", '"'):
                    value = value[1:-1]
                anchors.add(html.unescape(value))
        if attributes.endswith("/") or name in _EMPTY:
            if not stack:
                return None  # a block that is one empty tag: Markdown stashes it its own way
            continue
        stack.append(name)
        if name in _TEXT_ELEMENTS:  # script, style: text up to the end tag, which must hold no markup
            close = text.lower().find(f"</{name}", position)
            if close < 0 or "<" in text[position:close] or "&" in text[position:close]:
                return None
            position = close
