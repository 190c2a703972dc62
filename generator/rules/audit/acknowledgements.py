"""审核说明: which finding an explanation in the record answers, and the explanations that answer none.

An explanation names its rule (规则), optionally a field (字段) and the figure it explains (数值). It
silences the first finding of that rule at that field (or under it) whose stated figure is the 数值;
a changed figure reopens the finding. An explanation that answers nothing, or one without its 数值,
is reported itself.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Collection, Iterator

from generator.records.model import Acknowledgement, DepartmentYear, Project
from generator.records.problems import FieldPath, Severity, format_field_path
from generator.rules.audit.findings import Finding

if TYPE_CHECKING:
    from generator.records.loading import LoadedRecord


def _same_value(written: str, stated: str) -> bool:
    try:
        return Decimal(written.strip().rstrip("%")) == Decimal(stated.strip().rstrip("%"))
    except (ArithmeticError, ValueError):
        return written.strip() == stated.strip()


def match_acknowledgement(record: DepartmentYear, project_index: int | None, rule_id: str, path: FieldPath, used: dict,
                          stated: str | None = None, stale: dict | None = None) -> Acknowledgement | None:
    candidates: list[tuple[FieldPath, list[Acknowledgement], str]] = [((), record.acknowledgements, format_field_path(path))]
    if project_index is not None:
        prefix = ("项目", project_index)
        candidates.insert(0, (prefix, record.projects[project_index].acknowledgements, format_field_path(path[2:])))
    for owner, acks, text in candidates:
        for k, ack in enumerate(acks):
            wanted = ack.field.strip().replace("．", ".")
            if ack.rule.strip() == rule_id and (not wanted or text == wanted or text.startswith(wanted + ".") or text.startswith(wanted + "[")):
                if ack.value.strip() and stated is not None and not _same_value(ack.value, stated):
                    # Tied to the figure it explains: a changed figure reopens the finding (issue 16).
                    if stale is not None:
                        stale[(owner, k)] = stated
                    continue
                used[(owner, k)] = stated
                return ack
    return None


def unused_acknowledgements(loaded: "LoadedRecord", used: dict, stale: dict | None = None,
                            rule_ids: Collection[str] = ()) -> Iterator[Finding]:
    """An explanation that matches no finding is most often a typo in its 规则 or 字段: say so. One that explains a
    figure without naming it (数值) would go on silencing its finding after the figure changed: ask for the figure."""
    record = loaded.record
    owners: list[tuple[FieldPath, Project | None, list[Acknowledgement]]] = [((), None, record.acknowledgements)]
    owners += [(("项目", i), p, p.acknowledgements) for i, p in enumerate(record.projects)]
    for owner, project, acks in owners:
        for k, ack in enumerate(acks):
            if (owner, k) in used:
                stated = used[(owner, k)]
                if stated is not None and not ack.value.strip():
                    line, column = loaded.position(owner + ("审核说明", k, "规则"))
                    yield Finding(
                        rule="unbound-acknowledgement", severity=Severity.WARNING, title="审核说明没有写所说明的数值",
                        message=(f"审核说明（规则“{ack.rule}”）没有写“数值”：请加一行 数值: \"{stated}\"。"
                                 "写明后，这个数字一旦改动，说明即不再适用，审核提示会重新出现。"),
                        file=loaded.path, line=line, column=column, field=owner + ("审核说明", k, "数值"),
                        department=record.department, year=record.year,
                        project=project.code if project else None, project_name=project.name if project else "",
                    )
                continue
            path = owner + ("审核说明", k, "规则")
            known = ack.rule.strip() in rule_ids
            if stale and (owner, k) in stale:
                message = (f"审核说明（规则“{ack.rule}”）所说明的数值 {ack.value} 已改为 {stale[(owner, k)]}，说明不再适用，"
                           "审核提示重新出现。请核对后更新“数值”和说明。")
                line, column = loaded.position(owner + ("审核说明", k, "数值"))
                yield Finding(
                    rule="unused-acknowledgement", severity=Severity.INFO, title="审核说明所说明的数值已改动", message=message,
                    file=loaded.path, line=line, column=column, field=owner + ("审核说明", k, "数值"), department=record.department,
                    year=record.year, project=project.code if project else None, project_name=project.name if project else "",
                )
                continue
            message = (
                f"审核说明（规则“{ack.rule}”{'，字段“' + ack.field + '”' if ack.field else ''}）没有对应的审核提示："
                + ("该字段没有这一规则的提示，请核对“字段”的写法，如 绩效指标[3].得分。" if known else f"没有编号为“{ack.rule}”的审核规则。")
            )
            line, column = loaded.position(path)
            yield Finding(
                rule="unused-acknowledgement", severity=Severity.INFO, title="审核说明没有对应的提示", message=message,
                file=loaded.path, line=line, column=column, field=path, department=record.department, year=record.year,
                project=project.code if project else None, project_name=project.name if project else "",
            )
