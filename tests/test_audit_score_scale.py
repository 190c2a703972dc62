"""A form that prints no 分值 for its indicators may score them out of 100 and count them at the marks the
execution rate leaves (湖北's 项目自评表: "年度绩效目标(80分)" beside "得分(20分*执行率)"; real case: corpus
hubei_qu_fuwumaoyi_2020, 100 = 20 + 100 × 80%). Its 总分 is not reported as a wrong sum; a 总分 that adds up
neither way still is, and so is the scaled sum where the form prints the weights."""

from __future__ import annotations

import re

from generator.records.loading import load_content
from generator.rules.audit import audit_content
from tests.test_audit_seeds import CLEAN_RECORD

# CLEAN_RECORD's indicators without their 分值: scores 20 + 10 + 10 + 10 + 30 + 10 = 90 out of 100, execution 9.5 of 10
UNWEIGHTED = re.sub(r", 分值: \d+", "", CLEAN_RECORD)


def _score_sum(content_dir, text: str) -> list[str]:
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(text, encoding="utf-8")
    return [f.message for f in audit_content(load_content(content_dir)).findings if f.rule == "score-sum"]


def test_a_total_counting_unweighted_indicator_scores_at_the_marks_left_is_not_a_wrong_sum(content_dir):
    # 9.5 + 90 × (100 − 10) / 100 = 90.5
    assert _score_sum(content_dir, UNWEIGHTED.replace("自评得分: 99.5", "自评得分: 90.5")) == []


def test_a_scaled_total_a_hundredth_off_is_rounding_not_a_wrong_sum(content_dir):
    assert _score_sum(content_dir, UNWEIGHTED.replace("自评得分: 99.5", "自评得分: 90.51")) == []


def test_a_total_that_adds_up_neither_way_is_still_a_wrong_sum(content_dir):
    assert _score_sum(content_dir, UNWEIGHTED.replace("自评得分: 99.5", "自评得分: 95")) == [
        "自评得分 95 分，但各项绩效指标得分之和 90 分加预算执行率得分 9.5 分为 99.5 分。"]


def test_the_scaled_reading_is_not_taken_where_the_form_prints_the_weights(content_dir):
    assert len(_score_sum(content_dir, CLEAN_RECORD.replace("自评得分: 99.5", "自评得分: 90.5"))) == 1
