"""Time and peak memory of `jixiao import` on each crafted file of issue 16 and on the largest files the
import limits let through (generator/importers/limits.py). Prints one line per file.

    .venv/bin/python bench/importer_limits.py

Each import runs in its own process under a 3 GB address-space ceiling and a 120 s timeout, so that running
this against code without the limits reports "> 120 s" or a MemoryError instead of taking the machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.reliability import crafted  # noqa: E402

FILES = [
    ("XFD1048576 一个单元格 .xlsx", "far.xlsx", crafted.far_cell_xlsx),
    ("整表合并 .xlsx", "merge.xlsx", crafted.whole_sheet_merge_xlsx),
    ("200,000 行 .xlsx", "rows.xlsx", crafted.many_rows_xlsx),
    ("100,000 个合并区域 .xlsx", "merges.xlsx", crafted.many_merges_xlsx),
    ("压缩炸弹 .docx（解压 1 GB）", "bomb.docx", crafted.docx_bomb),
    ("60 MB .txt", "huge.txt", crafted.huge_file),
    ("限额内最大的 .xlsx", "largest.xlsx", crafted.largest_allowed_xlsx),
    ("限额内最大的 .docx", "largest.docx", crafted.largest_allowed_docx),
]

_RUN = """
import json, resource, sys
from generator.cli import main
rc = main(sys.argv[1:])
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), file=sys.stderr)
"""


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for label, name, make in FILES:
            path = make(Path(tmp) / name)
            start = time.monotonic()
            try:
                result = subprocess.run(
                    [sys.executable, "-c", _RUN, "import", str(path), "--stdout", "--content", str(REPO / "content")],
                    cwd=REPO, capture_output=True, text=True, timeout=120,
                    preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30)),
                    env={**os.environ, "PYTHONPATH": str(REPO)},
                )
                seconds = f"{time.monotonic() - start:.1f} s"
                lines = result.stderr.strip().splitlines()
                peak = f"{json.loads(lines[-1])['peak_mb']:.0f} MB" if lines and lines[-1].startswith("{") else "?"
                said = next((line for line in lines if line.startswith("未导入")), lines[0] if lines else "")
            except subprocess.TimeoutExpired:
                seconds, peak, said = "> 120 s", "?", "（超时）"
            print(f"{label}\t{path.stat().st_size / 1024:,.1f} KB\t{seconds}\t峰值 {peak}\t{said[:160]}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
