"""`make serve` on a city made earlier (synthetic_city.py --keep DIR): several one-figure edits, each timed from
the save to the served project page showing the new figure; prints every time and the median.

    .venv/bin/python bench/serve_preview.py DIR/jixiao-bench-*/city --edits 5
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_city import preview  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path, help="a city made by synthetic_city.py --keep (its city/ folder)")
    parser.add_argument("--years", type=int, default=8)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=900.0)
    args = parser.parse_args()
    result = preview(args.project.resolve(), args.years, args.timeout, args.edits)
    each = "、".join(f"{t:.2f}" for t in result.each)
    print(f"预览（mkdocs serve）：启动到项目页可看 {result.first_page:.1f} 秒；保存修改到页面显示新数字，"
          f"{len(result.each)} 次中位数 {result.shown:.2f} 秒（各次 {each}）；内存峰值：第一页可看时 "
          f"{result.first_peak_mb:,.0f} MB，全程 {result.run.memory()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
