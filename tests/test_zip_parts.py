"""Zip entries joined from parts compressed apart (generator/site/zip_parts.py) read back as their texts joined."""

from __future__ import annotations

import io
import zipfile
import zlib

from hypothesis import given, strategies as st

from generator.site.zip_parts import crc32_combine, deflated, zip_archive

texts = st.binary(max_size=5000)


@given(texts, texts)
def test_the_crc_of_joined_text_is_combined_from_its_parts(first, second):
    assert crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second)) == zlib.crc32(first + second)


@given(st.lists(st.tuples(st.booleans(), texts), max_size=6))
def test_an_entry_of_texts_and_parts_compressed_apart_reads_back_as_the_texts_joined(parts):
    given_parts = [deflated(text) if apart else text for apart, text in parts]
    archive = zip_archive([("xl/worksheets/sheet1.xml", given_parts), ("docProps/app.xml", [b"<Properties/>"])])
    with zipfile.ZipFile(io.BytesIO(archive)) as read:
        assert read.testzip() is None  # every entry's CRC-32 and length as stored
        assert read.namelist() == ["xl/worksheets/sheet1.xml", "docProps/app.xml"]
        assert read.read("xl/worksheets/sheet1.xml") == b"".join(text for _, text in parts)
        assert read.read("docProps/app.xml") == b"<Properties/>"
        assert {info.date_time for info in read.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_same_entries_give_the_same_bytes():
    entries = [("a.xml", [b"<a>", deflated(b"<row/>" * 1000), b"</a>"])]
    assert zip_archive(entries) == zip_archive(entries)
