"""How the pages are split into search shards: to be merged, a unit's pages of one year (or of no year); merged in the
browser, whole years, newest first, as few shards as fit."""

from __future__ import annotations

from pathlib import Path

from generator.search.search_index import plan_shards


def pages(year: str, count: int) -> list[Path]:
    return [Path(year) / f"d{i:03d}" / "index.html" for i in range(count)]


def test_a_site_that_fits_one_process_keeps_one_index():
    site = pages("2024", 10) + pages("2023", 10) + [Path("departments/d000/index.html")]
    shards = plan_shards(site, max_pages=100)
    assert [s.name for s in shards] == [""] and len(shards[0].pages) == 21


def test_years_are_packed_newest_first_and_never_split():
    site = pages("2024", 40) + pages("2023", 40) + pages("2022", 40) + pages("2021", 40)
    shards = plan_shards(site + [Path("departments/d000/index.html")], max_pages=90)
    assert [s.name for s in shards] == ["", "2022-2021"]
    assert {p.parts[0] for p in shards[0].pages} == {"2024", "2023", "departments"}
    assert {p.parts[0] for p in shards[1].pages} == {"2022", "2021"}
    assert sum(len(s.pages) for s in shards) == len(site) + 1


def test_a_year_larger_than_the_limit_is_a_shard_of_its_own():
    shards = plan_shards(pages("2024", 5) + pages("2023", 50) + pages("2022", 5), max_pages=10)
    assert [s.name for s in shards] == ["", "2023", "2022"]
    assert [len(s.pages) for s in shards] == [5, 50, 5]


def unit(year: str, name: str, projects: int) -> list[Path]:
    return [Path(year) / name / "index.html"] + [Path(year) / name / f"p{i:02d}" / "index.html" for i in range(projects)]


def test_shards_to_be_merged_are_a_units_pages_of_one_year_after_the_pages_of_no_year():
    # A corrected figure then re-indexes the dozen pages of its unit's year, not the whole year.
    site = unit("2024", "d001", 3) + unit("2024", "d000", 2) + unit("2023", "d000", 4) \
        + [Path("departments/d000/index.html"), Path("departments/d001/index.html")]
    shards = plan_shards(site, max_pages=2, pack=False)
    assert [s.name for s in shards] == ["departments/d000", "departments/d001", "2024/d000", "2024/d001", "2023/d000"]
    assert [len(s.pages) for s in shards] == [1, 1, 3, 4, 5]
    assert shards[2].pages == tuple(sorted(unit("2024", "d000", 2)))


def test_a_units_pages_stay_in_their_shard_when_other_records_are_added():
    before = plan_shards(unit("2024", "d005", 10) + unit("2023", "d005", 10), pack=False)
    after = plan_shards(unit("2024", "d005", 10) + unit("2023", "d005", 10) + unit("2024", "d004", 10)
                        + unit("2025", "d001", 3) + [Path("departments/d004/index.html")], pack=False)
    assert [s for s in after if s.name.endswith("d005")] == before
