"""An output folder that cannot be made is a Chinese message naming it, never a traceback."""

from __future__ import annotations

from generator.cli import main
from tests.conftest import CONTENT


def test_pages_into_a_folder_that_cannot_be_made_names_it(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["pages", "--content", str(CONTENT), str(blocker / "out")]) == 1
    err = capsys.readouterr().err
    assert f"无法写入输出目录 {blocker / 'out'}：路径中有一段不是文件夹" in err and "Traceback" not in err


def test_build_into_a_folder_that_cannot_be_made_names_it(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["build", "--site-dir", str(blocker / "site")]) == 1
    err = capsys.readouterr().err
    assert "无法写入输出目录" in err and "原有的网站保持不变" in err
