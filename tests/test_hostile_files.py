"""The loader is the door for hostile files: each is refused with a clear message, nothing expands or crashes."""

from __future__ import annotations

import pytest

from generator.records import yaml_reader
from generator.records.loading import load_content
from generator.records.problems import ContentError
from tests.conftest import MINIMAL_RECORD


def refusal(content_dir, data: bytes) -> str:
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_bytes(data)
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    return "\n".join(map(str, caught.value.problems))


BILLION_LAUGHS = b"""a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_refused_at_the_first_anchor(content_dir):
    message = refusal(content_dir, BILLION_LAUGHS)
    assert ":1:4：" in message and "不支持 YAML 锚点（&a）" in message


def test_alias_is_refused(content_dir):
    message = refusal(content_dir, MINIMAL_RECORD.replace("项目名称: 测试项目", "项目名称: *x").encode())
    assert ":6:" in message and "不支持 YAML 别名" in message


def test_tag_is_refused(content_dir):
    message = refusal(content_dir, MINIMAL_RECORD.replace("项目名称: 测试项目", "项目名称: !!python/object:os.system x").encode())
    assert ":6:" in message and "不支持 YAML 标签" in message


def test_deep_nesting_is_refused_without_recursion_error(content_dir):
    message = refusal(content_dir, b"a: " + b"[" * 300 + b"]" * 300 + b"\n")
    assert "嵌套层级超过" in message


def test_oversized_file_is_refused(content_dir):
    message = refusal(content_dir, b"# " + b"x" * (yaml_reader.MAX_FILE_BYTES + 1) + b"\n")
    assert "文件过大" in message


def test_gbk_file_is_refused_with_save_as_utf8_advice(content_dir):
    message = refusal(content_dir, MINIMAL_RECORD.encode("gbk"))
    assert "不是 UTF-8 编码" in message and "GBK" in message and "另存为" in message


def test_tab_is_refused_with_its_position(content_dir):
    message = refusal(content_dir, MINIMAL_RECORD.replace("项目名称: 测试项目", "项目名称: 测试\t项目").encode())
    assert ":6:" in message and "制表符" in message


def test_control_character_is_refused(content_dir):
    message = refusal(content_dir, MINIMAL_RECORD.replace("项目名称: 测试项目", "项目名称: 测试\x07项目").encode())
    assert ":6:" in message and "U+0007" in message


def test_second_yaml_document_is_refused(content_dir):
    message = refusal(content_dir, (MINIMAL_RECORD + "---\n年度: 2022\n").encode())
    assert "只能有一个 YAML 文档" in message


def test_utf8_byte_order_mark_is_accepted(content_dir):
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_bytes(b"\xef\xbb\xbf" + MINIMAL_RECORD.encode())
    assert load_content(content_dir).records


def test_numbers_keep_their_published_digits():
    document = yaml_reader.read_text("a: 20.37\nb: 20.370\nc: '20.37'\n", "t.yml")
    assert [str(v) for v in document.data.values()] == ["20.37", "20.370", "20.37"]
    assert type(document.data["c"]) is str
