"""Read one YAML file into plain Python data plus a map of where every value stands.

Why not ruamel's loaders directly: the round-trip loader is ~7x slower than the C parser, the safe
loader loses positions and turns 20.37 into a float, and neither bounds aliases or nesting. Here the C
parser (ruamel.yaml.clib) produces events with marks, and a small constructor builds only what the
record format needs: mappings with text keys, sequences, and scalars, numbers kept as Decimal from the
exact published text. Anything the format does not need (anchors, aliases, tags, deep nesting, several
documents) is refused with a message that names the line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from _ruamel_yaml import CParser  # the C extension; declared as ruamel.yaml.clib in pyproject
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from generator.records.problems import FieldPath, Problem

MAX_FILE_BYTES = 2 * 1024 * 1024  # a real department-year record is ~20 KB; 100x headroom
MAX_DEPTH = 12  # the deepest path in the format is 7 levels (项目 → 报告正文 → 子节 → …)

_NUMBER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_LEADING_ZERO_NUMBER = re.compile(r"[-+]?0[0-9]+(?:\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
# Tabs are refused outright: YAML forbids them for indentation and authors copying from Word bring
# them in by accident. Other C0/C1 controls and bidi overrides are invisible and unsafe on a page.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
REFUSED_CHARACTERS = _BAD_CHARS  # what a writer of records must leave out: refused raw and as escapes


@dataclass
class Document:
    """Plain data of one file and the 1-based (line, column) of every key and value by field path."""

    data: object
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: FieldPath) -> tuple[int | None, int | None]:
        """The position of the deepest existing prefix of path: a missing field is reported at its parent."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found is not None:
                return found
        return (None, None)


class ReadError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = "文件看起来是 GBK/GB18030 编码（Windows 记事本或 WPS 的默认保存方式）。"
        except UnicodeDecodeError:
            pass
        raise ReadError(
            [Problem(name, line, None, (), f"文件不是 UTF-8 编码。{hint}请用“另存为”选择 UTF-8 编码后重新保存。")]
        ) from None


def _check_characters(text: str, name: str) -> list[Problem]:
    if "\t" not in text and _BAD_CHARS.search(text) is None:
        return []  # the common case: one scan of the whole text, no per-line work
    problems = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        tab = line.find("\t")
        if tab >= 0:
            problems.append(Problem(name, lineno, tab + 1, (), "含有制表符（Tab）。YAML 只能用空格缩进，文字中的制表符请改为空格。"))
        for match in _BAD_CHARS.finditer(line.rstrip("\r")):
            code = f"U+{ord(match.group()):04X}"
            problems.append(
                Problem(name, lineno, match.start() + 1, (), f"含有不可见的控制字符 {code}，请删除（常见于从网页或 Word 复制的文字）。")
            )
    return problems


def _scalar(value: str, style: str | None, plain: bool) -> object:
    """Resolve a scalar the way the format needs: quoted is always text; plain may be a number, date, bool or null."""
    if not plain or style:
        return value
    first = value[:1]
    if first and first not in "-+0123456789~nNtTfF":
        return value  # cannot be a number, date, null or bool: most text takes this exit
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _NUMBER.fullmatch(value) and not _LEADING_ZERO_NUMBER.fullmatch(value):
        return Decimal(value)
    if _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _key_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _mark(event) -> tuple[int, int]:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


def read_text(text: str, name: str) -> Document:
    """Parse YAML text into a Document; raise ReadError with every problem found before parsing stops."""
    problems = _check_characters(text, name)
    if problems:
        raise ReadError(problems)
    doc = Document(None)
    parser = CParser(text)
    # Stack entries: [container, path, pending_key, key_mark] for mappings; [container, path] for sequences.
    stack: list[list] = []
    documents = 0

    def refuse(event, message: str, path: FieldPath | None = None) -> ReadError:
        line, col = _mark(event)
        return ReadError([Problem(name, line, col, current_path() if path is None else path, message)])

    def current_path() -> FieldPath:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top[0], dict):
            return top[1] + ((top[2],) if top[2] is not None else ())
        return top[1] + (len(top[0]),)

    def attach(value, event) -> None:
        nonlocal stack
        if not stack:
            doc.data = value
            doc.positions[()] = _mark(event)
            return
        top = stack[-1]
        container = top[0]
        if isinstance(container, dict):
            if top[2] is None:
                # This value is a key.
                if not isinstance(value, (str, Decimal, bool, dt.date)) or isinstance(value, (dict, list)):
                    raise refuse(event, "键必须是文字，不能是列表或映射。")
                key = str(value) if not isinstance(value, bool) else ("true" if value else "false")
                if key in container:
                    first = doc.positions.get(top[1] + (key,), (None, None))
                    raise refuse(event, f"键“{key}”重复出现（第一次在第 {first[0]} 行）。同一层级的每个键只能写一次。", top[1] + (key,))
                top[2] = key
                top[3] = _mark(event)
                return
            key = top[2]
            container[key] = value
            doc.positions[top[1] + (key,)] = top[3]
            top[2] = None
        else:
            doc.positions[top[1] + (len(container),)] = _mark(event)
            container.append(value)

    positions = doc.positions
    try:
        while True:
            event = parser.get_event()
            if event is None:
                break
            cls = type(event)
            # Scalars are nine events in ten: handle them first, inline, with the checks they need.
            if cls is ScalarEvent:
                if event.anchor is not None:
                    raise refuse(event, f"不支持 YAML 锚点（&{event.anchor}）。请把内容直接写出来。")
                implicit = event.implicit
                if event.tag is not None and not (implicit[0] or implicit[1]):
                    raise refuse(event, f"不支持 YAML 标签（{event.tag}）。请删除以“!”开头的标记。")
                if event.style == '"' and _BAD_CHARS.search(event.value):
                    # Escapes ("\\u202e", "\\0", "\\x01") write in quotes what the text check above refuses raw.
                    code = f"U+{ord(_BAD_CHARS.search(event.value).group()):04X}"
                    raise refuse(event, f"双引号中的转义写出了不可见的控制字符 {code}，请删除这个转义。")
                value = _scalar(event.value, event.style, implicit[0]) if implicit[0] and not event.style else event.value
                top = stack[-1] if stack else None
                if top is not None and type(top[0]) is dict and top[2] is None:
                    key = value if type(value) is str else _key_text(value)
                    if key in top[0]:
                        first = positions.get(top[1] + (key,), (None, None))
                        raise refuse(event, f"键“{key}”重复出现（第一次在第 {first[0]} 行）。同一层级的每个键只能写一次。", top[1] + (key,))
                    top[2] = key
                    top[3] = _mark(event)
                else:
                    attach(value, event)
                continue
            if cls is MappingStartEvent or cls is SequenceStartEvent:
                if event.anchor is not None:
                    raise refuse(event, f"不支持 YAML 锚点（&{event.anchor}）。请把内容直接写出来。")
                if event.tag is not None and event.tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                    raise refuse(event, f"不支持 YAML 标签（{event.tag}）。请删除以“!”开头的标记。")
                if len(stack) >= MAX_DEPTH:
                    raise refuse(event, f"嵌套层级超过 {MAX_DEPTH} 层，超出了记录格式的需要。请检查缩进。")
                if stack and type(stack[-1][0]) is dict and stack[-1][2] is None:
                    raise refuse(event, "键必须是文字，不能是列表或映射。")
                path = current_path()
                container: dict | list = {} if cls is MappingStartEvent else []
                attach(container, event)
                stack.append([container, path, None, None] if cls is MappingStartEvent else [container, path])
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                stack.pop()
            elif cls is AliasEvent:
                raise refuse(event, f"不支持 YAML 别名（*{event.anchor}）。请把内容直接写出来。")
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise refuse(event, "一个文件只能有一个 YAML 文档，请删除多余的“---”分隔线。")
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        what = exc.problem or exc.context or "语法错误"
        raise ReadError([Problem(name, line, col, (), f"YAML 语法错误：{_translate_yaml_problem(what)}。请检查这一行及上一行的缩进、冒号和引号。")]) from None
    except YAMLError:
        raise ReadError([Problem(name, None, None, (), "YAML 语法错误：文件的写法不符合 YAML 语法。请检查缩进、冒号和引号。")]) from None
    return doc


_YAML_PROBLEMS = {
    "mapping values are not allowed":  "这里不能出现“键: 值”（常见原因：值里有未加引号的冒号，或缩进不对）",
    "could not find expected ':'": "找不到应有的冒号“:”",
    "found character that cannot start any token": "出现了不能作为开头的字符",
    "did not find expected key": "缩进不一致，找不到预期的键",
    "did not find expected '-' indicator": "列表项的缩进不一致，找不到预期的“-”",
    "found unexpected end of stream": "文件意外结束（常见原因：引号没有闭合）",
    "did not find expected node content": "缺少应有的内容",
    "found undefined alias": "引用了未定义的别名",
    "block sequence entries are not allowed in this context": "这里不能出现列表项“-”（常见原因：缩进不对）",
    "did not find expected ',' or ']'": "方括号列表“[ … ]”中缺少逗号或右方括号“]”",
    "did not find expected ',' or '}'": "花括号“{ … }”中缺少逗号或右花括号“}”",
    "found invalid Unicode character escape code": "双引号中的 \\u、\\U 或 \\x 转义不是有效的字符编码",
    "found unknown escape character": "双引号中反斜杠“\\”后面的字符不能转义（要写反斜杠本身，请写两个“\\\\”，或改用单引号）",
    "did not find expected hexdecimal number": "双引号中的 \\x、\\u 或 \\U 后面应为十六进制数字",
    "found unexpected end of stream": "文件意外结束（常见原因：引号没有闭合）",
    "found unexpected document indicator": "引号中出现了“---”或“...”文档分隔线（常见原因：引号没有闭合）",
    "mapping keys are not allowed in this context": "这里不能出现“键: 值”（常见原因：缩进不对）",
    "did not find expected alphabetic or numeric character": "“&”或“*”后面应为字母或数字（YAML 锚点、别名的写法；记录中不使用）",
    "control characters are not allowed": "含有不可见的控制字符",
    "expected <document start>": "一个文件只能有一个 YAML 文档（常见原因：多余的“---”或缩进不对）",
    "found undefined tag handle": "不支持 YAML 标签（以“!”开头的标记）",
    "found unexpected ':'": "出现了多余的冒号“:”（值里有冒号时请给整个值加引号）",
    "could not find expected ':'": "找不到应有的冒号“:”",
    "while scanning a simple key": "找不到应有的冒号“:”",
}


def _translate_yaml_problem(problem: str) -> str:
    for english, chinese in _YAML_PROBLEMS.items():
        if english in problem:
            return chinese
    # The parser's other messages are rare; none is shown in English to an author.
    return "这一行的写法不符合 YAML 语法"


def read_file(path: Path, name: str | None = None) -> Document:
    """Read a file with the guards a file from anyone's Windows PC needs: size cap, UTF-8, no controls."""
    name = name or path.as_posix()
    return read_document(read_bytes(path, name), name)


def read_bytes(path: Path, name: str) -> bytes:
    """A file's bytes, refused (ReadError) when it is not a regular file, too large or unreadable."""
    try:
        # Opened without blocking and checked before reading: a FIFO in a record's place would otherwise
        # wait for a writer forever, and a device would be read without end.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise ReadError([Problem(name, None, None, (), "不是普通文件（是目录、管道或设备），不会读取。")])
            size = status.st_size
            if size > MAX_FILE_BYTES:
                raise ReadError(
                    [Problem(name, None, None, (), f"文件过大（{size} 字节，上限 {MAX_FILE_BYTES} 字节）。一个部门一年的记录不会这么大，请检查是否放错了文件。")]
                )
            raw = handle.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise ReadError([Problem(name, None, None, (), "无法读取：没有读取权限。请检查文件的权限设置。")]) from None
    except IsADirectoryError:
        raise ReadError([Problem(name, None, None, (), "应为一个 YAML 文件，现在是一个目录。")]) from None
    except OSError as exc:
        raise ReadError([Problem(name, None, None, (), f"无法读取（{exc.strerror or exc}）。")]) from None
    return raw


def read_document(raw: bytes, name: str) -> Document:
    """A file's bytes as a Document: UTF-8 (a BOM allowed), NFC, then the YAML subset."""
    text = _decode(raw, name)
    text = unicodedata.normalize("NFC", text)
    return read_text(text, name)
