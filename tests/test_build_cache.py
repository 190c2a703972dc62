"""Rebuilds that take unchanged pages from .jixiao-cache/ publish exactly what a full build publishes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import CONTENT
from tests.sitebuild import REPO, build, visible_text

RECORD = Path("2024") / "xx-swbgs.yml"
MEETING_PAGE = Path("2024") / "xx-swbgs" / "huiyi-jingfei" / "index.html"


def _files(site: Path) -> dict[Path, bytes]:
    return {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _stored_pages(cache: Path) -> set[str]:
    return {p.name for p in (cache / "pages").rglob("*") if p.is_file()}


def _correct(content: Path, old: str, new: str) -> None:
    path = content / RECORD
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def _stored(cache: Path, kind: str) -> set[str]:
    return {p.name for p in (cache / kind).rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    """The seed content built with a cache, a figure of 2024 corrected, built again from the cache and in full."""
    root = tmp_path_factory.mktemp("corrected")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    cache = root / "cache"
    assert build(content, root / "first", cache_dir=cache) == 0
    before = {kind: _stored(cache, kind) for kind in ("pages", "search", "data")}
    _correct(content, "实际完成值: 3500", "实际完成值: 3600")
    assert build(content, root / "cached", cache_dir=cache) == 0
    assert build(content, root / "full") == 0
    after = {kind: _stored(cache, kind) for kind in ("pages", "search", "data")}
    return root, before, after


def test_a_corrected_figure_rebuilt_from_the_cache_is_published_as_a_full_build_publishes_it(corrected):
    root, before, after = corrected
    assert _files(root / "cached") == _files(root / "full")
    assert "3600" in visible_text((root / "cached" / MEETING_PAGE).read_text(encoding="utf-8"))
    # Only the pages that show the figure were rendered again; the rest came from the cache.
    rendered_again = after["pages"] - before["pages"]
    assert 1 <= len(rendered_again) <= 4, len(rendered_again)


def test_a_corrected_figure_re_indexes_only_the_search_shards_whose_pages_changed(corrected):
    _, before, after = corrected
    # The seed site's search shards: each unit's pages of a year (2024/xx-swbgs, 2021/yzq-dqfwzx) and of no year
    # (two departments). The indicator's figure is shown only on pages of 2024/xx-swbgs: that shard is the one
    # indexed again.
    assert len(before["search"]) == 4
    assert len(after["search"] - before["search"]) == 1
    assert before["search"] <= after["search"]


def test_a_corrected_figure_writes_again_only_the_data_files_of_its_own_record(corrected):
    _, before, after = corrected
    # One entry per department-year record (its API documents, downloads and CSV lines): the seed content's
    # records are all kept but the corrected one.
    records = len(list(CONTENT.rglob("*.yml"))) - 2  # site.yml and departments.yml are not records
    assert len(before["data"]) == len(after["data"]) == records
    assert len(after["data"] - before["data"]) == 1


def _project_with_own_theme(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of mkdocs.yml and theme/ to change, and the copyright partial every page prints."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "theme", project / "theme")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return project / "mkdocs.yml", project / "theme" / "overrides" / "partials" / "copyright.html"


def test_a_changed_theme_renders_every_page_again(tmp_path):
    config, copyright = _project_with_own_theme(tmp_path)
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    cache = tmp_path / "cache"
    assert build(content, tmp_path / "first", config_file=config, cache_dir=cache) == 0
    copyright.write_text(copyright.read_text(encoding="utf-8") + "\n<p>本站由财政局维护</p>\n", encoding="utf-8")
    assert build(content, tmp_path / "cached", config_file=config, cache_dir=cache) == 0
    assert build(content, tmp_path / "full", config_file=config) == 0

    assert _files(tmp_path / "cached") == _files(tmp_path / "full")
    assert "本站由财政局维护" in (tmp_path / "cached" / MEETING_PAGE).read_text(encoding="utf-8")


def test_a_page_from_the_cache_is_scanned_again_when_the_allow_list_narrows(tmp_path, capsys):
    # A theme that links to an outside host on every page: allowed first, then taken off the allow-list.
    config, copyright = _project_with_own_theme(tmp_path)
    copyright.write_text(copyright.read_text(encoding="utf-8") + '\n<a href="https://www.gov.cn/">中国政府网</a>\n',
                         encoding="utf-8")
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    settings = content / "site.yml"
    allowing = settings.read_text(encoding="utf-8").replace("外部链接白名单: []", "外部链接白名单: [www.gov.cn]")
    settings.write_text(allowing, encoding="utf-8")
    cache = tmp_path / "cache"
    assert build(content, tmp_path / "site", config_file=config, cache_dir=cache) == 0

    settings.write_text(allowing.replace("外部链接白名单: [www.gov.cn]", "外部链接白名单: []"), encoding="utf-8")
    published = _files(tmp_path / "site")
    capsys.readouterr()
    assert build(content, tmp_path / "site", config_file=config, cache_dir=cache) == 1
    assert _files(tmp_path / "site") == published
    assert f"{MEETING_PAGE.as_posix()}:" in capsys.readouterr().err


def test_a_build_mkdocs_warned_about_keeps_no_page_for_later_builds(tmp_path, monkeypatch):
    # A page MkDocs warned about (a broken link, say) fails the build in strict mode; taken from the cache
    # later, it would be published without the warning. So nothing of a warned build is kept.
    import logging

    from generator.engines.mkdocs.plugin import JixiaoPlugin

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    cache = tmp_path / "cache"
    converted = JixiaoPlugin.on_page_content

    def warn_once(self, html, page, config, files):
        if page.file.src_uri == "2024/xx-swbgs/huiyi-jingfei.md":
            logging.getLogger("mkdocs.structure.pages").warning("链接指向不存在的页面")
        return converted(self, html, page, config, files)

    monkeypatch.setattr(JixiaoPlugin, "on_page_content", warn_once)
    assert build(content, tmp_path / "warned", cache_dir=cache) == 1
    assert _stored_pages(cache) == set()
    assert not list(cache.glob(".pending-*"))

    monkeypatch.setattr(JixiaoPlugin, "on_page_content", converted)
    assert build(content, tmp_path / "cached", cache_dir=cache) == 0
    assert _stored_pages(cache)


def test_the_build_date_reaches_pages_only_as_a_day():
    # The page cache keys pages by the build's day (generator/engines/mkdocs/page_cache.py build_day): a
    # template printing the build's time of day would make a cached page out of date within the day.
    for template in (REPO / "theme").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for use in text.split("build_date_utc")[1:]:
            assert use.startswith(".strftime('%Y-%m-%d')"), template


def test_a_records_kept_scores_point_to_its_own_indicators_and_rules_not_to_copies(tmp_path):
    # Unpickled with copies, every indicator of a city was held twice (200 MB at 8,000 projects).
    from generator.records.loading import load_content
    from generator.rules.audit import audit_content
    from generator.site.build_cache import BuildCache

    audit_content(load_content(CONTENT, BuildCache(tmp_path)), BuildCache(tmp_path))
    content = load_content(CONTENT, BuildCache(tmp_path))
    report = audit_content(content, BuildCache(tmp_path))
    scored = 0
    for loaded in content.records:
        record = loaded.record
        for project in record.projects:
            score = report.score(record.department, record.year, project.code)
            for scored_indicator in score.indicators:
                assert scored_indicator.indicator is project.indicators[scored_indicator.index]
                scored += 1
    assert scored > 0
    rules = {id(s.rules) for s in report.all_scores().values()}
    assert len(rules) <= len(content.regions)


def test_a_kept_object_naming_what_the_caller_no_longer_has_is_missing(tmp_path):
    from generator.site.build_cache import BuildCache

    cache = BuildCache(tmp_path)
    shared = ["a shared list"]
    cache.put_object("kind", "key", {"points to": shared}, {"the list": shared})
    assert cache.get_object("kind", "key", {"the list": ["another"]}) == {"points to": ["another"]}
    assert cache.get_object("kind", "key", {"something else": shared}) is None


def test_findings_made_without_the_files_positions_are_never_kept_for_a_build(tmp_path):
    # A preview audits records whose positions were let go; a later build must still point authors at lines.
    from generator.records.loading import load_content
    from generator.rules.audit import audit_content
    from generator.site.build_cache import BuildCache

    released = load_content(CONTENT).without_documents()
    assert all(f.line is None for f in audit_content(released, BuildCache(tmp_path)).findings)
    report = audit_content(load_content(CONTENT, BuildCache(tmp_path)), BuildCache(tmp_path))
    assert report.findings and any(f.line is not None for f in report.findings)
