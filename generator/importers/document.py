"""A published document as a sequence of text lines and tables → a Draft record.

What a document can hold, in any combination: project 自评表 (with their 自评综述), a 部门整体支出
绩效自评表, narrative 绩效自评报告 (seed 000's outline and other provinces' outlines), the
预算绩效管理工作开展情况 paragraph (自评覆盖) and the results of 重点评价 / 部门评价 / 财政评价. Word
documents, sheets, PDFs and text dumps all arrive here as the same blocks, so all are read by the
same rules. A document holding none of these is refused with what was found and what was missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.importers import labels, money
from generator.importers.draft import Draft, NotAForm, date_line, squeeze, year_in
from generator.importers.form_table import FormResult, Grid, _year_in_brackets as form_year, form_parts, is_form, parse_form
from generator.importers.overall import overall_from_form
from generator.importers.statement import add_other_text, coverage, evaluation, evaluation_kind, headline, is_coverage, prose, self_evaluation


@dataclass
class Table:
    grid: Grid
    rebuilt: bool = False  # rows rebuilt from the form's labels (the layout had lost them)


Block = str | Table  # a str is one line of text

_DOCUMENT_TITLE = re.compile(r"^(?:19|20)\d{2}\s*年度?.*(?:绩效情况说明|绩效自评报告|绩效自评情况|绩效评价情况|绩效情况)$")
_FORM_HEADING = re.compile(r"^\d+\s*[.．、]\s*(?P<name>.+?)(?:项目)?(?:支出)?绩效(?:目标)?自评表$")
_SUMMARY_HEADING = re.compile(r"^\d+\s*[.．、]\s*(?P<name>.+?)(?:项目)?(?:支出)?绩效自评综述$")
_COVERAGE_HEADINGS = ("预算绩效管理工作开展情况", "绩效自评工作开展情况", "绩效自评开展情况", "预算绩效管理工作情况", "绩效管理工作开展情况")
_RESULTS_HEADINGS = ("部门决算中项目绩效自评结果", "项目绩效自评结果", "项目支出绩效自评结果", "部门整体支出绩效自评结果",
                     "部门(单位)整体和项目绩效自评结果", "部门（单位）整体和项目绩效自评结果", "整体和项目绩效自评结果")
_OUTLINE_HEADING = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]")
_STARTS = ("title", "header.项目名称")
UNNAMED_PROJECT = "（原文未载明项目名称）"


def read_blocks(blocks: list[Block], draft: Draft) -> Draft:
    """Fill the draft from the blocks of one document; NotAForm, saying what was found, if it holds nothing to import."""
    from generator.importers.text_report import looks_like_report, outline_reports, parse_outline_reports

    blocks = _forms_one_cell_a_line(blocks)
    blocks = _without_page_chrome(blocks, draft)
    lines = [block for block in blocks if isinstance(block, str)]
    tables = [block for block in blocks if isinstance(block, Table)]
    draft.text = "\n".join(lines + ["\t".join(cell for row in t.grid for cell in row) for t in tables])
    if any(is_form(table.grid) for table in tables):
        return _read_disclosure(blocks, draft)
    if looks_like_report(lines):
        return _read_reports(lines, draft)
    if outline_reports(lines):
        return parse_outline_reports(lines, draft)
    _read_disclosure(blocks, draft)
    if draft.coverage or draft.evaluations:
        draft.year = draft.year or year_mentioned(draft.text)
        return draft
    raise NotAForm(missing_message(lines, tables))


def _without_page_chrome(blocks: list[Block], draft: Draft) -> list[Block]:
    """A text copied from a portal: its information bar read into the draft, its header and footer left out and listed;
    a document flattened onto one line split at its numbered headings."""
    from generator.importers.page_chrome import strip_page

    from generator.importers.text_report import split_flattened

    blocks, page = strip_page(blocks)
    blocks = [part for block in blocks for part in (split_flattened(block) if isinstance(block, str) else [block])]
    draft.index_number, draft.issuer, draft.page_date = page.index_number, page.issuer, page.date
    if page.chrome:
        draft.notes.append("网页的页头、页尾（门户网站的文字，不是单位原文）未导入：" + " / ".join(page.chrome))
    return blocks


def year_mentioned(text: str) -> int | None:
    """The first "2022 年" that is not a date: the year a 说明 without "XXXX年度" is about."""
    match = re.search(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)", text)
    return int(match.group(1)) if match else None


def missing_message(lines: list[str], tables: list[Table]) -> str:
    """What the file holds of a 自评表 or a 说明, and what it lacks: the user's reason, never a guess."""
    found: list[str] = []
    grid = [[cell] for line in lines for cell in re.split(r"[\t|｜]|\s{2,}", line)] + [row for t in tables for row in t.grid]
    for part in form_parts(grid):
        if part not in found:
            found.append(part)
    said = "找到" + "".join(f"“{part}”" for part in found[:6]) + "，但" if found else "不是绩效自评表、绩效自评报告或绩效情况说明：没有找到自评表的任何表头（如“项目名称”“年初预算数”“三级指标”），"
    columns = {label.field for row in grid for cell in row if (label := labels.find(cell, "indicators.column"))}
    values = ("年度指标值", "实际完成值", "分值", "得分")
    if columns and not columns & set(values):
        # the indicator table's name columns were found, not its figures: say so, not "no indicator table"
        printed = "".join(f"“{c}”" for c in ("一级指标", "二级指标", "三级指标") if c in columns)
        indicators = f"项目资金表（“年初预算数”“全年预算数”“全年执行数”）；绩效指标表只有{printed}，没有数值栏（{''.join(f'“{v}”' for v in values)}）；"
    else:
        indicators = "项目资金表（“年初预算数”“全年预算数”“全年执行数”）或绩效指标表（“一级指标”“二级指标”“三级指标”），"
    return (
        f"{said}没有找到{indicators}"
        "也没有找到绩效自评报告的提纲（如“一、项目基本情况”“一、绩效目标分解下达情况”）或自评覆盖、评价结果的段落"
    )


def starts_form(line: str) -> bool:
    """A cell that opens a form: its title ("2022年度共享工程项目自评表", "部门整体支出绩效自评表（2023年度）") or 项目名称."""
    text = line.strip()
    if not text or len(text) > 60:
        return False
    if labels.find(text, *_STARTS) or labels.starts_with_label(text, "header.项目名称"):
        return True
    return form_title(text) is not None


_TITLE_SUFFIX = re.compile(r"(?:绩效)?(?:目标)?(?:评价)?(?:自评|评价|评分|得分)(?:表|情况表)$")


def form_title(text: str) -> str | None:
    """"project" or "department" when a cell is a form's title, whatever it is named (市级文物保护专项经费绩效自评表(2022年度))."""
    from generator.importers.form_table import _TEMPLATE_YEAR

    stripped = squeeze(_TEMPLATE_YEAR.sub("", text))
    stripped = re.sub(r"^(?:附表\d*[:：]?)?(?:19|20)\d{2}年度?", "", stripped)
    label = labels.find(stripped, "title")
    if label:
        return label.field
    if len(stripped) > 50 or not _TITLE_SUFFIX.search(stripped) or re.search(r"[，。；]", stripped):
        return None
    return "department" if re.search(r"部门整体|整体支出|单位整体", stripped) else "project"


def title_name(text: str) -> str:
    """The project a form's title names: "市级文物保护专项经费绩效自评表(2022年度)" → 市级文物保护专项经费."""
    from generator.importers.form_table import _TEMPLATE_YEAR

    stripped = squeeze(_TEMPLATE_YEAR.sub("", text))
    stripped = re.sub(r"^(?:附表\d*[:：]?)?(?:19|20)\d{2}年度?", "", stripped)
    name = _TITLE_SUFFIX.sub("", stripped)
    name = re.sub(r"(?:项目)?(?:支出)?$", "", name)
    return "" if labels.find(stripped, "title") or len(name) < 2 else name


def ends_form(line: str, so_far: list[str]) -> bool:
    """Where a form given one cell a line ends: the next document part, a date, another form's title."""
    text = line.strip()
    if not so_far or not text:
        return False
    if date_line(text) or _SUMMARY_HEADING.match(text) or _FORM_HEADING.match(text) or _DOCUMENT_TITLE.match(text):
        return True
    seen_indicators = any(labels.find(cell, "indicators.column") for cell in so_far)
    if seen_indicators and len(text) <= 60 and form_title(text):
        return True
    return seen_indicators and bool(_OUTLINE_HEADING.match(text)) and not labels.find(text, "analysis", "total")


def _forms_one_cell_a_line(blocks: list[Block]) -> list[Block]:
    """A form given as lines (a Word document's paragraphs, a PDF's text, pasted text): one table rebuilt from its labels."""
    from generator.importers.text_layout import regions

    return regions(blocks)


def _read_reports(lines: list[str], draft: Draft) -> Draft:
    from generator.importers.text_report import parse_reports

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
    evaluation_title = ""
    form_title_line: str | None = None
    money_unit: tuple[str, str] | None = None  # "单位：元" printed above the next table
    tables = 0

    def close_summary() -> None:
        nonlocal summary_for, summary_lines
        if summary_for is not None and summary_lines and mode == "overall":
            # the text under a 部门整体 form (存在的问题、改进措施 …): its 自评说明, as numbered sections
            from generator.importers.text_report import sections_of

            summary_for.setdefault("自评说明", []).extend(sections_of(summary_lines))
        elif summary_for is not None and summary_lines:
            summary_for["自评综述"] = "\n".join(summary_lines)
        summary_for, summary_lines = None, []

    before_title = True
    self_coverage: dict = {}  # 自评覆盖 figures stated among the 自评 results
    other_text_at = -2  # the block index of the last paragraph put in 其他说明 (consecutive ones make one section)
    for n, block in enumerate(blocks):
        if isinstance(block, Table):
            tables += 1
            where = f"第{tables}个表格"
            if not is_form(block.grid):
                draft.unplaced.extend(f"{where}：{' | '.join(c for c in row if c.strip())}" for row in block.grid if any(c.strip() for c in row))
                continue
            close_summary()
            mode = None
            form = parse_form(block.grid, where, money_unit)
            money_unit = None
            if form_title_line and not form.title:
                # the form's title printed above its table: "2023年度部门整体支出绩效自评表"
                form.title = form_title_line
                if form_title(form_title_line) == "department" and form.kind != "department":
                    form.kind = "department"
                    form.found.insert(0, "部门整体支出绩效自评表")
                form.title_name = form.title_name or title_name(form_title_line)
            _place_form(form, heading_name, draft)
            heading_name = form_title_line = None
            if form.kind == "department" and draft.overall is not None:
                mode, summary_for, summary_lines = "overall", draft.overall, []
            continue
        line = block.strip()
        if not line:
            continue
        if money.unit_line(line) and n + 1 < len(blocks) and isinstance(blocks[n + 1], Table):
            money_unit = (money.unit_line(line), squeeze(line))
            continue
        if date_line(line):
            close_summary()
            draft.published = draft.published or date_line(line)
            continue
        if not draft.title and _DOCUMENT_TITLE.match(line):
            draft.title = line
            draft.year = year_in(line) or draft.year
            before_title = False
            continue
        if len(line) <= 60 and form_title(line):
            close_summary()
            form_title_line = line
            draft.year = draft.year or year_in(line) or form_year(line)
            before_title = False
            continue
        heading = re.sub(r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+\s*[、.．]|[一二三四五六七八九十](?=\s))\s*", "", line.strip())
        heading = squeeze(heading).rstrip("。:：")  # 河南's outline numbers its headings "一 绩效管理工作开展情况。"
        if heading in _COVERAGE_HEADINGS:
            close_summary()
            mode = "coverage"
            before_title = False
            continue
        if heading in _RESULTS_HEADINGS:
            close_summary()
            mode, evaluation_title = "results", line
            continue
        if mode == "results":
            found = self_evaluation(line, evaluation_title)
            if found:
                self_coverage.update(found.pop("覆盖", {}))
                _add_evaluation(draft, found)
                continue
        if len(line) <= 30 and evaluation_kind(line) and not re.search(r"\d", heading):
            close_summary()
            mode, evaluation_title = "evaluation", line
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
        if mode in ("summary", "overall") and summary_for is not None:
            summary_lines.append(line)
            continue
        found = evaluation(line, evaluation_title if mode == "evaluation" else "")
        followed = found is not None and any(e["评价类型"] == found["评价类型"] for e in draft.evaluations)
        if found and (mode == "evaluation" or found.get("项目数") or found.get("等级分布") or followed):
            # (a paragraph about an evaluation already found, "三是…将重点绩效评价工作交由第三方机构进行", is part of it)
            _add_evaluation(draft, found)
            before_title = False
            continue
        if mode == "coverage" or (is_coverage(line) and not draft.coverage and not coverage_lines):
            coverage_lines.append(line)
            mode = "coverage"
            before_title = False
        elif before_title and not draft.title and headline(line):
            draft.title = line  # a 说明 published as a news item: its headline
            before_title = False
        elif prose(line):
            add_other_text(draft, line, continues=other_text_at == n - 1)
            other_text_at = n
        elif before_title and not draft.title:
            draft.unit_lines.append(line)  # the unit's name printed above the title, as a rule
        else:
            draft.unplaced.append(line)
    close_summary()
    if coverage_lines:
        draft.coverage = coverage("\n".join(coverage_lines))
    if self_coverage:
        draft.coverage = draft.coverage or {"正文": ""}
        for key, value in self_coverage.items():
            draft.coverage.setdefault(key, value)
    return draft


def _place_form(form: FormResult, heading_name: str | None, draft: Draft) -> None:
    draft.year = draft.year or form.year
    draft.notes.extend(form.notes)
    draft.found.extend(part for part in form.found if part not in draft.found)
    if form.kind == "department":
        if draft.overall:
            draft.unplaced.append("又一张部门整体支出绩效自评表，未能填入（每份记录只有一张）")
            draft.unplaced.extend(form.unplaced)
            return
        draft.overall = overall_from_form(form)
        draft.unplaced.extend(form.unplaced)
        return
    if "项目名称" not in form.project and (heading_name or form.title_name):
        form.project["项目名称"] = heading_name or form.title_name
        if not heading_name:
            draft.notes.append(f"项目名称：表中没有“项目名称”一栏，据表名“{form.title}”取为“{form.title_name}”，请核对")
    if not form.project.get("项目名称", "").strip():
        # a record's project must be named: a form printed without one (a page of a sheet whose top is elsewhere)
        # gets a name that says so, rather than failing the whole file
        form.project["项目名称"] = UNNAMED_PROJECT
        draft.notes.append(f"项目名称：表中没有找到项目名称，暂写作“{UNNAMED_PROJECT}”，请照原文补上")
    draft.projects.append(form.project)
    draft.unplaced.extend(form.unplaced)


def _add_evaluation(draft: Draft, found: dict) -> None:
    same = next((e for e in draft.evaluations if e["评价类型"] == found["评价类型"]), None)
    if same is None:
        draft.evaluations.append(found)
        return
    same["正文"] = same["正文"] + "\n" + found["正文"]
    for key in ("项目数", "涉及资金", "等级分布", "评价主体"):
        if key in found and key not in same:
            same[key] = found[key]


def _project_named(projects: list[dict], name: str) -> dict | None:
    for project in projects:
        if project.get("项目名称") in (name, f"{name}项目"):
            return project
    return projects[-1] if len(projects) == 1 else None
