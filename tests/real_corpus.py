"""The real corpus under tests/data/real/: published documents as found, and what each one says.

Every document (tests/data/real/*.txt, and the Office files under office/) has an expectations file
tests/data/real/expected/<same name>.yml written from the document itself, in the form's own labels
(see tests/data/real/README.md). This module loads them and scores an imported record against them:
for every value the document prints, did it land in the field the form gives it?

How a value counts as placed, whatever the record's exact shape: the record is dumped with its Chinese
aliases (the project's convention: keys are the form's labels), and every value is read with the chain
of labels above it and the names of the list items it sits in (项目名称, 三级指标, …). An expected value
is placed when the record holds the same value (after width/space normalisation) under an equivalent
label (年初预算 = 年初预算数, 权重 = 分值, …, see LABELS), inside the same fund row (年度资金总额 =
总额 …) and the same named items. So the score does not depend on how deeply a model nests its fields,
only on whether each figure stands under the right label, in the right row, of the right project or
indicator. A value found only in 未归类内容 is "kept" (not lost) but not placed.

The importer engineer asserts, per document: score(expectation, record).share >= 0.9.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Iterator

from generator.records.yaml_reader import read_file

REAL = Path(__file__).resolve().parent / "data" / "real"
EXPECTED = REAL / "expected"
OFFICE = REAL / "office"
SCAN = REAL / "scan"  # Tesseract's TSV of page images drawn from office/ (see README.md, "Scans")

# Kept aside as an independent check of the importer and the audit (DEVELOPERS.md): never in the corpus.
HOLD_OUT_DOMAINS = (
    "jianghai.gov.cn", "xiping.gov.cn", "scqs.gov.cn", "chacewang.com",
    "anthempetcare.com", "yzwku.com", "hh.gov.cn", "dyxrmt.cn",
)

KINDS = ("项目支出绩效自评表", "部门整体支出绩效自评表", "绩效自评报告", "绩效情况说明（仅覆盖情况）")

# Keys that describe the document, not what it says: never scored, never looked up in the text.
METADATA = frozenset({"source", "province", "region", "unit", "year", "kind", "scope", "layout", "note", "reproduces", "ocr", "资金单位", "rendered_from"})
# rendered_from: a scan's page was drawn from this corpus Office file (tests/data/real/ocr_source/render.py).
# ocr: an OCR'd text or scan (engine, version, resolution); its values are written from the original it `reproduces`,
# so a figure the OCR garbled is still expected as the original prints it (and counts as missing if not placed).
# 资金单位: the unit the document prints its money in when it is not the record's 万元 ("元" for Yunnan's 公开14表,
# "项目资金(元)"); its amounts are expected in the record moved into 万元, digit for digit (no rounding).
_SHIFT = {"元": -4, "千元": -1, "万元": 0, "亿元": 4}
_AMOUNTS = frozenset({"年初预算数", "全年预算数", "全年执行数"})

# Keys whose value names a list item (a project, an indicator, an evaluated project): identity, not a figure.
NAME_KEYS = ("项目名称", "三级指标", "指标名称", "项目", "标题")

# Equivalent labels: regional variants and suffixes of one field of the form. The first spelling is the
# canonical one (today's model alias where it has one). Applied to both sides, so a model may use any of them.
LABELS: dict[str, tuple[str, ...]] = {
    "年初预算数": ("年初预算", "年初预算资金总额", "年初预算资金总额:"),
    "全年预算数": ("调整后预算数", "全年(调整)预算数", "全年（调整）预算数", "调整预算数", "预算数", "预算数(A)", "全年预算数(A)"),
    "全年执行数": ("预算执行数", "执行数", "执行数(B)", "全年执行数(B)", "实际投入资金额", "实际支出"),
    "执行率": ("预算执行率", "执行率(B/A)", "执行率(%)"),
    "分值": ("权重", "指标分值", "指标权重", "指标权重(分)", "执行率权重"),
    "得分": ("评分", "县级评分", "指标得分", "指标得分(分)", "执行率得分"),
    "年度指标值": ("指标值", "年初目标值", "年初目标值(A)", "年度指标值(A)"),
    "实际完成值": ("完成值", "全年实际值", "全年实际完成值", "实际完成值(B)", "全年完成值", "全年实际值(B)"),
    "自评得分": ("总分", "自评总分", "自评总分(分)", "合计"),
    "偏差原因分析及改进措施": ("未完成原因分析", "偏差原因分析及改进措施", "产生差异的原因及改进措施", "未完成原因分析及改进措施"),
    "计量单位": ("度量单位",),
    # fund rows
    "年度资金总额": ("总额", "资金总额", "年度财政资金总额", "年度资金总额:"),
    "当年财政拨款": ("其中:当年财政拨款", "其中：当年财政拨款", "本年财政拨款", "其中:本年财政拨款", "财政资金", "其中:财政资金", "财政拨款", "其中:财政拨款"),
    "上年结转资金": ("上年结转",),
    # 自评覆盖, 评价结果 and the 部门整体 form (the model's labels first: generator/records/model.py)
    "自评项目数": ("项目数",),
    "涉及预算资金": ("金额", "涉及资金"),
    "占项目支出总额比例": ("占比",),
    "年初目标": ("年初绩效目标",),
    "调整目标": ("全年绩效目标",),
}
FUND_ROWS = frozenset({"年度资金总额", "当年财政拨款", "上年结转资金", "其他资金", "财政专户管理资金", "单位资金"})
# Blocks whose direct children are rows (a value is only placed in the same row).
ROW_BLOCKS = frozenset({"资金", "项目资金", "预算执行"})

_CANONICAL = {alias: canonical for canonical, aliases in LABELS.items() for alias in (canonical, *aliases)}


def canonical_label(label: str) -> str:
    key = normalise(label)
    for alias, canonical in _CANONICAL.items():
        if normalise(alias) == key:
            return canonical
    return key


def normalise(value: Any) -> str:
    """A value as compared: full/half width folded (NFKC), no whitespace, thousands separators dropped."""
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, Enum):
        value = value.value
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    text = re.sub(r"\s+", "", text)
    if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?%?", text):
        text = text.replace(",", "")
    return text


# --- the corpus on disk -------------------------------------------------------------------------


def documents() -> list[Path]:
    """Every corpus document: the text files, then the Office files built by office/build.py."""
    texts = sorted(REAL.glob("*.txt"))
    office = sorted(p for p in OFFICE.glob("*") if p.suffix in {".xlsx", ".docx"}) if OFFICE.is_dir() else []
    scans = sorted(SCAN.glob("*.tsv")) if SCAN.is_dir() else []
    return texts + office + scans


def expectation_path(document: Path) -> Path:
    return EXPECTED / f"{document.stem}.yml"


def load_expectation(document: Path) -> dict:
    data = read_file(expectation_path(document)).data
    if not isinstance(data, dict):
        raise ValueError(f"{expectation_path(document).name}: expected a mapping at the top")
    return data


def printed_text(document: Path) -> str:
    """The text an expectation is written from: the document's own, or for an OCR'd text the original it reproduces."""
    expectation = load_expectation(document)
    if expectation.get("ocr") and expectation.get("reproduces"):
        return document_text(REAL / str(expectation["reproduces"]))
    return document_text(document)


def source_address(document: Path) -> str:
    """Line 1 of a text document; an Office file names the document it reproduces in its expectations."""
    if document.suffix == ".txt":
        return document.read_text(encoding="utf-8").split("\n", 1)[0].strip()
    return str(load_expectation(document).get("source", "")).strip()


def document_text(document: Path) -> str:
    """All the text a document holds (for .xlsx every cell, for .docx paragraphs and table cells)."""
    if document.suffix == ".txt":
        return document.read_text(encoding="utf-8")
    if document.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(document, read_only=True, data_only=True)
        cells = [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
        return "\n".join(cells)
    if document.suffix == ".docx":
        from docx import Document

        doc = Document(str(document))
        parts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(parts)
    if document.suffix == ".tsv":  # Tesseract's TSV: the words it read
        rows = [line.split("\t") for line in document.read_text(encoding="utf-8").splitlines()[1:]]
        return "\n".join(row[11] for row in rows if len(row) > 11 and row[11].strip())
    raise ValueError(f"not a corpus document: {document}")


# --- values with their place --------------------------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    labels: tuple[str, ...]  # the chain of keys above the value, as written
    names: tuple[tuple[str, ...], ...]  # per enclosing list item: the alternative names it goes by
    value: Any
    # Other (label, value) pairs that hold the same printed cell in a model with fewer columns: a target
    # printed as 指标性质 "≥" | 指标值 "95" | 度量单位 "%" may stand whole as 年度指标值 "≥95%".
    alternatives: tuple[tuple[str, str], ...] = ()
    # The printed value itself does not count in the record: an amount printed in 元 must stand there in 万元.
    printed_only_elsewhere: bool = False

    @property
    def label(self) -> str:
        return self.labels[-1] if self.labels else ""

    @property
    def rows(self) -> frozenset[str]:
        """The fund/budget row the value sits in, if any: the key just below a row block."""
        rows = {canonical_label(child) for parent, child in zip(self.labels, self.labels[1:]) if parent in ROW_BLOCKS}
        rows |= {canonical_label(label) for label in self.labels if canonical_label(label) in FUND_ROWS}
        return frozenset(rows)

    def where(self) -> str:
        named = "".join(f"[{alts[0]}]" for alts in self.names if alts)
        return f"{named} {'.'.join(self.labels)}".strip()


def _item_names(item: dict) -> tuple[str, ...]:
    names = []
    for key in NAME_KEYS:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            names.append(value)
            unit = item.get("计量单位") or item.get("度量单位")
            if key in ("三级指标", "指标名称") and isinstance(unit, str) and unit.strip():
                names.append(f"{value}({unit})")
            break
    return tuple(names)


def leaves(data: Any, labels: tuple[str, ...] = (), names: tuple[tuple[str, ...], ...] = ()) -> Iterator[Leaf]:
    """Every scalar of a nested mapping/list with its labels and enclosing item names."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not labels and key in METADATA:
                continue
            yield from leaves(value, labels + (str(key),), names)
    elif isinstance(data, list):
        for item in data:
            item_names = _item_names(item) if isinstance(item, dict) else ()
            yield from leaves(item, labels, names + (item_names,) if item_names else names)
    elif data is not None and normalise(data) != "":
        yield Leaf(labels, names, data)


def expected_values(expectation: dict) -> list[Leaf]:
    """What the document says, one leaf per value, names of items excluded (they identify, they are not data)."""
    return [_with_alternatives(leaf, expectation) for leaf in leaves(expectation) if leaf.label not in NAME_KEYS]


_SPLIT_TARGET = ("指标性质", "指标值", "度量单位")


def _item_of(leaf: Leaf, expectation: dict) -> dict | None:
    """The mapping (list item) of the expectation a leaf sits in, found by the item names along its path."""
    node: Any = expectation
    depth = 0
    for label in leaf.labels[:-1]:
        node = node.get(label) if isinstance(node, dict) else None
        if isinstance(node, list):
            wanted = leaf.names[depth] if depth < len(leaf.names) else None
            node = next((item for item in node if isinstance(item, dict) and _item_names(item) == wanted), None)
            depth += 1
    return node if isinstance(node, dict) else None


def _in_wanyuan(leaf: Leaf, unit: str) -> Leaf:
    """An amount the document prints in 元/千元/亿元, as the record holds it: in 万元, the decimal point moved."""
    moved = Decimal(normalise(leaf.value)).scaleb(_SHIFT[unit])
    moved = moved.quantize(Decimal(1)) if moved == moved.to_integral_value() else moved.normalize()
    return Leaf(leaf.labels, leaf.names, leaf.value, ((leaf.label, f"{moved:f}"),), printed_only_elsewhere=True)


def _with_alternatives(leaf: Leaf, expectation: dict) -> Leaf:
    unit = str(expectation.get("资金单位", "万元"))
    if unit != "万元" and canonical_label(leaf.label) in _AMOUNTS and ROW_BLOCKS & set(leaf.labels):
        return _in_wanyuan(leaf, unit)
    if leaf.label not in _SPLIT_TARGET:
        return leaf
    item = _item_of(leaf, expectation) or {}
    sign, value, unit = (normalise(item.get(key, "")) for key in _SPLIT_TARGET)
    if sign in {"定性", "定量"}:
        sign = ""
    # each printed cell must survive in the whole: the sign for 指标性质, the unit (or 计量单位) for 度量单位
    whole = {"指标性质": {sign + value + unit, sign + value},
             "指标值": {sign + value + unit, sign + value, value + unit, value},
             "度量单位": {sign + value + unit, value + unit}}[leaf.label]
    alternatives = [("年度指标值", w) for w in sorted(whole) if w and (leaf.label != "指标性质" or sign)]
    if leaf.label == "度量单位":
        alternatives.append(("计量单位", normalise(leaf.value)))
    return Leaf(leaf.labels, leaf.names, leaf.value, tuple(alternatives))


def is_figure(leaf: Leaf) -> bool:
    """A figure: a number, rate, score, grade or target as printed (the README's figure count)."""
    return bool(re.search(r"\d", normalise(leaf.value))) or canonical_label(leaf.label) in {
        "年度指标值", "实际完成值", "年初指标值", "调整指标值", "等级", "得分", "分值"}


def expected_figures(expectation: dict) -> list[Leaf]:
    return [leaf for leaf in expected_values(expectation) if is_figure(leaf)]


# --- scoring an imported record -------------------------------------------------------------------


def _names_match(wanted: tuple[str, ...], have: tuple[str, ...]) -> bool:
    want = [normalise(_strip_numbering(w)) for w in wanted]
    got = [normalise(_strip_numbering(h)) for h in have]
    for w in want:
        for g in got:
            if w == g or (min(len(w), len(g)) >= 4 and (w in g or g in w)):
                return True
    return False


def _strip_numbering(name: str) -> str:
    return re.sub(r"^\s*指标\s*\d+\s*[:：]\s*", "", name)


def _same_place(expected: Leaf, found: Leaf) -> bool:
    if canonical_label(expected.label) != canonical_label(found.label):
        return False
    if not expected.rows <= found.rows:
        return False
    return all(any(_names_match(alts, have) for have in found.names) for alts in expected.names)


@dataclass
class Score:
    """How many of a document's values an imported record holds in the right field."""

    placed: list[Leaf] = field(default_factory=list)
    misplaced: list[tuple[Leaf, list[str]]] = field(default_factory=list)  # found, but under other labels
    kept: list[Leaf] = field(default_factory=list)  # only in 未归类内容
    missing: list[Leaf] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.placed) + len(self.misplaced) + len(self.kept) + len(self.missing)

    @property
    def share(self) -> float:
        return len(self.placed) / self.total if self.total else 1.0

    def report(self) -> str:
        lines = [f"placed {len(self.placed)}/{self.total} ({self.share:.0%})"]
        lines += [f"  misplaced {leaf.where()} = {leaf.value!r}; found at: {'; '.join(at)}" for leaf, at in self.misplaced]
        lines += [f"  only in 未归类内容: {leaf.where()} = {leaf.value!r}" for leaf in self.kept]
        lines += [f"  missing {leaf.where()} = {leaf.value!r}" for leaf in self.missing]
        return "\n".join(lines)


def record_data(record: Any) -> Any:
    """A pydantic record dumped with its Chinese aliases; plain data is taken as is."""
    if hasattr(record, "model_dump"):
        return record.model_dump(by_alias=True, mode="json")  # enums as their values, Decimals with their digits
    return record


def score(expectation: dict, record: Any, *, figures_only: bool = False) -> Score:
    """Score one imported record (a DepartmentYear, or any model dumped with the form's labels)."""
    data = record_data(record)
    found = [leaf for leaf in leaves(data) if leaf.labels[:1] != ("未归类内容",)]
    unplaced = " ".join(normalise(leaf.value) for leaf in leaves(data) if leaf.labels[:1] == ("未归类内容",))
    by_value: dict[str, list[Leaf]] = {}
    for leaf in found:
        by_value.setdefault(normalise(leaf.value), []).append(leaf)
    result = Score()
    wanted = expected_figures(expectation) if figures_only else expected_values(expectation)
    for leaf in wanted:
        candidates = by_value.get(normalise(leaf.value), [])
        if any(_same_place(leaf, candidate) for candidate in candidates if not leaf.printed_only_elsewhere) or any(
            _same_place(Leaf(leaf.labels[:-1] + (label,), leaf.names, value), candidate)
            for label, value in leaf.alternatives
            for candidate in by_value.get(value, [])
        ):
            result.placed.append(leaf)
        elif candidates:
            result.misplaced.append((leaf, [c.where() for c in candidates[:3]]))
        elif normalise(leaf.value) in unplaced:
            result.kept.append(leaf)
        else:
            result.missing.append(leaf)
    return result


# --- the README's table ---------------------------------------------------------------------------

TABLE_START = "<!-- corpus-table:start -->"
TABLE_END = "<!-- corpus-table:end -->"


def corpus_table() -> str:
    """The README's table of every document, generated from the expectations (kept in step by a test)."""
    rows = ["| 文件 | 省份 | 类型 | 版式 | 来源 | 数字项 |", "|---|---|---|---|---|---|"]
    for document in documents():
        expectation = load_expectation(document)
        name = document.relative_to(REAL).as_posix()
        host = re.sub(r"^https?://", "", source_address(document)).split("/", 1)[0]
        layout = str(expectation.get("layout", "")).split("（", 1)[0].split("：", 1)[0].replace("|", "\\|")
        rows.append(f"| {name} | {expectation.get('province', '')} | {expectation.get('kind', '')} | {layout} | {host} | {len(expected_figures(expectation))} |")
    return "\n".join(rows)


def _write_readme_table() -> None:
    readme = REAL / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(TABLE_START, 1)
    _, tail = rest.split(TABLE_END, 1)
    readme.write_text(f"{head}{TABLE_START}\n{corpus_table()}\n{TABLE_END}{tail}", encoding="utf-8")


if __name__ == "__main__":  # python -m tests.real_corpus: refresh the README's table
    _write_readme_table()
