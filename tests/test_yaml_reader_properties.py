"""Properties of the record reader (generator/records/yaml_reader.py) for any input, not only the seeds.

What the importer writes (generator/importers/yaml_writer.scalar) the reader reads back unchanged; a
character the format refuses is refused with a Chinese message at its line, column and field; and no
text or bytes make the reader raise anything but its ReadError.
"""

from __future__ import annotations

import re
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.importers.yaml_writer import scalar
from generator.records.yaml_reader import REFUSED_CHARACTERS, ReadError, read_file, read_text

# Any text a record can hold: everything but surrogates and the characters the format refuses.
record_text = st.text(st.characters(blacklist_categories=("Cs",))).map(lambda s: REFUSED_CHARACTERS.sub("", s))
# Text made mostly of what YAML gives a meaning to, so the parser's every path is taken.
yaml_alphabet = st.sampled_from(list(":-?[]{},#&*!|>'\"%@`\\ \n\r\t.0123456789~eE+abn项目名称：") + ["\u2028", "\x85", "\ufeff", "\x00"])
yaml_like = st.lists(yaml_alphabet, max_size=80).map("".join)
refused = st.sampled_from([chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
                                            *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFFFE, 0xFFFF)])
# Printable text around the refused character (no quote, backslash or line break: the value stays one line).
plain_words = st.text(st.characters(whitelist_categories=("Lo", "Nd", "Lu", "Ll")), max_size=10)


@given(record_text)
@example("20.370")
@example("2024-01-01")
@example("- 项目")
@example("a\u2028b")
@example("null")
@example(" 前后有空格 ")
def test_a_text_the_importer_writes_is_read_back_unchanged(value):
    document = read_text(f"项目名称: {scalar(value, '项目名称')}\n", "x.yml")
    assert document.data == {"项目名称": value}


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=6))
def test_a_figure_the_importer_writes_is_read_back_as_the_same_number(value):
    data = read_text(f"全年执行数: {scalar(value)}\n", "x.yml").data
    assert data == {"全年执行数": value} and isinstance(data["全年执行数"], Decimal)


@given(plain_words, refused, plain_words, st.integers(0, 3))
def test_a_refused_character_is_named_in_chinese_at_its_line_and_column(before, character, after, blank_lines):
    text = "单位编码: abc\n" + "\n" * blank_lines + f"项目名称: x{before}{character}{after}\n"
    try:
        read_text(text, "2024/abc.yml")
    except ReadError as exc:
        problem = exc.problems[0]
    else:
        raise AssertionError(f"{character!r} was read")
    assert (problem.file, problem.line, problem.column) == ("2024/abc.yml", 2 + blank_lines, len("项目名称: x") + len(before) + 1)
    assert f"U+{ord(character):04X}" in problem.message and re.search("[\u4e00-\u9fff]", problem.message)


@given(plain_words, refused, plain_words)
def test_a_refused_character_written_as_an_escape_is_named_at_its_field(before, character, after):
    escaped = f"\\u{ord(character):04x}"
    text = f"单位编码: abc\n项目:\n  - 项目名称: \"{before}{escaped}{after}\"\n"
    try:
        read_text(text, "2024/abc.yml")
    except ReadError as exc:
        problem = exc.problems[0]
    else:
        raise AssertionError(f"{escaped} was read")
    assert problem.line == 3 and problem.field == ("项目", 0, "项目名称")
    assert f"U+{ord(character):04X}" in problem.message and "转义" in problem.message


@settings(max_examples=300)
@given(st.one_of(yaml_like, st.text()))
def test_no_text_makes_the_reader_raise_anything_but_its_read_error(text):
    try:
        read_text(text, "x.yml")
    except ReadError as exc:
        assert exc.problems and all(p.file == "x.yml" and re.search("[\u4e00-\u9fff]", p.message) for p in exc.problems)


@settings(max_examples=100)
@given(st.one_of(st.binary(max_size=200), yaml_like.map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_no_bytes_make_the_reader_raise_anything_but_its_read_error(raw):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.yml"
        path.write_bytes(raw)
        try:
            read_file(path, "x.yml")
        except ReadError as exc:
            assert exc.problems and all(re.search("[\u4e00-\u9fff]", p.message) for p in exc.problems)
