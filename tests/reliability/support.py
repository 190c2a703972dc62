"""Helpers of the reliability suite: run the command line as a user does and read what it printed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120, env: dict | None = None) -> subprocess.CompletedProcess:
    """`jixiao ARGS` in a child process: what a user's terminal shows, tracebacks included."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd or REPO, capture_output=True, text=True,
        timeout=timeout, env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
    )


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr


def record_with(field_line_old: str, field_line_new: str, text: str) -> str:
    assert text.count(field_line_old) == 1, field_line_old
    return text.replace(field_line_old, field_line_new)
