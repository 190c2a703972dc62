"""Pages MkDocs rendered in an earlier build from the same inputs, put in place instead of rendered again.

MkDocs' own switch for this is its dirty build (`build(config, dirty=True)`, `mkdocs serve --dirty`): a page
whose File reports itself unmodified is neither converted from Markdown nor passed through the theme. MkDocs
decides "unmodified" by file times, which mean nothing for pages generated in memory; here it is decided by
a key instead, and the page's output from the build that stored that key is linked into the site first.

A page's output depends on its own Markdown and on everything the theme prints around it: the navigation
(titles, order, previous/next), the site's name, address and marks, the list of files (links are checked
against it), the build date, the theme and configuration files, our own code and the engine packages. The
key hashes all of these, so any change to the navigation or the theme renders every page again, and a
corrected figure renders only the pages whose Markdown shows it.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from generator.hashing import file_key
from generator.site.build_cache import PUBLISHED_FILES, BuildCache, digest, engine_versions, tree_digest
from generator.site.page_tree import KeptFile, Page, PageTree, file_bytes
from generator.site.shards import page_year, shard_years

KIND = "pages"
# Generated files other than pages (downloads, API documents, the feed), by their path and bytes.
FILES = PUBLISHED_FILES
# For each scan token (the safety scan's settings), the keys of pages a published build scanned clean.
CHECKED = "checked"


def build_day(source_date_epoch: int) -> str:
    """The build date as the theme prints it: a day (theme/overrides/main.html's PubDate fallback; MkDocs'
    update_date). Not the commit's second, or every commit would render every page again."""
    return datetime.fromtimestamp(source_date_epoch, timezone.utc).strftime("%Y-%m-%d")


class _AlreadyRendered(File):
    """A generated page or file whose output is in the site already: MkDocs' dirty build skips it, and never
    reads its content. So it holds none: a city's skipped pages and files are most of a gigabyte of text and
    bytes that the build's memory would otherwise keep until MkDocs ends (a skipped page's title and meta
    come from prepare_skipped)."""

    def is_modified(self) -> bool:
        return False


class _ToRender(File):
    """A generated page this build renders: in this process, unless a helper process renders it (helper.py)."""

    elsewhere = False

    def is_modified(self) -> bool:
        return not self.elsewhere


class PageCache:
    def __init__(self, cache: BuildCache, config, tree: PageTree, site_marks: dict, source_date_epoch: int,
                 reuse: bool, shard: tuple[int, int] | None = None):
        self.cache = cache
        # A shard build (generator/site/shards.py) renders the pages of these years only; None: every page.
        self.years = shard_years(tree.pages, shard) if shard is not None else None
        # Only a dirty build leaves linked pages alone; any other build writes every page, and writing
        # through a link would change the stored entry.
        self.reuse = reuse
        theme_folders = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        self.signature = digest(
            engine_versions(), cache.code_key,
            tree_digest(Path(config.config_file_path), Path(config.docs_dir), *theme_folders),
            repr(config.nav), str(config.site_name), str(config.site_url or ""),
            str(config.site_description or ""), json.dumps(site_marks, ensure_ascii=False, sort_keys=True),
            build_day(source_date_epoch), "\n".join(sorted([*tree.pages, *tree.files])),
        )
        self._to_store: dict[str, str] = {}  # src_uri → key of pages rendered in this build
        self._skipped: list[tuple[File, dict]] = []  # with the front matter a full build reads from its Markdown
        self._keys: dict[str, str] = {}  # the site path (dest_uri) of every page → its key
        self._reused: set[str] = set()  # site paths of the pages linked in from the cache
        self._elsewhere: set[str] = set()  # site paths of the pages a shard build leaves to other builds
        self._files_placed: set[str] = set()  # site paths of the generated files linked in from the cache
        self._rendered: list[tuple[str, str]] = []  # (where MkDocs wrote it, key) of the pages stored in this build
        # The pages to render, with their front matter (what a page rendered in the other process gets: its meta).
        self._to_render: list[tuple[_ToRender, dict]] = []
        self._helpers_pages: dict[str, _ToRender] = {}  # by source path: the pages a helper process renders
        self._helped: list[tuple[str, str]] = []  # (where it goes, key) of the pages a helper process stored
        self._stored: list[str] = []  # source paths of the pages stored in this build (a helper reports them)
        self._empty: list[str] = []  # source paths of the pages that came out empty (MkDocs writes no file)

    def file_for(self, config, page: Page) -> File:
        """The File MkDocs gets for a generated page: already rendered when the cache holds its output."""
        path = page.path
        # By the hash of its Markdown: a page the generator kept (KeptPage) carries it, and its body is read only
        # if MkDocs must render it.
        key = digest(self.signature, path, page.markdown_key())
        skipped = _AlreadyRendered.generated(config, path, content="")
        destination = skipped.abs_dest_path
        self._keys[skipped.dest_uri] = key
        if self.years is not None and page_year(path) not in self.years:
            # Another shard's page, or one of no year (the final build renders those): neither rendered nor put
            # into this folder. Looked up all the same, so that pruning keeps it: it is a page of this site.
            self.cache.get(KIND, key)
            self._skipped.append((skipped, page.front_matter()))
            self._elsewhere.add(skipped.dest_uri)
            return skipped
        if self.reuse and self.cache.link_into(KIND, key, destination):
            self._skipped.append((skipped, page.front_matter()))
            self._reused.add(skipped.dest_uri)
            return skipped
        # A page left from an earlier build of the same folder (mkdocs serve) may be a link to a stored
        # entry: MkDocs must write a new file, not into that one.
        if os.path.isfile(destination):
            os.unlink(destination)
        self._to_store[path] = key
        file = _ToRender.generated(config, path, content=page.markdown())
        self._to_render.append((file, page.front_matter()))
        return file

    def rendering(self) -> int:
        """How many pages this build renders."""
        return len(self._to_render)

    def share(self, helper: bool) -> None:
        """Split the pages to render with a helper process (helper.py): every other page is the helper's. Called in
        both processes after the fork: each skips the other's pages as if taken from the cache (their meta, for the
        navigation of its own, given in prepare_skipped), and the parent keeps the helper's keys to adopt."""
        for k, (file, meta) in enumerate(self._to_render):
            if (k % 2 == 1) != helper:
                file.elsewhere = True
                file.content_string = ""  # its Markdown, which this process never reads (as for cached pages)
                self._skipped.append((file, meta))
                if not helper:
                    self._helpers_pages[file.src_uri] = file
        self._to_render = []

    def stored(self) -> tuple[list[str], list[str]]:
        """In a helper: the pages it rendered and stored (pending), and those that came out empty, by source path."""
        return self._stored, self._empty

    def adopt(self, stored: list[str], empty: list[str]) -> None:
        """In the parent: the pages the helper stored as pending entries of this build's cache (the same pending
        folder), committed or discarded with this build's own; once committed, linked into the site. Every page
        given to the helper must be among them or among those that came out empty (no file, as MkDocs does)."""
        missing = sorted(set(self._helpers_pages) - set(stored) - set(empty))
        if missing:
            raise PluginError(f"网站没有生成：辅助进程没有生成 {len(missing)} 个页面（如 {missing[0]}）。")
        for path in stored:
            key = self._to_store.pop(path)
            self.cache.adopt_pending(KIND, key)
            self._helped.append((self._helpers_pages[path].abs_dest_path, key))

    def prepare_skipped(self, config) -> None:
        """Give skipped pages what the theme reads of other pages (title, meta), as a full build would. Not by
        MkDocs' read_source, which parses each page's YAML front matter again (9,000 pages in a city); the meta
        is the front matter the page was written with (Page.front_matter, the same values)."""
        for file, meta in self._skipped:
            if file.page is not None:
                file.page.meta = meta
                file.page.markdown = ""  # its title is in its meta; the body is not needed again
        self._skipped = []

    def file_for_data(self, config, path: str, data: bytes | KeptFile, key: str | None = None) -> File:
        """The File MkDocs gets for a generated file (a download, an API document): linked from the cache, never
        written by MkDocs. The city's 23,000 data files were all written again by every build; their bytes are
        their key (file_key, given when the generator kept it), so an entry is right whether or not the build that
        stored it succeeded."""
        if not self.reuse:
            return File.generated(config, path, content=file_bytes(data))
        placed = _AlreadyRendered.generated(config, path, content=b"")
        self._link_file(path, data, key, placed.abs_dest_path)
        self._files_placed.add(placed.dest_uri)
        return placed

    def place_unlinked(self, config, path: str, data: bytes | KeptFile, key: str | None = None) -> bool:
        """Link a generated file no page links to into the site from the cache, where MkDocs never hears of it (it
        would only check links to it, and skip it as already written). False where this build does not link from
        the cache (reuse off): MkDocs must then write it."""
        if not self.reuse:
            return False
        self._link_file(path, data, key, os.path.normpath(os.path.join(config.site_dir, path)))
        self._files_placed.add(path)  # a file's site path is its source path (MkDocs' dest_uri for a non-page)
        return True

    def _link_file(self, path: str, data: bytes | KeptFile, key: str | None, destination: str) -> None:
        key = key if key is not None else file_key(path, file_bytes(data))
        if not self.cache.link_into(FILES, key, destination):
            self.cache.put(FILES, key, file_bytes(data))
            self.cache.link_into(FILES, key, destination)

    def placed(self) -> frozenset[str]:
        """Site paths of the pages and files this build linked in from the cache: in a folder that held an earlier
        build's site, everything else is that build's and goes (generator/site/staging.py, remove_all_but)."""
        return frozenset(self._reused | self._files_placed)

    def store(self, file: File, output: str) -> None:
        """Keep a page MkDocs rendered in this build, as the bytes MkDocs writes, once the build is known
        good (finish): a page whose links MkDocs warned about must not be taken later without the warning."""
        key = self._to_store.pop(file.src_uri, None)
        if key is not None and output.strip():
            self.cache.put_pending(KIND, key, output.encode("utf-8", errors="xmlcharrefreplace"))
            self._rendered.append((file.abs_dest_path, key))
            self._stored.append(file.src_uri)
        elif key is not None:
            self._empty.append(file.src_uri)

    def finish(self, warned: bool) -> None:
        """The build ended: keep what it rendered only if MkDocs warned about nothing. A shard build, which
        publishes nothing but its cache, keeps it only once its checks passed too (engines/mkdocs/build.py)."""
        if warned:
            self.cache.discard()
        elif self.years is None:
            self.cache.commit()
            # The pages MkDocs wrote become links to the entries just stored (the same bytes): when this site is
            # the folder a later build starts in (staging.py, reuse_spare), they are in place already.
            for destination, key in self._rendered:
                self.cache.link_over(KIND, key, destination)
            # The helper's pages were written into its own folder: into the site they come from the cache.
            for destination, key in self._helped:
                if not self.cache.link_into(KIND, key, destination):
                    raise PluginError(f"页面 {destination} 没有生成：缓存中找不到辅助进程生成的这一页。")
        self._rendered = []
        self._helped = []

    def checked_pages(self, scan_token: str) -> frozenset[str]:
        """Site paths of reused pages that a published build scanned with the same scan settings."""
        entry = self.cache.get(CHECKED, digest(scan_token))
        if entry is None:
            return frozenset()
        clean = set(entry.read_text(encoding="ascii").split())
        return frozenset(path for path in self._reused if self._keys[path] in clean)

    def mark_checked(self, scan_token: str) -> None:
        """Every page of this build passed the scan with these settings (call only once it did). A shard build
        scanned its own pages only: it adds them to those other shards' builds scanned, of this site's pages."""
        keys = {key for path, key in self._keys.items() if path not in self._elsewhere}
        if self.years is not None:
            entry = self.cache.get(CHECKED, digest(scan_token))
            if entry is not None:
                keys |= set(entry.read_text(encoding="ascii").split()) & set(self._keys.values())
        self.cache.put(CHECKED, digest(scan_token), "\n".join(sorted(keys)).encode("ascii"))

    def counts(self) -> tuple[int, int, int]:
        """How many pages this build rendered, took from the cache, and left to other builds (a shard build)."""
        return (len(self._keys) - len(self._reused) - len(self._elsewhere), len(self._reused), len(self._elsewhere))

    def elsewhere(self) -> frozenset[str]:
        """Site paths of the pages this shard build left to other builds."""
        return frozenset(self._elsewhere)
