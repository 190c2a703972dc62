"""A published figure keeps its own digits wherever it is shown: 132.912 stays 132.912, 32 stays 32 (issue 11)."""

from __future__ import annotations

import html
import re

import pytest

from generator.records.loading import load_content
from generator.site.pages import build_page_tree
from tests.conftest import CONTENT

PROJECT = "2021/yzq-dqfwzx/jiceng-dangzuzhi-gongzuo-jingfei.md"


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("digits") / "content"
    (root / "2021").mkdir(parents=True)
    for name in ("departments.yml", "site.yml"):
        (root / name).write_text((CONTENT / name).read_text(encoding="utf-8"), encoding="utf-8")
    text = (CONTENT / "2021" / "yzq-dqfwzx.yml").read_text(encoding="utf-8")
    text = text.replace("        全年预算数: 4\n", "        全年预算数: 132.912\n").replace("        全年执行数: 3.92\n", "        全年执行数: 130.250\n")
    (root / "2021" / "yzq-dqfwzx.yml").write_text(text, encoding="utf-8")
    return build_page_tree(load_content(root))


def shown(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def test_form_shows_132_912_and_130_250_as_published(tree):
    form = re.search(r'<table class="jx-form[^"]*">.*?</table>', tree.pages[PROJECT].body, re.S).group(0)
    cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", form, re.S)]
    assert "132.912" in cells and "130.250" in cells and "132.91" not in cells


def test_summary_shows_132_912_as_published(tree):
    summary = shown(re.search(r'<dl class="jx-figures">.*?</dl>', tree.pages[PROJECT].body, re.S).group(0))
    assert re.search(r"全年预算数（万元）\s+132\.912\s", summary) and re.search(r"全年执行数（万元）\s+130\.250\s", summary)


def test_department_year_table_and_its_total_keep_every_digit(tree):
    page = shown(tree.pages["2021/yzq-dqfwzx/index.md"].body)
    assert "| 132.912 | 130.250 |" in page and "**132.912**" in page


def test_downloads_keep_every_digit(tree):
    csv = tree.files["2021/yzq-dqfwzx/yzq-dqfwzx-2021-funds.csv"].decode("utf-8-sig")
    assert "132.912" in csv and "130.250" in csv
    assert "132.912" in tree.files["2021/yzq-dqfwzx/yzq-dqfwzx-2021.json"].decode("utf-8")


def test_a_rate_the_site_computes_is_rounded_and_said_to_be_computed(tree):
    page = shown(tree.pages[PROJECT].body)
    assert "预算执行率（本站按全年执行数 ÷ 全年预算数计算） 98.00%" in re.sub(r"\s+", " ", page)
