"""Without Chromium the browser tests skip and say why; CI (JIXIAO_REQUIRE_BROWSER=1) fails instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ONE_BROWSER_TEST = "tests/browser/test_offline.py::test_page_load_requests_only_the_sites_own_origin"


def _run_without_chromium(require: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "JIXIAO_CHROMIUM": "/nonexistent/chromium"}
    env.pop("JIXIAO_REQUIRE_BROWSER", None)
    if require:
        env["JIXIAO_REQUIRE_BROWSER"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", ONE_BROWSER_TEST],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )


def test_browser_tests_skip_with_the_reason_when_chromium_is_missing():
    result = _run_without_chromium(require=False)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert "没有找到 Chromium（/nonexistent/chromium）" in result.stdout


def test_browser_tests_fail_when_chromium_is_missing_and_required():
    result = _run_without_chromium(require=True)
    assert result.returncode != 0
    assert "浏览器测试不能跳过" in result.stdout
