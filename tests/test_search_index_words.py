"""The words the search index holds: Chinese as overlapping pairs of characters, numbers whole.

What a reader finds depends on these words (theme/static/assets/search.js writes a query in the same words);
the browser tests in tests/browser/test_search*.py search the built site with them.
"""

from __future__ import annotations

import json

from generator.search.search_index import (CHARACTER_SEPARATOR, OUTPUT_SUBDIR, QUERY_SCRIPTS, RUN_END, _read_pagefind,
                                           index_words, keep_query_pairs_whole, separate_characters)


def words(text: str) -> list[str]:
    return index_words(text).replace(" ", CHARACTER_SEPARATOR).split(CHARACTER_SEPARATOR)


E = RUN_END


def test_a_run_of_characters_is_its_overlapping_pairs_and_its_marked_last_character():
    assert words("会议经费") == ["会议", "议经", "经费", "费" + E]


def test_every_two_character_stretch_of_a_run_is_one_index_word():
    # 居民 inside 城乡居民: a word inside a longer word is a word of the index.
    assert "居民" in words("城乡居民满意度")
    assert all(text[i:i + 2] in words(text) for text in ["党群服务中心"] for i in range(len(text) - 1))


def test_a_single_character_is_one_word_starting_with_it():
    # A one-character query is searched as the start of words, and never as a whole word (see merge.py).
    assert words("档") == ["档" + E]
    assert all(word != "档" for word in words("档案归档"))


def test_punctuation_ends_a_run_so_the_word_after_it_is_a_word_of_its_own():
    # Pagefind drops punctuation inside a word without splitting there: 出、挤占 would be one word 出挤占.
    assert words("支出、挤占挪用") == ["支出", "出" + E, "、", "挤占", "占挪", "挪用", "用" + E]


def test_a_number_is_one_word_apart_from_the_characters_beside_it():
    assert words("执行数20.37万元") == ["执行", "行数", "数" + E, "20d37", "万元", "元" + E]


def test_a_number_before_a_full_width_comma_is_the_number_alone():
    assert words("目标值749，完成值") == ["目标", "标值", "值" + E, "749", "，", "完成", "成值", "值" + E]


def test_a_run_of_characters_goes_on_across_an_inline_tag_but_not_across_a_cell():
    page = separate_characters("<p>项目的<a href='x'>绩效</a>。</p><td>执行数</td><td>经费</td>")
    text = page.replace(CHARACTER_SEPARATOR, " ").replace(E, "_")
    assert "目的 的绩 <a href='x'>绩效 效_ </a>" in text
    assert "<td>执行 行数 数_</td><td>经费 费_</td>" in text


def test_tags_attributes_and_character_references_are_left_whole():
    page = '<p title="会议经费">会&amp;议 2026&#45;11</p>'
    assert separate_characters(page).replace(CHARACTER_SEPARATOR, " ") == f'<p title="会议经费">会{E} &amp; 议{E} 2026&#45;11</p>'


def test_text_without_chinese_is_left_as_it_is():
    assert index_words("PDF 2024") == "PDF 2024"


def test_the_index_has_one_language_that_pagefind_neither_segments_nor_stems(seed_site):
    entry = json.loads((seed_site / OUTPUT_SUBDIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["und"]


def test_fragments_and_index_chunks_are_named_by_number_inside_a_folder_named_by_their_content(seed_site):
    pagefind = seed_site / OUTPUT_SUBDIR
    entry = json.loads((pagefind / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = _read_pagefind(pagefind / f"pagefind.{entry['languages']['und']['hash']}.pf_meta")
    fragments = [page[0] for page in meta[1]]
    chunks = [chunk[2] for chunk in meta[2]]
    # The merged index's chunks are in one folder; the fragments stay in their shard's folder (one per shard: the
    # pages of no year, then each year), numbered from 0 inside it.
    for kind, names in (("fragment", fragments), ("index", chunks)):
        folders: dict[str, list[int]] = {}
        for name in names:
            folder, number = name.split("/")
            folders.setdefault(folder, []).append(int(number, 36))
        assert len(folders) == (1 if kind == "index" else 3), kind
        assert all(len(folder) == 10 for folder in folders), kind
        assert all(numbers == list(range(len(numbers))) for numbers in folders.values()), kind
        suffix = ".pf_fragment" if kind == "fragment" else ".pf_index"
        assert sorted((pagefind / kind).rglob(f"*{suffix}")) == sorted(pagefind / kind / f"{n}{suffix}" for n in names)


def test_pagefinds_scripts_search_the_query_words_as_written(seed_site):
    for name in QUERY_SCRIPTS:
        script = (seed_site / OUTPUT_SUBDIR / name).read_text(encoding="utf-8")
        assert "needsWordSegmentation=(lang)=>{return false;" in script, name


def test_a_pagefind_whose_scripts_differ_stops_the_build_with_a_chinese_message(tmp_path):
    for name in QUERY_SCRIPTS:
        (tmp_path / name).write_text("export function search(){}", encoding="utf-8")
    problem = keep_query_pairs_whole(tmp_path)
    assert problem is not None and problem.startswith("搜索索引没有生成：Pagefind 的脚本 pagefind.js")
