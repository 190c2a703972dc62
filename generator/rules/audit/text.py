"""Rules on what a record says in words: claims the figures contradict, figures in the text that differ from
the table, an empty 存在问题 part, template wording left in, personal data, content the importer could not place."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable

from generator.records.figures import HUNDRED, plain
from generator.records.problems import FieldPath, Severity
from generator.rules.audit.engine import ProjectView, RecordView, rule
from generator.rules.audit.findings import Hit
from generator.rules.audit.reading import prose, scored_indicators, walk_texts
from generator.rules.indicator_state import judge
from generator.rules.scoring import MONEY_TOLERANCE, RATE_TOLERANCE, SCORE_TOLERANCE


_NOT_MET_TEXT = re.compile(r"未能|未完成|没有完成|未按计划|未达到|未如期|未达成|没有达到|未实现")


@rule("text-contradicts-score", Severity.WARNING, "文字与得分矛盾")
def text_contradicts_score(view: ProjectView) -> Iterable[Hit]:
    project = view.project
    said = project.goal.achieved
    match = _NOT_MET_TEXT.search(said)
    scored = [s for s in scored_indicators(view) if s.weight is not None]
    if not match or not scored or any(s.stated is None or s.stated < s.weight for s in scored):
        return
    grade = f"，等级为“{project.grade}”" if project.grade else ""
    yield Hit(
        ("年度总体目标", "实际完成情况"),
        f"实际完成情况写明“{match.group(0)}”完成目标，但每项绩效指标都得满分{grade}。",
        said.strip(), "全部指标满分",
    )


_SPENT_CLAIM = re.compile(
    r"(?:资金|经费|预算|款项|拨款)[^。；，,]{0,8}?(?:已|均已|已经)?全(?:部|额)(?:拨付|支付|支出|使用|执行|用完|兑付)(?:完毕)?"
    r"|(?:资金|经费|预算)[^。；，,]{0,8}?(?:已|均已)?(?:拨付|支付|执行|使用)完毕"
)
_DONE_CLAIM = re.compile(r"(?:预期|绩效|年度)?目标(?:已|均已|已经|全部|全面)(?:全部|全面)?(?:完成|实现|达成)|(?:全面|圆满)完成(?:了)?(?:年度|预期)?(?:绩效)?目标")


@rule("claim-vs-figures", Severity.WARNING, "文字所说与数字不符")
def claim_vs_figures(view: ProjectView) -> Iterable[Hit]:
    """What the text states (资金已全部拨付, 目标已完成) checked against the form's own figures."""
    funds = view.project.funds.total
    rate = view.score.execution_rate
    short = [s for s in view.score.indicators if judge(s, view.rules) is False]
    for path, text in prose(view.project):
        spent = _SPENT_CLAIM.search(text)
        if spent and rate is not None and HUNDRED - rate > RATE_TOLERANCE:
            yield Hit(
                path,
                f"文字写“{spent.group(0)}”，但全年执行数 {plain(funds.executed)} 万元只占全年预算数 {plain(funds.full_year_budget)} 万元的 {plain(rate)}%。",
                spent.group(0), f"{plain(rate)}%",
            )
        done = _DONE_CLAIM.search(text)
        if done and short:
            names = "、".join(f"“{s.indicator.display_name}”" for s in short[:3]) + ("等" if len(short) > 3 else "")
            yield Hit(
                path,
                f"文字写“{done.group(0)}”，但绩效指标中{names}的实际完成值未达到年度指标值。",
                done.group(0), f"{len(short)} 项指标未达到",
            )


def _section_has_text(section) -> bool:
    """Whether a report section says anything: its own text or a subsection's (headings alone say nothing)."""
    return bool(section.text.strip()) or any(_section_has_text(sub) for sub in section.subsections)


_PROBLEMS_TITLE = re.compile(r"存在(?:的)?(?:主要)?问题|主要问题")


@rule("empty-required-section", Severity.WARNING, "必填部分为空")
def empty_required_section(view: ProjectView) -> Iterable[Hit]:
    """The part that says what went wrong (存在问题) left empty: a heading with nothing under it, or a blank cell."""
    def walk(sections, path: FieldPath):
        for i, section in enumerate(sections):
            here = path + (i,)
            if _PROBLEMS_TITLE.search(section.title):
                if not _section_has_text(section):
                    yield Hit(here + ("标题",), f"报告中“{section.title.strip()}”一节没有内容：存在的问题应如实说明，确无问题也应写明。")
                continue
            yield from walk(section.subsections, here + ("子节",))

    yield from walk(view.project.report, ("自评报告",))
    analysis = view.project.analysis
    if not analysis.is_empty() and not analysis.problems.strip():
        yield Hit(("自评结果分析", "项目管理中存在的主要问题及原因分析"), "自评结果分析中“项目管理中存在的主要问题及原因分析”一栏为空。")


_AMOUNT = r"\s*(?:为|是)?\s*(\d+(?:\.\d+)?)\s*万元"
_TEXT_FIGURES: list[tuple[re.Pattern, str, str]] = [
    (re.compile(r"年初(?:申请)?预算(?:数|资金)?" + _AMOUNT), "initial_budget", "年初预算数"),
    (re.compile(r"(?:全年预算数|变动后预算数|调整后预算数|预算资金)" + _AMOUNT), "full_year_budget", "全年预算数"),
    (re.compile(r"(?:全年执行数|执行数|实际支出资金)" + _AMOUNT), "executed", "全年执行数"),
]
_TEXT_RATE = re.compile(r"(?:执行率|完成预算的)\s*(?:为|是)?\s*(\d+(?:\.\d+)?)\s*[%％]")
_TEXT_TOTAL = re.compile(r"自评得分\s*(?:为|是)?\s*(\d+(?:\.\d+)?)\s*分")
_TEXT_GRADE = re.compile(r"等级\s*(?:为|是)\s*[“\"]?([优良中差])")


@rule("summary-vs-table", Severity.WARNING, "文字中的数字与表中不符")
def summary_vs_table(view: ProjectView) -> Iterable[Hit]:
    project, s = view.project, view.score
    funds = project.funds.total
    for path, text in prose(project):
        for pattern, attribute, label in _TEXT_FIGURES:
            table = getattr(funds, attribute)
            for match in pattern.finditer(text):
                written = Decimal(match.group(1))
                if table is not None and abs(written - table) > MONEY_TOLERANCE:
                    yield Hit(path, f"文字“{match.group(0)}”与表中{label} {plain(table)} 万元不符。", f"{plain(written)} 万元", f"{plain(table)} 万元")
        table_rate = s.execution_rate if s.execution_rate is not None else s.stated_execution_rate
        for match in _TEXT_RATE.finditer(text):
            written = Decimal(match.group(1))
            if table_rate is None or written == table_rate:
                continue
            if abs(written - table_rate) > RATE_TOLERANCE:
                yield Hit(path, f"文字“{match.group(0)}”与执行率 {plain(table_rate)}% 不符。", f"{plain(written)}%", f"{plain(table_rate)}%")
            else:
                yield Hit(
                    path, f"文字“{match.group(0)}”与执行率 {plain(table_rate)}% 写法不一致（小数位数不同），宜统一。",
                    f"{plain(written)}%", f"{plain(table_rate)}%", Severity.INFO,
                )
        for match in _TEXT_TOTAL.finditer(text):
            written = Decimal(match.group(1))
            if s.stated_total is not None and abs(written - s.stated_total) > SCORE_TOLERANCE:
                yield Hit(path, f"文字“{match.group(0)}”与自评得分 {plain(s.stated_total)} 分不符。", plain(written), plain(s.stated_total))
        for match in _TEXT_GRADE.finditer(text):
            if s.stated_grade and match.group(1) != s.stated_grade:
                yield Hit(path, f"文字“{match.group(0)}”与等级“{s.stated_grade}”不符。", match.group(1), s.stated_grade)


# Families of template wording left in published text, each seen in real forms: placeholders (XX), instructions
# to the filler (请填写, 对照年度目标,说明…), length hints ((100字以内)), and bare numbering ("指标2：", "……").
_TEMPLATE_TEXT = re.compile(
    r"[XＸ]{2,}|此处填写|请填写|填写说明|（填写[^）]*）|\(填写[^)]*\)"
    r"|[（(]\s*(?:限|不超过)?\s*\d+\s*字(?:以内|以下|左右)?\s*[)）]"
    r"|^\s*(?:对照|根据|结合|围绕)[^。，,]{0,16}[，,]\s*(?:简要)?(?:说明|分析|阐述|填写|概述)"
    r"|^\s*(?:指标\s*\d+\s*[：:]|[…\.。·]{2,})\s*$"
)


@rule("template-text", Severity.WARNING, "模板文字未删除", scope="record")
def template_text(view: RecordView) -> Iterable[Hit]:
    for p, project in enumerate(view.record.projects):
        rows = [i for i, indicator in enumerate(project.indicators) if indicator.template_row]
        if rows:
            shown = "、".join(str(i + 1) for i in rows[:8]) + ("等" if len(rows) > 8 else "")
            yield Hit(
                ("项目", p, "绩效指标", rows[0], "三级指标"),
                f"绩效指标中有 {len(rows)} 行未填写的模板行（如“指标2：”“……”），第 {shown} 行；公开前宜删除或填写。",
            )
    for path, text in walk_texts(view.record, ()):
        if "审核说明" in path or "绩效指标" in path:
            continue  # the indicator table's template rows are counted above, once per project
        match = _TEMPLATE_TEXT.search(text)
        if match:
            yield Hit(path, f"“{match.group(0).strip()}”像是模板中未替换或未删除的文字。")


_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_ID_CARD = re.compile(r"(?<![\dXx])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dXx])")


@rule("personal-data", Severity.ERROR, "公开文字中含个人信息", scope="record")
def personal_data(view: RecordView) -> Iterable[Hit]:
    for path, text in walk_texts(view.record, ()):
        for pattern, kind in ((_ID_CARD, "身份证号码"), (_MOBILE, "手机号码")):
            for match in pattern.finditer(text):
                number = match.group(0)
                masked = number[:3] + "*" * (len(number) - 7) + number[-4:]
                yield Hit(path, f"文字中有疑似{kind}“{masked}”，公开前应删除或隐去。", masked)


@rule("unplaced-content", Severity.WARNING, "导入时未归类的内容", scope="record")
def unplaced_content(view: RecordView) -> Iterable[Hit]:
    # The importer never drops text it cannot place; it parks it here, and someone must sort it
    # into the right fields (or delete it knowingly) before the record is published.
    for i, text in enumerate(view.record.unplaced):
        preview = text.strip().replace("\n", " ")
        preview = preview[:30] + ("……" if len(preview) > 30 else "")
        yield Hit(("未归类内容", i), f"导入时有一段内容未能归入自评表的栏目：“{preview}”。请移到相应字段，或确认无用后删除。")
