"""The views of the site's revision history: the 更新记录 page and the pages of withdrawn records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.history.changes import PageHistory, Update


@dataclass(frozen=True, slots=True)
class WithdrawnView:
    """A withdrawn page whose unit left the registry: only the notice and the history can be shown."""

    title: str
    revisions: PageHistory

    unit_dated = False
    unit_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class UpdateEntry:
    update: Update
    target: str | None  # the page it links to; None when the publisher dropped it or its unit left the registry
    title: str

    def __iter__(self):  # templates unpack `for u, target, title in updates`
        return iter((self.update, self.target, self.title))


@dataclass(frozen=True, slots=True)
class UpdatesView:
    updates: tuple[UpdateEntry, ...]  # the latest, newest first
    shown: int
    total: int
    feed: str  # the feed's content path
