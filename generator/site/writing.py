"""Write a page tree to a folder, completely or not at all."""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

from generator.site.page_tree import PageTree, file_bytes
from generator.site.staging import new_staging, replace_dir


def _safe_relative(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts:
        raise ValueError(f"页面路径越出输出目录：{path}")
    return relative


def write_page_tree(tree: PageTree, output: Path) -> None:
    output = Path(output)
    staging = new_staging(output)
    try:
        for page in tree.pages.values():
            target = staging / _safe_relative(page.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown(), encoding="utf-8")
        for path, data in tree.files.items():
            target = staging / _safe_relative(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file_bytes(data))
        replace_dir(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


