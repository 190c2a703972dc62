"""Build Word and Excel 自评表 in the tests, in the layouts units really use, from the seeds' data.

A form is described once as rows of cells with their merges (across, down) and written both as a .docx
table (python-docx merges) and as an .xlsx sheet (merged ranges, numbers stored as numbers and
percentages as fractions with a percent format, the way budget systems export them).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import openpyxl

from generator.records.model import Project


@dataclass
class C:
    """One cell of a form being built: its printed text, its merge, and how Excel would store it."""

    text: str = ""
    across: int = 1
    down: int = 1
    excel: Any = None  # a number, or (number, number_format); None means the text

    def excel_value(self):
        value = self.text if self.excel is None else self.excel
        return value if isinstance(value, tuple) else (value, None)


Rows = list[list[C]]

STANDARD = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
WEIGHT_FIRST = ("一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分", "偏差原因分析及改进措施")
CHONGQING = ("一级指标", "二级指标", "三级指标", "核心指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
SICHUAN = ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
_PRINTED = {"年度指标值": "年度\n指标值", "实际完成值": "实际\n完成值"}  # Word breaks narrow header cells


def _number(value: Decimal | None) -> C:
    if value is None:
        return C("")
    return C(format(value, "f"), excel=int(value) if value == value.to_integral_value() else float(value))


def _percent(text: str) -> C:
    if text.endswith("%") and text[:-1].replace(".", "").isdigit():
        digits = text[:-1]
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        return C(text, excel=(float(Decimal(digits) / 100), "0." + "0" * decimals + "%" if decimals else "0%"))
    return C(text)


def _split_target(target: str) -> tuple[str, str, str]:
    """Sichuan's three cells for a target: ≥95% → (≥, 95, %); 合格 → (定性, 合格, '')."""
    for symbol in ("≥", "≤", "="):
        if target.startswith(symbol):
            rest = target[len(symbol):]
            unit = "%" if rest.endswith("%") else ""
            return symbol, rest.removesuffix("%"), unit
    return "定性", target, ""


def _indicator_cell(key: str, indicator, position: int) -> C:
    if key == "三级指标":
        name = indicator.display_name
        return C(f"指标{position}：{name}" if name not in ("……",) else name)
    if key in ("年度指标值",):
        return C(indicator.target)
    if key == "实际完成值":
        return C(indicator.actual)
    if key == "分值":
        return _number(indicator.weight)
    if key == "得分":
        return _number(indicator.score)
    if key == "偏差原因分析及改进措施":
        return C(indicator.deviation)
    if key == "核心指标":
        return C("是" if indicator.core else "否")
    nature, value, unit = _split_target(indicator.target)
    return C({"指标性质": nature, "指标值": value, "度量单位": unit}[key])


def form_rows(project: Project, columns: tuple[str, ...], year: int) -> tuple[Rows, int]:
    """The 项目支出绩效自评表 of one project in the given indicator column layout."""
    width = 1 + len(columns)
    rest = width - 7
    rows: Rows = [
        [C("项目支出绩效自评表", across=width)],
        [C(f"填列单位（公章）：{project.filler}                （{year}年度）", across=width)],
        [C("项目名称"), C(project.name, across=width - 1)],
        [C("主管部门"), C(project.supervisor, across=3), C("实施单位"), C(project.implementer, across=width - 5)],
        [C("项目资金\n（万元）", down=5), C(""), C("年初预算数"), C("全年预算数"), C("全年执行数"), C("分值"), C("执行率"), C("得分", across=rest)],
    ]
    for label, row in project.funds.rows():
        weight = getattr(row, "weight", None)
        score = getattr(row, "score", None)
        dash = C("—") if label != "年度资金总额" else None
        rows.append([
            C("其中：当年财政拨款" if label == "当年财政拨款" else label),
            _number(row.initial_budget), _number(row.full_year_budget), _number(row.executed),
            dash or _number(weight), _percent(row.rate), C((dash or _number(score)).text, across=rest, excel=(dash or _number(score)).excel),
        ])
    half = (width - 1) // 2
    rows.append([C("年度总体目标", down=2), C("预期目标", across=half), C("实际完成情况", across=width - 1 - half)])
    rows.append([C(project.goal.expected, across=half), C(project.goal.achieved, across=width - 1 - half)])
    rows.append([C("绩\n效\n指\n标", down=1 + len(project.indicators))] + [C(_PRINTED.get(k, k)) for k in columns])
    positions: dict[str, int] = {}
    for n, indicator in enumerate(project.indicators):
        positions[indicator.level2] = positions.get(indicator.level2, 0) + 1
        row: list[C] = []
        for key in columns:
            if key in ("一级指标", "二级指标"):
                value = indicator.level1.value if key == "一级指标" else indicator.level2
                previous = project.indicators[n - 1] if n else None
                same = previous is not None and (previous.level1.value if key == "一级指标" else previous.level2) == value
                if key == "二级指标" and previous is not None and previous.level1 != indicator.level1:
                    same = False
                if same:
                    continue  # covered by the merged cell above
                run = 1
                for later in project.indicators[n + 1 :]:
                    if (later.level1.value if key == "一级指标" else later.level2) != value or (key == "二级指标" and later.level1 != indicator.level1):
                        break
                    run += 1
                row.append(C(value, down=run))
            else:
                row.append(_indicator_cell(key, indicator, positions[indicator.level2]))
        rows.append(row)
    rows.append([C("总分", across=width - 3), _number(project.total_score), C("", across=2)])
    analysis = project.analysis.items()
    for n, (label, text) in enumerate(analysis):
        if n == 0:
            rows.append([C("项目绩效分析", down=len(analysis)), C("自评结果分析", down=4), C(label), C(text, across=width - 3)])
        elif n < 4:
            rows.append([C(label), C(text, across=width - 3)])
        else:
            rows.append([C(label, across=2), C(text, across=width - 3)])
    return rows, width


def _placed(rows: Rows):
    occupied: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            yield r, c, cell
            occupied.update((r + dr, c + dc) for dr in range(cell.down) for dc in range(cell.across))
            c += cell.across


def write_docx(path: Path, rows: Rows, width: int, before: list[str] = (), after: list[str] = ()) -> Path:
    """The form as Word stores a merged table: w:gridSpan across, w:vMerge restart/continue down."""
    from docx.oxml.table import CT_Tc
    from docx.table import _Cell

    document = docx.Document()
    for line in before:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=width)
    by_row: dict[int, list[tuple[int, C, bool]]] = {}
    for r, c, cell in _placed(rows):
        by_row.setdefault(r, []).append((c, cell, False))
        for below in range(r + 1, r + cell.down):
            by_row.setdefault(below, []).append((c, cell, True))
    for r in range(len(rows)):
        tr = table._tbl.add_tr()
        for _, cell, continued in sorted(by_row.get(r, []), key=lambda item: item[0]):
            tc = CT_Tc.new()
            tr.append(tc)
            if cell.across > 1:
                tc.grid_span = cell.across
            if cell.down > 1:
                tc.vMerge = "continue" if continued else "restart"
            if not continued:
                _Cell(tc, table).text = cell.text
    for line in after:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def write_xlsx(path: Path, rows: Rows, width: int) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "项目支出绩效自评表"
    for r, c, cell in _placed(rows):
        value, number_format = cell.excel_value()
        target = sheet.cell(row=r + 1, column=c + 1, value=value if value != "" else None)
        if number_format:
            target.number_format = number_format
        if cell.across > 1 or cell.down > 1:
            sheet.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r + cell.down, end_column=c + cell.across)
    workbook.save(str(path))
    return path


def write_report_docx(path: Path, text: str) -> Path:
    """A narrative report as Word holds it: one paragraph per line of the published text."""
    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    document.save(str(path))
    return path
