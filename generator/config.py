"""What one build is asked to do, decided once by whoever starts it and passed to every stage.

The command line (`jixiao build --content DIR --allow-errors`), mkdocs.yml's plugin options (`mkdocs build`,
`mkdocs serve`) and the tests all make one of these; no stage reads the process environment to learn it.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuildConfig:
    # None: the folder the site engine's own configuration names (mkdocs.yml: plugins → jixiao → content).
    content_dir: Path | None = None
    # Publishing with unexplained audit errors is the publisher's explicit choice, never a default.
    allow_errors: bool = False
    # Seconds since 1970 that date the build (what MkDocs stamps into the sitemap): the commit's time, never
    # the clock, so two builds of one commit are byte-identical.
    source_date_epoch: int = 0
    # Where outputs are kept between builds (generator/site/build_cache.py); None: every build renders everything.
    cache_dir: Path | None = None
    # (K, N): build only shard K of N of the site into the cache and publish nothing (generator/site/shards.py);
    # None: the whole site.
    shard: tuple[int, int] | None = None
    # The site engine's output folder holds an earlier build's site (generator/site/staging.py, reuse_spare): the
    # build removes from it whatever it does not take from the cache before writing. False: an empty folder.
    earlier_output: bool = False
    # From this many pages to make on, a second process does half of the work: audits every other record not
    # in the cache (engines/mkdocs/plugin.py), makes every other one's pages (site/pages.py) and renders half of
    # the pages (engines/mkdocs/helper.py). None: never (mkdocs build and mkdocs serve). A correction makes a
    # few pages, a build from scratch thousands.
    helper_threshold: int | None = 200


def commit_epoch(folder: Path) -> int:
    """The time of the last commit of the repository holding folder; 0 outside git."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=folder, capture_output=True, text=True,
                             check=True)
        return int(out.stdout.strip() or 0)
    except (OSError, ValueError, subprocess.CalledProcessError):
        return 0
