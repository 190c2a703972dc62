"""Home, year, department-year and department pages: figures, grades, lowest 执行率, trend, charts."""

from __future__ import annotations

import html
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator.site import charts
from generator.records.loading import load_content
from generator.site.pages import build_page_tree
from generator.rules.scoring import resolve_rules
from generator.site.views.aggregates import LOWEST_SHOWN, overview, record_summary
from generator.site.views.inputs import unaudited
from tests.conftest import CONTENT, MINIMAL_RECORD


@pytest.fixture(scope="module")
def tree():
    return build_page_tree(load_content(CONTENT))


def section(body: str, heading: str) -> str:
    start = body.index(f"## {heading}\n")
    end = body.find("\n## ", start + 1)
    return body[start:] if end < 0 else body[start:end]


def table_rows(markdown: str) -> list[list[str]]:
    """The body rows of the first Markdown table, cells as the reader sees them (links reduced to their text)."""
    rows = []
    for line in markdown.splitlines():
        if line.startswith("|") and not re.match(r"\|\s*-", line) and not re.match(r"\|\s*---", line):
            cells = [html.unescape(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", c)).strip(" *") for c in line.strip("|").split("|")]
            rows.append(cells)
    return rows[1:]


def html_rows(fragment: str) -> list[list[str]]:
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", fragment)]


def svg_of(fragment: str) -> str:
    return re.search(r"<svg.*?</svg>", fragment, re.S).group(0)


def test_home_counts_departments_and_projects(tree):
    body = tree.pages["index.md"].body
    assert "<li>单位数<strong>2</strong></li>" in body and "<li>收录自评表的项目数<strong>6</strong></li>" in body


def test_home_does_not_add_money_across_years(tree):
    body = tree.pages["index.md"].body
    # 2021 and 2024 (two regions) must not become one 119 万元: the money is shown year by year.
    assert "全年预算数合计（万元）<strong>" not in body
    assert "<strong>119</strong>" not in body and "101.38" not in body
    assert "不同年度的资金不宜相加" in body
    rows = table_rows(section(body, "按年度浏览"))
    assert ["2024年度", "1", "5", "115", "97.46", "84.75%"] in [r[:6] for r in rows]


def test_year_page_shows_that_years_money(tree):
    body = tree.pages["2024/index.md"].body
    assert "全年预算数合计（万元）<strong>115</strong>" in body


def test_average_rate_is_the_mean_of_the_projects_rates(tree):
    # 2024: 63.65625, 86.76, 90.92, 98.9, 100 → 88.047…
    assert "各项目平均执行率（本站计算）<strong>88.05%</strong>" in tree.pages["2024/index.md"].body


def test_home_grade_distribution_counts_each_grade_and_the_ungraded(tree):
    rows = html_rows(section(tree.pages["index.md"].body, "自评等级分布（全部年度）"))
    assert rows == [["等级", "项目数"], ["优", "5"], ["良", "0"], ["中", "0"], ["差", "0"], ["原文未载明", "1"]]


def test_year_grade_distribution_counts_only_that_year(tree):
    rows = html_rows(section(tree.pages["2021/index.md"].body, "自评等级分布"))
    assert ["原文未载明", "1"] in rows and ["优", "0"] in rows


def test_grade_chart_is_an_image_titled_with_the_same_counts_as_its_table(tree):
    svg = svg_of(section(tree.pages["index.md"].body, "自评等级分布（全部年度）"))
    assert 'role="img"' in svg and "<title" in svg and "自评等级分布" in svg
    label = html.unescape(re.search(r'aria-label="([^"]*)"', svg).group(1))
    assert "优 5 个" in label and "原文未载明 1 个" in label


def test_lowest_execution_list_starts_with_the_lowest_rate(tree):
    rows = table_rows(section(tree.pages["index.md"].body, "执行率最低的项目（全部年度）"))
    assert rows[0][1] == "会议经费" and rows[0][-1] == "63.66%"


def test_lowest_execution_list_is_in_ascending_order(tree):
    rows = table_rows(section(tree.pages["index.md"].body, "执行率最低的项目（全部年度）"))
    rates = [Decimal(r[-1].rstrip("%")) for r in rows]
    assert rates == sorted(rates) and len(rates) == 6


def test_lowest_execution_list_links_each_project(tree):
    text = section(tree.pages["index.md"].body, "执行率最低的项目（全部年度）")
    assert "[会议经费](2024/xx-swbgs/huiyi-jingfei.md)" in text


def test_lowest_execution_list_keeps_only_ten(content_dir):
    projects = "".join(
        MINIMAL_RECORD.split("项目:\n")[1].replace("ceshi-xiangmu", f"p{n:02d}").replace("全年执行数: 9.5", f"全年执行数: {n}")
        for n in range(1, 13)
    )
    record = MINIMAL_RECORD.split("项目:\n")[0] + "项目:\n" + projects
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(record, encoding="utf-8")
    content = load_content(content_dir)
    lowest = overview([record_summary(content.department(r.record), r.record, unaudited(resolve_rules(content.settings)), False)
                       for r in content.records]).lowest
    assert len(lowest) == LOWEST_SHOWN == 10 and [e.project.code for e in lowest][:2] == ["p01", "p02"]


def test_home_links_every_year_and_every_department(tree):
    body = tree.pages["index.md"].body
    for target in ("2024/index.md", "2021/index.md", "departments/xx-swbgs.md", "departments/yzq-dqfwzx.md"):
        assert f"]({target})" in body


def test_department_year_projects_table_ends_with_a_total_row(tree):
    rows = table_rows(section(tree.pages["2024/xx-swbgs/index.md"].body, "项目绩效自评结果"))
    assert rows[-1][:4] == ["合计", "115", "97.46", "84.75%（本站计算）"]  # no unit published a total rate


def test_department_year_links_each_project(tree):
    assert "[会议经费](huiyi-jingfei.md)" in tree.pages["2024/xx-swbgs/index.md"].body


def test_execution_chart_shows_each_project_rate_from_the_table(tree):
    svg = svg_of(tree.pages["2024/xx-swbgs/index.md"].body)
    label = html.unescape(re.search(r'aria-label="([^"]*)"', svg).group(1))
    # each bar is labelled with the rate as the unit printed it (98.9%, 100%), not the site's 98.90% / 100.00%
    assert label.startswith("各项目预算执行率：") and "会议经费 63.66%" in label
    assert "办公设备购置经费 98.9%" in label and "档案整理专项经费 100%" in label and "98.90%" not in label
    assert "<title" in svg and 'role="img"' in svg


@pytest.fixture
def two_years(tmp_path: Path) -> Path:
    """The real content with the 2024 record also published as 2023, halved, to show a trend."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    (root / "2023").mkdir()
    text = (root / "2024" / "xx-swbgs.yml").read_text(encoding="utf-8").replace("年度: 2024\n", "年度: 2023\n", 1)
    text = text.replace("全年执行数: 20.37\n", "全年执行数: 10\n")
    (root / "2023" / "xx-swbgs.yml").write_text(text, encoding="utf-8")
    return root


def test_department_trend_lists_every_year_newest_first(two_years):
    body = build_page_tree(load_content(two_years)).pages["departments/xx-swbgs.md"].body
    rows = table_rows(section(body, "历年绩效情况"))
    assert [r[0] for r in rows] == ["2024年度", "2023年度"]
    assert rows[1][1:4] == ["5", "115", "87.09"]


def test_department_trend_chart_draws_both_years_oldest_first(two_years):
    svg = svg_of(build_page_tree(load_content(two_years)).pages["departments/xx-swbgs.md"].body)
    label = html.unescape(re.search(r'aria-label="([^"]*)"', svg).group(1))
    assert label.index("2023年度") < label.index("2024年度")
    assert "2023年度 全年预算数 115，全年执行数 87.09" in label and "<title" in svg


def test_chart_labels_are_escaped():
    figure = str(charts.horizontal_bars("t", "标题", [charts.Bar("<b>x</b>", Decimal(1), "1 个")], "说明"))
    assert "<b>" not in figure and "&#60;b&#62;x" in figure


def test_chart_caption_is_text_beside_the_image():
    figure = str(charts.horizontal_bars("t", "标题", [charts.Bar("a", Decimal(1), "1 个")], "图：说明"))
    assert "<figcaption>图：说明</figcaption>" in figure


def test_year_figures_say_they_count_the_project_forms_the_site_holds_not_every_project_evaluated(kinds_dir):
    # 教育局 self-evaluated 12 projects but published no project form; 财政局 published one. "涉及 1 个项目" or
    # "自评项目数 1" would tell a journalist the whole city self-evaluated one project.
    body = build_page_tree(load_content(kinds_dir)).pages["2023/index.md"].body
    assert "涉及 1 个项目" not in body and "<li>自评项目数" not in body
    assert "本站收录其中 1 个项目的自评表" in body
    assert "<li>收录自评表的项目数<strong>1</strong></li>" in body


def test_every_rate_or_average_of_several_projects_is_headed_as_the_sites_computation(tree):
    # A sum, a quotient of sums or a mean is never a figure any unit published: its column says so.
    headed = {
        "index.md": ("按年度浏览", "执行率（本站计算）"),
        "years/index.md": (None, "执行率（本站计算）"),
        "2024/index.md": ("各单位", "执行率（本站计算）"),
        "departments/xx-swbgs.md": ("历年绩效情况", "执行率（本站计算）"),
    }
    def header(markdown: str) -> list[str]:
        line = next(line for line in markdown.splitlines() if line.startswith("| ") and "全年预算数" in line)
        return [cell.strip() for cell in line.strip("|").split("|")]

    for page, (heading, column) in headed.items():
        body = tree.pages[page].body
        cells = header(section(body, heading) if heading else body)
        assert column in cells and "执行率" not in cells, (page, cells)
    assert "平均自评得分（本站计算）" in header(section(tree.pages["2024/index.md"].body, "各单位"))
    assert header(section(tree.pages["2024/index.md"].body, "执行率最低的项目"))[-1] == "执行率（本站计算）"
