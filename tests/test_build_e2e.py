"""The whole path of `make site`: content/ → checked model → pages → MkDocs → site/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import CONTENT, MINIMAL_RECORD
from tests.sitebuild import build, tags_and_attributes, visible_text


def test_meeting_project_page_shows_its_published_figures(seed_site):
    page = (seed_site / "2024" / "xx-swbgs" / "huiyi-jingfei" / "index.html").read_text(encoding="utf-8")
    text = visible_text(page)
    for figure in ("20.37", "63.66%", "96.37"):
        assert figure in text
    assert "会议经费" in text and "召开会议次数" in text


def test_every_page_kind_is_built(seed_site):
    for path in ("index.html", "years/index.html", "departments/index.html", "2024/index.html",
                 "2024/xx-swbgs/index.html", "departments/xx-swbgs/index.html",
                 "2021/yzq-dqfwzx/index.html"):
        assert (seed_site / path).is_file(), path


def test_site_needs_nothing_from_outside(seed_site):
    for page in seed_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for marker in ('src="http', "src='http", 'href="http://', 'href="https://', "fonts.googleapis", "cdn."):
            assert marker not in text, f"{page}: {marker}"


HOSTILE = '<script>alert(1)</script>[点我](javascript:alert(2)){: onclick="alert(3)"} --8<-- "/etc/passwd" {{ 7*7 }}'


def test_hostile_text_in_a_record_comes_out_inert_and_readable(content_dir, tmp_path, monkeypatch):
    record = MINIMAL_RECORD.replace("项目名称: 测试项目", f"项目名称: '{HOSTILE}'")
    record = record.replace("三级指标: 培训人数", f"三级指标: '</title><script>x()</script>'")
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(record, encoding="utf-8")
    site = tmp_path / "site"
    assert build(content_dir, site) == 0
    page = (site / "2021" / "yzq-dqfwzx" / "ceshi-xiangmu" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<script>x()" not in page
    for tag, attributes in tags_and_attributes(page):
        assert not [name for name in attributes if name.startswith("on")], tag
        for name in ("href", "src"):
            assert not (attributes.get(name) or "").strip().lower().startswith("javascript:"), tag
    assert "root:" not in page and ">49<" not in page
    assert HOSTILE in visible_text(page)
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title


def test_failed_build_leaves_the_published_site_as_it_was(content_dir, tmp_path, monkeypatch):
    site = tmp_path / "site"
    assert build(content_dir, site) == 0
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(MINIMAL_RECORD.replace("年度: 2021", "年度: 两千"), encoding="utf-8")
    assert build(content_dir, site) == 1
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert not list(tmp_path.glob(".site-build-*"))


def test_two_builds_of_the_same_content_are_byte_identical(content_dir, tmp_path, monkeypatch):
    first, second = tmp_path / "a", tmp_path / "b"
    assert build(content_dir, first) == 0
    assert build(content_dir, second) == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_build_refuses_a_record_with_unexplained_audit_errors(content_dir, tmp_path, monkeypatch, capsys, caplog):
    wrong = MINIMAL_RECORD.replace("自评得分: 99.5", "自评得分: 100")
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(wrong, encoding="utf-8")
    assert build(content_dir, tmp_path / "site") == 1
    assert not (tmp_path / "site").exists()
    assert "审核发现 1 处错误尚未说明" in caplog.text and "[score-sum]" in caplog.text


def test_allow_errors_publishes_a_record_with_unexplained_audit_errors(content_dir, tmp_path, monkeypatch):
    wrong = MINIMAL_RECORD.replace("自评得分: 99.5", "自评得分: 100")
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(wrong, encoding="utf-8")
    assert build(content_dir, tmp_path / "site", allow_errors=True) == 0
