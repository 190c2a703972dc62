"""Make any text from a record inert in Markdown and HTML.

Why numeric character references for every ASCII punctuation character, and not html.escape: HTML
escaping alone leaves Markdown syntax alive ([x](javascript:…), reference links, {: attr lists},
--8<-- snippets, {{ macros }}), while no Markdown or HTML construct can start from a digit-only entity.
The result reads exactly like the input once a browser renders it. Whitespace is collapsed so that text
cannot open an indented code block or a new Markdown block.
"""

from __future__ import annotations

import html
import re
import string

from markupsafe import Markup

# "%" and "," start no Markdown or HTML construct; a "." between two digits cannot end a list marker.
# Leaving them as they are keeps numbers such as 20.37 and 63.66% searchable in the page source.
_KEPT = "%,"
_ENTITY = {ord(c): f"&#{ord(c)};" for c in string.punctuation if c not in _KEPT}
_DECIMAL_POINT = re.compile(r"(?<=\d)&#46;(?=\d)")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_SPACE = re.compile(r"\s+")


def clean(text: object) -> str:
    """Plain text with invisible controls removed and whitespace collapsed to single spaces."""
    return _SPACE.sub(" ", _CONTROL.sub("", str(text))).strip()


def inline(text: object) -> Markup:
    """One line of user text, safe anywhere in Markdown, in a table cell or inside raw HTML."""
    if isinstance(text, Markup):
        return text
    return Markup(_DECIMAL_POINT.sub(".", clean(text).translate(_ENTITY)))


def lines(text: object) -> list[Markup]:
    """Each non-empty line of a multi-line text, escaped: published paragraphs keep their breaks."""
    return [inline(line) for line in str(text).splitlines() if clean(line)]


def attribute(text: object) -> str:
    """Text for an HTML attribute or a title that the theme prints without escaping."""
    return html.escape(clean(text), quote=True)


def preformatted(text: object) -> Markup:
    """A multi-line text for a <pre> block (a JSON example): lines and indentation kept, everything else inert."""
    kept = [_DECIMAL_POINT.sub(".", _CONTROL.sub("", line).translate(_ENTITY)) for line in str(text).splitlines()]
    return Markup("\n".join(kept))
