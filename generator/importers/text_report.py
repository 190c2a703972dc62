"""A narrative 绩效自评报告 (the layout of seed 000) → projects with their numbered report sections.

The report's sections are kept whole, as published, in 自评报告; the form's fields (概况, 目标, 资金,
指标, 得分) are read out of the sections whose wording every such report shares. Section 三、项目绩效情况
is the indicator list itself and becomes `插入: 绩效指标`; a line there that is not an indicator goes to
未归类内容 rather than being dropped.
"""

from __future__ import annotations

import re
from decimal import Decimal

from generator.importers.draft import year_in
from generator.importers.form_table import any_level2, canonical_level1, canonical_level2, split_name_unit

_FIRST_LEVEL = re.compile(r"^[一二三四五六七八九十]+、")
_SECOND_LEVEL = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_TITLE_END = re.compile(r"绩效自评报告$")
_TITLE_NAME = re.compile(r"^(?:(?:19|20)\d{2}年度)?(?P<name>.+?)(?:项目)?(?:支出)?绩效自评报告$")
_NAME_IN_PURPOSE = re.compile(r"我单位对(?P<name>.+?)项目进行绩效自评")
_INDICATORS_SECTION = "项目绩效情况"

_INDICATOR = re.compile(
    r"^[（(]\d+[）)]\s*(?P<name>.*?)，\s*目标值(?P<target>.*?)，\s*完成值(?P<actual>.*?)，"
    r"\s*分值(?P<weight>[\d.]*)，\s*得分(?P<score>[\d.]*)[。.]?$"
)
_LEVEL1 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*(?P<label>.+)$")
_LEVEL2 = re.compile(r"^\d+[.．、]\s*(?P<label>.+)$")
_TOTAL = re.compile(r"自评得分\s*(?P<score>[\d.]+)\s*分[，,]?\s*(?:等级为\s*(?P<grade>[优良中差]))?")

_MONEY = r"([\d.]+)万元"
_FUND_LINES = {
    "年初预算数": re.compile(rf"年初预算数{_MONEY}，其中：财政拨款{_MONEY}，其他资金{_MONEY}"),
    "全年预算数": re.compile(rf"变动后预算数{_MONEY}，其中：财政拨款{_MONEY}，其他资金{_MONEY}"),
    "全年执行数": re.compile(rf"全年执行数{_MONEY}[、，,]\s*执行率为(?P<rate>[\d.]+%)，其中：财政拨款{_MONEY}，其他资金{_MONEY}"),
}


def looks_like_report(lines: list[str]) -> bool:
    stripped = [line.strip() for line in lines]
    return any(line.startswith("一、项目基本情况") for line in stripped) and any(
        _INDICATORS_SECTION in line and _FIRST_LEVEL.match(line) for line in stripped
    )


def _split_projects(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """(lines before the first report, [(title, body lines)]); a report starts at its 一、 heading."""
    stripped = [line.strip() for line in lines]
    starts = [i for i, line in enumerate(stripped) if _FIRST_LEVEL.match(line) and line.startswith("一、")]
    reports: list[tuple[str, list[str]]] = []
    preamble_end = starts[0] if starts else len(stripped)
    bounds = starts + [len(stripped)]
    title_spans: dict[int, tuple[int, str]] = {}
    for start in starts:
        # The title is the non-blank lines right above 一、 ending in 绩效自评报告 (possibly over two lines).
        k = start - 1
        while k >= 0 and not stripped[k]:
            k -= 1
        if k >= 0 and _TITLE_END.search(stripped[k]):
            first = k
            if k - 1 >= 0 and stripped[k - 1] and not _TITLE_END.search(stripped[k - 1]) and stripped[k - 1].endswith("项目"):
                first = k - 1
            title_spans[start] = (first, "".join(stripped[first : k + 1]))
    preamble = stripped[: title_spans.get(starts[0], (preamble_end, ""))[0]] if starts else stripped
    for n, start in enumerate(starts):
        end = bounds[n + 1]
        if n + 1 < len(starts) and starts[n + 1] in title_spans:
            end = title_spans[starts[n + 1]][0]
        title = title_spans.get(start, (start, ""))[1]
        reports.append((title, stripped[start:end]))
    return preamble, reports


def parse_reports(lines: list[str], where: str) -> tuple[list[dict], list[str], list[str], int | None]:
    """(projects, lines before the first report, unplaced lines, year) of a text holding narrative reports."""
    preamble, reports = _split_projects(lines)
    unplaced: list[str] = []
    projects: list[dict] = []
    year = None
    for title, body in reports:
        project, lost = _parse_report(title, body, where)
        projects.append(project)
        unplaced.extend(lost)
        year = year or (year_in(title) if title else None)
    return projects, [line for line in preamble if line], unplaced, year


def _sections(body: list[str]) -> list[dict]:
    sections: list[dict] = []
    current: dict | None = None
    for line in body:
        if not line:
            continue
        if _FIRST_LEVEL.match(line):
            sections.append({"标题": line, "lines": [], "子节": []})
            current = sections[-1]
        elif _SECOND_LEVEL.match(line) and sections and not _is_indicator_section(sections[-1]):
            sub = {"标题": line, "lines": [], "子节": []}
            sections[-1]["子节"].append(sub)
            current = sub
        elif current is not None:
            current["lines"].append(line)
    return sections


def sections_of(lines: list[str]) -> list[dict]:
    """Lines of text as the record's numbered sections (标题, 正文, 子节); text before any heading gets an empty title."""
    sections = [_finish(section) for section in _sections(lines)]
    first = next((i for i, line in enumerate(lines) if _FIRST_LEVEL.match(line.strip())), len(lines))
    before = [line.strip() for line in lines[:first] if line.strip()]
    return ([{"标题": "", "正文": "\n".join(before)}] if before else []) + sections


def _is_indicator_section(section: dict) -> bool:
    return _INDICATORS_SECTION in section["标题"]


def _finish(section: dict) -> dict:
    out: dict = {"标题": section["标题"]}
    if section["lines"]:
        out["正文"] = "\n".join(section["lines"])
    if section["子节"]:
        out["子节"] = [_finish(sub) for sub in section["子节"]]
    return out


def _parse_report(title: str, body: list[str], where: str) -> tuple[dict, list[str]]:
    sections = _sections(body)
    subsections = {sub["标题"].rstrip("。"): sub for section in sections for sub in section["子节"]}
    project: dict = {}
    unplaced: list[str] = []
    full_text = "\n".join(body)

    name_match = _TITLE_NAME.match(title) if title else None
    if name_match:
        project["项目名称"] = name_match.group("name")
        project["报告标题"] = title
    else:
        found = _NAME_IN_PURPOSE.search(full_text)
        if found:
            project["项目名称"] = found.group("name")
            project["整理说明"] = f"原文缺少本项目的标题行，项目名称据正文“{found.group(0)}”补入。"
        else:
            project["项目名称"] = ""
    label = project["项目名称"] or "（无名称）"
    where = f"{where}项目“{label}”"

    overview = _subsection(subsections, "项目基本情况简介")
    if overview and overview["lines"]:
        project["项目概况"] = "\n".join(overview["lines"])
    goal_section = _subsection(subsections, "绩效目标设定及指标完成情况")
    if goal_section:
        goal = {}
        for line in goal_section["lines"]:
            if line.startswith("年度绩效目标完成情况"):
                goal["实际完成情况"] = re.sub(r"^年度绩效目标完成情况[：:]\s*", "", line).strip()
            elif line.startswith("年度绩效目标"):
                goal["预期目标"] = re.sub(r"^年度绩效目标[：:]\s*", "", line).strip()
        if goal:
            project["年度总体目标"] = goal
    funds_section = _subsection(subsections, "项目资金投入情况")
    if funds_section:
        funds = _funds("\n".join(funds_section["lines"]))
        if funds:
            project["项目资金"] = funds

    report: list[dict] = []
    for section in sections:
        if _is_indicator_section(section):
            indicators, total, grade, lost = _indicators(section["lines"], where)
            project["绩效指标"] = indicators
            if total is not None:
                project["自评得分"] = total
            if grade:
                project["等级"] = grade
            unplaced.extend(lost)
            report.append({"标题": section["标题"], "插入": "绩效指标"})
        else:
            report.append(_finish(section))
    project["自评报告"] = report
    return project, unplaced


def _subsection(subsections: dict, words: str) -> dict | None:
    return next((sub for title, sub in subsections.items() if words in title), None)


def _funds(text: str) -> dict:
    funds: dict = {}
    for column, pattern in _FUND_LINES.items():
        match = pattern.search(text)
        if not match:
            continue
        total, current, other = (Decimal(match.group(i)) for i in (1, len(match.groups()) - 1, len(match.groups())))
        funds.setdefault("年度资金总额", {})[column] = total
        funds.setdefault("当年财政拨款", {})[column] = current
        funds.setdefault("其他资金", {})[column] = other
        if column == "全年执行数":
            funds["年度资金总额"]["执行率"] = match.group("rate")
    return funds


def _indicators(lines: list[str], where: str):
    indicators: list[dict] = []
    level1 = level2 = None
    total = grade = None
    unplaced: list[str] = []
    for line in lines:
        match = _INDICATOR.match(line)
        if match and level1 and level2:
            name, unit = split_name_unit(match.group("name").strip())
            indicator: dict = {"一级指标": level1, "二级指标": level2, "三级指标": name}
            if unit:
                indicator["计量单位"] = unit
            for key, group in (("年度指标值", "target"), ("实际完成值", "actual")):
                if match.group(group).strip():
                    indicator[key] = match.group(group).strip()
            for key, group in (("分值", "weight"), ("得分", "score")):
                if match.group(group):
                    indicator[key] = Decimal(match.group(group))
            indicators.append(indicator)
            continue
        total_match = _TOTAL.search(line)
        if total_match:
            total = Decimal(total_match.group("score"))
            grade = total_match.group("grade")
            continue
        heading = _LEVEL1.match(line)
        if heading and canonical_level1(heading.group("label")):
            level1, level2 = canonical_level1(heading.group("label")), None
            continue
        if heading and "自评得分" in heading.group("label"):
            continue
        heading = _LEVEL2.match(line)
        if heading and level1 and canonical_level2(heading.group("label"), level1):
            level2 = canonical_level2(heading.group("label"), level1)
            continue
        unplaced.append(f"{where}“三、项目绩效情况”中未能识别的一行：{line}")
    return indicators, total, grade, unplaced


# --- Narrative reports in other outlines --------------------------------------------------------
# The words of first-level headings that reports use across provinces (河南's 转移支付 outline
# "一、绩效目标分解下达情况 二、绩效目标完成情况分析 …", the 10号文 outline "一、基本情况 二、绩效评价工作开展情况 …",
# department-level reports "一、部门基本情况 …"). A new outline is new words here, not a new parser.
OUTLINE_WORDS = (
    "绩效目标分解下达情况", "绩效目标完成情况", "偏离绩效目标", "绩效自评结果拟应用", "自评结果应用", "其他需要说明",
    "基本情况", "基本概况", "绩效评价工作开展情况", "绩效自评工作开展情况", "综合评价情况", "评价结论", "绩效评价指标分析",
    "主要经验", "存在的问题", "存在问题", "有关建议", "改进措施", "项目概况", "绩效目标", "资金投入", "资金使用",
    "项目实施", "项目管理", "项目绩效", "部门基本情况", "部门整体支出", "绩效自评情况", "自评结论", "整改",
)
_REPORT_TITLE = re.compile(r"^(?:(?:19|20)\d{2}\s*年度?)?(?P<name>.*?)(?:项目)?(?:支出)?(?:绩效)?(?:自评|评价)(?:总结)?报告$")
_REPORT_FIGURES = {
    "年初预算数": re.compile(r"年初(?:批复|安排)?预算(?:数|资金)?(?:为|共|合计)?\s*([\d,]+(?:\.\d+)?)\s*万元"),
    "全年预算数": re.compile(r"(?:调整后|全年|变动后)预算(?:数|资金)?(?:为|共|合计)?\s*([\d,]+(?:\.\d+)?)\s*万元"),
    "全年执行数": re.compile(r"(?:全年执行数|预算执行数|实际(?:支出|执行)(?:资金|数)|执行数)(?:为|共|合计)?\s*([\d,]+(?:\.\d+)?)\s*万元"),
}
_RATE = re.compile(r"(?:预算)?执行率(?:为|达到?)?\s*(\d+(?:\.\d+)?%)")
_SCORE = re.compile(r"(?:自评|综合|评价)?得分(?:为)?\s*(\d+(?:\.\d+)?)\s*分")
_GRADE = re.compile(r"(?:等级|等次|评价结果|自评结果)(?:为|是|评定为)?[“\"]?(优秀|优|良好|良|中|差)[”\"]?")


_HEADING_INSIDE = re.compile(r"\s+(?=(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]))")
_TITLE_IN_TEXT = re.compile(
    r"(?:(?:19|20)\d{2}\s*年度?)?[\u4e00-\u9fff（）()、]{2,50}?(?:\s?[\u4e00-\u9fff（）()]{1,20})?绩效(?:评价)?(?:自评|评价)(?:总结)?报告(?:[（(][^）)]{2,60}[）)]?)?"
)


# A heading inside a flattened line whose number is followed by a space, not 、 (河南: "… 一 绩效管理工作开展情况。 我单位…"):
# a Chinese numeral standing alone, a short heading that speaks of a report's part, a full stop.
_SPACED_HEADING = re.compile(r"(?:^|(?<=\s))([一二三四五六七八九十])\s+([^\s。，,；;]{4,30}?(?:情况|结果|问题|措施|建议|说明|目标|结论))。(?=\s)")


def split_flattened(line: str) -> list[str]:
    """A Word document a document site turned into one line, split before and after its numbered headings
    (at least two of them, so that a sentence mentioning "一 …情况。" is never cut)."""
    if len(line) <= 200:
        return [line]
    matches = list(_SPACED_HEADING.finditer(line))
    if len(matches) < 2:
        return [line]
    parts: list[str] = []
    at = 0
    for match in matches:
        parts.append(line[at : match.start()])
        parts.append(match.group(0))
        at = match.end()
    parts.append(line[at:])
    return [part.strip() for part in parts if part.strip()]


def outline_lines(lines: list[str]) -> list[str]:
    """Lines of a report, with a report flattened onto one line (a PDF or a document site's text) split at its headings."""
    out: list[str] = []
    for line in lines:
        if len(line) > 120 and len(_HEADING_INSIDE.findall(line)) >= 2:
            out.extend(part.strip() for part in _HEADING_INSIDE.split(line) if part.strip())
        else:
            out.append(line)
    return out


_SENTENCE_MARK = re.compile(r"[，,。；;:：]")


def report_title(lines: list[str]) -> str:
    """The report's title, also when printed over two lines ("岳阳市2018年度部门整体支出" / "绩效评价自评报告")."""
    filled = [line.strip() for line in lines if line.strip()]
    candidates = filled + [a + b for a, b in zip(filled, filled[1:]) if len(a) <= 40 and len(b) <= 40]
    for line in candidates:
        match = _TITLE_IN_TEXT.search(line)
        if match and not line.startswith(("您现在的位置", "首页")):
            whole = line.strip()
            if whole.endswith(match.group(0).strip()) and len(whole) <= 60 and not _SENTENCE_MARK.search(whole):
                return whole  # the unit's name before the year is part of the title: "重庆市大足区发展和改革委员会2020年度…"
            return match.group(0).strip()
    return ""


def outline_reports(lines: list[str]) -> bool:
    """A narrative report: at least three first-level headings (一、二、三、) that speak of a report's parts,
    or a report's title ("…绩效自评报告", "…绩效评价报告") and one such heading."""
    lines = outline_lines(lines)
    headings = [line.strip() for line in lines if _FIRST_LEVEL.match(line.strip()) and len(line.strip()) <= 40]
    known = [h for h in headings if any(word in h for word in OUTLINE_WORDS)]
    first = next((i for i, line in enumerate(lines) if _FIRST_LEVEL.match(line.strip())), len(lines))
    titled = bool(report_title(lines[:first] or lines[:5]))
    return len(known) >= 3 or (titled and len(known) >= 1)


def parse_outline_reports(lines: list[str], draft):
    """A report in another outline: its sections kept whole, its title naming the project or the department,
    and the figures its sentences state (预算、执行数、执行率、自评得分、等级) read out."""
    from generator.importers.draft import date_line

    stripped = [line.strip() for line in outline_lines(lines)]
    first = next(i for i, line in enumerate(stripped) if _FIRST_LEVEL.match(line))
    title = report_title(stripped[:first])
    # Before the first heading: the title (maybe over two lines), the unit's name, a date, the cover page's
    # fields and the opening sentences. The unit's name is placed by 单位编码 (and 部门名称); everything else
    # the unit wrote there is the report's opening, kept as its first, untitled section.
    opening: list[str] = []
    unit_name = ""
    for line in stripped[:first]:
        if not line:
            continue
        if date_line(line):
            draft.published = draft.published or date_line(line)
        elif title and ((title in line and len(line) <= len(title) + 30) or (len(line) >= 4 and line in title)):
            unit_name = unit_name or _unit_in_title(line)
            continue
        elif cover_unit_name(line):
            unit_name = unit_name or cover_unit_name(line)
        elif not opening and looks_like_unit_name(line):
            unit_name = unit_name or line
            if line not in draft.unit_lines:
                draft.unit_lines.append(line)
        elif line in draft.unit_lines:
            continue
        else:
            opening.append(line)
    unit_name = unit_name or _unit_in_title(title)
    body = []
    for line in stripped[first:]:
        if date_line(line) and not draft.published:
            draft.published = date_line(line)
            continue
        body.append(line)
    sections = ([{"标题": "", "正文": "\n".join(opening)}] if opening else []) + [_finish(section) for section in _sections(body)]
    text = "\n".join(body)
    from generator.importers.document import year_mentioned

    draft.year = year_in(title) or year_in(text) or year_mentioned(title) or year_mentioned(text)
    department_level = bool(re.search(r"部门整体|整体支出|单位整体|部门\(单位\)整体|部门（单位）整体", title + " ".join(stripped[:first])))
    figures = _figures(text)
    if _commissioned(title, "\n".join(stripped)):
        from generator.importers.statement import evaluation_kind

        kind = "财政评价" if re.search(r"财政(?:局|厅|部门)", text) else (evaluation_kind(text) or "部门评价")
        preamble = [line for line in stripped[:first] if line and line not in title and not title.startswith(line)]
        draft.unplaced = [item for item in draft.unplaced if item.removeprefix("报告之前的文字：") not in preamble]
        draft.unit_lines = [line for line in draft.unit_lines if line not in preamble]
        found = {"评价类型": kind, "标题": title, "正文": "\n".join(preamble + body)}
        name = _project_of(title) or re.sub(r"(?:绩效)?评价报告$", "", title)
        if name:
            found["项目"] = [{"项目名称": name, **({"得分": figures["自评得分"]} if "自评得分" in figures else {}), **({"等级": figures["等级"]} if "等级" in figures else {})}]
        draft.evaluations.append(found)
        draft.found.append("绩效评价报告")
        draft.title = title
        return draft
    if department_level:
        overall: dict = {"标题": title} if title else {}
        if unit_name:
            overall["部门名称"] = unit_name
        if figures.get("funds"):
            overall["年度预算执行情况"] = figures["funds"]
        for key in ("自评得分", "等级"):
            if key in figures:
                overall[key] = figures[key]
        overall["自评说明"] = sections
        listed = listed_spending(text)
        if listed:
            overall["项目支出明细"] = listed
        draft.overall = overall
        draft.found.append("部门整体支出绩效自评报告")
    else:
        project: dict = {"项目名称": _project_of(title)}
        if title:
            project["报告标题"] = title
        if figures.get("funds"):
            project["项目资金"] = {"年度资金总额": figures["funds"]}
        for key in ("自评得分", "等级"):
            if key in figures:
                project[key] = figures[key]
        indicators = sentence_indicators(body)
        if indicators:
            project["绩效指标"] = indicators
        project["自评报告"] = sections
        draft.projects.append(project)
        draft.found.append("绩效自评报告")
    if title:
        draft.title = title
    return draft


_UNIT_SUFFIX = re.compile(r"(?:局|委员会|委|办公室|办|中心|院|馆|站|所|队|会|厅|部|处|室|校|学|园|社|台|协)$")
_COVER_NAME = re.compile(r"^(?:部门\s*[(（]\s*单位\s*[)）]|部门|单位)\s*名\s*称\s*[:：]\s*(?P<name>\S.*?)\s*$")


def looks_like_unit_name(line: str) -> bool:
    """A line that is only an organisation's name ("益阳市赫山区城市管理和综合执法局"): short, no sentence, no digit."""
    text = line.strip()
    return 4 <= len(text) <= 30 and not re.search(r"[\d，,。；;:：、]", text) and bool(_UNIT_SUFFIX.search(text))


def cover_unit_name(line: str) -> str:
    """The cover page's "部门(单位)名称: 某某中心" → "某某中心"."""
    match = _COVER_NAME.match(line.strip())
    return match.group("name").strip() if match else ""


def _unit_in_title(title: str) -> str:
    """The unit a department-level report's title names before its year: "重庆市大足区发展和改革委员会2020年度…"."""
    match = re.match(r"^(?P<name>[\u4e00-\u9fff（）()]{4,30}?)\s*(?:19|20)\d{2}\s*年", title)
    name = match.group("name") if match else ""
    return name if _UNIT_SUFFIX.search(name) else ""


def _commissioned(title: str, text: str) -> bool:
    """An evaluation made of the unit by others (a 财政 or third-party 绩效评价报告), not the unit's own 自评."""
    return "自评" not in title and title.endswith("评价报告") and bool(re.search(r"受[^。]{0,30}委托|我所|第三方", text))


def _project_of(title: str) -> str:
    """The project a report's title names: in brackets after it, or before 项目支出绩效自评报告."""
    bracket = re.search(r"报告[（(]([^）)]+)", title)
    if bracket:
        return bracket.group(1).strip()
    match = _REPORT_TITLE.match(re.sub(r"\s+", "", title)) if title else None
    return match.group("name").strip() if match else ""


def _figures(text: str) -> dict:
    found: dict = {}
    funds: dict = {}
    for key, pattern in _REPORT_FIGURES.items():
        match = pattern.search(text)
        if match:
            funds[key] = Decimal(match.group(1).replace(",", ""))
    rate = _RATE.search(text)
    if rate:
        funds["执行率"] = rate.group(1)
    if funds:
        found["funds"] = funds
    score = _SCORE.search(text)
    if score:
        found["自评得分"] = Decimal(score.group(1))
    grade = _GRADE.search(text)
    if grade:
        found["等级"] = {"优秀": "优", "良好": "良"}.get(grade.group(1), grade.group(1))
    return found


# --- Indicators stated in sentences (云南: "1.产出指标完成情况 / 数量指标:平均每个农家书屋开展阅读活动数量4次,指标完成率100%,
# 数字资源补充50000册,指标完成率100%。") --------------------------------------------------------------------------
# The sentence gives the indicator's name run together with its 实际完成值 and then its 指标完成率; the report keeps the
# sentence whole (the 完成率 has no column in the form), the indicator list gets name and 实际完成值.

_LEVEL1_LINE = re.compile(r"^\d+\s*[.．、]\s*(?P<label>\S+?)(?:完成情况|情况)[。:：]?$")
_LEVEL2_PREFIX = re.compile(r"^(?P<label>[^:：，,。]{2,10})[:：]\s*(?P<rest>.+)$")
_STATED = re.compile(r"(?P<body>[^,，;；。:：]+?)\s*[,，]\s*(?:指标)?完成率\s*(?:为|达到?)?\s*(?P<rate>\d+(?:\.\d+)?%)")
_NUMERIC_END = re.compile(r"^(?P<name>.*?\D)(?P<value>[≥≤><=]?\d+(?:\.\d+)?\s*(?:%|[\u4e00-\u9fff/]{1,4})?)$")
# How a qualitative 完成值 is worded at the end of such a sentence ("逐年提升", "稳步提升", "有效提高").
QUALITATIVE_ENDINGS = re.compile(
    r"^(?P<name>.{2,}?)(?P<value>(?:逐年|稳步|有效|明显|显著|逐步|持续|进一步|大幅|不断|大大)?(?:提升|提高|改善|增强|增加|降低|减少|下降)"
    r"|达标|合格|及时|良好|满意|完成|保障|健全|规范)$"
)


def sentence_indicators(lines: list[str]) -> list[dict]:
    """The indicators a report states in sentences under "N.产出指标完成情况" (or after "数量指标:"), in order."""
    indicators: list[dict] = []
    level1: str | None = None
    for line in lines:
        text = line.strip()
        if _FIRST_LEVEL.match(text) or _SECOND_LEVEL.match(text):
            level1 = None
            continue
        heading = _LEVEL1_LINE.match(text)
        if heading and canonical_level1(heading.group("label")):
            level1 = canonical_level1(heading.group("label"))
            continue
        level2 = None
        prefix = _LEVEL2_PREFIX.match(text)
        if prefix:
            level2 = canonical_level2(prefix.group("label"), level1) if level1 else any_level2(prefix.group("label"))
            if level2:
                text = prefix.group("rest")
        if level1 is None and level2 is None:
            continue
        for stated in _STATED.finditer(text):
            split = _name_and_value(stated.group("body").strip())
            if split is None:
                continue
            indicator: dict = {}
            if level1:
                indicator["一级指标"] = level1
            if level2:
                indicator["二级指标"] = level2
            indicator["三级指标"], indicator["实际完成值"] = split
            indicators.append(indicator)
    return indicators


def _name_and_value(body: str) -> tuple[str, str] | None:
    for pattern in (_NUMERIC_END, QUALITATIVE_ENDINGS):
        match = pattern.match(body)
        if match and len(match.group("name").strip()) >= 2:
            return match.group("name").strip(), match.group("value").strip()
    return None


# --- A department-level report's list of its projects' spending ("项目支出包括委员活动经费36.3万元,扫黑除恶工作经费1万元,…")

_SPENDING_LIST = re.compile(r"项目支出(?:主要)?(?:包括|包含|有|为|分别为|明细如下)[:：]?\s*(?P<list>[^。；;]+)")
_SPENDING_ITEM = re.compile(r"(?P<name>[\u4e00-\u9fff（）()“”]{2,40}?)\s*(?P<amount>\d[\d,]*(?:\.\d+)?)\s*万元")


def listed_spending(text: str) -> list[dict]:
    """The projects a department-level report lists with their amounts, in the order printed (the first such list)."""
    match = _SPENDING_LIST.search(text)
    if not match:
        return []
    items = []
    for item in _SPENDING_ITEM.finditer(match.group("list")):
        name = re.sub(r"^(?:和|及|以及|、|，|,)", "", item.group("name")).strip()
        items.append({"项目名称": name, "金额": Decimal(item.group("amount").replace(",", ""))})
    return items if len(items) >= 2 else []
