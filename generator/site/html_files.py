"""The HTML files of a built site, found in one walk for the steps that read them all (the safety scan, the search
index): a city's site has 32,000 files, and each step walking it again cost a correction a tenth of a second."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HtmlFile:
    path: str  # its site path, "/"-separated
    location: str  # where it is on disk
    signature: tuple[int, int, int]  # inode, size, modification time in ns: the same unless its bytes were replaced
    # False for a link or anything else that is not a file of its own: the safety scan still reads it (a server
    # would serve what it points to), the search index, which MkDocs' own pages feed, leaves it out.
    regular: bool


def html_files(site_dir: str | os.PathLike) -> list[HtmlFile]:
    """The .html entries under site_dir that are not folders (not through links to folders), in the order of their
    folders."""
    found: list[HtmlFile] = []

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.name.endswith(".html"):
                    stat = entry.stat(follow_symlinks=False)
                    found.append(HtmlFile(f"{prefix}{entry.name}", entry.path,
                                          (stat.st_ino, stat.st_size, stat.st_mtime_ns),
                                          entry.is_file(follow_symlinks=False)))

    walk(os.fspath(site_dir), "")
    return sorted(found, key=lambda page: page.path.split("/"))
