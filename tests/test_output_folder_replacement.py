"""An output folder (pages, site) is replaced whole by the finished one, and what killed runs left beside it is cleared.

A run writes into `.<name>-build-<pid>-<random>` beside the output and swaps it in when complete; the old
folder passes through `.<name>-old-<pid>-<random>`. A run that was killed leaves these behind: the next run
removes them, unless the run that owns them is still going; an output folder lost between the two renames is
put back from its old copy (generator/site/staging.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.site.page_tree import Page, PageTree
from generator.site.staging import clean_debris, replace_dir
from generator.site.writing import write_page_tree
from tests.conftest import CONTENT


@pytest.fixture(scope="module")
def dead_pid() -> int:
    """The pid of a process that has ended (a killed run's)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.fixture
def live_run():
    """A run still going."""
    # Signals it may have inherited as ignored end it again: a signal sent to it would show.
    process = subprocess.Popen([sys.executable, "-c", "import signal, time\n"
                                "for s in (signal.SIGHUP, signal.SIGINT, signal.SIGQUIT, signal.SIGTERM, signal.SIGUSR1, signal.SIGUSR2):\n"
                                "    signal.signal(s, signal.SIG_DFL)\n"
                                "time.sleep(120)"])
    yield process
    process.kill()
    process.wait()


@pytest.fixture
def live_pid(live_run) -> int:
    return live_run.pid


def leftover(beside: Path, name: str) -> Path:
    folder = beside / name
    (folder / "2024").mkdir(parents=True)
    (folder / "2024" / "index.md").write_text("半成品", encoding="utf-8")
    return folder


def pages(out: Path) -> int:
    return main(["pages", "--content", str(CONTENT), str(out)])


# A reader's look at the output folder at every step of a run that touches the file system (each rename,
# removal, file opened): sys.audit events are raised before the step, by the process itself, so nothing is
# mocked and no timing is involved. Installed once; it does nothing unless a test is watching a folder.
_WATCHED: list[tuple[str, list[str]]] = []


def _look(event: str, args: tuple) -> None:
    if _WATCHED and event in ("os.rename", "os.remove", "os.rmdir", "shutil.rmtree", "open"):
        folder, missing = _WATCHED[-1]
        if not os.path.isdir(folder):
            missing.append(f"{event} {args[:2]}")


sys.addaudithook(_look)


def test_pages_clear_the_folders_killed_runs_left_beside_the_output(tmp_path, dead_pid):
    out = tmp_path / "pages"
    assert pages(out) == 0
    left = [leftover(tmp_path, f".pages-build-{dead_pid}-0a1b2c3d"), leftover(tmp_path, f".pages-old-{dead_pid}-0a1b2c3d"),
            leftover(tmp_path, ".pages-build-1a2b3c4d")]  # a name without a pid: an older run's
    assert pages(out) == 0
    assert [p for p in left if p.exists()] == []
    assert (out / "2024" / "xx-swbgs" / "huiyi-jingfei.md").is_file()


def test_pages_leave_alone_the_folders_of_a_run_still_going(tmp_path, live_run):
    out = tmp_path / "pages"
    running = [leftover(tmp_path, f".pages-build-{live_run.pid}-0a1b2c3d"), leftover(tmp_path, f".pages-old-{live_run.pid}-0a1b2c3d")]
    assert pages(out) == 0
    assert all(p.is_dir() for p in running)
    assert (out / "index.md").is_file()
    assert live_run.poll() is None  # asked whether it is alive, never signalled


def test_pages_replace_an_existing_output_folder_in_one_step_so_a_reader_never_finds_it_missing(tmp_path, monkeypatch):
    # On Linux the finished folder and the output trade places in one step (renameat2 RENAME_EXCHANGE); the
    # output is named relative to the working folder, as `jixiao pages pages` is typed.
    monkeypatch.chdir(tmp_path)
    assert pages(Path("pages")) == 0
    missing: list[str] = []
    _WATCHED.append((str(tmp_path / "pages"), missing))
    try:
        assert pages(Path("pages")) == 0
    finally:
        _WATCHED.pop()
    assert missing == []
    assert (tmp_path / "pages" / "2024" / "xx-swbgs" / "huiyi-jingfei.md").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages"]


def test_clearing_beside_an_output_whose_parent_does_not_exist_yet_removes_and_makes_nothing(tmp_path):
    assert clean_debris(tmp_path / "新建" / "site") == []
    assert list(tmp_path.iterdir()) == []


def test_a_folder_an_earlier_run_of_this_process_left_is_cleared(tmp_path):
    # `jixiao serve` builds again and again in one process: a build it gave up leaves a folder under its own pid
    out = tmp_path / "pages"
    left = leftover(tmp_path, f".pages-build-{os.getpid()}-0a1b2c3d")
    assert pages(out) == 0
    assert not left.exists()


def test_pages_into_a_new_folder_several_levels_deep_make_every_level(tmp_path):
    out = tmp_path / "新建" / "二级" / "pages"
    assert pages(out) == 0
    assert (out / "index.md").is_file()
    assert sorted(p.name for p in (tmp_path / "新建" / "二级").iterdir()) == ["pages"]


def test_only_the_output_folders_own_leftovers_are_cleared(tmp_path, dead_pid):
    out = tmp_path / "pages[1]"  # glob characters in the folder's name are its name, not a pattern
    own = leftover(tmp_path, f".pages[1]-build-{dead_pid}-0a1b2c3d")
    other = leftover(tmp_path, f".pages1-build-{dead_pid}-0a1b2c3d")
    assert pages(out) == 0
    assert not own.exists() and other.is_dir()


def test_an_output_folder_lost_between_the_two_renames_is_put_back(tmp_path, dead_pid):
    out = tmp_path / "site"
    old = leftover(tmp_path, f".site-old-{dead_pid}-0a1b2c3d")
    other = leftover(tmp_path, f".site-old-{dead_pid}-9f8e7d6c")
    clean_debris(out)
    assert (out / "2024" / "index.md").read_text(encoding="utf-8") == "半成品"
    assert not old.exists() and not other.exists()


def test_an_old_copy_a_running_swap_still_holds_is_not_taken_for_the_output(tmp_path, live_pid):
    out = tmp_path / "site"
    old = leftover(tmp_path, f".site-old-{live_pid}-0a1b2c3d")
    assert clean_debris(out) == []
    assert not out.exists() and old.is_dir()


def test_an_output_folder_present_is_kept_and_old_copies_beside_it_removed(tmp_path, dead_pid):
    out = tmp_path / "site"
    (out / "2024").mkdir(parents=True)
    (out / "2024" / "index.md").write_text("已发布", encoding="utf-8")
    old = leftover(tmp_path, f".site-old-{dead_pid}-0a1b2c3d")
    assert clean_debris(out) == [old]
    assert (out / "2024" / "index.md").read_text(encoding="utf-8") == "已发布"


@pytest.mark.parametrize("before", ["folder", "none", "link", "broken-link"])
def test_a_finished_folder_takes_the_outputs_place_whole(tmp_path, before):
    target, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.html").write_text("别处", encoding="utf-8")
    if before == "folder":
        target.mkdir()
        (target / "stale.html").write_text("旧", encoding="utf-8")
    elif before == "link":
        target.symlink_to(elsewhere, target_is_directory=True)
    elif before == "broken-link":
        target.symlink_to(tmp_path / "removed-release", target_is_directory=True)
    new = tmp_path / ".site-build-1-0a1b2c3d"
    new.mkdir()
    (new / "index.html").write_text("新", encoding="utf-8")
    replace_dir(new, target)
    assert target.is_dir() and not target.is_symlink()
    assert sorted(p.name for p in target.iterdir()) == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "site"]
    assert (elsewhere / "keep.html").read_text(encoding="utf-8") == "别处"  # a link's folder is not the output's to delete


@pytest.mark.parametrize("where", ["parent", "absolute", "parent-inside"])
def test_a_page_whose_path_leaves_the_output_folder_is_refused_and_nothing_is_written(tmp_path, where):
    path = {"parent": "../escaped.md", "absolute": str(tmp_path / "escaped.md"), "parent-inside": "2024/../../escaped.md"}[where]
    tree = PageTree()
    tree.add(Page("index.md", "首页", "首页"))
    tree.add(Page(path, "越界", "越界"))
    out = tmp_path / "a" / "pages"
    with pytest.raises(ValueError, match=f"页面路径越出输出目录：{path}"):
        write_page_tree(tree, out)
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == []
    assert not (tmp_path / "escaped.md").exists() and not (tmp_path / "a" / "escaped.md").exists()
