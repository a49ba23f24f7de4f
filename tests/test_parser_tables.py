"""The finished parser kept in the user cache (sladsl/syntax/tables.py) parses as a new one.

A kept parser is used only when its tag (grammar, options, versions, the source of the
sladsl classes inside it) matches; a stale, damaged or hostile file is never used, and a cache
that cannot be written only costs the time of building.
"""

from __future__ import annotations

import io
import os
import pickle
from pathlib import Path
from typing import Any

import pytest
from lark import Lark
from lark.parsers.lalr_analysis import Reduce, Shift

from sladsl.syntax import tables
from sladsl.syntax.layout import CURRENT_LAYOUT, Layout
from sladsl.syntax.lexer import PATTERNS
from sladsl.syntax.parser import OPTIONS, _build_parser, grammar_text

SPECS = Path(__file__).resolve().parents[1] / "specs"
SMALL = (SPECS / "cloud-platform.sla").read_text(encoding="utf-8")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SLADSL_NO_CACHE", raising=False)
    return tmp_path / "sladsl" / tables.FILE


def _load(build: Any = _build_parser) -> Lark:
    return tables.load_parser(grammar_text(), OPTIONS, build)


def _must_not_build() -> Lark:
    raise AssertionError("the kept parser should have been used")


def _parse(parser: Lark, text: str) -> Any:
    token = CURRENT_LAYOUT.set(Layout())
    try:
        return parser.parse(text + "\n", start="start")
    finally:
        CURRENT_LAYOUT.reset(token)


def test_the_kept_parser_parses_as_a_new_one(cache: Path) -> None:
    _load()
    assert cache.exists()
    kept = _load(_must_not_build)
    new = _build_parser()
    for path in sorted(SPECS.glob("*.sla")):
        text = path.read_text(encoding="utf-8")
        assert _parse(kept, text) == _parse(new, text), path.name
    # What must stay one per process is the process's own, not a copy.
    actions = {a for row in kept.parser.parser.parser.parse_table.states.values()
               for a, _ in row.values()}
    assert actions == {Shift, Reduce}
    assert kept.lexer_conf.re_module is PATTERNS
    assert [r.origin.name for r in kept.rules] == [r.origin.name for r in new.rules]


def test_a_stale_file_is_built_again(cache: Path) -> None:
    _load()
    header, _, body = cache.read_bytes().partition(b"\n")
    cache.write_bytes(b"0" * len(header) + b"\n" + body)
    built = []
    _load(lambda: built.append(1) or _build_parser())
    assert built == [1]
    assert cache.read_bytes().partition(b"\n")[0] == header  # written again, current
    _load(_must_not_build)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "not a parser"])
def test_a_damaged_file_is_built_again(cache: Path, damage: str) -> None:
    _load()
    header, _, body = cache.read_bytes().partition(b"\n")
    new_body = {"truncated": body[: len(body) // 2], "garbage": b"\x80\x05garbage",
                "empty": b"", "not a parser": pickle.dumps({"a": 1})}[damage]
    cache.write_bytes(header + b"\n" + new_body)
    parser = _load()
    assert isinstance(parser, Lark)
    assert _parse(parser, SMALL)


class _Hostile:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return os.system, (f"touch {self.marker}",)


def test_a_hostile_file_is_refused(cache: Path, tmp_path: Path) -> None:
    """A file that names anything but a parser's classes (here ``os.system``) is not run,
    even with the right tag."""
    _load()
    header = cache.read_bytes().partition(b"\n")[0]
    marker = tmp_path / "ran"
    cache.write_bytes(header + b"\n" + pickle.dumps(_Hostile(str(marker))))
    with pytest.raises(pickle.UnpicklingError):
        tables._Unpickler(io.BytesIO(cache.read_bytes().partition(b"\n")[2])).load()
    parser = _load()
    assert isinstance(parser, Lark)
    assert not marker.exists()


def test_an_unwritable_cache_still_parses(cache: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from sladsl import atomic

    def refuse(*_: object) -> None:
        raise OSError("read-only")

    monkeypatch.setattr(atomic, "write_atomically", refuse)
    assert _parse(_load(), SMALL) is not None
    assert not cache.exists()
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # the folder cannot be made
    assert _parse(_load(), SMALL) is not None
    monkeypatch.setenv("SLADSL_NO_CACHE", "1")
    assert _parse(_load(), SMALL) is not None
