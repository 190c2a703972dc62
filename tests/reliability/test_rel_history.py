"""The public revision history cannot be forged or emptied by what a commit carries (issue 16, item 1).

Commit messages and author names are written by anyone with push access. The history shows each commit
once, on its committer date, with its own subject; a read that fails stops the build loudly.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
from pathlib import Path

import pytest

from generator.history.history import HistoryError, read_history
from tests.history_repo import RECORD, SEED, GitRepo, shown, undated
from tests.reliability.support import no_traceback, run_cli
from tests.sitebuild import build

FORGED = "更正会议经费\x1eDEADBEEF\x1f\x1f2030-01-01T00:00:00+08:00\x1f伪造的说明"
# Every kind of byte a message may carry that a reader of the log output could take for structure.
HOSTILE_MESSAGES = [
    FORGED,
    "调整\x1e格式",  # one \x1e in a subject used to empty the whole history
    "更正\x1f说明\x1f2031-02-02T00:00:00+08:00",
    "更正预算数\n\n正文\x1e2032-03-03\x1f伪造\ncommitter 伪造 <x@y> 1956528000 +0800\n\n\x1e",
    "<script>alert(1)</script>更正<b>指标</b>\n\n<img src=x onerror=alert(2)>",
    "更正\r\n第二行\u202e反向\u0000在 NUL 之后",  # git refuses NUL: written below as a raw object instead
]
HOSTILE_AUTHORS = ["\x1e伪造\x1f2030-01-01", "<script>alert(3)</script>", "名字\r 2030-01-01T00:00:00+08:00 \x1f"]  # NUL: in the raw commit below


def _env(date: str, author: str = "测试") -> dict:
    return {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull,
            "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.org"}


def _git(repo: GitRepo, *args: str, env: dict | None = None, input: bytes | None = None) -> bytes:
    return subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo.root, env=env or _env("2025-01-01T00:00:00+08:00"),
                          input=input, capture_output=True, check=True).stdout


def _commit_verbatim(repo: GitRepo, message: str, date: str, author: str = "测试") -> None:
    """As `git commit --cleanup=verbatim -F file` does: the message byte for byte."""
    message_file = repo.root.parent / "message.txt"
    message_file.write_bytes(message.encode("utf-8"))
    _git(repo, "add", "-A", "content", env=_env(date, author))
    _git(repo, "commit", "-q", "--allow-empty", "--cleanup=verbatim", "-F", str(message_file), env=_env(date, author))


def _commit_raw(repo: GitRepo, message: bytes, author: bytes, seconds: int) -> str:
    """A commit object written directly, as a tool other than git commit can: NUL and any name allowed."""
    _git(repo, "add", "-A", "content")
    tree = _git(repo, "write-tree").decode().strip()
    parent = _git(repo, "rev-parse", "HEAD").decode().strip()
    body = (b"tree " + tree.encode() + b"\nparent " + parent.encode() + b"\nauthor " + author + b" <a@example.org> %d +0800\n"
            b"committer \xe6\xb5\x8b\xe8\xaf\x95 <t@example.org> %d +0800\n\n" % (seconds, seconds)) + message
    sha = _git(repo, "hash-object", "-t", "commit", "-w", "--literally", "--stdin", input=body).decode().strip()
    _git(repo, "update-ref", "HEAD", sha)
    return sha


def _executed(repo: GitRepo, value: str) -> None:
    """A change a reader sees (the publisher's note), so that each commit is one revision."""
    repo.write(RECORD, re.sub(r"(?m)^整理说明: .*$", f"整理说明: 第 {value} 次整理", repo.read(RECORD), count=1))


@pytest.fixture
def hostile(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.write(RECORD, undated(SEED))
    repo.commit("公开2024年度项目支出绩效自评报告", "2025-01-10T09:00:00+08:00")
    expected = [("2025-01-10", "公开2024年度项目支出绩效自评报告")]
    for day, (message, author) in enumerate(zip(HOSTILE_MESSAGES[:-1], HOSTILE_AUTHORS * 2), start=1):
        _executed(repo, f"20.{day:02d}")
        date = f"2025-02-{day:02d}T10:00:00+08:00"
        _commit_verbatim(repo, message, date, author)
        expected.append((date[:10], message))
    with pytest.raises(subprocess.CalledProcessError):  # git itself refuses a NUL in a message …
        _commit_verbatim(repo, HOSTILE_MESSAGES[-1], "2025-02-20T10:00:00+08:00")
    _executed(repo, "20.99")  # … but a commit object written directly may carry one, and any author name
    _commit_raw(repo, HOSTILE_MESSAGES[-1].encode(), "名\x00字\x1e\x1f".encode(), 1741312800)  # 2025-03-07 10:00 +08:00
    expected.append(("2025-03-07", HOSTILE_MESSAGES[-1]))
    return repo, expected


def _honest_subject(message: str) -> str:
    """What a reader may see of a subject: the first paragraph, without controls; nothing after a NUL."""
    first = message.split("\0")[0].strip("\n").split("\n\n")[0]
    text = " ".join(line.strip() for line in first.split("\n"))
    return re.sub("[\x00-\x1f\x7f-\x9f\u202a-\u202e]", "", text).strip()


def test_hostile_messages_and_names_leave_every_commit_once_on_its_own_date_with_its_own_subject(hostile):
    repo, expected = hostile
    versions = read_history(repo.content).of(RECORD).versions
    assert [(v.commit.date.date().isoformat(), v.commit.subject) for v in versions] == [
        (date, _honest_subject(message)) for date, message in expected
    ]
    shas = _git(repo, "log", "--format=%H", "--", "content").decode().split()
    assert [v.commit.sha for v in versions] == shas[::-1]


def test_forged_entry_reaches_neither_the_feed_nor_the_updates_page(hostile):
    repo, expected = hostile
    tree = repo.tree()
    feed = tree.files["feed.xml"].decode("utf-8")
    updates = shown(tree, "updates/index.md")
    for forged_year in ("2030", "2031", "2032"):
        assert f"{forged_year}-0" not in re.sub(r"<content.*?</content>|<title.*?</title>", "", feed, flags=re.S)
        assert not re.search(rf"- {forged_year}-", updates)
    assert feed.count("<entry>") == len(expected)
    assert "DEADBEEF" not in re.sub(r"<content.*?</content>", "", feed, flags=re.S).split("<entry>")[0]
    for control in ("\x1e", "\x1f", "\x00", "\u202e"):
        assert control not in feed and control not in updates
    # Markup in a message is text on the page, never a tag.
    assert "<script>" not in tree.pages["updates/index.md"].body
    assert "<script>" not in re.sub(r"&lt;script&gt;", "", feed)


def test_history_of_the_hostile_repository_builds_a_site_with_every_revision(hostile, tmp_path, monkeypatch):
    repo, expected = hostile
    site = tmp_path / "site"
    assert build(repo.content, site) == 0
    page = html.unescape((site / "2024" / "xx-swbgs" / "index.html").read_text(encoding="utf-8"))
    for date, _ in expected:
        assert date in page
    assert "2030-01-01" not in re.sub(r"更正会议经费DEADBEEF2030-01-01T00:00:00\+08:00伪造的说明", "", page)


def test_a_commit_object_with_two_committer_lines_is_a_loud_error(hostile):
    repo, _ = hostile
    _executed(repo, "21.00")
    _commit_raw(repo, "更正".encode(), b"x <y> 1741312800 +0800\ncommitter forged <f@f> 1893456000 +0800\nauthor z", 1741312800)
    with pytest.raises(HistoryError, match="提交者"):
        read_history(repo.content)


def _break_an_object(repo: GitRepo) -> None:
    first = _git(repo, "rev-list", "--max-parents=0", "HEAD").decode().strip()
    loose = repo.root / ".git" / "objects" / first[:2] / first[2:]
    loose.chmod(0o644)
    loose.write_bytes(b"not a zlib stream")


def test_a_failed_git_read_is_a_loud_error_never_an_empty_history(hostile):
    repo, _ = hostile
    _break_an_object(repo)
    with pytest.raises(HistoryError, match="读取 git 修订历史失败"):
        read_history(repo.content)


def test_a_failed_git_read_stops_build_and_pages_and_keeps_the_old_site(hostile, tmp_path, monkeypatch):
    repo, _ = hostile
    site = tmp_path / "site"
    assert build(repo.content, site) == 0
    before = (site / "feed.xml").read_bytes()
    _break_an_object(repo)
    result = run_cli("build", "--content", str(repo.content), "--site-dir", str(site), "--config", str(Path(__file__).parents[2] / "mkdocs.yml"))
    no_traceback(result)
    assert result.returncode == 1
    assert "读取 git 修订历史失败" in result.stderr and "原有的 site/ 保持不变" in result.stderr
    assert (site / "feed.xml").read_bytes() == before
    pages = run_cli("pages", "--content", str(repo.content), str(tmp_path / "pages"))
    no_traceback(pages)
    assert pages.returncode == 1 and "读取 git 修订历史失败" in pages.stderr
    assert not (tmp_path / "pages").exists()


def test_content_outside_any_checkout_has_an_empty_history(content_dir):
    assert read_history(content_dir).files == {}


def test_a_repository_without_commits_has_an_empty_history(tmp_path, content_dir):
    subprocess.run(["git", "init", "-q"], cwd=content_dir, check=True)
    assert read_history(content_dir).files == {}


def test_a_failed_git_read_names_the_git_command_and_its_exit_code(hostile):
    repo, _ = hostile
    _break_an_object(repo)
    with pytest.raises(HistoryError) as failure:
        read_history(repo.content)
    assert str(failure.value).startswith("读取 git 修订历史失败（git log -z 退出码 128）：")
