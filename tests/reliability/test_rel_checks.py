"""Checks that let wrong things through (issue 16, item 6): escaped controls, English parser messages, an
empty project name, the site name escaped twice."""

from __future__ import annotations

import re

import pytest

from generator.records.loading import load_content
from generator.records.problems import ContentError
from generator.records.yaml_reader import ReadError, read_text
from tests.conftest import MINIMAL_RECORD
from tests.sitebuild import build


@pytest.mark.parametrize("escape, code", [("\\u202e", "U+202E"), ("\\0", "U+0000"), ("\\x01", "U+0001"), ("\\x85", "U+0085")])
def test_an_escape_writing_an_invisible_control_is_refused_at_its_line(escape, code):
    with pytest.raises(ReadError) as caught:
        read_text(f'项目名称: 正常\n三级指标: "会议{escape}次数"\n', "content/2021/a.yml")
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (2, ("三级指标",))
    assert f"双引号中的转义写出了不可见的控制字符 {code}" in problem.message


def test_ordinary_escapes_still_read():
    assert read_text('a: "第一行\\n第二行\\u00e9\\t"\n', "a.yml").data == {"a": "第一行\n第二行é\t"}


@pytest.mark.parametrize("text", ["a: [1, 2\nb: 3\n", "a: {x: 1\nb: 2\n", 'a: "\\uD800"\n', 'a: "\\q"\n', "a: b\n c: d: e\n", "- a\nb: c\n"])
def test_yaml_syntax_errors_are_reported_in_chinese(text):
    with pytest.raises(ReadError) as caught:
        read_text(text, "a.yml")
    message = str(caught.value)
    assert "YAML 语法错误" in message
    assert not re.search(r"[A-Za-z]{4,}", message.replace("YAML", "").replace("a.yml", "")), message


@pytest.mark.parametrize("written", ["~", "''", "'   '", "null"])
def test_a_project_without_a_name_is_an_error(content_dir, written):
    path = content_dir / "2021" / "yzq-dqfwzx.yml"
    path.write_text(MINIMAL_RECORD.replace("    项目名称: 测试项目\n", f"    项目名称: {written}\n"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    [problem] = caught.value.problems
    assert problem.field == ("项目", 0, "项目名称") and "不能为空" in problem.message


def test_the_site_name_is_escaped_once_everywhere(content_dir, tmp_path, monkeypatch):
    settings = content_dir / "site.yml"
    settings.write_text(re.sub(r"(?m)^网站名称: .*$", "网站名称: 财政局 & 审计局 <公开>", settings.read_text(encoding="utf-8")), encoding="utf-8")
    assert "财政局 & 审计局" in settings.read_text(encoding="utf-8")
    site = tmp_path / "site"
    assert build(content_dir, site) == 0
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "&amp;amp;" not in page and "&amp;lt;" not in page
    assert 'title="财政局 &amp; 审计局 &lt;公开&gt;"' in page
    assert "<公开>" not in page
