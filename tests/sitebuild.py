"""Build a real site from a content folder into a temporary place, through the same path as `make site`."""

from __future__ import annotations

import html
import re
from pathlib import Path

from generator.config import BuildConfig
from generator.engines.mkdocs.build import build_site

REPO = Path(__file__).resolve().parent.parent


# Every test site is dated alike, so two builds of one content folder can be compared byte for byte.
TEST_EPOCH = 1700000000


def build(content_dir: Path, site_dir: Path, allow_errors: bool = False, config_file: Path = REPO / "mkdocs.yml",
          cache_dir: Path | None = None) -> int:
    """`jixiao build --content content_dir` into site_dir with the repository's mkdocs.yml (or config_file);
    with cache_dir, pages rendered by earlier builds are kept there (as `jixiao build` keeps .jixiao-cache/)."""
    config = BuildConfig(content_dir=Path(content_dir), allow_errors=allow_errors, source_date_epoch=TEST_EPOCH,
                         cache_dir=cache_dir)
    return build_site(config_file=config_file, site_dir=site_dir, build_config=config)


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
