"""Pagefind as one long-running process (`pagefind --service`) that indexes pages handed over in memory.

The command line Pagefind reads pages from a folder and writes its output to another: every page is first
written to disk with its Chinese separated, every output file read back, and each run starts a process (about
0.12 s). The service takes pages as text and returns the output files in one message, and one process indexes
every batch of a build, each batch a fresh index freed after it. Pages are numbered in the order they are added,
so a batch's output is cut into its search shards by page number (merge.py).

This speaks the protocol of Pagefind's own Python and Node wrappers (base64 JSON messages ended by a comma), for
the version pinned in pyproject.toml. The wrapper in the `pagefind` package is not used: it polls for each
answer every 0.1 s, which for 9,000 pages would add 15 minutes.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import time
from dataclasses import dataclass
from functools import partial

from generator.site.processes import subprocess_preexec


class PagefindError(Exception):
    """Pagefind could not be started, stopped early or refused a request; the message says which (English, from
    Pagefind or the OS)."""


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

    def _send(self, payload: dict) -> dict:
        self._message += 1
        request = json.dumps({"message_id": self._message, "payload": payload}, ensure_ascii=False)
        try:
            self._process.stdin.write(base64.b64encode(request.encode("utf-8")) + b",")
            self._process.stdin.flush()
        except OSError as exc:
            raise PagefindError(f"Pagefind stopped ({exc})") from exc
        while True:
            end = self._pending.find(b",")
            if end >= 0:
                answer, self._pending = self._pending[:end], self._pending[end + 1:]
                reply = json.loads(base64.b64decode(answer))
                result = reply.get("payload") or {}
                if result.get("type") == "Error":
                    raise PagefindError(str(result.get("message")))
                if reply.get("message_id") != self._message:
                    raise PagefindError(f"unexpected answer {reply.get('message_id')}")
                return result
            data = os.read(self._process.stdout.fileno(), 1 << 20)
            if not data:
                raise PagefindError(f"Pagefind stopped (exit code {self._process.poll()})")
            self._pending += data

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

    def index(self, pages: list[tuple[str, str]]) -> tuple[dict[str, bytes], BatchCost]:
        """Index pages ((path relative to the site, HTML)) as one index, numbered in this order; returns its
        output files by path and what it cost."""
        start, cpu = time.perf_counter(), self._cpu_seconds()
        index_id = self._send({"type": "NewIndex", "config": self._config})["index_id"]
        for path, html in pages:
            self._send({"type": "AddFile", "index_id": index_id, "url": None, "file_path": path,
                        "file_contents": html})
        files = {item["path"]: base64.b64decode(item["content"])
                 for item in self._send({"type": "GetFiles", "index_id": index_id})["files"]}
        self._send({"type": "DeleteIndex", "index_id": index_id})
        return files, BatchCost(time.perf_counter() - start, self._cpu_seconds() - cpu, self._peak_rss_mb())

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
