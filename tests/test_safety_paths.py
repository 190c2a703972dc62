"""Names that become URLs stay in their folder, and no two records share one URL."""

from __future__ import annotations

import posixpath

import pytest

from generator.records.loading import load_content
from generator.site.page_tree import Page, PageTree
from generator.site.pages import build_page_tree
from generator.records.problems import ContentError
from tests.conftest import MINIMAL_RECORD


def problems_of(content_dir) -> str:
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    return "\n".join(map(str, caught.value.problems))


@pytest.mark.parametrize("code", [
    "../etc", "..", ".", "a/b", "a\\b", "/etc", "%2e%2e", "A", "a b", "-a", "a-", "a_b", "中文", "a" * 65,
    "a\u200bb", "ａ",
])
def test_project_code_that_could_leave_its_folder_is_refused(content_dir, code):
    record = MINIMAL_RECORD.replace("项目编码: ceshi-xiangmu", f"项目编码: {code!r}".replace("'", '"'))
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(record, encoding="utf-8")
    message = problems_of(content_dir)
    assert "项目编码" in message and ("不合规" in message or "控制字符" in message or "YAML" in message)


def test_project_code_index_is_refused_because_it_would_take_the_department_page(content_dir):
    record = MINIMAL_RECORD.replace("项目编码: ceshi-xiangmu", "项目编码: index")
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(record, encoding="utf-8")
    message = problems_of(content_dir)
    assert "2021/yzq-dqfwzx.yml:5:" in message and "编码不能用“index”" in message


def test_department_code_index_is_refused_because_it_would_take_the_department_list(content_dir):
    registry = (content_dir / "departments.yml").read_text(encoding="utf-8")
    (content_dir / "departments.yml").write_text(registry.replace("编码: xx-swbgs", "编码: index"), encoding="utf-8")
    assert "编码不能用“index”" in problems_of(content_dir)


def test_two_projects_with_one_code_in_a_record_are_refused(content_dir):
    project = MINIMAL_RECORD[MINIMAL_RECORD.index("  - 项目编码"):]
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(MINIMAL_RECORD + project, encoding="utf-8")
    assert "项目编码“ceshi-xiangmu”重复" in problems_of(content_dir)


def test_two_records_of_one_department_year_name_both_files(content_dir):
    (content_dir / "2021" / "copy.yml").write_text(MINIMAL_RECORD, encoding="utf-8")
    message = problems_of(content_dir)
    assert "copy.yml" in message and "2021/yzq-dqfwzx.yml" in message


def test_codes_that_look_like_site_folders_get_pages_inside_their_own_folder(content_dir):
    codes = ["years", "departments", "assets", "search", "2021", "404", "sitemap-xml", "pagefind"]
    record = MINIMAL_RECORD[: MINIMAL_RECORD.index("项目:")] + "项目:\n" + "".join(
        MINIMAL_RECORD[MINIMAL_RECORD.index("  - 项目编码"):].replace("ceshi-xiangmu", code) for code in codes
    )
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(record, encoding="utf-8")
    tree = build_page_tree(load_content(content_dir))
    for code in codes:
        assert f"2021/yzq-dqfwzx/{code}.md" in tree.pages
    for path in tree.pages:
        assert posixpath.normpath(path) == path and not path.startswith(("/", ".."))


def test_page_tree_refuses_a_second_page_at_one_path():
    tree = PageTree()
    tree.add(Page("2021/a/index.md", "甲", ""))
    with pytest.raises(ValueError, match="页面路径冲突：2021/a/index.md"):
        tree.add(Page("2021/a/index.md", "乙", ""))
