"""The site's fixed words for facts a reader meets on pages and in the data alike: one word for one fact.

A page, an export and the API say the same thing the same way; change a wording here and it changes everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

# The unit's document does not state it (a grade, a date, a score): not "未评级", which would say the unit
# did not grade, nor a blank cell, which a reader cannot tell from a lost value.
NOT_STATED = "原文未载明"
GRADE_NOT_STATED = NOT_STATED


# --- Glossary: the form's terms as a citizen meets them (财预〔2020〕10号 and its 项目支出绩效自评表) ---------


@dataclass(frozen=True)
class Term:
    word: str
    anchor: str  # the id on the glossary page: ASCII, stable
    meaning: str


GLOSSARY: tuple[Term, ...] = (
    Term("绩效自评", "self-evaluation", "预算部门或单位对照年初设定的绩效目标，对本单位项目支出的完成情况自己打分、自己写分析。"
         "自评结果由单位随部门决算公开，没有经过财政部门或第三方的评价。"),
    Term("年初预算数", "initial-budget", "年初人大批准的预算中安排给该项目的资金，单位为万元。"),
    Term("全年预算数", "full-year-budget", "年中调整以后该项目全年可用的预算资金，单位为万元。"),
    Term("全年执行数", "executed", "该项目全年实际支出的资金，单位为万元。"),
    Term("执行率", "execution-rate", "全年执行数 ÷ 全年预算数 × 100%，表示预算花出去了多少。执行率低，可能是项目推迟，也可能是节约了资金，"
         "要看单位在偏差分析中的说明。自评表中的执行率照原文刊载；本站另用两个数字重新计算，并注明是本站计算。"),
    Term("当年财政拨款", "current-year-funds", "本年度财政安排的资金，是“年度资金总额”的一部分。"),
    Term("上年结转资金", "carried-over-funds", "以前年度没有花完、结转到本年度继续使用的资金。"),
    Term("其他资金", "other-funds", "财政拨款以外的资金，如单位自有资金。"),
    Term("绩效指标", "indicators", "衡量项目做得怎么样的具体指标，分三级：一级指标是产出、效益、满意度；二级指标如数量、质量、时效、成本、"
         "社会效益、服务对象满意度；三级指标是具体的一项，如“召开会议次数”。"),
    Term("三级指标", "level3", "绩效指标中最具体的一级，如“召开会议次数（次）”，每项都写年度指标值、实际完成值、分值和得分。"),
    Term("年度指标值", "target", "年初定下的目标，可以是数字（如 20、≥95%），也可以是文字（如“提高”“及时”）。"),
    Term("实际完成值", "actual", "年末实际做到的情况，由单位填写。"),
    Term("分值", "weight", "一项指标在满分 100 分中占的分数。全国通用的规定是预算执行率 10 分，其余指标合计 90 分，"
         "各地可以另有规定。"),
    Term("得分", "score", "单位按完成情况给这一项打的分，一般不超过分值（个别评价表的评分标准设有加分项）。"),
    Term("自评得分", "total-score", "预算执行率得分与各项指标得分之和，满分 100 分，照原文刊载。"),
    Term("等级", "grade", f"按自评得分划分：90 分（含）以上为优，80 分（含）至 90 分为良，60 分（含）至 80 分为中，60 分以下为差。"
         f"原文没有写等级的，本站写“{NOT_STATED}”，不替单位评定。"),
    Term("偏差原因分析及改进措施", "deviation", "实际完成值没有达到年度指标值时，单位说明原因和下一步怎么改。"),
    Term("本站复算", "site-recomputation", "本站按评分规则，用自评表中的数字重新计算的得分和等级，只供读者对照，不是单位公开的数字，"
         "也不是财政或审计部门的结论。计算方法见“评分方法说明”。"),
    Term("模板行", "template-row", "自评表模板中没有填写的空行（如“指标2：”“……”）。本站照原表保留，在数据中标明，统计时不计入。"),
)


def glossary_anchor(word: str) -> str:
    return next(t.anchor for t in GLOSSARY if t.word == word)
