"""The record format: what a department's 绩效情况说明 for one year holds.

Keys are the labels of the official 项目支出绩效自评表 in Chinese (aliases), because the authors are
finance staff who know those labels by heart; attributes are English for the code. Numbers are Decimal
as published, even where they are wrong: the site publishes what the unit published, and the audit
(a later stage) reports what does not add up.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import Enum, StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from generator.records.indicator_values import Comparator, ParsedValue, ValueKind, parse_value

# --- Value types -------------------------------------------------------------------------------
# Each refuses the other kinds with a message in the author's words, so that "a number where text
# belongs and the reverse" is caught at the field, not discovered later as a strange page.


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise PydanticCustomError("zh_text", "应为文字，实际写的是“{found}”（真/假值）。如确是文字，请加引号", {"found": "true" if value else "false"})
    if isinstance(value, (Decimal, int)):
        raise PydanticCustomError("zh_text", "应为文字，实际写的是数字 {found}。如确是文字，请加引号，例如“{found}”", {"found": str(value)})
    if isinstance(value, dt.date):
        raise PydanticCustomError("zh_text", "应为文字，实际写的是日期 {found}。如确是文字，请加引号", {"found": value.isoformat()})
    raise PydanticCustomError("zh_text", "应为文字，实际写的是{found}", {"found": _kind_name(value)})


# The largest figure a 自评表 can carry and still be computed exactly: Decimal works to 28 significant
# digits, and rounding 10**27 to the cent needs 30. 15 integer digits (万元: a thousand trillion yuan) and 6
# decimals are far beyond any published form, so a number outside them is a typing slip, refused at load.
MAX_INTEGER_DIGITS = 15
MAX_DECIMALS = 6


def _bounded(number: Decimal) -> Decimal:
    if not number.is_finite():
        raise PydanticCustomError("zh_number_range", "应为数字，实际写的是“{found}”", {"found": str(number)})
    sign, digits, exponent = number.as_tuple()
    decimals = max(0, -exponent)
    integer_digits = len(digits) + exponent if number != 0 else 1
    if integer_digits > MAX_INTEGER_DIGITS or decimals > MAX_DECIMALS:
        raise PydanticCustomError(
            "zh_number_range",
            "数字 {found} 超出记录格式的范围：整数部分最多 {integers} 位、小数最多 {decimals} 位。请核对是否多写或少写了数字",
            {"found": _shown_number(number), "integers": MAX_INTEGER_DIGITS, "decimals": MAX_DECIMALS},
        )
    return number


def _shown_number(number: Decimal) -> str:
    text = f"{number:f}"
    return text if len(text) <= 40 else f"{text[:20]}…{text[-8:]}（共 {len(text)} 个字符）"


def _required_text(value: Any) -> str:
    text = _text(value)
    if not text.strip():
        raise PydanticCustomError("zh_required_text", "不能为空：请照原文填写（写成 ~ 或空白时页面没有标题）", {})
    return text


def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise PydanticCustomError("zh_number", "应为数字，实际写的是真/假值“{found}”", {"found": "true" if value else "false"})
    if isinstance(value, Decimal):
        return _bounded(value)
    if isinstance(value, int):
        return _bounded(Decimal(value))
    if isinstance(value, str):
        raise PydanticCustomError(
            "zh_number", "应为数字（例如 20.37），实际写的是文字“{found}”。金额以万元计，不写单位；不要加引号", {"found": value}
        )
    raise PydanticCustomError("zh_number", "应为数字，实际写的是{found}", {"found": _kind_name(value)})


def _optional_number(value: Any) -> Decimal | None:
    return None if value is None else _number(value)


def _value_text(value: Any) -> str:
    """年度指标值 / 实际完成值 / 执行率: a number or a text, kept as the published text."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(_bounded(value))  # Decimal keeps the exact digits that were written: "20.370" stays "20.370"
    return _text(value)


def _year(value: Any) -> int:
    number = _number(value)
    if number != number.to_integral_value() or not 1990 <= number <= 2100:
        raise PydanticCustomError("zh_year", "应为四位年份（例如 2024），实际写的是 {found}", {"found": str(value)})
    return int(number)


def _optional_year(value: Any) -> int | None:
    return None if value is None else _year(value)


def _count(value: Any) -> int | None:
    if value is None:
        return None
    number = _number(value)
    if number != number.to_integral_value() or number < 0:
        raise PydanticCustomError("zh_count", "应为不小于 0 的整数，实际写的是 {found}", {"found": str(value)})
    return int(number)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    raise PydanticCustomError("zh_date", "应为日期，格式 2022-12-07（不加引号），实际写的是“{found}”", {"found": value})


def _kind_name(value: Any) -> str:
    if isinstance(value, dict):
        return "一组“键: 值”（映射）"
    if isinstance(value, list):
        return "一个列表"
    return type(value).__name__


_CODE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
# A folder's own page is index.md: a project or department coded "index" would take its folder's URL;
# the department-level form's page is OVERALL_PAGE beside the projects of its year.
OVERALL_PAGE = "bumen-zhengti"
RESERVED_CODES = frozenset({"index", OVERALL_PAGE})


def _code(value: Any) -> str:
    text = _text(value) if not isinstance(value, Decimal) else str(value)
    if not _CODE.fullmatch(text):
        raise PydanticCustomError(
            "zh_code",
            "编码“{found}”不合规：只能用小写英文字母、数字和连字符“-”，以字母或数字开头和结尾，最长 64 个字符（它会成为网址的一部分）",
            {"found": text},
        )
    if text in RESERVED_CODES:
        raise PydanticCustomError(
            "zh_code_reserved",
            "编码不能用“{found}”：本站的页面已占用这个网址（目录首页或部门整体支出绩效自评页），用作编码会与它冲突。请换一个编码",
            {"found": text},
        )
    return text


Text = Annotated[str, BeforeValidator(_text)]
RequiredText = Annotated[str, BeforeValidator(_required_text)]  # a heading: a page without one has no title
Amount = Annotated[Decimal, BeforeValidator(_number)]  # 万元, as published
OptionalAmount = Annotated[Decimal | None, BeforeValidator(_optional_number)]
Score = Annotated[Decimal | None, BeforeValidator(_optional_number)]
ValueText = Annotated[str, BeforeValidator(_value_text)]
Year = Annotated[int, BeforeValidator(_year)]
Date = Annotated[dt.date, BeforeValidator(_date)]
Code = Annotated[str, BeforeValidator(_code)]
Count = Annotated[int | None, BeforeValidator(_count)]


class Record(BaseModel):
    """Base of every part of the format: Chinese keys, unknown keys refused (typos such as 年初预算 for 年初预算数)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, str_strip_whitespace=False)


# --- Department registry (content/departments.yml) ---------------------------------------------------


class Region(Record):
    code: Code = Field(alias="编码", description="地区编码，小写字母、数字、连字符")
    name: Text = Field(alias="名称", description="地区名称，如：大同市云州区")
    placeholder: bool = Field(False, alias="名称为示意", description="原始文件未载明地名、此处为示意名称时写 true")


class Department(Record):
    code: Code = Field(alias="编码", description="单位编码，出现在网址中，发布后不要再改")
    full_name: Text = Field(alias="全称", description="单位全称")
    short_name: Text = Field(alias="简称", description="单位简称，用于导航")
    region: Code = Field(alias="地区", description="所在地区的编码（见本文件“地区”）")
    supervisor: Text = Field("", alias="主管部门", description="主管部门名称")
    order: int = Field(0, alias="排序", description="在单位列表中的顺序，数字小的在前")
    placeholder: bool = Field(False, alias="名称为示意", description="原始文件未载明单位全称、此处为示意名称时写 true")


class Registry(Record):
    regions: list[Region] = Field(alias="地区")
    departments: list[Department] = Field(alias="单位")


# --- One project's 自评表 and report -----------------------------------------------------------


class FundRow(Record):
    """One row of the 项目资金（万元） block. Blank cells of the form are left out (None)."""

    initial_budget: OptionalAmount = Field(None, alias="年初预算数", description="万元")
    full_year_budget: OptionalAmount = Field(None, alias="全年预算数", description="万元，年中调整后的预算")
    executed: OptionalAmount = Field(None, alias="全年执行数", description="万元")
    rate: ValueText = Field("", alias="执行率", description="表中填写的执行率，照原样，如 98% 或 63.66%")


class FundTotal(FundRow):
    weight: Score = Field(None, alias="分值", description="预算执行率的分值（全国默认 10 分）")
    score: Score = Field(None, alias="得分", description="预算执行率得分，照原样")


class Funds(Record):
    total: FundTotal = Field(default_factory=FundTotal, alias="年度资金总额")
    current_year: FundRow = Field(default_factory=FundRow, alias="当年财政拨款")
    carried_over: FundRow = Field(default_factory=FundRow, alias="上年结转资金")
    other: FundRow = Field(default_factory=FundRow, alias="其他资金")

    def rows(self) -> list[tuple[str, FundRow]]:
        return [("年度资金总额", self.total), ("当年财政拨款", self.current_year), ("上年结转资金", self.carried_over), ("其他资金", self.other)]


class Goal(Record):
    expected: Text = Field("", alias="预期目标")
    achieved: Text = Field("", alias="实际完成情况")


# The indicator levels of the 财预〔2020〕10号 form. StrEnum: a level compares equal to its printed name and
# prints as it (f-strings, Jinja), never as "Level1.OUTPUT". No docstrings: they would enter the JSON Schema.
class Level1(StrEnum):
    OUTPUT = "产出指标"
    BENEFIT = "效益指标"
    SATISFACTION = "满意度指标"


class Level2(StrEnum):
    QUANTITY = "数量指标"
    QUALITY = "质量指标"
    TIMELINESS = "时效指标"
    COST = "成本指标"
    ECONOMIC = "经济效益指标"
    SOCIAL = "社会效益指标"
    ECOLOGICAL = "生态效益指标"
    SUSTAINABILITY = "可持续影响指标"
    SATISFACTION = "服务对象满意度指标"


LEVEL2_BY_LEVEL1: dict[Level1, tuple[Level2, ...]] = {
    Level1.OUTPUT: (Level2.QUANTITY, Level2.QUALITY, Level2.TIMELINESS, Level2.COST),
    Level1.BENEFIT: (Level2.ECONOMIC, Level2.SOCIAL, Level2.ECOLOGICAL, Level2.SUSTAINABILITY),
    Level1.SATISFACTION: (Level2.SATISFACTION,),
}


class Direction(str, Enum):
    HIGHER_BETTER = "正向"
    LOWER_BETTER = "反向"
    QUALITATIVE = "定性"


_TEMPLATE_NAME = re.compile(r"^(?:指标\s*\d+\s*[：:]?|[…\.。·]+|)$")


class IndicatorReadings:
    """What scoring and pages read of an indicator row of either form (name, unit, target, actual)."""

    @cached_property
    def target_value(self) -> ParsedValue:
        return parse_value(self.target)

    @cached_property
    def actual_value(self) -> ParsedValue:
        return parse_value(self.actual)

    @property
    def form_name(self) -> str:
        """The name as the form prints it, with its published numbering: 指标1：办公经费及材料数量达标率, 指标2：."""
        return self.label + self.display_name

    @property
    def display_name(self) -> str:
        """The name as the report prints it: 召开会议次数(次)."""
        return f"{self.name}({self.unit})" if self.unit and self.name else self.name


class Indicator(IndicatorReadings, Record):
    """One 三级指标 row of the form."""

    level1: Level1 | None = Field(
        None, alias="一级指标", description="原文未印出则不写（如文库网站转出的表格丢了合并单元格）；只写二级指标时按二级指标确定"
    )
    level2: Level2 | None = Field(None, alias="二级指标", description="原文未印出则不写")
    name: Text = Field(alias="三级指标", description="指标名称，不含“指标1：”编号和括号里的单位；未填写的模板行照原样保留")
    label: Text = Field("", alias="编号", description="原文印在指标名称前的编号，照原样，如“指标1：”“指标2：”；原文没有则不写")
    unit: Text = Field("", alias="计量单位", description="原文括号里的单位，如 次、人、%、元/人")
    target: ValueText = Field("", alias="年度指标值", description="照原样：20、≥95%、提高、截至12月31日前")
    actual: ValueText = Field("", alias="实际完成值", description="照原样，未填写则留空")
    weight: Score = Field(None, alias="分值")
    score: Score = Field(None, alias="得分")
    deviation: Text = Field("", alias="偏差原因分析及改进措施")
    direction: Direction | None = Field(None, alias="指标方向", description="正向/反向/定性；不写则按比较符号和指标类别判断")
    core: bool = Field(False, alias="核心指标", description="重庆等地标注的核心指标")

    @model_validator(mode="before")
    @classmethod
    def _level1_of_a_lone_level2(cls, data: Any) -> Any:
        """Only 二级指标 printed: its 一级指标 is the one it belongs to (the tree has one for each)."""
        if isinstance(data, dict) and not data.get("一级指标", data.get("level1")):
            level2 = data.get("二级指标", data.get("level2"))
            owner = next((level1 for level1, names in LEVEL2_BY_LEVEL1.items() if level2 in names), None)
            if owner is not None:
                data = {**data, "一级指标": owner.value}
                data.pop("level1", None)
        return data

    @model_validator(mode="after")
    def _level2_belongs_to_level1(self) -> "Indicator":
        if self.level2 is None or self.level1 is None:
            return self  # a level the document does not print stays empty (the one above is filled in before)
        if self.level2 not in LEVEL2_BY_LEVEL1[self.level1]:
            allowed = "、".join(LEVEL2_BY_LEVEL1[self.level1])
            raise PydanticCustomError(
                "zh_level2", "二级指标“{level2}”不属于一级指标“{level1}”，应为：{allowed}",
                {"level2": self.level2, "level1": self.level1.value, "allowed": allowed},
            )
        return self

    @property
    def template_row(self) -> bool:
        """An unfilled row of the form's template ("指标2：", "……", blank): no target, no 分值."""
        return bool(_TEMPLATE_NAME.match(self.name.strip())) and not self.target.strip() and self.weight is None


class Analysis(Record):
    """自评结果分析: the closing block of the form."""

    implementation: Text = Field("", alias="项目实施和预算执行情况及分析")
    outputs: Text = Field("", alias="产出情况及分析")
    benefits: Text = Field("", alias="效益情况及分析")
    satisfaction: Text = Field("", alias="满意度情况及分析")
    practices: Text = Field("", alias="主要经验做法")
    problems: Text = Field("", alias="项目管理中存在的主要问题及原因分析")
    improvements: Text = Field("", alias="下一步改进措施及管理建议")

    def items(self) -> list[tuple[str, str]]:
        return [(field.alias or name, getattr(self, name)) for name, field in type(self).model_fields.items()]

    def is_empty(self) -> bool:
        return not any(text.strip() for _, text in self.items())


class Insert(str, Enum):
    """Places in a narrative report where structured data is printed instead of free text."""

    INDICATORS = "绩效指标"


class Section(Record):
    """A numbered heading of a narrative report with its text; empty headings are kept as published."""

    title: Text = Field(alias="标题", description="照原样，含编号，如“（三）偏差分析及整改措施。”")
    text: Text = Field("", alias="正文", description="可为空：原文中的空标题也照原样保留")
    insert: Insert | None = Field(None, alias="插入", description="写“绩效指标”时，此处按报告格式列出绩效指标和自评得分")
    subsections: list["Section"] = Field(default_factory=list, alias="子节")


class Acknowledgement(Record):
    """审核说明: an explanation of an audit finding, so the finding stops blocking but stays visible.

    Two voices, never mixed: 整理说明 is the publisher's (the finance bureau or website team that transcribed
    the document: "原文如此，照原文公开"), 单位说明 is what the unit itself wrote about it, quoted. The old key
    说明 is read as 整理说明: whoever writes the record is the publisher, not the unit."""

    rule: Text = Field(alias="规则", description="审核规则编号，如 below-target-full-score")
    field: Text = Field("", alias="字段", description="可选：所指字段，如 绩效指标[3].得分；不写则说明该规则在本项目的全部提示")
    publisher_note: Text = Field(
        "", alias="整理说明", description="发布方（录入、审核的财政局或网站工作人员）的说明，如：原文如此，照原文公开，未作更正",
    )
    unit_note: Text = Field("", alias="单位说明", description="单位自己写的说明，照单位原话；单位没有说明则不写")
    value: ValueText = Field(
        "", alias="数值",
        description="可选：所说明的数字，照记录中写的，如 96.37；写了则这个数字改动后说明不再适用，审核提示重新出现",
    )

    @model_validator(mode="before")
    @classmethod
    def _legacy_note(cls, data: Any) -> Any:
        if isinstance(data, dict) and "说明" in data:
            data = dict(data)
            legacy = data.pop("说明")
            if "整理说明" in data:
                raise PydanticCustomError("zh_ack_both", "“说明”与“整理说明”是同一栏，只写“整理说明”", {})
            data["整理说明"] = legacy
        return data

    @model_validator(mode="after")
    def _says_something(self) -> "Acknowledgement":
        if not self.publisher_note.strip() and not self.unit_note.strip():
            raise PydanticCustomError(
                "zh_ack_empty", "审核说明须写“整理说明”（发布方的说明）或“单位说明”（单位自己的说明，照原话），至少写一项", {},
            )
        return self

    @property
    def reason(self) -> str:
        """Both voices in one line, each labelled, for the command line."""
        parts = [f"整理说明：{self.publisher_note}" if self.publisher_note.strip() else "",
                 f"单位说明：{self.unit_note}" if self.unit_note.strip() else ""]
        return "；".join(p for p in parts if p)


class Project(Record):
    code: Code = Field(alias="项目编码", description="出现在网址中，同一单位同一年度内不重复，发布后不要再改")
    name: RequiredText = Field(alias="项目名称")
    supervisor: Text = Field("", alias="主管部门")
    implementer: Text = Field("", alias="实施单位")
    filler: Text = Field("", alias="填列单位")
    overview: Text = Field("", alias="项目概况", description="项目基本情况简介")
    funds: Funds = Field(default_factory=Funds, alias="项目资金", description="单位：万元")
    goal: Goal = Field(default_factory=Goal, alias="年度总体目标")
    indicators: list[Indicator] = Field(default_factory=list, alias="绩效指标")
    total_score: Score = Field(None, alias="自评得分", description="自评表“总分”或报告中的自评得分，照原样")
    grade: Literal["优", "良", "中", "差"] | None = Field(None, alias="等级", description="照原样；原文未写则不填")
    analysis: Analysis = Field(default_factory=Analysis, alias="自评结果分析")
    report_title: Text = Field("", alias="报告标题", description="绩效自评报告的标题，照原样；原文缺失则留空")
    report: list[Section] = Field(default_factory=list, alias="自评报告", description="绩效自评报告正文，按原文顺序")
    summary: Text = Field("", alias="自评综述")
    editor_note: Text = Field("", alias="整理说明", description="整理者对原文的说明，如原文缺少标题行；在页面上注明")
    acknowledgements: list[Acknowledgement] = Field(default_factory=list, alias="审核说明")
    form_source: Literal["原文自评表", "据自评报告整理"] | None = Field(
        None, alias="自评表出处",
        description="单位公开了自评表写“原文自评表”；本站根据绩效自评报告整理成表的写“据自评报告整理”。不写则按有无自评报告判断",
    )

    @property
    def form_rebuilt(self) -> bool:
        """The 自评表 on the page was laid out by the site from a narrative report: the unit published no such table."""
        if self.form_source is not None:
            return self.form_source == "据自评报告整理"
        return bool(self.report) and self.analysis.is_empty()


class Coverage(Record):
    """预算绩效管理工作开展情况: how much was self-evaluated (自评覆盖), in the unit's own words and figures."""

    text: Text = Field("", alias="正文")
    projects: Count = Field(None, alias="自评项目数")
    amount: OptionalAmount = Field(None, alias="涉及预算资金", description="万元")
    share: ValueText = Field("", alias="占项目支出总额比例", description="照原样，如 100%")
    project_spending: OptionalAmount = Field(
        None, alias="项目支出总额", description="万元；原文写明项目支出总额（比例的分母）时填写"
    )


# --- 部门评价 / 重点评价 / 财政评价: evaluations made of the unit's spending --------------------------


class EvaluationKind(str, Enum):
    SELF = "自评"  # results of the unit's own self-evaluation, stated without the forms
    KEY = "重点评价"  # 重点绩效评价, usually organised by the finance bureau or the department
    DEPARTMENT = "部门评价"
    FINANCE = "财政评价"


class GradeCount(Record):
    """One grade of a result stated only as counts: "4个项目为优良，3个项目为中"."""

    grade: Text = Field(alias="等级", description="照原文，如 优、良、优良、中、差、合格")
    projects: Count = Field(alias="项目数")


class EvaluatedProject(Record):
    """One project (or policy) evaluated, with its result as the 说明 prints it."""

    name: Text = Field(alias="项目名称", description="评价对象：项目、政策或单位，照原文")
    amount: OptionalAmount = Field(None, alias="涉及资金", description="万元")
    score: Score = Field(None, alias="得分", description="评价得分，照原文")
    grade: Text = Field("", alias="等级", description="照原文，如 优、良、中、差、优良")
    findings: Text = Field("", alias="主要发现", description="评价发现的主要问题（及成效），照原文")
    follow_up: Text = Field("", alias="结果应用", description="整改和结果应用情况，照原文")
    evaluator: Text = Field("", alias="评价主体", description="由谁评价，如 区财政局、委托第三方机构；与所在评价相同则不写")


class Evaluation(Record):
    """The results of one kind of evaluation for the year: the unit's paragraph, its totals, its projects."""

    kind: EvaluationKind = Field(alias="评价类型", description="自评 / 重点评价 / 部门评价 / 财政评价")
    title: Text = Field("", alias="标题", description="原文标题，如“三、重点绩效评价结果”")
    evaluator: Text = Field("", alias="评价主体", description="由谁评价，如 区财政局、本部门、委托第三方机构")
    year: Annotated[int | None, BeforeValidator(_optional_year)] = Field(
        None, alias="年度", description="被评价的年度；与记录年度相同则不写"
    )
    text: Text = Field("", alias="正文", description="这一部分的段落，照原文")
    projects_count: Count = Field(None, alias="项目数", description="原文写明的评价项目个数")
    amount: OptionalAmount = Field(None, alias="涉及资金", description="万元，原文写明的评价涉及资金")
    grades: list[GradeCount] = Field(default_factory=list, alias="等级分布", description="原文只写各等级个数时填写")
    projects: list[EvaluatedProject] = Field(default_factory=list, alias="项目", description="原文逐项列出的评价结果")


# --- 部门整体支出绩效自评表: the department as a whole -------------------------------------------


class OverallFundRow(FundRow):
    """One part of the budget block as printed (其中：基本支出、项目支出、财政拨款 …)."""

    name: Text = Field(alias="名称", description="照原文，如 基本支出、项目支出、一般公共预算财政拨款")


class OverallFunds(FundTotal):
    """年度预算执行情况（万元）: the total row (年初预算数、全年预算数（调整后）、全年执行数, the 执行率 weight and
    score) and its parts as listed."""

    parts: list[OverallFundRow] = Field(default_factory=list, alias="其中", description="按原文顺序列出的分项")


class OverallGoal(Record):
    initial: Text = Field("", alias="年初目标", description="年初设定的年度总体目标，照原文")
    adjusted: Text = Field("", alias="调整目标", description="年中调整后的目标；未调整则不写")
    achieved: Text = Field("", alias="实际完成情况")


class Nature(str, Enum):
    """指标性质 as printed (四川、重庆等地的表式)."""

    AT_LEAST = "≥"
    AT_MOST = "≤"
    EQUAL = "="
    MORE_THAN = ">"
    LESS_THAN = "<"
    QUALITATIVE = "定性"


_NATURE_SPELLINGS = {
    "≥": "≥", ">=": "≥", "＞＝": "≥", "⩾": "≥", "大于等于": "≥", "不低于": "≥", "不少于": "≥",
    "≤": "≤", "<=": "≤", "＜＝": "≤", "⩽": "≤", "小于等于": "≤", "不高于": "≤", "不超过": "≤",
    "=": "=", "＝": "=", "等于": "=",
    ">": ">", "＞": ">", "大于": ">", "<": "<", "＜": "<", "小于": "<",
    "定性": "定性",
}


_NATURE_COMPARATORS: dict[Nature | None, Comparator] = {
    Nature.AT_LEAST: Comparator.AT_LEAST, Nature.AT_MOST: Comparator.AT_MOST, Nature.EQUAL: Comparator.EQUAL,
    Nature.MORE_THAN: Comparator.MORE_THAN, Nature.LESS_THAN: Comparator.LESS_THAN,
}


def _nature(value: Any) -> Nature | None:
    if value is None:
        return None
    text = _text(value).strip()
    if not text:
        return None
    if text in _NATURE_SPELLINGS:
        return Nature(_NATURE_SPELLINGS[text])
    raise PydanticCustomError(
        "zh_nature", "指标性质“{found}”不是可选的值，应为 ≥、≤、=、>、<、定性 之一", {"found": text}
    )


def _yes_no(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = _text(value).strip()
    if text in ("是", "√", "✓"):
        return True
    if text in ("否", ""):
        return False
    raise PydanticCustomError("zh_yes_no", "应为“是”或“否”，实际写的是“{found}”", {"found": text})


class OverallIndicator(IndicatorReadings, Record):
    """One 三级指标 row of the 部门整体支出绩效自评表. 一级/二级 are free text: the department-level tree
    differs by region (产出/效益/满意度, or 投入/过程/产出/效果, 履职效能/管理效率 …)."""

    level1: Text = Field(alias="一级指标", description="照原文，如 产出指标、过程、履职效能")
    level2: Text = Field("", alias="二级指标", description="照原文，如 预算执行、数量指标")
    name: Text = Field(alias="三级指标", description="指标名称，如 预算调整率、“三公”经费变动率")
    unit: Text = Field("", alias="计量单位", description="原文的度量单位，如 %、个")
    nature: Annotated[Nature | None, BeforeValidator(_nature)] = Field(
        None, alias="指标性质", description="≥、≤、=、>、<、定性，照原文；原文没有这一栏则不写"
    )
    initial_target: ValueText = Field("", alias="年初指标值", description="照原样")
    adjusted_target: ValueText = Field("", alias="调整指标值", description="年中调整后的指标值；未调整则不写")
    actual: ValueText = Field("", alias="全年完成值", description="照原样，未填写则留空")
    coefficient: ValueText = Field("", alias="得分系数", description="照原样，如 100%、0.95")
    weight: Score = Field(None, alias="指标权重", description="分值")
    score: Score = Field(None, alias="指标得分")
    core: Annotated[bool | None, BeforeValidator(_yes_no)] = Field(None, alias="是否核心指标", description="是 / 否；原文没有这一栏则不写")
    deviation: Text = Field("", alias="偏差原因分析及改进措施", description="照原文；原文作“偏差原因”“未完成原因”的也写在这里")
    direction: Direction | None = Field(None, alias="指标方向", description="正向/反向/定性；不写则按指标性质、比较符号和指标名称判断")

    @property
    def target(self) -> str:
        """The target the year is judged against, as a reader compares it: the adjusted one where the unit
        adjusted it, with the sign of its 指标性质 column in front ("≤" and "10" read "≤10")."""
        value = self.adjusted_target if self.adjusted_target.strip() else self.initial_target
        sign = self.nature.value if self.nature in _NATURE_COMPARATORS else ""
        parsed = parse_value(value)
        if sign and parsed.kind is ValueKind.NUMBER and parsed.comparator is None:
            return sign + value.strip()
        return value


class ListedSpending(Record):
    """One item of spending a department-level report lists in a sentence ("项目支出包括委员活动经费36.3万元, …")."""

    name: RequiredText = Field(alias="项目名称", description="照原文")
    amount: OptionalAmount = Field(None, alias="金额", description="万元，照原文")


class DepartmentOverall(Record):
    """部门整体支出绩效自评表 (with its text): the department's spending as a whole, scored by its own form."""

    title: Text = Field("", alias="标题", description="原文表名，如“2023年度部门整体支出绩效自评表”；不写则按年度生成")
    unit_name: Text = Field("", alias="部门名称", description="表头“部门（单位）名称”，照原文；与单位全称相同则不写")
    funds: OverallFunds = Field(default_factory=OverallFunds, alias="年度预算执行情况", description="单位：万元")
    goal: OverallGoal = Field(default_factory=OverallGoal, alias="年度总体目标")
    indicators: list[OverallIndicator] = Field(default_factory=list, alias="绩效指标")
    total_score: Score = Field(None, alias="自评得分", description="表中“总分”，照原文")
    grade: Text = Field("", alias="等级", description="照原文，如 优、良、优秀、良好；原文未写则不写")
    notes: list[Section] = Field(default_factory=list, alias="自评说明", description="表后的文字（如存在问题及改进措施），写法同“自评报告”")
    listed_spending: list[ListedSpending] = Field(
        default_factory=list, alias="项目支出明细",
        description="报告中逐项列出的项目支出及金额（万元），照原文顺序，如“项目支出包括委员活动经费36.3万元，……”；原文没有则不写",
    )
    editor_note: Text = Field("", alias="整理说明", description="整理者对原文的说明，在页面上注明")

    @property
    def display_title(self) -> str:
        return self.title or "部门整体支出绩效自评表"


class Correction(Record):
    """更正说明: the publisher's dated note on a correction, shown at the top of the page (common practice)."""

    date: Date = Field(alias="日期", description="更正日期，格式 2025-03-01")
    text: Text = Field(alias="说明", description="更正了什么、为什么，如：会议经费全年执行数录入有误，由 20.37 万元更正为 20.73 万元")


class Attachment(Record):
    """原文附件: the unit's own document (PDF, scan, Word or Excel file) published beside the transcription."""

    file: Text = Field(
        alias="文件",
        description="附件相对 content/ 目录的路径，如 2024/xx-swbgs-原文.pdf；文件随记录保存在 content/ 中，生成网站时复制到记录页面旁",
    )
    title: Text = Field("", alias="名称", description="链接上显示的名称；不写则为“单位公开的原文”")


class DepartmentYear(Record):
    """One department's 决算公开绩效情况说明 for one year: one YAML file under content/."""

    department: Code = Field(alias="单位编码", description="见 content/departments.yml")
    year: Year = Field(alias="年度")
    published: Date | None = Field(None, alias="公开日期", description="单位原文的公开日期（落款、成文日期），格式 2022-12-07；原文未载明则不填")
    online: Date | None = Field(
        None, alias="上线日期",
        description="本站正式公开这份记录的日期（发布点）。此日及以前的 git 提交是录入、校对过程，不列入修订记录；此后的每次改动都作为修订公开",
    )
    title: Text = Field("", alias="标题", description="原文标题；不填则为“XXXX年度决算公开绩效情况说明”")
    index_number: Text = Field(
        "", alias="索引号", description="政府信息公开目录中这份文件的索引号，照门户网站所载；未编制则不填"
    )
    issuer: Text = Field("", alias="发布机构", description="政府信息公开的发布机构；不填则为单位全称")
    attachments: list[Attachment] = Field(
        default_factory=list, alias="原文附件", description="单位公开的原文文件（PDF、扫描件等），有则填写；页面上附下载链接并注明类型和大小"
    )
    coverage: Coverage | None = Field(None, alias="预算绩效管理工作开展情况")
    projects: list[Project] = Field(default_factory=list, alias="项目")
    overall: DepartmentOverall | None = Field(None, alias="部门整体支出绩效自评", description="部门整体支出绩效自评表，有则填写")
    evaluations: list[Evaluation] = Field(
        default_factory=list, alias="评价结果", description="自评、重点评价、部门评价、财政评价的结果（原文只写结论、没有表时），每类一项"
    )
    other_sections: list[Section] = Field(default_factory=list, alias="其他说明", description="以上各部分之外的其他说明，写法同“自评报告”")
    editor_note: Text = Field("", alias="整理说明")
    unplaced: list[Text] = Field(
        default_factory=list, alias="未归类内容",
        description="导入程序未能归入上面各字段的原文（数字、段落），照原样保留，待整理者归位后删除",
    )
    acknowledgements: list[Acknowledgement] = Field(default_factory=list, alias="审核说明")
    corrections: list[Correction] = Field(default_factory=list, alias="更正说明", description="发布后更正时写明日期和说明，页面顶部显示")

    @model_validator(mode="after")
    def _project_codes_unique(self) -> "DepartmentYear":
        seen: set[str] = set()
        for project in self.projects:
            if project.code in seen:
                raise PydanticCustomError("zh_duplicate_code", "项目编码“{code}”重复：同一单位同一年度内每个项目的编码必须不同", {"code": project.code})
            seen.add(project.code)
        return self

    @property
    def display_title(self) -> str:
        return self.title or f"{self.year}年度决算公开绩效情况说明"
