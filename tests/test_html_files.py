"""The one walk of a built site that the safety scan and the search index share."""

from __future__ import annotations

import os

from generator.site.html_files import html_files


def write(path, text="<p>页</p>"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_lists_the_html_files_by_their_folders_as_site_paths(tmp_path):
    for name in ("index.html", "a-b/index.html", "a/index.html", "a/z/index.html", "a/data.json", "404.html"):
        write(tmp_path / name)
    assert [page.path for page in html_files(tmp_path)] == [
        "404.html", "a/index.html", "a/z/index.html", "a-b/index.html", "index.html"]


def test_does_not_follow_links_out_of_the_site(tmp_path):
    outside = tmp_path / "outside"
    write(outside / "index.html")
    site = tmp_path / "site"
    write(site / "index.html")
    (site / "linked").symlink_to(outside, target_is_directory=True)
    (site / "page.html").symlink_to(outside / "index.html")
    assert [page.path for page in html_files(site)] == ["index.html"]


def test_a_replaced_page_has_another_signature(tmp_path):
    write(tmp_path / "index.html", "<p>旧</p>")
    before = html_files(tmp_path)[0]
    write(tmp_path / "new.html", "<p>新的页面</p>")
    os.replace(tmp_path / "new.html", tmp_path / "index.html")
    after = html_files(tmp_path)[0]
    assert before.path == after.path and before.signature != after.signature
    assert after.location == os.path.join(tmp_path, "index.html")
