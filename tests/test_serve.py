"""`make serve` (mkdocs serve --dirty): a saved edit shows on the served site, the record's other pages follow,
and a record that cannot be read leaves the last good site in place with a Chinese error.

Most tests drive MkDocs' own serve steps in this process (load_config, on_startup, build, on_serve, then the
server's builder after each save, as mkdocs/commands/serve.py and livereload do), so that what each rebuild
wrote can be read between the quick preview and the full rebuild that follows it. One test runs the real
`mkdocs serve` on a free port. None is timed: bench/serve_preview.py measures how long a save takes to show.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.synthetic_city import _fetch, _free_port
from tests.conftest import CONTENT, MINIMAL_RECORD

REPO = Path(__file__).resolve().parent.parent
UNIT = "yzq-dqfwzx"
PROJECT = "ceshi-xiangmu"

# The same project in two years of one unit, so that the 2022 project page shows 2021's figures
# (本项目历年情况) and the unit-year pages show each year's totals.
RECORD_2022 = MINIMAL_RECORD.replace("年度: 2021", "年度: 2022").replace("公开日期: 2022-12-07", "公开日期: 2023-11-30")
# Execution 9.5 of 10 scores 90 + 10 × 0.95 = 99.5; 9.73 scores 99.73 (the audit recomputes it).
EDITED_2021 = MINIMAL_RECORD.replace("全年执行数: 9.5", "全年执行数: 9.73").replace("自评得分: 99.5", "自评得分: 99.73")
BROKEN_2021 = MINIMAL_RECORD.replace("    项目名称: 测试项目\n", "    项目名称: [测试项目\n")


def make_project(root: Path) -> Path:
    """A checkout as a publisher has it: mkdocs.yml, theme/, content/ with the unit's 2021 and 2022 records."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "theme").symlink_to(REPO / "theme")
    content = root / "content"
    for year in ("2021", "2022"):
        (content / year).mkdir(parents=True)
    shutil.copy(CONTENT / "departments.yml", content / "departments.yml")
    shutil.copy(CONTENT / "site.yml", content / "site.yml")
    (content / "2021" / f"{UNIT}.yml").write_text(MINIMAL_RECORD, encoding="utf-8")
    (content / "2022" / f"{UNIT}.yml").write_text(RECORD_2022, encoding="utf-8")
    return root


def save(path: Path, text: str) -> None:
    """Save as an editor does, with a modification time the watcher cannot confuse with the last one."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


class Server:
    """What mkdocs.livereload.LiveReloadServer offers a plugin's on_serve: watch() and the builder it calls."""

    def __init__(self, builder):
        self.builder = builder
        self.watched: list[str] = []

    def watch(self, path: str, func=None, *, recursive: bool = True) -> None:
        self.watched.append(path)


class InProcessServe:
    """`mkdocs serve --dirty` without the HTTP server: rebuild() is what the server does after a save."""

    def __init__(self, project: Path, site: Path):
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        self.site = site
        url = "http://127.0.0.1:8000/"

        def config():
            loaded = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
            loaded.site_url = url
            return loaded

        first = config()
        first.plugins.on_startup(command="serve", dirty=True)
        self.plugins = first.plugins
        build(first, serve_url=url, dirty=True)
        self.server = Server(lambda: build(config(), serve_url=url, dirty=True))
        first.plugins.on_serve(self.server, config=first, builder=self.server.builder)

    def rebuild(self) -> None:
        self.server.builder()

    def page(self, path: str) -> str:
        return (self.site / path / "index.html").read_text(encoding="utf-8")

    def close(self) -> None:
        self.plugins.on_shutdown()


@pytest.fixture
def serving(tmp_path):
    project = make_project(tmp_path / "project")
    serve = InProcessServe(project, tmp_path / "site")
    yield project, serve
    serve.close()


def shown(html: str, text: str) -> bool:
    from tests.sitebuild import visible_text

    return text in visible_text(html)


def test_a_saved_figure_shows_on_its_project_page_and_the_unit_year_page_before_the_full_rebuild(serving, caplog):
    project, serve = serving
    assert not shown(serve.page(f"2021/{UNIT}/{PROJECT}"), "9.73")
    save(project / "content" / "2021" / f"{UNIT}.yml", EDITED_2021)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        serve.rebuild()
    assert "已预览" in caplog.text and "完整重新生成" not in caplog.text
    assert shown(serve.page(f"2021/{UNIT}/{PROJECT}"), "9.73")
    assert shown(serve.page(f"2021/{UNIT}"), "9.73")  # the unit-year page's 全年执行数 total
    # The same project's 2022 page prints 2021's row in 本项目历年情况.
    assert shown(serve.page(f"2022/{UNIT}/{PROJECT}"), "99.73")


def test_the_previewed_pages_are_the_pages_the_full_rebuild_makes(serving):
    project, serve = serving
    paths = [f"2021/{UNIT}/{PROJECT}", f"2021/{UNIT}", f"2022/{UNIT}/{PROJECT}", f"departments/{UNIT}"]
    save(project / "content" / "2021" / f"{UNIT}.yml", EDITED_2021)
    serve.rebuild()  # the preview
    previewed = {path: serve.page(path) for path in paths}
    serve.rebuild()  # the full rebuild the preview asked the server for
    assert {path: serve.page(path) for path in paths} == previewed
    assert shown(previewed[f"2021/{UNIT}/{PROJECT}"], "9.73")


def test_the_full_rebuild_after_a_preview_updates_the_pages_across_units(serving, caplog):
    project, serve = serving
    save(project / "content" / "2021" / f"{UNIT}.yml", EDITED_2021)
    serve.rebuild()
    assert not shown(serve.page("2021"), "99.73")  # the year page waits for the full rebuild
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        serve.rebuild()
    assert "完整重新生成" in caplog.text
    assert shown(serve.page("2021"), "99.73")


def test_a_record_that_cannot_be_read_keeps_the_last_site_and_names_file_line_and_field(serving, caplog):
    project, serve = serving
    before = serve.page(f"2021/{UNIT}/{PROJECT}")
    save(project / "content" / "2021" / f"{UNIT}.yml", BROKEN_2021)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        serve.rebuild()
    assert serve.page(f"2021/{UNIT}/{PROJECT}") == before
    assert "content/2021/yzq-dqfwzx.yml" in caplog.text and re.search(r"第 ?\d+ ?行|:\d+", caplog.text)
    assert "内容检查未通过" in caplog.text and "正在显示的仍是上次生成的网站" in caplog.text
    assert "Traceback" not in caplog.text
    # Corrected, the record is previewed again.
    save(project / "content" / "2021" / f"{UNIT}.yml", EDITED_2021)
    serve.rebuild()
    assert shown(serve.page(f"2021/{UNIT}/{PROJECT}"), "9.73")


def test_a_record_whose_figures_do_not_add_up_keeps_the_last_site_with_the_audit_finding(serving, caplog):
    project, serve = serving
    before = serve.page(f"2021/{UNIT}/{PROJECT}")
    # 9.73 executed but the stated score still 99.5: the audit's recomputation disagrees and nobody explained why.
    save(project / "content" / "2021" / f"{UNIT}.yml", MINIMAL_RECORD.replace("全年执行数: 9.5", "全年执行数: 9.73"))
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        serve.rebuild()
    assert serve.page(f"2021/{UNIT}/{PROJECT}") == before
    assert "审核发现" in caplog.text and "content/2021/yzq-dqfwzx.yml" in caplog.text


def test_a_record_saved_during_the_full_rebuild_is_previewed_without_waiting_for_it(serving, caplog, monkeypatch):
    import generator.engines.mkdocs.plugin as plugin

    project, serve = serving
    record = project / "content" / "2021" / f"{UNIT}.yml"
    save(record, EDITED_2021)
    serve.rebuild()  # the preview; the full rebuild is asked for
    again = EDITED_2021.replace("全年执行数: 9.73", "全年执行数: 9.61").replace("自评得分: 99.73", "自评得分: 99.61")
    make_tree = plugin.build_page_tree

    def saved_meanwhile(*args, **kwargs):
        monkeypatch.setattr(plugin, "build_page_tree", make_tree)
        save(record, again)  # the publisher saves again while the full rebuild makes the page tree
        return make_tree(*args, **kwargs)

    monkeypatch.setattr(plugin, "build_page_tree", saved_meanwhile)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        serve.rebuild()
    assert "先预览新的修改" in caplog.text
    assert shown(serve.page(f"2021/{UNIT}/{PROJECT}"), "9.61")
    assert not shown(serve.page("2021"), "99.61")
    serve.rebuild()  # the full rebuild, asked for again
    assert shown(serve.page("2021"), "99.61")


def test_a_new_record_goes_to_the_full_rebuild(serving, caplog):
    project, serve = serving
    (project / "content" / "2023").mkdir()
    (project / "content" / "2023" / f"{UNIT}.yml").write_text(
        MINIMAL_RECORD.replace("年度: 2021", "年度: 2023").replace("公开日期: 2022-12-07", "公开日期: 2024-11-30"),
        encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        serve.rebuild()
    assert "已预览" not in caplog.text and "完整重新生成" in caplog.text
    assert shown(serve.page(f"2023/{UNIT}/{PROJECT}"), "测试项目")


def test_records_kept_between_rebuilds_still_name_the_line_of_each_field(tmp_path):
    from generator.engines.mkdocs.serve import RecordMemo
    from generator.records.loading import KeptDocument
    from generator.records.loading import load_content
    from generator.site.build_cache import BuildCache

    content = make_project(tmp_path / "project") / "content"
    cache = BuildCache(tmp_path / "cache")
    memo = RecordMemo(cache.code_key)
    first = load_content(content, memo.loading(cache))
    memo.loaded()
    again = load_content(content, memo.loading(cache))
    field = ("项目", 0, "项目资金", "年度资金总额", "全年执行数")
    for read, kept in zip(first.records, again.records):
        assert kept.record is read.record  # taken from memory, not read again
        assert isinstance(kept.document, KeptDocument)
        assert kept.position(field) == read.position(field) != (None, None)


# --- the real `mkdocs serve` ----------------------------------------------------------------------------------

def _wait_for(url: str, text: str | None, limit: float = 600.0) -> str:
    """The page once it is served (and shows text); fails after limit seconds (a hang, not a speed check)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        page = _fetch(url)
        if page is not None and (text is None or shown(page, text)):
            return page
        time.sleep(0.2)
    pytest.fail(f"{url} 在 {limit} 秒内没有显示“{text}”")


def test_make_serve_shows_a_saved_edit_and_keeps_serving_through_a_broken_record(tmp_path):
    project = make_project(tmp_path / "project")
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    env = {key: value for key, value in os.environ.items() if not key.startswith("JIXIAO_")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    process = subprocess.Popen([str(Path(sys.executable).with_name("mkdocs")), "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                               cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    record = project / "content" / "2021" / f"{UNIT}.yml"
    try:
        _wait_for(f"{base}/2021/{UNIT}/{PROJECT}/", "测试项目")
        save(record, EDITED_2021)
        _wait_for(f"{base}/2021/{UNIT}/{PROJECT}/", "9.73")
        _wait_for(f"{base}/2021/{UNIT}/", "9.73")
        _wait_for(f"{base}/2022/{UNIT}/{PROJECT}/", "99.73")
        _wait_for(f"{base}/2021/", "99.73")  # after the full rebuild
        save(record, BROKEN_2021)
        end = time.monotonic() + 600
        while "正在显示的仍是上次生成的网站".encode() not in (tmp_path / "serve.log").read_bytes() and time.monotonic() < end:
            time.sleep(0.2)
        assert shown(_fetch(f"{base}/2021/{UNIT}/{PROJECT}/") or "", "9.73")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
    output = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "已预览" in output and "content/2021/yzq-dqfwzx.yml" in output and "正在显示的仍是上次生成的网站" in output
    assert "Traceback" not in output
