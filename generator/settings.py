"""Site settings (content/site.yml): who publishes, and what government-site marks the pages carry."""

from __future__ import annotations

from pydantic import Field

from .model import Record, Text
from .scoring_settings import ScoringRules


class SiteSettings(Record):
    site_name: Text = Field("决算公开绩效情况说明", alias="网站名称")
    description: Text = Field("", alias="网站说明")
    publisher: Text = Field("", alias="主办单位", description="页脚“主办单位”")
    domain: Text = Field("", alias="网站域名", description="政府网站元数据 SiteDomain")
    site_id_code: Text = Field("", alias="网站标识码", description="政府网站元数据 SiteIDCode 与页脚网站标识码")
    icp: Text = Field("", alias="ICP备案号")
    police_record: Text = Field("", alias="公安备案号")
    scoring: ScoringRules = Field(
        default_factory=ScoringRules, alias="评分规则",
        description="分值、执行率得分、定性指标档次、等级划分等；不写则按全国规则（财预〔2020〕10号）",
    )
