"""`mkdocs serve` (`make serve`): the edited record's pages are served about a second after the save.

MkDocs' serve rebuilds the whole site after every save: the plugin loads and audits every record and makes the
page tree, and MkDocs makes a File and a Page for each of a city's 9,000 pages, its navigation and sitemap, even
when its dirty build then leaves almost all of them alone (a minute at 8,000 projects). Here a save that changes
record files only (content/<年度>/<单位>.yml, each there before and after) is served in two steps:

1. Preview. The records are loaded again (those whose bytes did not change are the objects in memory, not read
   again); the edited units' records are audited and their pages made as the whole tree makes them
   (generator/site/preview.py): each 单位年度 page, 部门整体 page, project page of those units (so the other years
   of an edited project too) and the units' own pages. The ones whose Markdown changed are rendered by MkDocs
   with the navigation, files and theme of the last full build, exactly as a full build renders them, and
   written; the browsers reload.
2. The full rebuild follows by itself, as after any save: it makes the pages across units (首页, 年度 pages,
   按单位浏览, 数据核查结果, 更新记录), the data files and the feed right. Until it ends those still show the
   figures from before the edit, and the terminal says so.

Anything else (site.yml, departments.yml, an attachment, a record added, removed or moved, the theme, mkdocs.yml,
a page whose path is new) goes straight to the full rebuild. A record that cannot be read or does not pass the
audit is reported in Chinese with its file, line and field, and the site stays as it was.

The state lives in the plugin: MkDocs makes a new config for every rebuild of serve but keeps one instance of a
plugin that has on_startup (mkdocs/config/config_options.py Plugins.plugin_cache).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.history.history import HistoryError, read_history
from generator.records.loading import HEADS_CACHE, RECORD_SUFFIXES, RECORDS_CACHE, load_content
from generator.records.problems import ContentError, display_path
from generator.site.build_cache import BuildCache
from generator.site.page_tree import Page
from generator.site.preview import unit_pages

log = logging.getLogger("mkdocs.plugins.jixiao")


class RecordMemo:
    """The build cache as loading sees it (loading.Memo), keeping in memory the records read by the last load: a
    load in serve then reads and validates only the files whose bytes changed, and unpickles nothing. Records
    are frozen models, so one object may serve every rebuild."""

    def __init__(self, code_key: str):
        self.code_key = code_key
        self.cache: BuildCache | None = None
        self._kept: dict[str, object] = {}
        self._used: set[str] = set()

    def loading(self, cache: BuildCache | None) -> "RecordMemo":
        """Start a load backed by this build's cache (or none)."""
        self.cache, self._used = cache, set()
        return self

    def loaded(self) -> None:
        """The load succeeded: keep only the records it used (a city's, not every version ever saved). Their
        Documents are not kept: loading reads one again when asked (loading.KeptDocument)."""
        self._kept = {key: value for key, value in self._kept.items() if key in self._used}
        self.cache = None

    def get_object(self, kind: str, key: str) -> object | None:
        if kind == HEADS_CACHE:
            # Records are held here between rebuilds, so no head: a head makes loading leave its record in the
            # cache (loading.KeptRecord), and this memo would then drop it as unused.
            return None
        if kind != RECORDS_CACHE:
            return self.cache.get_object(kind, key) if self.cache is not None else None
        self._used.add(key)
        if key in self._kept:
            if self.cache is not None:
                self.cache.get(kind, key)  # counted as used, so that pruning keeps it
            return self._kept[key]
        value = self.cache.get_object(kind, key) if self.cache is not None else None
        if value is not None:
            self._kept[key] = value
        return value

    def entry(self, kind: str, key: str) -> str:
        return self.cache.entry(kind, key) if self.cache is not None else ""

    def has(self, kind: str, key: str) -> bool:
        return self.cache is not None and self.cache.has(kind, key)

    def put_object(self, kind: str, key: str, value: object) -> None:
        if kind == RECORDS_CACHE:
            self._used.add(key)
            self._kept[key] = value
        if self.cache is not None:
            self.cache.put_object(kind, key, value)


@dataclass
class Built:
    """What the last full build left for previews: MkDocs' objects and each page's Markdown, by its digest."""

    config: object
    files: object
    nav: object
    env: object
    units: dict[str, str]  # each record file's name (as loading shows it) → its unit's code
    settings: object  # content/site.yml as read (generator.records.settings SiteSettings)
    markdown: dict[str, str]  # page path → page_digest


def page_digest(page: Page) -> str:
    """A page's Markdown (page_tree.Page.markdown), hashed: a kept page's body is not read for it."""
    return page.markdown_key()


Snapshot = dict[str, tuple[int, int]]


def snapshot(paths: list[Path]) -> Snapshot:
    """Every file under paths (or the path itself), by its modification time and size."""
    out: Snapshot = {}
    for root in paths:
        if root.is_file():
            stat = root.stat()
            out[str(root)] = (stat.st_mtime_ns, stat.st_size)
            continue
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in names:
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                out[path] = (stat.st_mtime_ns, stat.st_size)
    return out


class Superseded(Exception):
    """A record was saved while a full rebuild was still making the page tree: it stops, and the save is previewed."""


@dataclass
class Session:
    """One `mkdocs serve` process's state between its rebuilds."""

    memo: RecordMemo | None = None
    watched: list[Path] = field(default_factory=list)
    content_dir: Path | None = None
    seen: Snapshot | None = None  # the watched files as the last build started
    built: Built | None = None
    full_build: object = None  # MkDocs' own builder (mkdocs.commands.serve)
    follow_up: Path | None = None  # a watched file whose change asks the server for the full rebuild
    pending_full: bool = False
    building_full: bool = False
    plugin: object = None  # the plugin of the last full build (its build settings and page cache)

    def memo_for(self, cache: BuildCache | None) -> RecordMemo:
        if self.memo is None:
            self.memo = RecordMemo(cache.code_key if cache is not None else "")
        return self.memo.loading(cache)

    def keep(self, built: Built, plugin) -> None:
        """A full build ended well: previews render on its objects. Each page's converted body is dropped (a
        rendered page keeps it, 300 MB for a city's first build): rendering one page again reads only its own,
        and of the others the titles and addresses the navigation shows."""
        for file in built.files.documentation_pages():
            if file.page is not None:
                file.page.content, file.page.toc = None, []
        self.built, self.plugin = built, plugin

    def starting(self, content_dir: Path, watched: list[Path]) -> None:
        """A full build starts: what it reads is what the next preview compares against."""
        self.content_dir, self.watched = content_dir, watched
        if self.seen is None:
            self.seen = snapshot(watched)

    # --- the server's builder ------------------------------------------------------------------------------
    def install(self, server, builder) -> None:
        self.full_build = builder
        folder = Path(tempfile.mkdtemp(prefix="jixiao-serve-"))
        self.follow_up = folder / "full-rebuild"
        self.follow_up.write_text("0", encoding="ascii")
        server.watch(str(folder))
        server.builder = self.rebuild

    def close(self) -> None:
        if self.follow_up is not None:
            shutil.rmtree(self.follow_up.parent, ignore_errors=True)

    def rebuild(self) -> None:
        now = snapshot(self.watched)
        changed = _changed(self.seen or {}, now)
        if changed and not self.pending_full:
            records = self._record_files(changed)
            if records is not None and self.built is not None:
                self.seen = now
                try:
                    outcome = self._preview(records)
                except Exception as exc:  # noqa: BLE001 — whatever it was, the full rebuild shows the edit
                    log.warning(f"快速预览失败（{type(exc).__name__}: {exc}），改为完整重新生成。")
                    outcome = "full"
                if outcome == "shown":
                    self._ask_full_rebuild()
                    return
                if outcome == "refused":
                    return  # the error is printed; the site stays as it was
        self.seen = now
        self.pending_full = False
        log.info("完整重新生成网站……")
        self.building_full = True
        try:
            self.full_build()
        except Superseded:
            self.building_full = False
            log.info("完整生成中又保存了记录：先预览新的修改，完整生成随后重新开始。")
            self.rebuild()
        finally:
            self.building_full = False

    def check(self) -> None:
        """Called by the plugin between the steps of a full rebuild, before it touches the site: a record saved
        meanwhile stops it (Superseded), so that the save is previewed now rather than after the whole rebuild."""
        if not self.building_full or self.built is None:
            return
        changed = _changed(self.seen or {}, snapshot(self.watched))
        if changed and self._record_files(changed) is not None:
            raise Superseded()

    def _record_files(self, changed: set[str]) -> list[str] | None:
        """The changed record files' names as loading shows them (content/2024/xx.yml), or None if anything else
        changed."""
        assert self.content_dir is not None
        names = []
        for path in changed:
            relative = Path(path).relative_to(self.content_dir) if Path(path).is_relative_to(self.content_dir) else None
            if relative is None or len(relative.parts) != 2 or not relative.parts[0].isdigit() \
                    or not relative.name.endswith(RECORD_SUFFIXES) or not Path(path).is_file():
                return None
            names.append(f"{display_path(Path(path).parent, self.content_dir)}/{relative.name}")
        return names

    def _ask_full_rebuild(self) -> None:
        self.pending_full = True
        assert self.follow_up is not None
        # The server's file watcher sees this change and calls the builder again: the full rebuild runs then,
        # after the browsers have been told to reload the preview.
        self.follow_up.write_text(str(int(self.follow_up.read_text(encoding="ascii")) + 1), encoding="ascii")

    def _preview(self, names: list[str]) -> str:
        """'shown' (pages written), 'refused' (an error printed, nothing written) or 'full' (a full build is needed)."""
        from generator.engines.mkdocs.plugin import blocking_message, content_message

        built, plugin = self.built, self.plugin
        assert built is not None and plugin is not None and self.content_dir is not None
        build_config = plugin.build_config
        cache = BuildCache(build_config.cache_dir) if build_config.cache_dir is not None else None
        memo = self.memo_for(cache)
        try:
            content = load_content(self.content_dir, memo)
        except ContentError as exc:
            log.error(content_message(exc) + "\n正在显示的仍是上次生成的网站。")
            return "refused"
        memo.loaded()
        before = built.units
        after = {loaded.path: loaded.head.department for loaded in content.records}
        if set(before) != set(after) or any(before[name] != after.get(name) for name in names) \
                or content.settings != built.settings:
            return "full"
        units = {after[name] for name in names}
        try:
            history = read_history(self.content_dir)
            pages, report = unit_pages(content, units, history, cache)
        except HistoryError as exc:
            log.error(f"网站没有生成：{exc}\n正在显示的仍是上次生成的网站。")
            return "refused"
        except ValueError:  # two pages claiming one path: the full build says which
            return "full"
        blocking = report.blocking()
        if blocking and not build_config.allow_errors:
            log.error(blocking_message(blocking) + "\n正在显示的仍是上次生成的网站。")
            return "refused"
        changed = {path: page for path, page in pages.items() if built.markdown.get(path) != page_digest(page)}
        if any(path not in built.markdown for path in changed):
            return "full"
        for path, page in changed.items():
            _render(built, path, page.markdown())
            built.markdown[path] = page_digest(page)
        if changed:
            log.info(f"已预览 {len(changed)} 个页面：" + "、".join(sorted(changed)[:5])
                     + ("……" if len(changed) > 5 else "")
                     + "。首页、年度、按单位浏览、数据核查结果等汇总页面和数据文件在随后的完整生成结束后更新。")
        return "shown"


def _changed(before: Snapshot, after: Snapshot) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def _render(built: Built, path: str, markdown: str) -> None:
    """Render one page of the last full build again from new Markdown, as MkDocs' build renders a page."""
    from mkdocs.commands.build import _build_page, _populate_page
    from mkdocs.structure.files import InclusionLevel

    files, config = built.files, built.config
    file = files.get_file_from_path(path)
    page = file.page
    file.content_string = markdown
    page.markdown, page.content, page.toc, page.meta = None, None, [], {}
    destination = Path(file.abs_dest_path)
    # The page may be a link to the build cache's entry (page_cache.py): a new file, never written through it.
    if destination.is_file() or destination.is_symlink():
        destination.unlink()
    _populate_page(page, config, files, dirty=False)
    pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    _build_page(page, config, pages, built.nav, built.env, dirty=False)
