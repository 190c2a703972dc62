"""The commands as a publisher runs them: what `jixiao pages` and `jixiao build` write and say."""

from __future__ import annotations

from generator.cli import main
from tests.conftest import CONTENT, MINIMAL_RECORD, REPO
from tests.sitebuild import visible_text


def test_pages_writes_every_page_of_the_content_and_says_how_many(tmp_path, capsys):
    out = tmp_path / "pages"
    assert main(["pages", "--content", str(CONTENT), str(out)]) == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert {"index.md", "2024/xx-swbgs/index.md", "2024/xx-swbgs/huiyi-jingfei.md", "2021/yzq-dqfwzx/index.md"} <= set(written)
    assert capsys.readouterr().out.strip() == f"已生成 {len(written)} 个页面：{out}"
    meeting = (out / "2024" / "xx-swbgs" / "huiyi-jingfei.md").read_text(encoding="utf-8")
    assert "会议经费" in meeting and "20.37" in meeting


def test_pages_run_again_replaces_what_the_folder_held(content_dir, tmp_path):
    out = tmp_path / "pages"
    assert main(["pages", "--content", str(content_dir), str(out)]) == 0
    assert (out / "2021" / "yzq-dqfwzx" / "ceshi-xiangmu.md").is_file()
    renamed = MINIMAL_RECORD.replace("项目编码: ceshi-xiangmu", "项目编码: gaiming-xiangmu").replace("测试项目", "改名项目")
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(renamed, encoding="utf-8")
    assert main(["pages", "--content", str(content_dir), str(out)]) == 0
    assert not (out / "2021" / "yzq-dqfwzx" / "ceshi-xiangmu.md").exists()
    assert "改名项目" in (out / "2021" / "yzq-dqfwzx" / "gaiming-xiangmu.md").read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".pages-*"))


def _build(content_dir, site, *extra: str) -> int:
    return main(["build", "--config", str(REPO / "mkdocs.yml"), "--content", str(content_dir), "--site-dir", str(site), *extra])


def test_build_with_allow_errors_publishes_a_record_the_audit_stops_without_it(content_dir, tmp_path):
    wrong = MINIMAL_RECORD.replace("自评得分: 99.5", "自评得分: 100")
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(wrong, encoding="utf-8")
    site = tmp_path / "site"
    assert _build(content_dir, site) == 1
    assert not site.exists()
    assert _build(content_dir, site, "--allow-errors") == 0
    page = (site / "2021" / "yzq-dqfwzx" / "ceshi-xiangmu" / "index.html").read_text(encoding="utf-8")
    assert "测试项目" in visible_text(page)


def test_build_again_replaces_the_published_site(content_dir, tmp_path):
    site = tmp_path / "site"
    assert _build(content_dir, site) == 0
    renamed = MINIMAL_RECORD.replace("项目编码: ceshi-xiangmu", "项目编码: gaiming-xiangmu").replace("测试项目", "改名项目")
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(renamed, encoding="utf-8")
    assert _build(content_dir, site) == 0
    assert not (site / "2021" / "yzq-dqfwzx" / "ceshi-xiangmu").exists()
    page = (site / "2021" / "yzq-dqfwzx" / "gaiming-xiangmu" / "index.html").read_text(encoding="utf-8")
    assert "改名项目" in visible_text(page)
    # No temporary folder is left: beside the site only the one it replaced, where the next build starts.
    assert [p.name for p in tmp_path.glob(".site-*")] == [".site-spare"]
