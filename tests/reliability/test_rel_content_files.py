"""Every file-system oddity in content/ is a Chinese error naming the path; never a hang or a traceback; and
the layout the README states is enforced (issue 16, items 2, 5 and 6)."""

from __future__ import annotations

import os
import shutil

import pytest

from generator.records.loading import load_content
from generator.records.problems import ContentError
from tests.conftest import MINIMAL_RECORD
from tests.reliability.support import no_traceback, run_cli

RECORD = "2021/yzq-dqfwzx.yml"


def _problems(content_dir) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    return [str(p) for p in caught.value.problems]


def _one(content_dir, path: str, words: str) -> None:
    problems = _problems(content_dir)
    assert [p for p in problems if p.startswith(f"content/{path}") and words in p], problems


@pytest.mark.parametrize("name", ["site.yml", "departments.yml"])
def test_settings_or_registry_as_a_directory_is_an_error_naming_it(content_dir, name):
    (content_dir / name).unlink()
    (content_dir / name).mkdir()
    _one(content_dir, name, "现在是一个目录")


@pytest.mark.parametrize("name", ["site.yml", "departments.yml", RECORD])
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_fifo_in_place_of_a_file_is_an_error_not_a_hang(content_dir, tmp_path, name, command):
    (content_dir / name).unlink()
    os.mkfifo(content_dir / name)
    extra = ("--site-dir", str(tmp_path / "site")) if command == "build" else ()
    result = run_cli(command, "--content", str(content_dir), *extra, timeout=60)
    no_traceback(result)
    assert result.returncode == 1
    assert f"content/{name}：错误：是命名管道（FIFO），不是普通文件" in result.stderr


def test_a_device_in_place_of_a_record_is_an_error(content_dir):
    os.symlink("/dev/zero", content_dir / "2021" / "xx-swbgs.yml")  # a link to a device: refused as a link
    _one(content_dir, "2021/xx-swbgs.yml", "是符号链接（指向 /dev/zero）")


def test_a_character_device_itself_is_an_error(content_dir):
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    import stat

    os.mknod(content_dir / "2021" / "xx-swbgs.yml", stat.S_IFCHR | 0o644, os.makedev(1, 5))  # /dev/zero's numbers
    _one(content_dir, "2021/xx-swbgs.yml", "是设备文件，不是普通文件")


def test_a_symlinked_record_pointing_outside_content_is_not_published(content_dir, tmp_path):
    outside = tmp_path / "elsewhere.yml"
    outside.write_text(MINIMAL_RECORD.replace("yzq-dqfwzx", "xx-swbgs"), encoding="utf-8")
    os.symlink(outside, content_dir / "2021" / "xx-swbgs.yml")
    _one(content_dir, "2021/xx-swbgs.yml", f"是符号链接（指向 {outside}）")


def test_a_symlinked_year_folder_is_not_followed(content_dir, tmp_path):
    outside = tmp_path / "outside-year"
    outside.mkdir()
    (outside / "xx-swbgs.yml").write_text(MINIMAL_RECORD.replace("yzq-dqfwzx", "xx-swbgs").replace("2021", "2020"), encoding="utf-8")
    os.symlink(outside, content_dir / "2020")
    _one(content_dir, "2020", "是符号链接")


def test_an_unreadable_record_is_an_error_naming_it(content_dir, monkeypatch):
    path = content_dir / RECORD
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the open fail as it does for anyone else
        real_open = os.open

        def refusing(file, flags, *args, **kwargs):
            if os.fspath(file) == os.fspath(path):
                raise PermissionError(13, "Permission denied", os.fspath(file))
            return real_open(file, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refusing)
    _one(content_dir, RECORD, "无法读取：没有读取权限")


@pytest.mark.parametrize("name, words", [
    ("2021/yzq-dqfwzx.YML", "扩展名应为小写的 .yml（现在是 .YML）"),
    ("2021/yzq-dqfwzx.txt", "不是记录文件"),
    ("2021/.yzq-dqfwzx.yml", "是隐藏文件"),
    ("2021/sub/yzq-dqfwzx.yml", None),
    ("abc/yzq-dqfwzx.yml", None),
    ("yzq-dqfwzx.yml", "content/ 中的 YAML 文件只能是 departments.yml 和 site.yml"),
    ("2021/Yzq_dqfwzx.yml", "不是单位编码"),
])
def test_a_record_moved_or_renamed_out_of_the_layout_is_an_error_not_silently_dropped(content_dir, name, words):
    (content_dir / RECORD).unlink()
    target = content_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(MINIMAL_RECORD, encoding="utf-8")
    problems = _problems(content_dir)
    if name.startswith("2021/sub"):
        assert any(p.startswith("content/2021/sub/yzq-dqfwzx.yml：") and "在年度目录的子目录中" in p for p in problems), problems
    elif name.startswith("abc"):
        assert any(p.startswith("content/abc/yzq-dqfwzx.yml：") and "不是四位年度" in p for p in problems), problems
    else:
        assert any(p.startswith(f"content/{name}：") and words in p for p in problems), problems


def test_a_record_in_another_years_folder_is_an_error_at_its_year(content_dir):
    shutil.move(content_dir / "2021", content_dir / "2022")
    _one(content_dir, "2022/yzq-dqfwzx.yml:2:1", "记录在 2022 年度目录中，但“年度”写的是 2021")


def test_a_record_named_for_another_department_is_an_error_at_its_code(content_dir):
    (content_dir / RECORD).rename(content_dir / "2021" / "xx-swbgs.yml")
    _one(content_dir, "2021/xx-swbgs.yml:1:1", "文件名是 xx-swbgs.yml，但“单位编码”写的是 yzq-dqfwzx")


def test_hidden_files_that_are_not_records_are_left_alone(content_dir):
    (content_dir / ".gitkeep").write_text("")
    (content_dir / "2021" / ".DS_Store").write_bytes(b"\0\1")
    assert len(load_content(content_dir).records) == 1


def test_attachment_files_beside_records_or_in_their_own_folder_are_not_layout_errors(content_dir):
    (content_dir / "2021" / "yzq-dqfwzx-原文.pdf").write_bytes(b"%PDF-1.4\n")
    (content_dir / "附件").mkdir()
    (content_dir / "附件" / "scan.png").write_bytes(b"\x89PNG")
    assert len(load_content(content_dir).records) == 1
