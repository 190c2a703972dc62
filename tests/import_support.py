"""Helpers for the importer tests: load what was imported the way the site loads it, and compare records."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from generator.records.loading import load_content
from generator.records.model import DepartmentYear

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
SEEDS = REPO / "tests" / "data" / "seeds"  # copies of shared/seeds: the tests read nothing outside the repository
SEED_REPORT = SEEDS / "000_a783c39345914c73.txt"
SEED_TABLE = SEEDS / "003_481b7927acb33bb2.txt"


def empty_content(tmp_path: Path) -> Path:
    """A content folder with the real registry and settings and no records."""
    root = tmp_path / "content"
    root.mkdir()
    shutil.copy(CONTENT / "departments.yml", root / "departments.yml")
    shutil.copy(CONTENT / "site.yml", root / "site.yml")
    return root


def import_one(tmp_path: Path, source: Path | str, year: int, write: bool = False):
    """One file (or a text, written to 自评表.txt) imported as a user would into an empty content folder, under the
    registry's last unit: (the imported record, the content folder)."""
    from generator.importers import import_files

    content = empty_content(tmp_path)
    code = re.findall(r"^\s+- 编码:\s*(\S+)", (content / "departments.yml").read_text(encoding="utf-8"), re.M)[-1]
    if isinstance(source, str):
        text, source = source, tmp_path / "自评表.txt"
        source.write_text(text, encoding="utf-8")
    result = import_files([source], content, department=code, year=year, write=write)
    assert not result.failures, result.failures
    return result.records[0], content


def loaded_record(content_dir: Path, department: str, year: int) -> DepartmentYear:
    """The record as the site loads it (reader, model, registry cross-checks): proof the import is publishable."""
    content = load_content(content_dir)
    return next(r.record for r in content.records if r.record.department == department and r.record.year == year)


# Not in any published document, so no importer can know them: the transcriber's notes, and what the
# publisher added later (审核说明 acknowledging audit findings, 更正说明).
_ADDED_AFTER_PUBLICATION = ("整理说明", "审核说明", "更正说明", "上线日期")


def comparable(record: DepartmentYear) -> dict:
    """A record's data minus project codes (the importer generates them) and what was added after publication."""
    data = record.model_dump(by_alias=True)
    for part in [data, *data["项目"]]:
        for key in _ADDED_AFTER_PUBLICATION:
            part.pop(key, None)
    for project in data["项目"]:
        del project["项目编码"]
    return data
