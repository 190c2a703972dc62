"""Read the git history of content/: which commits changed which record file, when, why, and each version's text.

This is an input to the core like the records themselves: read here, compared in generator/changes.py,
shown by generator/pages.py. Two git processes for the whole folder, whatever its size: one
`git log --raw` (every commit that touched content/, with the blob ids of each file before and after)
and one `git cat-file --batch` (the text of every version needed). A process per file would cost
minutes at a city's scale of thousands of records.

Without git, outside a checkout, or in a repository without commits, the history is empty and pages fall
back to each record's own 公开日期. A shallow clone (a CI checkout) is read as far as it goes; the files
whose oldest readable version sits at the cut are marked `truncated` so the pages can say so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .loading import REGISTRY_FILE, SETTINGS_FILE

# Pages are read in China; commit times are shown in China Standard Time (no daylight saving).
CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")

_NO_BLOB = "0" * 40
STORE_NAME = "jixiao-history.json"
_RECORD = "\x1e"
_FIELD = "\x1f"
_LOG_FORMAT = f"{_RECORD}%H{_FIELD}%P{_FIELD}%cI{_FIELD}%s"


@dataclass(frozen=True)
class Commit:
    sha: str
    # The committer date: when the change landed on the branch the site is built from (the author date of
    # a rebased or cherry-picked change is older than its publication).
    date: dt.datetime
    subject: str  # first line of the message: the reason the publisher gave


@dataclass(frozen=True)
class Version:
    """One commit's change to one file, with git's status letter: A added, M modified, D deleted."""

    commit: Commit
    status: str
    old_blob: str | None
    new_blob: str | None


@dataclass
class FileHistory:
    path: str  # as generator.loading shows it to authors, e.g. content/2024/xx-swbgs.yml
    versions: list[Version]  # oldest first
    truncated: bool = False  # the oldest version is where a shallow clone stops: earlier changes unknown

    @property
    def deleted(self) -> bool:
        return bool(self.versions) and self.versions[-1].status == "D"


@dataclass
class History:
    files: dict[str, FileHistory] = field(default_factory=dict)
    blobs: dict[str, str | None] = field(default_factory=dict, repr=False)  # blob id → text (None: not UTF-8 or missing)
    worktree: dict[str, str] = field(default_factory=dict, repr=False)  # path → blob id of the file on disk now
    shallow: bool = False
    # Computations over this history (generator.changes) are kept here so the pages and the feed share one.
    cache: dict = field(default_factory=dict, repr=False, compare=False)
    # What earlier builds worked out about each version (its projects, its differences), kept in the git
    # directory: versions never change, so a rebuild parses only the commits it has not seen.
    store: dict = field(default_factory=dict, repr=False, compare=False)
    store_path: Path | None = None
    store_changed: bool = False
    git_dir: Path | None = None  # where to run git for the texts of versions

    def save_store(self) -> None:
        if self.store_path is None or not self.store_changed:
            return
        try:
            self.store_path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.store_path.with_name(f".{self.store_path.name}.{os.getpid()}")
            temporary.write_text(json.dumps(self.store, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            os.replace(temporary, self.store_path)
            self.store_changed = False
        except OSError:
            pass  # a read-only checkout: the next build works it out again

    def of(self, path: str) -> FileHistory | None:
        return self.files.get(path)

    def text(self, blob: str | None) -> str | None:
        if blob is None:
            return None
        if blob not in self.blobs:
            self.fetch([blob])
        return self.blobs.get(blob)

    def fetch(self, blobs) -> None:
        """Read the text of these versions in one `git cat-file --batch`; a rebuild that finds everything in
        the store reads none (at a city's scale the texts are hundreds of megabytes)."""
        missing = sorted({b for b in blobs if b and b not in self.blobs})
        if not missing or self.git_dir is None:
            return
        try:
            found = _read_blobs(self.git_dir, missing)
        except (OSError, subprocess.SubprocessError, ValueError):
            found = {}
        for blob in missing:
            self.blobs[blob] = found.get(blob)


def read_history(content_dir: Path) -> History:
    """The history of every record file under content_dir; an empty History when git cannot tell."""
    content_dir = Path(content_dir).resolve()
    try:
        return _read(content_dir)
    except (OSError, subprocess.SubprocessError, ValueError, UnicodeDecodeError):
        # No git, not a checkout, no commit yet, or output we cannot parse: the pages use 公开日期.
        return History()


def _git(cwd: Path, *args: str, input: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", "-c", "core.quotepath=off", "-c", "log.showSignature=false", *args],
        cwd=cwd, input=input, capture_output=True, check=True,
    ).stdout


def _read(content_dir: Path) -> History:
    if not content_dir.is_dir():
        return History()
    lines = _git(content_dir, "rev-parse", "--show-toplevel", "--is-shallow-repository", "--git-path", "shallow",
                 "--git-path", STORE_NAME).decode().splitlines()
    toplevel, shallow = Path(lines[0]), lines[1] == "true"
    store_path = content_dir / lines[3]
    boundary: set[str] = set()
    if shallow:
        shallow_file = content_dir / lines[2]
        if shallow_file.is_file():
            boundary = set(shallow_file.read_text().split())
    log = _git(content_dir, "log", "-z", f"--format={_LOG_FORMAT}", "--raw", "--no-renames", "--no-abbrev", "--", ".")

    # git prints paths from the top of the repository; records are named from content/'s parent.
    prefix = content_dir.relative_to(toplevel.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    files: dict[str, FileHistory] = {}
    for chunk in log.split(_RECORD.encode())[1:]:
        header, _, raw = chunk.partition(b"\0")
        sha, parents, date, subject = header.decode("utf-8", "replace").split(_FIELD, 3)
        commit = Commit(sha, dt.datetime.fromisoformat(date).astimezone(CHINA_TIME), subject.strip())
        tokens = raw.lstrip(b"\n").split(b"\0")
        for meta, name in zip(tokens[0::2], tokens[1::2]):
            if not meta.startswith(b":"):
                continue
            old_mode, new_mode, old_blob, new_blob, status = meta[1:].decode().split(" ")
            relative = _record_path(name.decode("utf-8", "surrogateescape"), prefix, old_mode, new_mode)
            if relative is None:
                continue
            path = f"{content_dir.name}/{relative}"  # what generator.problems.display_path shows for the file
            history = files.setdefault(path, FileHistory(path, []))
            history.versions.append(Version(commit, status[0], _blob(old_blob), _blob(new_blob)))
            if shallow and sha in boundary and not parents:
                history.truncated = True

    for history in files.values():
        history.versions.reverse()  # git log lists newest first
    return History(files=files, worktree=_worktree_blobs(content_dir, files), shallow=shallow,
                   store=_read_store(store_path), store_path=store_path, git_dir=content_dir)


def _read_store(path: Path) -> dict:
    try:
        store = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return store if isinstance(store, dict) else {}


def _blob(sha: str) -> str | None:
    return None if sha == _NO_BLOB else sha


def _record_path(name: str, prefix: str, old_mode: str, new_mode: str) -> str | None:
    """The path under content/ if this is a file generator.loading reads: .yml/.yaml, not registry or settings."""
    if not {old_mode, new_mode} <= {"000000", "100644", "100755"}:
        return None  # symlinks and submodules are not records
    if not name.startswith(prefix):
        return None
    relative = PurePosixPath(name[len(prefix):])
    if relative.suffix not in (".yml", ".yaml") or any(part.startswith(".") for part in relative.parts):
        return None
    if relative.as_posix() in (REGISTRY_FILE, SETTINGS_FILE):
        return None
    return relative.as_posix()


def _read_blobs(cwd: Path, wanted: list[str]) -> dict[str, str | None]:
    if not wanted:
        return {}
    out = _git(cwd, "cat-file", "--batch", input=("\n".join(wanted) + "\n").encode())
    blobs: dict[str, str | None] = {}
    position = 0
    while position < len(out):
        end = out.index(b"\n", position)
        header = out[position:end].decode().split(" ")
        position = end + 1
        if len(header) < 3 or header[1] != "blob":
            continue  # "<id> missing": not in a shallow or partial clone
        size = int(header[2])
        blobs[header[0]] = _decode(out[position:position + size])
        position += size + 1
    return blobs


def _decode(raw: bytes) -> str | None:
    """As generator.yaml_reader.read_file reads a file: BOM dropped, UTF-8, NFC."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return unicodedata.normalize("NFC", raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def git_blob_id(data: bytes) -> str:
    """The id git gives these bytes as a blob, to tell whether a file on disk is a committed version."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _worktree_blobs(content_dir: Path, files: dict[str, FileHistory]) -> dict[str, str]:
    blobs = {}
    for path in files:
        on_disk = content_dir.parent / path
        if on_disk.is_file():
            blobs[path] = git_blob_id(on_disk.read_bytes())
    return blobs
