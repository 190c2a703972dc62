"""Build a real site from a content folder into a temporary place, through the same path as `make site`."""

from __future__ import annotations

import html
import re
from pathlib import Path

from generator.mkdocs_adapter.build import build_site
from generator.mkdocs_adapter.plugin import CONTENT_ENV

REPO = Path(__file__).resolve().parent.parent


def build(content_dir: Path, site_dir: Path, monkeypatch) -> int:
    monkeypatch.setenv(CONTENT_ENV, str(content_dir))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return build_site(config_file=REPO / "mkdocs.yml", site_dir=site_dir)


def visible_text(page_html: str) -> str:
    """Roughly what a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def tags_and_attributes(page_html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every start tag with its attributes, as a browser's parser would see them."""
    from html.parser import HTMLParser

    found: list[tuple[str, dict[str, str | None]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collect(convert_charrefs=True).feed(page_html)
    return found
