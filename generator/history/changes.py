"""What changed between two versions of a record, in the reader's terms, and the revision history of every page.

Versions are compared as validated models, never as YAML text: reordering keys, re-indenting or editing a
comment changes nothing a reader sees, so such a commit is not listed. Each difference is one line in the
words of the form: "全年执行数 20.37 → 20.73 万元", "新增指标 参会人员满意度", "自评报告 第二节 正文已修改".
Indicators are matched by (一级, 二级, 三级) name and projects by 项目编码, so reordering rows is no change.
"""

from __future__ import annotations

import dataclasses

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Callable

from pydantic import BaseModel, ValidationError

from generator.history.history import FileHistory, History
from generator.records.figures import as_published
from generator.records.model import Acknowledgement, Correction, DepartmentYear, Funds, Indicator, Project, Section
from generator.records.yaml_reader import ReadError, read_text

if TYPE_CHECKING:
    from generator.records.loading import LoadedRecord

# --- Differences between two versions ----------------------------------------------------------

MONEY_FIELDS = {"initial_budget", "full_year_budget", "executed", "amount"}  # 万元 in the form
SHORT_TEXT = 30  # longer texts are reported as changed, not quoted in full
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三: how the reports number their sections."""
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _DIGITS[tens]) + "十" if tens else "") + (_DIGITS[ones] if ones else "")


def shown(value: object) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return as_published(value)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _value_change(label: str, old: object, new: object, unit: str = "") -> list[str]:
    if old == new:
        return []
    if isinstance(old, str) or isinstance(new, str):
        old_text, new_text = old or "", new or ""
        if len(old_text) > SHORT_TEXT or len(new_text) > SHORT_TEXT or "\n" in old_text + new_text:
            if not old_text.strip():
                return [f"{label}已补充"]
            if not new_text.strip():
                return [f"{label}已删除"]
            return [f"{label}已修改"]
    return [f"{label} {shown(old)} → {shown(new)}{' ' + unit if unit and new is not None else ''}"]


def _model_changes(old: BaseModel, new: BaseModel, prefix: str = "", skip: tuple[str, ...] = ()) -> list[str]:
    out: list[str] = []
    for name, info in type(new).model_fields.items():
        if name in skip:
            continue
        a, b = getattr(old, name), getattr(new, name)
        if a == b:
            continue
        label = _join(prefix, info.alias or name)
        if isinstance(a, Funds):
            out += _funds_changes(a, b)
        elif name == "indicators":
            out += indicator_changes(a, b)
        elif name in ("report", "other_sections"):
            out += _section_list_changes(a, b, label, top=True)
        elif isinstance(a, BaseModel) and isinstance(b, BaseModel):
            out += _model_changes(a, b, label)
        elif (a is None or b is None) and (isinstance(a, BaseModel) or isinstance(b, BaseModel)):
            out.append(f"新增{label}" if a is None else f"删除{label}")
        elif isinstance(a, list) or isinstance(b, list):
            out += _list_changes(a, b, label)
        else:
            out += _value_change(label, a, b, "万元" if name in MONEY_FIELDS else "")
    return out


# Fields that are the publisher's bookkeeping for the audit, not something the record says to a reader: the
# figure an acknowledgement is tied to (数值) changes only to keep the audit honest, and is no revision.
_BOOKKEEPING: dict[type, tuple[str, ...]] = {Acknowledgement: ("value",)}


def _list_changes(old: list, new: list, label: str) -> list[str]:
    """Lists without a natural key (审核说明 and the like): compared item by item in order."""
    out: list[str] = []
    for i, (a, b) in enumerate(zip(old, new)):
        if a != b:
            item = f"{label}第{i + 1}条"
            out += (_model_changes(a, b, item, skip=_BOOKKEEPING.get(type(a), ())) if isinstance(a, BaseModel)
                    else _value_change(item, a, b))
    if len(new) > len(old):
        out.append(f"{label}新增 {len(new) - len(old)} 条")
    elif len(old) > len(new):
        out.append(f"{label}删除 {len(old) - len(new)} 条")
    return out


def _funds_changes(old: Funds, new: Funds) -> list[str]:
    out: list[str] = []
    for (label, a), (_, b) in zip(old.rows(), new.rows()):
        # The 年度资金总额 row is the project's figure a reader knows; the others name their row.
        out += _model_changes(a, b, "" if label == "年度资金总额" else label)
    return out


def _indicator_key(indicator: Indicator) -> tuple[str, str, str]:
    return (indicator.level1.value if indicator.level1 else "", indicator.level2 or "", indicator.name)


def _keyed(items: list, key: Callable) -> dict:
    """Items by key; a repeated key (two rows with one name) is told apart by its occurrence."""
    seen: dict = defaultdict(int)
    out = {}
    for item in items:
        k = key(item)
        out[(k, seen[k])] = item
        seen[k] += 1
    return out


NAMES_LISTED = 6  # a grouped line names this many indicators, then says 等


def _indicator_group(change: str, indicators: list[Indicator]) -> str:
    """One change made alike to several indicators (编号 （空） → 指标1： on nine rows), as one line that says how
    many and which: the same fact, once, instead of nine near-identical lines."""
    if len(indicators) == 1:
        return _join("指标", indicators[0].name, change)
    named = [i.name for i in indicators if i.name.strip()]
    unnamed = len(indicators) - len(named)
    which = "、".join(named[:NAMES_LISTED]) + ("等" if len(named) > NAMES_LISTED else "")
    if unnamed:
        which += f"{'，及' if named else ''} {unnamed} 行未写指标名称的模板行"
    return f"{len(indicators)} 项指标 {change}（{which.strip()}）"


def indicator_changes(old: list[Indicator], new: list[Indicator]) -> list[str]:
    before, after = _keyed(old, _indicator_key), _keyed(new, _indicator_key)
    out: list[str] = []
    grouped: dict[str, list[Indicator]] = {}  # one change, in the order first seen, with the indicators it was made to
    for key, indicator in after.items():
        if key not in before:
            out.append(f"新增指标 {indicator.name}")
        elif before[key] != indicator:
            for change in _model_changes(before[key], indicator, "", skip=("level1", "level2", "name")):
                grouped.setdefault(change, []).append(indicator)
    out[:0] = [_indicator_group(change, indicators) for change, indicators in grouped.items()]
    out += [f"删除指标 {indicator.name}" for key, indicator in before.items() if key not in after]
    return out


def _section_name(index: int, top: bool) -> str:
    return f"第{chinese_number(index + 1)}{'节' if top else '小节'}"


def _section_list_changes(old: list[Section], new: list[Section], label: str, top: bool) -> list[str]:
    out: list[str] = []
    for i, (a, b) in enumerate(zip(old, new)):
        if a != b:
            where = _join(label, _section_name(i, top))
            out += _model_changes(a, b, where, skip=("subsections",))
            out += _section_list_changes(a.subsections, b.subsections, where, top=False)
    for i in range(len(old), len(new)):
        out.append(f"{label} 新增{_section_name(i, top)}“{new[i].title}”")
    for i in range(len(new), len(old)):
        out.append(f"{label} 删除{_section_name(i, top)}“{old[i].title}”")
    return out


def project_changes(old: Project, new: Project) -> list[str]:
    """One project's differences, as its own page lists them."""
    return _model_changes(old, new)


def record_changes(old: DepartmentYear, new: DepartmentYear) -> list[str]:
    """A department-year's differences; a project's lines are prefixed with its name. 更正说明 are shown apart."""
    out = _model_changes(old, new, skip=("projects", "corrections", "online"))
    before = {p.code: p for p in old.projects}
    after = {p.code: p for p in new.projects}
    for code, project in after.items():
        if code not in before:
            out.append(f"新增项目 {project.name}")
        elif before[code] != project:
            out += [f"{project.name}：{line}" for line in project_changes(before[code], project)]
    out += [f"删除项目 {project.name}" for code, project in before.items() if code not in after]
    return out


# --- Revision history of every page ------------------------------------------------------------

class RevisionKind(StrEnum):
    """What one commit did to a page, in the words the revision list, the updates page and the feed print."""

    FIRST = "首次公开"
    REVISED = "修订"
    WITHDRAWN = "撤回"
    REPUBLISHED = "重新公开"
    INVALID = "未通过格式检查"
    EARLIEST = "可读取的最早版本"  # a shallow clone's cut: the real first publication is earlier



_READER_SUBJECT = re.compile(r"\s*[\u3400-\u9fff\u3000-\u303f\uff08\u3010]")


def reader_reason(subject: str) -> str:
    """The commit subject as the reason a reader sees, if it was written for readers.

    The same repository carries the engineers' commits (in English, about code) and the finance
    staff's (in Chinese, about the disclosure). Only a subject that starts in Chinese is shown;
    the others are listed without a reason rather than showing readers a developer's note.
    """
    return subject if _READER_SUBJECT.match(subject) else ""


@dataclass(frozen=True)
class Revision:
    """One commit's change to one page."""

    date: dt.datetime
    kind: RevisionKind
    reason: str  # the commit message's subject line
    changes: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()  # 更正说明 added by this commit
    commit: str = ""

    @property
    def day(self) -> dt.date:
        return self.date.date()


@dataclass(frozen=True)
class PageHistory:
    """What a page says about its own history: dates, corrections, revisions (newest first)."""

    first_published: dt.date | None
    last_updated: dt.date | None
    revisions: tuple[Revision, ...] = ()
    corrections: tuple[Correction, ...] = ()
    truncated: bool = False  # shallow clone: revisions before the oldest one shown could not be read
    withdrawn: Revision | None = None


@dataclass(frozen=True)
class Summary:
    """What the timeline needs of a version: which record it is, its projects and its 更正说明."""

    department: str
    year: int
    display_title: str
    projects: tuple[tuple[str, str], ...]  # (项目编码, 项目名称) in order
    corrections: tuple[Correction, ...]

    def to_json(self) -> list:
        return [self.department, self.year, self.display_title, [list(p) for p in self.projects],
                [[c.date.isoformat(), c.text] for c in self.corrections]]

    @classmethod
    def from_json(cls, data: list) -> "Summary":
        department, year, title, projects, corrections = data
        return cls(department, year, title, tuple(tuple(p) for p in projects),
                   tuple(Correction.model_validate({"日期": dt.date.fromisoformat(d), "说明": t}) for d, t in corrections))

    @classmethod
    def of(cls, record: DepartmentYear) -> "Summary":
        return cls(record.department, record.year, record.display_title,
                   tuple((p.code, p.name) for p in record.projects), tuple(record.corrections))


@dataclass(frozen=True)
class Difference:
    """Two versions compared: the department-year page's lines, and each changed project's own lines."""

    record: tuple[str, ...]
    projects: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, old: DepartmentYear, new: DepartmentYear) -> "Difference":
        before = {p.code: p for p in old.projects}
        projects = {}
        for project in new.projects:
            if project.code in before:
                lines = project_changes(before[project.code], project)
                if lines:
                    projects[project.code] = tuple(lines)
        return cls(tuple(record_changes(old, new)), projects)


def _code_version() -> str:
    """Changes to the model, the reader or these rules invalidate what earlier builds stored.

    The modules are named by import, not by file name, so a module that moves or is renamed still counts.
    """
    import hashlib
    import sys
    from pathlib import Path

    from generator.records import indicator_values, model, yaml_reader

    digest = hashlib.sha1()
    for module in (model, yaml_reader, indicator_values, sys.modules[__name__]):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


class Versions:
    """The versions of one record file: parsed only when what is asked is not already known."""

    def __init__(self, history: History, path: str, current: "LoadedRecord | None" = None):
        self.history = history
        self.path = path
        self.current = current  # the file as loaded, whose record is read only if asked for
        self.on_disk = history.worktree.get(path)
        store = history.store
        if store.get("code") != _CODE_VERSION:
            store.clear()
            store.update(code=_CODE_VERSION, summaries={}, differences={})
        self.summaries: dict = store["summaries"]
        self.differences: dict = store["differences"]

    def model(self, blob: str | None) -> DepartmentYear | None:
        """The version as generator.records.loading would read it; None when it does not validate."""
        if blob is not None and blob == self.on_disk and self.current is not None:
            return self.current.record  # the committed version is the file already loaded: no second parse
        cache = self.history.cache.setdefault("models", {})
        if blob not in cache:
            cache[blob] = self._read(blob)
        return cache[blob]

    def _read(self, blob: str | None) -> DepartmentYear | None:
        text = self.history.text(blob)
        if text is None:
            return None
        try:
            document = read_text(text, self.path)
            if isinstance(document.data, dict):
                return DepartmentYear.model_validate(document.data)
        except (ReadError, ValidationError):
            pass
        return None

    def prepare(self, file: FileHistory) -> None:
        """Work out every version from the newest down, each from the next newer one that validated, so
        that only the projects a commit changed are read (see derive)."""
        cache = self.history.cache.setdefault("models", {})
        known_blob: str | None = None
        known: DepartmentYear | None = None
        for version in reversed(file.versions):
            blob = version.new_blob
            if blob is None:
                continue
            if blob not in cache and not (blob == self.on_disk and self.current is not None):
                text = self.history.text(blob)
                derived = None
                if known is not None and text is not None:
                    derived = derive(text, self.history.text(known_blob), known, self.path)
                cache[blob] = derived if derived is not None else self._read(blob)
            model = self.model(blob)
            if model is not None:
                known_blob, known = blob, model

    def summary(self, blob: str | None) -> Summary | None:
        if blob in self.summaries:
            stored = self.summaries[blob]
            return None if stored is None else Summary.from_json(stored)
        model = self.model(blob)
        summary = None if model is None else Summary.of(model)
        # A version git could not give (a partial clone) is not stored as invalid: the next build may have it.
        if blob is not None and (summary is not None or self.history.text(blob) is not None):
            self.summaries[blob] = None if summary is None else summary.to_json()
            self.history.store_changed = True
        return summary

    def difference(self, old: str, new: str) -> Difference:
        key = f"{old} {new}"
        if key in self.differences:
            record, projects = self.differences[key]
            return Difference(tuple(record), {code: tuple(lines) for code, lines in projects.items()})
        difference = Difference.of(self.model(old), self.model(new))
        self.differences[key] = [list(difference.record), {c: list(l) for c, l in difference.projects.items()}]
        self.history.store_changed = True
        return difference


_CODE_VERSION = _code_version()


# --- Deriving a version from a newer one -----------------------------------------------------------
# Reading YAML is the cost of history at scale (a 40 KB record takes ~15 ms, and a city has thousands of
# records times their commits). A correction usually changes one project: the other projects' text is
# byte for byte the same as in the version already read, so their validated models are reused and only
# the changed projects' text is read and validated. Anything unusual falls back to reading the whole file.

_TOP_KEY = re.compile(r"[^\s#\-][^:]*:(?:\s|$)")
_ITEM = re.compile(r"( *)- ")
PROJECTS_KEY = "项目"


_TOP_LINE = re.compile(r"^[^\s#].*$", re.M)


def split_projects(text: str) -> tuple[str, list[str]] | None:
    """The record's text outside its project list, and the text of each project item; None when the
    layout is not the plain block style this shortcut understands. Regular expressions over the whole
    text, not a loop over lines: this runs for every version of every record."""
    top = list(_TOP_LINE.finditer(text))
    start = end = None
    for index, line in enumerate(top):
        if line.group().startswith(("---", "...", "%", "- ")) or not _TOP_KEY.match(line.group() + "\n"):
            return None
        key, rest = line.group().split(":", 1)
        if key.strip() == PROJECTS_KEY:
            if start is not None or rest.strip() and not rest.strip().startswith("#"):
                return None  # twice, or a flow-style list on the key's own line
            start = line.end()
            end = top[index + 1].start() if index + 1 < len(top) else len(text)
    if start is None:
        return text, []
    body = text[start:end]
    first = re.search(r"^( *)- ", body, re.M)
    if first is None:
        return (None if re.search(r"^ *[^\s#]", body, re.M) else (text, []))
    indent = len(first.group(1))
    # Every line that is not deeper than the items must be an item's start, a comment or blank.
    if re.search(rf"^(?! {{{indent}}}- )(?! *#) {{0,{indent}}}\S", body, re.M):
        return None
    starts = [m.start() for m in re.finditer(rf"^ {{{indent}}}- ", body, re.M)]
    items = [body[a:b] for a, b in zip(starts, starts[1:] + [len(body)])]
    return text[:start] + body[:starts[0]] + "\0" + text[end:], items


def derive(text: str, known_text: str, known: DepartmentYear, path: str) -> DepartmentYear | None:
    """This version's model from a known version's model, reading only the project items that differ.
    None when the shortcut does not apply (the caller then reads the whole file)."""
    mine, theirs = split_projects(text), split_projects(known_text)
    if mine is None or theirs is None or mine[0] != theirs[0] or len(theirs[1]) != len(known.projects):
        return None
    by_text = dict(zip(theirs[1], known.projects))
    projects: list[Project] = []
    for item in mine[1]:
        project = by_text.get(item)
        if project is None:
            try:
                data = read_text(item, path).data
                if not (isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict)):
                    return None
                project = Project.model_validate(data[0])
            except (ReadError, ValidationError):
                return None  # let the whole file be read, for the same verdict as generator.records.loading
        projects.append(project)
    if len({p.code for p in projects}) != len(projects):
        return None
    return known.model_copy(update={"projects": projects})


@dataclass
class RecordTimeline:
    """Everything one record file went through, oldest first."""

    path: str
    truncated: bool  # the file's oldest readable version is where a shallow clone stops
    revisions: list[Revision] = field(default_factory=list)
    records: list[Summary] = field(default_factory=list)  # for each revision, the version it concerns
    project_revisions: dict[str, list[Revision]] = field(default_factory=lambda: defaultdict(list))
    last_valid: str | None = None  # blob of the last version that validated
    project_last_valid: dict[str, str] = field(default_factory=dict)  # blob of each project's last valid version
    withdrawn: Revision | None = None
    withdrawn_projects: dict[str, Revision] = field(default_factory=dict)


def _unknown_files(history: History) -> list[str]:
    """The files with versions earlier builds did not work out: the only texts this build needs to read."""
    summaries, differences = history.store.get("summaries", {}), history.store.get("differences", {})
    unknown = []
    for path, file in history.files.items():
        if not _worked_out(file, summaries, differences):
            unknown.append(path)
    return unknown


def _worked_out(file: FileHistory, summaries: dict, differences: dict) -> bool:
    """Whether the store holds all record_timeline asks of this file: every version's summary, and the
    difference of each valid version from the valid one before it. A version that failed the format check is
    compared with nothing (the next valid one is compared with the last valid one), nor is a version put back
    after a withdrawal."""
    previous: str | None = None
    for version in file.versions:
        blob = version.new_blob
        if blob is None:
            previous = None
            continue
        if blob not in summaries:
            return False
        if summaries[blob] is None:
            continue
        if previous is not None and f"{previous} {blob}" not in differences:
            return False
        previous = blob
    return True


def record_timeline(file: FileHistory, versions: Versions) -> RecordTimeline:
    timeline = RecordTimeline(file.path, truncated=file.truncated)
    previous: Summary | None = None
    previous_blob: str | None = None
    present = False
    for index, version in enumerate(file.versions):
        commit = version.commit

        def revision(kind: RevisionKind, changes: list[str] | tuple[str, ...] = (), corrections: tuple = ()) -> Revision:
            return Revision(commit.date, kind, reader_reason(commit.subject), tuple(changes), tuple(corrections), commit.sha)

        def add(revision_: Revision, record: Summary | None) -> None:
            timeline.revisions.append(revision_)
            timeline.records.append(record)

        if version.status == "D":
            gone = revision(RevisionKind.WITHDRAWN)
            add(gone, previous)
            timeline.withdrawn = gone
            for code, _ in (previous.projects if previous and present else ()):
                timeline.project_revisions[code].append(gone)
                timeline.withdrawn_projects[code] = gone
            present = False
            continue
        summary = versions.summary(version.new_blob)
        if summary is None:
            add(revision(RevisionKind.INVALID), None)
            present = True
            continue
        if previous is None or not present:
            kind = (RevisionKind.EARLIEST if index == 0 and file.truncated
                    else RevisionKind.REPUBLISHED if timeline.withdrawn else RevisionKind.FIRST)
            add(revision(kind, corrections=summary.corrections), summary)
            timeline.withdrawn = None
            for code, _ in summary.projects:
                timeline.project_revisions[code].append(revision(kind, corrections=summary.corrections))
                timeline.withdrawn_projects.pop(code, None)
        else:
            difference = versions.difference(previous_blob, version.new_blob)
            added = tuple(c for c in summary.corrections if c not in previous.corrections)
            if not difference.record and not added:
                previous, previous_blob = summary, version.new_blob  # formatting only: nothing a reader sees changed
                timeline.last_valid = version.new_blob
                timeline.project_last_valid.update((code, version.new_blob) for code, _ in summary.projects)
                continue
            add(revision(RevisionKind.REVISED, difference.record, added), summary)
            before = dict(previous.projects)
            after = dict(summary.projects)
            for code in after:
                if code not in before:
                    kind = RevisionKind.REPUBLISHED if code in timeline.withdrawn_projects else RevisionKind.FIRST
                    timeline.project_revisions[code].append(revision(kind, corrections=added))
                    timeline.withdrawn_projects.pop(code, None)
                elif code in difference.projects:
                    timeline.project_revisions[code].append(revision(RevisionKind.REVISED, difference.projects[code], added))
            for code, name in before.items():
                if code not in after:
                    gone = revision(RevisionKind.WITHDRAWN, [f"删除项目 {name}"])
                    timeline.project_revisions[code].append(gone)
                    timeline.withdrawn_projects[code] = gone
        previous, previous_blob, present = summary, version.new_blob, True
        timeline.last_valid = version.new_blob
        timeline.project_last_valid.update((code, version.new_blob) for code, _ in summary.projects)
    return timeline


def from_publication_point(timeline: RecordTimeline, point: dt.date | None) -> RecordTimeline:
    """The public part of a record's history: what happened on or before its publication point (上线日期)
    was drafting — transcription, proofreading, 审核说明 written before anyone could read the page — and
    becomes one 首次公开 on that day; every change after it stays a public revision. Without a point the
    whole history is public, as before."""
    if point is None:
        return timeline

    def cut(revisions: list[Revision], records: list | None = None) -> tuple[list[Revision], list]:
        records = records if records is not None else [None] * len(revisions)
        drafting = [(r, s) for r, s in zip(revisions, records) if r.day <= point]
        public = [(r, s) for r, s in zip(revisions, records) if r.day > point]
        if drafting and drafting[-1][0].kind not in (RevisionKind.WITHDRAWN, RevisionKind.INVALID):
            last, summary = drafting[-1]
            when = last.date if last.day == point else dt.datetime.combine(point, dt.time(), tzinfo=dt.timezone.utc)
            corrections = tuple(c for r, _ in drafting for c in r.corrections)
            public.insert(0, (Revision(when, RevisionKind.FIRST, "", (), corrections, last.commit), summary))
        return [r for r, _ in public], [s for _, s in public]

    revisions, records = cut(timeline.revisions, timeline.records)
    projects = defaultdict(list, {code: cut(list(rs))[0] for code, rs in timeline.project_revisions.items()})
    return dataclasses.replace(
        timeline, revisions=revisions, records=records, project_revisions=projects,
        withdrawn=timeline.withdrawn if timeline.withdrawn in revisions else None,
        withdrawn_projects={c: r for c, r in timeline.withdrawn_projects.items() if r in projects[c]},
    )


def page_history(revisions: list[Revision], truncated: bool, online: dt.date | None,
                 corrections: tuple[Correction, ...], withdrawn: Revision | None = None) -> PageHistory:
    if not revisions:
        # No history to read (outside git): the site's own publication point, never the unit's 公开日期.
        return PageHistory(online, online, corrections=corrections)
    first = next((r.day for r in revisions if r.kind is RevisionKind.FIRST), None)
    if first is None and truncated:
        first = online  # the first publication is before the shallow cut: the record's publication point if any
    return PageHistory(
        first_published=first,
        last_updated=revisions[-1].day,
        revisions=tuple(reversed(revisions)),
        corrections=corrections,
        truncated=truncated,
        withdrawn=withdrawn,
    )


@dataclass(frozen=True)
class Withdrawn:
    """A page whose record or project is no longer in content/: shown from its last version with a notice."""

    path: str  # the record file
    record: DepartmentYear  # the last valid version (for a withdrawn project: the current record if live)
    project: Project | None
    history: PageHistory


@dataclass(frozen=True)
class Update:
    """One line of the site-wide 更新记录 and one entry of the feed."""

    revision: Revision
    record: Summary  # the version the revision produced (the last one, for a withdrawal)
    linked: bool  # False when the publisher dropped the withdrawn page: no page to link to


class SiteHistory:
    """The revision history of every page of the site, from content and its git history."""

    def __init__(self, content, history: History | None):
        self.content = content
        self.timelines: dict[str, RecordTimeline] = {}
        self.versions: dict[str, Versions] = {}
        if history is None:
            return
        live = {loaded.path: loaded for loaded in content.records}
        for path, file in history.files.items():
            self.versions[path] = Versions(history, path, live.get(path))
        unknown = _unknown_files(history)
        history.fetch(b for path in unknown for v in history.files[path].versions for b in (v.new_blob,) if b)
        for path in unknown:
            self.versions[path].prepare(history.files[path])
        for path, file in history.files.items():
            self.timelines[path] = from_publication_point(record_timeline(file, self.versions[path]), self._point(file, live))
        # Forget versions that are no longer in the history (rewritten branches), so the store does not grow.
        blobs = {v.new_blob for f in history.files.values() for v in f.versions if v.new_blob}
        store = history.store
        if len(store.get("summaries", {})) > len(blobs):
            store["summaries"] = {b: v for b, v in store["summaries"].items() if b in blobs}
            store["differences"] = {k: v for k, v in store["differences"].items() if set(k.split()) <= blobs}
            history.store_changed = True
        history.save_store()

    def _point(self, file: FileHistory, live: dict) -> dt.date | None:
        """The record's publication point: from the record as it is now, or as it last was if withdrawn."""
        loaded = live.get(file.path)
        if loaded is not None:
            return loaded.head.online
        blobs = [v.new_blob for v in file.versions if v.new_blob]
        record = self.versions[file.path].model(blobs[-1]) if blobs else None
        return record.online if record is not None else None

    def for_record(self, loaded) -> PageHistory:
        head = loaded.head
        timeline = self.timelines.get(loaded.path)
        revisions = timeline.revisions if timeline else []
        return page_history(revisions, bool(timeline and timeline.truncated), head.online, head.corrections)

    def for_project(self, loaded, code: str) -> PageHistory:
        """The history of the page of the loaded record's project with this code."""
        timeline = self.timelines.get(loaded.path)
        revisions = timeline.project_revisions.get(code, []) if timeline else []
        if not revisions:
            return page_history([], False, loaded.head.online, ())
        corrections = tuple(c for r in revisions for c in r.corrections)
        return page_history(revisions, timeline.truncated, loaded.head.online, corrections,
                            timeline.withdrawn_projects.get(code))

    def _hidden(self) -> set[tuple[int, str]]:
        hidden = set()
        for entry in self.content.settings.withdrawn_hidden:
            year, _, code = entry.strip().partition("/")
            if year.strip().isdigit():
                hidden.add((int(year), code.strip()))
        return hidden

    def withdrawn(self) -> list[Withdrawn]:
        """Pages that stay online with a withdrawal notice: records removed from content/, and projects
        removed from a record, unless the publisher listed the record under 撤回后不再显示."""
        live = {(l.head.year, l.head.department): l for l in self.content.records}
        hidden = self._hidden()
        out: list[Withdrawn] = []
        taken: set[tuple[int, str]] = set()
        oldest = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
        # The most recent withdrawal of a record wins if several files once held it.
        for timeline in sorted(self.timelines.values(), key=lambda t: t.withdrawn.date if t.withdrawn else oldest, reverse=True):
            versions = self.versions[timeline.path]
            summary = versions.summary(timeline.last_valid) if timeline.last_valid else None
            if summary is None or (summary.year, summary.department) in hidden:
                continue
            key = (summary.year, summary.department)
            if key in live:
                loaded = live[key]
                if loaded.path != timeline.path:
                    continue  # the record moved to another file: not withdrawn
                current = {p.code for p in loaded.head.projects}
                for code, gone in timeline.withdrawn_projects.items():
                    if code in current or code not in timeline.project_last_valid:
                        continue
                    last = versions.model(timeline.project_last_valid[code])
                    project = next((p for p in last.projects if p.code == code), None) if last else None
                    if project is None:
                        continue
                    revisions = timeline.project_revisions[code]
                    corrections = tuple(c for r in revisions for c in r.corrections)
                    out.append(Withdrawn(timeline.path, loaded.record, project,
                                         page_history(revisions, timeline.truncated, loaded.head.online, corrections, gone)))
                continue
            if timeline.withdrawn is None or key in taken:
                continue
            last = versions.model(timeline.last_valid)
            if last is None:
                continue
            taken.add(key)
            out.append(Withdrawn(timeline.path, last, None, page_history(
                timeline.revisions, timeline.truncated, last.online, tuple(last.corrections), timeline.withdrawn)))
            for project in last.projects:
                revisions = timeline.project_revisions.get(project.code, [])
                corrections = tuple(c for r in revisions for c in r.corrections)
                out.append(Withdrawn(timeline.path, last, project, page_history(
                    revisions, timeline.truncated, last.online, corrections, timeline.withdrawn)))
        return out

    def updates(self) -> list[Update]:
        """Every change of every record, newest first: publications, revisions and withdrawals."""
        # Linked only to a page the site has: a live record, or a withdrawn one kept with its notice. A record
        # removed before its publication point (a draft) or listed under 撤回后不再显示 has none.
        pages = {(l.head.year, l.head.department) for l in self.content.records}
        pages |= {(w.record.year, w.record.department) for w in self.withdrawn() if w.project is None}
        out: list[Update] = []
        for timeline in self.timelines.values():
            for revision, record in zip(timeline.revisions, timeline.records):
                if revision.kind in (RevisionKind.INVALID, RevisionKind.EARLIEST) or record is None:
                    continue
                out.append(Update(revision, record, linked=(record.year, record.department) in pages))
        out.sort(key=lambda u: (u.revision.date, u.revision.commit, u.record.year, u.record.department), reverse=True)
        return out


def site_history(content, history: History | None) -> SiteHistory:
    """The site's history, computed once per content and history: the pages and the feed share it."""
    if history is None:
        return SiteHistory(content, None)
    cached = history.cache.get("site")
    if cached is not None and cached[0] is content:
        return cached[1]
    result = SiteHistory(content, history)
    history.cache["site"] = (content, result)
    return result
