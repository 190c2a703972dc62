"""What a reader's phone loads for a year's comparison table, measured on a synthetic city of modest size.

Writes departments × projects records of one year with bench/synthetic_city.py's record generator, builds the
site with the same code as `jixiao build`, and prints: the comparison page's HTML (what loads without any
interaction, raw and gzip), the script, the year's rows file (fetched only when the reader first sorts or
filters) and, scaled linearly from the measured bytes per project, the rows file for a year of 8,000 projects.
The comparison page itself holds PAGE_SIZE rows whatever the year's size; only its page links grow.

    .venv/bin/python bench/compare_bench.py [--departments 50] [--projects 10]

Not a test: run it by hand and record the figures in README.md (性能).
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.synthetic_city import write_city  # noqa: E402
from generator.site.data_pages import PAGE_SIZE  # noqa: E402
from generator.engines.mkdocs import build as build_module  # noqa: E402
from generator.config import BuildConfig  # noqa: E402

CITY = 8000


def sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 9))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=50)
    parser.add_argument("--projects", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jixiao-compare-") as tmp:
        content = Path(tmp) / "content"
        content.mkdir()
        projects = write_city(content, args.departments, 1, args.projects)
        site = Path(tmp) / "site"
        start = time.perf_counter()
        assert build_module.build_site(config_file=REPO / "mkdocs.yml", site_dir=site,
                                         build_config=BuildConfig(content_dir=content, source_date_epoch=1700000000)) == 0
        print(f"合成城市：{args.departments} 个单位 × {args.projects} 个项目 = {projects} 个项目，1 个年度；"
              f"生成网站 {time.perf_counter() - start:.0f} 秒")
        page, page_gz = sizes(site / "compare" / "2024" / "index.html")
        rows, rows_gz = sizes(site / "compare" / "2024" / "rows.json")
        script, script_gz = sizes(site / "assets" / "compare.js")
        coverage, coverage_gz = sizes(site / "compare" / "coverage" / "index.html")
        pages = len(list((site / "compare" / "2024").glob("*/index.html"))) + 1
        print(f"比较表第 1 页 HTML（{PAGE_SIZE} 行，共 {pages} 页）：{page / 1e3:.1f} KB，gzip {page_gz / 1e3:.1f} KB")
        print(f"排序筛选脚本 compare.js：{script / 1e3:.1f} KB，gzip {script_gz / 1e3:.1f} KB（全站共用，缓存后不再下载）")
        print(f"本年度全部项目数据 rows.json（首次排序或筛选时才下载）：{rows / 1e3:.1f} KB，gzip {rows_gz / 1e3:.1f} KB，"
              f"每个项目 {rows / projects:.0f} 字节")
        print(f"按此推算 {CITY} 个项目的年度：rows.json 约 {rows / projects * CITY / 1e6:.2f} MB，"
              f"gzip 约 {rows_gz / projects * CITY / 1e3:.0f} KB；第 1 页 HTML 不变（仍为 {PAGE_SIZE} 行），"
              f"只多出约 {CITY // PAGE_SIZE - pages} 个页码链接")
        print(f"各单位公开情况页（{args.departments} 个单位 × 1 个年度）：{coverage / 1e3:.1f} KB，gzip {coverage_gz / 1e3:.1f} KB")
        package = sum(p.stat().st_size for p in (site / "data" / "2024").iterdir())
        print(f"年度数据包（datapackage.json 和各表 CSV）：{package / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
