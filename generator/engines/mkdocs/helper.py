"""A second process that renders half of the pages a build renders, so that a site built from scratch uses both
cores of the machine for MkDocs' pages (Markdown and the theme: 75 of 225 seconds at 8,000 projects).

MkDocs renders pages one after another in one process, and its dirty build skips every page whose File reports
itself unmodified (page_cache.py). So the build forks once its navigation is made, before the first page is
rendered: each process then reports the other's pages as unmodified and renders only its own. The helper writes
the site's files into a folder of its own (its pages go to the build cache's pending entries, shared with the
parent: same folder, other keys) and tells the parent which pages it stored and what MkDocs logged at WARNING
or above; the parent logs those as its own, so a warning in either fails the build the same way, and links the
helper's pages into the site from the cache once it commits. The helper never goes on past the page loop: it
reports and ends in the plugin's on_post_build or on_build_error (os._exit), and the build checks on return from
MkDocs that it is still the process that started (engines/mkdocs/build.py).

Only where pages are rendered in a dirty build with a cache (`jixiao build`), never under `mkdocs serve`, and only
when enough pages are to be rendered (BuildConfig.helper_threshold) on a machine with a second core.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import tempfile
from dataclasses import dataclass, field

from generator.site.processes import fork_worker

# What a helper that ended without reporting tells the reader (in the words the build uses for its other errors).
_LOST = "生成页面的辅助进程意外退出（{}），网站没有生成。"


class _Collected(logging.Handler):
    """What MkDocs logs in the helper at WARNING or above, for the parent to log."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


@dataclass
class Helper:
    """The fork of one build: in the parent, the helper's pid and the end of the pipe it reports on; in the helper
    itself (is_helper), the other end, and the folder it writes the site into. The helper dies with the parent and
    leaves Ctrl-C to it (processes.fork_worker)."""
    pid: int
    pipe: int
    is_helper: bool
    folder: str
    _collected: _Collected | None = field(default=None, repr=False)

    def report(self, stored: list[str], empty: list[str], error: str | None = None) -> None:
        """In the helper: tell the parent which pages it stored, which came out empty (MkDocs writes no file for
        them) and what was logged, then end this process."""
        try:
            messages = self._collected.records if self._collected is not None else []
            if error is not None:
                messages = [*messages, (logging.ERROR, error)]
            data = json.dumps({"stored": stored, "empty": empty, "messages": messages}, ensure_ascii=False)
            view = memoryview(data.encode("utf-8"))
            while view:
                view = view[os.write(self.pipe, view):]
            os.close(self.pipe)  # the parent reads on at once; the folder goes while it does
            shutil.rmtree(self.folder, ignore_errors=True)
        finally:
            os._exit(0 if error is None else 1)

    def result(self) -> tuple[list[str], list[str], list[tuple[int, str]]]:
        """In the parent: wait for the helper's report: the pages it stored and those that came out empty (source
        paths) and what it logged, with a message of its own if it ended without reporting."""
        chunks = []
        while True:
            chunk = os.read(self.pipe, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        os.close(self.pipe)
        _, status = os.waitpid(self.pid, 0)
        shutil.rmtree(self.folder, ignore_errors=True)
        try:
            reported = json.loads(b"".join(chunks).decode("utf-8"))
            return (reported["stored"], reported["empty"],
                    [(level, message) for level, message in reported["messages"]])
        except (ValueError, KeyError, TypeError):
            code = os.waitstatus_to_exitcode(status)
            reason = f"信号 {-code}" if code < 0 else f"退出码 {code}"
            return [], [], [(logging.ERROR, _LOST.format(reason))]

    def stop(self) -> None:
        """In the parent, when its own build failed: the helper's pages are not wanted."""
        for end in (lambda: os.kill(self.pid, signal.SIGKILL), lambda: os.close(self.pipe),
                    lambda: os.waitpid(self.pid, 0)):
            try:
                end()
            except OSError:  # gone already, closed already, reaped already
                pass
        shutil.rmtree(self.folder, ignore_errors=True)


def start_helper(site_dir: str) -> Helper | None:
    """Fork the helper. Returns the Helper in both processes (is_helper tells which), or None where this platform
    cannot fork."""
    folder = tempfile.mkdtemp(prefix=f"{os.path.basename(site_dir)}-helper-", dir=os.path.dirname(site_dir))
    reader, writer = os.pipe()
    pid = fork_worker()
    if pid is None:
        os.close(reader)
        os.close(writer)
        shutil.rmtree(folder, ignore_errors=True)
        return None
    if pid:
        os.close(writer)
        return Helper(pid, reader, False, folder)
    os.close(reader)
    # What MkDocs logs here is the parent's to print (once) and count.
    collected = _Collected()
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.handlers = [collected]
    mkdocs_logger.propagate = False
    return Helper(os.getpid(), writer, True, folder, collected)
