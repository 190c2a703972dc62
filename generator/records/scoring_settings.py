"""Scoring rules as settings (content/site.yml, key 评分规则), with the national rules as defaults.

财预〔2020〕10号 says the weights "may be adjusted in special circumstances", and regions do adjust them
(some give 预算执行率 20 points), so nothing in scoring.py is a constant of the law: it all comes from here.
A region's overrides (评分规则.地区.<地区编码>) name only what differs from the site's rules.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Optional

from pydantic import Field, create_model, model_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from generator.records.model import Amount, Level1, Record, Text


class QualitativeBand(Record):
    """One band of a qualitative indicator's score, in percent of its weight (达成 80–100%)."""

    name: Text = Field(alias="档次", description="如：达成、部分达成、未达成")
    lowest: Amount = Field(alias="下限", description="占分值的百分比，含")
    highest: Amount = Field(alias="上限", description="占分值的百分比")


class GradeBand(Record):
    grade: Text = Field(alias="等级", description="优、良、中、差")
    minimum: Amount = Field(alias="最低分", description="总分不低于此分即为该等级")


def _national_qualitative_bands() -> list[QualitativeBand]:
    return [
        QualitativeBand(档次="达成", 下限=Decimal(80), 上限=Decimal(100)),
        QualitativeBand(档次="部分达成", 下限=Decimal(60), 上限=Decimal(80)),
        QualitativeBand(档次="未达成", 下限=Decimal(0), 上限=Decimal(60)),
    ]


def _national_grade_bands() -> list[GradeBand]:
    return [
        GradeBand(等级="优", 最低分=Decimal(90)),
        GradeBand(等级="良", 最低分=Decimal(80)),
        GradeBand(等级="中", 最低分=Decimal(60)),
        GradeBand(等级="差", 最低分=Decimal(0)),
    ]


class ScoringRules(Record):
    """The rules one region scores by. Defaults are the national rules of 财预〔2020〕10号."""

    full_marks: Amount = Field(Decimal(100), alias="满分")
    execution_weight: Amount = Field(Decimal(10), alias="预算执行率分值", description="自评表未写分值时按此计算")
    output_weight: Amount = Field(Decimal(50), alias="产出指标分值")
    benefit_weight: Amount = Field(Decimal(30), alias="效益指标分值")
    satisfaction_weight: Amount = Field(Decimal(10), alias="满意度指标分值")
    execution_floor: Amount = Field(
        Decimal(0), alias="执行率得分下限",
        description="执行率（%）低于此值时预算执行率得 0 分；全国规则为 0，即得分 = 分值 × min(执行率, 100%)",
    )
    qualitative_bands: list[QualitativeBand] = Field(default_factory=_national_qualitative_bands, alias="定性指标档次")
    grade_bands: list[GradeBand] = Field(default_factory=_national_grade_bands, alias="等级划分")
    far_above_target: Amount = Field(
        Decimal(50), alias="超出目标比例",
        description="实际完成值优于年度指标值超过此百分比（正向高出、反向低于）而未说明原因时提示：目标可能定得过低",
    )
    unit_cost_tolerance: Amount = Field(
        Decimal(10), alias="单位成本容差",
        description="单位成本 × 数量 超出全年执行数的百分比超过此值时提示",
    )
    deviation_rate: Amount = Field(
        Decimal(90), alias="须说明偏差的执行率",
        description="执行率（%）低于此值而偏差原因分析为空时提示（全国规则未规定，此为本站默认）",
    )
    regions: dict[str, "RegionalOverride"] = Field(
        default_factory=dict, alias="地区", description="地区编码 → 该地区与上面不同的规则（只写不同的几项）"
    )

    @model_validator(mode="after")
    def _regions_are_valid_overrides(self) -> "ScoringRules":
        for code in self.regions:
            rules = self.for_region(code)
            level_sum = rules.execution_weight + rules.output_weight + rules.benefit_weight + rules.satisfaction_weight
            if level_sum != rules.full_marks:
                raise PydanticCustomError(
                    "zh_weights", "地区“{code}”的评分规则中，预算执行率、产出、效益、满意度分值之和为 {sum}，应等于满分 {full}",
                    {"code": code, "sum": str(level_sum), "full": str(rules.full_marks)},
                )
        level_sum = self.execution_weight + self.output_weight + self.benefit_weight + self.satisfaction_weight
        if level_sum != self.full_marks:
            raise PydanticCustomError(
                "zh_weights", "评分规则中预算执行率、产出、效益、满意度分值之和为 {sum}，应等于满分 {full}",
                {"sum": str(level_sum), "full": str(self.full_marks)},
            )
        return self

    def for_region(self, region_code: str | None) -> "ScoringRules":
        """These rules with the region's overrides applied (the site's rules when the region has none)."""
        override = self.regions.get(region_code or "")
        if override is None:
            return self
        changes = {name: value for name, value in override if value is not None}
        return self.model_copy(update={**changes, "regions": {}})

    def level1_weight(self, level1: Level1) -> Decimal:
        return {Level1.OUTPUT: self.output_weight, Level1.BENEFIT: self.benefit_weight, Level1.SATISFACTION: self.satisfaction_weight}[level1]

    def band(self, name: str) -> QualitativeBand:
        return next(b for b in self.qualitative_bands if b.name == name)

    def grade_for(self, total: Decimal) -> str:
        for band in sorted(self.grade_bands, key=lambda b: b.minimum, reverse=True):
            if total >= band.minimum:
                return band.grade
        return sorted(self.grade_bands, key=lambda b: b.minimum)[0].grade


def _annotated(field: FieldInfo) -> Any:
    # FieldInfo keeps validators such as BeforeValidator(_number) apart from the type; put them back.
    return Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation


# A region's overrides: every field of ScoringRules except 地区, optional, same Chinese key.
RegionalOverride = create_model(  # type: ignore[call-overload]
    "RegionalOverride",
    __base__=Record,
    **{
        name: (Optional[_annotated(field)], Field(None, alias=field.alias, description=field.description))
        for name, field in ScoringRules.model_fields.items()
        if name != "regions"
    },
)

ScoringRules.model_rebuild()
