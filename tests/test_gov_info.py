"""The 政府信息公开 box, the unit's original document beside the record, sitemap and canonical links."""

from __future__ import annotations

import re

import pytest

from generator.records.loading import load_content
from generator.site.pages import build_page_tree
from generator.records.problems import ContentError
from tests.conftest import MINIMAL_RECORD
from tests.sitebuild import build, visible_text

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"0" * 3000


def box(body: str) -> str:
    return visible_text(re.search(r'<div class="jx-govinfo".*?</div>', body, re.S).group(0))


def write_record(content_dir, extra: str) -> None:
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(MINIMAL_RECORD + extra, encoding="utf-8")


def test_record_pages_show_the_gov_info_box_with_its_five_facts(content_dir):
    write_record(content_dir, "索引号: 11140200MB1234567X/2022-00123\n上线日期: 2023-01-05\n")
    tree = build_page_tree(load_content(content_dir))
    for path in ("2021/yzq-dqfwzx/index.md", "2021/yzq-dqfwzx/ceshi-xiangmu.md"):
        text = box(tree.pages[path].body)
        assert "索引号 11140200MB1234567X/2022-00123" in text
        assert "发布机构 大同市云州区党群服务中心" in text
        assert "成文日期 2022-12-07" in text  # the unit's 公开日期
        assert "发布日期 2023-01-05" in text  # the site's 上线日期
        assert "有效性 有效" in text


def test_gov_info_says_what_is_not_stated(content_dir):
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(MINIMAL_RECORD.replace("公开日期: 2022-12-07\n", ""), encoding="utf-8")
    text = box(build_page_tree(load_content(content_dir)).pages["2021/yzq-dqfwzx/index.md"].body)
    assert "索引号 未载明" in text and "成文日期 原文未载明" in text


def test_declared_issuer_replaces_the_department_name(content_dir):
    write_record(content_dir, "发布机构: 大同市云州区委组织部\n")
    text = box(build_page_tree(load_content(content_dir)).pages["2021/yzq-dqfwzx/index.md"].body)
    assert "发布机构 大同市云州区委组织部" in text


def test_original_document_is_published_and_linked_with_its_kind_and_size(content_dir):
    (content_dir / "2021" / "原文.pdf").write_bytes(PDF)
    write_record(content_dir, "原文附件:\n  - 文件: 2021/原文.pdf\n    名称: 决算公开绩效情况说明（原件）\n")
    tree = build_page_tree(load_content(content_dir))
    assert tree.files["2021/yzq-dqfwzx/yuanwen.pdf"] == PDF
    project = tree.pages["2021/yzq-dqfwzx/ceshi-xiangmu.md"].body
    assert '<a class="jx-original" href="../yuanwen.pdf" download>决算公开绩效情况说明（原件）</a>' in project
    assert "（PDF 文件，3.0 KB）" in box(project)
    assert 'href="yuanwen.pdf"' in tree.pages["2021/yzq-dqfwzx/index.md"].body


@pytest.mark.parametrize(("written", "create", "message"), [
    ("2021/没有这个文件.pdf", False, "找不到附件文件“2021/没有这个文件.pdf”"),
    ("../外面.pdf", False, "不能以“/”开头或含“..”"),
    ("2021/原文.exe", True, "的类型不能公开"),
    ("2021/空.pdf", "empty", "是空文件"),
])
def test_bad_attachment_is_a_chinese_error_naming_file_line_and_field(content_dir, written, create, message):
    if create:
        (content_dir / written).write_bytes(b"" if create == "empty" else PDF)
    write_record(content_dir, f"原文附件:\n  - 文件: {written}\n")
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    problem = next(p for p in caught.value.problems if p.field == ("原文附件", 0, "文件"))
    assert message in problem.message
    assert problem.file.endswith("2021/yzq-dqfwzx.yml") and problem.line == MINIMAL_RECORD.count("\n") + 2


def test_attachment_outside_content_through_a_link_is_refused(content_dir, tmp_path):
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(PDF)
    (content_dir / "2021" / "link.pdf").symlink_to(outside)
    write_record(content_dir, "原文附件:\n  - 文件: 2021/link.pdf\n")
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    assert any("指向 content/ 目录之外" in p.message for p in caught.value.problems)


def test_with_the_sites_address_every_page_is_in_the_sitemap_and_has_a_canonical_link(content_dir, tmp_path, monkeypatch):
    settings = content_dir / "site.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "网站地址: https://www.example.gov.cn/caizheng/jixiao/\n", encoding="utf-8")
    site = tmp_path / "site"
    assert build(content_dir, site) == 0
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = set(re.findall(r"<loc>([^<]*)</loc>", sitemap))
    pages = {p.relative_to(site).parent.as_posix() for p in site.rglob("index.html")}
    expected = {"https://www.example.gov.cn/caizheng/jixiao/" + ("" if p == "." else p + "/") for p in pages}
    assert locs == expected
    project = (site / "2021/yzq-dqfwzx/ceshi-xiangmu/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://www.example.gov.cn/caizheng/jixiao/2021/yzq-dqfwzx/ceshi-xiangmu/">' in project


def test_the_sites_address_must_be_a_full_web_address(content_dir):
    settings = content_dir / "site.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "网站地址: www.example.gov.cn\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    assert any("网站地址“www.example.gov.cn/”不合规" in p.message for p in caught.value.problems)


def test_department_level_form_page_carries_the_gov_info_box_and_breadcrumb():
    from pathlib import Path

    tree = build_page_tree(load_content(Path(__file__).parent / "data" / "kinds"))
    pages = [page for page in tree.pages.values() if "部门整体支出绩效自评" in page.title]
    assert pages
    for page in pages:
        assert "发布机构" in box(page.body) and "成文日期" in box(page.body)
        assert '<nav class="jx-breadcrumb"' in page.body
