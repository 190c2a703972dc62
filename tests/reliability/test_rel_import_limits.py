"""Small crafted files are refused with a reason before they exhaust memory (issue 16, item 4).

Each file is imported by `jixiao import` in its own process, whose peak memory is measured; the time each
takes is printed by bench/importer_limits.py (timing is a benchmark's job, not a test's).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability import crafted
from tests.reliability.support import REPO

PEAK_MB = 500

_RUN = """
import json, resource, sys
from generator.cli import main
rc = main(sys.argv[1:])
print(json.dumps({"rc": rc, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), file=sys.stderr)
"""


def _import(path: Path) -> tuple[int, float, str]:
    def ceiling():  # if a limit ever regresses, fail here instead of taking the machine's memory
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    result = subprocess.run(
        [sys.executable, "-c", _RUN, "import", str(path), "--stdout", "--content", str(REPO / "content")],
        cwd=REPO, capture_output=True, text=True, timeout=120, preexec_fn=ceiling,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert "Traceback" not in result.stderr, result.stderr
    *said, figures = result.stderr.strip().splitlines()
    measured = json.loads(figures)
    return measured["rc"], measured["peak_mb"], "\n".join(said)


REFUSED = {
    "far_cell.xlsx": (crafted.far_cell_xlsx, "工作表“自评表”的内容延伸到第 1,048,576 行"),
    "whole_sheet_merge.xlsx": (crafted.whole_sheet_merge_xlsx, "合并单元格 A1:XFD1048576 超过导入上限"),
    "rows_200k.xlsx": (crafted.many_rows_xlsx, "xl/worksheets/sheet1.xml 解压后有 15.4 MB，超过导入上限 10.0 MB"),
    "rows_6k.xlsx": (lambda path: crafted.many_rows_xlsx(path, rows=6_000), "的内容延伸到第 5,001 行，超过导入上限（5,000 行、200 列）"),
    "many_merges.xlsx": (crafted.many_merges_xlsx, "合并单元格共覆盖超过 10,000 个单元格"),
    "bomb.docx": (lambda path: crafted.docx_bomb(path, unpacked_mb=200), "文件解压后有 200.0 MB"),
    "huge.txt": (crafted.huge_file, "文件过大（60.0 MB），超过导入上限 5.0 MB"),
    "huge.docx": (crafted.huge_file, "文件过大（60.0 MB），超过导入上限 20.0 MB"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_crafted_file_is_refused_with_its_reason_within_the_memory_bound(tmp_path, name):
    make, reason = REFUSED[name]
    path = make(tmp_path / name)
    assert path.stat().st_size < 61 << 20
    status, peak_mb, said = _import(path)
    assert status == 1
    assert f"未导入：{path}：" in said and reason in said, said
    assert peak_mb < PEAK_MB


@pytest.mark.parametrize("make", [crafted.largest_allowed_xlsx, crafted.largest_allowed_docx], ids=["xlsx", "docx"])
def test_the_largest_file_within_the_limits_is_read_within_the_memory_bound(tmp_path, make):
    path = make(tmp_path / ("largest" + (".xlsx" if "xlsx" in make.__name__ else ".docx")))
    status, peak_mb, said = _import(path)
    assert "超过导入上限" not in said and "已损坏" not in said, said
    assert peak_mb < PEAK_MB


def test_a_folder_named_like_a_document_is_not_a_file(tmp_path):
    folder = tmp_path / "自评表.docx"
    folder.mkdir()
    status, _, said = _import(folder)
    assert status == 1 and "不是普通文件" in said
