"""Zip archives whose entries are joined from parts compressed apart, so that a part kept between builds is not
compressed again.

The site's workbook (data/all.xlsx) holds every year's rows: 90 MB of worksheet text for a city, which took half a
second to compress on every correction of one figure. Each year's rows are compressed once and kept (open_data.py);
a correction compresses again its own year's part only. A part is raw DEFLATE ending on a full flush (byte-aligned,
no final block, no back-references into what came before), so parts join by concatenation, and the CRC-32 of an
entry is combined from its parts' (zlib's crc32_combine, which Python's zlib does not offer).

Only what the workbooks need is written: stored names in ASCII, no zip64 (entries under 4 GB), one fixed time.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

_LEVEL = 6  # zlib's default, as the standard library's zipfile uses
_FINAL = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15).flush()  # an empty final block: ends a joined entry
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the zip format's earliest, time 00:00: no clock in the bytes


@dataclass(frozen=True)
class Deflated:
    """Text compressed on its own, with its CRC-32 and length."""

    data: bytes
    crc: int
    size: int


def deflated(text: bytes) -> Deflated:
    compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    return Deflated(compressor.compress(text) + compressor.flush(zlib.Z_FULL_FLUSH), zlib.crc32(text), len(text))


# --- CRC-32 of joined text from its parts' (zlib 1.2.12's crc32_combine: multiplication modulo its polynomial) ---
_POLY = 0xEDB88320  # reflected, as zlib.crc32


def _multiply(a: int, b: int) -> int:
    """a × b modulo the CRC polynomial, bit-reflected (x^0 is the top bit)."""
    m, product = 1 << 31, 0
    while m:
        if a & m:
            product ^= b
            if not a & (m - 1):
                break
        m >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1
    return product


_X2N = [1 << 30]  # x^(2^k) modulo the polynomial, k = 0…31
for _ in range(31):
    _X2N.append(_multiply(_X2N[-1], _X2N[-1]))


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of a + b from crc32(a), crc32(b) and len(b)."""
    power, k, n = 1 << 31, 3, length2  # x^(8 × length2): k = 3 counts bits, not bytes
    while n:
        if n & 1:
            power = _multiply(_X2N[k & 31], power)
        n >>= 1
        k += 1
    return _multiply(power, crc1) ^ crc2


def _joined(parts: list[bytes | Deflated]) -> Deflated:
    """One entry's compressed data from its parts: consecutive texts compressed together, then every part joined."""
    pieces: list[Deflated] = []
    pending: list[bytes] = []
    for part in [*parts, None]:
        if isinstance(part, bytes):
            pending.append(part)
            continue
        if pending:
            pieces.append(deflated(b"".join(pending)))
            pending = []
        if part is not None:
            pieces.append(part)
    crc, size = (pieces[0].crc, pieces[0].size) if pieces else (0, 0)
    for piece in pieces[1:]:
        crc, size = crc32_combine(crc, piece.crc, piece.size), size + piece.size
    return Deflated(b"".join(piece.data for piece in pieces) + _FINAL, crc, size)


def zip_archive(entries: list[tuple[str, list[bytes | Deflated]]]) -> bytes:
    """A zip archive of DEFLATE entries (name, parts) in this order; the same entries give the same bytes."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, parts in entries:
        entry = _joined(parts)
        encoded = name.encode("ascii")
        fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, _DOS_DATE, entry.crc, len(entry.data), entry.size)
        local = b"PK\x03\x04" + fields + struct.pack("<HH", len(encoded), 0) + encoded
        central.append(b"PK\x01\x02" + struct.pack("<H", 20 | (3 << 8)) + fields
                       + struct.pack("<HHHHHI", len(encoded), 0, 0, 0, 0, 0o644 << 16) + struct.pack("<I", offset)
                       + encoded)
        out += [local, entry.data]
        offset += len(local) + len(entry.data)
    directory = b"".join(central)
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return b"".join(out) + directory + end
