"""The open data: one definition of every table the site publishes, its columns, types, units and keys.

This is the single place a table is described. The writers (generator/site/exports.py: CSV, XLSX), the data
package (generator/site/datapackage.py: datapackage.json with a Table Schema per CSV), the JSON API
(generator/site/api.py) and the data-dictionary page all read these definitions; none of them names a column
of its own. A new kind of record adds its table here (a Table with its columns and its row function) and
appears in every format, in the package and on the dictionary page at once.

Three voices are kept apart in every table, as on the pages: each column says whose it is —
the unit's published figure (UNIT), the publisher's note (PUBLISHER), or the site's own computation (SITE),
and the site's columns carry 本站 in their names, so a computed figure is never read as a published one.

Values are typed Python values: str, int, Decimal (with the published digits: 132.912 stays 132.912,
20.370 stays 20.370), bool, date, or None for a cell the form leaves blank.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from generator.rules.audit import AuditReport
from generator.rules.indicator_state import IndicatorState, indicator_state
from generator.records.indicator_values import ValueKind, parse_value
from generator.records.loading import Content, LoadedRecord
from generator.records.model import OVERALL_PAGE, DepartmentYear, Project, Section
from generator.rules.scoring import ProjectScore, recompute_overall, recompute_project
from generator.site.terms import GRADE_NOT_STATED


class Voice(str, Enum):
    UNIT = "单位公开"  # what the unit's document prints, exactly as printed
    PUBLISHER = "整理者"  # what the site's publisher added: codes, notes
    SITE = "本站计算"  # what the site computed from the unit's figures


@dataclass(frozen=True)
class Column:
    name: str  # the header in CSV and XLSX and the key in JSON: Chinese, with the unit in brackets
    type: str  # Table Schema type: string, integer, number, boolean, date
    description: str
    voice: Voice = Voice.UNIT
    unit: str = ""  # 万元, %, 分, 个 …; also in the name
    required: bool = False
    enum: tuple[str, ...] = ()
    minimum: int | None = None

    @property
    def numeric(self) -> bool:
        return self.type in ("number", "integer")


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str  # the referenced table's name
    reference: tuple[str, ...]


Row = dict[str, object]


@dataclass(frozen=True)
class Table:
    name: str  # ASCII: the CSV file's stem and the data package's resource name
    title: str  # Chinese: the XLSX sheet and the dictionary's heading
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    # One department-year's rows. Not in repr: a function's repr names its address in this process, and pages
    # are kept between builds under the repr of their views (data_pages.py, kept_pages.py); the code's hash,
    # also in those keys, covers the function.
    rows: Callable[["Source", LoadedRecord], Iterator[Row]] = field(repr=False)
    foreign_keys: tuple[ForeignKey, ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass
class Source:
    """What the rows are made from: the content, and the audit the build already made (scores, findings)."""

    content: Content
    audit: AuditReport
    page_url: Callable[[str, int, str | None], str] = lambda code, year, project: ""  # noqa: E731
    _scores: dict = field(default_factory=dict)

    @property
    def public_findings(self) -> bool:
        return self.content.settings.public_findings

    def score(self, record: DepartmentYear, project: Project) -> ProjectScore:
        key = (record.department, record.year, project.code)
        if key not in self._scores:
            department = self.content.department(record)
            self._scores[key] = self.audit.score(*key) or recompute_project(
                project, self.content.settings, self.content.region(department))
        return self._scores[key]

    def overall_score(self, record: DepartmentYear) -> ProjectScore:
        """The 部门整体支出绩效自评表 recomputed (the record must have one)."""
        key = (record.department, record.year)
        if key not in self._scores:
            department = self.content.department(record)
            self._scores[key] = self.audit.overall_score(*key) or recompute_overall(
                record.overall, self.content.settings, self.content.region(department))
        return self._scores[key]

    def findings(self, record: DepartmentYear, project: Project | None = None) -> int | None:
        """The number of the site's findings, or None where the site does not publish them."""
        if not self.public_findings:
            return None
        if project is None:
            return len(self.audit.in_record(record.department, record.year))
        return len(self.audit.for_project(record.department, record.year, project.code))


# --- Columns used in several tables -----------------------------------------------------------------

YEAR = Column("年度", "integer", "绩效情况说明所属的预算年度。", required=True, minimum=1990)
DEPARTMENT = Column("单位编码", "string", "本站为单位编的编码（小写字母、数字、连字符），出现在网址中，不随年度改变。",
                    Voice.PUBLISHER, required=True)
DEPARTMENT_NAME = Column("单位名称", "string", "单位全称，照本站单位名录。", Voice.PUBLISHER, required=True)
PROJECT = Column("项目编码", "string", "本站为项目编的编码，同一单位同一年度内不重复，出现在网址中；同一项目各年度用同一编码。",
                 Voice.PUBLISHER, required=True)
PROJECT_NAME = Column("项目名称", "string", "照原文。", required=True)
PAGE = Column("网页地址", "string", "本站展示这条记录的网页，相对于网站根目录。", Voice.PUBLISHER)
SITE_FINDINGS = Column(
    "本站检查提示数（处）", "integer",
    "本站按公开的检查规则，用记录中的数字自动检查得到的提示条数（错误、警告、提示合计），见网站“数据核查结果”页；"
    "是本站的计算，不是审计或财政部门的结论。网站设置为不公开检查结果时为空。",
    Voice.SITE, "处", minimum=0,
)

MONEY_NOTE = "单位：万元，照原文的位数，不四舍五入；原文空白则为空。"


def _money(name: str, what: str) -> Column:
    return Column(f"{name}（万元）", "number", f"{what}{MONEY_NOTE}", unit="万元")


def _percent_of(text: str) -> Decimal | None:
    """The number of a published percentage such as "63.66%"; None where the text is not a plain percentage."""
    parsed = parse_value(text)
    if parsed.kind is ValueKind.NUMBER and parsed.comparator is None and parsed.is_percent:
        return parsed.number
    return None


def _number_of(text: str) -> Decimal | None:
    """The figure of a published value such as "20" or "≥95%" (95); None for a text such as "提高"."""
    parsed = parse_value(text)
    return parsed.number if parsed.kind is ValueKind.NUMBER else None


def _comparator_of(text: str) -> str:
    parsed = parse_value(text)
    return parsed.comparator.value if parsed.kind is ValueKind.NUMBER and parsed.comparator else ""


# --- departments ---------------------------------------------------------------------------------

DEPARTMENTS = Table(
    "departments", "单位", "本站收录的单位名录：每个单位一行。",
    (
        Column("单位编码", "string", DEPARTMENT.description, Voice.PUBLISHER, required=True),
        Column("单位全称", "string", "单位全称。", Voice.PUBLISHER, required=True),
        Column("单位简称", "string", "单位简称。", Voice.PUBLISHER),
        Column("地区", "string", "单位所在地区。", Voice.PUBLISHER),
        Column("主管部门", "string", "单位的主管部门（如有）。", Voice.PUBLISHER),
        Column("名称为示意", "boolean", "原始文件未载明单位全称或地名、本站使用示意名称时为 true。", Voice.PUBLISHER),
    ),
    ("单位编码",),
    rows=lambda source, loaded: iter(()),  # not per record: see department_rows()
)


def department_rows(content: Content, codes: set[str] | None = None) -> list[Row]:
    departments = sorted(content.departments.values(), key=lambda d: (d.order, d.code))
    return [
        {"单位编码": d.code, "单位全称": d.full_name, "单位简称": d.short_name, "地区": content.regions[d.region].name,
         "主管部门": d.supervisor, "名称为示意": d.placeholder or content.regions[d.region].placeholder}
        for d in departments if codes is None or d.code in codes
    ]


# --- reports: one department's 绩效情况说明 of one year -------------------------------------------

REPORTS = Table(
    "reports", "绩效情况说明", "每个单位每个年度的决算公开绩效情况说明一行：公开日期、预算绩效管理工作开展情况和项目合计。",
    (
        YEAR, DEPARTMENT, DEPARTMENT_NAME,
        Column("标题", "string", "原文标题；原文没有标题时为“XXXX年度决算公开绩效情况说明”。"),
        Column("公开日期", "date", "单位公开这份说明的日期，照原文；原文未载明则为空。"),
        Column("上线日期", "date", "本站正式公开这份记录的日期，由发布者填写；未填写则为空（页面上的发布日期另由修订历史得出）。",
               Voice.PUBLISHER),
        Column("索引号", "string", "政府信息公开目录中这份文件的索引号，照门户网站所载；未编制则为空。", Voice.PUBLISHER),
        Column("发布机构", "string", "政府信息公开的发布机构；记录未写时为单位全称。", Voice.PUBLISHER),
        Column("自评项目数（个）", "integer", "“预算绩效管理工作开展情况”中写明的开展自评的项目数，照原文；未写则为空。", unit="个", minimum=0),
        _money("涉及预算资金", "“预算绩效管理工作开展情况”中写明的自评涉及的预算资金。"),
        Column("占项目支出总额比例（原文）", "string", "照原文，如“100%”。"),
        Column("占项目支出总额比例（%）", "number", "上一列中的百分数；原文不是单纯的百分数时为空。", unit="%"),
        _money("项目支出总额", "“预算绩效管理工作开展情况”中写明的项目支出总额（比例的分母）；未写则为空。"),
        Column("预算绩效管理工作开展情况", "string", "原文全文。"),
        Column("本站收录项目数（个）", "integer", "本站收录的本单位本年度项目自评表数。", Voice.SITE, "个", minimum=0),
        Column("本站合计全年预算数（万元）", "number", "本站把各项目“年度资金总额”的全年预算数相加的结果，单位：万元。", Voice.SITE, "万元"),
        Column("本站合计全年执行数（万元）", "number", "本站把各项目“年度资金总额”的全年执行数相加的结果，单位：万元。", Voice.SITE, "万元"),
        SITE_FINDINGS,
        Column("整理说明", "string", "整理者对原文的说明，如原文缺页、缺标题。", Voice.PUBLISHER),
        PAGE,
    ),
    ("年度", "单位编码"),
    rows=lambda source, loaded: _report_rows(source, loaded),
    foreign_keys=(ForeignKey(("单位编码",), "departments", ("单位编码",)),),
)


def _report_rows(source: Source, loaded: LoadedRecord) -> Iterator[Row]:
    record = loaded.record
    department = source.content.department(record)
    coverage = record.coverage
    budget = sum((p.funds.total.full_year_budget or Decimal(0) for p in record.projects), Decimal(0))
    executed = sum((p.funds.total.executed or Decimal(0) for p in record.projects), Decimal(0))
    yield {
        "年度": record.year, "单位编码": department.code, "单位名称": department.full_name,
        "标题": record.display_title, "公开日期": record.published, "上线日期": record.online,
        "索引号": record.index_number, "发布机构": record.issuer or department.full_name,
        "自评项目数（个）": coverage.projects if coverage else None,
        "涉及预算资金（万元）": coverage.amount if coverage else None,
        "占项目支出总额比例（原文）": coverage.share if coverage else "",
        "占项目支出总额比例（%）": _percent_of(coverage.share) if coverage else None,
        "项目支出总额（万元）": coverage.project_spending if coverage else None,
        "预算绩效管理工作开展情况": coverage.text if coverage else "",
        "本站收录项目数（个）": len(record.projects),
        "本站合计全年预算数（万元）": budget, "本站合计全年执行数（万元）": executed,
        "本站检查提示数（处）": source.findings(record),
        "整理说明": record.editor_note,
        "网页地址": source.page_url(department.code, record.year, None),
    }


# --- projects: one 项目支出绩效自评表 --------------------------------------------------------------

GRADES = ("优", "良", "中", "差")
RECORD_KEY = ("年度", "单位编码")
PROJECT_KEY = ("年度", "单位编码", "项目编码")
ANALYSIS_COLUMNS = (
    "项目实施和预算执行情况及分析", "产出情况及分析", "效益情况及分析", "满意度情况及分析", "主要经验做法",
    "项目管理中存在的主要问题及原因分析", "下一步改进措施及管理建议",
)

PROJECTS = Table(
    "projects", "项目", "每个项目支出绩效自评表一行：资金、自评得分和等级照原文，本站的复算和检查结果在带“本站”的列中。",
    (
        YEAR, DEPARTMENT, DEPARTMENT_NAME, PROJECT, PROJECT_NAME,
        Column("主管部门", "string", "照原文。"),
        Column("实施单位", "string", "照原文。"),
        Column("填列单位", "string", "照原文。"),
        _money("年初预算数", "“年度资金总额”行的年初预算数。"),
        _money("全年预算数", "“年度资金总额”行的全年预算数（年中调整后的预算）。"),
        _money("全年执行数", "“年度资金总额”行的全年执行数。"),
        Column("执行率（原文）", "string", "自评表中填写的执行率，照原文，如“63.66%”；未填写则为空。"),
        Column("执行率（%）", "number", "上一列中的百分数，如 63.66；原文不是单纯的百分数或未填写时为空。", unit="%"),
        Column("预算执行率分值（分）", "number", "自评表“年度资金总额”行的分值，照原文。", unit="分"),
        Column("预算执行率得分（分）", "number", "自评表“年度资金总额”行的得分，照原文。", unit="分"),
        Column("自评得分（分）", "number", "自评表的总分或自评报告中的自评得分，照原文；原文未写则为空。", unit="分"),
        Column("等级", "string", f"自评等级，照原文；原文未写等级时为“{GRADE_NOT_STATED}”。", required=True,
               enum=(*GRADES, GRADE_NOT_STATED)),
        Column("绩效指标数（项）", "integer", "自评表中填写了的三级指标数，不含未填写的模板行（见“绩效指标”表的“模板行”列）。",
               Voice.SITE, "项", minimum=0),
        Column("本站判断未达标指标数（项）", "integer", "本站按评分规则判断实际完成值未达到年度指标值的指标数。", Voice.SITE, "项", minimum=0),
        Column("未填写完成值指标数（项）", "integer", "写了年度指标值、没有写实际完成值的指标数（无法判断是否达标）。", Voice.SITE, "项", minimum=0),
        Column("本站计算执行率（%）", "number", "本站用全年执行数 ÷ 全年预算数计算，保留两位小数；没有全年预算数时为空。", Voice.SITE, "%"),
        Column("本站复算总分（分）", "number",
               "本站按评分规则（见“评分方法说明”）用自评表中的数字重新计算的总分，供对照，不是单位公开的数字；"
               "自评表各项分值合计不等于满分时无法复算，为空。", Voice.SITE, "分"),
        Column("本站复算等级", "string", "按本站复算总分对应的等级；无法复算时为空。", Voice.SITE, enum=GRADES),
        Column("自评得分减本站复算总分（分）", "number", "自评得分 − 本站复算总分；正数表示自评得分高于复算。任一为空时为空。",
               Voice.SITE, "分"),
        SITE_FINDINGS,
        Column("项目概况", "string", "照原文。"),
        Column("预期目标", "string", "年度总体目标的预期目标，照原文。"),
        Column("实际完成情况", "string", "年度总体目标的实际完成情况，照原文。"),
        *(Column(name, "string", "自评结果分析，照原文。") for name in ANALYSIS_COLUMNS),
        Column("报告标题", "string", "绩效自评报告的标题，照原文；自评报告正文见“报告正文”表。"),
        Column("自评综述", "string", "照原文。"),
        Column("整理说明", "string", "整理者对原文的说明。", Voice.PUBLISHER),
        PAGE,
    ),
    PROJECT_KEY,
    rows=lambda source, loaded: _project_rows(source, loaded),
    foreign_keys=(ForeignKey(RECORD_KEY, "reports", RECORD_KEY),),
)


def _project_rows(source: Source, loaded: LoadedRecord) -> Iterator[Row]:
    record = loaded.record
    department = source.content.department(record)
    for p in record.projects:
        total = p.funds.total
        score = source.score(record, p)
        states = [indicator_state(s, score.rules) for s in score.indicators]
        recomputed = score.total if score.weights_add_up else None
        yield {
            "年度": record.year, "单位编码": department.code, "单位名称": department.full_name,
            "项目编码": p.code, "项目名称": p.name, "主管部门": p.supervisor, "实施单位": p.implementer, "填列单位": p.filler,
            "年初预算数（万元）": total.initial_budget, "全年预算数（万元）": total.full_year_budget,
            "全年执行数（万元）": total.executed, "执行率（原文）": total.rate, "执行率（%）": _percent_of(total.rate),
            "预算执行率分值（分）": total.weight, "预算执行率得分（分）": total.score,
            "自评得分（分）": p.total_score, "等级": p.grade or GRADE_NOT_STATED,
            "绩效指标数（项）": sum(1 for i in range(len(p.indicators)) if not p.indicators[i].template_row),
            "本站判断未达标指标数（项）": states.count(IndicatorState.SHORT),
            "未填写完成值指标数（项）": states.count(IndicatorState.NOT_FILLED),
            "本站计算执行率（%）": score.execution_rate,
            "本站复算总分（分）": recomputed,
            "本站复算等级": (score.grade or "") if recomputed is not None else "",
            "自评得分减本站复算总分（分）": (p.total_score - recomputed
                                      if p.total_score is not None and recomputed is not None else None),
            "本站检查提示数（处）": source.findings(record, p),
            "项目概况": p.overview, "预期目标": p.goal.expected, "实际完成情况": p.goal.achieved,
            **dict(p.analysis.items()),
            "报告标题": p.report_title, "自评综述": p.summary, "整理说明": p.editor_note,
            "网页地址": source.page_url(department.code, record.year, p.code),
        }


# --- funds: the rows of the 项目资金 block ------------------------------------------------------

FUND_SOURCES = ("年度资金总额", "当年财政拨款", "上年结转资金", "其他资金")

FUNDS = Table(
    "funds", "项目资金", "每个项目“项目资金（万元）”栏的各行：年度资金总额、当年财政拨款、上年结转资金、其他资金。"
    "原文整行空白的不列出。",
    (
        YEAR, DEPARTMENT, PROJECT,
        Column("资金来源", "string", "自评表“项目资金”栏的行名。", required=True, enum=FUND_SOURCES),
        _money("年初预算数", "年初预算数。"),
        _money("全年预算数", "全年预算数。"),
        _money("全年执行数", "全年执行数。"),
        Column("执行率（原文）", "string", "照原文。"),
        Column("执行率（%）", "number", "上一列中的百分数；原文不是单纯的百分数或未填写时为空。", unit="%"),
    ),
    (*PROJECT_KEY, "资金来源"),
    rows=lambda source, loaded: _fund_rows(loaded),
    foreign_keys=(ForeignKey(PROJECT_KEY, "projects", PROJECT_KEY),),
)


def _fund_rows(loaded: LoadedRecord) -> Iterator[Row]:
    record = loaded.record
    for p in record.projects:
        for label, row in p.funds.rows():
            if row.initial_budget is None and row.full_year_budget is None and row.executed is None and not row.rate.strip():
                continue
            yield {
                "年度": record.year, "单位编码": record.department, "项目编码": p.code, "资金来源": label,
                "年初预算数（万元）": row.initial_budget, "全年预算数（万元）": row.full_year_budget,
                "全年执行数（万元）": row.executed, "执行率（原文）": row.rate, "执行率（%）": _percent_of(row.rate),
            }


# --- indicators: the 三级指标 rows -------------------------------------------------------------

INDICATORS = Table(
    "indicators", "绩效指标", "每个项目自评表的三级指标一行，按原表顺序；未填写的模板行（如“指标2：”“……”）照原表保留，"
    "在“模板行”列标明，统计时宜排除。",
    (
        YEAR, DEPARTMENT, PROJECT,
        Column("序号", "integer", "指标在自评表中的顺序，从 1 起。", Voice.PUBLISHER, required=True, minimum=1),
        Column("模板行", "boolean", "原表中未填写的模板行（指标名称空白或为“指标2：”“……”，也没有指标值和分值）为 true。",
               Voice.SITE, required=True),
        Column("一级指标", "string", "产出指标、效益指标或满意度指标。", required=True),
        Column("二级指标", "string", "如数量指标、质量指标、社会效益指标。", required=True),
        Column("三级指标", "string", "指标名称，照原文，不含括号里的计量单位。"),
        Column("计量单位", "string", "原文括号里的单位，如 次、人、%、元/人。"),
        Column("年度指标值（原文）", "string", "照原文，如“20”“≥95%”“提高”。"),
        Column("年度指标值（数值）", "number", "年度指标值中的数字（“≥95%”为 95）；原文是文字时为空。计量单位见“计量单位”列和原文。"),
        Column("年度指标值比较符", "string", "年度指标值中的比较符号，如 ≥、≤；没有则为空。", enum=("≥", "≤", ">", "<", "=")),
        Column("实际完成值（原文）", "string", "照原文；未填写则为空。"),
        Column("实际完成值（数值）", "number", "实际完成值中的数字；原文是文字或未填写时为空。"),
        Column("分值（分）", "number", "照原文。", unit="分"),
        Column("得分（分）", "number", "照原文。", unit="分"),
        Column("本站复算得分（分）", "number", "本站按评分规则计算的该指标得分；无法计算时为空。", Voice.SITE, "分"),
        Column("本站判断", "string", "本站按评分规则对实际完成值与年度指标值的比较：达标、未达标、未填写完成值、无法判断；"
               "模板行和无指标值的行为空。", Voice.SITE, enum=tuple(s.value for s in IndicatorState if s.value)),
        Column("偏差原因分析及改进措施", "string", "照原文。"),
        Column("指标方向", "string", "正向、反向或定性，照记录；记录未写时为空（本站按比较符号和指标类别判断）。",
               enum=("正向", "反向", "定性")),
        Column("核心指标", "boolean", "原文标注为核心指标时为 true。"),
    ),
    (*PROJECT_KEY, "序号"),
    rows=lambda source, loaded: _indicator_rows(source, loaded),
    foreign_keys=(ForeignKey(PROJECT_KEY, "projects", PROJECT_KEY),),
)


def _indicator_rows(source: Source, loaded: LoadedRecord) -> Iterator[Row]:
    record = loaded.record
    for p in record.projects:
        score = source.score(record, p)
        for i, ind in enumerate(p.indicators):
            judged = score.indicators[i]
            yield {
                "年度": record.year, "单位编码": record.department, "项目编码": p.code, "序号": i + 1,
                "模板行": ind.template_row, "一级指标": ind.level1.value if ind.level1 else "", "二级指标": ind.level2 or "",
                "三级指标": ind.name, "计量单位": ind.unit,
                "年度指标值（原文）": ind.target, "年度指标值（数值）": _number_of(ind.target),
                "年度指标值比较符": _comparator_of(ind.target),
                "实际完成值（原文）": ind.actual, "实际完成值（数值）": _number_of(ind.actual),
                "分值（分）": ind.weight, "得分（分）": ind.score,
                "本站复算得分（分）": judged.computed,
                "本站判断": indicator_state(judged, score.rules).value,
                "偏差原因分析及改进措施": ind.deviation,
                "指标方向": ind.direction.value if ind.direction else "", "核心指标": ind.core,
            }


# --- sections: the narrative reports, heading by heading -------------------------------------------

SECTIONS = Table(
    "sections", "报告正文", "自评报告和其他说明的正文，按原文顺序每个标题一行；“项目编码”为空的是单位整份说明中的其他说明，"
    f"为“{OVERALL_PAGE}”的是部门整体支出绩效自评表后的文字说明。",
    (
        YEAR, DEPARTMENT,
        Column("项目编码", "string", "所属项目；单位整份说明的部分为空。", Voice.PUBLISHER),
        Column("序号", "integer", "在所属报告中的顺序，从 1 起。", Voice.PUBLISHER, required=True, minimum=1),
        Column("层级", "integer", "标题层级：1 为一级标题，2 为其下的小节。", Voice.PUBLISHER, required=True, minimum=1),
        Column("标题", "string", "照原文，含编号。"),
        Column("正文", "string", "照原文；原文中的空标题正文为空。"),
    ),
    (),  # a unit-level part has no 项目编码, and a key may not be blank
    rows=lambda source, loaded: _section_rows(loaded),
    foreign_keys=(ForeignKey(RECORD_KEY, "reports", RECORD_KEY),),
)


def _flatten(sections: list[Section], level: int = 1) -> Iterator[tuple[int, Section]]:
    for s in sections:
        yield level, s
        yield from _flatten(s.subsections, level + 1)


def _section_rows(loaded: LoadedRecord) -> Iterator[Row]:
    record = loaded.record
    parts: list[tuple[str, list[Section]]] = [("", record.other_sections)] + [(p.code, p.report) for p in record.projects]
    if record.overall is not None:
        parts.append((OVERALL_PAGE, record.overall.notes))
    for code, sections in parts:
        for number, (level, s) in enumerate(_flatten(sections), start=1):
            yield {"年度": record.year, "单位编码": record.department, "项目编码": code, "序号": number,
                   "层级": level, "标题": s.title, "正文": s.text}


# --- overall: the 部门整体支出绩效自评表 -------------------------------------------------------------

OVERALL = Table(
    "overall", "部门整体支出绩效自评", "每个单位每个年度的部门整体支出绩效自评表一行：预算执行情况、年度总体目标、自评得分和等级照原文，"
    "本站的复算在带“本站”的列中。没有这张表的单位年度不列出。",
    (
        YEAR, DEPARTMENT, DEPARTMENT_NAME,
        Column("标题", "string", "原文表名。"),
        Column("部门名称", "string", "表头“部门（单位）名称”，照原文；与单位全称相同时为空。"),
        _money("年初预算数", "“年度资金总额”的年初预算数。"),
        _money("全年预算数", "“年度资金总额”的全年预算数（调整后预算数）。"),
        _money("全年执行数", "“年度资金总额”的全年执行数。"),
        Column("执行率（原文）", "string", "照原文。"),
        Column("执行率（%）", "number", "上一列中的百分数；原文不是单纯的百分数或未填写时为空。", unit="%"),
        Column("预算执行率分值（分）", "number", "执行率权重（分值），照原文。", unit="分"),
        Column("预算执行率得分（分）", "number", "照原文。", unit="分"),
        Column("自评得分（分）", "number", "表中“总分”，照原文。", unit="分"),
        Column("等级", "string", f"照原文（如“优”“优秀”）；原文未写等级时为“{GRADE_NOT_STATED}”。", required=True),
        Column("年初目标", "string", "照原文。"),
        Column("调整目标", "string", "照原文；未调整则为空。"),
        Column("实际完成情况", "string", "照原文。"),
        Column("绩效指标数（项）", "integer", "表中的三级指标数。", Voice.SITE, "项", minimum=0),
        Column("本站判断未达标指标数（项）", "integer", "本站按评分规则判断全年完成值未达到指标值的指标数（越低越好的指标如预算调整率、"
               "结转结余率按“不高于”判断）。", Voice.SITE, "项", minimum=0),
        Column("本站计算执行率（%）", "number", "全年执行数 ÷ 全年预算数，保留两位小数。", Voice.SITE, "%"),
        Column("本站复算总分（分）", "number", "本站按评分规则用表中的数字重新计算的总分，供对照；权重合计不等于满分时为空。", Voice.SITE, "分"),
        Column("整理说明", "string", "整理者对这张表的说明。", Voice.PUBLISHER),
        PAGE,
    ),
    RECORD_KEY,
    rows=lambda source, loaded: _overall_rows(source, loaded),
    foreign_keys=(ForeignKey(RECORD_KEY, "reports", RECORD_KEY),),
)


def _overall_rows(source: Source, loaded: LoadedRecord) -> Iterator[Row]:
    record, overall = loaded.record, loaded.record.overall
    if overall is None:
        return
    department = source.content.department(record)
    score = source.overall_score(record)
    states = [indicator_state(s, score.rules) for s in score.indicators]
    funds = overall.funds
    yield {
        "年度": record.year, "单位编码": department.code, "单位名称": department.full_name,
        "标题": overall.display_title, "部门名称": overall.unit_name,
        "年初预算数（万元）": funds.initial_budget, "全年预算数（万元）": funds.full_year_budget, "全年执行数（万元）": funds.executed,
        "执行率（原文）": funds.rate, "执行率（%）": _percent_of(funds.rate),
        "预算执行率分值（分）": funds.weight, "预算执行率得分（分）": funds.score,
        "自评得分（分）": overall.total_score, "等级": overall.grade or GRADE_NOT_STATED,
        "年初目标": overall.goal.initial, "调整目标": overall.goal.adjusted, "实际完成情况": overall.goal.achieved,
        "绩效指标数（项）": len(overall.indicators),
        "本站判断未达标指标数（项）": states.count(IndicatorState.SHORT),
        "本站计算执行率（%）": score.execution_rate,
        "本站复算总分（分）": score.total if score.weights_add_up else None,
        "整理说明": overall.editor_note,
        "网页地址": source.page_url(department.code, record.year, OVERALL_PAGE),
    }


OVERALL_FUNDS = Table(
    "overall_funds", "部门整体预算分项", "部门整体支出绩效自评表“年度预算执行情况”中“其中”列出的分项（如基本支出、项目支出），按原表顺序。",
    (
        YEAR, DEPARTMENT,
        Column("序号", "integer", "分项在表中的顺序，从 1 起。", Voice.PUBLISHER, required=True, minimum=1),
        Column("名称", "string", "照原文，如 基本支出、项目支出。"),
        _money("年初预算数", "年初预算数。"),
        _money("全年预算数", "全年预算数。"),
        _money("全年执行数", "全年执行数。"),
        Column("执行率（原文）", "string", "照原文。"),
    ),
    (*RECORD_KEY, "序号"),
    rows=lambda source, loaded: (
        {"年度": loaded.record.year, "单位编码": loaded.record.department, "序号": k, "名称": part.name,
         "年初预算数（万元）": part.initial_budget, "全年预算数（万元）": part.full_year_budget,
         "全年执行数（万元）": part.executed, "执行率（原文）": part.rate}
        for k, part in enumerate(loaded.record.overall.funds.parts if loaded.record.overall else (), start=1)
    ),
    foreign_keys=(ForeignKey(RECORD_KEY, "overall", RECORD_KEY),),
)

OVERALL_INDICATORS = Table(
    "overall_indicators", "部门整体绩效指标", "部门整体支出绩效自评表的三级指标一行，按原表顺序。",
    (
        YEAR, DEPARTMENT,
        Column("序号", "integer", "指标在表中的顺序，从 1 起。", Voice.PUBLISHER, required=True, minimum=1),
        Column("一级指标", "string", "照原文，如 产出、过程、履职效能。", required=True),
        Column("二级指标", "string", "照原文。"),
        Column("三级指标", "string", "指标名称，照原文。", required=True),
        Column("计量单位", "string", "照原文。"),
        Column("指标性质", "string", "照原文：≥、≤、=、>、<、定性；原表没有这一栏时为空。", enum=("≥", "≤", "=", ">", "<", "定性")),
        Column("年初指标值（原文）", "string", "照原文。"),
        Column("调整指标值（原文）", "string", "照原文；未调整则为空。"),
        Column("全年完成值（原文）", "string", "照原文。"),
        Column("得分系数（原文）", "string", "照原文，如“100%”。"),
        Column("指标权重（分）", "number", "照原文。", unit="分"),
        Column("指标得分（分）", "number", "照原文。", unit="分"),
        Column("是否核心指标", "boolean", "原表有这一栏时照原文（是为 true）；没有这一栏时为空。"),
        Column("偏差原因分析及改进措施", "string", "照原文。"),
        Column("本站判断方向", "string", "本站判断的指标方向：正向（越高越好）、反向（越低越好，如预算调整率、结转结余率）、等于或定性。",
               Voice.SITE, enum=("正向", "反向", "等于", "定性", "不计分")),
        Column("本站复算得分（分）", "number", "本站按评分规则计算的该指标得分；无法计算时为空。", Voice.SITE, "分"),
        Column("本站判断", "string", "本站对全年完成值与指标值（有调整指标值时按调整指标值）的比较。", Voice.SITE,
               enum=tuple(s.value for s in IndicatorState if s.value)),
    ),
    (*RECORD_KEY, "序号"),
    rows=lambda source, loaded: _overall_indicator_rows(source, loaded),
    foreign_keys=(ForeignKey(RECORD_KEY, "overall", RECORD_KEY),),
)


def _overall_indicator_rows(source: Source, loaded: LoadedRecord) -> Iterator[Row]:
    record, overall = loaded.record, loaded.record.overall
    if overall is None:
        return
    score = source.overall_score(record)
    for i, ind in enumerate(overall.indicators):
        judged = score.indicators[i]
        yield {
            "年度": record.year, "单位编码": record.department, "序号": i + 1,
            "一级指标": ind.level1, "二级指标": ind.level2, "三级指标": ind.name, "计量单位": ind.unit,
            "指标性质": ind.nature.value if ind.nature else "",
            "年初指标值（原文）": ind.initial_target, "调整指标值（原文）": ind.adjusted_target, "全年完成值（原文）": ind.actual,
            "得分系数（原文）": ind.coefficient, "指标权重（分）": ind.weight, "指标得分（分）": ind.score,
            "是否核心指标": ind.core, "偏差原因分析及改进措施": ind.deviation,
            "本站判断方向": judged.method.value, "本站复算得分（分）": judged.computed,
            "本站判断": indicator_state(judged, score.rules).value,
        }


# --- evaluations: 自评 / 重点评价 / 部门评价 / 财政评价 results --------------------------------------

EVALUATION_KEY = (*RECORD_KEY, "评价序号")

EVALUATIONS = Table(
    "evaluations", "评价结果", "绩效情况说明中各类评价结果（自评、重点评价、部门评价、财政评价）每类一行：原文写明的项目数、涉及资金和等级分布。",
    (
        YEAR, DEPARTMENT, DEPARTMENT_NAME,
        Column("评价序号", "integer", "在说明中的顺序，从 1 起。", Voice.PUBLISHER, required=True, minimum=1),
        Column("评价类型", "string", "自评、重点评价、部门评价或财政评价。", required=True, enum=("自评", "重点评价", "部门评价", "财政评价")),
        Column("标题", "string", "照原文。"),
        Column("评价主体", "string", "由谁评价，照原文。"),
        Column("评价年度", "integer", "被评价的年度；与记录年度相同时为空。", minimum=1990),
        Column("项目数（个）", "integer", "原文写明的评价项目个数；未写则为空。", unit="个", minimum=0),
        _money("涉及资金", "原文写明的评价涉及资金。"),
        Column("等级分布", "string", "原文写明的各等级个数，如“优良 4 个，中 3 个”。"),
        Column("正文", "string", "照原文。"),
    ),
    EVALUATION_KEY,
    rows=lambda source, loaded: (
        {"年度": loaded.record.year, "单位编码": loaded.record.department,
         "单位名称": source.content.department(loaded.record).full_name, "评价序号": k,
         "评价类型": e.kind.value, "标题": e.title, "评价主体": e.evaluator, "评价年度": e.year,
         "项目数（个）": e.projects_count, "涉及资金（万元）": e.amount,
         "等级分布": "，".join(f"{g.grade} {g.projects} 个" for g in e.grades), "正文": e.text}
        for k, e in enumerate(loaded.record.evaluations, start=1)
    ),
    foreign_keys=(ForeignKey(RECORD_KEY, "reports", RECORD_KEY),),
)

EVALUATED_PROJECTS = Table(
    "evaluated_projects", "评价项目", "评价结果中逐项列出的项目（或政策、单位）一行：得分、等级、主要发现照原文。",
    (
        YEAR, DEPARTMENT,
        Column("评价序号", "integer", "所属评价结果的序号（见“评价结果”表）。", Voice.PUBLISHER, required=True, minimum=1),
        Column("序号", "integer", "在该评价结果中的顺序，从 1 起。", Voice.PUBLISHER, required=True, minimum=1),
        Column("评价类型", "string", "自评、重点评价、部门评价或财政评价。", required=True, enum=("自评", "重点评价", "部门评价", "财政评价")),
        Column("项目名称", "string", "照原文。", required=True),
        _money("涉及资金", "照原文。"),
        Column("得分（分）", "number", "评价得分，照原文。", unit="分"),
        Column("等级", "string", "照原文，如 优、良、优良、中。"),
        Column("主要发现", "string", "照原文。"),
        Column("结果应用", "string", "整改和结果应用情况，照原文。"),
        Column("评价主体", "string", "照原文；未单独写明时为所属评价结果的评价主体。"),
    ),
    (*EVALUATION_KEY, "序号"),
    rows=lambda source, loaded: (
        {"年度": loaded.record.year, "单位编码": loaded.record.department, "评价序号": k, "序号": j,
         "评价类型": e.kind.value, "项目名称": p.name, "涉及资金（万元）": p.amount, "得分（分）": p.score, "等级": p.grade,
         "主要发现": p.findings, "结果应用": p.follow_up, "评价主体": p.evaluator or e.evaluator}
        for k, e in enumerate(loaded.record.evaluations, start=1) for j, p in enumerate(e.projects, start=1)
    ),
    foreign_keys=(ForeignKey(EVALUATION_KEY, "evaluations", EVALUATION_KEY),),
)

# The tables of a department-year, in the order of the files, sheets and the dictionary page.
RECORD_TABLES: tuple[Table, ...] = (
    REPORTS, PROJECTS, FUNDS, INDICATORS, SECTIONS, OVERALL, OVERALL_FUNDS, OVERALL_INDICATORS, EVALUATIONS, EVALUATED_PROJECTS,
)
TABLES: tuple[Table, ...] = (DEPARTMENTS, *RECORD_TABLES)


def record_rows(source: Source, loaded: LoadedRecord) -> dict[str, list[Row]]:
    return {table.name: list(table.rows(source, loaded)) for table in RECORD_TABLES}

