"""The pages of a few units, made as the whole page tree makes them: what a preview shows at once after an edit.

A unit's records' pages (单位年度页, 部门整体, project pages) and the unit's own page are decided by that unit's
records only (their audit, history, downloads, neighbouring years and the same projects in other years; see
pages.record_pages and department_view), so building the tree of a content holding only these units' records
makes them exactly as the whole city's tree does, at the cost of a few records. The pages across units (home, the
years, 按单位浏览, 数据核查结果, open data, 更新记录) summarise every record: they are left out, and a full build
makes them. Knows nothing of any engine.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

from generator.history.history import History
from generator.records.loading import Content
from generator.rules.audit import AuditReport, audit_content
from generator.site.build_cache import BuildCache
from generator.site.page_tree import Page
from generator.site.pages import build_page_tree
from generator.site.paths import department_path, record_folder


def unit_pages(content: Content, units: set[str], history: History | None, cache: BuildCache | None
               ) -> tuple[dict[str, Page], AuditReport]:
    """The pages of these units' records and of the units themselves, by path, with these records' audit."""
    part = Content(content.settings, content.regions, content.departments,
                   [loaded for loaded in content.records if loaded.head.department in units])
    report = audit_content(part, cache)
    tree = build_page_tree(part, _history_of(history, {loaded.path for loaded in part.records}, units), report, cache)
    folders = tuple(record_folder(loaded.head.department, loaded.head.year) + "/" for loaded in part.records)
    own = {department_path(code) for code in units}
    return {path: page for path, page in tree.pages.items() if path in own or path.startswith(folders)}, report


def _history_of(history: History | None, paths: set[str], units: set[str]) -> History | None:
    """The history of these units' record files only (content/<年度>/<单位>.yml, withdrawn ones too). The rest would
    look withdrawn to a content of these units, and each withdrawn record's last version is read back from git."""
    if history is None:
        return None

    def ours(path: str) -> bool:
        name = PurePosixPath(path)
        return path in paths or (name.stem in units and name.parent.name.isdigit())

    # store_path None: what this part works out is not saved over the whole history's store.
    return replace(history, files={path: file for path, file in history.files.items() if ours(path)}, cache={},
                   store_path=None, store_changed=False)
