"""Where on a page a finding of the site's checks is about, in the form's own words, with the id of that place."""

from __future__ import annotations

from dataclasses import dataclass

from generator.records.model import DepartmentOverall, DepartmentYear, Project
from generator.rules.audit import OVERALL, Finding

FUND_ROW_ANCHORS = {"年度资金总额": "zj-1", "当年财政拨款": "zj-2", "上年结转资金": "zj-3", "其他资金": "zj-4"}
FORM_ANCHOR = "zpb"  # the 自评表 as a whole
TOTAL_ANCHOR = "zf"  # its 总分 row
GOAL_ANCHOR = "mb"  # its 年度总体目标 rows
ANALYSIS_ANCHOR = "fx"  # its 自评结果分析 rows
SUMMARY_ANCHOR = "zs"  # the 自评综述
OVERVIEW_ANCHOR = "gk"  # the 整理说明 and 项目概况 at the top of the page
OVERALL_FUNDS_ANCHOR = "ys"  # the 部门整体 form's budget block


def section_anchor(numbers: tuple[int, ...]) -> str:
    """The id of a report section on the project page: bg-2-1 is the first subsection of the second section."""
    return "bg-" + "-".join(str(n + 1) for n in numbers)


@dataclass(frozen=True, slots=True)
class Place:
    """Where on the page a finding is about: in the form's own words, and the id of that place (or "")."""

    words: str
    anchor: str
    project: str | None = None  # the code of the project whose page the place is on; None for the record's own pages
    overall: bool = False  # on the 部门整体支出绩效自评 page


@dataclass(frozen=True, slots=True)
class PlacedFinding:
    """A finding as a page lists it: the finding (severity, message, explanations) and its place."""

    finding: Finding
    place: Place

    def __iter__(self):  # templates unpack `for f, where in findings`
        return iter((self.finding, self.place))


def finding_place(finding: Finding, project: Project | None, overall: DepartmentOverall | None = None) -> Place:
    """A finding's field as a reader finds it on the page: 绩效指标第3项“办公家具(个)”的得分, the report section
    by its own title, not 项目[1].绩效指标[3].得分 or 自评报告第1节 · 子节第2小节 · 正文."""
    field = finding.field
    if field[:1] == (OVERALL,):
        return _overall_place(field[1:], overall)
    in_project = field[:1] == ("项目",) and len(field) > 1 and isinstance(field[1], int)
    if in_project and project is None:
        return Place(f"第{field[1] + 1}个项目", "")
    place = _place(field[2:] if in_project else field, project)
    on_project = project is not None and (in_project or finding.project is not None)
    return Place(place.words, place.anchor, project.code if on_project else None)


def placed(findings: list[Finding], record: DepartmentYear, project: Project | None = None,
           on_overall: bool = False) -> tuple[PlacedFinding, ...]:
    """Findings of one page with their places: a project page's (project given), the 部门整体 page's
    (on_overall), or the findings page's, where each finding is placed on the page it is about."""
    if project is not None:
        return tuple(PlacedFinding(f, finding_place(f, project)) for f in findings)
    if on_overall:
        return tuple(PlacedFinding(f, finding_place(f, None, record.overall)) for f in findings)
    return tuple(PlacedFinding(f, finding_place(f, project_of(record, f), record.overall)) for f in findings)


def project_of(record: DepartmentYear, finding: Finding) -> Project | None:
    """The project a finding is about, also for record-level rules whose field starts with 项目[i]."""
    if finding.project is not None:
        return next((p for p in record.projects if p.code == finding.project), None)
    field = finding.field
    if field[:1] == ("项目",) and len(field) > 1 and isinstance(field[1], int) and field[1] < len(record.projects):
        return record.projects[field[1]]
    return None


def _place(path, project: Project | None) -> Place:
    head = path[0] if path else ""
    if project is not None and head == "绩效指标":
        if len(path) >= 2 and isinstance(path[1], int) and path[1] < len(project.indicators):
            indicator = project.indicators[path[1]]
            name = indicator.display_name or "（未填写名称）"
            what = f"的{path[2]}" if len(path) > 2 and path[2] != "三级指标" else ""
            return Place(f"绩效指标第{path[1] + 1}项“{name}”{what}", f"zb-{path[1] + 1}")
        return Place("绩效指标", FORM_ANCHOR)
    if head == "项目资金":
        row = path[1] if len(path) > 1 else "年度资金总额"
        column = f"的{path[2]}" if len(path) > 2 else ""
        return Place(f"项目资金“{row}”{column}", FUND_ROW_ANCHORS.get(str(row), FORM_ANCHOR))
    if head in ("自评得分", "等级"):
        return Place(str(head), TOTAL_ANCHOR)
    if head == "年度总体目标":
        return Place("年度总体目标" + (f"“{path[1]}”" if len(path) > 1 else ""), GOAL_ANCHOR)
    if head == "自评结果分析":
        return Place("自评结果分析" + (f"“{path[1]}”" if len(path) > 1 else ""), ANALYSIS_ANCHOR)
    if head == "自评综述":
        return Place("自评综述", SUMMARY_ANCHOR)
    if head in ("项目概况", "整理说明"):
        return Place(str(head), OVERVIEW_ANCHOR)
    if project is not None and head == "自评报告":
        sections, numbers, titles = project.report, [], []
        rest = list(path[1:])
        while rest and isinstance(rest[0], int) and rest[0] < len(sections):
            section = sections[rest[0]]
            numbers.append(rest[0])
            titles.append(section.title.strip() or "（无标题）")
            rest = rest[1:]
            if rest and rest[0] == "子节":
                sections, rest = section.subsections, rest[1:]
            else:
                break
        if titles:
            return Place("绩效自评报告“" + "”下“".join(titles) + "”", section_anchor(tuple(numbers)))
        return Place("绩效自评报告", "")
    words: list[str] = []
    for i, part in enumerate(path):
        if isinstance(part, int):
            words[-1:] = [f"{words[-1] if words else ''}第{part + 1}项"]
        else:
            words.append(part)
    return Place(" · ".join(words) or "整份记录", "")


def _overall_place(path, overall: DepartmentOverall | None) -> Place:
    head = path[0] if path else ""
    where = "部门整体支出绩效自评表"
    if head == "绩效指标" and len(path) >= 2 and isinstance(path[1], int):
        indicators = overall.indicators if overall is not None else []
        name = f"“{indicators[path[1]].display_name}”" if path[1] < len(indicators) else ""
        what = f"的{path[2]}" if len(path) > 2 and path[2] != "三级指标" else ""
        return Place(f"{where}绩效指标第{path[1] + 1}项{name}{what}", f"zb-{path[1] + 1}", overall=True)
    if head == "年度预算执行情况":
        rest = "".join(f"第{part + 1}项" if isinstance(part, int) else f"“{part}”" for part in path[1:])
        return Place(f"{where}年度预算执行情况{rest}", OVERALL_FUNDS_ANCHOR, overall=True)
    if head in ("自评得分", "等级"):
        return Place(f"{where}{head}", TOTAL_ANCHOR, overall=True)
    if head == "年度总体目标":
        return Place(f"{where}年度总体目标", GOAL_ANCHOR, overall=True)
    rest = _place(path, None)
    return Place(f"{where} · {rest.words}" if path else where, "", overall=True)
