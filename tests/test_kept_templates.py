"""A correction compiles no template an earlier build compiled: the page templates and the theme's are kept in the
build cache (generator/site/rendering.py KeptTemplates), and the pages are those of a full build."""

from __future__ import annotations

from pathlib import Path

import jinja2

from tests.conftest import correct_executed
from tests.sitebuild import build


def _files(site: Path) -> dict[Path, bytes]:
    return {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_correction_compiles_no_template_and_publishes_what_a_full_build_does(small_city, tmp_path, monkeypatch):
    content = small_city
    cache = tmp_path / "cache"
    assert build(content, tmp_path / "first", cache_dir=cache) == 0
    new = correct_executed(content)
    compiled: list[str | None] = []
    compile_template = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_template(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    assert build(content, tmp_path / "cached", cache_dir=cache, allow_errors=True) == 0
    monkeypatch.undo()
    assert compiled == []
    assert (tmp_path / "cache" / "templates").is_dir()
    assert new in (tmp_path / "cached" / "2024" / "d000" / "p00" / "index.html").read_text(encoding="utf-8")
    assert build(content, tmp_path / "full", allow_errors=True) == 0
    assert _files(tmp_path / "cached") == _files(tmp_path / "full")
