"""Build the importer's .xls and .pdf fixtures: real regional forms, filled with what real documents print.

- hubei_huangshi_gongxiang_2022.xls — 湖北 “项目自评表” (预算数(A) | 执行数(B) | 执行率(B/A) | 得分(20分*执行率),
  年初目标值(A) | 实际完成值(B) | 得分, 得分 merged over each 二级指标 group) as an old binary Excel file, with the
  content of tests/data/real/hubei_huangshi_gongxiang_2022.txt up to where that page was cut;
- yunnan_yongde_yingyang_2022.pdf — 云南 “公开14表” (指标性质 | 指标值 | 度量单位 under 年度指标值, amounts in 元)
  as a text PDF with a ruled table, with the content of tests/data/real/yunnan_yongde_yingyang_2022.txt;
- scanned_2022.pdf — a page that is only an image, as a scanner makes it: no text to read.

    python tests/data/importer/build_fixtures.py [output folder]      (needs the test extras: pip install -e '.[test]')

The files are the same byte for byte on every run (fixed dates, no random ids), so the committed ones can be
checked against a rebuild.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FIXED = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


@dataclass
class Cell:
    row: int
    col: int
    text: str
    down: int = 1
    across: int = 1


def hubei_gongxiang() -> tuple[list[Cell], int, int]:
    """湖北省黄石市图书馆 2022 年度共享工程项目自评表, as far as the published page goes."""
    cells = [
        Cell(0, 0, "2022年度共享工程项目自评表", across=8),
        Cell(1, 0, "项目单位(盖章):黄石市图书馆", across=5),
        Cell(1, 5, "主要领导签字:", across=3),
        Cell(2, 0, "填报日期:2023.6.28", across=8),
        Cell(3, 0, "项目名称"), Cell(3, 1, "共享工程", across=7),
        Cell(4, 0, "主管部门"), Cell(4, 1, "黄石市文化和旅游局", across=3), Cell(4, 4, "项目实施单位"), Cell(4, 5, "黄石市图书馆", across=3),
        Cell(5, 0, "项目类别"), Cell(5, 1, "1、部门预算项目 ☑ 2、市直专项", across=7),
        Cell(6, 0, "项目属性"), Cell(6, 1, "1、持续性项目 ☑ 2、新增性项目 □", across=7),
        Cell(7, 0, "项目类型"), Cell(7, 1, "1、常年性项目 ☑ 2、延续性项目 □ 3、一次性项目 □", across=7),
        Cell(8, 0, "预算执行情况(万元) (20分)", across=2), Cell(8, 2, "预算数(A)", across=2), Cell(8, 4, "执行数(B)"),
        Cell(8, 5, "执行率(B/A)"), Cell(8, 6, "得分 (20分*执行率)", across=2),
        Cell(9, 0, "年度财政资金总额", across=2), Cell(9, 2, "5", across=2), Cell(9, 4, "5"), Cell(9, 5, "100%"), Cell(9, 6, "20", across=2),
        Cell(10, 0, "年度绩效目标1 (80分)", down=14), Cell(10, 1, "一级指标"), Cell(10, 2, "二级指标"), Cell(10, 3, "三级指标"),
        Cell(10, 4, "年初目标值(A)"), Cell(10, 5, "实际完成值(B)"), Cell(10, 6, "得分", across=2),
    ]
    rows = [  # (一级, 二级, 三级, 年初目标值, 实际完成值, 得分) — None where a merged cell above covers it
        ("产出指标(40分)", "数量指标", "一个存储备份器", "25TB", "25TB", "10"),
        (None, None, "WIFI布点全覆盖", "100%覆盖", "100%覆盖", None),
        (None, "质量指标", "以最新资源面市", "资源采购期以当年为主", "资源采购期以当年为主", "10"),
        (None, "时效指标", "可保证读者使用时长", "全天候可用", "全天候", "10"),
        (None, None, "2022年全年", "≥360天", "≥360天", None),
        (None, "成本指标", "以低价位高质量为采购原则", "5万", "5万", "10"),
        ("效益指标(30分)", "经济效益", "社会公益服务无经济效益", "公益性事业", "公益性事业", "10"),
        (None, "社会效益", "使读者更方便快捷查找检阅", "独有数据资源查询,查询范围可扩展到省图", "独有数据资源查询,查询范围可扩展到省图", "10"),
        (None, None, "促进黄石文化经济发展,丰富市民文化活动", "", "", None),
        (None, "环境效益", "数字图书馆环境优良无污染", "良好", "良好", "10"),
        (None, None, "WIFI全覆盖,绿色环保", "良好", "良好", None),
        (None, "可持续影响指标", "≥360天服务读者", "≥360天", "≥360天", "10"),
        ("满意度指标(10分)", "读者", "在网络上设置读者满意度调查", "", "", ""),
    ]
    level1_rows = {0: 6, 6: 6, 12: 1}  # the first row of each merged 一级指标, and how many rows it covers
    group_rows = {0: 2, 2: 1, 3: 2, 5: 1, 6: 1, 7: 2, 9: 2, 11: 1, 12: 1}  # likewise 二级指标, and its 得分
    for offset, values in enumerate(rows):
        r = 11 + offset
        for c, value in enumerate(values):
            if value is None:
                continue
            down = level1_rows.get(offset, 1) if c == 0 else group_rows.get(offset, 1) if c in (1, 5) else 1
            cells.append(Cell(r, 1 + c, value, down=down, across=2 if c == 5 else 1))
    return cells, 11 + len(rows), 8


def yunnan_yongde() -> tuple[list[Cell], int, int]:
    """云南省临沧市永德县明朗中学 2022 年度项目支出绩效自评表（公开14表）."""
    cells = [
        Cell(0, 0, "2022年度项目支出绩效自评表", across=10),
        Cell(1, 0, "部门:临沧市永德县明朗中学", across=7), Cell(1, 7, "公开14表", across=3),
        Cell(2, 0, "项目名称", across=2), Cell(2, 2, "义务教育营养改善计划专项资金", across=8),
        Cell(3, 0, "主管部门", across=2), Cell(3, 2, "永德县教育体育局", across=3), Cell(3, 5, "实施单位", across=2),
        Cell(3, 7, "永德县明朗中学", across=3),
        Cell(4, 0, "项目资金(元)", down=5), Cell(4, 1, "", across=2), Cell(4, 3, "年初预算数", across=2), Cell(4, 5, "全年预算数"),
        Cell(4, 6, "全年执行数"), Cell(4, 7, "分值"), Cell(4, 8, "执行率"), Cell(4, 9, "得分"),
    ]
    funds = [
        ("年度资金总额", "", "387664.62", "387664.62", "10", "100%", "10"),
        ("其中:当年财政拨款", "", "387664.62", "387664.62", "—", "", "—"),
        ("上年结转资金", "", "", "", "—", "", "—"),
        ("其他资金", "", "", "", "—", "", "—"),
    ]
    for offset, (label, *values) in enumerate(funds):
        r = 5 + offset
        cells.append(Cell(r, 1, label, across=2))
        cells.append(Cell(r, 3, values[0], across=2))
        cells.extend(Cell(r, col, value) for col, value in zip(range(5, 10), values[1:]))
    cells += [
        Cell(9, 0, "年度总体目标", down=2), Cell(9, 1, "预期目标", across=4), Cell(9, 5, "实际完成情况", across=5),
        Cell(10, 1, "确保每一个学生都能享受到国家政策福利,改善学生体质", across=4),
        Cell(10, 5, "确保每一个学生都能享受到国家政策福利,改善学生体质", across=5),
        Cell(11, 0, "绩效指标", down=12), Cell(11, 1, "一级指标", down=2), Cell(11, 2, "二级指标", down=2), Cell(11, 3, "三级指标", down=2),
        Cell(11, 4, "年度指标值", across=3), Cell(12, 4, "指标性质"), Cell(12, 5, "指标值"), Cell(12, 6, "度量单位"),
        Cell(11, 7, "实际完成值", down=2), Cell(11, 8, "分值", down=2), Cell(11, 9, "得分", down=2),
    ]
    indicators = [
        ("产出指标", "数量指标", "学生受资助人数", "≧", "735", "人次", "735", "10", "10"),
        (None, "质量指标", "营养改善计划覆盖率", "≧", "100", "%", "100%", "10", "10"),
        (None, "时效指标", "资金到位及时率", "≧", "100", "%", "100%", "10", "7"),
        (None, "成本指标", "生均补助标准达标率", "═", "100", "%", "100%", "10", "10"),
        ("效益指标", "经济效益 指标", "减轻贫困学生家庭经济负担", "", "有效", "", "有效", "10", "10"),
        (None, "社会效益 指标", "政策知晓率", "═", "100", "%", "98%", "10", "9"),
        (None, "生态效益 指标", "", "", "", "", "", "", ""),
        (None, "可持续影响 指标", "促进学校教育事业健康发展", "≧", "100", "%", "100%", "10", "10"),
        ("满意度指标", "服务对象满意度指标等", "学生满意度", "≧", "95", "%", "100%", "10", "10"),
        (None, None, "家长满意度", "≧", "95", "%", "100%", "10", "10"),
    ]
    for offset, values in enumerate(indicators):
        r = 13 + offset
        for c, value in enumerate(values):
            if value is None:
                continue
            down = 1
            if c == 0:
                down = {0: 4, 4: 4, 8: 2}[offset]
            if c == 1 and offset == 8:
                down = 2
            cells.append(Cell(r, 1 + c, value, down=down))
    cells += [
        Cell(23, 0, "其他需要说明事项", across=2), Cell(23, 2, "无", across=8),
        Cell(24, 0, "总分", across=7), Cell(24, 7, "100"), Cell(24, 8, "96"), Cell(24, 9, "优"),
    ]
    return cells, 25, 10


def write_xls(path: Path, cells: list[Cell], title: str) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet(title)
    style = xlwt.easyxf("borders: left thin, right thin, top thin, bottom thin; align: wrap on, vert centre, horiz centre")
    for cell in cells:
        value = _excel_value(cell.text)
        if cell.down > 1 or cell.across > 1:
            sheet.write_merge(cell.row, cell.row + cell.down - 1, cell.col, cell.col + cell.across - 1, value, style)
        else:
            sheet.write(cell.row, cell.col, value, style)
    book.save(str(path))


def _excel_value(text: str):
    """Figures as numbers, the way a budget system exports them; everything else (100%, 25TB, —) as printed text."""
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def write_pdf(path: Path, cells: list[Cell], rows: int, columns: int) -> None:
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_creation_date(FIXED)
    pdf.set_producer("jixiao tests")
    pdf.add_font("wqy", fname=str(FONT), collection_font_number=0)
    pdf.set_font("wqy", size=7)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    left, top, width, height = 10.0, 10.0, 277.0 / columns, 180.0 / rows
    for cell in cells:
        x, y = left + cell.col * width, top + cell.row * height
        w, h = width * cell.across, height * cell.down
        pdf.rect(x, y, w, h)
        if cell.text:
            pdf.set_xy(x + 0.5, y + 0.5)
            pdf.multi_cell(w - 1, 3, cell.text, align="C")
    pdf.output(str(path))


def write_scan(path: Path) -> None:
    """One A4 page holding only a picture of a form (lines and grey blocks, no characters)."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (620, 877), 255)
    draw = ImageDraw.Draw(image)
    for y in range(80, 800, 40):
        draw.line((40, y, 580, y), fill=0, width=2)
    for x in (40, 160, 300, 440, 580):
        draw.line((x, 80, x, 760), fill=0, width=2)
    for y in range(90, 760, 40):
        draw.rectangle((60, y, 60 + (y * 7) % 90, y + 18), fill=120)
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creation_date(FIXED)
    pdf.set_producer("jixiao tests")
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=210, h=297)
    pdf.output(str(path))


def build(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    hubei, _, _ = hubei_gongxiang()
    write_xls(folder / "hubei_huangshi_gongxiang_2022.xls", hubei, "项目自评表")
    yunnan, rows, columns = yunnan_yongde()
    write_pdf(folder / "yunnan_yongde_yingyang_2022.pdf", yunnan, rows, columns)
    write_scan(folder / "scanned_2022.pdf")
    return sorted(folder.glob("*.xls")) + sorted(folder.glob("*.pdf"))


if __name__ == "__main__":
    for written in build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(written)
