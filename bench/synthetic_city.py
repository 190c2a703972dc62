"""A whole city's disclosures, built end to end: how long each step takes and what a reader downloads.

Writes 100 departments × 5 years × 10 projects (5,000 project pages) as YAML records in the format of
content/2024/xx-swbgs.yml into a temporary content folder, builds it with the same code as `jixiao build`,
and reports: time per step (load + page tree, MkDocs, search index), peak memory, site size, bytes per
project page, and — if Chromium is installed — the bytes a browser fetches for a first search.

    .venv/bin/python bench/synthetic_city.py [--departments 100] [--years 5] [--projects 10] [--repeat 1]

Not a test: run it by hand (it takes minutes) and record the figures in README.md (性能).
"""

from __future__ import annotations

import argparse
import functools
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from decimal import ROUND_HALF_UP, Decimal
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.search import search_index  # noqa: E402
from generator.engines.mkdocs import build as build_module  # noqa: E402
from generator.config import BuildConfig  # noqa: E402

DISTRICTS = ["市", "东城区", "西城区", "南湖区", "北山区", "高新区", "经开区", "临江县", "青石县", "云岭县"]
BUREAUS = ["教育局", "卫生健康委员会", "民政局", "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局",
           "交通运输局", "农业农村局", "文化和旅游局"]
TOPICS = ["会议", "培训", "档案整理", "办公设备购置", "办公室维修", "信息化运维", "城乡居民医疗救助", "老年人助餐",
          "农村饮水安全", "道路养护", "中小学校舍维修", "公共文化服务", "森林防火", "河道保洁", "就业创业补贴",
          "困难群众临时救助", "职业技能提升", "农田水利建设", "垃圾分类宣传", "社区养老服务"]
KINDS = ["经费", "专项经费", "项目", "补助资金", "运行经费"]
SENTENCES = [
    "本项目资金主要用于{topic}方面的支出，资金分配符合相关规定，分配及时，分配结果合理。",
    "我单位严格执行《{dept}财务管理制度》，实际支出与项目规定的用途一致，不存在超范围超标准支出、挤占挪用等违法违规问题。",
    "通过项目实施，{topic}工作质量明显提升，城乡居民对相关服务的知晓率和满意度进一步提高。",
    "因部分合同尾款未及时支付，全年执行率未达到预期，下一步将加快支付进度。",
    "项目严格按照政府采购程序执行，采购结果在政府采购网公开，接受社会监督。",
    "一是进一步健全和完善内部控制制度；二是加强绩效目标管理；三是强化监督检查，做到节约使用每一分资金。",
    "年初申请预算{budget}万元，用于{topic}各项支出，保障工作的顺利开展。",
    "绩效自评工作由单位主要负责人牵头，财务、业务科室共同参与，对照年初设定的绩效目标逐项核实。",
]
INDICATORS = [
    ("产出指标", "数量指标", "{topic}覆盖人数", "人", 500, 3000),
    ("产出指标", "数量指标", "开展{topic}次数", "次", 4, 30),
    ("产出指标", "质量指标", "{topic}验收合格率", "%", 90, 100),
    ("产出指标", "时效指标", "{topic}完成时间", "月", 6, 12),
    ("产出指标", "成本指标", "{topic}单位成本", "元/人", 80, 400),
    ("效益指标", "社会效益指标", "{topic}服务群众满意度提升", None, None, None),
    ("效益指标", "可持续影响指标", "项目发挥作用时间", None, None, None),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "%", 85, 98),
]


WEIGHTS = {"产出指标": 10, "效益指标": 15, "满意度指标": 10}


def department_names(count: int) -> list[tuple[str, str]]:
    names = [(d + b, f"d{i:03d}") for i, (d, b) in enumerate((d, b) for d in DISTRICTS for b in BUREAUS)]
    while len(names) < count:
        names.append((f"第{len(names)}区{BUREAUS[len(names) % len(BUREAUS)]}", f"d{len(names):03d}"))
    return names[:count]


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def project_yaml(rng: random.Random, dept: str, index: int, year: int) -> str:
    topic = TOPICS[(index * 7 + year) % len(TOPICS)]
    name = f"{topic}{KINDS[index % len(KINDS)]}"
    budget = rng.randint(5, 500) + rng.randint(0, 99) / 100
    executed = round(budget * rng.uniform(0.6, 1.0), 2)
    lines = [
        f"  - 项目编码: p{index:02d}",
        f"    项目名称: {name}",
        f"    项目概况: {quoted(SENTENCES[0].format(topic=topic, dept=dept, budget=budget))}",
        "    项目资金:",
        "      年度资金总额:",
        f"        年初预算数: {budget:.2f}",
        f"        全年预算数: {budget:.2f}",
        f"        全年执行数: {executed:.2f}",
        "      当年财政拨款:",
        f"        年初预算数: {budget:.2f}",
        f"        全年预算数: {budget:.2f}",
        f"        全年执行数: {executed:.2f}",
        "    年度总体目标:",
        f"      预期目标: {quoted(SENTENCES[6].format(topic=topic, dept=dept, budget=budget))}",
        f"      实际完成情况: {quoted(rng.choice(SENTENCES[2:4]).format(topic=topic, dept=dept, budget=budget))}",
        "    绩效指标:",
    ]
    for level1, level2, label, unit, low, high in INDICATORS:
        lines += [f"      - 一级指标: {level1}", f"        二级指标: {level2}", f"        三级指标: {label.format(topic=topic)}"]
        weight = WEIGHTS[level1]
        if unit is None:
            lines += ["        年度指标值: 提高", "        实际完成值: 提高", f"        分值: {weight}", f"        得分: {weight}"]
        else:
            target = rng.randint(low, high)
            lines += [f"        计量单位: '{unit}'", f"        年度指标值: {target}", f"        实际完成值: {target}",
                      f"        分值: {weight}", f"        得分: {weight}"]
        if executed < budget:
            lines += [f"        偏差原因分析及改进措施: {quoted(SENTENCES[3])}"]
    # Default weights (财预〔2020〕10号): indicators 90, execution 10 × rate, rounded half up.
    score = (Decimal(90) + Decimal(10) * Decimal(f"{executed:.2f}") / Decimal(f"{budget:.2f}")).quantize(
        Decimal("0.01"), ROUND_HALF_UP)
    lines += [f"    自评得分: {score}", "    等级: 优", "    自评报告:"]
    for number, title in enumerate(["一、项目基本情况", "二、绩效自评工作情况", "三、项目绩效情况", "四、存在问题", "五、下一步改进措施"]):
        text = "".join(rng.sample(SENTENCES, 3)).format(topic=topic, dept=dept, budget=budget)
        lines += [f"      - 标题: {title}", f"        正文: {quoted(text)}"]
        if number == 2:
            lines += ["        插入: 绩效指标"]
    return "\n".join(lines)


def write_city(root: Path, departments: int, years: int, projects: int, seed: int = 20240601) -> int:
    rng = random.Random(seed)
    names = department_names(departments)
    registry = ["地区:", "  - 编码: bench-city", "    名称: 基准市", "单位:"]
    for order, (name, code) in enumerate(names):
        registry += [f"  - 编码: {code}", f"    全称: {name}", f"    简称: {name}", "    地区: bench-city", f"    排序: {order}"]
    (root / "departments.yml").write_text("\n".join(registry) + "\n", encoding="utf-8")
    (root / "site.yml").write_text((REPO / "content" / "site.yml").read_text(encoding="utf-8"), encoding="utf-8")
    count = 0
    for year in range(2024 - years + 1, 2025):
        folder = root / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for name, code in names:
            body = [f"单位编码: {code}", f"年度: {year}", f"公开日期: {year + 1}-09-15", "项目:"]
            body += [project_yaml(rng, name, i, year) for i in range(projects)]
            (folder / f"{code}.yml").write_text("\n".join(body) + "\n", encoding="utf-8")
            count += projects
    return count


class _Timed:
    """Wraps the plugin's on_config (load + page tree) and the search step to split the build's time."""

    def __init__(self) -> None:
        self.load = 0.0
        self.search = 0.0

    def install(self) -> None:
        from generator.engines.mkdocs import plugin

        original = plugin.JixiaoPlugin.on_config
        timed = self

        def on_config(self, config):
            start = time.perf_counter()
            try:
                return original(self, config)
            finally:
                timed.load += time.perf_counter() - start

        plugin.JixiaoPlugin.on_config = on_config
        steps = build_module.POST_BUILD_STEPS
        for i, step in enumerate(steps):
            if step is build_module._search_index:
                def search_step(site_dir, build_config, _step=step):
                    start = time.perf_counter()
                    try:
                        return _step(site_dir, build_config)
                    finally:
                        timed.search += time.perf_counter() - start
                steps[i] = search_step


def site_figures(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    project_pages = [p.stat().st_size for p in site.glob("20*/*/*/index.html")]
    index = [p.stat().st_size for p in (site / search_index.OUTPUT_SUBDIR).rglob("*") if p.is_file()]
    return {
        "files": len(files),
        "site_mb": sum(p.stat().st_size for p in files) / 1e6,
        "index_mb": sum(index) / 1e6,
        "project_pages": len(project_pages),
        "page_kb_median": statistics.median(project_pages) / 1e3 if project_pages else 0,
        "page_kb_max": max(project_pages) / 1e3 if project_pages else 0,
    }


def first_query_bytes(www: Path, queries: list[str]) -> dict[str, int] | None:
    """Bytes a fresh browser fetches for the search itself: everything after the page has loaded."""
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium.exists():
        return None

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    out: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), headless=True, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run"])
            for query in queries:
                context = browser.new_context(viewport={"width": 390, "height": 844})
                page = context.new_page()
                page.goto(url + "2024/d000/")
                page.wait_for_load_state("networkidle")
                fetched: list[int] = []
                page.on("response", lambda r: fetched.append(len(r.body()) if r.ok else 0))
                page.locator("[data-jixiao-search-open]").click()
                page.locator("#jixiao-search-input").fill(query)
                page.wait_for_function(
                    "() => /^(找到|没有找到)/.test(document.querySelector('#jixiao-search-status').textContent.trim())",
                    timeout=60_000)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
                out[query] = sum(fetched)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--projects", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1, help="builds to run; medians are printed")
    parser.add_argument("--keep", type=Path, default=None, help="keep the built site in this folder")
    args = parser.parse_args()

    import os

    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        tmp_path = Path(tmp)
        content = tmp_path / "content"
        content.mkdir()
        start = time.perf_counter()
        projects = write_city(content, args.departments, args.years, args.projects)
        print(f"生成记录：{projects} 个项目，{time.perf_counter() - start:.1f} 秒")
        build_config = BuildConfig(content_dir=content, source_date_epoch=1700000000)
        timed = _Timed()
        timed.install()
        runs = []
        www = (args.keep or tmp_path / "www").resolve()
        for _ in range(args.repeat):
            timed.load = timed.search = 0.0
            tracemalloc.start()
            start = time.perf_counter()
            assert build_module.build_site(config_file=REPO / "mkdocs.yml", site_dir=www, build_config=build_config) == 0
            total = time.perf_counter() - start
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            runs.append({"total": total, "load": timed.load, "search": timed.search,
                         "mkdocs": total - timed.load - timed.search, "py_peak_mb": peak / 1e6})
        children_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e3
        self_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3

        def median(key: str) -> float:
            return statistics.median(r[key] for r in runs)

        figures = site_figures(www)
        print(f"构建（{args.repeat} 次的中位数）：合计 {median('total'):.1f} 秒 = 读取和生成页面 {median('load'):.1f} 秒"
              f" + MkDocs {median('mkdocs'):.1f} 秒 + 搜索索引 {median('search'):.1f} 秒"
              f"（搜索索引占 MkDocs 时间的 {median('search') / median('mkdocs') * 100:.0f}%）")
        print(f"内存峰值：构建进程 {self_peak_mb:.0f} MB（其中 Python 分配 {median('py_peak_mb'):.0f} MB），"
              f"Pagefind 子进程 {children_peak_mb:.0f} MB")
        print(f"网站：{figures['files']} 个文件，{figures['site_mb']:.1f} MB，其中搜索索引 {figures['index_mb']:.1f} MB")
        print(f"项目页 HTML：{figures['project_pages']} 页，中位数 {figures['page_kb_median']:.1f} KB，"
              f"最大 {figures['page_kb_max']:.1f} KB")
        queries = ["会议经费", "城乡居民", "满意度", "档案", "20.37", "教育局"]
        fetched = first_query_bytes(www, queries)
        if fetched is None:
            print("首次搜索下载量：未测（没有 Chromium 或 playwright）")
        else:
            for query, size in fetched.items():
                print(f"首次搜索下载量（{query}）：{size / 1e3:.0f} KB")
            print(f"首次搜索下载量中位数：{statistics.median(fetched.values()) / 1e3:.0f} KB，"
                  f"最大 {max(fetched.values()) / 1e3:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
