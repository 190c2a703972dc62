"""The records' API documents, which no page links to, reach a cached build's site without MkDocs being told of them
(generator/engines/mkdocs/page_cache.py place_unlinked): the site is the one a full build publishes."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import Files

from tests.conftest import correct_executed
from tests.sitebuild import build

DOCUMENTS = ("api/v1/2024/d000.json", "api/v1/2024/d000/p00.json", "api/v1/2023/d001/p01.json")


def _files(site: Path) -> dict[Path, bytes]:
    return {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_cached_build_places_the_records_api_documents_without_mkdocs_and_publishes_a_full_builds_site(
        small_city, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    assert build(small_city, tmp_path / "first", cache_dir=cache) == 0
    new = correct_executed(small_city)
    told: list[str] = []
    append = Files.append

    def telling(self, file):
        told.append(file.src_uri)
        return append(self, file)

    monkeypatch.setattr(Files, "append", telling)
    assert build(small_city, tmp_path / "cached", cache_dir=cache, allow_errors=True) == 0
    monkeypatch.undo()
    assert told and not set(DOCUMENTS) & set(told)
    assert "api/v1/2024/index.json" in told  # the API's page links the years' indexes: MkDocs checks those links
    assert new in (tmp_path / "cached" / "api" / "v1" / "2024" / "d000" / "p00.json").read_text(encoding="utf-8")
    assert build(small_city, tmp_path / "full", allow_errors=True) == 0
    assert _files(tmp_path / "cached") == _files(tmp_path / "full")
