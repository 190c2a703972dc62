"""Bad input gets a clear Chinese error naming file, line, column and field — every problem, in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.records.loading import load_content
from generator.records.problems import ContentError, Problem
from tests.conftest import MINIMAL_RECORD


def problems_for(content_dir: Path, text: str, name: str = "2021/yzq-dqfwzx.yml") -> list[Problem]:
    path = content_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    return caught.value.problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_valid_minimal_record_loads(content_dir):
    content = load_content(content_dir)
    assert [r.record.projects[0].name for r in content.records] == ["测试项目"]


def test_yaml_syntax_error_names_the_line(content_dir):
    broken = MINIMAL_RECORD.replace("    项目名称: 测试项目", "    项目名称: \"测试项目")
    problem = problems_for(content_dir, broken)[0]
    assert problem.file.endswith("2021/yzq-dqfwzx.yml")
    assert problem.line is not None and problem.line >= 6
    assert "YAML 语法错误" in problem.message


def test_duplicate_key_names_both_lines(content_dir):
    doubled = MINIMAL_RECORD.replace("年度: 2021\n", "年度: 2021\n年度: 2022\n")
    problem = only(problems_for(content_dir, doubled))
    assert (problem.line, problem.field) == (3, ("年度",))
    assert "重复" in problem.message and "第 2 行" in problem.message


def test_misspelled_key_is_unknown_and_the_right_one_is_suggested(content_dir):
    typo = MINIMAL_RECORD.replace("        年初预算数: 10", "        年初预算: 10")
    problem = only(problems_for(content_dir, typo))
    assert problem.line == 9
    assert problem.field == ("项目", 0, "项目资金", "年度资金总额", "年初预算")
    assert "未知字段“年初预算”" in problem.message and "是不是“年初预算数”" in problem.message


def test_text_where_a_number_belongs(content_dir):
    wrong = MINIMAL_RECORD.replace("全年执行数: 9.5", "全年执行数: 九万五")
    problem = only(problems_for(content_dir, wrong))
    assert problem.line == 11
    assert "应为数字" in problem.message and "九万五" in problem.message


def test_number_where_text_belongs(content_dir):
    wrong = MINIMAL_RECORD.replace("项目名称: 测试项目", "项目名称: 2021")
    problem = only(problems_for(content_dir, wrong))
    assert (problem.line, problem.field[-1]) == (6, "项目名称")
    assert "应为文字" in problem.message and "加引号" in problem.message


def test_wrong_type_list_instead_of_mapping(content_dir):
    wrong = MINIMAL_RECORD.replace("    自评得分: 99.5\n", "    自评得分: 99.5\n    年度总体目标:\n      - 目标一\n")
    problem = only(problems_for(content_dir, wrong))
    assert problem.field == ("项目", 0, "年度总体目标")
    assert "应为一组“键: 值”" in problem.message


def test_missing_required_field_is_reported_at_its_parent(content_dir):
    missing = MINIMAL_RECORD.replace("        三级指标: 培训人数\n", "")
    problem = only(problems_for(content_dir, missing))
    assert problem.line == 13  # the indicator's first line
    assert problem.field == ("项目", 0, "绩效指标", 0, "三级指标")
    assert "缺少必填字段" in problem.message


def test_value_outside_the_form_choices(content_dir):
    wrong = MINIMAL_RECORD.replace("二级指标: 数量指标", "二级指标: 数量")
    problem = only(problems_for(content_dir, wrong))
    assert problem.line == 14
    assert "“数量”不是可选的值" in problem.message and "数量指标" in problem.message


def test_department_not_in_registry(content_dir):
    wrong = MINIMAL_RECORD.replace("单位编码: yzq-dqfwzx", "单位编码: no-such-unit")
    problem = only(problems_for(content_dir, wrong))
    assert (problem.line, problem.field) == (1, ("单位编码",))
    assert "不在单位名录" in problem.message


def test_two_records_for_the_same_department_and_year(content_dir):
    problem = only(problems_for(content_dir, MINIMAL_RECORD, name="2021/yzq-dqfwzx.yaml"))
    assert problem.file.endswith("2021/yzq-dqfwzx.yml") or problem.file.endswith("2021/yzq-dqfwzx.yaml")
    assert "只能有一个记录文件" in problem.message


def test_every_problem_in_every_file_is_reported_in_one_run(content_dir):
    (content_dir / "2021" / "second.yml").write_text(MINIMAL_RECORD.replace("年度: 2021", "年度: 二〇二一"), encoding="utf-8")
    wrong = MINIMAL_RECORD.replace("全年执行数: 9.5", "全年执行数: 九万五").replace("年初预算数: 10", "年初预算: 10")
    problems = problems_for(content_dir, wrong)
    files = {p.file.rsplit("/", 1)[-1] for p in problems}
    assert files == {"yzq-dqfwzx.yml", "second.yml"}
    assert len(problems) == 3


def test_message_reads_file_line_column_field(content_dir):
    wrong = MINIMAL_RECORD.replace("全年执行数: 9.5", "全年执行数: 九万五")
    text = str(only(problems_for(content_dir, wrong)))
    assert text.startswith("content/2021/yzq-dqfwzx.yml:11:9：错误：字段 项目[1].项目资金.年度资金总额.全年执行数：")
