"""The `jixiao` command line: check, build, pages, schema (and more as the project grows).

Output is Chinese: the people who run it are finance staff and website teams.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .problems import ContentError


def _content_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="记录所在目录（默认 content）")


def cmd_check(args: argparse.Namespace) -> int:
    from .loading import load_content

    try:
        content = load_content(args.content)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"\n检查未通过：共 {len(exc.problems)} 处错误。", file=sys.stderr)
        return 1
    projects = sum(len(r.record.projects) for r in content.records)
    print(f"检查通过：{len(content.records)} 个记录文件，{projects} 个项目。")
    return 0


def cmd_pages(args: argparse.Namespace) -> int:
    from .loading import load_content
    from .pages import build_page_tree
    from .writing import write_page_tree

    try:
        content = load_content(args.content)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    tree = build_page_tree(content)
    write_page_tree(tree, args.output)
    print(f"已生成 {len(tree.pages)} 个页面：{args.output}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .mkdocs_adapter.build import build_site
    from .mkdocs_adapter.plugin import CONTENT_ENV

    if args.content is not None:
        os.environ[CONTENT_ENV] = str(args.content.resolve())
    return build_site(config_file=args.config, site_dir=args.site_dir)


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import write_schemas

    for path in write_schemas(args.output):
        print(f"已写入 {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jixiao", description="决算公开绩效情况说明发布工具")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    check = sub.add_parser("check", help="检查 content/ 下的记录，有错误时以非零状态退出")
    _content_arg(check)
    check.set_defaults(func=cmd_check)

    build = sub.add_parser("build", help="生成完整网站到 site/（成功后才替换原有网站）")
    build.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs 配置文件")
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="输出目录（默认 site）")
    build.add_argument("--content", type=Path, default=None, help="记录所在目录（默认取 mkdocs.yml 中的设置，即 content）")
    build.set_defaults(func=cmd_build)

    pages = sub.add_parser("pages", help="只生成 Markdown 页面树到指定目录（不依赖 MkDocs）")
    _content_arg(pages)
    pages.add_argument("output", type=Path, help="输出目录")
    pages.set_defaults(func=cmd_pages)

    schema = sub.add_parser("schema", help="根据数据模型生成 JSON Schema（供编辑器校验和补全）")
    schema.add_argument("--output", type=Path, default=Path(__file__).parent / "schema")
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
