"""Child processes that cannot outlive the command that started them.

A build killed with SIGKILL runs no cleanup: its worker processes and the Pagefind indexer were adopted
by init and lived on (one pair 18 minutes), keeping the caller's stdout open so that a CI job waiting on
the build hung. On Linux the kernel ends a child when its parent dies (PR_SET_PDEATHSIG); elsewhere a
worker's watchdog thread notices the parent is gone within a second.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent exits; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def subprocess_preexec(parent: int) -> None:
    """preexec_fn for a tool the build runs (Pagefind): it dies with the build, across its exec."""
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def worker_init(parent: int) -> None:
    """Initializer of a worker pool: die with the parent; leave Ctrl-C to the parent, which ends the pool
    (otherwise every worker prints its own KeyboardInterrupt traceback); and end quietly on the SIGTERM the
    pool sends when it is done (a forked worker inherits the command's SIGTERM handler, which raises)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not _die_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def fork_worker() -> int | None:
    """Fork a process that shares this one's memory (copy on write) and dies with it, leaving Ctrl-C to it
    (worker_init): 0 in the new process, its pid here; None where this platform or the system cannot fork now."""
    if not hasattr(os, "fork"):
        return None
    parent = os.getpid()
    # Output buffered here would be written twice, once by each process.
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:  # no memory or processes left for a copy: the caller does the work itself
        return None
    if pid == 0:
        worker_init(parent)
    return pid


@dataclass(frozen=True)
class Beside:
    """A worker run_beside started."""
    pid: int

    def wait(self) -> bool:
        """Wait for it to end; whether it ended well."""
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status) == 0

    def stop(self) -> None:
        """End it now (the caller failed: its work is not wanted)."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            self.wait()
        except OSError:  # ended and reaped already
            pass


def run_beside(work: Callable[[], None]) -> Beside | None:
    """Run work in a forked worker (fork_worker) while the caller goes on; None where this platform cannot fork.
    The worker ends when work returns or fails and never returns into the caller's code: what it was to leave (in
    the build cache) the caller makes itself if it is missing, and so meets the same error with its own message."""
    pid = fork_worker()
    if pid is None:
        return None
    if pid == 0:
        code = 1
        try:
            work()
            code = 0
        finally:
            os._exit(code)
    return Beside(pid)


def worth_halving(pages: int, threshold: int | None) -> bool:
    """Whether work that makes this many pages is worth a second process (in_halves, the MkDocs helper): from
    threshold pages on (BuildConfig.helper_threshold; None: never), on a machine with a second core."""
    return threshold is not None and pages >= max(threshold, 2) and cores() > 1


def in_halves(work: Callable[[list], None], items: list) -> None:
    """Do work on the items in two processes: a forked worker (run_beside) every other item, this one the rest;
    returns when both are done. The caller then takes the results from where work leaves them (the build cache)
    and does itself whatever it does not find there (the worker failed, was killed, or could not be forked). On
    an error or an interruption here the worker is stopped: its work is not wanted."""
    worker = run_beside(partial(work, items[1::2]))
    try:
        work(items[::2])
        if worker is not None:
            worker.wait()
    except BaseException:
        if worker is not None:
            worker.stop()
        raise


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def alive(pid: int) -> bool:
    """Whether a process with this id is running (one of another user's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
