"""Site settings (content/site.yml): who publishes, and what government-site marks the pages carry."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from generator.records.model import Record, Text, _text
from generator.records.scoring_settings import ScoringRules

# Only a hex colour: the value is printed into a <style> element, where anything looser (a ";", a "}",
# "url(") would let site.yml inject CSS.
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_HOST = re.compile(r"(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+")


def _luminance(colour: str) -> float:
    digits = colour[1:] if len(colour) == 7 else "".join(c * 2 for c in colour[1:])
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _colour(value: Any) -> str:
    text = _text(value).strip()
    if not _COLOUR.fullmatch(text):
        raise PydanticCustomError(
            "zh_colour", "主色“{found}”不合规：请写成十六进制颜色，例如 #1d4f91（加引号）", {"found": text}
        )
    # The header prints white text on this colour; GB/T 37668 asks for a contrast of at least 4.5:1.
    contrast = 1.05 / (_luminance(text) + 0.05)
    if contrast < 4.5:
        raise PydanticCustomError(
            "zh_colour_contrast",
            "主色“{found}”太浅：页眉白色文字与它的对比度只有 {ratio}:1，无障碍要求至少 4.5:1。请选用更深的颜色",
            {"found": text, "ratio": f"{contrast:.1f}"},
        )
    return text.lower()


def _host(value: Any) -> str:
    text = _text(value).strip().lower()
    if not _HOST.fullmatch(text):
        raise PydanticCustomError(
            "zh_host", "“{found}”不是网站域名：只写域名，例如 www.gov.cn，不写 http:// 和路径", {"found": text}
        )
    return text


_SITE_URL = re.compile(r"https?://[a-z0-9.-]+(?::\d{1,5})?(?:/[A-Za-z0-9._~%/-]*)?/")


def _site_url(value: Any) -> str:
    text = _text(value).strip()
    if text and not text.endswith("/"):
        text += "/"
    if text and not _SITE_URL.fullmatch(text):
        raise PydanticCustomError(
            "zh_site_url",
            "网站地址“{found}”不合规：请写本站首页的完整网址，例如 https://www.example.gov.cn/caizheng/jixiao/",
            {"found": text},
        )
    return text


_WITHDRAWN_ENTRY = re.compile(r"([0-9]{4})/([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)")


def _withdrawn_entry(value: Any) -> str:
    """年度/单位编码 of a withdrawn record, e.g. 2021/yzq-dqfwzx: never a path (it names pages, not files)."""
    text = _text(value).strip()
    if not _WITHDRAWN_ENTRY.fullmatch(text):
        raise PydanticCustomError(
            "zh_withdrawn_entry",
            "“{found}”应写成“年度/单位编码”，如 2021/yzq-dqfwzx（四位年度，单位编码为小写英文字母、数字和连字符）",
            {"found": text},
        )
    return text


Colour = Annotated[str, BeforeValidator(_colour)]
SiteUrl = Annotated[str, BeforeValidator(_site_url)]
Host = Annotated[str, BeforeValidator(_host)]
WithdrawnEntry = Annotated[str, BeforeValidator(_withdrawn_entry)]


class SiteSettings(Record):
    site_name: Text = Field("决算公开绩效情况说明", alias="网站名称")
    description: Text = Field("", alias="网站说明")
    publisher: Text = Field("", alias="主办单位", description="页脚“主办单位”")
    domain: Text = Field("", alias="网站域名", description="政府网站元数据 SiteDomain")
    site_url: SiteUrl = Field(
        "", alias="网站地址",
        description="本站首页的完整网址，如 https://www.example.gov.cn/caizheng/jixiao/；填写后生成 sitemap.xml、规范链接（canonical）和订阅源的完整链接",
    )
    site_id_code: Text = Field("", alias="网站标识码", description="政府网站元数据 SiteIDCode 与页脚网站标识码")
    icp: Text = Field("", alias="ICP备案号")
    police_record: Text = Field("", alias="公安备案号")
    primary_colour: Colour = Field("#1d4f91", alias="主色", description="页眉和标题的颜色，六位十六进制，如 #1d4f91")
    header_note: Text = Field("", alias="页眉说明", description="页眉网站名称下的一行字，如“××市财政局 主办”")
    keywords: list[Text] = Field(default_factory=list, alias="关键词", description="政府网站元数据 Keywords 的全站部分")
    external_hosts: list[Host] = Field(
        default_factory=list, alias="外部链接白名单", description="页面上允许链接的外部网站域名；不在此列的外部链接会使生成失败"
    )
    withdrawn_hidden: list[WithdrawnEntry] = Field(
        default_factory=list, alias="撤回后不再显示",
        description="已从 content/ 删除、且不再保留撤回页面的记录，每项写“年度/单位编码”，如 2021/yzq-dqfwzx；不写则撤回的记录仍以撤回说明保留在原网址",
    )
    public_findings: bool = Field(
        True, alias="公开核查结果",
        description="是否在网站上公开数据核查结果（核查结果页和各页的“数据核查”框）；false 时不公开，但 jixiao check 仍报告全部问题，复核得分和评分方法说明照常显示",
    )
    scoring: ScoringRules = Field(
        default_factory=ScoringRules, alias="评分规则",
        description="分值、执行率得分、定性指标档次、等级划分等；不写则按全国规则（财预〔2020〕10号）",
    )
