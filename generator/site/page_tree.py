"""The engine-neutral result of the generator: pages by path, and the navigation over them.

Any static-site engine can build this tree; MkDocs is one adapter (generator/engines/mkdocs).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    path: str  # POSIX path of the Markdown file, e.g. "2024/xx-swbgs/huiyi-jingfei.md"
    title: str  # plain text; adapters escape it for their templates
    body: str  # Markdown, every record string already escaped
    meta: dict[str, object] = field(default_factory=dict)  # plain text values for <meta> and the like

    def front_matter(self) -> dict[str, object]:
        """What a reader of the Markdown's front matter gets: the title (escaped, as the theme prints it raw) and
        the meta, through JSON as written (tests/test_kept_pages.py checks it against MkDocs' YAML reading)."""
        from generator.site.escaping import attribute

        return json.loads(json.dumps({"title": attribute(self.title), **self.meta}, ensure_ascii=False))

    def markdown(self) -> str:
        """The page as one Markdown file with front matter. JSON is valid YAML and needs no quoting rules."""
        from generator.site.escaping import attribute

        front = {"title": attribute(self.title), **self.meta}
        header = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items())
        return f"---\n{header}\n---\n\n{self.body}"


@dataclass(frozen=True)
class NavItem:
    title: str
    path: str | None = None
    children: tuple["NavItem", ...] = ()


@dataclass
class PageTree:
    pages: dict[str, Page] = field(default_factory=dict)
    nav: list[NavItem] = field(default_factory=list)
    # Files published as they are beside the pages (data downloads, feeds), by path.
    files: dict[str, bytes] = field(default_factory=dict)

    def add_file(self, path: str, data: bytes) -> None:
        if path in self.files or path in self.pages:
            raise ValueError(f"文件路径冲突：{path}")
        self.files[path] = data

    def add(self, page: Page) -> Page:
        if page.path in self.pages:
            # Two records that map to one URL would silently overwrite each other on the site.
            raise ValueError(f"页面路径冲突：{page.path}")
        self.pages[page.path] = page
        return page
