"""Golden pages: the generator's Markdown for seed projects, compared byte for byte.

A change to templates or the core shows up here as a readable diff of what readers will get.
After reviewing the diff, regenerate with:  JIXIAO_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden_pages.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.records.loading import load_content
from generator.site.pages import build_page_tree
from tests.conftest import CONTENT

GOLDEN = Path(__file__).parent / "golden"
PAGES = {
    "2024/xx-swbgs/huiyi-jingfei.md": "huiyi-jingfei.md",
    "2021/yzq-dqfwzx/jiceng-dangzuzhi-gongzuo-jingfei.md": "jiceng-dangzuzhi-gongzuo-jingfei.md",
}


@pytest.fixture(scope="module")
def tree():
    # No git history: the golden text must not depend on when the repository was cloned.
    return build_page_tree(load_content(CONTENT))


@pytest.mark.parametrize("page_path, golden_name", PAGES.items())
def test_seed_project_page_matches_golden(tree, page_path, golden_name):
    produced = tree.pages[page_path].markdown()
    golden = GOLDEN / golden_name
    if os.environ.get("JIXIAO_UPDATE_GOLDEN"):
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")
