"""The real corpus is what it claims to be: published documents with their address, none held out, and
expectations whose every value is printed in the document (so no expectation can be invented)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.real_corpus import (
    EXPECTED,
    HOLD_OUT_DOMAINS,
    KINDS,
    REAL,
    document_text,
    documents,
    expectation_path,
    expected_figures,
    expected_values,
    load_expectation,
    normalise,
    printed_text,
    source_address,
)

DOCUMENTS = documents()
TEXTS = [d for d in DOCUMENTS if d.suffix == ".txt"]
IDS = [d.name for d in DOCUMENTS]


def _host(address: str) -> str:
    return (urlsplit(address).hostname or "").lower()


@pytest.mark.parametrize("document", DOCUMENTS, ids=IDS)
def test_document_names_a_web_address_as_its_source(document):
    address = source_address(document)
    assert re.fullmatch(r"https?://\S+", address), f"{document.name}: line 1 must be the source address, found {address!r}"
    assert _host(address), address


@pytest.mark.parametrize("document", DOCUMENTS, ids=IDS)
def test_document_is_not_from_a_hold_out_domain(document):
    host = _host(source_address(document))
    held = [d for d in HOLD_OUT_DOMAINS if host == d or host.endswith("." + d)]
    assert not held, f"{document.name} comes from hold-out domain {held[0]}"


@pytest.mark.parametrize("document", TEXTS, ids=[d.name for d in TEXTS])
def test_text_document_is_utf8_with_a_cut_note_or_nothing_on_line_2(document):
    lines = document.read_bytes().decode("utf-8").split("\n")
    assert len(lines) > 3
    assert lines[1] == "" or lines[1].startswith("【整理说明】"), f"{document.name}: line 2 is {lines[1][:40]!r}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=IDS)
def test_expectations_parse_and_say_kind_province_and_source(document):
    expectation = load_expectation(document)
    assert expectation.get("kind") in KINDS, f"{document.name}: kind {expectation.get('kind')!r}"
    assert str(expectation.get("province", "")).strip(), f"{document.name}: no province"
    assert str(expectation.get("source", "")).strip() == source_address(document)
    assert expected_figures(expectation), f"{document.name}: the expectations list no figure"


@pytest.mark.parametrize("document", DOCUMENTS, ids=IDS)
def test_every_expected_value_is_printed_in_the_document(document):
    text = normalise(printed_text(document))
    absent = [f"{leaf.where()} = {leaf.value!r}" for leaf in expected_values(load_expectation(document))
              if normalise(leaf.value) not in text]
    assert not absent, f"{document.name}: expected values not in the document:\n" + "\n".join(absent)


@pytest.mark.parametrize("document", DOCUMENTS, ids=IDS)
def test_every_named_item_is_printed_in_the_document(document):
    """Project and indicator names identify items; they too must come from the document."""
    from tests.real_corpus import NAME_KEYS, leaves

    text = normalise(printed_text(document))
    absent = [f"{leaf.where()} = {leaf.value!r}" for leaf in leaves(load_expectation(document))
              if leaf.label in NAME_KEYS and normalise(leaf.value) not in text]
    assert not absent, f"{document.name}: names not in the document:\n" + "\n".join(absent)


def test_every_expectation_file_belongs_to_a_document():
    stems = {d.stem for d in DOCUMENTS}
    orphans = sorted(p.name for p in EXPECTED.glob("*.yml") if p.stem not in stems)
    assert not orphans, f"expectations without a document: {orphans}"


def test_every_document_has_an_expectation_file():
    missing = sorted(d.name for d in DOCUMENTS if not expectation_path(d).is_file())
    assert not missing, f"documents without expectations: {missing}"


def test_corpus_lives_where_the_readme_says():
    assert (REAL / "README.md").is_file()


def test_readme_table_lists_every_document_as_its_expectations_say():
    from tests.real_corpus import TABLE_END, TABLE_START, corpus_table

    readme = (REAL / "README.md").read_text(encoding="utf-8")
    table = readme.split(TABLE_START, 1)[1].split(TABLE_END, 1)[0].strip()
    assert table == corpus_table(), "README table is stale: regenerate it with `python -m tests.real_corpus`"


def test_corpus_holds_24_texts_from_9_provinces_in_every_kind():
    expectations = [load_expectation(d) for d in TEXTS]
    provinces = {e["province"] for e in expectations}
    kinds = {e["kind"] for e in expectations}
    assert len(TEXTS) >= 24, len(TEXTS)
    assert len(provinces) >= 9, sorted(provinces)
    assert kinds == set(KINDS), sorted(set(KINDS) - kinds)


def test_office_files_are_what_build_py_makes(tmp_path):
    """The committed .xlsx/.docx are reproducible: build.py gives the same bytes (no hidden hand edits)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus_office_build", REAL / "office" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build(tmp_path)
    assert len(built) >= 4
    for path in built:
        assert path.read_bytes() == (REAL / "office" / path.name).read_bytes(), f"{path.name} differs from a rebuild"


@pytest.mark.parametrize("document", [d for d in DOCUMENTS if d.suffix != ".txt"], ids=lambda d: d.name)
def test_office_file_names_the_real_document_it_reproduces(document):
    expectation = load_expectation(document)
    original = REAL / str(expectation.get("reproduces", ""))
    assert original.suffix == ".txt" and original.is_file(), expectation.get("reproduces")
    assert source_address(original) == expectation["source"]


@pytest.mark.parametrize("document", [d for d in TEXTS if load_expectation(d).get("ocr")], ids=lambda d: d.name)
def test_ocr_text_names_its_original_and_how_it_was_made(document):
    expectation = load_expectation(document)
    original = REAL / str(expectation.get("reproduces", ""))
    assert original.suffix == ".txt" and original.is_file(), expectation.get("reproduces")
    assert source_address(original) == source_address(document)
    note = document.read_text(encoding="utf-8").split("\n")[1]
    assert "OCR" in note and "dpi" in note and "Tesseract" in note, note


@pytest.mark.parametrize("document", [d for d in DOCUMENTS if d.suffix == ".tsv"], ids=lambda d: d.name)
def test_scan_is_tesseract_output_of_a_page_drawn_from_a_corpus_form(document):
    expectation = load_expectation(document)
    assert document.read_text(encoding="utf-8").startswith("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\t")
    assert (REAL / str(expectation.get("rendered_from", ""))).suffix == ".docx"
    assert (REAL / str(expectation["rendered_from"])).is_file(), expectation["rendered_from"]
    assert "Tesseract" in expectation.get("ocr", "") and "dpi" in expectation["ocr"] and "chi_sim" in expectation["ocr"]
