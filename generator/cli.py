"""The `jixiao` command line: check, build, pages, schema (and more as the project grows).

Output is Chinese: the people who run it are finance staff and website teams.
"""

from __future__ import annotations

import argparse
import errno
import signal
import sys
from pathlib import Path

from generator.records.problems import ContentError


def _content_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="记录所在目录（默认 content）")


def cmd_check(args: argparse.Namespace) -> int:
    """Load, then audit. Exit 1 on loading errors or unexplained audit errors (warnings too with --strict)."""
    from generator.rules.audit import audit_content
    from generator.records.loading import load_content

    try:
        content = load_content(args.content)
    except ContentError as exc:
        if args.format == "json":
            _print_json([p.to_dict() for p in exc.problems], {"error": len(exc.problems), "warning": 0, "info": 0}, passed=False)
            return 1
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"\n检查未通过：共 {len(exc.problems)} 处错误。", file=sys.stderr)
        return 1
    report = audit_content(content)
    blocking = report.blocking(strict=args.strict)
    if args.format == "json":
        summary = {s.code: n for s, n in report.counts().items()}
        summary["blocking"] = len(blocking)
        _print_json([f.to_dict() for f in report.findings], summary, passed=not blocking)
        return 1 if blocking else 0
    _print_findings(report)
    projects = sum(len(r.head.projects) for r in content.records)
    counts, acknowledged = report.counts(), report.acknowledged_counts()
    parts = []
    for severity, n in counts.items():
        explained = f"（已说明 {acknowledged[severity]} 处）" if acknowledged[severity] else ""
        parts.append(f"{severity.value} {n} 处{explained}")
    print(f"共检查 {len(content.records)} 个记录文件、{projects} 个项目：" + "，".join(parts) + "。")
    if blocking:
        kinds = "错误或警告" if args.strict else "错误"
        print(f"检查未通过：有 {len(blocking)} 处{kinds}未说明。请修改记录；如数字照原文公开、确需保留，请在该项目的“审核说明”中写明规则和原因。")
        return 1
    print("检查通过。")
    return 0


def _print_findings(report) -> None:
    from generator.records.problems import format_field_path

    for file, findings in report.by_file().items():
        print(file)
        current = object()
        for finding in sorted(findings, key=lambda f: (f.project is not None, f.field[:2], f.line or 0, f.rule)):
            if finding.project != current:
                current = finding.project
                print(f"  项目“{finding.project_name}”（{finding.project}）" if finding.project else "  全文")
            field = format_field_path(finding.field[2:] if finding.project else finding.field)
            where = f"第 {finding.line} 行" if finding.line is not None else ""
            explained = f"（已说明：{finding.reason}）" if finding.acknowledged else ""
            print(f"    {finding.severity.value}  {where}  {field}：{finding.message}{explained}  [{finding.rule}]")
        print()


def _print_json(findings: list[dict], summary: dict, passed: bool) -> None:
    import json

    json.dump({"passed": passed, "summary": summary, "findings": findings}, sys.stdout, ensure_ascii=False, indent=2)
    print()


def cmd_pages(args: argparse.Namespace) -> int:
    from generator.rules.audit import audit_content
    from generator.history.history import HistoryError, read_history
    from generator.records.loading import load_content
    from generator.site.pages import build_page_tree
    from generator.site.writing import write_page_tree

    try:
        content = load_content(args.content)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    try:
        tree = build_page_tree(content, read_history(args.content), audit_content(content))
    except HistoryError as exc:
        print(f"页面没有生成：{exc}", file=sys.stderr)
        return 1
    try:
        write_page_tree(tree, args.output)
    except OSError as exc:
        print(f"页面没有生成：{_unwritable(args.output, exc)}", file=sys.stderr)
        return 1
    print(f"已生成 {len(tree.pages)} 个页面：{args.output}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from generator.site.build_cache import FOLDER_NAME
    from generator.config import BuildConfig, commit_epoch
    from generator.engines.mkdocs.build import build_site
    from generator.site.shards import ShardError, parse_shard

    try:
        shard = parse_shard(args.shard) if args.shard is not None else None
    except ShardError as exc:
        print(exc, file=sys.stderr)
        return 2
    base = Path(args.config).resolve().parent
    build_config = BuildConfig(content_dir=args.content.resolve() if args.content else None,
                               allow_errors=args.allow_errors, source_date_epoch=commit_epoch(base),
                               cache_dir=None if args.no_cache else base / FOLDER_NAME, shard=shard)
    try:
        return build_site(config_file=args.config, site_dir=args.site_dir, build_config=build_config)
    except OSError as exc:  # the output folder's parent cannot hold the staging folder: nothing was replaced
        print(_unwritable(args.site_dir, exc) + "\n\n网站没有生成，原有的网站保持不变。", file=sys.stderr)
        return 1


_OS_REASONS = {
    errno.ENOENT: "上级目录不存在", errno.ENOTDIR: "路径中有一段不是文件夹", errno.EEXIST: "路径中有一段不是文件夹", errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限", errno.EROFS: "所在的文件系统只读", errno.ENOSPC: "磁盘空间不足",
}


def _unwritable(folder: Path, exc: OSError) -> str:
    reason = _OS_REASONS.get(exc.errno, f"系统错误（错误号 {exc.errno}）")
    return f"无法写入输出目录 {folder}：{reason}。"


def cmd_cache_merge(args: argparse.Namespace) -> int:
    """Put the caches of shard builds (generator/site/shards.py) into one, for the build of the whole site."""
    from generator.engines.mkdocs.page_cache import CHECKED
    from generator.site.shards import ShardError, merge_caches

    try:
        counts = merge_caches(args.into, args.sources, line_kinds=(CHECKED,))
    except ShardError as exc:
        print(f"{exc}\n\n缓存没有合并，{args.into} 保持不变。", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"缓存没有全部合并：{_unwritable(args.into, exc)}已写入的条目完整可用，可以重新运行。", file=sys.stderr)
        return 1
    names = {"pages": "页面", "search": "搜索索引分片", "data": "数据文件", "checked": "已检查页面清单"}
    added = "，".join(f"{names.get(kind, kind)} {n} 个" for kind, n in sorted(counts.added.items())) or "没有新条目"
    merged = "，".join(f"{names.get(kind, kind)} {n} 份" for kind, n in sorted(counts.merged.items()))
    print(f"已把 {len(args.sources)} 个缓存目录合并到 {args.into}：新增{added}" + (f"；合并{merged}" if merged else "")
          + "。\n现在运行 jixiao build 生成网站：已在缓存中的页面和搜索索引不再重新生成。")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from generator.records.schema import write_schemas

    for path in write_schemas(args.output):
        print(f"已写入 {path}")
    return 0


def _code_mapping(text: str) -> tuple[str, str]:
    name, sep, code = text.rpartition("=")
    if not sep or not name or not code:
        raise argparse.ArgumentTypeError(f"“{text}”应写成 项目名称=编码，例如 会议经费=huiyi-jingfei")
    return name, code


def cmd_import(args: argparse.Namespace) -> int:
    from generator.importers import describe, import_files

    result = import_files(
        args.files, args.content, department=args.department, year=args.year,
        codes=dict(args.code or []), overwrite=args.overwrite, write=not args.stdout,
    )
    for imported in result.records:
        if args.stdout:
            sys.stdout.write(imported.yaml_text)
        where = "（未写入文件，内容见标准输出）" if args.stdout else f" → {imported.path.as_posix()}"
        if imported.written or args.stdout:
            print(f"已导入 {'、'.join(imported.sources)}{where}：{describe(imported.record)}", file=sys.stderr)
        for note in imported.notes:
            print(f"  {note}", file=sys.stderr)
        if imported.record.unplaced:
            print(f"  未归类内容 {len(imported.record.unplaced)} 处，已原样写入记录的“未归类内容”，请核对后归位：", file=sys.stderr)
            for item in imported.record.unplaced:
                print(f"    - {item}", file=sys.stderr)
    for failure in result.failures:
        print(f"未导入：{failure}", file=sys.stderr)
    if result.failures:
        print(f"\n导入未全部完成：{len(result.failures)} 个问题。", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jixiao", description="决算公开绩效情况说明发布工具")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    check = sub.add_parser("check", help="检查 content/ 下的记录并复核得分，有未说明的错误时以非零状态退出")
    _content_arg(check)
    check.add_argument("--strict", action="store_true", help="有未说明的警告也视为不通过")
    check.add_argument("--format", choices=("text", "json"), default="text", help="输出格式：text（默认）或 json（供持续集成使用）")
    check.set_defaults(func=cmd_check)

    build = sub.add_parser("build", help="生成完整网站到 site/（成功后才替换原有网站）")
    build.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs 配置文件")
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="输出目录（默认 site）")
    build.add_argument("--content", type=Path, default=None, help="记录所在目录（默认取 mkdocs.yml 中的设置，即 content）")
    build.add_argument("--allow-errors", action="store_true", help="审核有未说明的错误时仍然生成网站（请慎用）")
    build.add_argument("--no-cache", action="store_true",
                       help="不用 .jixiao-cache 中上次生成的页面，全部重新生成（结果与使用时逐字节相同）")
    build.add_argument("--shard", metavar="序号/总数",
                       help="只生成全站按年度分成的若干分片中的一个（如 1/4），结果存入 .jixiao-cache，不发布网站；"
                            "各分片的缓存用 jixiao cache merge 合并后，再运行 jixiao build 生成网站")
    build.set_defaults(func=cmd_build)

    cache = sub.add_parser("cache", help="管理生成缓存 .jixiao-cache")
    cache_sub = cache.add_subparsers(dest="cache_command", required=True, metavar="操作")
    merge = cache_sub.add_parser("merge", help="把各分片作业（jixiao build --shard）的缓存目录合并到本项目的缓存中")
    merge.add_argument("sources", nargs="+", type=Path, metavar="缓存目录", help="各分片作业的 .jixiao-cache 目录")
    merge.add_argument("--into", type=Path, default=Path(".jixiao-cache"), metavar="目录",
                       help="合并到哪个缓存目录（默认当前目录下的 .jixiao-cache）")
    merge.set_defaults(func=cmd_cache_merge)

    pages = sub.add_parser("pages", help="只生成 Markdown 页面树到指定目录（不依赖 MkDocs）")
    _content_arg(pages)
    pages.add_argument("output", type=Path, help="输出目录")
    pages.set_defaults(func=cmd_pages)

    schema = sub.add_parser("schema", help="根据数据模型生成 JSON Schema（供编辑器校验和补全）")
    schema.add_argument("--output", type=Path, default=Path(__file__).parent / "records" / "schema")
    schema.set_defaults(func=cmd_schema)

    importer = sub.add_parser("import", help="把已有的自评表、绩效自评报告、绩效情况说明（.txt .md .docx .xlsx .xls .pdf）导入为记录文件")
    importer.add_argument("files", nargs="+", type=Path, metavar="文件", help="要导入的文件，可以有多个")
    _content_arg(importer)
    importer.add_argument("--department", metavar="单位编码", help="文件中没有写明单位时，指定单位编码（见单位名录）")
    importer.add_argument("--year", type=int, metavar="年度", help="文件中没有写明年度时，指定年度，例如 2024")
    importer.add_argument(
        "--code", type=_code_mapping, action="append", metavar="项目名称=编码",
        help="指定项目编码（出现在网址中），可写多次；不指定则自动生成 p01、p02……",
    )
    importer.add_argument("--overwrite", action="store_true", help="已有同单位同年度的记录时覆盖它（默认不覆盖）")
    importer.add_argument("--stdout", action="store_true", help="只把导入结果输出到屏幕，不写文件")
    importer.set_defaults(func=cmd_import)
    return parser


class Terminated(BaseException):
    """SIGTERM, raised where the program is so that every `finally` runs (temporary folders removed)."""


def _on_terminate(signum, frame) -> None:
    raise Terminated(signum)


def _stopped(args: argparse.Namespace, how: str) -> str:
    outcome = "网站没有生成，原有的网站保持不变。" if args.command == "build" else "操作没有完成。"
    return f"\n{how}：{outcome}"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        previous = (signal.signal(signal.SIGTERM, _on_terminate), signal.getsignal(signal.SIGINT))
    except ValueError:  # not the main thread (an embedding program): leave signals to it
        previous = None
    try:
        return args.func(args)
    except KeyboardInterrupt:
        if previous is not None:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the message
        print(_stopped(args, "已按 Ctrl-C 中断"), file=sys.stderr)
        return 130
    except Terminated:
        print(_stopped(args, "已收到终止信号"), file=sys.stderr)
        return 143
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous[0])
            signal.signal(signal.SIGINT, previous[1])


if __name__ == "__main__":
    sys.exit(main())
