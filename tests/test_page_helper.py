"""A build from scratch uses the machine's second core: a worker audits every other record into the build cache
(generator/engines/mkdocs/plugin.py), another makes every other record's data and pages there (generator/site/pages.py),
and a helper renders every other page MkDocs renders (generator/engines/mkdocs/helper.py). The site is the one a single
process builds; whatever goes wrong in the helper fails the build the way it fails in one process, with the reason and
site/ left as it was; a record a worker did not audit or make is audited or made by the build itself."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import generator.engines.mkdocs.plugin as plugin_module
import generator.rules.audit.engine as audit_module
import generator.site.pages as pages_module
import generator.site.processes as processes
from generator.config import BuildConfig
from generator.engines.mkdocs.build import build_site
from generator.engines.mkdocs.helper import Helper
from generator.engines.mkdocs.page_cache import PageCache
from generator.engines.mkdocs.plugin import JixiaoPlugin
from tests.conftest import correct_achieved, correct_executed
from tests.sitebuild import REPO, TEST_EPOCH

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the helper and the worker are forked")


@pytest.fixture(autouse=True)
def two_cores(monkeypatch):
    """The helper and the worker start only on a machine with a second core: these tests run on any."""
    monkeypatch.setattr(processes, "cores", lambda: 2)


def _build(content: Path, site: Path, cache: Path, threshold: int | None) -> int:
    config = BuildConfig(content_dir=content, source_date_epoch=TEST_EPOCH, cache_dir=cache, helper_threshold=threshold)
    return build_site(config_file=REPO / "mkdocs.yml", site_dir=site, build_config=config)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def helpers(monkeypatch) -> list[Helper]:
    """The helpers the builds of a test started (as the parent sees them)."""
    started: list[Helper] = []
    start = plugin_module.start_helper

    def recording(site_dir):
        helper = start(site_dir)
        if helper is not None and not helper.is_helper:
            started.append(helper)
        return helper

    monkeypatch.setattr(plugin_module, "start_helper", recording)
    return started


def _record_workers(monkeypatch, work_name: str) -> list[bool]:
    """Whether each worker that did work_name (processes.in_halves) did it (as the parent sees it)."""
    ended: list[bool] = []
    run = processes.run_beside

    class Recorded:
        def __init__(self, worker):
            self.worker = worker

        def wait(self):
            ended.append(self.worker.wait())
            return ended[-1]

        def stop(self):
            self.worker.stop()

    def recording(work):
        worker = run(work)
        return Recorded(worker) if worker is not None and work.func.__name__ == work_name else worker

    monkeypatch.setattr(processes, "run_beside", recording)
    return ended


@pytest.fixture
def workers(monkeypatch) -> list[bool]:
    """Whether each record worker the builds of a test started made its records."""
    return _record_workers(monkeypatch, "make_into_cache")


@pytest.fixture
def auditors(monkeypatch) -> list[bool]:
    """Whether each audit worker the builds of a test started audited its records."""
    return _record_workers(monkeypatch, "audit_into_cache")


@pytest.fixture
def audited_here(monkeypatch) -> list[str]:
    """The records this process audited (not a worker)."""
    parent, audit, audited = os.getpid(), audit_module.audit_record, []

    def counting(loaded, *arguments, **options):
        if os.getpid() == parent:
            audited.append(loaded.path)
        return audit(loaded, *arguments, **options)

    monkeypatch.setattr(audit_module, "audit_record", counting)
    return audited


def _in_the_helper(parent: int) -> bool:
    return os.getpid() != parent


def test_a_site_made_by_two_processes_is_the_site_one_process_makes(small_city, tmp_path, helpers, workers, auditors,
                                                                    audited_here, monkeypatch, capsys):
    assert _build(small_city, tmp_path / "one", tmp_path / "cache-one", None) == 0
    assert helpers == [] and workers == [] and auditors == [] and len(audited_here) == 4
    audited_here.clear()
    parent, render, rendered_here = os.getpid(), pages_module._render_record, []

    def counting(*arguments):
        if os.getpid() == parent:
            rendered_here.append(arguments[1].year)
        return render(*arguments)

    monkeypatch.setattr(pages_module, "_render_record", counting)
    assert _build(small_city, tmp_path / "two", tmp_path / "cache-two", 1) == 0
    assert len(helpers) == 1 and workers == [True] and auditors == [True]
    assert len(rendered_here) == 2  # of the 4 records: the worker made the other 2
    assert len(audited_here) == 2  # likewise audited
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert two.keys() == one.keys() and [path for path in one if one[path] != two[path]] == []
    assert not list(tmp_path.glob("*-helper-*"))  # the helper's own folder is gone


def test_the_next_build_takes_every_page_the_helper_rendered_from_the_cache(small_city, tmp_path, helpers, capsys):
    assert _build(small_city, tmp_path / "site", tmp_path / "cache", 1) == 0
    first = capsys.readouterr().out
    assert _build(small_city, tmp_path / "site", tmp_path / "cache", 1) == 0
    rendered = capsys.readouterr().out
    assert "重新渲染 0 个" in rendered and "取自缓存 0 个" in first and len(helpers) == 1


def test_a_site_all_rendered_again_in_the_folder_of_the_last_build_is_the_site_one_process_renders(
        small_city, tmp_path, helpers, capsys):
    assert _build(small_city, tmp_path / "site", tmp_path / "cache", 1) == 0
    settings = small_city / "site.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("网站名称: ", "网站名称: 某市"), encoding="utf-8")
    # Every page prints the site's name: all are rendered again, in the folder the first build left (.site-spare).
    assert _build(small_city, tmp_path / "site", tmp_path / "cache", 1) == 0
    assert "取自缓存 0 个" in capsys.readouterr().out
    assert _build(small_city, tmp_path / "one", tmp_path / "cache-one", None) == 0
    one, two = _files(tmp_path / "one"), _files(tmp_path / "site")
    assert two.keys() == one.keys() and [path for path in one if one[path] != two[path]] == []
    assert len(helpers) == 2 and "某市" in two["index.html"].decode("utf-8")


def test_a_warning_about_a_page_the_helper_renders_fails_the_build_and_is_shown_once(small_city, tmp_path, helpers,
                                                                                   monkeypatch, capsys):
    assert _build(small_city, tmp_path / "site", tmp_path / "cache-before", None) == 0
    before = _files(tmp_path / "site")
    parent, markdown = os.getpid(), JixiaoPlugin.on_page_markdown

    def broken_link_in_the_helper(self, text, page, config, files):
        if _in_the_helper(parent):
            text += "\n\n[附件](no-such-file.md)\n"
        return markdown(self, text, page, config, files)

    monkeypatch.setattr(JixiaoPlugin, "on_page_markdown", broken_link_in_the_helper)
    assert _build(small_city, tmp_path / "site", tmp_path / "cache", 1) == 1
    err = capsys.readouterr().err
    assert "no-such-file.md" in err and "网站没有生成，原有的 site/ 保持不变" in err
    warned = [line for line in err.splitlines() if "no-such-file.md" in line]
    assert len(warned) == len(set(warned)) > 0
    assert "Traceback" not in err and len(helpers) == 1
    assert _files(tmp_path / "site") == before
    assert not list(tmp_path.glob(".site-build-*"))  # neither the staging folder nor the helper's


def test_an_error_while_the_helper_renders_a_page_is_the_reason_the_build_gives(small_city, tmp_path, helpers,
                                                                              monkeypatch, capsys):
    parent, content = os.getpid(), JixiaoPlugin.on_page_content

    def failing_in_the_helper(self, html, page, config, files):
        if _in_the_helper(parent):
            raise ValueError("模板出错：测试")
        return content(self, html, page, config, files)

    monkeypatch.setattr(JixiaoPlugin, "on_page_content", failing_in_the_helper)
    assert _build(small_city, tmp_path / "site", tmp_path / "cache", 1) == 1
    err = capsys.readouterr().err
    assert "模板出错：测试" in err and "网站没有生成" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists() and len(helpers) == 1


def test_a_helper_that_ends_without_reporting_fails_the_build_with_the_reason(small_city, tmp_path, helpers,
                                                                            monkeypatch, capsys):
    monkeypatch.setattr(Helper, "report", lambda self, stored, empty, error=None: os._exit(3))
    assert _build(small_city, tmp_path / "site", tmp_path / "cache", 1) == 1
    err = capsys.readouterr().err
    assert "生成页面的辅助进程意外退出（退出码 3），网站没有生成" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists() and len(helpers) == 1


def test_a_helper_that_fails_to_report_never_goes_on_to_clean_up_or_publish(small_city, tmp_path, helpers,
                                                                           monkeypatch, capsys):
    def failing(self, stored, empty, error=None):
        raise RuntimeError("报告失败")

    monkeypatch.setattr(Helper, "report", failing)
    assert _build(small_city, tmp_path / "site", tmp_path / "cache", 1) == 1
    captured = capsys.readouterr()
    assert "生成页面的辅助进程意外退出（退出码 1），网站没有生成" in captured.err and "Traceback" not in captured.err
    assert "网站已生成" not in captured.out
    assert not (tmp_path / "site").exists() and len(helpers) == 1


def test_records_the_worker_did_not_make_are_made_by_the_build_itself(small_city, tmp_path, workers, monkeypatch,
                                                                      capsys):
    assert _build(small_city, tmp_path / "one", tmp_path / "cache-one", None) == 0
    parent, downloads = os.getpid(), pages_module.record_downloads

    def failing_in_the_worker(*arguments):
        if os.getpid() != parent:
            raise ValueError("worker failed")
        return downloads(*arguments)

    monkeypatch.setattr(pages_module, "record_downloads", failing_in_the_worker)
    assert _build(small_city, tmp_path / "two", tmp_path / "cache-two", 1) == 0
    assert workers == [False] and "worker failed" not in capsys.readouterr().err
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert two.keys() == one.keys() and [path for path in one if one[path] != two[path]] == []


def test_a_correction_starts_no_worker_and_no_helper(small_city, tmp_path, helpers, workers, auditors, capsys):
    assert _build(small_city, tmp_path / "site", tmp_path / "cache", 1) == 0
    assert len(helpers) == 1 and workers == [True] and auditors == [True]
    correct_achieved(small_city)
    assert _build(small_city, tmp_path / "site", tmp_path / "cache", 10) == 0
    assert len(helpers) == 1 and workers == [True] and auditors == [True]


def test_records_the_audit_worker_did_not_audit_are_audited_by_the_build_itself(small_city, tmp_path, auditors,
                                                                                audited_here, monkeypatch, capsys):
    assert _build(small_city, tmp_path / "one", tmp_path / "cache-one", None) == 0
    parent, audit = os.getpid(), audit_module.audit_record

    def failing_in_the_worker(*arguments, **options):
        if os.getpid() != parent:
            raise ValueError("audit worker failed")
        return audit(*arguments, **options)

    monkeypatch.setattr(audit_module, "audit_record", failing_in_the_worker)
    audited_here.clear()
    assert _build(small_city, tmp_path / "two", tmp_path / "cache-two", 1) == 0
    assert auditors == [False] and "audit worker failed" not in capsys.readouterr().err
    assert len(audited_here) == 4  # its own 2 records, and the 2 the worker left undone
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert two.keys() == one.keys() and [path for path in one if one[path] != two[path]] == []


def test_errors_the_audit_worker_finds_stop_the_build_as_the_builds_own_do(small_city, tmp_path, auditors, capsys):
    records = sorted(path.relative_to(small_city).as_posix() for path in small_city.glob("20*/*.yml"))
    assert len(records) == 4
    for record in records:
        correct_executed(small_city, record)
    assert _build(small_city, tmp_path / "site", tmp_path / "cache", 1) == 1
    err = capsys.readouterr().err
    assert auditors == [True] and "网站没有生成" in err and "Traceback" not in err
    assert [record for record in records if record not in err] == []
    assert not (tmp_path / "site").exists()


def test_a_page_the_helper_leaves_out_fails_the_build_with_the_reason(small_city, tmp_path, helpers, monkeypatch,
                                                                      capsys):
    parent, stored = os.getpid(), PageCache.stored

    def one_left_out(self):
        pages, empty = stored(self)
        return (pages[1:], empty) if os.getpid() != parent else (pages, empty)

    monkeypatch.setattr(PageCache, "stored", one_left_out)
    assert _build(small_city, tmp_path / "site", tmp_path / "cache", 1) == 1
    err = capsys.readouterr().err
    assert "辅助进程没有生成 1 个页面" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists() and len(helpers) == 1


def test_where_no_process_can_be_forked_the_build_makes_everything_itself(small_city, tmp_path, helpers, workers,
                                                                          monkeypatch, capsys):
    assert _build(small_city, tmp_path / "one", tmp_path / "cache-one", None) == 0

    def no_fork():
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(os, "fork", no_fork)
    assert _build(small_city, tmp_path / "two", tmp_path / "cache-two", 1) == 0
    assert helpers == [] and workers == []
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert two.keys() == one.keys() and [path for path in one if one[path] != two[path]] == []
    assert not list(tmp_path.glob(".*-helper-*"))


def test_an_error_in_the_build_while_a_worker_runs_stops_the_worker(monkeypatch):
    parent, started = os.getpid(), []
    run = processes.run_beside

    def recording(work):
        worker = run(work)
        started.append(worker)
        return worker

    def work(items):
        if os.getpid() != parent:
            time.sleep(60)
            return
        raise ValueError("这一半出错")

    monkeypatch.setattr(processes, "run_beside", recording)
    with pytest.raises(ValueError, match="这一半出错"):
        processes.in_halves(work, [1, 2])
    assert len(started) == 1 and started[0] is not None and not processes.alive(started[0].pid)
