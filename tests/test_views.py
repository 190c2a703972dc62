"""The page views (generator/site/views/): what each template is given to print, checked where it is decided.

Behaviours that before were visible only through the golden pages and whole built pages.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.history.changes import PageHistory, Revision, RevisionKind
from generator.records.loading import load_content
from generator.rules.audit import audit_content
from generator.rules.scoring import resolve_rules
from generator.site.paths import Paths, project_path
from generator.site.views.aggregates import record_summary, year_view
from generator.site.views.inputs import record_audit, unaudited
from generator.site.views.project import project_view, withdrawn_project_view
from generator.site.views.record import department_year_view, overall_view, withdrawn_department_year_view
from generator.site.views.totals import record_totals
from tests.conftest import CONTENT

KINDS = Path(__file__).parent / "data" / "kinds"
ONLINE = PageHistory(first_published=dt.date(2026, 11, 23), last_updated=dt.date(2026, 11, 23))


def _record(content, year: int, code: str):
    return next(loaded for loaded in content.records if (loaded.record.year, loaded.record.department) == (year, code))


@pytest.fixture(scope="module")
def seeds():
    content = load_content(CONTENT)
    return content, audit_content(content)


@pytest.fixture(scope="module")
def kinds():
    content = load_content(KINDS)
    return content, audit_content(content)


def _inputs(content, audit, year: int, code: str):
    loaded = _record(content, year, code)
    department = content.department(loaded.record)
    region = content.region(department)
    return loaded.record, department, region, record_audit(audit, loaded.record, resolve_rules(content.settings, region))


def test_project_view_states_the_execution_rate_as_the_unit_printed_it(seeds):
    record, department, _, audit = _inputs(*seeds, 2024, "xx-swbgs")
    equipment = next(i for i, p in enumerate(record.projects) if p.code == "bangong-shebei-gouzhi-jingfei")
    view = project_view(record, equipment, department, audit, ONLINE, (), True, ())
    rate = next(f for f in view.summary.recheck.figures if f.label == "执行率")
    # 办公设备购置 prints 98.9%; the site's own computation stands beside it with its two decimals, never in its place.
    assert (rate.stated, rate.computed, rate.verdict) == ("98.9%", "98.90%", "一致")
    assert view.project is record.projects[equipment]


def test_project_view_marks_the_indicator_that_fell_short_of_its_target(seeds):
    record, department, _, audit = _inputs(*seeds, 2024, "xx-swbgs")
    equipment = next(i for i, p in enumerate(record.projects) if p.code == "bangong-shebei-gouzhi-jingfei")
    view = project_view(record, equipment, department, audit, ONLINE, (), True, ())
    # 办公家具: target 100, actual 20, and the unit still scored it in full.
    assert [(r.indicator.display_name, r.state) for r in view.summary.shortfalls] == [("办公家具(个)", "未达到年度指标值")]


def test_form_rows_merge_the_cells_of_consecutive_indicators_of_one_level(seeds):
    record, department, _, audit = _inputs(*seeds, 2024, "xx-swbgs")
    rows = project_view(record, 0, department, audit, ONLINE, (), True, ()).summary.rows
    # 8 产出指标 (2 each of 数量, 质量, 时效, 成本), 效益指标 (社会, 可持续) and one 满意度指标.
    assert [r.level1_span for r in rows] == [8, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1]
    assert [r.level2_span for r in rows] == [2, 0, 2, 0, 2, 0, 2, 0, 1, 1, 1]


def test_project_view_links_the_projects_before_and_after_it_in_the_record(seeds):
    record, department, _, audit = _inputs(*seeds, 2024, "xx-swbgs")
    first = project_view(record, 0, department, audit, ONLINE, (), True, ())
    second = project_view(record, 1, department, audit, ONLINE, (), True, ())
    p = record.projects
    assert first.siblings == (None, (p[1].name, project_path("xx-swbgs", 2024, p[1].code)))
    assert second.siblings == ((p[0].name, project_path("xx-swbgs", 2024, p[0].code)),
                               (p[2].name, project_path("xx-swbgs", 2024, p[2].code)))


def test_record_view_gives_no_findings_counts_when_findings_are_not_published(seeds):
    record, department, region, audit = _inputs(*seeds, 2024, "xx-swbgs")
    hidden = department_year_view(record, department, region, audit, ONLINE, (), False, (), (None, None))
    shown = department_year_view(record, department, region, audit, ONLINE, (), True, (), (None, None))
    assert hidden.findings_count is None and {row.check.findings for row in hidden.rows} == {None}
    assert shown.findings_count == audit.count > 0
    assert [row.check.findings for row in shown.rows] == [len(audit.for_project(p)) for p in record.projects]


def test_withdrawn_record_view_keeps_its_history_and_says_it_is_withdrawn(seeds):
    record, department, region, _ = _inputs(*seeds, 2021, "yzq-dqfwzx")
    withdrawal = Revision(dt.datetime(2026, 11, 27, 10, tzinfo=dt.timezone.utc), RevisionKind.WITHDRAWN, "撤回2021年度")
    history = PageHistory(dt.date(2026, 11, 23), dt.date(2026, 11, 27), revisions=(withdrawal,), withdrawn=withdrawal)
    view = withdrawn_department_year_view(record, department, region, history)
    assert view.revisions is history and view.gov.validity == "已撤回"
    assert (view.findings_count, view.downloads, view.originals, view.reading) == (None, (), (), ())
    assert {row.check for row in view.rows} == {None}


def test_withdrawn_project_view_is_recomputed_but_lists_no_findings_pager_or_other_years(seeds):
    record, department, region, _ = _inputs(*seeds, 2024, "xx-swbgs")
    content, _ = seeds
    view = withdrawn_project_view(record, record.projects[0], department, unaudited(resolve_rules(content.settings, region)), ONLINE)
    assert (view.findings, view.siblings, view.other_years) == (None, (None, None), ())
    assert view.summary.recheck.figures[0].computed == "96.37"  # 90 + 10 × 63.66%


def test_links_to_a_year_or_unit_without_live_records_become_text():
    paths = Paths(live_years=frozenset({2024}), live_units=frozenset({"xx-swbgs"}))
    assert (paths.year(2024), paths.year(2021)) == ("2024/index.md", None)
    assert (paths.department("xx-swbgs"), paths.department("yzq-dqfwzx")) == ("departments/xx-swbgs.md", None)
    assert Paths().year(2021) == "2021/index.md"


def test_overall_view_leaves_out_the_columns_no_indicator_fills(kinds):
    record, department, _, audit = _inputs(*kinds, 2023, "sl-czj")
    view = overall_view(record, department, audit, ONLINE, (), True)
    labels = [c.label for c in view.columns]
    assert "调整指标值" not in labels  # no indicator of this form has an adjusted target
    assert {"指标性质", "年初指标值", "全年完成值", "得分系数", "指标权重", "指标得分", "是否核心指标"} <= set(labels)
    first = record.overall.indicators[0]
    assert [view.cell(first, c) for c in view.columns if c.label in ("指标性质", "是否核心指标")] == ["≤", "否"]


def test_a_record_without_project_tables_adds_nothing_to_its_year(kinds):
    content, audit = kinds
    loaded = [l for l in content.records if l.record.year == 2023]
    rows = [record_summary(content.department(l.record), l.record,
                           record_audit(audit, l.record, resolve_rules(content.settings, content.region(content.department(l.record)))),
                           True) for l in loaded]
    view = year_view(2023, rows)
    coverage_only = _record(content, 2023, "sl-jyj").record
    assert record_totals(coverage_only).projects == 0
    assert view.totals == record_totals(_record(content, 2023, "sl-czj").record)
    assert view.overview.departments == 2


def test_a_records_pages_do_not_change_when_another_unit_publishes_another_year(tmp_path):
    import shutil

    from generator.site.pages import build_page_tree
    from tests.conftest import MINIMAL_RECORD

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    before = build_page_tree(load_content(content)).pages
    (content / "2023").mkdir()
    (content / "2023" / "yzq-dqfwzx.yml").write_text(MINIMAL_RECORD.replace("年度: 2021", "年度: 2023"), encoding="utf-8")
    after = build_page_tree(load_content(content)).pages
    ours = [path for path in before if path.startswith("2024/xx-swbgs/")]
    assert len(ours) == 6 and all(after[path] == before[path] for path in ours)
    # The other unit's 2021 page now links to its 2023 page: the change reaches only the pages it concerns.
    assert after["2021/yzq-dqfwzx/index.md"] != before["2021/yzq-dqfwzx/index.md"]


def test_a_rate_the_unit_left_blank_shows_the_sites_computation_said_to_be_the_sites(content_dir):
    content = load_content(content_dir)
    record, department, region, audit = _inputs(content, audit_content(content), 2021, "yzq-dqfwzx")
    assert record.projects[0].funds.total.rate == ""  # the minimal record prints no 执行率
    row = department_year_view(record, department, region, audit, ONLINE, (), True, (), (None, None)).rows[0]
    summary = project_view(record, 0, department, audit, ONLINE, (), True, ()).summary
    assert str(row.rate) == str(summary.stated_rate) == "95.00%（本站计算）"


def test_a_rate_the_unit_printed_is_shown_as_printed(seeds):
    record, department, region, audit = _inputs(*seeds, 2024, "xx-swbgs")
    rows = department_year_view(record, department, region, audit, ONLINE, (), True, (), (None, None)).rows
    assert [str(r.rate) for r in rows] == [p.funds.total.rate for p in record.projects]
    assert "98.9%" in [str(r.rate) for r in rows]


def test_record_view_lists_each_download_with_its_size_in_kilobytes(seeds):
    from generator.site.exports import Download

    record, department, region, audit = _inputs(*seeds, 2024, "xx-swbgs")
    files = (Download("2024/xx-swbgs/projects.csv", "CSV（项目）", b"x" * 1500), Download("2024/xx-swbgs/a.json", "JSON", b"{}"))
    view = department_year_view(record, department, region, audit, ONLINE, (), True, files, (None, None))
    assert [(d.label, d.path, d.kilobytes) for d in view.downloads] == [
        ("CSV（项目）", "2024/xx-swbgs/projects.csv", 1.5), ("JSON", "2024/xx-swbgs/a.json", 0.0)]


def test_the_reports_indicator_list_numbers_items_within_each_group_as_the_report_does(seeds):
    record, department, _, audit = _inputs(*seeds, 2024, "xx-swbgs")
    report = project_view(record, 0, department, audit, ONLINE, (), True, ()).report_indicators
    entries = report.entries
    assert [e.number for e in entries] == [1, 2, 1, 2, 1, 2, 1, 2, 1, 1, 1]
    assert [(i, e.level1_number, e.level1) for i, e in enumerate(entries) if e.level1] == [
        (0, "(一)", "产出指标"), (8, "(二)", "效益指标"), (10, "(三)", "满意度指标")]
    assert [e.level2_number for e in entries if e.level2] == [1, 2, 3, 4, 5, 6, 7]
    assert (report.total_score, report.grade) == (record.projects[0].total_score, record.projects[0].grade)
