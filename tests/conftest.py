"""Shared fixtures: a small valid content folder that tests copy and break in one place each."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline: the property tests run on machines shared with other builds, where one example's
# time says nothing about the code; how many examples run is fixed (derandomize keeps a run repeatable).
settings.register_profile("jixiao", deadline=None, derandomize=True)
settings.load_profile("jixiao")

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"

MINIMAL_RECORD = """\
单位编码: yzq-dqfwzx
年度: 2021
公开日期: 2022-12-07
项目:
  - 项目编码: ceshi-xiangmu
    项目名称: 测试项目
    项目资金:
      年度资金总额:
        年初预算数: 10
        全年预算数: 10
        全年执行数: 9.5
    绩效指标:
      - 一级指标: 产出指标
        二级指标: 数量指标
        三级指标: 培训人数
        计量单位: 人
        年度指标值: 100
        实际完成值: 100
        分值: 90
        得分: 90
    自评得分: 99.5
    等级: 优
"""


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The seed content built once through the same path as `make site`; tests only read it."""
    from tests.sitebuild import build

    site = tmp_path_factory.mktemp("seed") / "site"
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert build(CONTENT, site) == 0
    return site


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A content folder with the real registry and settings and one small valid record."""
    root = tmp_path / "content"
    (root / "2021").mkdir(parents=True)
    shutil.copy(CONTENT / "departments.yml", root / "departments.yml")
    shutil.copy(CONTENT / "site.yml", root / "site.yml")
    (root / "2021" / "yzq-dqfwzx.yml").write_text(MINIMAL_RECORD, encoding="utf-8")
    return root


KINDS = Path(__file__).resolve().parent / "data" / "kinds"


@pytest.fixture
def kinds_dir(tmp_path: Path) -> Path:
    """A content folder with the other record kinds: a 部门整体支出绩效自评表 (with one project) and a
    coverage-only 说明 with 重点评价 and 部门评价 results (tests/data/kinds; figures written for the tests)."""
    root = tmp_path / "content"
    shutil.copytree(KINDS, root)
    return root


@pytest.fixture
def small_city(tmp_path: Path) -> Path:
    """A content folder of bench/synthetic_city.py's records: 2 units × 2 years (2023, 2024) × 2 projects."""
    from bench.synthetic_city import write_city

    root = tmp_path / "content"
    root.mkdir()
    write_city(root, departments=2, years=2, projects=2)
    return root


def correct_executed(content: Path, record: str = "2024/d000.yml") -> str:
    """A correction of one figure: the first project's 全年执行数 raised by 1 in its 年度资金总额 and 当年财政拨款 rows
    (they stay equal; the 自评得分 stated no longer follows, so the audit finds it). Returns the new figure."""
    path = content / record
    text = path.read_text(encoding="utf-8")
    old = re.search(r"全年执行数: (\d+\.\d\d)", text).group(1)
    new = f"{float(old) + 1:.2f}"
    path.write_text(text.replace(f"全年执行数: {old}", f"全年执行数: {new}", 2), encoding="utf-8")
    return new


def correct_achieved(content: Path, record: str = "2024/d000.yml") -> None:
    """A correction that shows on the record's own pages only: an indicator's 实际完成值 (the other years' pages of
    the same project show its funds, score and grade, not its indicators)."""
    path = content / record
    text = path.read_text(encoding="utf-8")
    found = re.search(r"^( +实际完成值: )(\d+)$", text, re.M)
    path.write_text(text[:found.start(2)] + str(int(found.group(2)) + 1) + text[found.end(2):], encoding="utf-8")
