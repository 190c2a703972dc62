"""An acknowledgement tied to the figure it explains stops silencing its rule when the figure changes (issue 16)."""

from __future__ import annotations

import pytest

from generator.rules.audit import audit_content
from generator.records.loading import load_content
from tests.conftest import MINIMAL_RECORD

ACK = """\
    审核说明:
      - 规则: score-sum
        数值: 98
        整理说明: 原文如此，照原文公开。
"""


def _findings(content_dir, total: str):
    text = MINIMAL_RECORD.replace("    自评得分: 99.5\n", f"    自评得分: {total}\n").replace("    等级: 优\n", "    等级: 优\n" + ACK)
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(text, encoding="utf-8")
    return audit_content(load_content(content_dir)).findings


def test_the_acknowledged_figure_stays_explained(content_dir):
    [finding] = [f for f in _findings(content_dir, "98") if f.rule == "score-sum"]
    assert finding.acknowledged


@pytest.mark.parametrize("changed", ["-100", "1" + "0" * 14])
def test_a_changed_figure_reopens_the_finding_and_says_why(content_dir, changed):
    findings = _findings(content_dir, changed)
    [finding] = [f for f in findings if f.rule == "score-sum"]
    assert not finding.acknowledged
    [note] = [f for f in findings if f.rule == "unused-acknowledgement"]
    assert f"所说明的数值 98 已改为 {changed}" in note.message


def test_an_acknowledgement_without_its_figure_is_a_warning_that_names_the_figure(content_dir):
    untied = ACK.replace("        数值: 98\n", "")
    text = MINIMAL_RECORD.replace("    自评得分: 99.5\n", "    自评得分: 98\n").replace("    等级: 优\n", "    等级: 优\n" + untied)
    (content_dir / "2021" / "yzq-dqfwzx.yml").write_text(text, encoding="utf-8")
    findings = audit_content(load_content(content_dir)).findings
    [warning] = [f for f in findings if f.rule == "unbound-acknowledgement"]
    assert warning.severity.value == "警告"
    assert '请加一行 数值: "98"' in warning.message


def test_every_acknowledgement_in_content_names_its_figure():
    from pathlib import Path

    findings = audit_content(load_content(Path(__file__).resolve().parents[2] / "content")).findings
    assert [f for f in findings if f.acknowledged]
    assert not [f for f in findings if f.rule == "unbound-acknowledgement"]
