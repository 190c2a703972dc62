"""A 部门整体支出绩效自评表 read by form_table → the record's 部门整体支出绩效自评 part.

form_table reads every 自评表 into the project form's labels; the department-level form differs in
what its columns mean (年初/调整指标值, 全年完成值, 得分系数, 指标权重, 是否核心指标), in a budget block
whose parts are listed as printed (基本支出、项目支出 …), and in goals with an adjusted version.
"""

from __future__ import annotations

from generator.importers.form_table import FormResult

_NATURES = {"≥", "≤", "=", ">", "<", "定性"}
_NATURE_SPELLINGS = {"定性指标": "定性", "＝": "=", "≧": "≥", "≦": "≤", ">=": "≥", "<=": "≤", "＞": ">", "＜": "<"}
_QUANTITATIVE = {"定量", "定量指标"}


def overall_from_form(form: FormResult) -> dict:
    """The 部门整体支出绩效自评 mapping (the model's Chinese keys) of one department-level form."""
    project = form.project
    overall: dict = {}
    if form.title:
        overall["标题"] = form.title.strip()
    name = project.get("主管部门") or project.get("实施单位")
    if name:
        overall["部门名称"] = name
    funds = _funds(project.pop("_funds", []), form)
    if funds:
        overall["年度预算执行情况"] = funds
    goal = project.get("年度总体目标", {})
    mapped_goal = {}
    if goal.get("预期目标"):
        mapped_goal["年初目标"] = goal["预期目标"]
    kept = project.pop("_kept", [])
    for label, text in kept:
        if label == "调整后目标":
            mapped_goal["调整目标"] = text
        else:
            form.unplaced.append(f"{label}：{text}")
    if goal.get("实际完成情况"):
        mapped_goal["实际完成情况"] = goal["实际完成情况"]
    if mapped_goal:
        overall["年度总体目标"] = mapped_goal
    indicators = [_indicator(i, form) for i in project.get("绩效指标", [])]
    if indicators:
        overall["绩效指标"] = indicators
    if project.get("整理说明"):
        overall["整理说明"] = project["整理说明"]  # amounts moved from 元 into 万元: what the form printed
    for key in ("自评得分", "等级"):
        if key in project:
            overall[key] = project[key]
    if project.get("项目名称"):
        form.unplaced.append(f"项目名称：{project['项目名称']}")
    analysis = project.get("自评结果分析", {})
    sections = [{"标题": label, "正文": text} for label, text in analysis.items() if text]
    if project.get("自评综述"):
        sections.append({"标题": "评价结论", "正文": project["自评综述"]})
    if sections:
        overall["自评说明"] = sections
    return overall


def _funds(rows: list, form: FormResult) -> dict:
    funds: dict = {}
    for name, printed, values, where in rows:
        if name == "年度资金总额" and not funds:
            funds.update(values)
            continue
        part = {"名称": printed}
        for key in ("年初预算数", "全年预算数", "全年执行数", "执行率"):
            if key in values:
                part[key] = values[key]
        for key in ("分值", "得分"):
            if key in values:
                form.unplaced.append(f"{where}：年度预算执行情况“{printed}”的“{key}”为 {values[key]}，只在合计一行设分值和得分，未能填入")
        funds.setdefault("其中", []).append(part)
    return funds


def _indicator(indicator: dict, form: FormResult) -> dict:
    out: dict = {"一级指标": indicator.get("一级指标") or "", "二级指标": indicator.get("二级指标") or "", "三级指标": indicator.get("三级指标", "")}
    if indicator.get("计量单位"):
        out["计量单位"] = indicator["计量单位"]
    nature = indicator.get("指标性质", "")
    nature = _NATURE_SPELLINGS.get(nature, nature)
    if nature in _NATURES:
        out["指标性质"] = nature
    elif nature and nature not in _QUANTITATIVE:
        form.unplaced.append(f"指标“{out['三级指标']}”的指标性质“{nature}”未能识别")
    for source, target in (("年度指标值", "年初指标值"), ("调整指标值", "调整指标值"), ("实际完成值", "全年完成值"),
                           ("得分系数", "得分系数"), ("分值", "指标权重"), ("得分", "指标得分"),
                           ("偏差原因分析及改进措施", "偏差原因分析及改进措施")):
        if indicator.get(source) not in (None, ""):
            out[target] = indicator[source]
    if "核心指标" in indicator:
        out["是否核心指标"] = "是" if indicator["核心指标"] else "否"
    if indicator.get("指标方向") == "定性":
        out["指标方向"] = "定性"
    return out
