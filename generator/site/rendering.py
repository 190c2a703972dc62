"""Jinja2 environment for the page templates in theme/templates.

Every `{{ value }}` passes through `finalize`, which escapes it unless it is Markup that this project
produced itself (formatted numbers, links it built). So a template cannot forget to escape record text.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from generator.hashing import digest
from generator.site import escaping, formatting, terms
from generator.site.build_cache import BuildCache

TEMPLATES = Path(__file__).resolve().parents[2] / "theme" / "templates"


def _finalize(value: object) -> object:
    if value is None:
        return ""
    return escaping.inline(value)


def relative_link(here: str, target: str) -> str:
    """A Markdown link target from page `here` to page `target`, both content paths like 2024/a/index.md."""
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


def _href(here: str, target: str) -> Markup:
    """A link target for a template's own Markdown link; page paths are ASCII codes, safe as they are."""
    return Markup(relative_link(here, target))

def page_url(path: str) -> str:
    """Where a content path is served (directory URLs): 2024/a/index.md → 2024/a/, 2024/a/b.md → 2024/a/b/.

    Other files (downloads, attachments) keep their path."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[:-len("index")]
    else:
        stem += "/"
    return stem


def relative_href(here: str, target: str) -> str:
    """An HTML href from page `here` to `target` (content paths), for links inside raw HTML blocks,
    which Markdown does not rewrite."""
    base = page_url(here)
    url = page_url(target)
    relative = posixpath.relpath(url or ".", base.rstrip("/") or ".")
    if url.endswith("/") or not url:
        relative = relative.rstrip("/") + "/" if relative != "." else "./"
    return relative


def _html_href(here: str, target: str) -> Markup:
    # Paths are built from validated ASCII codes; escape() still keeps any quote out of the attribute.
    return escape(relative_href(here, target))


def _link(text: object, here: str, target: str | None) -> Markup:
    if target is None:  # no such page (a withdrawn record's year or unit without live records): text only
        return escaping.inline(text)
    return Markup(f"[{escaping.inline(text)}]({relative_link(here, target)})")


def _glossed(segments: list[tuple[str, str | None]], here: str) -> Markup:
    """A reading's text with each glossary word linked to its explanation the first time it appears."""
    linked: set[str] = set()
    parts = []
    for text, word in segments:
        if word and word not in linked:
            linked.add(word)
            parts.append(_link(text, here, f"glossary/index.md#{terms.glossary_anchor(word)}"))
        else:
            # inline() trims; the spaces around a figure ("全年预算数 32 万元") are part of the reading
            lead = " " if text[:1] == " " else ""
            trail = " " if text[-1:] == " " else ""
            parts.append(Markup(lead) + escaping.inline(text) + Markup(trail))
    return Markup("").join(parts)


def _heading(level: int) -> Markup:
    return Markup("#" * max(1, min(level, 6)))


@lru_cache(maxsize=4)
def environment(templates: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # autoescape makes macro and block output Markup, so it is not escaped twice; finalize runs
        # first and escapes every other value for Markdown and HTML alike, which is stricter than Jinja's.
        autoescape=True,
    )
    env.filters.update(
        money=formatting.money,
        avg=formatting.average,
        cn_date=formatting.chinese_date,
        num=formatting.number,
        pct=formatting.percent,
        lines=escaping.lines,
        inline=escaping.inline,
        preformatted=escaping.preformatted,
    )
    env.globals.update(href=_href, link=_link, html_href=_html_href, heading=_heading,
                       not_stated=terms.NOT_STATED, glossed=_glossed)
    return env


class KeptTemplates(BytecodeCache):
    """Templates compiled by an earlier build, kept in the build cache by their name and source (Jinja's bucket key
    and checksum; Jinja itself refuses bytecode of another Python). A correction renders a few pages, and compiling
    their templates and the theme's was half a second of it at 8,000 projects."""

    KIND = "templates"

    def __init__(self, cache: BuildCache):
        self.cache = cache

    def load_bytecode(self, bucket: Bucket) -> None:
        entry = self.cache.get(self.KIND, digest(bucket.key, bucket.checksum))
        if entry is not None:
            bucket.bytecode_from_string(entry.read_bytes())

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.cache.put(self.KIND, digest(bucket.key, bucket.checksum), bucket.bytecode_to_string())


@contextmanager
def kept_templates(cache: BuildCache | None) -> Iterator[None]:
    """Page templates compiled while inside are taken from and kept in cache (None: compiled as usual)."""
    env = environment()
    env.bytecode_cache = KeptTemplates(cache) if cache is not None else None
    try:
        yield
    finally:
        env.bytecode_cache = None


def render(template: str, here: str, **context: object) -> str:
    """Render one page template; `here` is the page's own path, for relative links."""
    return environment().get_template(template).render(here=here, **context)
