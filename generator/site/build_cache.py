"""Outputs kept between builds, each found by a hash of everything it was made from.

A correction of one figure changes a handful of pages; every other page of a city's site would come out of
the same inputs byte for byte. So each costly output (a page as the site engine renders it, a search shard)
is stored under `.jixiao-cache/<kind>/` by the hash of its inputs, and a later build whose inputs hash the
same takes the stored bytes instead of making them again.

Why this is safe:
- a key hashes the inputs themselves plus the code and package versions that turn them into output, so a
  stale entry is never found, only never used again;
- entries are written whole (temporary name, then rename) and are read-only, so a killed build or an edit
  of the published site cannot leave a wrong entry under a right name;
- deleting the folder only makes the next build a full one (the tests compare the two, byte for byte).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import shutil
import stat
import sys
from collections.abc import Mapping
from functools import cached_property
from importlib import metadata
from pathlib import Path

from generator.hashing import digest  # noqa: F401  (its home; imported from here by the site's modules)

# Published files (downloads, API documents) by their file_key (generator/hashing.py): stored by the generator for
# the files it keeps (open_data.py) and by an engine for the rest, linked into sites by the engine.
PUBLISHED_FILES = "files"
from generator.site.processes import alive

FOLDER_NAME = ".jixiao-cache"

# Packages whose code shapes what the site engine writes; a new version of any of them makes new keys.
# generator/ and the page templates (theme/templates): every cached output is made by this code.
_CODE_ROOTS = (Path(__file__).resolve().parents[1], Path(__file__).resolve().parents[2] / "theme" / "templates")

_ENGINE_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "markupsafe")


def tree_digest(*roots: Path) -> str:
    """The bytes and relative names of every file under roots (sorted), for code and theme folders."""
    h = hashlib.blake2b(digest_size=20)
    for root in roots:
        root = Path(root)
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()
                                                     and "__pycache__" not in p.parts)
        for path in files:
            name = path.relative_to(root.parent if root.is_file() else root).as_posix().encode()
            data = path.read_bytes()
            h.update(len(name).to_bytes(8, "little") + name + len(data).to_bytes(8, "little"))
            h.update(data)
    return h.hexdigest()


def engine_versions() -> str:
    """Python's and the site engine packages' versions, as one string."""
    versions = [sys.version]
    for name in _ENGINE_PACKAGES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return ";".join(versions)


class BuildCache:
    """The `.jixiao-cache/` folder of one project. Entries are files named by their key under a kind."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        # Keys this build asked for or stored, by kind: everything else of that kind is dropped by prune().
        self._used: dict[str, set[str]] = {}
        # Entries of this build not yet known to be good (put_pending): out of sight until commit().
        self._pending = self.folder / f".pending-{os.getpid()}"
        self._pending_entries: list[tuple[str, str]] = []
        self._folders_made: set[str] = set()  # by link_into, in this build
        self._remove_dead_pending()

    def _remove_dead_pending(self) -> None:
        """A killed build cannot discard its pending entries: they go at the next start."""
        if not self.folder.is_dir():
            return
        for folder in self.folder.glob(".pending-*"):
            pid = folder.name.removeprefix(".pending-")
            if pid.isdigit() and int(pid) != os.getpid() and alive(int(pid)):
                continue
            if folder != self._pending:
                shutil.rmtree(folder, ignore_errors=True)

    @cached_property
    def code_key(self) -> str:
        """generator/'s code, the page templates and Python's version: a part of every key that is not a page's,
        hashed once per build (about 200 files) however many kinds use it."""
        return digest(tree_digest(*_CODE_ROOTS), sys.version)

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key

    # Python objects made from a record (the record as read, its findings, its pages' text) are kept pickled.
    # pickle and not a data format: these are our own dataclasses and models, and the folder is the project's
    # own, written only by builds of this code (whose hash is in every key), read-only like the rest. An entry
    # that cannot be read back is treated as missing, so a damaged folder costs a rebuild, never a wrong page.
    #
    # shared: objects the entry points to but does not own, by a name (a record's indicators, its region's
    # rules). They are stored as their names and put back as the caller's own objects: a record's scores
    # unpickled with copies of its indicators and rules held a second copy of every indicator of a city
    # (200 of 1,500 MB at 8,000 projects). A name the caller no longer has makes the entry missing.
    def get_object(self, kind: str, key: str, shared: Mapping[str, object] | None = None) -> object | None:
        """The object stored under key, or None."""
        # Opened by its text path, a missing entry found by the open itself: a correction of a city reads 3,000
        # entries, and a Path and a stat for each were a tenth of a second.
        try:
            with open(self.entry(kind, key), "rb") as stream:
                if not shared:
                    return pickle.loads(stream.read())
                return _SharedUnpickler(io.BytesIO(stream.read()), shared).load()
        except Exception:
            return None

    def put_object(self, kind: str, key: str, value: object, shared: Mapping[str, object] | None = None) -> None:
        if not shared:
            self.put(kind, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            return
        out = io.BytesIO()
        _SharedPickler(out, {id(obj): name for name, obj in shared.items()}).dump(value)
        self.put(kind, key, out.getvalue())

    def get(self, kind: str, key: str) -> Path | None:
        """The stored file for key, or None."""
        self._used.setdefault(kind, set()).add(key)
        path = self._path(kind, key)
        return path if path.is_file() else None

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry for key is stored, counted as used (as get() counts it)."""
        return os.path.isfile(self.entry(kind, key))

    def entry(self, kind: str, key: str) -> str:
        """Where the entry for key is or would be stored, as text, counted as used (as get() counts it): for a
        caller placing thousands of entries, who learns by linking one whether it is there (the search index)."""
        self._used.setdefault(kind, set()).add(key)
        return f"{self.folder}/{kind}/{key[:2]}/{key}"

    def put(self, kind: str, key: str, data: bytes) -> Path:
        """Store data under key, whole or not at all."""
        self._used.setdefault(kind, set()).add(key)
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{key}.{os.getpid()}.tmp")
        try:
            with open(temporary, "wb") as out:
                out.write(data)
            # Read-only: the published site shares these files (link_into), and an edit made there in place
            # must fail rather than change what a later build takes as the rendering of these inputs.
            os.chmod(temporary, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            os.replace(temporary, path)
        finally:
            if temporary.exists():
                temporary.unlink()
        return path

    def put_pending(self, kind: str, key: str, data: bytes) -> None:
        """Store data under key once commit() says the build that made it succeeded; discard() drops it."""
        self._used.setdefault(kind, set()).add(key)
        self._pending.mkdir(parents=True, exist_ok=True)
        with open(self._pending / f"{kind}-{key}", "wb") as out:
            out.write(data)
        self._pending_entries.append((kind, key))

    def adopt_pending(self, kind: str, key: str) -> None:
        """An entry another process of this build (a fork, which has the same pending folder) stored pending:
        committed or discarded with this build's own."""
        self._used.setdefault(kind, set()).add(key)
        self._pending_entries.append((kind, key))

    def commit(self) -> None:
        for kind, key in self._pending_entries:
            path = self._path(kind, key)
            path.parent.mkdir(parents=True, exist_ok=True)
            pending = self._pending / f"{kind}-{key}"
            os.chmod(pending, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            os.replace(pending, path)
        self.discard()

    def discard(self) -> None:
        self._pending_entries = []
        shutil.rmtree(self._pending, ignore_errors=True)

    def link_into(self, kind: str, key: str, destination: str | Path) -> bool:
        """Place the stored file for key at destination (a hard link, or a copy across file systems)."""
        # A build links a city's 32,000 pages and files: plain os calls on text paths, each folder made once
        # (pathlib objects and a mkdir per file were most of the 4 seconds this took at 8,000 projects).
        source = self.entry(kind, key)
        try:
            stored = os.stat(source)
        except OSError:
            return False
        target = os.fspath(destination)
        try:
            # `mkdocs serve` rebuilds into the same folder: a page or file already linked there is left alone.
            if os.path.samestat(os.lstat(target), stored):
                return True
            os.unlink(target)
        except FileNotFoundError:  # nothing there yet
            pass
        parent = os.path.dirname(target)
        if parent not in self._folders_made:
            os.makedirs(parent, exist_ok=True)
            self._folders_made.add(parent)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        return True

    def link_over(self, kind: str, key: str, destination: str) -> None:
        """Replace the file at destination, which holds the bytes of the entry for key, by a link to that entry (in
        one rename: a reader never finds it missing). Left as it is where a link cannot be made."""
        temporary = f"{destination}.{os.getpid()}.link"
        try:
            os.link(self.entry(kind, key), temporary)
            os.replace(temporary, destination)
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass

    def prune_unused(self, keep: tuple[str, ...] = ()) -> int:
        """prune() every kind this build asked for or stored, but those in keep."""
        return sum(self.prune(kind) for kind in sorted(self._used) if kind not in keep)

    def prune(self, kind: str) -> int:
        """Drop the entries of kind that this build did not use, so the folder holds one site's worth."""
        used = self._used.get(kind, set())
        removed = 0
        # os.scandir and text paths: a city's cache is 60,000 entries in 4,000 buckets, and a Path for each was
        # most of the CPU this took in every build.
        try:
            buckets = [entry.path for entry in os.scandir(self.folder / kind) if entry.is_dir(follow_symlinks=False)]
        except (FileNotFoundError, NotADirectoryError):
            return 0
        for bucket in buckets:
            with os.scandir(bucket) as entries:
                unused = [entry.path for entry in entries if entry.name not in used]
            for path in unused:
                try:
                    os.unlink(path)
                except FileNotFoundError:
                    pass
                removed += 1
        return removed



class _SharedPickler(pickle.Pickler):
    def __init__(self, stream, names: dict[int, str]):
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self._names = names

    def persistent_id(self, obj: object) -> str | None:
        return self._names.get(id(obj))


class _SharedUnpickler(pickle.Unpickler):
    def __init__(self, stream, shared: Mapping[str, object]):
        super().__init__(stream)
        self._shared = shared

    def persistent_load(self, name: str) -> object:
        return self._shared[name]
