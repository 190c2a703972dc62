"""The paragraphs of a 绩效情况说明 that state figures in sentences: 自评覆盖 and evaluation results.

"我单位对2023年度12个项目开展绩效自评，涉及资金5,120.36万元，占项目支出总额的100%" and
"区财政局对我单位7个项目开展了重点绩效评价，涉及资金2,298万元，评价结果为优良的4个、中的3个"
are read into the record's 预算绩效管理工作开展情况 and 评价结果, the paragraph kept as published.
"""

from __future__ import annotations

import re
from decimal import Decimal

_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_COUNT = r"(\d+|[一二两三四五六七八九十])"
_AMOUNT = r"(\d[\d,，]*(?:\.\d+)?)\s*万元"
_GRADES = "优秀|优良|良好|较好|优|良|中等|中|合格|一般|较差|差"

# What the paragraph is about, by its words; the first that matches wins.
# A 重点评价 is named so whoever made it (财政局, 部门, 第三方: that is its 评价主体), as docs/format.md says.
EVALUATION_KINDS = (
    ("重点评价", re.compile(r"重点(?:绩效)?评价|重点项目[^。]{0,40}?(?:绩效)?评价")),
    ("财政评价", re.compile(r"财政(?:部门|局|厅)?(?:绩效)?评价|财政评价")),
    ("部门评价", re.compile(r"部门(?:绩效)?评价|部门评价")),
)
SELF_EVALUATION = re.compile(r"绩效自评|自评")
_EVALUATOR = re.compile(r"((?:[\u4e00-\u9fff]{1,12}?(?:财政局|财政厅|财政部门|财政部))|委托第三方(?:机构)?|第三方机构|本部门|我部门|我单位)")


def number_of(text: str) -> Decimal:
    return Decimal(text) if text.isdigit() else Decimal(_CHINESE_DIGITS[text])


def amount_of(text: str) -> Decimal:
    return Decimal(text.replace(",", "").replace("，", ""))


def coverage(text: str) -> dict:
    """预算绩效管理工作开展情况: the paragraph as published and the figures it states."""
    result: dict = {"正文": text}
    count = re.search(_COUNT + r"\s*个(?:项目|专项|一级项目|二级项目)", text.replace("唯一", ""))
    if count:
        result["自评项目数"] = number_of(count.group(1))
    amount = re.search(r"(?:(?:涉及|覆盖)(?:预算|项目)?(?:资金|金额)|项目(?:资金|金额))(?:共计|合计|总额)?为?\s*" + _AMOUNT, text)
    if amount:
        result["涉及预算资金"] = amount_of(amount.group(1))
    share = re.search(r"占[^，。；]*?(\d+(?:\.\d+)?\s*%)", text)
    if share:
        result["占项目支出总额比例"] = share.group(1).replace(" ", "")
    return result


def is_coverage(text: str) -> bool:
    """A sentence on how much was self-evaluated: 自评 with a count of projects or entries, an amount, or a
    scope ("所有预算项目支出", "全覆盖"); or the 预算绩效管理 system said to cover everything ("全方位、全过程、全覆盖")."""
    if evaluation_kind(text):
        return False
    counted = bool(SELF_EVALUATION.search(text)) and bool(
        re.search(_COUNT + r"\s*个(?:项目|专项)|" + _AMOUNT + r"|\d+\s*条|所有|全部|全覆盖", text)
    )
    return counted or bool(re.search(r"预算绩效管理", text) and re.search(r"全覆盖|全面开展|全面实施", text))


def evaluation_kind(text: str) -> str | None:
    for kind, pattern in EVALUATION_KINDS:
        if pattern.search(text):
            return kind
    return None


def grade_counts(text: str) -> list[dict]:
    """"优良的4个、中的3个", "4个为优", "等级为优的2个" → [{等级, 项目数}] in the order printed."""
    found: list[tuple[int, str, Decimal]] = []
    for match in re.finditer(rf"(?:为|等级为|评为|结果为)?[“\"]?({_GRADES})[”\"]?(?:等级)?(?:的|级)?(?:项目)?(?:有)?\s*{_COUNT}\s*个", text):
        found.append((match.start(), match.group(1), number_of(match.group(2))))
    for match in re.finditer(rf"{_COUNT}\s*个(?:项目)?(?:为|评为|等级为|获评|被评为|评价为|结果为)[“\"]?({_GRADES})[”\"]?", text):
        if not any(abs(match.start() - start) < 3 for start, _, _ in found):
            found.append((match.start(), match.group(2), number_of(match.group(1))))
    return [{"等级": grade, "项目数": count} for _, grade, count in sorted(found)]


def evaluation(text: str, title: str = "") -> dict | None:
    """One 评价结果 from its paragraph, or None when the paragraph is about no evaluation."""
    kind = evaluation_kind(title + text)
    if kind is None:
        return None
    result: dict = {"评价类型": kind}
    if title:
        result["标题"] = title
    evaluator = _EVALUATOR.search(text)
    if evaluator and evaluator.group(1) not in ("我单位", "我部门"):
        # the name only, not the words before it: "2022年绩效评价工作由县财政局" → "县财政局"
        result["评价主体"] = re.split(r"由|经|对|是|的|和|与|将|已", evaluator.group(1))[-1]
    result["正文"] = text
    count = re.search(_COUNT + r"\s*个[^，。,;；、]{0,6}?\s*(?:项目|专项)", text)
    if count:
        result["项目数"] = number_of(count.group(1))
    amount = re.search(r"(?:涉及|覆盖)?(?:预算|项目)?(?:资金|金额)(?:共计|合计|总额)?为?\s*" + _AMOUNT, text)
    if amount:
        result["涉及资金"] = amount_of(amount.group(1))
    grades = grade_counts(text)
    if grades:
        result["等级分布"] = grades
    return result


# --- the rest of a 说明: its headline and its other paragraphs -----------------------------------------

_SENTENCE = re.compile(r"[，,。；;！!？?]")


def headline(line: str) -> str:
    """A 说明 published as a news item starts with its headline: a short line, no sentence, about 绩效/评价
    (not the name of the file a document site converted: "….docx")."""
    text = line.strip()
    if re.search(r"\.(?:docx?|wps|pdf|xlsx?)$", text, re.I):
        return ""
    return text if 8 <= len(text) <= 50 and not _SENTENCE.search(text) and re.search(r"绩效|评价|自评", text) else ""


def prose(line: str) -> bool:
    """A paragraph of the unit's sentences (not a table's cell, a figure alone or a label)."""
    text = line.strip()
    return len(text) >= 20 and bool(_SENTENCE.search(text)) and bool(re.search(r"[。；;！!？?:：]$", text) or len(text) >= 40)


def add_other_text(draft, line: str, *, continues: bool) -> None:
    """A paragraph of the 说明 that is neither 自评覆盖 nor an evaluation: its 其他说明, in the order published
    (consecutive paragraphs make one untitled section)."""
    if continues and draft.other_sections:
        draft.other_sections[-1]["正文"] += "\n" + line.strip()
    else:
        draft.other_sections.append({"标题": "", "正文": line.strip()})


# --- 自评结果 stated in sentences (河南: "一是单位整体绩效自评情况:…整体绩效自评为优秀; 二是项目绩效自评情况。
# 我单位共有 1 个项目批复了绩效目标,项目金额 46.00 万元。其中: 某某经费 46.00 万元。") ------------------------------

_WHOLE = re.compile(r"(?P<who>部门\s*[(（]\s*单位\s*[)）]\s*整体|单位整体|部门整体|整体)(?:支出)?绩效自评(?:结果|等级)?(?:为|是|评定为|评为)\s*[“\"]?(?P<grade>(?:优\s*秀|良\s*好|合\s*格|优|良|中|差))")
_WHOLE_NAMED = re.compile(r"(部门\s*[(（]\s*单位\s*[)）]\s*整体|单位整体|部门整体)(?:支出)?绩效自评")
_LISTED = re.compile(r"其中\s*[:：]\s*(?P<list>[^。]+)")
_LISTED_ITEM = re.compile(r"(?P<name>[\u4e00-\u9fff（）()、“”]{4,40}?)\s*(?P<amount>\d[\d,]*(?:\.\d+)?)\s*万元")


def self_evaluation(text: str, title: str = "") -> dict | None:
    """The results of the unit's own 自评 as a 说明 states them without forms: the grade of the unit as a whole,
    the projects listed with their amounts, how many; None when the paragraph states none of these."""
    projects: list[dict] = []
    whole = _WHOLE.search(text)
    if whole:
        # "整体绩效自评为优秀" after "一是单位整体绩效自评情况": the unit as a whole, named as the paragraph names it
        named = _WHOLE_NAMED.search(text) if whole.group("who") == "整体" else None
        who = named.group(1) if named else whole.group("who")
        # the grade as printed, without the line break a flattened Word file left inside it ("优 秀")
        projects.append({"项目名称": re.sub(r"\s+", "", who), "等级": re.sub(r"\s+", "", whole.group("grade"))})
    for listed in _LISTED.finditer(text):
        if not re.search(r"个项目|项目(?:金额|资金)", text[max(0, listed.start() - 80) : listed.start()]):
            continue  # "其中:基本支出…, 项目支出…" breaks down a budget, not the projects evaluated
        for item in _LISTED_ITEM.finditer(listed.group("list")):
            projects.append({"项目名称": item.group("name").strip("、，, "), "涉及资金": amount_of(item.group("amount"))})
    count = re.search(_COUNT + r"\s*个(?:项目|专项)", text)
    amount = re.search(r"(?:项目|涉及|预算)(?:资金|金额)(?:共计|合计|总额)?为?\s*" + _AMOUNT, text)
    if not projects and not count:
        return None
    result: dict = {"评价类型": "自评"}
    if title:
        result["标题"] = title
    result["正文"] = text
    # With the unit as a whole listed beside the projects, "共有 1 个项目…项目金额 46.00 万元" is how much the 自评
    # covered (自评覆盖), not a count of the entries listed here.
    counts = ("自评项目数", "涉及预算资金") if whole else ("项目数", "涉及资金")
    target = result.setdefault("覆盖", {}) if whole else result
    if count:
        target[counts[0]] = number_of(count.group(1))
    if amount:
        target[counts[1]] = amount_of(amount.group(1))
    if projects:
        result["项目"] = projects
    return result
