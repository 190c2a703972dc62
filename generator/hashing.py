"""One key from several inputs, for everything the build keeps between builds (generator/site/build_cache.py).

Below the pipeline's stages: loading keys a record by its file, the audit keys its findings, the site keys its
pages, all with this one function.
"""

from __future__ import annotations

import hashlib


def digest(*parts: str | bytes) -> str:
    """One key from several inputs; each part is length-prefixed so ("ab", "c") and ("a", "bc") differ."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def file_key(path: str, data: bytes) -> str:
    """A published file is its path and its bytes: the key an engine keeps it under. Made where the file is made and
    kept with it, so that a build does not hash a city's 380 MB of data files again to find them unchanged."""
    return digest(path, data)
