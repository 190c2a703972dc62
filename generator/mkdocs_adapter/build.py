"""`jixiao build`: build the whole site into a fresh folder and put it in place only when everything passed.

A failed `mkdocs build --strict` still leaves a full site behind, so MkDocs never writes to site/ itself.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from ..staging import new_staging, replace_dir

# Steps run on the finished folder before it is published, each returning a list of problems (Chinese).
# Later stages (the output safety scan, the search index) register here.
POST_BUILD_STEPS: list = []

from ..safety import check_built_site  # noqa: E402  (registered next to the list it joins)

# First, so that nothing later spends time on a site that will not be published.
POST_BUILD_STEPS.append(check_built_site)

from ..search_index import build_search_index  # noqa: E402  (registered next to the list it joins)

POST_BUILD_STEPS.append(build_search_index)


class _CountWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def source_date_epoch(base: Path) -> str:
    """Two builds of one commit must be byte-identical: date the build by the commit, not the clock."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=base, capture_output=True, text=True, check=True)
        if out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return "0"


def build_site(config_file: Path = Path("mkdocs.yml"), site_dir: Path = Path("site")) -> int:
    config_file = Path(config_file).resolve()
    site_dir = Path(site_dir).resolve()
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(config_file.parent)
    # Also removes what builds killed earlier left beside site/ (generator/staging.py).
    staging = new_staging(site_dir)
    counter = _CountWarnings()
    logging.getLogger("mkdocs").addHandler(counter)
    try:
        config = load_config(str(config_file), site_dir=str(staging), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        if counter.messages:
            return _fail(staging, ["MkDocs 报告了警告（严格模式下视为错误）："] + counter.messages)
        problems: list[str] = []
        for step in POST_BUILD_STEPS:
            problems.extend(step(staging))
        if problems:
            return _fail(staging, problems)
        replace_dir(staging, site_dir)
    except (PluginError, ConfigurationError, Abort) as exc:
        # MkDocs logs the reason and raises a bare "Aborted with a BuildError!": show the reason.
        return _fail(staging, counter.messages or [str(exc)])
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    print(f"网站已生成：{site_dir}（{pages} 个页面）")
    return 0


def _fail(staging: Path, messages: list[str]) -> int:
    shutil.rmtree(staging, ignore_errors=True)
    for message in messages:
        print(message, file=sys.stderr)
    print("\n网站没有生成，原有的 site/ 保持不变。", file=sys.stderr)
    return 1
