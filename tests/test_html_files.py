"""The one walk of a built site that the safety scan and the search index share."""

from __future__ import annotations

import os
from pathlib import Path

from generator.search.search_index import INDEXED_MARK, indexed_page_digests
from generator.site.html_files import html_files
from generator.site.safety import scan_site


def write(path, text="<p>页</p>"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_lists_the_html_files_by_their_folders_as_site_paths(tmp_path):
    for name in ("index.html", "a-b/index.html", "a/index.html", "a/z/index.html", "a/data.json", "404.html"):
        write(tmp_path / name)
    assert [page.path for page in html_files(tmp_path)] == [
        "404.html", "a/index.html", "a/z/index.html", "a-b/index.html", "index.html"]


def test_does_not_walk_into_a_linked_folder_and_marks_a_linked_page(tmp_path):
    outside = tmp_path / "outside"
    write(outside / "index.html")
    site = tmp_path / "site"
    write(site / "index.html")
    (site / "linked").symlink_to(outside, target_is_directory=True)
    (site / "page.html").symlink_to(outside / "index.html")
    assert [(page.path, page.regular) for page in html_files(site)] == [("index.html", True), ("page.html", False)]


def test_a_linked_page_is_still_scanned_but_not_indexed(tmp_path):
    outside = tmp_path / "outside"
    write(outside / "index.html", f'<p>页</p><script src="https://cdn.example/x.js"></script>{INDEXED_MARK}')
    site = tmp_path / "site"
    write(site / "index.html", f"<p>页</p>{INDEXED_MARK}")
    (site / "page.html").symlink_to(outside / "index.html")
    assert any(problem.startswith("page.html") for problem in scan_site(site))
    assert list(indexed_page_digests(site)) == [Path("index.html")]


def test_a_replaced_page_has_another_signature(tmp_path):
    write(tmp_path / "index.html", "<p>旧</p>")
    before = html_files(tmp_path)[0]
    write(tmp_path / "new.html", "<p>新的页面</p>")
    os.replace(tmp_path / "new.html", tmp_path / "index.html")
    after = html_files(tmp_path)[0]
    assert before.path == after.path and before.signature != after.signature
    assert after.location == os.path.join(tmp_path, "index.html")
