"""A small city for the kill test: about a thousand pages from short records, quick to write and to build.

Shorter than bench/synthetic_city.py's records (one indicator, no report text), so that a build spends its
time where a kill can land (pages, the safety scan, the search index) rather than in long pages.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROJECT = """\
  - 项目编码: p{index:02d}
    项目名称: 第{index}号测试项目
    项目资金:
      年度资金总额:
        年初预算数: {budget}
        全年预算数: {budget}
        全年执行数: {budget}
    绩效指标:
      - 一级指标: 产出指标
        二级指标: 数量指标
        三级指标: 培训人数
        计量单位: 人
        年度指标值: 100
        实际完成值: 100
        分值: 90
        得分: 90
    自评得分: 100
    等级: 优
"""


def write_city(root: Path, departments: int = 23, years: int = 4, projects: int = 10) -> int:
    """departments × years records of `projects` projects each; returns the number of project pages."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "content" / "site.yml", root / "site.yml")
    registry = ["地区:", "  - 编码: test-city", "    名称: 测试市", "单位:"]
    for d in range(departments):
        registry += [f"  - 编码: d{d:03d}", f"    全称: 测试市第{d}局", f"    简称: 第{d}局", "    地区: test-city"]
    (root / "departments.yml").write_text("\n".join(registry) + "\n", encoding="utf-8")
    for year in range(2024 - years + 1, 2025):
        (root / str(year)).mkdir(exist_ok=True)
        for d in range(departments):
            body = f"单位编码: d{d:03d}\n年度: {year}\n公开日期: {year + 1}-06-30\n项目:\n"
            body += "".join(PROJECT.format(index=i, budget=10 + i) for i in range(projects))
            (root / str(year) / f"d{d:03d}.yml").write_text(body, encoding="utf-8")
    return departments * years * projects
