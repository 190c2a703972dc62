"""The consistency audit: every check a publisher needs, as a table of small rules.

Published 自评 data is often internally inconsistent; the site publishes it as it is and tells the
publisher what does not add up, before a citizen or an auditor finds it. A rule is one function that
yields Hits; @rule(...) registers it in RULES with its stable id, severity and title. Findings report
the stated figure next to the computed one and never rewrite what was published.

A finding may be explained in the record (审核说明: 规则 / 字段 / 整理说明 by the publisher, 单位说明 in the
unit's own words); it then no longer blocks publishing but stays visible with the explanation, each voice labelled.

    engine.py            the @rule table, what rules look at, auditing a record and a site
    findings.py          Hit, Finding, AuditReport
    acknowledgements.py  which finding an 审核说明 explains; explanations that explain nothing
    reading.py           how rules read a record (indicator paths, placeholders, texts)
    scores.py, indicators.py, money.py, text.py, coverage.py, overall.py   the rules, by theme

Importing the package registers every rule.
"""

# The rule modules register their rules on import, in this order (the order of RULES).
from generator.rules.audit import scores, indicators, money, text, overall, coverage  # noqa: F401  isort: skip
from generator.rules.audit.engine import (RULES, OverallView, ProjectView, RecordView, Rule, audit_content, audit_into_cache,
                                         audit_record, not_kept, rule)
from generator.rules.audit.findings import OVERALL, AuditReport, Finding, Hit

__all__ = [
    "OVERALL", "RULES", "AuditReport", "Finding", "Hit", "OverallView", "ProjectView", "RecordView", "Rule",
    "audit_content", "audit_into_cache", "audit_record", "not_kept", "rule",
]
