"""A build stopped at any moment leaves the old site whole, no process behind and, after the next build, no
temporary folder (issue 16, item 3).

One old site, then four builds of a ~1,050-page city, each stopped at a different moment with a different
signal: SIGKILL as soon as it starts, SIGTERM while MkDocs writes pages, SIGKILL while the safety scan's
workers run, and Ctrl-C (SIGINT to the whole process group, as a terminal sends it) while Pagefind indexes.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.city import write_city
from tests.reliability.support import REPO

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")


def _parents() -> dict[int, int]:
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if fields[0] != "Z":  # a zombie is dead, waiting for its reaper
                out[int(entry)] = int(fields[1])
    return out


def _descendants(pid: int) -> set[int]:
    parents = _parents()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def _alive(pids: set[int]) -> set[int]:
    return pids & set(_parents())


def _site_hashes(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def _start_build(content: Path, site: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "build", "--content", str(content), "--site-dir", str(site),
         "--config", str(REPO / "mkdocs.yml")],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        # As from a terminal: a shell without job control starts background commands with Ctrl-C ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        env={**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1700000000"},
    )


def _stop_when(build: subprocess.Popen, moment, how, timeout: float = 600) -> tuple[set[int], str, str]:
    """Poll until moment(descendants) is true, stop the build with how(build), and return every process the
    build had started plus what it printed (read to the end: every writer of its pipes must be gone)."""
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    while True:
        assert build.poll() is None, f"the build ended before the moment came: {build.communicate()}"
        assert time.monotonic() < deadline, "the moment never came"
        children = _descendants(build.pid)
        seen |= children
        if moment(children):
            break
        time.sleep(0.05)
    how(build)
    out, err = build.communicate(timeout=30)  # hangs if a worker kept the pipes open
    return seen, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def _html_in_staging(site: Path) -> int:
    return sum(1 for folder in site.parent.glob(f".{site.name}-build-*") for _ in folder.rglob("*.html"))


def _staging_exists(site: Path) -> bool:
    return any(site.parent.glob(f".{site.name}-build-*"))


def test_builds_stopped_at_four_moments_leave_the_old_site_no_process_and_no_temporary_folder(tmp_path):
    site = tmp_path / "www" / "site"
    city = tmp_path / "city"
    write_city(city)
    first = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--content", str(REPO / "content"), "--site-dir", str(site)],
        cwd=REPO, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=600,
    )
    assert first.returncode == 0, first.stderr
    old_site = _site_hashes(site)

    def killed(sig, group=False):
        return lambda build: (os.killpg if group else os.kill)(build.pid, sig)

    workers = lambda children: sum("pagefind" not in _command(c) for c in children) >= 2  # noqa: E731
    pagefind = lambda children: any("pagefind" in _command(c) for c in children)  # noqa: E731
    moments = [
        ("SIGKILL at the start", lambda children: _staging_exists(site), killed(signal.SIGKILL), -9),
        ("SIGTERM while MkDocs writes pages", lambda children: _html_in_staging(site) >= 50, killed(signal.SIGTERM), 143),
        ("SIGKILL during the safety scan", workers, killed(signal.SIGKILL), -9),
        ("Ctrl-C during the search index", pagefind, killed(signal.SIGINT, group=True), 130),
    ]
    if (os.cpu_count() or 1) < 2:
        moments.pop(2)  # one core: the scan runs in the build process, without workers
    for name, moment, how, status in moments:
        build = _start_build(city, site)
        started, out, err = _stop_when(build, moment, how)
        assert build.returncode == status, (name, err)
        assert "Traceback" not in out + err, (name, err)
        if status > 0:
            assert "网站没有生成，原有的网站保持不变。" in err, (name, err)
        time.sleep(0.5)
        assert not _alive(started), (name, [_command(p) for p in _alive(started)])
        assert _site_hashes(site) == old_site, name
        if status > 0:  # a build that could clean up after itself did
            assert not _staging_exists(site), (name, sorted(p.name for p in site.parent.iterdir()))

    again = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--content", str(REPO / "content"), "--site-dir", str(site)],
        cwd=REPO, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=600,
    )
    assert again.returncode == 0, again.stderr
    # Beside the site only the one it replaced, which the next build starts in (generator/site/staging.py).
    assert sorted(p.name for p in site.parent.iterdir()) == [".site-spare", "site"]
    assert _site_hashes(site) == old_site  # the same content builds the same bytes
