"""The pages about and across the data: dictionary, API page, glossary, readings, comparison and history."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from generator.site import data_pages
from generator.site.datasets import TABLES
from generator.records.loading import load_content
from generator.site.pages import build_page_tree
from generator.site.terms import GLOSSARY
from tests.conftest import CONTENT


@pytest.fixture(scope="module")
def tree():
    return build_page_tree(load_content(CONTENT))


def test_dictionary_page_lists_every_column_of_every_table_from_the_schema(tree):
    body = re.sub(r"&#(\d+);", lambda m: chr(int(m[1])), tree.pages["data/index.md"].body)
    package = json.loads(tree.files["data/datapackage.json"])
    for table, resource in zip(TABLES, package["resources"]):
        assert f"{table.title}（{table.name}.csv）" in body
        section = body.split(f"## {table.title}（{table.name}.csv）")[1].split("\n## ")[0]
        listed = re.findall(r'<tr><th scope="row">(.+?)</th>', section)
        assert listed == [f["name"] for f in resource["schema"]["fields"]]


def test_project_reading_quotes_the_published_figures_and_says_it_is_the_sites(tree):
    body = tree.pages["2024/xx-swbgs/huiyi-jingfei.md"].body
    reading = body.split('!!! abstract jx-reading "')[1].split("\n\n")[0]
    assert reading.startswith("本站摘要（本站根据单位公开的数字自动生成，不是单位原文）")
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", reading)
    for phrase in ("全年预算数 32 万元", "全年执行数 20.37 万元", "执行率 63.66%（自评报告所写）", "自评得分 96.37 分", "等级为优",
                   "11 项三级指标", "本站复算总分 96.37 分"):
        assert phrase in text, phrase


def reading_text(tree, path):
    reading = tree.pages[path].body.split('!!! abstract jx-reading "')[1].split("\n\n")[0]
    return re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", reading)


def test_reading_of_a_form_the_site_rebuilt_from_a_report_never_says_the_unit_filled_a_form(tree):
    # 2024: the unit published 绩效自评报告 only; the form on the page was laid out by the site
    text = reading_text(tree, "2024/xx-swbgs/huiyi-jingfei.md")
    assert "自评表所填" not in text and "自评表列有" not in text
    assert "本站据自评报告整理的表列有 11 项三级指标" in text
    department = reading_text(tree, "2024/xx-swbgs/index.md")
    assert "个项目的绩效自评表" not in department and "本站收录了本单位本年度 5 个项目的绩效自评报告" in department


def test_reading_of_a_published_form_says_the_form_states_it(tree):
    text = reading_text(tree, "2021/yzq-dqfwzx/jiceng-dangzuzhi-gongzuo-jingfei.md")
    assert "自评表列有" in text and "自评报告" not in text
    assert "本站收录了本单位本年度 1 个项目的绩效自评表" in reading_text(tree, "2021/yzq-dqfwzx/index.md")


def test_department_reading_of_a_single_project_quotes_its_published_rate_not_the_sites(tree):
    text = reading_text(tree, "2021/yzq-dqfwzx/index.md")
    assert "执行率 98%（自评表所填）" in text and "98.00%" not in text


def test_department_reading_of_several_projects_says_their_total_rate_is_the_sites(tree):
    assert "合计执行率 84.75%（本站计算）" in reading_text(tree, "2024/xx-swbgs/index.md")


def test_reading_links_each_glossary_term_once_to_its_explanation(tree):
    body = tree.pages["2024/xx-swbgs/index.md"].body
    reading = body.split('!!! abstract jx-reading "')[1].split("\n\n")[0]
    targets = re.findall(r"\]\(\.\./\.\./glossary/index\.md#([a-z0-9-]+)\)", reading)
    assert targets and len(targets) == len(set(targets))
    glossary = tree.pages["glossary/index.md"].body
    assert all(f'id="{anchor}"' in glossary for anchor in targets)
    assert {t.anchor for t in GLOSSARY} >= set(targets)


def test_a_reading_never_calls_an_unstated_grade_a_grade(tree):
    body = tree.pages["2021/yzq-dqfwzx/jiceng-dangzuzhi-gongzuo-jingfei.md"].body
    reading = body.split('!!! abstract jx-reading "')[1].split("\n\n")[0]
    assert "原文未载明" in reading and "未评级" not in reading


def test_comparison_is_split_into_pages_that_together_list_every_project_once(monkeypatch):
    monkeypatch.setattr(data_pages, "PAGE_SIZE", 2)
    tree = build_page_tree(load_content(CONTENT))
    pages = sorted(p for p in tree.pages if p.startswith("compare/2024/"))
    assert pages == ["compare/2024/2.md", "compare/2024/3.md", "compare/2024/index.md"]
    names = []
    for path in pages:
        rows = re.findall(r'<tr><th scope="row"><a href="[^"]+">([^<]+)</a>', tree.pages[path].body)
        assert len(rows) <= 2
        names += rows
    assert sorted(names) == sorted(p.name for r in load_content(CONTENT).records if r.record.year == 2024 for p in r.record.projects)
    rows_file = json.loads(tree.files["compare/2024/rows.json"])
    assert len(rows_file["项目"]) == 5


def test_comparison_rows_file_holds_the_same_figures_as_the_data(tree):
    rows_file = json.loads(tree.files["compare/2024/rows.json"])
    meeting = next(r for r in rows_file["项目"] if r[0] == "会议经费")
    column = dict(zip(rows_file["列"], meeting))
    assert (column["全年预算数（万元）"], column["全年执行数（万元）"], column["执行率（原文）"]) == ("32", "20.37", "63.66%")
    assert column["网页地址"] == "2024/xx-swbgs/huiyi-jingfei/"


def test_coverage_page_marks_years_the_site_does_not_hold(tree):
    body = tree.pages["compare/coverage.md"].body
    assert body.count("已收录</a>") == 2 and body.count("本站未收录") >= 2


def test_a_project_recurring_under_the_same_code_shows_its_other_years(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    record = (content / "2021" / "yzq-dqfwzx.yml").read_text(encoding="utf-8")
    (content / "2022").mkdir()
    (content / "2022" / "yzq-dqfwzx.yml").write_text(
        record.replace("年度: 2021", "年度: 2022").replace("全年执行数: 3.92", "全年执行数: 3.5"), encoding="utf-8")
    tree = build_page_tree(load_content(content))
    body = tree.pages["2022/yzq-dqfwzx/jiceng-dangzuzhi-gongzuo-jingfei.md"].body
    history = body.split("## 本项目历年情况")[1].split("\n## ")[0]
    assert "[2021年度](../../2021/yzq-dqfwzx/jiceng-dangzuzhi-gongzuo-jingfei.md)" in history
    assert "**2022年度（本页）**" in history and "| 3.5 |" in history and "| 3.92 |" in history
    assert "本项目历年情况" not in tree.pages["2024/xx-swbgs/huiyi-jingfei.md"].body


def test_api_page_example_is_the_served_document_cut_short(tree):
    body = tree.pages["api/index.md"].body
    path = re.search(r"一个项目（<code>([^<]+)</code>", body).group(1)
    path = re.sub(r"&#(\d+);", lambda m: chr(int(m[1])), path)
    served = json.loads(tree.files[path])
    example = body.split("<pre><code>")[2].split("</code></pre>")[0]
    shown = json.loads(re.sub(r"&#(\d+);", lambda m: chr(int(m[1])), example))
    assert shown["项目"] == served["项目"] and shown["绩效指标"] == served["绩效指标"][:1]


def test_dictionary_and_package_descriptions_carry_no_unfilled_placeholder(tree):
    # "为“{OVERALL_PAGE}”的是…" reached the dictionary page and datapackage.json as a literal brace name
    package = json.loads(tree.files["data/datapackage.json"])
    descriptions = [r.get("description", "") for r in package["resources"]]
    descriptions += [f.get("description", "") for r in package["resources"] for f in r["schema"]["fields"]]
    assert not [d for d in descriptions if re.search(r"\{[A-Za-z_]+\}", d)]
    body = re.sub(r"&#(\d+);", lambda m: chr(int(m[1])), tree.pages["data/index.md"].body)
    assert "为“bumen-zhengti”的是部门整体支出绩效自评表后的文字说明" in body


def test_explainers_never_say_a_published_figure_is_rounded_or_a_score_can_never_exceed_its_weight(tree):
    scoring = tree.pages["scoring/index.md"].body
    assert "本站计算的执行率和得分保留两位小数" in scoring and "单位公开的数字照原文的位数刊载" in scoring
    assert "本站据绩效自评报告整理的表中，为报告未载明" in scoring
    assert "一般不超过分值（个别评价表的评分标准设有加分项）" in tree.pages["glossary/index.md"].body
