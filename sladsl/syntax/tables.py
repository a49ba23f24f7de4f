"""The ready Lark parser, kept whole in the user cache between runs.

Lark's own cache (``cache=`` in :func:`sladsl.syntax.parser.lark_parser`) keeps the parse
tables in a generic serialised form: each start rebuilds ~5,600 objects from it one by one
(rules, symbols, terminals, the 1,017 LALR states and the parse-tree callbacks), which cost
more than Python's and click's imports together. This module keeps the finished parser
instead: built once (through Lark's own cache), pickled whole to ``parser-tables.pickle`` and
read back with one :func:`pickle.load`, which builds the same objects in C.

Safety. The file is written atomically to the user's own cache folder and tagged with a hash
of everything it was made from (the grammar, the options, Lark's and Python's versions, and
the source of the two sladsl classes it holds), so a stale file is rebuilt, never used. It is
read with an unpickler that resolves only the classes a parser is made of (:data:`ALLOWED`):
a file holding anything else (a hand-made pickle that names ``os.system``, say) is refused and
the parser built again, as is a damaged or unreadable file. ``SLADSL_NO_CACHE=1`` turns the
cache off; a folder that cannot be written only costs the time of building.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import re
import sys
from collections.abc import Callable
from typing import Any

from lark import Lark

from .. import usercache

FILE = "parser-tables.pickle"
#: Raised by hand when the way the parser is pickled changes.
FORMAT = "1"

#: Every class and function a pickled parser names: module → names.
ALLOWED: dict[str, frozenset[str]] = {
    "lark.lark": frozenset({"Lark", "LarkOptions"}),
    "lark.grammar": frozenset({"Rule", "RuleOptions", "NonTerminal", "Terminal"}),
    "lark.common": frozenset({"LexerConf", "ParserConf"}),
    "lark.lexer": frozenset({"TerminalDef", "PatternRE", "PatternStr", "BasicLexer", "Scanner",
                             "UnlessCallback", "Token"}),  # names are Tokens when new
    "lark.parse_tree_builder": frozenset({
        "ParseTreeBuilder", "PropagatePositions", "ChildFilter", "ChildFilterLALR",
        "ChildFilterLALR_NoPlaceholders", "AmbiguousExpander", "AmbiguousIntermediateExpander",
        "ExpandSingleChild", "Callback", "inplace_transformer", "apply_visit_wrapper"}),
    "lark.tree": frozenset({"Tree"}),
    "lark.parser_frontends": frozenset({"ParsingFrontend", "PostLexConnector"}),
    "lark.parsers.lalr_parser": frozenset({"LALR_Parser", "_Parser"}),
    "lark.parsers.lalr_analysis": frozenset({"IntParseTable", "ParseTable", "Action", "Shift",
                                             "Reduce"}),
    "functools": frozenset({"partial"}),
    "sladsl.syntax.layout": frozenset({"IndentationPostLexer"}),
    "sladsl.syntax.lexer": frozenset({"LazyContextualLexer", "_LexersByState", "PATTERNS",
                                       "compiled"}),
}


class _Unpickler(pickle.Unpickler):
    """Resolves only what :data:`ALLOWED` names."""

    def find_class(self, module: str, name: str) -> Any:
        if name not in ALLOWED.get(module, ()):
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a parser")
        return super().find_class(module, name)


class _Pickler(pickle.Pickler):
    """Pickles the objects that must stay one per process by their name: Lark compares its
    parse actions by identity (``action is Shift``), and the lexers share one pattern store."""

    def reducer_override(self, obj: Any) -> Any:
        from lark.parsers.lalr_analysis import Reduce, Shift

        from .lexer import PATTERNS, compiled

        if obj is Shift:
            return "Shift"
        if obj is Reduce:
            return "Reduce"
        if obj is PATTERNS:
            return "PATTERNS"
        if isinstance(obj, re.Pattern):
            return compiled, (obj.pattern, obj.flags)
        return NotImplemented


def tag(grammar: str, options: dict[str, Any]) -> bytes:
    """What a kept parser was made from, hashed: a file with another tag is not used."""
    import hashlib

    import lark

    from . import layout, lexer

    digest = hashlib.sha256()
    for part in (FORMAT, sys.version, lark.__version__, repr(sorted(options.items())), grammar):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    for module in (layout, lexer):  # their classes are inside the pickle
        try:
            with open(module.__file__ or "", "rb") as handle:
                digest.update(handle.read())
        except OSError:
            digest.update(b"?")
    return digest.hexdigest().encode("ascii")


def load_parser(grammar: str, options: dict[str, Any], build: Callable[[], Lark]) -> Lark:
    """The parser kept in the user cache for ``grammar`` and ``options`` (the hashable ones),
    or ``build()``'s, then kept for the next run."""
    where = usercache.folder()
    if where is None:
        return build()
    path = os.path.join(where, FILE)
    expected = tag(grammar, options)
    kept = _read(path, expected)
    if kept is not None:
        return kept
    parser = build()
    _write(path, expected, parser)
    return parser


def _read(path: str, expected: bytes) -> Lark | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    header, _, body = data.partition(b"\n")
    if header != expected:
        return None
    collecting = gc.isenabled()
    gc.disable()  # ~16,000 objects that live as long as the process and hold no garbage
    try:
        parser = _Unpickler(io.BytesIO(body)).load()
    except Exception:  # noqa: BLE001 (damaged, refused or from another version: build again)
        return None
    finally:
        if collecting:
            _age_tracked_objects()
            gc.enable()
    return parser if isinstance(parser, Lark) else None


def _prepare(parser: Lark) -> None:
    """Readies a new parser to be kept: every state's lexer built, and equal parts shared.

    Lark builds a new symbol for every place a rule names one, new options for every rule and
    a new action for every entry of its parse table; they compare equal, and nothing changes
    them after the parser is built, so one of each is kept (about 4,000 objects fewer to read
    at every start). What Lark needs only while it builds is dropped, as a parser loaded from
    Lark's own cache lacks it too: the compiled grammar and the tree builder's recipe for the
    callbacks (the callbacks are made).
    """
    parser.parser.lexer.lexer.build_all()
    symbols: dict[tuple[object, ...], Any] = {}
    options: dict[tuple[object, ...], Any] = {}
    for rule in parser.rules:
        rule.origin = symbols.setdefault(_symbol_key(rule.origin), rule.origin)
        rule.expansion = [symbols.setdefault(_symbol_key(s), s) for s in rule.expansion]
        o = rule.options
        key = (o.keep_all_tokens, o.expand1, o.priority, o.template_source,
               tuple(o.empty_indices))
        rule.options = options.setdefault(key, o)
    actions: dict[tuple[int, object], Any] = {}
    for row in parser.parser.parser.parser.parse_table.states.values():
        for token, (action, arg) in row.items():
            row[token] = actions.setdefault(
                (id(action), arg if isinstance(arg, int) else id(arg)), (action, arg))
    for built_only in ("grammar", "_parse_tree_builder"):
        vars(parser).pop(built_only, None)


def _symbol_key(symbol: Any) -> tuple[object, ...]:
    return type(symbol), symbol.name, getattr(symbol, "filter_out", None)


def _age_tracked_objects() -> None:
    """Moves every object the collector tracks into its oldest generation, as if it had
    survived the young collections, without walking them: the parser's objects would otherwise
    be walked by the next young collections, which free nothing of them. (Objects are moved,
    not set aside: a later full collection still looks at them.)"""
    gc.freeze()
    gc.unfreeze()


def _write(path: str, header: bytes, parser: Lark) -> None:
    from ..atomic import write_atomically

    buffer = io.BytesIO()
    try:
        _prepare(parser)
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(parser)
    except Exception:  # noqa: BLE001 (something unpicklable: the parser still works)
        return
    try:
        write_atomically(path, header + b"\n" + buffer.getvalue())
    except OSError:
        pass
