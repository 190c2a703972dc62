"""Revision history from git on the pages: dates, 修订记录, 更正说明, 更新记录 and the Atom feed."""

from __future__ import annotations

import html
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.history.history import read_history
from generator.records.loading import load_content
from generator.site.pages import build_page_tree
from tests.history_repo import RECORD, SEED_2021, GitRepo, corrected_repo, revision_lines, shown, undated

PROJECT_PAGE = "2024/xx-swbgs/huiyi-jingfei.md"
RECORD_PAGE = "2024/xx-swbgs/index.md"
CORRECTION_LINES = [
    "全年执行数 20.37 → 20.73 万元",
    "执行率 63.66% → 64.78%",
    "当年财政拨款 全年执行数 20.37 → 20.73 万元",
    "新增指标 参会人员满意度",
    "自评得分 96.37 → 96.48",
    "自评报告 第二节 第二小节 正文已修改",
    "更正说明：会议经费全年执行数录入有误，由 20.37 万元更正为 20.73 万元。",
]
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    repo = corrected_repo(tmp_path_factory.mktemp("history"))
    return repo, repo.tree()


def test_project_page_lists_the_correction_field_by_field(corrected):
    _, tree = corrected
    assert revision_lines(shown(tree, PROJECT_PAGE), "2025-03-01") == CORRECTION_LINES


def test_project_page_gives_the_commit_subject_as_the_reason(corrected):
    _, tree = corrected
    assert "2025-03-01　修订：更正会议经费执行数" in shown(tree, PROJECT_PAGE)


def test_project_page_shows_first_publication_and_last_update_from_git(corrected):
    _, tree = corrected
    assert "首次发布：2025-01-10　最近更新：2025-03-01" in shown(tree, PROJECT_PAGE)


def test_project_page_shows_the_correction_note_at_the_top(corrected):
    _, tree = corrected
    page = shown(tree, PROJECT_PAGE)
    box = page.index('!!! note "更正说明"')
    assert box < page.index("## 项目支出绩效自评表")
    assert "2025-03-01：会议经费全年执行数录入有误" in page[box:]


def test_unchanged_project_lists_only_its_first_publication(corrected):
    _, tree = corrected
    page = shown(tree, "2024/xx-swbgs/peixun-jingfei.md")
    assert "首次发布：2025-01-10　最近更新：2025-01-10" in page
    assert "更正会议经费执行数" not in page


def test_department_year_page_names_the_project_of_each_change(corrected):
    _, tree = corrected
    lines = revision_lines(shown(tree, RECORD_PAGE), "2025-03-01")
    assert lines[:6] == [f"会议经费：{line}" for line in CORRECTION_LINES[:6]]


def test_formatting_only_commit_is_not_listed(corrected):
    _, tree = corrected
    for path in (PROJECT_PAGE, RECORD_PAGE, "updates/index.md"):
        assert "调整格式" not in shown(tree, path)
    assert "2025-04-01" not in shown(tree, RECORD_PAGE)


def test_updates_page_lists_the_correction_newest_first_with_its_changes(corrected):
    _, tree = corrected
    page = shown(tree, "updates/index.md")
    assert page.index("2025-03-01") < page.index("2025-01-10")
    assert "修订：更正会议经费执行数" in page
    assert "    - 会议经费：全年执行数 20.37 → 20.73 万元" in page


def test_updates_page_links_to_the_feed(corrected):
    _, tree = corrected
    assert "(../feed.xml)" in tree.pages["updates/index.md"].body


def test_feed_entry_carries_the_correction_with_date_and_relative_link(corrected):
    _, tree = corrected
    feed = ET.fromstring(tree.files["feed.xml"])
    newest = feed.findall(f"{ATOM}entry")[0]
    assert newest.findtext(f"{ATOM}updated") == "2025-03-01T10:00:00+08:00"
    assert newest.find(f"{ATOM}link").get("href") == "2024/xx-swbgs/"
    text = newest.findtext(f"{ATOM}content")
    assert "更正会议经费执行数" in text and "会议经费：全年执行数 20.37 → 20.73 万元" in text


def test_feed_has_an_entry_for_each_publication_and_correction_newest_first(corrected):
    _, tree = corrected
    feed = ET.fromstring(tree.files["feed.xml"])
    dates = [entry.findtext(f"{ATOM}updated")[:10] for entry in feed.findall(f"{ATOM}entry")]
    assert dates == ["2025-03-01", "2025-01-10"]


def test_feed_entries_are_titled_with_the_record_and_what_happened_to_it(corrected):
    _, tree = corrected
    feed = ET.fromstring(tree.files["feed.xml"])
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert [title.rpartition("：")[2] for title in titles] == ["修订", "首次公开"]
    assert all("2024" in title.rpartition("：")[0] for title in titles)


def test_feed_is_atom_with_required_elements(corrected):
    _, tree = corrected
    feed = ET.fromstring(tree.files["feed.xml"])
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None
    for entry in feed.findall(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}updated")


def test_withdrawn_record_keeps_its_page_with_the_notice(tmp_path):
    repo = GitRepo(tmp_path)
    repo.write("content/2021/yzq-dqfwzx.yml", undated(SEED_2021))
    repo.write(RECORD, undated(Path(__file__).parent.parent / RECORD))
    repo.commit("公开", "2025-01-10T09:00:00+08:00")
    (repo.content / "2021" / "yzq-dqfwzx.yml").unlink()
    repo.commit("撤回重复公开的2021年度说明", "2025-05-06T09:00:00+08:00")
    tree = repo.tree()
    for path in ("2021/yzq-dqfwzx/index.md", "2021/yzq-dqfwzx/jiceng-dangzuzhi-gongzuo-jingfei.md"):
        page = shown(tree, path)
        assert "本页内容已于 2025-05-06 撤回，原因：撤回重复公开的2021年度说明" in page
    assert "3.92" in shown(tree, "2021/yzq-dqfwzx/jiceng-dangzuzhi-gongzuo-jingfei.md")
    assert "撤回：撤回重复公开的2021年度说明" in shown(tree, "updates/index.md")


def test_withdrawn_record_listed_under_the_setting_is_dropped(tmp_path):
    repo = GitRepo(tmp_path)
    repo.write("content/2021/yzq-dqfwzx.yml", undated(SEED_2021))
    repo.commit("公开", "2025-01-10T09:00:00+08:00")
    (repo.content / "2021" / "yzq-dqfwzx.yml").unlink()
    repo.write(RECORD, undated(Path(__file__).parent.parent / RECORD))
    site = repo.read("content/site.yml") + "撤回后不再显示:\n  - 2021/yzq-dqfwzx\n"
    repo.write("content/site.yml", site)
    repo.commit("撤回并不再显示", "2025-05-06T09:00:00+08:00")
    tree = repo.tree()
    assert "2021/yzq-dqfwzx/index.md" not in tree.pages
    assert "2021/yzq-dqfwzx/jiceng-dangzuzhi-gongzuo-jingfei.md" not in tree.pages


def test_project_removed_from_a_record_keeps_its_page_with_the_notice(tmp_path):
    repo = GitRepo(tmp_path)
    full = undated(Path(__file__).parent.parent / RECORD)
    repo.write(RECORD, full)
    repo.commit("公开", "2025-01-10T09:00:00+08:00")
    start = full.index("  - 项目编码: dangan-zhengli-zhuanxiang-jingfei")
    repo.write(RECORD, full[:start])
    repo.commit("删除档案整理项目", "2025-02-02T09:00:00+08:00")
    tree = repo.tree()
    page = shown(tree, "2024/xx-swbgs/dangan-zhengli-zhuanxiang-jingfei.md")
    assert "本页内容已于 2025-02-02 撤回，原因：删除档案整理项目" in page
    assert "删除项目 档案整理专项经费" in revision_lines(shown(tree, RECORD_PAGE), "2025-02-02")


def test_a_version_fixed_after_one_that_failed_the_format_check_is_a_revision_not_a_new_publication(tmp_path):
    repo = GitRepo(tmp_path)
    full = undated(Path(__file__).parent.parent / RECORD)
    repo.write(RECORD, full)
    repo.commit("公开", "2025-01-10T09:00:00+08:00")
    repo.write(RECORD, full.replace("        全年执行数: 20.37\n", "        全年执行数: [20.73\n", 1))
    repo.commit("更正会议经费执行数（格式有误）", "2025-02-02T09:00:00+08:00")
    repo.write(RECORD, full.replace("        全年执行数: 20.37\n", "        全年执行数: 20.73\n", 1))
    repo.commit("更正会议经费执行数", "2025-03-03T09:00:00+08:00")
    page = shown(repo.tree(), RECORD_PAGE)
    assert "2025-03-03　修订：更正会议经费执行数" in page
    assert page.count("首次公开") == 1
    assert revision_lines(page, "2025-03-03") == ["会议经费：全年执行数 20.37 → 20.73 万元"]


def test_a_withdrawn_record_put_back_is_republished_on_its_page(tmp_path):
    repo = GitRepo(tmp_path)
    full = undated(Path(__file__).parent.parent / RECORD)
    repo.write(RECORD, full)
    repo.commit("公开", "2025-01-10T09:00:00+08:00")
    (repo.content / "2024" / "xx-swbgs.yml").unlink()
    repo.commit("撤回2024年度说明", "2025-02-02T09:00:00+08:00")
    repo.write(RECORD, full)
    repo.commit("重新公开2024年度说明", "2025-03-03T09:00:00+08:00")
    page = shown(repo.tree(), RECORD_PAGE)
    assert "2025-03-03　重新公开：重新公开2024年度说明" in page
    assert "本页内容已于" not in page


def test_project_put_back_after_removal_is_republished_on_its_page(tmp_path):
    repo = GitRepo(tmp_path)
    full = undated(Path(__file__).parent.parent / RECORD)
    repo.write(RECORD, full)
    repo.commit("公开", "2025-01-10T09:00:00+08:00")
    repo.write(RECORD, full[:full.index("  - 项目编码: dangan-zhengli-zhuanxiang-jingfei")])
    repo.commit("删除档案整理项目", "2025-02-02T09:00:00+08:00")
    repo.write(RECORD, full)
    repo.commit("恢复档案整理项目", "2025-03-03T09:00:00+08:00")
    page = shown(repo.tree(), "2024/xx-swbgs/dangan-zhengli-zhuanxiang-jingfei.md")
    assert "2025-03-03　重新公开：恢复档案整理项目" in page
    assert "本页内容已于" not in page


def _published_then_mistyped_then_corrected(tmp_path) -> GitRepo:
    """The seed record published, then committed with a score that fails the format check, then corrected."""
    repo = GitRepo(tmp_path)
    text = undated(Path(__file__).parent.parent / RECORD)
    repo.write(RECORD, text)
    repo.commit("公开", "2025-01-10T09:00:00+08:00")
    repo.write(RECORD, text.replace("    自评得分: 96.37\n", "    自评得分: 九十六\n"))
    repo.commit("误填得分", "2025-01-11T09:00:00+08:00")
    repo.write(RECORD, text.replace("    自评得分: 96.37\n", "    自评得分: 96.73\n"))
    repo.commit("改正得分", "2025-01-12T09:00:00+08:00")
    return repo


def test_version_that_does_not_validate_is_listed_not_fatal(tmp_path):
    repo = _published_then_mistyped_then_corrected(tmp_path)
    tree = repo.tree()
    record_page = shown(tree, RECORD_PAGE)
    assert "2025-01-11　未通过格式检查：误填得分" in record_page
    assert revision_lines(shown(tree, PROJECT_PAGE), "2025-01-12") == ["自评得分 96.37 → 96.73"]


def test_shallow_clone_shows_the_note_instead_of_failing(corrected, tmp_path):
    repo, _ = corrected
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", repo.root.as_uri(), str(clone))
    tree = build_page_tree(load_content(clone / "content"), read_history(clone / "content"))
    page = shown(tree, PROJECT_PAGE)
    assert "本地仓库为浅克隆，更早的修订记录未能读取" in page
    assert "更正会议经费执行数" not in page


def test_outside_git_pages_give_the_publication_point_as_the_sites_date_not_the_units(tmp_path):
    content = tmp_path / "content"
    (content / "2021").mkdir(parents=True)
    for name in ("departments.yml", "site.yml"):
        shutil.copy(Path(__file__).parent.parent / "content" / name, content / name)
    shutil.copy(SEED_2021, content / "2021" / "yzq-dqfwzx.yml")
    tree = build_page_tree(load_content(content), read_history(content))
    page = shown(tree, "2021/yzq-dqfwzx/index.md")
    assert "单位公开日期（原文所载）：2022年12月7日" in page
    assert "本站首次发布：2026-11-23　最近更新：2026-11-23" in page
    assert "修订记录" not in page


def test_without_git_installed_a_checkout_is_a_loud_error_not_an_empty_history(corrected, monkeypatch):
    from generator.history.history import HistoryError

    repo, _ = corrected
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(HistoryError, match="找不到 git 命令"):
        read_history(repo.content)


def test_without_git_installed_content_outside_a_checkout_has_no_history(content_dir, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert read_history(content_dir).files == {}


def test_build_page_tree_works_without_history(corrected):
    repo, _ = corrected
    tree = build_page_tree(load_content(repo.content))
    assert "修订记录" not in shown(tree, PROJECT_PAGE)
    assert "updates/index.md" in tree.pages


def test_rebuild_from_stored_results_shows_the_same_pages(corrected):
    repo, first = corrected
    again = repo.tree()
    for path in (PROJECT_PAGE, RECORD_PAGE, "updates/index.md"):
        assert again.pages[path].body == first.pages[path].body
    assert again.files["feed.xml"] == first.files["feed.xml"]


def test_rebuild_reads_no_version_texts_it_has_seen(corrected):
    repo, _ = corrected
    from generator.history.changes import site_history

    history = read_history(repo.content)
    site_history(load_content(repo.content), history)
    assert history.blobs == {}


def test_feed_links_are_absolute_when_a_site_url_is_configured(corrected):
    from generator.history.changes import site_history
    from generator.site.history_pages import feed_xml

    repo, _ = corrected
    content, history = load_content(repo.content), read_history(repo.content)
    feed = ET.fromstring(feed_xml(content, site_history(content, history), "https://www.example.gov.cn/jixiao/"))
    newest = feed.findall(f"{ATOM}entry")[0]
    assert newest.find(f"{ATOM}link").get("href") == "https://www.example.gov.cn/jixiao/2024/xx-swbgs/"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://www.example.gov.cn/jixiao/feed.xml"


def test_built_site_serves_the_feed_and_shows_the_correction(corrected, tmp_path, monkeypatch):
    from tests.sitebuild import build, visible_text

    repo, _ = corrected
    site = tmp_path / "site"
    assert build(repo.content, site) == 0
    assert ET.parse(site / "feed.xml").getroot().tag == f"{ATOM}feed"
    updates = visible_text((site / "updates" / "index.html").read_text(encoding="utf-8"))
    assert "会议经费：全年执行数 20.37 → 20.73 万元" in updates
    project = visible_text((site / "2024" / "xx-swbgs" / "huiyi-jingfei" / "index.html").read_text(encoding="utf-8"))
    assert "更正会议经费执行数" in project and "全年执行数 20.37 → 20.73 万元" in project


def test_feed_stays_valid_xml_when_a_commit_message_carries_a_control_character(tmp_path):
    repo = GitRepo(tmp_path)
    repo.write(RECORD, undated(Path(__file__).parent.parent / RECORD))
    repo.commit("公开\x07<script>", "2025-01-10T09:00:00+08:00")
    feed = ET.fromstring(repo.tree().files["feed.xml"])
    content = feed.findall(f"{ATOM}entry")[0].findtext(f"{ATOM}content")
    assert "<script>" not in content and "公开<script>" in html.unescape(content)


# --- The publication point (上线日期): drafting before it is not a revision ------------------------


@pytest.fixture(scope="module")
def drafted_repo(tmp_path_factory):
    """Transcribed 2025-01-08, proofread 2025-01-09 (审核说明 added, a figure fixed), put online 2025-01-10
    with 上线日期, corrected 2025-03-01 after publication."""
    repo = GitRepo(tmp_path_factory.mktemp("drafted"))
    text = undated(Path(__file__).parent.parent / RECORD)
    repo.write(RECORD, text.replace("        全年执行数: 20.37\n", "        全年执行数: 2.037\n", 1))
    repo.commit("录入2024年度自评报告", "2025-01-08T09:00:00+08:00")
    repo.write(RECORD, text)
    repo.commit("校对：会议经费执行数录错了小数点", "2025-01-09T09:00:00+08:00")
    repo.write(RECORD, text.replace("年度: 2024\n", "年度: 2024\n上线日期: 2025-01-10\n"))
    repo.commit("公开2024年度项目支出绩效自评报告", "2025-01-10T09:00:00+08:00")
    repo.write(RECORD, repo.read(RECORD).replace("    自评得分: 96.37\n", "    自评得分: 96.48\n"))
    repo.commit("更正会议经费自评得分", "2025-03-01T10:00:00+08:00")
    return repo


@pytest.fixture(scope="module")
def drafted(drafted_repo):
    return drafted_repo.tree()


@pytest.fixture(scope="module")
def drafted_shallow(drafted_repo, tmp_path_factory):
    """A CI checkout of the drafted record: only the correction of 2025-03-01 can be read."""
    clone = tmp_path_factory.mktemp("drafted-shallow") / "clone"
    drafted_repo.git("clone", "-q", "--depth", "1", drafted_repo.root.as_uri(), str(clone))
    return build_page_tree(load_content(clone / "content"), read_history(clone / "content"))


def test_drafting_commits_before_the_publication_point_are_not_listed_as_revisions(drafted):
    page = shown(drafted, PROJECT_PAGE)
    assert "2025-01-08" not in page and "2025-01-09" not in page and "校对" not in page
    assert "2025-01-10　首次公开" in page


def test_a_change_after_the_publication_point_is_a_public_revision(drafted):
    page = shown(drafted, PROJECT_PAGE)
    assert "2025-03-01　修订：更正会议经费自评得分" in page
    assert revision_lines(page, "2025-03-01") == ["自评得分 96.37 → 96.48"]


def test_first_publication_is_the_publication_point(drafted):
    assert "本站首次发布：2025-01-10　最近更新：2025-03-01" in shown(drafted, PROJECT_PAGE)


def test_updates_page_and_feed_leave_drafting_out(drafted):
    updates = shown(drafted, "updates/index.md")
    assert "2025-01-09" not in updates and "2025-01-08" not in updates
    assert "2025-01-10" in updates and "2025-03-01" in updates
    feed = drafted.files["feed.xml"].decode("utf-8")
    assert "2025-01-09" not in feed and "2025-01-08" not in feed


def test_every_page_of_the_record_shows_the_units_own_date_beside_the_sites(tmp_path):
    repo = GitRepo(tmp_path)
    repo.write("content/2021/yzq-dqfwzx.yml", SEED_2021.read_text(encoding="utf-8"))
    repo.commit("录入2021年度说明", "2026-11-23T09:00:00+08:00")
    repo.write("content/2021/yzq-dqfwzx.yml", repo.read("content/2021/yzq-dqfwzx.yml") + "\n")
    repo.commit("补充审核说明", "2026-11-23T10:00:00+08:00")
    tree = repo.tree()
    for path in ("2021/yzq-dqfwzx/index.md", "2021/yzq-dqfwzx/jiceng-dangzuzhi-gongzuo-jingfei.md"):
        page = html.unescape(re.sub(r"<[^>]+>", "", tree.pages[path].body))
        assert "单位公开日期（原文所载）：2022年12月7日　本站首次发布：2026-11-23" in page


def test_in_a_shallow_clone_first_publication_is_the_publication_point(drafted_shallow):
    page = shown(drafted_shallow, PROJECT_PAGE)
    assert "本地仓库为浅克隆，更早的修订记录未能读取" in page
    assert "本站首次发布：2025-01-10　最近更新：2025-03-01" in page


def test_a_shallow_clones_oldest_readable_version_is_not_an_update_or_a_feed_entry(drafted_shallow):
    updates = shown(drafted_shallow, "updates/index.md")
    feed = drafted_shallow.files["feed.xml"].decode("utf-8")
    assert "可读取的最早版本" not in updates and "可读取的最早版本" not in feed
    assert "2025-03-01" not in updates and "<entry>" not in feed


def test_a_project_removed_while_drafting_gets_no_withdrawn_page(tmp_path):
    repo = GitRepo(tmp_path)
    full = undated(Path(__file__).parent.parent / RECORD)
    repo.write(RECORD, full)
    repo.commit("录入2024年度自评报告", "2025-01-08T09:00:00+08:00")
    draft = full[:full.index("  - 项目编码: dangan-zhengli-zhuanxiang-jingfei")]
    repo.write(RECORD, draft)
    repo.commit("校对：档案整理项目不属于本单位", "2025-01-09T09:00:00+08:00")
    repo.write(RECORD, draft.replace("年度: 2024\n", "年度: 2024\n上线日期: 2025-01-10\n"))
    repo.commit("公开2024年度项目支出绩效自评报告", "2025-01-10T09:00:00+08:00")
    tree = repo.tree()
    assert "2024/xx-swbgs/dangan-zhengli-zhuanxiang-jingfei.md" not in tree.pages
    assert "档案整理" not in shown(tree, RECORD_PAGE)


def test_a_record_withdrawn_after_its_publication_point_keeps_its_page_with_the_notice(tmp_path):
    repo = GitRepo(tmp_path)
    repo.write(RECORD, undated(Path(__file__).parent.parent / RECORD).replace("年度: 2024\n", "年度: 2024\n上线日期: 2025-01-10\n"))
    repo.write("content/2021/yzq-dqfwzx.yml", undated(SEED_2021))
    repo.commit("公开2024年度项目支出绩效自评报告", "2025-01-10T09:00:00+08:00")
    (repo.content / "2024" / "xx-swbgs.yml").unlink()
    repo.commit("撤回2024年度说明", "2025-05-06T09:00:00+08:00")
    page = shown(repo.tree(), RECORD_PAGE)
    assert "本页内容已于 2025-05-06 撤回，原因：撤回2024年度说明" in page


def test_a_rebuild_reads_no_version_texts_it_has_seen_even_one_that_failed_the_format_check(tmp_path):
    from generator.history.changes import site_history

    repo = _published_then_mistyped_then_corrected(tmp_path)
    repo.tree()
    history = read_history(repo.content)
    site_history(load_content(repo.content), history)
    assert history.blobs == {}


def test_a_commit_made_in_another_time_zone_is_dated_in_china_standard_time(tmp_path):
    repo = GitRepo(tmp_path)
    text = undated(Path(__file__).parent.parent / RECORD)
    repo.write(RECORD, text)
    repo.commit("公开", "2025-01-10T09:00:00+08:00")
    repo.write(RECORD, text.replace("    自评得分: 96.37\n", "    自评得分: 96.73\n"))
    repo.commit("改正得分", "2025-02-28T18:30:00-05:00")  # 2025-03-01 07:30 in Beijing, still 2025-02-28 in UTC
    repo.write(RECORD, text.replace("    自评得分: 96.37\n", "    自评得分: 96.48\n"))
    repo.commit("再次改正得分", "2025-03-05T10:30:00-05:00")  # 2025-03-05 23:30 in Beijing
    page = shown(repo.tree(), PROJECT_PAGE)
    assert "2025-03-01　修订：改正得分" in page and "2025-03-05　修订：再次改正得分" in page
    assert "本站首次发布：2025-01-10　最近更新：2025-03-05" in page



def test_a_record_saved_with_a_byte_order_mark_has_its_history_like_any_other(tmp_path):
    repo = GitRepo(tmp_path)
    # Saved by Windows Notepad: a byte-order mark, then the first key (no comment line before it).
    text = "\ufeff" + re.sub(r"^(#.*\n)+", "", undated(Path(__file__).parent.parent / RECORD))
    assert text.startswith("\ufeff单位编码")
    repo.write(RECORD, text)
    repo.commit("公开", "2025-01-10T09:00:00+08:00")
    repo.write(RECORD, text.replace("    自评得分: 96.37\n", "    自评得分: 96.73\n"))
    repo.commit("改正得分", "2025-01-12T09:00:00+08:00")
    page = shown(repo.tree(), PROJECT_PAGE)
    assert "未通过格式检查" not in page
    assert revision_lines(page, "2025-01-12") == ["自评得分 96.37 → 96.73"]
