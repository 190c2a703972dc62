"""Pagefind as one long-running process (`pagefind --service`) that indexes pages handed over in memory.

The command line Pagefind reads pages from a folder and writes its output to another: every page is first
written to disk with its Chinese separated, every output file read back, and each run starts a process (about
0.12 s). The service takes pages as text and returns the output files in one message, and one process indexes
every batch of a build, each batch a fresh index freed after it. Pages are numbered in the order they are added,
so a batch's output is cut into its search shards by page number (merge.py).

This speaks the protocol of Pagefind's own Python and Node wrappers (base64 JSON messages ended by a comma), for
the version pinned in pyproject.toml. The wrapper in the `pagefind` package is not used: it polls for each
answer every 0.1 s, which for 9,000 pages would add 15 minutes.

Requests are written without waiting for their answers: Pagefind reads them on a thread of its own into an unbounded
queue and answers them one at a time in order (its service/mod.rs). So while it indexes the pages of a batch, this
process makes the text of the next ones (search_index.py: separate_characters, a third of the search step's time)
and cuts the previous batch's output into shards; waiting for each answer kept one of the two cores idle.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from generator.site.processes import subprocess_preexec


class PagefindError(Exception):
    """Pagefind could not be started, stopped early or refused a request; the message says which (English, from
    Pagefind or the OS)."""


@dataclass(frozen=True)
class IndexBatch:
    """A batch handed to Pagefind and not yet finished: the ids of its requests, and when it started."""
    added: list[int]
    files: int
    deleted: int
    wall: float
    cpu: float


@dataclass(frozen=True)
class BatchCost:
    """One batch: how long it took, Pagefind's CPU seconds for it and its peak memory so far (from the OS)."""
    wall_seconds: float
    cpu_seconds: float
    peak_rss_mb: float


def _executable() -> str:
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise PagefindError("Pagefind executable not found")
    return str(found)


class PagefindService:
    def __init__(self, config: dict, environment: dict[str, str]):
        self._config = config
        try:
            self._process = subprocess.Popen([_executable(), "--service"], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=environment,
                                             preexec_fn=partial(subprocess_preexec, os.getpid()))
        except OSError as exc:
            raise PagefindError(str(exc)) from exc
        self._message = 0
        self._pending = b""
        # Requests posted and not yet answered; answers read before their caller asked for them.
        self._asked: set[int] = set()
        self._answers: dict[int, dict] = {}
        # When Pagefind answered these requests (a batch's files), and its CPU seconds then: a batch's cost.
        self._timed: dict[int, tuple[float, float] | None] = {}

    def _ask(self, payload: dict) -> int:
        """Write one request without waiting for its answer (_answer); returns its message id."""
        self._message += 1
        request = json.dumps({"message_id": self._message, "payload": payload}, ensure_ascii=False)
        try:
            self._process.stdin.write(base64.b64encode(request.encode("utf-8")) + b",")
        except OSError as exc:
            raise PagefindError(f"Pagefind stopped ({exc})") from exc
        self._asked.add(self._message)
        return self._message

    def _flush(self) -> None:
        try:
            self._process.stdin.flush()
        except OSError as exc:
            raise PagefindError(f"Pagefind stopped ({exc})") from exc

    def _answer(self, message_id: int) -> dict:
        """The answer to a request posted earlier. Pagefind answers in the order it was asked (one message at a
        time, service/mod.rs), so the answers before it are read and kept for their own callers."""
        self._flush()
        while message_id not in self._answers:
            end = self._pending.find(b",")
            if end < 0:
                data = os.read(self._process.stdout.fileno(), 1 << 20)
                if not data:
                    raise PagefindError(f"Pagefind stopped (exit code {self._process.poll()})")
                self._pending += data
                continue
            answer, self._pending = self._pending[:end], self._pending[end + 1:]
            reply = json.loads(base64.b64decode(answer))
            answered = reply.get("message_id")
            if answered not in self._asked:
                # A request Pagefind could not read is answered with no id: its reason is the error to report.
                refused = reply.get("payload") or {}
                raise PagefindError(str(refused.get("message")) if refused.get("type") == "Error"
                                    else f"unexpected answer {answered}")
            self._asked.discard(answered)
            self._answers[answered] = reply.get("payload") or {}
            if answered in self._timed:
                self._timed[answered] = (time.perf_counter(), self._cpu_seconds())
        result = self._answers.pop(message_id)
        if result.get("type") == "Error":
            raise PagefindError(str(result.get("message")))
        return result

    def _cpu_seconds(self) -> float:
        try:
            with open(f"/proc/{self._process.pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return 0.0

    def _peak_rss_mb(self) -> float:
        try:
            with open(f"/proc/{self._process.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except (OSError, ValueError):
            pass
        return 0.0

    def start(self, pages: Iterable[tuple[str, str]]) -> IndexBatch:
        """Hand Pagefind pages ((path relative to the site, HTML)) as one index, numbered in this order, without
        waiting for it to index them: pages is read one page at a time as it is sent, so making the next page's
        text (in this process) and indexing the pages sent (in Pagefind's) go on at once. finish(batch) then
        returns the index's files. Batches are finished in the order they were started."""
        wall, cpu = time.perf_counter(), self._cpu_seconds()
        # Pagefind numbers the new index itself: its answer is needed before any page can name it, and comes
        # once the batch before is indexed, written out and deleted.
        index_id = self._answer(self._ask({"type": "NewIndex", "config": self._config}))["index_id"]
        added = [self._ask({"type": "AddFile", "index_id": index_id, "url": None, "file_path": path,
                            "file_contents": html}) for path, html in pages]
        files = self._ask({"type": "GetFiles", "index_id": index_id})
        self._timed[files] = None
        deleted = self._ask({"type": "DeleteIndex", "index_id": index_id})
        self._flush()
        return IndexBatch(added, files, deleted, wall, cpu)

    def finish(self, batch: IndexBatch) -> tuple[dict[str, bytes], BatchCost]:
        """The output files of a batch by path, and what it cost (until Pagefind answered with its files)."""
        for message_id in batch.added:
            self._answer(message_id)
        listed = self._answer(batch.files)["files"]
        done_at, cpu_at = self._timed.pop(batch.files)
        self._answer(batch.deleted)
        files = {item["path"]: base64.b64decode(item["content"]) for item in listed}
        return files, BatchCost(done_at - batch.wall, cpu_at - batch.cpu, self._peak_rss_mb())

    def index(self, pages: Iterable[tuple[str, str]]) -> tuple[dict[str, bytes], BatchCost]:
        """One batch, started and finished."""
        return self.finish(self.start(pages))

    def close(self) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout:
            self._process.stdout.close()

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
