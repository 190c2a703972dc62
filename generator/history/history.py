"""Read the git history of content/: which commits changed which record file, when, why, and each version's text.

This is an input to the core like the records themselves: read here, compared in generator/history/changes.py,
shown by generator/site/pages.py. Three git processes for the whole folder, whatever its size: one
`git log -z --raw` (the id of every commit that touched content/, with the blob ids of each file before
and after), one `git cat-file --batch` for those commits (date and subject, read from the objects
themselves) and one for the text of every version needed. A process per file would cost minutes at a
city's scale of thousands of records. Nothing is split on a separator that a commit message or an
author's name could contain: the log carries only ids and NUL-terminated paths, and each object is read
by its length.

Outside a checkout or in a repository without commits, the history is empty and pages fall back to
each record's own 公开日期; any other failure to read it is a HistoryError, never an empty history. A shallow clone (a CI checkout) is read as far as it goes; the files
whose oldest readable version sits at the cut are marked `truncated` so the pages can say so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.records.loading import REGISTRY_FILE, SETTINGS_FILE

# Pages are read in China; commit times are shown in China Standard Time (no daylight saving).
CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")

_NO_BLOB = "0" * 40
STORE_NAME = "jixiao-history.json"


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
    path: str  # as generator.records.loading shows it to authors, e.g. content/2024/xx-swbgs.yml
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
    # Computations over this history (generator.history.changes) are kept here so the pages and the feed share one.
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
        except subprocess.CalledProcessError as exc:
            raise HistoryError(f"从 git 读取记录的旧版本失败（退出码 {exc.returncode}）：{_said(exc.stderr)}") from None
        except OSError as exc:
            raise HistoryError(f"从 git 读取记录的旧版本失败：{exc}") from None
        for blob in missing:
            self.blobs[blob] = found.get(blob)


class HistoryError(Exception):
    """git has the history but it could not be read: the build stops rather than publish pages without it."""


def read_history(content_dir: Path) -> History:
    """The history of every record file under content_dir.

    Empty when there is no history to read (content/ not in a git checkout, or no commit yet). Any other
    failure raises HistoryError: an empty history would silently drop every page's 修订记录 and the feed.
    """
    content_dir = Path(content_dir).resolve()
    if not content_dir.is_dir():
        return History()
    try:
        return _read(content_dir)
    except FileNotFoundError:
        if _inside_checkout(content_dir):
            raise HistoryError(f"{content_dir.as_posix()} 在 git 仓库中，但找不到 git 命令，无法读取修订历史。请安装 git。") from None
        return History()
    except subprocess.CalledProcessError as exc:
        said = _said(exc.stderr)
        if "not a git repository" in said or "does not have any commits yet" in said or "bad default revision 'HEAD'" in said:
            return History()
        raise HistoryError(f"读取 git 修订历史失败（git {' '.join(exc.cmd[5:7])} 退出码 {exc.returncode}）：{said or '没有说明'}") from None
    except OSError as exc:
        raise HistoryError(f"读取 git 修订历史失败：{exc}") from None


def _said(stderr: bytes | None) -> str:
    return (stderr or b"").decode("utf-8", "replace").strip().replace("\n", " ")[:500]


def _inside_checkout(folder: Path) -> bool:
    return any((parent / ".git").exists() for parent in (folder, *folder.parents))


def _git(cwd: Path, *args: str, input: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", "-c", "core.quotepath=off", "-c", "log.showSignature=false", *args],
        cwd=cwd, input=input, capture_output=True, check=True,
    ).stdout


_HEX = frozenset(b"0123456789abcdef")


def _object_id(token: bytes) -> str | None:
    return token.decode() if len(token) in (40, 64) and set(token) <= _HEX else None


def _read(content_dir: Path) -> History:
    lines = _git(content_dir, "rev-parse", "--show-toplevel", "--is-shallow-repository", "--git-path", "shallow",
                 "--git-path", STORE_NAME).decode().splitlines()
    toplevel, shallow = Path(lines[0]), lines[1] == "true"
    store_path = content_dir / lines[3]
    boundary: set[str] = set()
    if shallow:
        shallow_file = content_dir / lines[2]
        if shallow_file.is_file():
            boundary = set(shallow_file.read_text().split())
    # Nothing a commit's author wrote is in this output: only object ids and, NUL-terminated, the paths
    # (which cannot hold a NUL). Subjects and dates come from the commit objects themselves (_read_commits),
    # each read by its byte length, so no byte in a message or a name can pass for a separator.
    log = _git(content_dir, "log", "-z", "--format=%H", "--raw", "--no-renames", "--no-abbrev", "--", ".")

    # git prints paths from the top of the repository; records are named from content/'s parent.
    prefix = content_dir.relative_to(toplevel.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    changes: list[tuple[str, list[tuple[bytes, bytes]]]] = []  # newest first, as git log lists them
    tokens = log.split(b"\0")
    if tokens and tokens[-1] == b"":
        tokens.pop()
    position = 0
    while position < len(tokens):
        token = tokens[position].lstrip(b"\n")
        position += 1
        if token.startswith(b":"):
            if not changes or position >= len(tokens):
                raise HistoryError("git log 的输出无法解析（文件变更记录不完整），修订历史没有读取。")
            changes[-1][1].append((token, tokens[position]))
            position += 1
            continue
        sha = _object_id(token)
        if sha is None:
            raise HistoryError(f"git log 的输出无法解析（意外的内容 {token[:60]!r}），修订历史没有读取。")
        changes.append((sha, []))

    commits = _read_commits(content_dir, [sha for sha, _ in changes])
    files: dict[str, FileHistory] = {}
    for sha, entries in changes:
        commit = commits[sha]
        for meta, name in entries:
            fields = meta[1:].decode("ascii", "replace").split(" ")
            if len(fields) != 5:
                raise HistoryError(f"git log 的输出无法解析（提交 {sha} 的文件变更 {meta[:80]!r}），修订历史没有读取。")
            old_mode, new_mode, old_blob, new_blob, status = fields
            relative = _record_path(name.decode("utf-8", "surrogateescape"), prefix, old_mode, new_mode)
            if relative is None:
                continue
            path = f"{content_dir.name}/{relative}"  # what generator.records.problems.display_path shows for the file
            history = files.setdefault(path, FileHistory(path, []))
            history.versions.append(Version(commit, status[0], _blob(old_blob), _blob(new_blob)))
            if shallow and sha in boundary:
                history.truncated = True

    for history in files.values():
        history.versions.reverse()  # git log lists newest first
    worktree = _worktree_blobs(content_dir, files)
    _uncommitted_deletions(files, worktree)
    return History(files=files, worktree=worktree, shallow=shallow,
                   store=_read_store(store_path), store_path=store_path, git_dir=content_dir)


# What a commit message or a name may hold that a page or the XML feed cannot show: controls (NUL, \x1e,
# \x1f …), bidi overrides that would reverse the text around them, and noncharacters.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufffe\uffff]")


def _read_commits(cwd: Path, shas: list[str]) -> dict[str, Commit]:
    """The committer date and subject of each commit, from its object as git stores it."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return {}
    commits: dict[str, Commit] = {}
    for sha, kind, body in _batch(cwd, wanted):
        if kind != "commit":
            raise HistoryError(f"提交 {sha} 无法从 git 读取（{kind}），修订历史没有读取。")
        commits[sha] = _parse_commit(sha, body)
    return commits


def _batch(cwd: Path, wanted: list[str]):
    """(id, type, content) of each object, by `git cat-file --batch`: every content read by its length."""
    out = _git(cwd, "cat-file", "--batch", input=("\n".join(wanted) + "\n").encode())
    position = 0
    for sha in wanted:
        end = out.find(b"\n", position)
        if end < 0:
            raise HistoryError("git cat-file 的输出不完整，修订历史没有读取。")
        header = out[position:end].decode("ascii", "replace").split(" ")
        position = end + 1
        if len(header) == 2 and header[1] == "missing":
            yield sha, "missing", None
            continue
        if len(header) != 3 or header[0] != sha or not header[2].isdigit():
            raise HistoryError(f"git cat-file 的输出无法解析（{out[position - 1 - 80:position - 1]!r}），修订历史没有读取。")
        size = int(header[2])
        body = out[position:position + size]
        if len(body) != size or out[position + size:position + size + 1] != b"\n":
            raise HistoryError("git cat-file 的输出不完整，修订历史没有读取。")
        position += size + 1
        yield sha, header[1], body


_COMMITTER = re.compile(rb"committer [^\n]*> (-?[0-9]+) ([+-])([0-9]{2})([0-9]{2})")


def _parse_commit(sha: str, raw: bytes) -> Commit:
    headers, separator, message = raw.partition(b"\n\n")
    # The committer line is the last of its kind in the header: names cannot hold "\n" or ">" there.
    committer = [m for line in headers.split(b"\n") if (m := _COMMITTER.fullmatch(line))]
    if not headers.startswith(b"tree ") or len(committer) != 1:
        raise HistoryError(f"提交 {sha} 的内容无法解析（没有唯一的提交者和时间），修订历史没有读取。")
    seconds, sign, hours, minutes = committer[0].groups()
    offset = dt.timedelta(hours=int(hours), minutes=int(minutes)) * (-1 if sign == b"-" else 1)
    try:
        date = dt.datetime.fromtimestamp(int(seconds), dt.timezone(offset)).astimezone(CHINA_TIME)
    except (OverflowError, OSError, ValueError):
        raise HistoryError(f"提交 {sha} 的提交时间无法解析，修订历史没有读取。") from None
    return Commit(sha, date, _subject(message))


def _subject(message: bytes) -> str:
    """The subject as `git log --format=%s` gives it (the first paragraph on one line), with what cannot be
    shown removed. A NUL ends the message, as it does for git (git refuses to write one; older tools did not)."""
    text = message.split(b"\0", 1)[0].decode("utf-8", "replace")
    paragraph = text.strip("\n").split("\n\n", 1)[0]
    return _UNSHOWABLE.sub("", " ".join(line.strip() for line in paragraph.split("\n"))).strip()


def _read_store(path: Path) -> dict:
    try:
        store = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return store if isinstance(store, dict) else {}


def _blob(sha: str) -> str | None:
    return None if sha == _NO_BLOB else sha


def _record_path(name: str, prefix: str, old_mode: str, new_mode: str) -> str | None:
    """The path under content/ if this is a file generator.records.loading reads: .yml/.yaml, not registry or settings."""
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
    blobs: dict[str, str | None] = {}
    for sha, kind, body in _batch(cwd, wanted):
        if kind == "blob":
            blobs[sha] = _decode(body)
        # "missing": not in a shallow or partial clone; the version is shown as unreadable
    return blobs


def _decode(raw: bytes) -> str | None:
    """As generator.records.yaml_reader.read_file reads a file: BOM dropped, UTF-8, NFC."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return unicodedata.normalize("NFC", raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def git_blob_id(data: bytes) -> str:
    """The id git gives these bytes as a blob, to tell whether a file on disk is a committed version."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _uncommitted_deletions(files: dict[str, FileHistory], worktree: dict[str, str]) -> None:
    """A record deleted from content/ but not yet committed is withdrawn as the README says, like a committed
    deletion: without it the site linked to a page it no longer had, and the build failed while check passed.
    The withdrawal is dated when the build reads it, and has no commit and no reason."""
    now = dt.datetime.now(CHINA_TIME).replace(microsecond=0)
    for path, history in files.items():
        last = history.versions[-1] if history.versions else None
        if last is not None and last.status != "D" and path not in worktree:
            history.versions.append(Version(Commit("", now, ""), "D", last.new_blob, None))


def _worktree_blobs(content_dir: Path, files: dict[str, FileHistory]) -> dict[str, str]:
    blobs = {}
    for path in files:
        on_disk = content_dir.parent / path
        if on_disk.is_file():
            blobs[path] = git_blob_id(on_disk.read_bytes())
    return blobs
