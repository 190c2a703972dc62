"""The site frame: what every page may print about the site itself, the same on every page.

Made once from the site settings. Templates receive it as `site` beside the page's own view (`page`).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.history.changes import PageHistory
from generator.records.model import Department, DepartmentYear
from generator.records.settings import SiteSettings
from generator.site.exports import Download
from generator.site.escaping import clean
from generator.site.paths import Paths


@dataclass(frozen=True, slots=True)
class DownloadLink:
    """A data file as a page lists it: what the link says, where the file is, its size."""

    label: str
    path: str
    kilobytes: float  # rounded to one decimal


def download_links(downloads: tuple[Download, ...] | list[Download]) -> tuple[DownloadLink, ...]:
    return tuple(DownloadLink(d.label, d.path, round(len(d.data) / 1024, 1)) for d in downloads)


def site_marks(settings: SiteSettings) -> dict[str, str]:
    """The site's marks for the header, footer and 政府网站 meta tags (plain text; the theme escapes)."""
    marks = {
        "name": settings.site_name, "domain": settings.domain, "id_code": settings.site_id_code,
        "publisher": settings.publisher, "header_note": settings.header_note, "icp": settings.icp,
        "police_record": settings.police_record, "colour": settings.primary_colour,
    }
    return {key: clean(value) for key, value in marks.items()}


@dataclass(frozen=True, slots=True)
class SiteFrame:
    name: str  # 网站名称
    description: str  # 网站说明
    public_findings: bool  # 公开核查结果: the findings page and each page's 数据核查 box are shown
    keywords: tuple[str, ...]  # the site's part of every page's Keywords
    marks: dict[str, str]  # site_marks(settings)
    paths: Paths

    def with_paths(self, paths: Paths) -> "SiteFrame":
        return SiteFrame(self.name, self.description, self.public_findings, self.keywords, self.marks, paths)

    def meta(self, column: str, article: str, department: Department | None = None,
             record: DepartmentYear | None = None, history: PageHistory | None = None) -> dict[str, object]:
        """Plain-text page facts for the government-site <meta> tags (国办发〔2017〕47号) and search."""
        meta: dict[str, object] = {"column": column, "article": article}
        keywords = list(self.keywords)
        if department is not None:
            meta["source"] = department.full_name
            keywords.append(department.full_name)
        if record is not None:
            meta["year"] = record.year
            keywords.append(f"{record.year}年度")
        # PubDate is when this site published the page (its 发布日期); the theme falls back to the build date.
        published = (history.first_published if history is not None else None) or (
            record.online or record.published if record is not None else None)
        if published is not None:
            meta["published"] = published.isoformat()
        meta["keywords"] = ",".join(dict.fromkeys(k for k in keywords if k))
        meta["description"] = "。".join(part for part in (article, self.description) if part)
        # Every page carries the site's marks, so the theme (which cannot read content/site.yml) can print
        # the header, the footer and the 政府网站 meta tags from the same settings the generator used.
        meta["site"] = self.marks

        # MkDocs parses front matter as YAML, which refuses C1 controls that a record's escaped YAML string
        # can carry; and the tags should say what the page shows. So every value is the cleaned visible text.
        def plain(value: object) -> object:
            if isinstance(value, dict):
                return {key: plain(item) for key, item in value.items()}
            return clean(value) if isinstance(value, str) else value

        return plain(meta)


def site_frame(settings: SiteSettings, paths: Paths | None = None) -> SiteFrame:
    return SiteFrame(settings.site_name, settings.description, settings.public_findings, tuple(settings.keywords),
                     site_marks(settings), paths or Paths())
