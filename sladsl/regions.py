"""Public-holiday regions: the countries and subdivisions the ``holidays`` package knows.

``holidays`` is the authority, but asking it for the list imports every one of its country
modules (a quarter of a second), and merely importing the package takes a tenth. A spec names
a region in almost every business-hours calendar, so ``sladsl validate`` would spend most of
its time there. The table is therefore kept in the user's cache (:mod:`sladsl.usercache`),
tagged with the installed package's files: upgrading ``holidays`` makes it again.
"""

from __future__ import annotations

import functools
import importlib.util
import os

_CACHE = "holiday-regions.json"


def _tag() -> str | None:
    """Where ``holidays`` is installed and the size and time of its registry, without
    importing it; ``None`` when it cannot be found that way."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.origin:
        return None
    package = os.path.dirname(spec.origin)
    parts = [package]
    for name in ("registry.py", "version.py"):
        try:
            info = os.stat(os.path.join(package, name))
        except OSError:
            return None
        parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts)


@functools.cache
def supported() -> dict[str, tuple[str, ...]]:
    """Every country code (ISO alpha-2 and alpha-3, and aliases such as ``UK``) with the codes
    of its subdivisions."""
    from . import usercache

    tag = _tag()
    if tag is not None:
        stored = usercache.load_json(_CACHE, tag)
        if isinstance(stored, dict) and all(isinstance(v, list) for v in stored.values()):
            return {str(k): tuple(str(s) for s in v) for k, v in stored.items()}
    import holidays

    table = {code: [str(s) for s in subdivisions]
             for code, subdivisions in holidays.list_supported_countries().items()}
    if tag is not None:
        usercache.store_json(_CACHE, tag, table)
    return {code: tuple(subdivisions) for code, subdivisions in table.items()}


def valid_region(code: str) -> bool:
    """``GB``, ``US-CA``, ``DE-BY``: a country the holidays package knows, and its subdivision."""
    country, _, subdivision = code.partition("-")
    subdivisions = supported().get(country)
    if subdivisions is None:
        return False
    return not subdivision or subdivision in subdivisions
