"""Lark's contextual lexer, built lazily and with its compiled patterns kept between runs.

Lark's contextual lexer gives each parser state a scanner for the terminals that state accepts:
one regular expression, the union of those terminals, compiled by Python's :mod:`re` the first
time the state is met. Loading the parser built a lexer object for every one of the grammar's
~300 states, and a run compiled ~200 unions, each parsed character by character by the
``re`` module's Python code: together most of ``sladsl validate``'s own start-up.

:class:`LazyContextualLexer` (handed to Lark as its ``ContextualLexer``) changes two things
and nothing in what it matches:

- a state's lexer is built when the state is first met, as its scanner already was;
- :class:`PatternStore` stands in for the ``re`` module the lexers compile with. It compiles
  with ``re``'s own compiler and keeps the compiled program (the instruction list that
  ``re`` hands to its C engine) in the user cache, tagged with the Python build; the next run
  hands the stored program to the engine directly, as ``re.compile`` would have. Anything
  unexpected (another Python, an unreadable or damaged file, an internal that moved) makes it
  compile as ``re`` does, so a stale or broken cache costs time, never a wrong match.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
from array import array
from copy import copy
from typing import Any

from lark.common import LexerConf
from lark.lexer import AbstractBasicLexer, ContextualLexer

from .. import usercache

try:  # the pieces of re.compile (CPython 3.11+); elsewhere the store compiles as re does
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _sre = None

FILE = "lexer-patterns.marshal"
#: More entries than a grammar's states could need means the file collected old grammars' too.
MAX_ENTRIES = 4000


def _tag() -> str:
    import lark

    return f"{sys.version}|{getattr(_sre, 'MAGIC', '')}|{getattr(_sre, 'CODESIZE', '')}|" \
           f"lark {lark.__version__}"


class PatternStore:
    """A stand-in for the ``re`` module in Lark's lexers: compiled programs kept on disk."""

    error = re.error

    def __init__(self) -> None:
        self._compiled: dict[tuple[str, int], re.Pattern[str]] = {}
        self._stored: dict[tuple[str, int], tuple[Any, ...]] | None = None
        self._new = 0

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        key = (pattern, int(flags))
        found = self._compiled.get(key)
        if found is None:
            found = self._compiled[key] = self._load_or_compile(pattern, key[1])
        return found

    def match(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).match(string)

    def _load_or_compile(self, pattern: str, flags: int) -> re.Pattern[str]:
        if _sre is None or flags & re.DEBUG:
            return re.compile(pattern, flags)
        entry = self._entries().get((pattern, flags))
        if entry is not None:
            try:
                final_flags, code, groups, groupindex, indexgroup = entry
                program = array("I", code).tolist()
                compiled: re.Pattern[str] = _sre.compile(pattern, final_flags, program, groups,
                                                         groupindex, indexgroup)
                return compiled
            except Exception:  # noqa: BLE001 (a damaged entry: compile it again)
                pass
        try:
            parsed = _parser.parse(pattern, flags)
            program = _compiler._code(parsed, flags)
            groupindex = dict(parsed.state.groupdict)
            names: list[str | None] = [None] * parsed.state.groups
            for name, index in groupindex.items():
                names[index] = name
            entry = (flags | parsed.state.flags, array("I", program).tobytes(),
                     parsed.state.groups - 1, groupindex, tuple(names))
            compiled = _sre.compile(pattern, entry[0], program, entry[2], groupindex, entry[4])
        except Exception:  # noqa: BLE001 (an internal moved: compile as re does)
            return re.compile(pattern, flags)
        self._entries()[(pattern, flags)] = entry
        self._new += 1
        return compiled

    def _entries(self) -> dict[tuple[str, int], tuple[Any, ...]]:
        if self._stored is None:
            self._stored = _read()
        return self._stored

    def save(self) -> None:
        """Writes the programs compiled since the last save to the user cache."""
        if not self._new or self._stored is None:
            return
        self._new = 0
        where = usercache.folder()
        if where is None:
            return
        entries = self._stored
        if len(entries) > MAX_ENTRIES:  # patterns of old grammars: keep this run's only
            entries = {k: v for k, v in entries.items() if k in self._compiled}
        from ..atomic import write_atomically

        try:
            write_atomically(os.path.join(where, FILE), marshal.dumps((_tag(), entries)))
        except (OSError, ValueError):
            pass


def _read() -> dict[tuple[str, int], tuple[Any, ...]]:
    where = usercache.folder()
    if where is None:
        return {}
    try:
        with open(os.path.join(where, FILE), "rb") as handle:
            tag, stored = marshal.loads(handle.read())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return stored if tag == _tag() and isinstance(stored, dict) else {}


#: The one store of this process.
PATTERNS = PatternStore()


def compiled(pattern: str, flags: int) -> re.Pattern[str]:
    """``pattern`` compiled through the store (how a kept parser's patterns are unpickled)."""
    return PATTERNS.compile(pattern, flags)


class _LexersByState(dict[int, AbstractBasicLexer]):
    """Parser state → its lexer, built on first use (states with one set of terminals share)."""

    def __init__(self, owner: LazyContextualLexer) -> None:
        super().__init__()
        self.owner = owner

    def __missing__(self, state: int) -> AbstractBasicLexer:
        lexer = self[state] = self.owner.lexer_for(state)
        return lexer


class LazyContextualLexer(ContextualLexer):
    """Lark's :class:`~lark.lexer.ContextualLexer`, each state's lexer built when first met."""

    def __init__(self, conf: LexerConf, states: dict[int, Any],
                 always_accept: Any = ()) -> None:
        conf.re_module = PATTERNS  # type: ignore[assignment]
        # Each state's lexer orders its terminals by their longest match, which Lark works out
        # by parsing each regular expression. Lark's eager constructor did that before the
        # parser was written to the cache, which keeps the widths; do it here for the same.
        for terminal in conf.terminals:
            _ = terminal.pattern.max_width
        self._conf = conf
        self._states = states
        self._extra = set(conf.ignore) | set(always_accept)
        self._by_terminals: dict[frozenset[str], AbstractBasicLexer] = {}
        self._root: AbstractBasicLexer | None = None
        self.lexers = _LexersByState(self)

    def lexer_for(self, state: int) -> AbstractBasicLexer:
        """The lexer of the terminals ``state`` accepts, as Lark's constructor makes it."""
        key = frozenset(self._states[state])
        lexer = self._by_terminals.get(key)
        if lexer is None:
            by_name = self._conf.terminals_by_name
            state_conf = copy(self._conf)
            state_conf.terminals = [by_name[n] for n in key | self._extra if n in by_name]
            lexer = self._by_terminals[key] = self.BasicLexer(state_conf)
        return lexer

    def build_all(self) -> None:
        """Builds every state's lexer and scanner now (before the parser is kept whole)."""
        for state in self._states:
            _ = self.lexers[state].scanner  # type: ignore[attr-defined]

    @property
    def root_lexer(self) -> AbstractBasicLexer:  # type: ignore[override]
        """The lexer of every terminal (Lark uses it to explain an unexpected token)."""
        if self._root is None:
            conf = copy(self._conf)
            conf.skip_validation = True  # as in Lark: the terminals were checked already
            self._root = self.BasicLexer(conf)
        return self._root
