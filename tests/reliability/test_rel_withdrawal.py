"""Withdrawing a record works for every case the README names, with check and build agreeing (issue 16, item 2)."""

from __future__ import annotations

import html

import pytest

from tests.history_repo import GitRepo, SEED, SEED_2021
from tests.reliability.support import no_traceback, run_cli
from tests.sitebuild import build

RECORD_2024 = "content/2024/xx-swbgs.yml"
RECORD_2021 = "content/2021/yzq-dqfwzx.yml"


@pytest.fixture
def repo(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.write(RECORD_2024, SEED.read_text(encoding="utf-8"))
    repo.write(RECORD_2021, SEED_2021.read_text(encoding="utf-8"))
    repo.commit("公开两份记录", "2026-11-25T09:00:00+08:00")  # after the seeds' 上线日期
    return repo


def _built(repo, tmp_path, monkeypatch) -> tuple[int, object]:
    site = tmp_path / "site"
    return build(repo.content, site), site


def _withdrawn_page_says_so(site, path: str) -> None:
    page = html.unescape((site / path / "index.html").read_text(encoding="utf-8"))
    assert "撤回" in page


def test_committed_withdrawal_of_a_years_and_a_departments_last_record_builds(repo, tmp_path, monkeypatch):
    (repo.root / RECORD_2021).unlink()  # the only 2021 record and the only record of yzq-dqfwzx
    repo.commit("撤回2021年度绩效情况说明", "2026-11-26T09:00:00+08:00")
    status, site = _built(repo, tmp_path, monkeypatch)
    assert status == 0
    _withdrawn_page_says_so(site, "2021/yzq-dqfwzx")


def test_uncommitted_withdrawal_builds_and_check_agrees(repo, tmp_path, monkeypatch):
    (repo.root / RECORD_2021).unlink()
    check = run_cli("check", "--content", str(repo.content))
    no_traceback(check)
    status, site = _built(repo, tmp_path, monkeypatch)
    assert (check.returncode == 0) == (status == 0)
    assert status == 0
    _withdrawn_page_says_so(site, "2021/yzq-dqfwzx")


def test_withdrawal_of_every_record_of_a_department_in_a_year_that_keeps_others(repo, tmp_path, monkeypatch):
    (repo.root / RECORD_2024).unlink()
    repo.commit("撤回2024年度绩效情况说明", "2026-11-26T09:00:00+08:00")
    status, site = _built(repo, tmp_path, monkeypatch)
    assert status == 0
    _withdrawn_page_says_so(site, "2024/xx-swbgs")


@pytest.mark.parametrize("entry", ["'../../etc/passwd'", "2021", "2021/", "二〇二一/yzq-dqfwzx", "21/yzq-dqfwzx", "2021/yzq-dqfwzx/x"])
def test_hidden_withdrawal_entries_are_checked(repo, entry):
    repo.write("content/site.yml", repo.read("content/site.yml") + f"撤回后不再显示:\n  - {entry}\n")
    result = run_cli("check", "--content", str(repo.content))
    no_traceback(result)
    assert result.returncode == 1
    assert "撤回后不再显示" in result.stderr


def test_a_hidden_withdrawal_of_a_live_record_is_an_error(repo):
    repo.write("content/site.yml", repo.read("content/site.yml") + "撤回后不再显示:\n  - 2021/yzq-dqfwzx\n")
    result = run_cli("check", "--content", str(repo.content))
    assert result.returncode == 1 and "仍在 content/ 中" in result.stderr


def test_a_withdrawn_record_listed_as_hidden_builds_without_its_page(repo, tmp_path, monkeypatch):
    (repo.root / RECORD_2021).unlink()
    repo.write("content/site.yml", repo.read("content/site.yml") + "撤回后不再显示:\n  - 2021/yzq-dqfwzx\n")
    repo.commit("撤回并不再显示2021年度记录", "2026-11-26T09:00:00+08:00")
    assert run_cli("check", "--content", str(repo.content)).returncode == 0
    status, site = _built(repo, tmp_path, monkeypatch)
    assert status == 0
    assert not (site / "2021" / "yzq-dqfwzx").exists()


def test_a_record_removed_before_its_publication_point_builds_without_a_link_to_it(tmp_path, monkeypatch):
    """Removed while still a draft (before its 上线日期): no withdrawn page, and nothing links to one."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(RECORD_2024, SEED.read_text(encoding="utf-8"))
    repo.write(RECORD_2021, SEED_2021.read_text(encoding="utf-8"))
    repo.commit("录入两份记录", "2025-01-10T09:00:00+08:00")
    (repo.root / RECORD_2021).unlink()
    repo.commit("删除草稿", "2025-02-01T09:00:00+08:00")
    status, site = _built(repo, tmp_path, monkeypatch)
    assert status == 0
    assert "2021/yzq-dqfwzx" not in (site / "updates" / "index.html").read_text(encoding="utf-8")
