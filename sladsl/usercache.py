"""The user's cache folder: what is slow to compute and the same on every run.

What lives there: Lark's parse tables (:func:`sladsl.syntax.parser.lark_parser`), the finished
parser (:mod:`sladsl.syntax.tables`), the lexer's compiled patterns (:mod:`sladsl.syntax.lexer`)
and the table of holiday regions (:mod:`sladsl.regions`). Each entry is tagged with what it was made
from (a grammar hash, a package's files), so a change never loads a stale one; a missing,
unreadable or damaged entry is simply made again. ``SLADSL_NO_CACHE=1`` turns the cache off,
and so does a folder that cannot be created.
"""

from __future__ import annotations

import os
from typing import Any


def folder() -> str | None:
    """``$XDG_CACHE_HOME/sladsl`` (``~/.cache/sladsl``), created if need be; ``None`` if off."""
    if os.environ.get("SLADSL_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "sladsl")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return None
    return path


def load_json(name: str, tag: str) -> Any:
    """The value stored as ``name`` with this ``tag``, or ``None``."""
    where = folder()
    if where is None:
        return None
    import json

    try:
        with open(os.path.join(where, name), encoding="utf-8") as handle:
            stored = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("tag") != tag:
        return None
    return stored.get("value")


def store_json(name: str, tag: str, value: Any) -> None:
    """Stores ``value`` as ``name`` (atomically: a reader never sees half a file). A cache
    that cannot be written is not an error."""
    where = folder()
    if where is None:
        return
    import json

    from .atomic import write_atomically

    try:
        write_atomically(os.path.join(where, name),
                         json.dumps({"tag": tag, "value": value}, sort_keys=True))
    except OSError:
        pass
