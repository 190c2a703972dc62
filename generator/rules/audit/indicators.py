"""Rules on a project's 绩效指标 rows: a target missed yet scored high, a score above its 分值, a target far
exceeded without a word, blank or placeholder rows, a missing deviation analysis, how a value and its unit
are written."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from generator.records.figures import plain
from generator.records.problems import FieldPath, Severity
from generator.rules.audit.engine import ProjectView, rule
from generator.rules.audit.findings import Hit
from generator.rules.audit.reading import indicator_path, is_placeholder, note_is_empty, scored_indicators, walk_texts
from generator.rules.scoring import SCORE_TOLERANCE, Method


@rule("below-target-full-score", Severity.ERROR, "未达到目标但得分偏高")
def below_target_full_score(view: ProjectView) -> Iterable[Hit]:
    total = view.score.total
    for s in scored_indicators(view):
        if not s.stated_above_computed or s.met:  # a met target scored above its 分值 is score-above-weight
            continue
        name = s.indicator.display_name
        if s.method is Method.QUALITATIVE:
            why = f"判为“{s.band}”，得分最高为 {plain(s.computed)} 分"
        else:
            why = f"实际完成值 {s.indicator.actual} 未达到年度指标值 {s.indicator.target}，按比例应得 {plain(s.computed)} 分"
        after = f"按此复核，总分为 {plain(total)} 分。" if total is not None else ""
        yield Hit(indicator_path(s.index, "得分"), f"“{name}”{why}，填报 {plain(s.stated)} 分。{after}", plain(s.stated), plain(s.computed))


@rule("score-above-weight", Severity.ERROR, "得分高于分值")
def score_above_weight(view: ProjectView) -> Iterable[Hit]:
    for s in scored_indicators(view):
        if s.weight is None or s.stated is None or s.stated - s.weight <= SCORE_TOLERANCE:
            continue
        if s.verifiable and not s.met:
            continue  # below-target-full-score reports it, with what the target allows
        if s.indicator.level1 is None:
            # Not one of the form's 产出/效益/满意度 indicators: a 评价 scoring sheet's 决策/过程 row, whose own
            # 评分标准 may grant bonus points (加分). Above its 分值 is then a question, not an error.
            yield Hit(indicator_path(s.index, "得分"),
                      f"“{s.indicator.display_name}”得分 {plain(s.stated)} 分高于分值 {plain(s.weight)} 分；"
                      "若评分标准设有加分，请在说明中写明。",
                      plain(s.stated), plain(s.weight), Severity.WARNING)
            continue
        yield Hit(indicator_path(s.index, "得分"),
                  f"“{s.indicator.display_name}”得分 {plain(s.stated)} 分高于分值 {plain(s.weight)} 分。",
                  plain(s.stated), plain(s.weight))


@rule("far-above-target", Severity.WARNING, "大幅超出目标而未说明原因")
def far_above_target(view: ProjectView) -> Iterable[Hit]:
    margin = view.rules.far_above_target / Decimal(100)
    for s in scored_indicators(view):
        indicator = s.indicator
        if s.method not in (Method.HIGHER_BETTER, Method.LOWER_BETTER) or not s.met or not note_is_empty(indicator.deviation):
            continue
        a, b = indicator.target_value.number, indicator.actual_value.number
        if a is None or b is None or a <= 0 or b == 0:
            continue  # a cost of 0 is zero-cost-with-output's concern, not a target set too high
        far = b >= a * (1 + margin) if s.method is Method.HIGHER_BETTER else b <= a * (1 - margin)
        if far:
            word = "高" if s.method is Method.HIGHER_BETTER else "低"
            share = plain((abs(b - a) / a * 100).to_integral_value(ROUND_HALF_UP))
            yield Hit(
                indicator_path(s.index, "实际完成值"),
                f"“{indicator.display_name}”实际完成值“{indicator.actual}”比年度指标值“{indicator.target}”{word} {share}%，"
                "偏差原因分析未说明；目标是否定得不合理？",
                indicator.actual, indicator.target,
            )


@rule("empty-actual", Severity.WARNING, "实际完成值未填写")
def empty_actual(view: ProjectView) -> Iterable[Hit]:
    for s in scored_indicators(view):
        indicator = s.indicator
        if indicator.target.strip() and not indicator.actual.strip() and not is_placeholder(indicator):
            # A form the site rebuilt from a report: the report gives no figure; nobody left a cell blank.
            if view.project.form_rebuilt:
                said = "绩效自评报告未载明实际完成值，" + (f"报告所写的得分 {plain(s.stated)} 分无法核验。" if s.stated is not None else "也未载明得分。")
            else:
                said = "实际完成值未填写，" + (f"填报的得分 {plain(s.stated)} 分无法核验。" if s.stated is not None else "得分也未填写。")
            yield Hit(indicator_path(s.index, "实际完成值"), f"“{indicator.display_name}”年度指标值为“{indicator.target}”，{said}")


@rule("placeholder-indicator", Severity.ERROR, "占位指标计了分")
def placeholder_indicator(view: ProjectView) -> Iterable[Hit]:
    for s in scored_indicators(view):
        if is_placeholder(s.indicator):
            yield Hit(
                indicator_path(s.index, "三级指标"),
                f"{s.indicator.level2}“{s.indicator.name}”（年度指标值“{s.indicator.target}”）不是实际的绩效指标，"
                f"却有分值 {plain(s.weight)} 分、得分 {plain(s.stated)} 分。",
                plain(s.stated), "0",
            )


@rule("missing-deviation-note", Severity.WARNING, "有偏差而未分析原因")
def missing_deviation_note(view: ProjectView) -> Iterable[Hit]:
    for s in scored_indicators(view):
        if s.verifiable and s.met is False and note_is_empty(s.indicator.deviation):
            yield Hit(
                indicator_path(s.index, "偏差原因分析及改进措施"),
                f"“{s.indicator.display_name}”未达到年度指标值（{s.indicator.target}，实际 {s.indicator.actual}），偏差原因分析及改进措施未填写。",
            )
    rate = view.score.execution_rate
    if rate is None or rate >= view.rules.deviation_rate:
        return
    section = _deviation_section(view.project.report, ("自评报告",))
    if section is not None:
        path, title, empty = section
        if empty:
            yield Hit(path + ("正文",), f"执行率 {plain(rate)}%，报告中“{title}”一节为空，未分析偏差原因。", f"{plain(rate)}%")
        return
    written = [i.deviation for i in view.project.indicators if not note_is_empty(i.deviation)]
    if not written and not view.project.analysis.implementation.strip():
        yield Hit(("项目资金", "年度资金总额", "执行率"), f"执行率 {plain(rate)}%，未说明预算未执行完的原因。", f"{plain(rate)}%")


def _deviation_section(sections, path: FieldPath):
    for i, section in enumerate(sections):
        here = path + (i,)
        if "偏差" in section.title:
            empty = not section.text.strip() and not any(t.strip() for _, t in walk_texts(section.subsections, ()))
            return here, section.title.strip(), empty
        found = _deviation_section(section.subsections, here + ("子节",))
        if found:
            return found
    return None


@rule("operator-in-actual", Severity.WARNING, "实际完成值中写了比较符号")
def operator_in_actual(view: ProjectView) -> Iterable[Hit]:
    for i, indicator in enumerate(view.project.indicators):
        if indicator.actual_value.comparator is not None:
            yield Hit(
                indicator_path(i, "实际完成值"),
                f"“{indicator.display_name}”实际完成值写作“{indicator.actual}”：应填写实际达到的数值，而不是目标的写法。",
                indicator.actual,
            )


_UNIT_SPELLINGS = {"百分比": "%", "百分率": "%", "％": "%", "元／人": "元/人", "元每人": "元/人", "人/次": "人次", "万": "万元"}


@rule("unit-spelling", Severity.INFO, "计量单位写法不统一")
def unit_spelling(view: ProjectView) -> Iterable[Hit]:
    seen: dict[str, list[int]] = {}
    for i, indicator in enumerate(view.project.indicators):
        unit = indicator.unit.strip()
        preferred = _UNIT_SPELLINGS.get(unit) or (unit.replace("／", "/") if "／" in unit else None)
        if preferred and preferred != unit:
            seen.setdefault(unit, []).append(i)
    for unit, rows in seen.items():
        preferred = _UNIT_SPELLINGS.get(unit) or unit.replace("／", "/")
        shown = "、".join(str(i + 1) for i in rows)
        yield Hit(indicator_path(rows[0], "计量单位"), f"计量单位“{unit}”宜统一写作“{preferred}”（绩效指标第 {shown} 项）。", unit, preferred)
