"""The pages of the revision history: the 更新记录 page, its Atom feed, and the pages of withdrawn records."""

from __future__ import annotations

from generator.history.changes import SiteHistory, Update
from generator.records.loading import Content
from generator.records.model import DepartmentYear
from generator.rules.scoring import resolve_rules
from generator.site.feed import atom_feed
from generator.site.page_tree import NavItem, Page, PageTree
from generator.site.paths import Paths, department_year_path, feed_path, project_path, updates_path
from generator.site.rendering import render
from generator.site.views.frame import SiteFrame
from generator.site.views.history import UpdateEntry, UpdatesView, WithdrawnView
from generator.site.views.inputs import unaudited
from generator.site.views.project import withdrawn_project_view
from generator.site.views.record import withdrawn_department_year_view

UPDATES_SHOWN = 300  # the page lists the latest; every page keeps its own full 修订记录


def _history_title(content: Content, record: DepartmentYear) -> str:
    department = content.departments.get(record.department)
    return f"{department.full_name if department else record.department} {record.display_title}"


def _history_target(content: Content, update: Update) -> str | None:
    """The page an update links to; None when the publisher dropped it or its unit left the registry."""
    if not update.linked or update.record.department not in content.departments:
        return None
    return department_year_path(update.record.department, update.record.year)


def feed_xml(content: Content, revisions: SiteHistory, site_url: str | None = None) -> bytes:
    """The Atom feed of the 更新记录: links relative to the site root, or absolute under site_url."""
    return atom_feed(content, revisions.updates(), lambda u: _history_target(content, u),
                     lambda r: _history_title(content, r), site_url=site_url, updates_page=updates_path()).encode("utf-8")


def add_history_pages(tree: PageTree, content: Content, revisions: SiteHistory, site: SiteFrame) -> None:
    # A withdrawn record's year or unit may have no live record left, and so no page: its links become text.
    site = site.with_paths(Paths(frozenset(loaded.head.year for loaded in content.records),
                                 frozenset(loaded.head.department for loaded in content.records)))

    def add(path: str, title: str, template: str, view: object, meta: dict[str, object] | None = None) -> None:
        tree.add(Page(path, title, render(template, path, page=view, site=site), meta=meta or {}))

    for gone in revisions.withdrawn():
        record, project, department = gone.record, gone.project, content.departments.get(gone.record.department)
        title = _history_title(content, record) if project is None else f"{project.name}项目绩效自评"
        if department is None:
            # The unit left the registry: only the notice and the history can be shown.
            path = department_year_path(record.department, record.year) if project is None else project_path(record.department, record.year, project.code)
            add(path, title, "withdrawn.md.j2", WithdrawnView(title, gone.history))
            continue
        region = content.region(department)
        meta = site.meta(f"{record.year}年度", title, department=department, record=record, history=gone.history)
        if project is None:
            add(department_year_path(department.code, record.year), title, "department_year.md.j2",
                withdrawn_department_year_view(record, department, region, gone.history), meta)
        else:
            # A withdrawn record is no longer audited: its figures are still recomputed, its findings not listed.
            add(project_path(department.code, record.year, project.code), title, "project.md.j2",
                withdrawn_project_view(record, project, department, unaudited(resolve_rules(content.settings, region)),
                                       gone.history), meta)

    updates = revisions.updates()
    path = updates_path()
    add(path, "更新记录", "updates.md.j2", UpdatesView(
        tuple(UpdateEntry(u, _history_target(content, u), _history_title(content, u.record)) for u in updates[:UPDATES_SHOWN]),
        min(len(updates), UPDATES_SHOWN), len(updates), feed_path(),
    ), site.meta("更新记录", "更新记录"))
    tree.nav.append(NavItem("更新记录", path))
    tree.add_file(feed_path(), feed_xml(content, revisions))
