"""A whole city's disclosures, built end to end as a publisher builds them: how long, how much CPU and memory.

Writes departments × years × projects synthetic records (the format of content/2024/xx-swbgs.yml) into a
temporary project (a git checkout holding mkdocs.yml, content/ and a link to theme/), then runs the real
commands as child processes, with nothing of the build imported or instrumented here:

1. `jixiao build` from scratch (fresh checkout, no cache): wall time, CPU time (the build and every process
   it starts), peak RSS of each process (read from /proc while it runs, and from wait4 at its end);
2. one figure corrected and committed, `jixiao build` again in the same checkout, three times (--corrections):
   the median's wall and CPU time, and whether the site is byte-identical to a from-scratch build of the same
   commit in a fresh clone (--no-identity skips that build);
3. `mkdocs serve` (what `make serve` runs): time from saving an edit until the served page shows it;
4. the same from-scratch build at a tenth of the size: cost per page at both sizes and their ratio;
5. on the finished site, bench/search_figures.py: the first search's bytes through a server that sends the
   precompressed copies, each Pagefind shard process (wall, CPU, peak RSS) and the exports' CPU seconds.

    .venv/bin/python bench/synthetic_city.py --projects-total 800       # about 2 minutes today
    .venv/bin/python bench/synthetic_city.py --projects-total 8000      # the city of issue #12
    .venv/bin/python bench/synthetic_city.py --departments 10 --years 2 --projects 10

Never run it under a profiler or tracemalloc: the figures are what the operating system saw.
Not a test: run it by hand and record the figures in README.md (性能).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EPOCH = "1700000000"

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


def site_figures(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    project_pages = [p.stat().st_size for p in site.glob("20*/*/*/index.html")]
    index = [p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()]
    return {
        "files": len(files),
        "site_mb": sum(p.stat().st_size for p in files) / 1e6,
        "index_mb": sum(index) / 1e6,
        "project_pages": len(project_pages),
        "page_kb_median": statistics.median(project_pages) / 1e3 if project_pages else 0,
        "page_kb_max": max(project_pages) / 1e3 if project_pages else 0,
    }


@dataclass
class Run:
    """One child process tree: wall and CPU seconds, and the peak RSS of each process in it (MB)."""

    command: str
    wall: float = 0.0
    cpu: float = 0.0
    tree_peak_mb: float = 0.0  # wait4's ru_maxrss: the largest single process of the tree
    peaks: dict[str, float] = field(default_factory=dict)  # kind of process → its largest peak
    counts: dict[str, int] = field(default_factory=dict)  # kind of process → how many ran
    returncode: int = 0
    output: str = ""

    def memory(self) -> str:
        parts = [f"{kind} {mb:,.0f} MB" + (f"（{self.counts[kind]} 个进程中最大）" if self.counts[kind] > 1 else "")
                 for kind, mb in sorted(self.peaks.items(), key=lambda item: -item[1])]
        return "；".join(parts) + f"；整棵进程树单个进程最大 {self.tree_peak_mb:,.0f} MB"


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                out.extend(int(child) for child in handle.read().split())
    except OSError:
        pass
    return out


def _status(pid: int) -> tuple[str, float] | None:
    """The process's name and its peak RSS so far (VmHWM, MB)."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            text = handle.read()
    except OSError:
        return None
    name = re.search(r"^Name:\s*(.*)$", text, re.M)
    peak = re.search(r"^VmHWM:\s*(\d+) kB", text, re.M)
    if not name or not peak:
        return None
    return name.group(1), int(peak.group(1)) / 1024


def _kind(pid: int, root: int, name: str, label: str) -> str:
    if pid == root:
        return label
    if "pagefind" in name:
        return "Pagefind"
    if name in ("git",):
        return "git"
    return f"{name} 子进程"


def _sample(root: int, label: str, run: Run, stop: threading.Event) -> None:
    seen: dict[int, tuple[str, float]] = {}
    while not stop.is_set():
        todo = [root]
        while todo:
            pid = todo.pop()
            status = _status(pid)
            if status is not None:
                name, peak = status
                kind = _kind(pid, root, name, label)
                seen[pid] = (kind, max(peak, seen.get(pid, ("", 0.0))[1]))
            todo.extend(_children(pid))
        stop.wait(0.05)
    for kind, peak in seen.values():
        run.peaks[kind] = max(run.peaks.get(kind, 0.0), peak)
        run.counts[kind] = run.counts.get(kind, 0) + 1


def run_measured(args: list[str], cwd: Path, label: str, env: dict[str, str] | None = None) -> Run:
    run = Run(" ".join(args))
    log = tempfile.TemporaryFile()
    start = time.perf_counter()
    # A benchmark started in the background (nohup … &) inherits an ignored SIGINT, and mkdocs serve would then
    # never stop at the end of the preview: the child gets the default handler back.
    process = subprocess.Popen(args, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    stop = threading.Event()
    sampler = threading.Thread(target=_sample, args=(process.pid, label, run, stop), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    run.wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    sampler.join()
    run.cpu = usage.ru_utime + usage.ru_stime
    run.tree_peak_mb = usage.ru_maxrss / 1024
    run.returncode = process.returncode
    log.seek(0)
    run.output = log.read().decode("utf-8", "replace")
    log.close()
    return run


def _git(project: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"@{EPOCH} +0800", "GIT_COMMITTER_DATE": f"@{EPOCH} +0800",
           "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def make_project(root: Path, departments: int, years: int, projects: int) -> int:
    """A checkout as a publisher has it: mkdocs.yml, content/, theme/ (linked), one commit."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "theme").symlink_to(REPO / "theme")
    (root / ".gitignore").write_text("site/\n.site-*\n.jixiao-cache/\n", encoding="utf-8")
    (root / "content").mkdir()
    count = write_city(root / "content", departments, years, projects)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "合成城市")
    return count


def _env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("JIXIAO_")}
    env.pop("SOURCE_DATE_EPOCH", None)  # dated by the commit, as a publisher's build is
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def build(project: Path, label: str) -> Run:
    run = run_measured([str(BIN / "jixiao"), "build"], project, label, _env())
    if run.returncode != 0:
        print(run.output[-4000:], file=sys.stderr)
        raise SystemExit(f"jixiao build 失败（退出码 {run.returncode}）：{project}")
    return run


# The first indicator of the first project of the newest year's first department: 覆盖人数, a count whose
# target the synthetic records meet exactly; a value above it changes the page and breaks no audit rule.
ACTUAL = re.compile(r"^(        实际完成值: )(\d+)$", re.M)


def edit_figure(project: Path, years: int, delta: int) -> tuple[Path, str]:
    path = project / "content" / "2024" / "d000.yml"
    text = path.read_text(encoding="utf-8")
    match = ACTUAL.search(text)
    assert match is not None
    value = str(int(match.group(2)) + delta)
    path.write_text(text[:match.start(2)] + value + text[match.end(2):], encoding="utf-8")
    return path, value


def differing(a: Path, b: Path) -> list[str]:
    """Files that differ between two site folders (missing on either side included), as paths."""
    out: list[str] = []

    def walk(comparison: filecmp.dircmp, prefix: str) -> None:
        out.extend(prefix + name for name in comparison.left_only + comparison.right_only + comparison.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
        out.extend(prefix + name for name in mismatch + errors)
        for name, sub in comparison.subdirs.items():
            walk(sub, prefix + name + "/")

    walk(filecmp.dircmp(a, b, ignore=[]), "")
    return sorted(out)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


@dataclass
class Preview:
    first_page: float  # start of `mkdocs serve` → the project page served
    shown: float  # edit saved → the served page shows the new figure (median of the edits)
    run: Run
    each: list[float] = field(default_factory=list)  # every edit's, in order
    first_peak_mb: float = float("nan")  # the serve process's peak RSS when the first page was served


def preview(project: Path, years: int, timeout: float, edits: int = 5) -> Preview:
    """What `make serve` does (mkdocs serve --dirty), on another port: edit a figure, poll the page until it shows it;
    edits times, each after the site has settled from the one before (the full rebuild a preview is followed by)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/2024/d000/p00/"
    args = [str(BIN / "mkdocs"), "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
    holder: dict[str, Run] = {}
    started = time.perf_counter()
    thread = threading.Thread(target=lambda: holder.setdefault("run", run_measured(args, project, "mkdocs serve", _env())))
    thread.start()
    page = None
    while page is None and time.perf_counter() - started < timeout:
        time.sleep(0.1)
        page = _fetch(url)
    first = time.perf_counter() - started
    first_peak = max((status[1] for pid in _children(os.getpid()) if (status := _status(pid)) is not None
                      and "mkdocs" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")), default=float("nan"))
    each: list[float] = []
    if page is not None:
        path = project / "content" / "2024" / "d000.yml"
        for n in range(1, edits + 1):
            # Settled: the rebuild that follows a preview (or the first build) has finished rewriting the site.
            _settle()
            _, value = edit_figure(project, years, 2 * n)
            assert f">{value}<" not in page
            saved = time.perf_counter()
            shown = float("nan")
            while time.perf_counter() - saved < timeout:
                now = _fetch(url)
                if now is not None and f">{value}<" in now:
                    shown = time.perf_counter() - saved
                    break
                time.sleep(0.05)
            each.append(shown)
            _git(project, "checkout", "--", path.relative_to(project).as_posix())
    pids = [int(p) for p in _children(os.getpid())]
    for pid in pids:
        try:
            if "mkdocs" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
                os.kill(pid, signal.SIGINT)
        except OSError:
            pass
    thread.join()
    shown = statistics.median(each) if each else float("nan")
    return Preview(first, shown, holder["run"], each, first_peak)


def _settle(quiet: float = 3.0, limit: float = 900.0) -> None:
    """Wait until the mkdocs serve started by this process has used almost no CPU for `quiet` seconds: the rebuilds
    a save started (the preview and the full rebuild after it, or MkDocs' own rebuild) have all ended. Its file
    watcher alone stats the watched files twice a second, far below the threshold."""
    pids = [pid for pid in _children(os.getpid())
            if "mkdocs" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")]
    tick = os.sysconf("SC_CLK_TCK")

    def cpu() -> float:
        total = 0.0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
            except (OSError, IndexError, ValueError):
                pass
        return total

    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        before = cpu()
        time.sleep(quiet)
        if cpu() - before < 0.1 * quiet:
            return


def shape(total: int, years: int, projects: int) -> tuple[int, int, int]:
    """departments × years × projects for a total of project pages: years and projects fixed, departments scale."""
    per_department = years * projects
    if total % per_department:
        raise SystemExit(f"--projects-total {total} 不是 {years} 个年度 × {projects} 个项目 = {per_department} 的倍数")
    return total // per_department, years, projects


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects-total", type=int, default=None,
                        help="project pages in all (default 8000): departments = total ÷ (years × projects)")
    parser.add_argument("--departments", type=int, default=None)
    parser.add_argument("--years", type=int, default=8)
    parser.add_argument("--projects", type=int, default=10, help="projects per department and year")
    parser.add_argument("--compare-total", type=int, default=None,
                        help="the smaller city for the cost-per-page ratio (default a tenth; 0: none)")
    parser.add_argument("--no-correction", action="store_true", help="skip the one-figure rebuild and identity check")
    parser.add_argument("--corrections", type=int, default=3, help="one-figure corrections, each committed and rebuilt")
    parser.add_argument("--no-identity", action="store_true",
                        help="skip the from-scratch build in a fresh clone that the corrected site is compared with")
    parser.add_argument("--no-preview", action="store_true", help="skip the mkdocs serve measurement")
    parser.add_argument("--no-search-fetch", action="store_true", help="skip the browser's first-search download")
    parser.add_argument("--keep", type=Path, default=None, help="keep the temporary projects in this folder")
    args = parser.parse_args()
    if args.departments is not None:
        departments, years, projects = args.departments, args.years, args.projects
    else:
        departments, years, projects = shape(args.projects_total or 8000, args.years, args.projects)
    total = departments * years * projects
    compare = total // 10 if args.compare_total is None else args.compare_total
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="jixiao-bench-", dir=args.keep))
    lines: list[str] = []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    try:
        say(f"基准：{departments} 个单位 × {years} 个年度 × {projects} 个项目 = {total} 个项目页；"
            f"本机 {os.cpu_count()} 核，开始时负载 {os.getloadavg()[0]:.1f}")
        small = None
        if compare:
            d, y, p = shape(compare, years, projects)
            small_project = tmp / "small"
            make_project(small_project, d, y, p)
            small = build(small_project, "jixiao build")
            say(f"[{compare} 个项目页] 从零生成：{small.wall:.1f} 秒，CPU {small.cpu:.1f} 秒；内存峰值：{small.memory()}")
            shutil.rmtree(small_project)

        project = tmp / "city"
        start = time.perf_counter()
        make_project(project, departments, years, projects)
        say(f"生成记录并提交：{time.perf_counter() - start:.1f} 秒")
        scratch = build(project, "jixiao build")
        pages = sum(1 for _ in (project / "site").rglob("index.html"))
        say(f"[{total} 个项目页] 从零生成：{scratch.wall:.1f} 秒，CPU {scratch.cpu:.1f} 秒（{pages} 个页面）")
        say(f"[{total} 个项目页] 内存峰值（每个进程）：{scratch.memory()}")
        figures = site_figures(project / "site")
        say(f"网站：{figures['files']} 个文件，{figures['site_mb']:.1f} MB，其中搜索索引 {figures['index_mb']:.1f} MB；"
            f"项目页 HTML 中位数 {figures['page_kb_median']:.1f} KB，最大 {figures['page_kb_max']:.1f} KB")
        if small is not None:
            wall_ratio = (scratch.wall / total) / (small.wall / compare)
            cpu_ratio = (scratch.cpu / total) / (small.cpu / compare)
            say(f"每个项目页的成本：{compare} 页时 {small.wall / compare * 1000:.1f} 毫秒（CPU {small.cpu / compare * 1000:.1f}），"
                f"{total} 页时 {scratch.wall / total * 1000:.1f} 毫秒（CPU {scratch.cpu / total * 1000:.1f}）；"
                f"比值 {wall_ratio:.2f}×（CPU {cpu_ratio:.2f}×）")

        if not args.no_correction:
            runs = []
            for _ in range(args.corrections):
                edit_figure(project, years, 1)
                _git(project, "commit", "-q", "-am", "更正一个数字")
                runs.append(build(project, "jixiao build"))
            again = sorted(runs, key=lambda run: run.wall)[len(runs) // 2]
            each = "、".join(f"{run.wall:.1f}" for run in runs)
            say(f"更正一个数字后重新生成（{len(runs)} 次，每次更正后提交；取墙钟中位数的一次）：{again.wall:.1f} 秒，"
                f"CPU {again.cpu:.1f} 秒；各次墙钟 {each} 秒；内存峰值：{again.memory()}")
        if not args.no_correction and not args.no_identity:
            fresh = tmp / "fresh"
            subprocess.run(["git", "clone", "-q", str(project), str(fresh)], check=True)
            (fresh / "theme").unlink(missing_ok=True)
            (fresh / "theme").symlink_to(REPO / "theme")
            clean = build(fresh, "jixiao build")
            diff = differing(project / "site", fresh / "site")
            verdict = "逐字节相同" if not diff else f"有 {len(diff)} 个文件不同：{'、'.join(diff[:10])}"
            say(f"同一提交在新克隆中从零生成：{clean.wall:.1f} 秒，CPU {clean.cpu:.1f} 秒；与更正后重新生成的网站{verdict}")
            shutil.rmtree(fresh)

        if not args.no_preview:
            result = preview(project, years, timeout=max(600.0, scratch.wall * 4))
            say(f"预览（mkdocs serve）：启动到项目页可看 {result.first_page:.1f} 秒；保存修改到页面显示新数字 {result.shown:.1f} 秒；"
                f"内存峰值：{result.run.memory()}")

        if not args.no_search_fetch:
            # bench/search_figures.py: first search through a server that sends the precompressed copies (median of
            # six Chinese queries), each Pagefind shard process (wall, CPU, peak RSS) and the exports' CPU.
            from search_figures import figures_lines

            for line in figures_lines(project / "site", project / "content"):
                say(line)
        print("\n== 汇总 ==")
        print("\n".join(lines))
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
