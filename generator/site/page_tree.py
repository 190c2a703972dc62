"""The engine-neutral result of the generator: pages by path, and the navigation over them.

Any static-site engine can build this tree; MkDocs is one adapter (generator/engines/mkdocs).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.hashing import digest


@dataclass(frozen=True)
class Page:
    path: str  # POSIX path of the Markdown file, e.g. "2024/xx-swbgs/huiyi-jingfei.md"
    title: str  # plain text; adapters escape it for their templates
    body: str  # Markdown, every record string already escaped
    meta: dict[str, object] = field(default_factory=dict)  # plain text values for <meta> and the like
    # A hash of the page's Markdown (markdown(): title, meta and body), when the generator kept it (kept_pages.py):
    # an engine may take the page's output from an earlier build by the key alone, without reading the body
    # (KeptPage). None: not known; hash markdown() instead.
    key: str | None = field(default=None, compare=False)

    def front_matter(self) -> dict[str, object]:
        """What a reader of the Markdown's front matter gets: the title (escaped, as the theme prints it raw) and
        the meta, through JSON as written (tests/test_kept_pages.py checks it against MkDocs' YAML reading)."""
        from generator.site.escaping import attribute

        return json.loads(json.dumps({"title": attribute(self.title), **self.meta}, ensure_ascii=False))

    def markdown_key(self) -> str:
        """A hash of markdown(): the key kept with the page, else made from its Markdown."""
        return self.key if self.key is not None else digest(self.markdown())

    def markdown(self) -> str:
        """The page as one Markdown file with front matter. JSON is valid YAML and needs no quoting rules."""
        from generator.site.escaping import attribute

        front = {"title": attribute(self.title), **self.meta}
        header = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items())
        return f"---\n{header}\n---\n\n{self.body}"


class KeptPage(Page):
    """A page an earlier build made from the same inputs (its key): its body is read only when asked for. A city's
    correction hands 9,000 pages to the engine, which takes nearly all of them from its own cache by their keys:
    reading every body back (and hashing it) was a tenth of the correction and 150 MB."""

    def __init__(self, path: str, title: str, meta: dict[str, object], key: str, read: Callable[[], str],
                 front: dict[str, object] | None = None):
        for name, value in (("path", path), ("title", title), ("meta", meta), ("key", key), ("_read", read),
                            ("_front", front)):
            object.__setattr__(self, name, value)

    def front_matter(self) -> dict[str, object]:
        # Kept with the page (kept_pages.py): escaping and the JSON round trip were a tenth of handing a city's
        # 9,000 pages to the engine.
        return self._front if self._front is not None else super().front_matter()

    @property
    def body(self) -> str:  # type: ignore[override]
        if "_body" not in self.__dict__:
            object.__setattr__(self, "_body", self._read())
        return self.__dict__["_body"]


class KeptFile:
    """A published file an earlier build made from the same inputs: its key (file_key) and size known, its bytes read
    only when asked. A correction hands a city's 23,000 data files to the engine, which links them by their keys."""

    __slots__ = ("key", "size", "_read")

    def __init__(self, key: str, size: int, read: Callable[[], bytes]):
        self.key, self.size, self._read = key, size, read

    def __len__(self) -> int:
        return self.size

    def read(self) -> bytes:
        return self._read()


def file_bytes(data: bytes | KeptFile) -> bytes:
    return data.read() if isinstance(data, KeptFile) else data


@dataclass(frozen=True)
class NavItem:
    title: str
    path: str | None = None
    children: tuple["NavItem", ...] = ()


@dataclass
class PageTree:
    pages: dict[str, Page] = field(default_factory=dict)
    nav: list[NavItem] = field(default_factory=list)
    # Files published as they are beside the pages (data downloads, feeds), by path; file_bytes gives their bytes.
    files: dict[str, bytes | KeptFile] = field(default_factory=dict)
    # The file_key (generator/hashing.py) of files whose maker kept it, by path: an engine keeping files by it
    # need not hash them again.
    keys: dict[str, str] = field(default_factory=dict)
    # Files no page links to (the API's documents of each record, which programs read by their fixed addresses and
    # other documents point to): an engine that checks pages' links need not be told of them.
    unlinked: set[str] = field(default_factory=set)

    def add_file(self, path: str, data: bytes | KeptFile, key: str | None = None, linked: bool = True) -> None:
        if path in self.files or path in self.pages:
            raise ValueError(f"文件路径冲突：{path}")
        self.files[path] = data
        key = data.key if isinstance(data, KeptFile) else key
        if key is not None:
            self.keys[path] = key
        if not linked:
            self.unlinked.add(path)

    def add(self, page: Page) -> Page:
        if page.path in self.pages:
            # Two records that map to one URL would silently overwrite each other on the site.
            raise ValueError(f"页面路径冲突：{page.path}")
        self.pages[page.path] = page
        return page
