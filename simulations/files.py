"""Files written safely: short, safe names from scenario names; atomic writes.

A results file is first written to a temporary file in the same folder and
then renamed over its final name, so an interrupt never leaves half a CSV.
File names made from scenario names keep letters and digits only and are
cut short, with a hash of the full name, so they fit every file system.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

SLUG_LIMIT = 60
"""The longest slug; longer names are cut and get a hash of the full name."""


def slug(name: str, limit: int = SLUG_LIMIT) -> str:
    """A scenario name as a safe, short part of a file name.

    Parameters
    ----------
    name
        Any text.
    limit
        Longest result; a longer slug is cut and ends in 8 hex digits of a
        hash of ``name``, so two long names stay apart.

    Examples
    --------
    >>> slug("client-centric (staff=4)")
    'client_centric__staff_4'
    >>> len(slug("x" * 500))
    60
    >>> slug("../..")
    'scenario'
    """
    text = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in name)
    text = text.strip("_").lower() or "scenario"
    if len(text) > limit:
        text = f"{text[: limit - 9]}_{digest(name)}"
    return text


def digest(name: str) -> str:
    """Eight hex digits that tell ``name`` from any other name.

    Examples
    --------
    >>> digest("Shop A") != digest("shop-a")
    True
    """
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def slug_clashes(names: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of different names that would share a file name.

    Examples
    --------
    >>> slug_clashes(["Shop A", "shop-a", "shop b"])
    [('Shop A', 'shop-a')]
    """
    seen: dict[str, str] = {}
    clashes = []
    for name in names:
        tag = slug(name)
        if tag in seen and seen[tag] != name:
            clashes.append((seen[tag], name))
        seen.setdefault(tag, name)
    return clashes


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Write a file all at once: ``write(temporary_path)``, then rename.

    Parameters
    ----------
    path
        The final file.
    write
        Writes the content to the path it is given (e.g.
        ``lambda p: frame.to_csv(p)``).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_text(path: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    return atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))
