"""Original documents declared in a record (原文附件): checked at load, published beside the record's pages.

A citizen comparing the transcription with what the unit published needs the unit's own file; the
provincial platforms publish it beside the text. The file lives in content/ with the record, so it is
versioned with it; here it is checked (inside content/, a regular file of a kind a browser can open,
not too large) and read, and given a stable ASCII address next to the department-year page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.records.model import Attachment
from generator.records.problems import FieldPath

# What a reader's browser or office program opens; the label is what the page says about the file.
KINDS = {
    ".pdf": "PDF 文件",
    ".ofd": "OFD 版式文件",
    ".doc": "Word 文档",
    ".docx": "Word 文档",
    ".xls": "Excel 表格",
    ".xlsx": "Excel 表格",
    ".jpg": "JPG 图片",
    ".jpeg": "JPG 图片",
    ".png": "PNG 图片",
}
# A scanned 说明 of a few dozen pages is a few MB; anything far larger is a mistake (a video, an archive).
MAX_BYTES = 50 * 1024 * 1024
FILE_NAME = "yuanwen"


@dataclass(frozen=True)
class AttachmentFile:
    """An original document ready to publish: where it goes on the site, what it is, its bytes."""

    title: str
    name: str  # file name on the site, next to the department-year page, e.g. yuanwen.pdf
    kind: str  # KINDS label
    data: bytes

    @property
    def size(self) -> str:
        size = len(self.data)
        if size >= 1024 * 1024:
            return f"{size / 1024 / 1024:.1f} MB"
        return f"{max(size / 1024, 0.1):.1f} KB"


def field_of(index: int) -> FieldPath:
    return ("原文附件", index, "文件")


def read_attachments(content_dir: Path, attachments: Sequence[Attachment]
                     ) -> tuple[list[AttachmentFile], list[tuple[FieldPath, str]]]:
    """A record's attachments (its 原文附件) read from content_dir, and the problems (field, message in Chinese)."""
    root = Path(content_dir).resolve()
    files: list[AttachmentFile] = []
    problems: list[tuple[FieldPath, str]] = []
    for i, attachment in enumerate(attachments):
        found = _read_one(root, attachment, i, len(attachments))
        if isinstance(found, str):
            problems.append((field_of(i), found))
        else:
            files.append(found)
    return files, problems


def _read_one(root: Path, attachment: Attachment, index: int, count: int) -> AttachmentFile | str:
    written = attachment.file.strip()
    if not written:
        return "没有写附件文件的路径。"
    relative = Path(written)
    if relative.is_absolute() or ".." in relative.parts:
        return f"附件“{written}”应写成相对 content/ 目录的路径（如 2024/单位编码-原文.pdf），不能以“/”开头或含“..”。"
    suffix = relative.suffix.lower()
    if suffix not in KINDS:
        allowed = "、".join(sorted({k.lstrip('.') for k in KINDS}))
        return f"附件“{written}”的类型不能公开：只接受 {allowed} 文件。"
    path = root / relative
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"找不到附件文件“{written}”（应放在 content/ 目录中，路径相对 content/）。"
    if root not in resolved.parents:
        return f"附件“{written}”指向 content/ 目录之外，不能公开。"
    if not resolved.is_file():
        return f"附件“{written}”不是一个文件。"
    size = resolved.stat().st_size
    if size > MAX_BYTES:
        return f"附件“{written}”有 {size / 1024 / 1024:.0f} MB，超过 {MAX_BYTES // 1024 // 1024} MB 的上限。请压缩后再公开。"
    if size == 0:
        return f"附件“{written}”是空文件。"
    try:
        data = resolved.read_bytes()
    except OSError as exc:
        return f"附件“{written}”无法读取（{exc.strerror or exc}）。"
    name = f"{FILE_NAME}{'' if index == 0 else f'-{index + 1}'}{suffix}"
    title = attachment.title.strip() or ("单位公开的原文" if count == 1 else f"单位公开的原文（{index + 1}）")
    return AttachmentFile(title, name, KINDS[suffix], data)
