"""A temporary git repository of content/ whose commits change a seed record on given dates."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

from generator.history.history import read_history
from generator.records.loading import load_content
from generator.site.page_tree import PageTree
from generator.site.pages import build_page_tree

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "content" / "2024" / "xx-swbgs.yml"
SEED_2021 = REPO / "content" / "2021" / "yzq-dqfwzx.yml"
RECORD = "content/2024/xx-swbgs.yml"

# The indicator the correction adds back: the seed is committed first without it.
SATISFACTION = """\
      - 一级指标: 满意度指标
        二级指标: 服务对象满意度指标
        三级指标: 参会人员满意度
        计量单位: '%'
        年度指标值: 90
        实际完成值: 90
        分值: 10
        得分: 10
"""
CORRECTION = """\
更正说明:
  - 日期: 2025-03-01
    说明: 会议经费全年执行数录入有误，由 20.37 万元更正为 20.73 万元。
"""


class GitRepo:
    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        (self.content / "2024").mkdir(parents=True)
        shutil.copy(REPO / "content" / "departments.yml", self.content / "departments.yml")
        shutil.copy(REPO / "content" / "site.yml", self.content / "site.yml")
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, date: str | None = None) -> str:
        env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
        if date:
            env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        return subprocess.run(
            ["git", "-c", "user.name=测试", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
            cwd=self.root, env=env, check=True, capture_output=True, text=True,
        ).stdout

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def commit(self, message: str, date: str) -> None:
        self.git("add", "-A", "content")
        self.git("commit", "-q", "-m", message, date=date)

    def tree(self, content: Path | None = None) -> PageTree:
        content = content or self.content
        return build_page_tree(load_content(content), read_history(content))


def undated(path: Path) -> str:
    """A seed record without its publication point (上线日期): these repositories make their own history."""
    return re.sub(r"^上线日期: .*\n", "", path.read_text(encoding="utf-8"), flags=re.M)


def seed_without_satisfaction() -> str:
    text = undated(SEED)
    assert text.count(SATISFACTION) == 1
    return text.replace(SATISFACTION, "")


def corrected(text: str) -> str:
    """The correction of 2025-03-01: executed amount, a new indicator, the score, a report paragraph, 更正说明."""
    text = text.replace("        全年执行数: 20.37\n", "        全年执行数: 20.73\n", 2)  # 年度资金总额 and 当年财政拨款
    text = text.replace("        执行率: 63.66%\n", "        执行率: 64.78%\n", 1)
    text = text.replace("    自评得分: 96.37\n", "    自评得分: 96.48\n")
    anchor = "        三级指标: 项目发挥作用时间\n        年度指标值: 长期\n        分值: 15\n        得分: 15\n"
    text = text.replace(anchor, anchor + SATISFACTION, 1)  # the first project is 会议经费
    text = text.replace("本项目资金全年执行数20.37万元、执行率为63.66%", "本项目资金全年执行数20.73万元、执行率为64.78%")
    return text + CORRECTION


def reformatted(text: str) -> str:
    """Same record, keys reordered, a comment added, a value quoted differently: nothing a reader sees."""
    text = text.replace("单位编码: xx-swbgs\n年度: 2024\n", "年度: 2024\n# 单位编码见单位名录\n单位编码: xx-swbgs\n")
    return text.replace("        年度指标值: 长期\n", "        年度指标值: '长期'\n")


def corrected_repo(root: Path) -> GitRepo:
    """Published 2025-01-10, corrected 2025-03-01, reformatted 2025-04-01."""
    repo = GitRepo(root)
    repo.write(RECORD, seed_without_satisfaction())
    repo.commit("公开2024年度项目支出绩效自评报告", "2025-01-10T09:00:00+08:00")
    repo.write(RECORD, corrected(repo.read(RECORD)))
    repo.commit("更正会议经费执行数", "2025-03-01T10:00:00+08:00")
    repo.write(RECORD, reformatted(repo.read(RECORD)))
    repo.commit("调整格式", "2025-04-01T10:00:00+08:00")
    return repo


def shown(tree: PageTree, path: str) -> str:
    """A page's Markdown as a reader reads it: entities decoded."""
    return html.unescape(tree.pages[path].body)


def revision_lines(page: str, date: str) -> list[str]:
    """The change lines listed under the 修订记录 entry of one date."""
    lines = page.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"^    - {date}　", line))
    out = []
    for line in lines[start + 1:]:
        if not line.startswith("        - "):
            break
        out.append(line[len("        - "):])
    return out
