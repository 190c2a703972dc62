"""The site reads as a government disclosure site: 47号 meta tags, header and footer marks, reading aids, sub-path links."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from generator.records.settings import SiteSettings
from tests.conftest import CONTENT
from tests.sitebuild import build, visible_text

PROJECT = "2024/xx-swbgs/huiyi-jingfei/index.html"
DATED = "2021/yzq-dqfwzx/index.html"


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def metas(page: str) -> dict[str, str]:
    return {name: html.unescape(content) for name, content in re.findall(r'<meta name="(\w+)" content="([^"]*)"', page)}


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_names_the_site_for_government_site_indexing(seed_site):
    for page in pages(seed_site):
        if page.name == "404.html":
            continue
        tags = metas(page.read_text(encoding="utf-8"))
        assert (tags["SiteName"], tags["SiteDomain"], tags["SiteIDCode"]) == (
            "决算公开绩效情况说明", "www.example.gov.cn", "0000000000"), page


def test_project_page_meta_tags_describe_the_article(seed_site):
    tags = metas(read(seed_site, PROJECT))
    assert tags["ColumnName"] == "2024年度"
    assert tags["ArticleTitle"] == "中共××市委办公室 2024年度 会议经费"
    assert tags["ContentSource"] == "中共××市委办公室"
    assert "绩效自评" in tags["Keywords"].split(",") and "2024年度" in tags["Keywords"].split(",")
    assert tags["Description"].startswith("中共××市委办公室 2024年度 会议经费")


def test_page_of_a_record_carries_the_date_this_site_published_it(seed_site):
    # PubDate is the page's 发布日期 on this site (the record's 上线日期), not the unit's 公开日期 (成文日期).
    assert metas(read(seed_site, DATED))["PubDate"] == "2026-11-23"


def test_every_page_carries_a_publication_date(seed_site):
    pages = sorted(seed_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        date = metas(page.read_text(encoding="utf-8")).get("PubDate", "")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", date), page


def test_unused_lunr_language_files_are_not_shipped(seed_site):
    assert not (seed_site / "assets" / "javascripts" / "lunr").exists()
    assert not list(seed_site.rglob("lunr*.js"))


def test_no_empty_sitemap_without_the_sites_address(seed_site):
    # Without 网站地址 there is no absolute address to list; an empty sitemap would mislead crawlers.
    assert not (seed_site / "sitemap.xml").exists()
    assert "rel=\"canonical\"" not in read(seed_site, DATED)


def test_header_says_whose_disclosure_this_is(seed_site):
    text = visible_text(read(seed_site, PROJECT))
    assert "决算公开绩效情况说明" in text and "××市财政局 主办（示意）" in text


def test_footer_carries_publisher_site_code_and_record_numbers(seed_site):
    footer = visible_text(read(seed_site, PROJECT).split('<footer', 1)[1])
    for mark in ("主办单位：××市财政局（示意）", "网站标识码：0000000000", "ICP备", "公网安备"):
        assert mark in footer


def test_documentation_chrome_is_gone(seed_site):
    for page in pages(seed_site):
        text = page.read_text(encoding="utf-8")
        assert "Made with" not in text and "squidfunk" not in text, page
        assert 'rel="edit"' not in text and "md-source" not in text and "md-header__button md-logo" not in text, page


def test_reading_aids_are_real_buttons_with_their_state(seed_site):
    page = read(seed_site, PROJECT)
    buttons = re.findall(r"<button type=\"button\" class=\"jx-a11y__button\"[^>]*>([^<]*)</button>", page)
    assert buttons == ["A+", "A−", "默认", "高对比度"]
    assert re.search(r'data-jx-action="default" aria-pressed="true"', page)
    assert re.search(r'data-jx-action="contrast" aria-pressed="false"', page)


def test_reading_aids_script_loads_before_the_page_is_painted(seed_site):
    page = read(seed_site, PROJECT)
    head = page.split("</head>", 1)[0]
    assert '<script src="../../../assets/accessibility.js"></script>' in head
    assert (seed_site / "assets" / "accessibility.js").is_file() and (seed_site / "assets" / "gov.css").is_file()


def test_colour_from_settings_reaches_every_page(seed_site):
    assert "<style>:root{--jx-primary:#1d4f91}</style>" in read(seed_site, PROJECT)


def test_no_link_assumes_the_domain_root(seed_site):
    # 404.html is the exception MkDocs makes on purpose: a server shows it at any depth.
    for page in pages(seed_site):
        if page.name == "404.html":
            continue
        for attribute, url in re.findall(r'\b(href|src)="([^"]*)"', page.read_text(encoding="utf-8")):
            assert not url.startswith("/"), f"{page}: {attribute}={url}"


def test_site_settings_with_markup_read_exactly_in_meta_tags(content_dir, tmp_path, monkeypatch):
    settings = (content_dir / "site.yml").read_text(encoding="utf-8")
    settings = settings.replace("网站名称: 决算公开绩效情况说明", "网站名称: '财政\"><b>局 & 公开'")
    (content_dir / "site.yml").write_text(settings, encoding="utf-8")
    assert build(content_dir, tmp_path / "site") == 0
    page = read(tmp_path / "site", DATED)
    assert metas(page)["SiteName"] == '财政"><b>局 & 公开'
    assert "<b>局" not in page


@pytest.mark.parametrize("colour", ["red", "#1d4f91;} body{display:none", "url(x)", "#12345g", "#fff", "#ffd700"])
def test_colour_that_is_not_a_dark_hex_colour_is_refused(colour):
    with pytest.raises(ValidationError, match="主色"):
        SiteSettings.model_validate({"主色": colour})


@pytest.mark.parametrize("host", ["https://www.gov.cn", "www.gov.cn/path", "javascript:alert(1)", "a b.cn", ""])
def test_allow_list_entry_must_be_a_bare_host_name(host):
    with pytest.raises(ValidationError, match="域名"):
        SiteSettings.model_validate({"外部链接白名单": [host]})
