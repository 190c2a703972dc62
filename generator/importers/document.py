"""A published document as a sequence of text lines and tables → a Draft record.

Two shapes are known. A 决算公开绩效情况说明 (seed 003): a title, the 预算绩效管理工作开展情况
paragraph, then per project a 自评表 and its 自评综述, and the date it was published. A set of
narrative 绩效自评报告 (seed 000). Word documents and text dumps both arrive here as the same blocks,
so both are read by the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .draft import Draft, NotAForm, date_line, squeeze, year_in
from .form_table import Grid, is_form, parse_form
from .text_report import looks_like_report, parse_reports


@dataclass
class Table:
    grid: Grid


Block = str | Table  # a str is one line of text

_DOCUMENT_TITLE = re.compile(r"^(?:19|20)\d{2}\s*年度.*(?:绩效情况说明|绩效自评报告|绩效自评情况)$")
_FORM_HEADING = re.compile(r"^\d+\s*[.．、]\s*(?P<name>.+?)(?:项目)?(?:支出)?绩效自评表$")
_SUMMARY_HEADING = re.compile(r"^\d+\s*[.．、]\s*(?P<name>.+?)(?:项目)?(?:支出)?绩效自评综述$")
_COVERAGE_HEADING = "预算绩效管理工作开展情况"
_RESULTS_HEADINGS = ("部门决算中项目绩效自评结果", "项目绩效自评结果", "项目支出绩效自评结果")

_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def read_blocks(blocks: list[Block], draft: Draft) -> Draft:
    """Fill the draft from the blocks of one document; NotAForm if it holds neither forms nor reports."""
    lines = [block for block in blocks if isinstance(block, str)]
    tables = [block for block in blocks if isinstance(block, Table)]
    draft.text = "\n".join(lines + ["\t".join(cell for row in t.grid for cell in row) for t in tables])
    if any(is_form(table.grid) for table in tables):
        return _read_disclosure(blocks, draft)
    if looks_like_report(lines):
        return _read_reports(lines, draft)
    raise NotAForm(draft.source)


def _read_reports(lines: list[str], draft: Draft) -> Draft:
    projects, preamble, unplaced, year = parse_reports(lines, "")
    draft.projects = projects
    for line in preamble:
        if not draft.title and _DOCUMENT_TITLE.match(line):
            draft.title = line
        elif date_line(line) and not draft.published:
            draft.published = date_line(line)
        elif not draft.title:
            draft.unit_lines.append(line)
        else:
            draft.unplaced.append(f"报告之前的文字：{line}")
    draft.unplaced.extend(unplaced)
    draft.year = year or year_in(draft.title)
    if year is not None and not draft.title:
        # Such a file has no title of its own: name it after what it is, and say so.
        draft.title = f"{year}年度项目支出绩效自评报告"
        draft.title_guessed = True
    return draft


def _read_disclosure(blocks: list[Block], draft: Draft) -> Draft:
    mode: str | None = None
    coverage_lines: list[str] = []
    heading_name: str | None = None
    summary_for: dict | None = None
    summary_lines: list[str] = []
    tables = 0

    def close_summary() -> None:
        nonlocal summary_for, summary_lines
        if summary_for is not None and summary_lines:
            summary_for["自评综述"] = "\n".join(summary_lines)
        summary_for, summary_lines = None, []

    before_title = True
    for block in blocks:
        if isinstance(block, Table):
            tables += 1
            where = f"第{tables}个表格"
            if not is_form(block.grid):
                draft.unplaced.extend(f"{where}：{' | '.join(c for c in row if c.strip())}" for row in block.grid if any(c.strip() for c in row))
                continue
            close_summary()
            mode = None
            form = parse_form(block.grid, where)
            if heading_name and "项目名称" not in form.project:
                form.project["项目名称"] = heading_name
            draft.projects.append(form.project)
            draft.unplaced.extend(form.unplaced)
            draft.year = draft.year or form.year
            heading_name = None
            continue
        line = block.strip()
        if not line:
            continue
        if date_line(line):
            close_summary()
            draft.published = draft.published or date_line(line)
            continue
        if not draft.title and _DOCUMENT_TITLE.match(line):
            draft.title = line
            draft.year = year_in(line)
            before_title = False
            continue
        if squeeze(line) == _COVERAGE_HEADING:
            close_summary()
            mode = "coverage"
            continue
        if squeeze(line) in _RESULTS_HEADINGS:
            close_summary()
            mode = None
            continue
        form_heading = _FORM_HEADING.match(line)
        if form_heading:
            close_summary()
            mode, heading_name = None, form_heading.group("name")
            continue
        summary_heading = _SUMMARY_HEADING.match(line)
        if summary_heading:
            close_summary()
            summary_for = _project_named(draft.projects, summary_heading.group("name"))
            if summary_for is None:
                draft.unplaced.append(f"自评综述“{line}”找不到对应的自评表")
            mode = "summary"
            continue
        if mode == "coverage":
            coverage_lines.append(line)
        elif mode == "summary" and summary_for is not None:
            summary_lines.append(line)
        elif before_title and not draft.title:
            draft.unit_lines.append(line)  # the unit's name printed above the title, as a rule
        else:
            draft.unplaced.append(line)
    close_summary()
    if coverage_lines:
        draft.coverage = coverage("\n".join(coverage_lines))
    return draft


def _project_named(projects: list[dict], name: str) -> dict | None:
    for project in projects:
        if project.get("项目名称") in (name, f"{name}项目"):
            return project
    return projects[-1] if len(projects) == 1 else None


def coverage(text: str) -> dict:
    """预算绩效管理工作开展情况: the paragraph as published and the three figures it states."""
    result: dict = {"正文": text}
    count = re.search(r"(\d+|[一二两三四五六七八九])\s*个(?:项目|专项)", text.replace("唯一", ""))
    if count:
        value = count.group(1)
        result["自评项目数"] = Decimal(value) if value.isdigit() else Decimal(_CHINESE_DIGITS[value])
    amount = re.search(r"涉及(?:预算)?资金\s*([\d.]+)\s*万元", text)
    if amount:
        result["涉及预算资金"] = Decimal(amount.group(1))
    share = re.search(r"占[^，。；]*?(\d+(?:\.\d+)?\s*%)", text)
    if share:
        result["占项目支出总额比例"] = share.group(1).replace(" ", "")
    return result
