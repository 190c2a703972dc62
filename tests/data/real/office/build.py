"""Build the corpus' Word and Excel files: real regional templates filled with the content of real documents.

Each file reproduces one document of tests/data/real/ (its expectations say which, under `reproduces`):
the region's own layout — merged cells, column set, labels with their suffixes — and the figures exactly
as that document prints them. Units keep their forms in Word and Excel, so the importer must read them as
they are, not only the text dumps of published pages.

    python tests/data/real/office/build.py [output folder]

The output is byte-for-byte the same on every run (fixed document dates, fixed zip entry times), so the
committed files can be checked against a rebuild.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

HERE = Path(__file__).resolve().parent
FIXED = dt.datetime(2024, 1, 1, 0, 0, 0)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


# --- Excel ------------------------------------------------------------------------------------------


class Sheet:
    """A worksheet written cell by cell, with merges, in the way the budget systems export the form."""

    def __init__(self, title: str, widths: list[int]):
        self.book = Workbook()
        self.ws = self.book.active
        self.ws.title = title
        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[chr(64 + index)].width = width
        self.row = 1

    def put(self, row: int, col: int, value, *, to_col: int | None = None, to_row: int | None = None, bold=False):
        cell = self.ws.cell(row=row, column=col, value=value)
        cell.alignment = CENTER
        cell.border = BOX
        if bold:
            cell.font = Font(bold=True)
        if to_col or to_row:
            self.ws.merge_cells(start_row=row, start_column=col, end_row=to_row or row, end_column=to_col or col)
        return cell

    def save(self, path: Path) -> None:
        props = self.book.properties
        props.creator = "jixiao corpus"
        props.created = props.modified = FIXED
        props.lastModifiedBy = "jixiao corpus"
        buffer = io.BytesIO()
        self.book.save(buffer)
        _write_stable_zip(buffer.getvalue(), path)


def yunnan_yongde_xlsx(path: Path) -> None:
    """云南省“公开14表”项目支出绩效自评表 (元), with 指标性质 | 指标值 | 度量单位 under 年度指标值."""
    s = Sheet("公开14表", [10, 12, 22, 8, 10, 8, 12, 8, 8, 18])
    s.put(1, 1, "2022年度项目支出绩效自评表", to_col=10, bold=True)
    s.put(2, 1, "部门:临沧市永德县明朗中学", to_col=7)
    s.put(2, 8, "公开14表", to_col=10)
    s.put(3, 1, "项目名称", to_col=2)
    s.put(3, 3, "义务教育营养改善计划专项资金", to_col=10)
    s.put(4, 1, "主管部门", to_col=2)
    s.put(4, 3, "永德县教育体育局", to_col=5)
    s.put(4, 6, "实施单位", to_col=7)
    s.put(4, 8, "永德县明朗中学", to_col=10)
    s.put(5, 1, "项目资金\n(元)", to_row=9)
    s.put(5, 2, "", to_col=3)
    for col, label in zip((4, 6, 7, 8, 9, 10), ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")):
        s.put(5, col, label, to_col=5 if col == 4 else None)
    rows = [
        ("年度资金总额", None, 387664.62, 387664.62, 10, "100%", 10),
        ("其中:当年财政拨款", None, 387664.62, 387664.62, "—", None, "—"),
        ("上年结转资金", None, None, None, "—", None, "—"),
        ("其他资金", None, None, None, "—", None, "—"),
    ]
    for offset, (label, *values) in enumerate(rows):
        r = 6 + offset
        s.put(r, 2, label, to_col=3)
        s.put(r, 4, values[0], to_col=5)
        for col, value in zip((6, 7, 8, 9, 10), values[1:]):
            s.put(r, col, value)
    s.put(10, 1, "年度\n总体\n目标", to_row=11)
    s.put(10, 2, "预期目标", to_col=5)
    s.put(10, 6, "实际完成情况", to_col=10)
    s.put(11, 2, "确保每一个学生都能享受到国家政策福利,改善学生体质", to_col=5)
    s.put(11, 6, "确保每一个学生都能享受到国家政策福利,改善学生体质", to_col=10)
    s.put(12, 1, "绩效指标", to_row=23)
    s.put(12, 2, "一级指标", to_row=13)
    s.put(12, 3, "二级指标", to_row=13)
    s.put(12, 4, "三级指标", to_row=13)
    s.put(12, 5, "年度指标值", to_col=7)
    s.put(13, 5, "指标性质")
    s.put(13, 6, "指标值")
    s.put(13, 7, "度量单位")
    s.put(12, 8, "实际完成值", to_row=13)
    s.put(12, 9, "分值", to_row=13)
    s.put(12, 10, "得分", to_row=13)
    indicators = [
        ("产出指标", "数量指标", "学生受资助人数", "≧", 735, "人次", "735", 10, 10),
        ("产出指标", "质量指标", "营养改善计划覆盖率", "≧", 100, "%", "100%", 10, 10),
        ("产出指标", "时效指标", "资金到位及时率", "≧", 100, "%", "100%", 10, 7),
        ("产出指标", "成本指标", "生均补助标准达标率", "═", 100, "%", "100%", 10, 10),
        ("效益指标", "经济效益\n指标", "减轻贫困学生家庭经济负担", None, "有效", None, "有效", 10, 10),
        ("效益指标", "社会效益\n指标", "政策知晓率", "═", 100, "%", "98%", 10, 9),
        ("效益指标", "生态效益\n指标", None, None, None, None, None, None, None),
        ("效益指标", "可持续影响\n指标", "促进学校教育事业健康发展", "≧", 100, "%", "100%", 10, 10),
        ("满意度指标", "服务对象满意度指标等", "学生满意度", "≧", 95, "%", "100%", 10, 10),
        ("满意度指标", "服务对象满意度指标等", "家长满意度", "≧", 95, "%", "100%", 10, 10),
    ]
    first = 14
    for offset, (level1, level2, *cells) in enumerate(indicators):
        r = first + offset
        for col, value in zip(range(4, 11), cells):
            s.put(r, col, value)
        s.put(r, 2, level1)
        s.put(r, 3, level2)
    s.ws.merge_cells(start_row=14, start_column=2, end_row=17, end_column=2)
    s.ws.merge_cells(start_row=18, start_column=2, end_row=21, end_column=2)
    s.ws.merge_cells(start_row=22, start_column=2, end_row=23, end_column=2)
    s.ws.merge_cells(start_row=22, start_column=3, end_row=23, end_column=3)
    s.put(24, 1, "其他需要说明事项", to_col=2)
    s.put(24, 3, "无", to_col=7)
    s.put(25, 1, "总分", to_col=7)
    s.put(25, 8, 100)
    s.put(25, 9, 96)
    s.put(25, 10, "优")
    s.save(path)


def shanxi_jishan_xlsx(path: Path) -> None:
    """山西省县级“项目支出绩效自评表”: the national columns, 项目资金（万元） with four rows, 指标 numbered “指标N:”."""
    s = Sheet("项目支出绩效自评表", [8, 10, 10, 30, 12, 12, 8, 8, 20])
    s.put(1, 1, "稷山县项目支出绩效自评表", to_col=9, bold=True)
    s.put(2, 1, "(2021年度)", to_col=9)
    s.put(3, 1, "项目名称", to_col=3)
    s.put(3, 4, "国家基本公共卫生服务", to_col=9)
    s.put(4, 1, "主管部门", to_col=3)
    s.put(4, 4, "稷山县卫生健康和体育局")
    s.put(4, 5, "实施单位", to_col=6)
    s.put(4, 7, "稷山县翟店镇卫生院", to_col=9)
    s.put(5, 1, "项目资金\n(万元)", to_col=2, to_row=9)
    for col, label in zip(range(4, 10), ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")):
        s.put(5, col, label)
    s.put(5, 3, "")
    funds = [
        ("年度资金总额", 0, 207.4538, 207.4538, 10, "100%", 10),
        ("其中:当年财政拨款", None, None, 207.4538, "—", "100%", "—"),
        ("上年结转资金", None, None, None, "—", None, "—"),
        ("其他资金", None, None, None, "—", None, "—"),
    ]
    for offset, (label, *values) in enumerate(funds):
        r = 6 + offset
        s.put(r, 3, label)
        for col, value in zip(range(4, 10), values):
            s.put(r, col, value)
    s.put(10, 1, "年度\n总体\n目标", to_row=11)
    s.put(10, 2, "预期目标", to_col=5)
    s.put(10, 6, "实际完成情况", to_col=9)
    s.put(11, 2, "国家基本公共卫生服务", to_col=5)
    s.put(11, 6, "国家基本公共卫生服务", to_col=9)
    s.put(12, 1, "绩\n效\n指\n标", to_row=33)
    for col, label in zip(range(2, 10), ("一级\n指标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值", "分值", "得分", "偏差原因分析及改进措施")):
        s.put(12, col, label)
    indicators = [
        ("居民健康档案", "38508人", "37442人", 3, 3),
        ("举办健康教育宣传咨询活动", "12次", "96次", 1, 1),
        ("建立预防接种证", "221人", "221人", 2, 2),
        ("适龄儿童疫苗接种率", "100.00%", "97.30%", 2, 1.9),
        ("0-6岁儿童健康管理数", "2089人", "2089人", 2, 2),
        ("0-6岁儿童眼保健操覆盖数", "2089人", "2089人", 2, 2),
        ("新生入访视数", "214人", "214人", 2, 2),
        ("孕产妇7天访视数", "214人", "203人", 2, 1.8),
        ("孕产妇42天访视数", "214人", "203人", 2, 1.8),
        ("早孕建册数", "120人", "69人", 2, 1),
        ("老年人体检数", "5662人", "4044人", 2, 1.4),
        ("高血压规范管理数", "3807人", "3224人", 2, 1.9),
        ("高血压随访控制数", "3807人", "3220人", 2, 1.8),
        ("糖尿病规范管理数", "863人", "695人", 2, 1.8),
        ("糖尿病随访控制数", "863人", "683人", 2, 1.7),
        ("严重精神障碍患者管理数", "212人", "209人", 2, 1.8),
        ("肺结核健康规范管理数", "8例", "8例", 2, 2),
        ("老年人中医药规范管理数", "5662人", "4044人", 2, 1.4),
        ("0-36月龄中医药规范管理数", "1228人", "770人", 2, 1.8),
        ("传染病及突发公共卫生事件报告数", "14例", "14例", 2, 2),
        ("家庭医生签约率", "24694人", "22584人", 2, 1.7),
    ]
    numbers = [1, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]
    for offset, (number, (name, target, actual, weight, score)) in enumerate(zip(numbers, indicators)):
        r = 13 + offset
        for col, value in zip(range(4, 10), (f"指标{number}:{name}", target, actual, weight, score, None)):
            s.put(r, col, value)
    s.put(13, 2, "产出指标", to_row=33)
    s.put(13, 3, "数量指标", to_row=33)
    s.save(path)


# --- Word -------------------------------------------------------------------------------------------


def _doc() -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(10.5)
    core = doc.core_properties
    core.author = core.last_modified_by = "jixiao corpus"
    core.created = core.modified = FIXED
    core.revision = 1
    return doc


def _cell(table, row, col, text, *, to_row=None, to_col=None):
    cell = table.cell(row, col)
    if to_row is not None or to_col is not None:
        cell = cell.merge(table.cell(to_row if to_row is not None else row, to_col if to_col is not None else col))
    cell.text = "" if text is None else str(text)
    return cell


def _save_docx(doc: Document, path: Path) -> None:
    buffer = io.BytesIO()
    doc.save(buffer)
    _write_stable_zip(buffer.getvalue(), path)


def anhui_yuan_docx(path: Path) -> None:
    """安徽省（六安市裕安区）“项目支出绩效自评表”: the national Word form, 项目资金 and 绩效指标 merged down."""
    doc = _doc()
    title = doc.add_paragraph("市级文物保护专项经费绩效自评表(2022年度)")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    t = doc.add_table(rows=21, cols=10)
    t.style = "Table Grid"
    _cell(t, 0, 0, "项目名称", to_col=1)
    _cell(t, 0, 2, "市级文物保护专项经费", to_col=9)
    _cell(t, 1, 0, "主管部门", to_col=1)
    _cell(t, 1, 2, "裕安区文化和旅游局", to_col=4)
    _cell(t, 1, 5, "实施单位", to_col=6)
    _cell(t, 1, 7, "裕安区文化和旅游局", to_col=9)
    _cell(t, 2, 0, "项目资金\n(万元)", to_row=6, to_col=1)
    for col, label in zip(range(4, 10), ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")):
        _cell(t, 2, col, label)
    _cell(t, 2, 2, "", to_col=3)
    funds = [
        ("年度资金总额", "29", "29", "27.8", "9", "0.958", "8"),
        ("其中:当年财政拨款", "29", "29", "27.8", "9", "0.958", "8"),
        ("      上年结转资金", None, None, None, None, None, None),
        ("  其他资金", None, None, None, None, None, None),
    ]
    for offset, (label, *values) in enumerate(funds):
        r = 3 + offset
        _cell(t, r, 2, label, to_col=3)
        for col, value in zip(range(4, 10), values):
            _cell(t, r, col, value)
    _cell(t, 7, 0, "年度总体目标", to_row=8, to_col=1)
    _cell(t, 7, 2, "预期目标", to_col=5)
    _cell(t, 7, 6, "实际完成情况", to_col=9)
    _cell(t, 8, 2, "通过项目实施,完成六安市罗氏宗祠、李氏宗祠、英布墓日常维护,赤卫军指挥部旧址报病虫害防治测绘、国保省保矢量数据测绘、龙盘石刻护栏制装,加大文物保护力度,发挥文物的宣传教育价值。", to_col=5)
    _cell(t, 8, 6, "基本完成年度目标。", to_col=9)
    _cell(t, 9, 0, "绩效指标", to_row=20)
    for col, label in zip(range(1, 10), ("一级指标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值", "分值", "得分", "偏差原因分析及改进措施", None)):
        if label:
            _cell(t, 9, col, label, to_col=9 if col == 8 else None)
    repair = "完成六安市六安市罗氏宗祠、李氏宗祠、英布墓日常维护,指挥部旧址报病虫害防治测绘、国保省保矢量数据测绘、龙盘石刻护栏制装"
    rows = [
        ("指标1:修缮建筑数量", repair, repair, "7", "7"),
        ("指标2:修缮建筑面积", "6000平方米", "6000平方米", "7", "7"),
        ("指标3:修缮级别", "市级保护单位", "市级保护单位", "7", "7"),
        ("指标1:验收通过率", "100%", "95%", "6", "5"),
        ("指标2:工程质量管理", "≥95%", "98%", "6", "6"),
        ("指标3:文明施工", "≥95%", "97%", "6", "6"),
        ("项目设计、招标、施工", "完成时间为2022年12月30日", "完成时间为2022年12月30日", "6", "5"),
        ("项目成本控制在预算内", "本着节约的原则,控制在预算中。", "100%", "5", "5"),
        ("文物本体安全、体现文物价值,提升知名度", "加大文物保护,展示文物价值", "程度较高", "15", "15"),
    ]
    for offset, values in enumerate(rows):
        r = 10 + offset
        for col, value in zip(range(3, 8), values):
            _cell(t, r, col, value)
        _cell(t, r, 8, "", to_col=9)
    _cell(t, 10, 1, "产出指标", to_row=17)
    _cell(t, 10, 2, "数量指标", to_row=12)
    _cell(t, 13, 2, "质量指标", to_row=15)
    _cell(t, 16, 2, "时效指标")
    _cell(t, 17, 2, "成本指标")
    _cell(t, 18, 1, "效益指标", to_row=20)
    _cell(t, 18, 2, "社会效益指标")
    _cell(t, 19, 2, "可持续影响指标")
    _cell(t, 20, 2, "")
    _save_docx(doc, path)


def hubei_huangshi_docx(path: Path) -> None:
    """湖北省（黄石市）“项目自评表”: 预算执行 20 分 with 预算数(A)/执行数(B)/执行率(B/A)/得分(20分*执行率)."""
    doc = _doc()
    title = doc.add_paragraph("2022年度黄石市系统化全域海绵城市示范城市的申报工作经费项目自评表")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    t = doc.add_table(rows=19, cols=7)
    t.style = "Table Grid"
    _cell(t, 0, 0, "项目名称")
    _cell(t, 0, 1, "黄石市系统化全域海绵城市示范城市的申报工作经费", to_col=6)
    _cell(t, 1, 0, "主管部门")
    _cell(t, 1, 1, "黄石市住房和城乡建设局", to_col=2)
    _cell(t, 1, 3, "项目实施单位")
    _cell(t, 1, 4, "黄石市住房和城乡建设局", to_col=6)
    _cell(t, 2, 0, "项目类别")
    _cell(t, 2, 1, "1、部门预算项目 ☑ 2、市直专项", to_col=6)
    _cell(t, 3, 0, "项目属性")
    _cell(t, 3, 1, "1、持续性项目 ☑ 2、新增性项目 □", to_col=6)
    _cell(t, 4, 0, "项目类型")
    _cell(t, 4, 1, "1、常年性项目 □ 2、延续性项目 ☑ 3、一次性项目 □", to_col=6)
    _cell(t, 5, 0, "预算执行情况(万元) (20分)", to_row=6)
    _cell(t, 5, 1, "")
    for col, label in zip(range(2, 6), ("预算数(A)", "执行数(B)", "执行率(B/A)", "得分 (20分*执行率)")):
        _cell(t, 5, col, label, to_col=6 if col == 5 else None)
    _cell(t, 6, 1, "年度财政资金总额")
    for col, value in zip(range(2, 6), ("200", "195.5", "97.75%", "19.55")):
        _cell(t, 6, col, value, to_col=6 if col == 5 else None)
    _cell(t, 7, 0, "年度绩效目标1 (80分)", to_row=15)
    for col, label in zip(range(1, 7), ("一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分")):
        _cell(t, 7, col, label)
    rows = [
        ("数量指标", "完成省级宣传片制作;完成实施方案的编制;完成自评估报告", "完成1部宣传片,2套方案", "完成1部宣传片,2套方案", "10"),
        ("质量指标", "通过专家评审", "通过", "通过", "10"),
        ("时效指标", "上半年完成宣传片制作;下半年完成实施方案", "6月份完成宣传片制作;9月份完成文本;11月完成专家评审", "完成", "10"),
        ("成本指标", "省级宣传片制作费、申报文本编制费、自评估报告编制费", "200万", "195.5万元", "10"),
        ("经济效益 指标", "统筹海绵城市项目谋划", "统筹海绵城市项目谋划", "完成", "10"),
        ("社会效益 指标", "指导城市建设", "指导城市建设", "完成", "10"),
        ("生态效益 指标", "有利于城市生态、韧性发展", "有利于城市生态、韧性发展", "完成", "10"),
        ("满意度指标", "群众满意度", "满意", "完成", "10"),
    ]
    for offset, values in enumerate(rows):
        for col, value in zip(range(2, 7), values):
            _cell(t, 8 + offset, col, value)
    _cell(t, 8, 1, "产出指标", to_row=11)
    _cell(t, 12, 1, "效益指标", to_row=14)
    _cell(t, 15, 1, "满意度指标")
    _cell(t, 16, 0, "总分")
    _cell(t, 16, 1, "99.55分", to_col=6)
    _cell(t, 17, 0, "偏差大或 目标未完成 原因分析")
    _cell(t, 17, 1, "2022年12月,第三方咨询单位已编制完成海绵城市自评估报告,并通过专家评审,根据合同", to_col=6)
    _cell(t, 18, 0, "")
    _cell(t, 18, 1, "", to_col=6)
    _save_docx(doc, path)


# --- stable output ------------------------------------------------------------------------------------


def _write_stable_zip(data: bytes, path: Path) -> None:
    """Rewrite an Office zip with fixed entry times and order, so a rebuild gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time as 'modified'
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>2024-01-01T00:00:00Z\g<2>", content)
            target.writestr(entry, content)
    path.write_bytes(out.getvalue())


BUILDERS = {
    "office_yunnan_yongde_yingyang_2022.xlsx": yunnan_yongde_xlsx,
    "office_shanxi_jishan_gonggongweisheng_2021.xlsx": shanxi_jishan_xlsx,
    "office_anhui_liuan_yuan_wenwu_2022.docx": anhui_yuan_docx,
    "office_hubei_huangshi_haimianchengshi_2022.docx": hubei_huangshi_docx,
}


def build(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in BUILDERS.items():
        builder(folder / name)
        written.append(folder / name)
    return written


if __name__ == "__main__":
    for written in build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(written)
