"""OCR'd text: look-alike characters in the form's labels, the table's rules read as quotation marks, header cells
wrapped over two lines column by column, figures a rule left side by side, and figures the OCR garbled.

Real case: corpus anhui_liuan_yuan_wenwu_2022_ocr.txt (Tesseract's output for a rendered Word form). The layouts
here are made up (other units, other figures, other noise): one space-separated form whose labels carry the usual
look-alikes (预箅数, 产山指标, 绩敛指标, 白评) and a garbled figure "1O"; one with "|" rules, stray quotation marks
and a header wrapped in its narrow cells. Assertions are on the record the importer writes (what the user reads).
"""

from __future__ import annotations

from pathlib import Path

from generator.records.yaml_reader import read_text
from tests.import_support import import_one

SPACED = """乡村道路养护经费项目支山绩效白评表(2023年度)
项目名称 白山村道路养护经费
主管部门 某县交通运输局   实施单位 某县公路养护中心
项目资金 年初预箅数 全年预箅数 全年执行数 分值 执行率 得分
(万元) 年度资金总额 120 118.5 112.6 10 95.02% 9.5
其中:当年财政拨款 120 118.5 112.6 10 95.02% 9.5
上年结转资金
其他资金
年度总体目标 预期目标 实际完成情况
完成山区道路日常养护80公里。 完成日常养护80公里。
绩敛指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产山指标 数量指标 山区养护里程 80公里 80公里 20 20
质量指标 路况优良率 ≥85% 87% 20 20
时效指标 完成时限 2023年12月底 2023年12月 10 1O
效益指标 社会效益指标 群众出行条件 改善 改善 20 18
满意度指标 服务对象满意度指标 群众满意度 ≥90% 92% 10 10
"""

RULED = """社区图书室运行经费绩效自评表(2022年度)
项目名称 |社区图书室运行经费
主管部门 |某区文化馆   实施单位 |某区文化馆
年初预“|全年预 ”|全年执 |
算数  算数  行数  分值  执行率 |得分
年度资金总额  36  36  35.2  10   97.78% |9.8
"""


def _imported(tmp_path: Path, text: str):
    record, _ = import_one(tmp_path, text, 2023)
    data = read_text(record.yaml_text, "自评表.yml").data
    return data["项目"][0], data


def test_look_alike_characters_in_the_funds_header_leave_every_amount_in_its_column(tmp_path):
    project, _ = _imported(tmp_path, SPACED)
    total = project["项目资金"]["年度资金总额"]
    assert [str(total.get(k)) for k in ("年初预算数", "全年预算数", "全年执行数", "执行率", "分值", "得分")] == [
        "120", "118.5", "112.6", "95.02%", "10", "9.5"
    ]


def test_a_look_alike_level_label_is_read_as_the_level_and_is_no_indicator(tmp_path):
    project, data = _imported(tmp_path, SPACED)
    names = [i.get("三级指标") for i in project["绩效指标"]]
    assert names == ["山区养护里程", "路况优良率", "完成时限", "群众出行条件", "群众满意度"]
    assert project["绩效指标"][0]["一级指标"] == "产出指标"
    assert not any("绩敛" in str(item) for item in data.get("未归类内容", []))


def test_look_alikes_never_change_the_units_own_words(tmp_path):
    project, _ = _imported(tmp_path, SPACED)
    assert project["项目名称"] == "白山村道路养护经费"
    assert project["年度总体目标"]["预期目标"] == "完成山区道路日常养护80公里。"


def test_a_figure_garbled_by_ocr_is_kept_as_printed_with_a_note_and_not_corrected(tmp_path):
    project, data = _imported(tmp_path, SPACED)
    timing = next(i for i in project["绩效指标"] if i["三级指标"] == "完成时限")
    assert "得分" not in timing  # never "corrected" into 10
    notes = [str(item) for item in data["未归类内容"] if "1O" in str(item)]
    assert len(notes) == 1 and "疑为扫描识别错误" in notes[0] and "照原样保留" in notes[0], notes


def test_a_header_wrapped_in_narrow_cells_with_rules_read_as_quotes_is_put_back_together(tmp_path):
    project, _ = _imported(tmp_path, RULED)
    total = project["项目资金"]["年度资金总额"]
    assert [str(total.get(k)) for k in ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")] == [
        "36", "36", "35.2", "10", "97.78%", "9.8"
    ]


def test_two_figures_between_the_same_rules_stay_two_figures(tmp_path):
    text = RULED + (
        "一级指标 |二级指标 |三级指标 |年度指标值 |实际完成值 |分值 |得分\n"
        "产出指标 |数量指标 |开放天数 |300天 |305天 |20 20\n"
        "满意度指标 |服务对象满意度指标 |读者满意度 |≥90% |93% |10 9\n"
    )
    project, _ = _imported(tmp_path, text)
    rows = [(i["三级指标"], str(i.get("分值")), str(i.get("得分"))) for i in project["绩效指标"]]
    assert rows == [("开放天数", "20", "20"), ("读者满意度", "10", "9")]
