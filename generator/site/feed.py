"""The Atom feed of the 更新记录 (feed.xml at the site root), so readers can subscribe to corrections.

Links: with a site URL (MkDocs `site_url` in mkdocs.yml, e.g. https://www.example.gov.cn/jixiao/) every
link is absolute. Without one, links are relative to feed.xml itself (e.g. "2024/xx-swbgs/"), which
RFC 4287 allows (a reference is resolved against the feed's own address) and feed readers resolve; the site
stays buildable for any host, and a publisher who wants absolute links sets `site_url`. Entry and feed ids
are `urn:uuid:` names derived from the commit and the record, so they never change between builds.
"""

from __future__ import annotations

import datetime as dt
import html
import uuid
import xml.etree.ElementTree as ET
from typing import Callable

from generator.history.changes import Update
from generator.site.escaping import clean
from generator.records.model import DepartmentYear

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def page_url(path: str, site_url: str | None = None, directory_urls: bool = True) -> str:
    """The address of a content page (2024/a/index.md, 2024/a/p.md), relative to the site root or absolute."""
    if directory_urls:
        url = path[: -len("index.md")] if path.endswith("index.md") else path[: -len(".md")] + "/"
    else:
        url = path[: -len(".md")] + ".html"
    return (site_url.rstrip("/") + "/" + url) if site_url else url


def _id(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'jixiao:' + ':'.join(parts))}"


def _text(text: str) -> str:
    return html.escape(clean(text), quote=False)


def _entry_html(update: Update) -> str:
    revision = update.revision
    lines = [f"<p>{_text(revision.kind)}{'：' + _text(revision.reason) if revision.reason else ''}</p>"]
    items = [_text(line) for line in revision.changes]
    items += [f"更正说明：{_text(c.text)}" for c in revision.corrections]
    if items:
        lines.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
    return "".join(lines)


def atom_feed(content, updates: list[Update], target_of: Callable[[Update], str | None],
              title_of: Callable[[DepartmentYear], str], site_url: str | None = None,
              directory_urls: bool = True, updates_page: str = "updates/index.md") -> str:
    """The newest FEED_ENTRIES updates as an Atom 1.0 document."""
    settings = content.settings
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            # Commit subjects come from anyone with push access: controls would make the XML invalid.
            element.text = clean(text)
        return element

    shown = updates[:FEED_ENTRIES]
    sub(feed, "id", _id("feed", site_url or settings.domain or settings.site_name))
    sub(feed, "title", f"{settings.site_name} 更新记录")
    sub(feed, "updated", (shown[0].revision.date if shown else _EPOCH).isoformat())
    sub(feed, "link", rel="alternate", type="text/html", href=page_url(updates_page, site_url, directory_urls))
    if site_url:
        sub(feed, "link", rel="self", type="application/atom+xml", href=site_url.rstrip("/") + "/feed.xml")
    author = sub(feed, "author")
    sub(author, "name", settings.publisher or settings.site_name)
    for update in shown:
        revision = update.revision
        entry = sub(feed, "entry")
        sub(entry, "id", _id(revision.commit, str(update.record.year), update.record.department, revision.kind))
        sub(entry, "title", f"{title_of(update.record)}：{revision.kind}")
        sub(entry, "updated", revision.date.isoformat())
        target = target_of(update) or updates_page
        sub(entry, "link", rel="alternate", type="text/html", href=page_url(target, site_url, directory_urls))
        sub(entry, "content", _entry_html(update), type="html")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
