"""Page bodies kept between builds: a correction renders again only the pages whose inputs changed.

Rendering the page bodies was a third of what a correction cost a city (33 of about 100 CPU-seconds before the
site engine, at 8,000 projects), though one corrected figure changes a few pages. A page body is decided by its
view and the site frame, and a view by inputs this module can name cheaply, so each body is kept in the build
cache (generator/site/build_cache.py) under a hash of those inputs and of the code:

- a record's pages (pages.record_pages) by its file (LoadedRecord.source, name and bytes: the record, and with
  its region's rules its findings and scores, follow from it), the rest of its arguments by repr (dataclasses and models print every field), and files by a hash of their bytes;
- a page across records (home, a year, a unit, the findings) by the origins of the records it summarises
  (`origin`: what decides a record's RecordSummary and FindingsOfRecord) and by repr of its other arguments;
- a comparison or data page (data_pages.py) by repr of its whole view;
- what the pages across records show of a record (its RecordSummary and FindingsOfRecord) by its origin, so that a
  correction reads whole only the records whose own pages it renders again (records/head.py).

Without a cache, or for a record read without its source (tests that build LoadedRecords by hand), every page
is rendered: a key is never made from less than what decides the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TypeVar

from generator.history.changes import PageHistory
from generator.records.loading import LoadedRecord
from generator.records.model import Department, Region
from generator.records.scoring_settings import ScoringRules
from generator.site.build_cache import BuildCache, digest
from generator.site.exports import Download
from generator.site.page_tree import KeptPage, Page
from generator.site.views.frame import SiteFrame
from generator.site.views.project import ProjectYear

RECORD_PAGES_CACHE = "record-pages"
# A record's RecordSummary and FindingsOfRecord (what the pages across records show of it), under its origin.
RECORD_SUMMARIES_CACHE = "record-summaries"
# Beside each: the pages' paths, titles, meta and front matter only, read by every build (the bodies only when needed).
RECORD_STUBS_CACHE = "record-stubs"
PAGE_BODIES_CACHE = "page-bodies"

T = TypeVar("T")


class KeptPages:
    def __init__(self, cache: BuildCache | None, site: SiteFrame):
        self.cache = cache
        self._site = repr(site) if cache is not None else ""
        self._rules: dict[str, str] = {}  # region → its rules as written into keys
        # A recurring project's years as written into keys, made once: the pages of each of its years show them
        # all (64,000 reprs of a city's 8,000 project years, 1.2 s of every build). By id of the tuple the page
        # tree shares between those years, with the tuple held so that the id is not reused.
        self._project_years: dict[int, tuple[tuple[ProjectYear, ...], str]] = {}

    def origin(self, loaded: LoadedRecord, department: Department, region: Region, rules: ScoringRules) -> str | None:
        """What decides a record's summary, its findings and its part of the audit; None when it cannot be named."""
        if self.cache is None or not loaded.source:
            return None
        if region.code not in self._rules:
            self._rules[region.code] = repr(rules)
        return digest(self.cache.code_key, self._site, self._rules[region.code], loaded.source, repr(department),
                      repr(region))

    def record_key(self, origin: str | None, history: PageHistory, project_histories: dict[str, PageHistory],
                   attachments: tuple, downloads: tuple[Download, ...], neighbours: tuple[int | None, int | None],
                   other_years: dict[str, tuple[ProjectYear, ...]]) -> str | None:
        """The key of a record's pages: its origin, its page histories, its files, its neighbouring years and what
        its project pages show of the same projects in other years."""
        if origin is None:
            return None
        return digest(origin, repr(history), repr(sorted(project_histories.items())),
                      repr([(f.title, f.name, f.kind, digest(f.data)) for f in attachments]),
                      repr([(d.path, d.label, d.file_key()) for d in downloads]), repr(neighbours),
                      repr(sorted((code, self._written(years)) for code, years in other_years.items())))

    def _written(self, years: tuple[ProjectYear, ...]) -> str:
        kept = self._project_years.get(id(years))
        if kept is None:
            kept = self._project_years[id(years)] = (years, repr(years))
        return kept[1]

    def record_pages(self, key: str | None, render: Callable[[], tuple[Page, ...]]) -> tuple[Page, ...] | None:
        """The record's pages an earlier build kept under key, as KeptPages: their titles and meta read now, their
        bodies when asked for (from the kept entry, or by render() if that cannot be read). None: not kept."""
        if key is None:
            return None
        stubs = self.cache.get_object(RECORD_STUBS_CACHE, key)
        if not isinstance(stubs, tuple) or not self.cache.has(RECORD_PAGES_CACHE, key):
            return None
        bodies: dict[str, str] = {}

        def read(path: str) -> str:
            if not bodies:
                pages = self.cache.get_object(RECORD_PAGES_CACHE, key)
                if not isinstance(pages, tuple):
                    pages = render()
                bodies.update((page.path, page.body) for page in pages)
            return bodies[path]

        return tuple(KeptPage(path, title, meta, page_key, partial(read, path), front)
                     for path, title, meta, page_key, front in stubs)

    def keep_record_pages(self, key: str | None, pages: tuple[Page, ...]) -> tuple[Page, ...]:
        """Keep a record's pages just rendered under key; returns them with their keys (Page.key)."""
        if key is None:
            return pages
        keyed = tuple(replace(page, key=page.markdown_key()) for page in pages)
        self.cache.put_object(RECORD_PAGES_CACHE, key, keyed)
        self.cache.put_object(RECORD_STUBS_CACHE, key, tuple((p.path, p.title, p.meta, p.key, p.front_matter())
                                                             for p in keyed))
        return keyed

    def has_record_summary(self, origin: str) -> bool:
        """Whether a build kept the summary of a record of this origin: the last of what a record's pass keeps."""
        return self.cache is not None and self.cache.has(RECORD_SUMMARIES_CACHE, origin)

    def record_summary(self, origin: str | None, shared: dict[str, object], make: Callable[[], T]) -> T:
        """What the pages across records show of a record (make()), kept under its origin: decided by it alone. What
        it points to of the caller's objects (shared, by name: its unit, its project heads, its findings) is not copied."""
        if self.cache is None or origin is None:
            return make()
        stored = self.cache.get_object(RECORD_SUMMARIES_CACHE, origin, shared)
        if stored is not None:
            return stored  # type: ignore[return-value]
        made = make()
        self.cache.put_object(RECORD_SUMMARIES_CACHE, origin, made, shared)
        return made

    def body(self, path: str, template: str, meta: dict[str, object], inputs: list[str | None] | None,
             render: Callable[[], str]) -> str:
        """A page's body: kept when inputs (the origins and reprs its view was made from) are all named."""
        if self.cache is None or inputs is None or None in inputs:
            return render()
        key = digest(self.cache.code_key, self._site, path, template, repr(meta), *inputs)
        stored = self.cache.get_object(PAGE_BODIES_CACHE, key)
        if isinstance(stored, str):
            return stored
        body = render()
        self.cache.put_object(PAGE_BODIES_CACHE, key, body)
        return body
