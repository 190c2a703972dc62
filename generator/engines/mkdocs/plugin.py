"""The `jixiao` MkDocs plugin: `mkdocs build` and `mkdocs serve` produce the site straight from content/.

It uses only MkDocs' public plugin events and File.generated; nothing of Material's internals.
"""

from __future__ import annotations

import gc
import logging
import shutil
from dataclasses import replace
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, BuildError, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.site.build_cache import BuildCache
from generator.config import BuildConfig, commit_epoch
from generator.rules.audit import audit_content, audit_into_cache, not_kept
from generator.history.changes import site_history
from generator.site.escaping import attribute
from generator.history.history import HistoryError, read_history
from generator.records.loading import load_content
from generator.site.page_tree import NavItem, PageTree, file_bytes
from generator.site.pages import build_page_tree, feed_path, feed_xml, pages_of, site_marks
from generator.site.rendering import KeptTemplates
from generator.site.staging import remove_all_but
from generator.search.search_index import OUTPUT_SUBDIR as SEARCH_OUTPUT
from generator.records.problems import ContentError
from generator.engines.mkdocs.helper import Helper, start_helper
from generator.engines.mkdocs.page_cache import PageCache
from generator.site.processes import in_halves, worth_halving
from generator.engines.mkdocs.plain_text import PlainTextExtension
from generator.engines.mkdocs.raw_html import Protected, protect
from generator.engines.mkdocs.serve import Built, Session, page_digest


class _DirtyNotice(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave navigation stale: the page cache's keys hold the
    navigation (page_cache.py), so here it is not true, and strict mode would fail the build on it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


_DIRTY_NOTICE = _DirtyNotice()


class _Warnings(logging.Handler):
    """Whether MkDocs warned during this build (strict mode fails on it; the page cache keeps nothing then)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True


class JixiaoConfig(Config):
    content = config_options.Type(str, default="content")
    # Where rendered pages are kept between builds (generator/site/build_cache.py); "" keeps none.
    cache = config_options.Type(str, default=".jixiao-cache")


def content_message(exc: ContentError) -> str:
    return "内容检查未通过，网站没有生成：\n" + "\n".join(map(str, exc.problems))


def blocking_message(blocking: list) -> str:
    lines = [f"{f.file}:{f.line or ''}：{f.message}  [{f.rule}]" for f in blocking]
    return (f"审核发现 {len(blocking)} 处错误尚未说明，网站没有生成：\n" + "\n".join(lines)
            + "\n请改正，或在记录的“审核说明”中写明原因；确需照原样发布时用 jixiao build --allow-errors。")


def nav_config(items: list[NavItem] | tuple[NavItem, ...]) -> list:
    """The page tree's navigation in mkdocs.yml's `nav` shape. Titles are printed raw by the theme: escape them."""
    out: list = []
    for item in items:
        title = attribute(item.title)
        if item.children:
            section: list = [item.path] if item.path else []
            out.append({title: section + nav_config(item.children)})
        else:
            out.append({title: item.path})
    return out


class JixiaoPlugin(BasePlugin[JixiaoConfig]):
    def __init__(self) -> None:
        self.tree: PageTree | None = None
        # Set by `jixiao build` (engines/mkdocs/build.py) before MkDocs starts; under plain `mkdocs build` or
        # `mkdocs serve` it is made from mkdocs.yml's plugin options.
        self.build_config: BuildConfig | None = None
        self.content_dir: Path | None = None
        self.site_marks: dict = {}
        # Pages whose raw HTML blocks are kept out of the Markdown pass (raw_html.py), by source path.
        self._protected: dict[str, tuple[str, Protected]] = {}
        self._block_level: frozenset[str] | None = None
        self._tab_length = 4
        # Pages rendered by an earlier build from the same inputs are taken from here, not rendered again.
        self.page_cache: PageCache | None = None
        # MkDocs' dirty build (`jixiao build` with a cache, `mkdocs serve --dirty`) is the only one that
        # leaves a page it is told is unmodified alone; told by on_startup.
        self._dirty = False
        self._warnings = _Warnings()
        # Under `mkdocs serve` (this instance lives for all its rebuilds: it has on_startup), what the next
        # rebuild needs to show an edited record's pages at once (serve.py); None under a build.
        self._serve: Session | None = None
        self._built: Built | None = None
        # The process rendering half of this build's pages beside this one (helper.py), if any; in that process
        # itself, the Helper with is_helper set.
        self._helper: Helper | None = None

    def on_startup(self, command, dirty):
        self._dirty = dirty
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_DIRTY_NOTICE)
        # MkDocs keeps this instance for every load_config of the process (a test session builds many sites).
        self._serve = Session() if command == "serve" else None
        if command == "serve":
            self.build_config = None  # made from this mkdocs.yml's options, not left from another site's build

    def on_shutdown(self):
        logging.getLogger("mkdocs.commands.build").removeFilter(_DIRTY_NOTICE)
        # A build stopped while the helper renders (SIGTERM, Ctrl-C: no on_build_error) must not leave it or its
        # folder behind.
        if self._helper is not None and not self._helper.is_helper:
            self._helper.stop()
        self._helper = None
        if self._serve is not None:
            self._serve.close()
            self._serve = None

    def on_config(self, config):
        # on_config starts every build (each rebuild of mkdocs serve too): count this build's warnings afresh.
        logging.getLogger("mkdocs").removeHandler(self._warnings)
        self._warnings = _Warnings()
        logging.getLogger("mkdocs").addHandler(self._warnings)
        self.page_cache = None
        # Text no inline pattern can change skips Python-Markdown's inline pass (plain_text.py). Added once:
        # MkDocs keeps this config object for every rebuild of mkdocs serve.
        if not any(isinstance(e, PlainTextExtension) for e in config.markdown_extensions):
            config.markdown_extensions.append(PlainTextExtension())
        # Loading happens here, not in on_files, because the navigation must be set before MkDocs builds it;
        # `mkdocs serve` calls on_config again on every rebuild, so edits to content/ are picked up.
        # `jixiao build --content DIR` (and tests) build another content folder with the same mkdocs.yml,
        # instead of maintaining a second configuration.
        base = Path(config.config_file_path).resolve().parent
        if self.build_config is None:
            cache_dir = base / self.config.cache if self.config.cache else None
            # Plain `mkdocs build` or `mkdocs serve` write straight into the site folder, without the staging
            # folder whose leftovers builds clean up and without strict mode: no helper processes there.
            self.build_config = BuildConfig(source_date_epoch=commit_epoch(base), cache_dir=cache_dir,
                                            helper_threshold=None)
        if self.build_config.content_dir is None:
            self.build_config = replace(self.build_config, content_dir=base / self.config.content)
        self.content_dir = self.build_config.content_dir.resolve()
        cache = BuildCache(self.build_config.cache_dir) if self.build_config.cache_dir is not None else None
        if self._serve is not None:
            self._serve.starting(self.content_dir, self._watched(config))
        # Reading (or unpickling) a city's records and auditing them makes millions of objects that live for the
        # whole build and no garbage cycles; the cyclic collector scanned them again and again meanwhile (3.4 of
        # 5.3 CPU-seconds of loading 8,000 projects from the cache). Paused for these two steps, and the objects
        # they made are then frozen (left out of every later collection, gc.freeze): otherwise each full
        # collection while pages are made scans them all again. The collector runs on for what comes after:
        # rendering pages does make cycles, and a city's build is near its memory budget. Unfrozen when the
        # build ends (on_post_build, on_build_error) and before the next (mkdocs serve rebuilds in one process).
        gc.unfreeze()
        gc.disable()
        try:
            if self._serve is not None:
                memo = self._serve.memo_for(cache)
                content = load_content(self.content_dir, memo)
                memo.loaded()
            else:
                content = load_content(self.content_dir, cache)
            # Publishing a record whose figures do not add up, with nobody having explained why, is what
            # the audit exists to prevent; `jixiao build --allow-errors` is the publisher's explicit override.
            self._superseded()
            report = self._audit(content, cache)
        except ContentError as exc:
            raise PluginError(content_message(exc)) from None
        finally:
            gc.enable()
        gc.freeze()
        blocking = report.blocking()
        if blocking and not self.build_config.allow_errors:
            raise PluginError(blocking_message(blocking))
        # The checks that point authors at lines are done: the pages need the records, not their positions.
        content = content.without_documents()
        try:
            history = read_history(self.content_dir)
            self._superseded()
            self.tree = build_page_tree(content, history, report, cache, self.build_config.helper_threshold)
            self._superseded()
        except HistoryError as exc:
            raise PluginError(f"网站没有生成：{exc}") from None
        except ValueError as exc:  # two pages or files claiming one path: PageTree says which
            raise PluginError(f"网站没有生成：{exc}") from None
        if not config.site_url and content.settings.site_url:
            # Publishers state the address in content/site.yml; mkdocs.yml's site_url, if set, wins.
            config.site_url = content.settings.site_url
        if config.site_url:
            # The feed's links are relative unless the publisher states where the site lives.
            self.tree.files[feed_path()] = feed_xml(content, site_history(content, history), config.site_url)
        self.site_marks = site_marks(content.settings)
        # Escaped once and marked safe: the theme prints it raw in some places and with `| e` in others (the
        # logo's title), where a plain escaped string was escaped a second time (&amp;amp;).
        config.site_name = Markup(attribute(content.settings.site_name))
        if content.settings.description:
            config.site_description = content.settings.description
        config.nav = nav_config(self.tree.nav)
        if self.build_config.cache_dir is not None:
            self.page_cache = PageCache(cache, config, self.tree, self.site_marks,
                                        self.build_config.source_date_epoch, self._dirty, self.build_config.shard)
        if self._serve is not None:
            self._built = Built(config, None, None, None, {loaded.path: loaded.head.department
                                                           for loaded in content.records}, content.settings, {})
        return config

    def _superseded(self) -> None:
        """Under serve, a full rebuild that has not yet touched the site stops when a record is saved meanwhile."""
        if self._serve is not None:
            self._serve.check()

    def _watched(self, config) -> list[Path]:
        """What `mkdocs serve` watches (serve.py compares these files before and after a save)."""
        assert self.content_dir is not None
        paths = [self.content_dir, Path(config.config_file_path), Path(config.docs_dir), _THEME]
        if config.theme.custom_dir:
            paths.append(Path(config.theme.custom_dir))
        paths += [Path(p) for p in config.watch]
        return [p.resolve() for p in paths if p.exists()]

    def on_files(self, files: Files, config) -> Files:
        assert self.tree is not None
        if self._serve is not None:
            self._superseded()
            # The site folder is rewritten from here on: the last build's objects no longer describe it.
            self._serve.built = None
        for path in list(self.tree.pages):
            page = self.tree.pages.pop(path)  # its body now lives in the File only
            if self._built is not None:
                self._built.markdown[path] = page_digest(page)
            if page.path in files.src_uris:  # the tree's paths are POSIX already (get_file_from_path makes them so)
                raise PluginError(f"页面路径 {page.path} 与 docs 目录中的文件冲突。")
            if self.page_cache is not None:
                files.append(self.page_cache.file_for(config, page))
            else:
                files.append(File.generated(config, page.path, content=page.markdown()))
        for path, data in self.tree.files.items():
            # A city's 8,800 API documents, which no page links to, go into the site without MkDocs' File for each.
            if path in self.tree.unlinked and self.page_cache is not None \
                    and self.page_cache.place_unlinked(config, path, data, self.tree.keys.get(path)):
                continue
            if self.page_cache is not None:
                files.append(self.page_cache.file_for_data(config, path, data, self.tree.keys.get(path)))
            else:
                files.append(File.generated(config, path, content=file_bytes(data)))
        # The files now hold every page; the tree's copy of each body would only double the build's memory.
        self.tree = None
        # What the build keeps from here to its end (a File for each of a city's 22,000 pages and files) makes no
        # garbage cycles: left out of the collector's full passes like the records (on_config), which scanned
        # it again several times while MkDocs worked. Unfrozen with the rest when the build ends.
        gc.freeze()
        return files

    def on_nav(self, nav, config, files):
        if self._built is not None:
            self._built.nav = nav
        # The navigation is made and no page is rendered yet: the moment to split the pages with a helper.
        self._helper = None
        threshold = self.build_config.helper_threshold if self.build_config is not None else None
        if (self.page_cache is not None and self.page_cache.reuse and self.page_cache.years is None
                and worth_halving(self.page_cache.rendering(), threshold)):
            self._helper = start_helper(config.site_dir)
        if self._helper is not None:
            self.page_cache.share(self._helper.is_helper)
            if self._helper.is_helper:
                # Everything MkDocs writes from here on goes into the helper's own folder, never the parent's.
                config.site_dir = self._helper.folder
                for file in files:
                    file.dest_dir = self._helper.folder
                    file.__dict__.pop("abs_dest_path", None)  # a cached_property of File, made from dest_dir
        return nav

    def on_env(self, env, config, files):
        if self._built is not None:
            self._built.files, self._built.env = files, env
        # Every page exists now (MkDocs makes those outside the navigation after on_nav), and none is
        # rendered yet: the skipped ones get their title and meta for the navigation of the others.
        if self.page_cache is not None:
            # The theme's templates compiled by an earlier build (a correction renders only a few pages).
            env.bytecode_cache = KeptTemplates(self.page_cache.cache)
            self.page_cache.prepare_skipped(config)
            # Nothing is written yet but what the cache linked in: in a folder holding an earlier build's site, all
            # else is that build's (whatever MkDocs would skip as unmodified, stale pages) and goes, so that MkDocs
            # writes into the folder as into an empty one. Not the search index, which its step brings up to date
            # itself (most of its 10,000 files are the same links again).
            if self.build_config.earlier_output and not self._helping():
                remove_all_but(Path(config.site_dir), self.page_cache.placed(), frozenset({SEARCH_OUTPUT}))
        return env

    def _audit(self, content, cache: BuildCache | None):
        # A build from scratch audits every record one after another: a worker audits every other one into the
        # cache meanwhile (the machine's second core), this process the rest; then all come from the cache as in
        # a correction. A record the worker did not leave there (it failed or was killed) is audited below.
        threshold = self.build_config.helper_threshold
        if cache is not None and threshold is not None:
            missing = not_kept(content, cache)
            if worth_halving(pages_of(missing), threshold):
                in_halves(partial(audit_into_cache, content, cache), missing)
        return audit_content(content, cache)

    def on_page_markdown(self, markdown, page, config, files):
        # Python-Markdown would parse every raw HTML block of the page with the standard library's HTML parser
        # only to print it unchanged; the blocks go around it instead and come back in on_page_content.
        if self._block_level is None:
            import markdown as python_markdown

            md = python_markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
            self._block_level, self._tab_length = frozenset(md.block_level_elements), md.tab_length
        protected = protect(markdown, self._block_level, self._tab_length)
        if protected is None or not protected.blocks:
            return markdown
        self._protected[page.file.src_uri] = (markdown, protected)
        return protected.markdown

    def on_page_content(self, html, page, config, files):
        html = self._restore(html, page, config, files)
        # Converted: the page's Markdown is not read again (the theme prints page.content), and holding
        # every page's source beside its HTML until the end of the build made a city's build 2 GB.
        page.markdown = ""
        page.file.content_string = ""
        return html

    def _restore(self, html, page, config, files):
        entry = self._protected.pop(page.file.src_uri, None)
        if entry is None:
            return html
        original, protected = entry
        restored = protected.restore(html)
        if restored is None:  # a placeholder did not come back as its own paragraph: convert the ordinary way
            page.markdown = original
            page.render(config, files)
            return page.content
        # MkDocs collects the ids of raw HTML for its anchor check; these blocks it did not see.
        page.present_anchor_ids = (page.present_anchor_ids or set()) | protected.anchors
        return restored

    def on_template_context(self, context, template_name, config):
        # The 404 page is served at any depth of any missing address. MkDocs gives it root-relative links
        # ("/assets/…"), which miss the site when it is published under a portal's sub-path and no
        # site_url is set. Its links are made relative to the site root instead, and the page's first
        # script sets that root as its <base> (theme/overrides/404.html): the path of site_url when known,
        # else found from the missing address.
        if template_name == "404.html":
            context["base_url"] = "."
            context["jixiao_root"] = urlsplit(config.site_url).path if config.site_url else ""
        # The theme prints the header and footer from the site's settings (page.meta.site on pages).
        context["jixiao_site"] = self.site_marks
        return context

    def on_post_page(self, output, page, config):
        if self.page_cache is not None:
            self.page_cache.store(page.file, output)
        return output

    def _helping(self) -> bool:
        return self._helper is not None and self._helper.is_helper

    def _join_helper(self) -> None:
        """In the parent: wait for the helper, log what it logged (a warning there fails the build as one here)
        and take the pages it stored."""
        helper = self._helper
        if helper is None:
            return
        # Until it has reported, a build stopped meanwhile stops it (on_shutdown).
        stored, empty, messages = helper.result()
        self._helper = None
        for level, message in messages:
            logging.getLogger("mkdocs.plugins.jixiao").log(level, message)
        if not any(level >= logging.ERROR for level, _ in messages):
            self.page_cache.adopt(stored, empty)

    def on_post_build(self, config):
        # The last event before MkDocs' strict check: every page is written and every link checked.
        if self._helping():
            self._helper.report(*self.page_cache.stored())  # ends the helper process
        self._join_helper()
        gc.unfreeze()
        logging.getLogger("mkdocs").removeHandler(self._warnings)
        if self.page_cache is not None:
            self.page_cache.finish(self._warnings.seen)
        if self._serve is not None and self._built is not None and not self._warnings.seen:
            # A build MkDocs warned about fails in strict mode right after this event: previews wait for a good one.
            self._serve.keep(self._built, self)
        self._built = None
        site = Path(config.site_dir)
        # Material ships lunr and its language files for its own search, which this site does not use
        # (Pagefind replaces it): about 40 files no page loads.
        shutil.rmtree(site / "assets" / "javascripts" / "lunr", ignore_errors=True)
        if not config.site_url:
            # Without the site's address every <loc> would be missing: an empty sitemap misleads crawlers.
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                (site / name).unlink(missing_ok=True)

    def on_build_error(self, error):
        if self._helping():
            # MkDocs' and our own errors say what went wrong in Chinese or in MkDocs' words; anything else by its type.
            reason = str(error) if isinstance(error, (PluginError, BuildError, Abort, ContentError)) \
                else f"{type(error).__name__}: {error}"
            self._helper.report([], [], reason)  # ends the helper process
        if self._helper is not None:
            self._helper.stop()
            self._helper = None
        gc.unfreeze()
        logging.getLogger("mkdocs").removeHandler(self._warnings)
        self._built = None
        if self.page_cache is not None:
            self.page_cache.finish(warned=True)

    def on_serve(self, server, config, builder):
        if self.content_dir is not None:
            server.watch(str(self.content_dir))
        server.watch(str(_THEME))
        if self._serve is not None:
            self._serve.install(server, builder)
        return server


# The page templates and theme of this checkout, which `mkdocs serve` watches.
_THEME = Path(__file__).resolve().parents[3] / "theme"
