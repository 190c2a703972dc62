"""A form that prints its money in 元, 千元 or 亿元 (Yunnan's 公开14表: "项目资金（元）") is imported into the
record's 万元 by moving the decimal point only, and the page says what the form printed; an amount that cannot
be held to its last digit is not converted but kept aside with the reason. The 总分 row "总分 | 100 | 96 | 优"
gives the score 96, not the weights' total 100."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

from generator.records.loading import load_content
from generator.site.pages import build_page_tree
from tests.import_support import import_one
from tests.test_import_kinds import _fixture_overall, _imported, _overall_docx

OFFICE = Path(__file__).parent / "data" / "real" / "office"
YONGDE = OFFICE / "office_yunnan_yongde_yingyang_2022.xlsx"

# A made-up form in " | " cells; {unit_line} and {funds} are where a unit can be stated.
FORM = """\
2022年度项目支出绩效自评表
{unit_line}项目名称 | 办公设备购置
主管部门 | 某县财政局
{funds} | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
年度资金总额 | {a} | {b} | {c} | 10 | 95% | 9.5
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分
产出指标 | 数量指标 | 购置台数 | 10台 | 10台 | 90 | 90
总分 | 100 | 99.5 | 优
"""


def _import(tmp_path: Path, source: Path):
    return import_one(tmp_path, source, 2022, write=True)


def _form(tmp_path: Path, *, funds="项目资金（万元）", unit_line="", a="100", b="100", c="95"):
    source = tmp_path / "自评表.txt"
    source.write_text(FORM.format(funds=funds, unit_line=unit_line, a=a, b=b, c=c), encoding="utf-8")
    return _import(tmp_path, source)[0]


def _total(imported) -> tuple[str, str, str]:
    total = imported.record.projects[0].funds.total
    return (str(total.initial_budget), str(total.full_year_budget), str(total.executed))


def test_amounts_printed_in_yuan_are_held_in_wanyuan_to_the_last_digit(tmp_path):
    imported, _ = _import(tmp_path, tmp_path / shutil.copy(YONGDE, tmp_path / YONGDE.name).name)
    funds = imported.record.projects[0].funds
    assert (funds.total.full_year_budget, funds.total.executed, funds.current_year.executed) == (
        Decimal("38.766462"), Decimal("38.766462"), Decimal("38.766462"))


def test_the_project_page_says_the_form_printed_yuan_with_its_own_digits(tmp_path):
    _, content = _import(tmp_path, Path(shutil.copy(YONGDE, tmp_path / YONGDE.name)))
    page = next(p for p in build_page_tree(load_content(content)).pages.values() if "义务教育营养改善计划专项资金项目绩效自评" in p.body)
    note = re.search(r'!!! note "整理说明"\n(.*?)\n\n', page.body, re.S).group(1)
    assert "原文项目资金以“元”为单位" in note
    assert "年度资金总额的全年执行数 387664.62 元 → 38.766462 万元" in note
    assert "38.766462" in page.body.split("## 项目支出绩效自评表", 1)[1]


def test_the_user_is_told_the_amounts_were_moved_from_yuan(tmp_path):
    imported, _ = _import(tmp_path, Path(shutil.copy(YONGDE, tmp_path / YONGDE.name)))
    assert any("以元为单位，4 个金额已换算为万元" in note for note in imported.notes)


def test_a_unit_line_above_the_form_applies_to_its_funds(tmp_path):
    imported = _form(tmp_path, funds="项目资金", unit_line="单位：元\n", a="1000000", b="1250000.5", c="1187500")
    assert _total(imported) == ("100", "125.00005", "118.75")


def test_a_unit_in_a_column_label_applies_to_that_column_only(tmp_path):
    source = tmp_path / "自评表.txt"
    text = FORM.format(funds="项目资金（万元）", unit_line="", a="100", b="100", c="950").replace("全年执行数", "全年执行数（千元）", 1)
    source.write_text(text, encoding="utf-8")
    assert _total(_import(tmp_path, source)[0]) == ("100", "100", "95")


def test_amounts_printed_in_yi_yuan_are_multiplied_exactly(tmp_path):
    assert _total(_form(tmp_path, funds="项目资金（亿元）", a="1.2", b="1.25", c="1.0001")) == ("12000", "12500", "10001")


def test_amounts_printed_in_wanyuan_keep_their_published_digits_and_no_note(tmp_path):
    imported = _form(tmp_path, a="100.00", b="100.10", c="95.000")
    assert _total(imported) == ("100.00", "100.10", "95.000")
    assert imported.record.projects[0].editor_note == ""


def test_an_amount_the_record_cannot_hold_exactly_is_kept_aside_with_the_reason(tmp_path):
    imported = _form(tmp_path, funds="项目资金（元）", a="1000000", b="1000000", c="950000.125")
    assert imported.record.projects[0].funds.total.executed is None
    [kept] = [item for item in imported.record.unplaced if "950000.125" in item]
    assert "第1个表格第" in kept and "“全年执行数”为 950000.125 元" in kept and "未能填入" in kept


def test_a_total_row_with_the_weights_total_then_the_score_gives_the_score(tmp_path):
    # "总分 | 100 | 99.5 | 优" with its cells not under the indicator table's 分值 and 得分 columns
    imported = _form(tmp_path)
    project = imported.record.projects[0]
    assert (str(project.total_score), project.grade) == ("99.5", "优")
    assert any("权重合计）：100" in item for item in imported.record.unplaced)


def test_a_department_level_form_in_yuan_is_held_in_wanyuan_and_its_note_says_what_was_printed(tmp_path):
    overall = _fixture_overall()
    printed = overall["年度预算执行情况"]
    amounts = ("年初预算数", "全年预算数", "全年执行数")

    def in_yuan(row: dict) -> dict:
        return {**row, **{k: f"{Decimal(str(row[k])).scaleb(4):f}" for k in amounts if k in row}}

    funds_in_yuan = {**in_yuan(printed), "其中": [in_yuan(part) for part in printed["其中"]]}
    record = _imported(tmp_path, _overall_docx(tmp_path / "部门整体.docx", {**overall, "年度预算执行情况": funds_in_yuan}, unit="元"))
    funds = record.overall.funds
    assert [getattr(funds, k) for k in ("initial_budget", "full_year_budget", "executed")] == [Decimal(str(printed[k])) for k in amounts]
    assert [part.executed for part in funds.parts] == [Decimal(str(part["全年执行数"])) for part in printed["其中"]]
    assert record.overall.editor_note.startswith("原文年度预算执行情况以“元”为单位（原表“年度预算执行情况（元）”），本站记录以万元计")
