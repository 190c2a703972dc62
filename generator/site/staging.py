"""Temporary folders beside an output folder, and putting a finished one in its place.

A build writes into `.<name>-build-<pid>-<random>` next to the output and swaps it in only when complete.
A build that was killed cannot remove its folder, so every build first removes what dead builds left
(`.<name>-build-*`, `.<name>-old-*`): the pid in the name tells a dead build's folder from a running one's. An output folder found missing beside a dead build's
`-old-` folder (a kill between two renames on a system without an atomic swap) is put back first.

A build that keeps its outputs in a cache may keep the site it replaced as `.<name>-spare` and start the next
build in it (reuse_spare): the pages and files that build takes from the cache are mostly there already, as the
same hard links, where a fresh folder would need all of a city's 32,000 made again and the replaced site's
32,000 removed (6 of a correction's 17 seconds). Whatever that build does not take from the cache is removed
from the folder before anything is written (remove_all_but), so it ends as a fresh folder would. The spare is
never published and safe to delete.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import secrets
import shutil
import sys
from pathlib import Path

from generator.site.processes import alive

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _staging_name(target: Path) -> Path:
    """A name for this build's folder beside target, after removing what dead builds left there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_debris(target)
    return target.with_name(f".{target.name}-build-{os.getpid()}-{secrets.token_hex(4)}")


def new_staging(target: Path) -> Path:
    """A fresh folder to build target in, after removing what dead builds left beside it."""
    staging = _staging_name(Path(target))
    staging.mkdir()
    return staging


def spare_of(target: Path) -> Path:
    """Where a replaced site waits for the next build to reuse it."""
    target = Path(target)
    return target.with_name(f".{target.name}-spare")


def reuse_spare(target: Path) -> Path | None:
    """The spare of target renamed to a fresh staging name (so two builds never share it), or None without one."""
    target = Path(target)
    staging = _staging_name(target)
    spare = spare_of(target)
    if not spare.is_dir() or spare.is_symlink():
        return None
    try:
        os.rename(spare, staging)
    except OSError:  # taken by another build meanwhile
        return None
    return staging


def remove_all_but(folder: Path, kept: set[str] | frozenset[str], kept_folders: frozenset[str] = frozenset()) -> int:
    """Remove from folder every file whose path (relative, with /) is not in kept, and the folders that leaves
    empty; returns how many files went. The folders named in kept_folders (relative, top level) are left whole.
    os.scandir and text paths: a city's folder is 32,000 files."""
    removed = 0

    def walk(path: str, prefix: str) -> bool:
        nonlocal removed
        empty = True
        with os.scandir(path) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if relative in kept_folders:
                        empty = False
                    elif walk(entry.path, relative + "/"):
                        os.rmdir(entry.path)
                    else:
                        empty = False
                elif relative in kept:
                    empty = False
                else:
                    os.unlink(entry.path)
                    removed += 1
        return empty

    walk(os.fspath(folder), "")
    return removed


def _owner_alive(folder: Path, kind: str, name: str) -> bool:
    match = re.match(rf"\.{re.escape(name)}-{kind}-([0-9]+)-", folder.name)
    if match is None:
        return False  # an older build's name (no pid): nobody is writing it any more
    pid = int(match.group(1))
    if pid == os.getpid():
        return False  # ours from an earlier build in this process, already finished
    return alive(pid)


def clean_debris(target: Path) -> list[Path]:
    """Remove the temporary folders dead builds left beside target; returns what was removed."""
    target = Path(target)
    if not target.parent.is_dir():
        return []
    name = target.name
    removed: list[Path] = []
    olds = sorted(target.parent.glob(f".{glob_escape(name)}-old-*"))
    if not target.exists() and not target.is_symlink():
        for old in olds:
            if old.is_dir() and not _owner_alive(old, "old", name):
                os.replace(old, target)  # killed between the two renames: the old site is the site
                olds.remove(old)
                break
    for kind, folders in (("build", sorted(target.parent.glob(f".{glob_escape(name)}-build-*"))), ("old", olds)):
        for folder in folders:
            if not _owner_alive(folder, kind, name):
                _remove(folder)
                removed.append(folder)
    return removed


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except OSError:
            pass


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def replace_dir(new: Path, target: Path, keep_old: bool = False) -> None:
    """Put new in place of target so that a reader, or a kill, never finds a half-written or missing folder.

    The two are swapped in one step where the system allows it (the old site then sits under the temporary
    name until it is removed); elsewhere with two renames, which clean_debris can undo after a kill.
    keep_old: the old folder becomes the spare (reuse_spare) instead of being removed."""
    new, target = Path(new), Path(target)
    if target.is_dir() and not target.is_symlink() and _exchange(new, target):
        _retire(new, target, keep_old)
        return
    old = None
    if target.exists() or target.is_symlink():
        old = target.with_name(f".{target.name}-old-{os.getpid()}-{secrets.token_hex(4)}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        _retire(old, target, keep_old)


def _retire(old: Path, target: Path, keep_old: bool) -> None:
    if keep_old and old.is_dir() and not old.is_symlink():
        spare = spare_of(target)
        _remove(spare)  # another build's, left meanwhile: one spare is enough
        try:
            os.rename(old, spare)
            return
        except OSError:
            pass
    _remove(old)
