"""Numbers too large or too fine to compute exactly are refused when content is loaded, not met as a crash later."""

from __future__ import annotations

import pytest

from generator.records.loading import load_content
from generator.records.problems import ContentError
from tests.conftest import MINIMAL_RECORD
from tests.reliability.support import no_traceback, record_with, run_cli


def _write(content_dir, old: str, new: str):
    path = content_dir / "2021" / "yzq-dqfwzx.yml"
    path.write_text(record_with(old, new, MINIMAL_RECORD), encoding="utf-8")
    return path


@pytest.mark.parametrize("amount", ["123456789012345678901234567", "1" + "0" * 40, "0.000000000000000000000000000001", "9.1234567"])
def test_amount_out_of_range_is_a_load_error_naming_file_line_and_field(content_dir, amount):
    _write(content_dir, "        全年执行数: 9.5\n", f"        全年执行数: {amount}\n")
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    [problem] = caught.value.problems
    assert problem.file == "content/2021/yzq-dqfwzx.yml"
    assert problem.line == 11
    assert problem.field == ("项目", 0, "项目资金", "年度资金总额", "全年执行数")
    assert "超出记录格式的范围" in problem.message and "整数部分最多 15 位" in problem.message


def test_largest_allowed_figures_load(content_dir):
    _write(content_dir, "        全年执行数: 9.5\n", "        全年执行数: 999999999999999.999999\n")
    load_content(content_dir)


def test_huge_indicator_value_is_a_load_error(content_dir):
    _write(content_dir, "        实际完成值: 100\n", "        实际完成值: " + "9" * 61 + "\n")
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    assert caught.value.problems[0].field[-1] == "实际完成值"


@pytest.mark.parametrize("command", [("check",), ("build", "--allow-errors")])
def test_huge_and_tiny_amounts_stop_check_and_build_with_a_chinese_reason(content_dir, tmp_path, command):
    _write(content_dir, "        全年执行数: 9.5\n", "        全年执行数: 123456789012345678901234567\n")
    extra = ("--site-dir", str(tmp_path / "site")) if command[0] == "build" else ()
    result = run_cli(*command, "--content", str(content_dir), *extra)
    no_traceback(result)
    assert result.returncode == 1
    assert "全年执行数" in result.stderr and "超出记录格式的范围" in result.stderr
    assert not (tmp_path / "site").exists()
