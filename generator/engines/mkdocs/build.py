"""`jixiao build`: build the whole site into a fresh folder and put it in place only when everything passed.

A failed `mkdocs build --strict` still leaves a full site behind, so MkDocs never writes to site/ itself.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import os
import shutil
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from generator.config import BuildConfig, commit_epoch
from generator.engines.mkdocs.plugin import JixiaoPlugin, content_message
from generator.records.problems import ContentError
from generator.search.search_index import (SEARCH_CACHE, SEARCH_FILES, build_search_index, index_into_cache,
                                           indexed_pages)
from generator.site.build_cache import BuildCache
from generator.site.html_files import HtmlFile, html_files
from generator.site.precompress import precompress_site
from generator.site.safety import check_built_site, scan_settings
from generator.site.shards import describe_years, within
from generator.site.staging import new_staging, replace_dir, reuse_spare


def _safety_scan(staging: Path, build_config: BuildConfig, checked: frozenset[str], cache: BuildCache | None,
                 pages: list[HtmlFile]) -> list[str]:
    return check_built_site(staging, build_config, already_checked=checked, pages=pages)


def _search_index(staging: Path, build_config: BuildConfig, checked: frozenset[str], cache: BuildCache | None,
                  pages: list[HtmlFile]) -> list[str]:
    return build_search_index(staging, cache, pages)


def _precompress(staging: Path, build_config: BuildConfig, checked: frozenset[str], cache: BuildCache | None,
                 pages: list[HtmlFile]) -> list[str]:
    return precompress_site(staging)


# Steps run on the finished folder before it is published, each returning a list of problems (Chinese).
# The safety scan comes first, so that nothing later spends time on a site that will not be published;
# the precompressed copies last, so that they are made of the files as published (search index included).
# `checked` names the pages (site paths) taken from the cache that an earlier published build scanned with the
# same scan settings: their bytes are the ones scanned then. `cache` is the build cache (None with --no-cache).
# `pages`: the HTML files of the folder as MkDocs left it, walked once for the steps that read them all (no step
# writes or removes an HTML file).
POST_BUILD_STEPS: list = [_safety_scan, _search_index, _precompress]


class _CountWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(config_file: Path = Path("mkdocs.yml"), site_dir: Path = Path("site"),
               build_config: BuildConfig | None = None) -> int:
    """build_config None: the content folder named in mkdocs.yml, dated by the last commit."""
    config_file = Path(config_file).resolve()
    site_dir = Path(site_dir).resolve()
    if build_config is None:
        build_config = BuildConfig(source_date_epoch=commit_epoch(config_file.parent))
    if build_config.shard is not None and build_config.cache_dir is None:
        print("分片生成的结果只存入缓存（.jixiao-cache），不能与 --no-cache 同用。", file=sys.stderr)
        return 1
    # MkDocs dates the sitemap from SOURCE_DATE_EPOCH (the reproducible-builds convention): set for its
    # sake during this build only, and put back as it was.
    saved_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(build_config.source_date_epoch)
    try:
        return _build(config_file, site_dir, build_config)
    finally:
        # The build's objects are garbage now. `jixiao build` ends here, and the interpreter's last full collection
        # would walk them all (a third of a second of a correction at a city's size) only to free memory the system
        # takes back anyway: left out of it. The next build in this process unfreezes them first (plugin.on_config).
        gc.freeze()
        if saved_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved_epoch


def _build(config_file: Path, site_dir: Path, build_config: BuildConfig) -> int:
    # With a cache, MkDocs runs its dirty build: pages the cache holds are linked in, not rendered.
    dirty = build_config.cache_dir is not None
    # And starts in the site the last build replaced, where most of them are linked in already (staging.py). Not
    # a shard build, which publishes nothing and so never replaces a site.
    keep_spare = dirty and build_config.shard is None
    # Both also remove what builds killed earlier left beside site/.
    staging = reuse_spare(site_dir) if keep_spare else None
    if staging is not None:
        build_config = dataclasses.replace(build_config, earlier_output=True)
    else:
        staging = new_staging(site_dir)
    counter = _CountWarnings()
    logging.getLogger("mkdocs").addHandler(counter)
    try:
        config = load_config(str(config_file), site_dir=str(staging), strict=True)
        plugin = _jixiao_plugin(config)
        plugin.build_config = build_config
        config.plugins.on_startup(command="build", dirty=dirty)
        builder = os.getpid()
        try:
            build(config, dirty=dirty)
        finally:
            if os.getpid() != builder:
                # A helper process that rendered half of the pages (engines/mkdocs/helper.py) ends in the plugin's
                # last event; one that came back here anyway must not go on to clean up or publish the parent's site.
                os._exit(1)
            config.plugins.on_shutdown()
        build_config = plugin.build_config  # with the content folder the plugin resolved
        page_cache = plugin.page_cache
        cache = page_cache.cache if page_cache is not None else None
        scan_token = scan_settings(build_config)
        checked = page_cache.checked_pages(scan_token) if page_cache is not None else frozenset()
        # MkDocs' pages (every page's HTML) are written: let them go. The steps that fork workers collect what is
        # left of them first (safety.scan_site, precompress_site); a correction forks none and skips the 0.2 s.
        config = plugin = None
        if counter.messages:
            return _fail(staging, ["MkDocs 报告了警告（严格模式下视为错误）："] + counter.messages,
                         shard=build_config.shard)
        if build_config.shard is not None:
            return _fill_cache(staging, build_config, page_cache, checked, scan_token)
        problems: list[str] = []
        pages = html_files(staging)
        # What MkDocs made is garbage in cycles now (600,000 objects at a city's size), which the collector would
        # find in one full pass during the steps: a third of a second of every correction, for memory this process
        # gives back when it ends right after them. The steps make few cycles of their own; those that fork
        # workers collect first (safety.scan_site, precompress_site), which a disabled collector still does.
        gc.disable()
        try:
            for step in POST_BUILD_STEPS:
                problems.extend(step(staging, build_config, checked, cache, pages))
        finally:
            gc.enable()
        if problems:
            return _fail(staging, problems)
        replace_dir(staging, site_dir, keep_old=keep_spare)
        if page_cache is not None:
            page_cache.mark_checked(scan_token)
            # What the published site no longer needs (every kind of entry this build looked up or stored).
            cache.prune_unused()
    except (PluginError, ConfigurationError, Abort) as exc:
        # MkDocs logs the reason and raises a bare "Aborted with a BuildError!": show the reason.
        return _fail(staging, counter.messages or [str(exc)], shard=build_config.shard)
    except ContentError as exc:
        # A kept record read after loading (loading.KeptRecord) whose file changed meanwhile: whichever step asked
        # for it (the page tree, a page MkDocs renders, the history), the author reads why, not a traceback.
        return _fail(staging, [content_message(exc)], shard=build_config.shard)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
    if page_cache is not None:
        rendered, reused, _ = page_cache.counts()
        print(f"网站已生成：{site_dir}（{rendered + reused} 个页面；重新渲染 {rendered} 个，取自缓存 {reused} 个）")
    else:
        print(f"网站已生成：{site_dir}（{sum(1 for _ in site_dir.rglob('index.html'))} 个页面）")
    return 0


def _fill_cache(staging: Path, build_config: BuildConfig, page_cache, checked: frozenset[str], scan_token: str
                ) -> int:
    """The end of a shard build (generator/site/shards.py): its pages scanned and its years' search shards
    indexed, all of it kept in the cache, nothing published. The cache takes nothing unless every step passed."""
    cache = page_cache.cache
    problems = check_built_site(staging, build_config, already_checked=checked)
    picked: list = []
    if not problems:
        # The site's search shards are planned over every page of it; those of other builds are not in this
        # folder and count by their paths only (the planner needs no more of them).
        plan = indexed_pages(staging) + [Path(path) for path in page_cache.elsewhere()]
        search_problems, picked, _ = index_into_cache(staging, cache, plan,
                                                      lambda shard: within(shard.pages, page_cache.years))
        problems += search_problems
    if problems:
        cache.discard()
        return _fail(staging, problems, shard=build_config.shard)
    shutil.rmtree(staging, ignore_errors=True)
    cache.commit()
    page_cache.mark_checked(scan_token)
    # Not the search kinds: this build does not know the keys of other shards' search indexes, which the cache may
    # hold beside its own (one folder for several shards); the build of the whole site prunes it.
    cache.prune_unused(keep=(SEARCH_CACHE, SEARCH_FILES))
    rendered, reused, elsewhere = page_cache.counts()
    number, count = build_config.shard
    years = f"{describe_years(page_cache.years)} 年度" if page_cache.years else "没有分到年度"
    print(f"分片 {number}/{count}（{years}）已存入缓存 {cache.folder}：渲染 {rendered} 个页面，取自缓存 {reused} 个，"
          f"其余 {elsewhere} 个由其他分片或最后一步生成；搜索索引分片 {len(picked)} 个。\n"
          "网站没有发布：各分片的缓存用 jixiao cache merge 合并后，再运行 jixiao build 生成网站。")
    return 0


def _jixiao_plugin(config) -> JixiaoPlugin:
    for plugin in config.plugins.values():
        if isinstance(plugin, JixiaoPlugin):
            return plugin
    raise ConfigurationError("mkdocs.yml 的 plugins 中没有 jixiao，网站无法生成。")


def _fail(staging: Path, messages: list[str], shard: tuple[int, int] | None = None) -> int:
    shutil.rmtree(staging, ignore_errors=True)
    for message in messages:
        print(message, file=sys.stderr)
    if shard is None:
        print("\n网站没有生成，原有的 site/ 保持不变。", file=sys.stderr)
    else:
        print(f"\n分片 {shard[0]}/{shard[1]} 没有生成：缓存中没有存入它的页面和搜索索引，site/ 保持不变。", file=sys.stderr)
    return 1
