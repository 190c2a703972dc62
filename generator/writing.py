"""Write a page tree to a folder, completely or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from .page_tree import PageTree


def _safe_relative(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts:
        raise ValueError(f"页面路径越出输出目录：{path}")
    return relative


def write_page_tree(tree: PageTree, output: Path) -> None:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    try:
        for page in tree.pages.values():
            target = staging / _safe_relative(page.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown(), encoding="utf-8")
        for path, data in tree.files.items():
            target = staging / _safe_relative(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        replace_dir(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def replace_dir(new: Path, target: Path) -> None:
    """Put new in place of target with two renames, so a reader never sees a half-written folder."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
