"""A department-level report that lists its projects' spending in a sentence ("项目支出包括委员活动经费36.3万元,
扫黑除恶工作经费1万元,…") keeps the list in 项目支出明细, each amount as printed, and its page shows it as a table."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from generator.importers import import_files
from tests.conftest import KINDS
from tests.import_support import empty_content
from tests.sitebuild import build, visible_text

REPORT = """\
部门整体支出绩效评价报告
一、基本情况
(一)部门整体支出概况。
2、支出:799.12万元。其中:人员经费支出434.89万元,公用经费支出77.4万元,项目支出286.83万元。
(二)部门整体支出或项目实施情况分析。
本项目由基本支出和项目支出两个部分构成。项目支出包括委员活动经费36.3万元,扫黑除恶工作经费1万元,信息网络运行经费5.00万元,调研协商
"""


def _overall(tmp_path: Path):
    path = tmp_path / "报告.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = import_files([path], empty_content(tmp_path), department="yzq-dqfwzx", year=2021, write=False)
    assert not result.failures, result.failures
    return result.records[0].record.overall


def test_projects_listed_with_amounts_are_the_reports_listed_spending_in_order(tmp_path):
    listed = _overall(tmp_path).listed_spending
    assert [(item.name, str(item.amount)) for item in listed] == [("委员活动经费", "36.3"), ("扫黑除恶工作经费", "1"), ("信息网络运行经费", "5.00")]


def test_a_budget_breakdown_is_not_taken_for_listed_spending(tmp_path):
    names = [item.name for item in _overall(tmp_path).listed_spending]
    assert "人员经费支出" not in names and "项目支出" not in names


def test_department_level_page_shows_the_listed_spending_as_printed(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(KINDS, content)
    record = content / "2023" / "sl-czj.yml"
    text = record.read_text(encoding="utf-8")
    listed = "  项目支出明细:\n    - 项目名称: 委员活动经费\n      金额: 36.30\n    - 项目名称: 扫黑除恶工作经费\n      金额: 1\n"
    record.write_text(text.replace("部门整体支出绩效自评:\n", "部门整体支出绩效自评:\n" + listed, 1), encoding="utf-8")
    site = tmp_path / "site"
    assert build(content, site, monkeypatch) == 0
    html = (site / "2023" / "sl-czj" / "bumen-zhengti" / "index.html").read_text(encoding="utf-8")
    table = re.search(r"<h2[^>]*>项目支出明细.*?(<table.*?</table>)", html, re.S).group(1)
    assert re.findall(r"<td[^>]*>(.*?)</td>", table) == ["委员活动经费", "36.30", "扫黑除恶工作经费", "1"]
    assert "照原文" in visible_text(html)
