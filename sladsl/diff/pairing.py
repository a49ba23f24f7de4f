"""Pairing the units of two versions place by place, as the document does.

Within one place (a section, a service, an objective, the header; never across places) the
two sequences of units are aligned by :class:`difflib.SequenceMatcher` on *tokens*: a
structured unit's token is its identity (the defined name, the target's class …) and its
content, a prose block's token is its text with layout normalised away. What lines up is
paired where it stands. What does not is then paired, in this order:

1. structured units with the same identity (changed where they stand, or moved);
2. prose blocks with the same normalised text (moved);
3. prose blocks left in one gap between aligned units: by position, the first old with the
   first new; only when one side has more does text similarity choose which ones pair (a
   tie-breaker, never a reason to pair across a gap).

Everything left over was added or removed. A pair *moved* when it is not among the largest
set of pairs that kept their order. So inserting, deleting or moving a clause reports
exactly that, and a reworded clause is compared with the clause that stood in its place.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from ..fmt.command import structure
from .units import Key, Place, Unit

#: Typographic quotes and the plain ones they stand for (a wording-only difference).
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"',
                         "\u00bb": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'"})
_SPACE = re.compile(r"\s+")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")


def normalise_prose(text: str) -> str:
    """Prose with what cannot change its meaning taken out: runs of white space inside a
    paragraph (so reflowing is invisible) and typographic quotes. Paragraph breaks stay."""
    paragraphs = _PARAGRAPH.split(text.translate(_QUOTES).strip())
    return "\n\n".join(_SPACE.sub(" ", p).strip() for p in paragraphs)


def is_prose(unit: Unit) -> bool:
    return unit.key == ("prose",)


@dataclass(frozen=True, slots=True)
class Match:
    """A unit of the old version, of the new, or of both; ``moved`` gives the 1-based
    positions among its siblings when a paired unit changed its place in the sequence."""

    place: Place  # the new version's place (the old one's when the place is gone)
    old: Unit | None
    new: Unit | None
    moved: tuple[int, int] | None = None


def match(old: dict[Key, Place], new: dict[Key, Place]) -> list[Match]:
    """Every unit of both versions, paired place by place, in document order.

    A block that was added or removed is one match; its contents are not listed again.
    """
    out: list[Match] = []
    for key in (("header",), ("document",)):
        _match_place(old[key], new[key], old, new, out)
    return out


def _match_place(a: Place, b: Place, old: dict[Key, Place], new: dict[Key, Place],
                 out: list[Match]) -> None:
    pairs, removed, added = align(a.units, b.units)
    order: list[tuple[float, int, Match]] = []
    paired_old = sorted((i, j) for j, (i, _) in pairs.items())
    for j, (i, moved) in pairs.items():
        where = (i + 1, j + 1) if moved else None
        order.append((j, 0, Match(b, a.units[i], b.units[j], where)))
    for j in added:
        order.append((j, 0, Match(b, None, b.units[j])))
    for i in removed:
        # A removed unit is listed where it stood: before the next unit that stayed.
        after = next((j for i2, j in paired_old if i2 > i), len(b.units))
        order.append((after - 0.5, i, Match(b, a.units[i], None)))
    for _, _, m in sorted(order, key=lambda x: (x[0], x[1])):
        out.append(m)
        if m.old is not None and m.new is not None and m.old.inner and m.new.inner:
            _match_place(old[m.old.inner], new[m.new.inner], old, new, out)


def _token(unit: Unit) -> Hashable:
    """What must be equal for two units to line up as they stand: a structured unit's identity
    and content, a prose block's text with layout normalised away."""
    if is_prose(unit):
        return ("prose", normalise_prose(getattr(unit.node, "text", "")))
    return (unit.key, structure(unit.node))


def similarity(x: str, y: str) -> float:
    return difflib.SequenceMatcher(None, x.split(), y.split(), autojunk=False).ratio()


def align(a: Sequence[Unit], b: Sequence[Unit]) -> tuple[dict[int, tuple[int, bool]],
                                                          list[int], list[int]]:
    """Pairs of two sibling sequences: ``{new index: (old index, moved)}``, then the old
    indices left unpaired (removed) and the new ones (added)."""
    ta, tb = [_token(u) for u in a], [_token(u) for u in b]
    pairs: dict[int, int] = {}
    free_a: list[int] = []
    free_b: list[int] = []
    gaps: list[tuple[range, range]] = []
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs.update((j1 + k, i1 + k) for k in range(i2 - i1))
            continue
        free_a.extend(range(i1, i2))
        free_b.extend(range(j1, j2))
        gaps.append((range(i1, i2), range(j1, j2)))
    # 1: a structured unit with the same identity (changed, moved, or both); units that share
    # an identity (two duties with the same action) pair in document order.
    # 2: prose with the same text somewhere else in the place (moved).
    for i in list(free_a):
        j = next((j for j in free_b if (tb[j] == ta[i] if is_prose(a[i]) else
                                        not is_prose(b[j]) and b[j].key == a[i].key)), None)
        if j is not None:
            pairs[j] = i
            free_a.remove(i)
            free_b.remove(j)
    # 3: prose left in the same gap, by position; similarity only decides who pairs when
    # one side has more.
    for old_gap, new_gap in gaps:
        p = [i for i in old_gap if i in free_a and is_prose(a[i])]
        q = [j for j in new_gap if j in free_b and is_prose(b[j])]
        for i, j in _by_position(p, q, [getattr(a[i].node, "text", "") for i in p],
                                 [getattr(b[j].node, "text", "") for j in q]):
            pairs[j] = i
            free_a.remove(i)
            free_b.remove(j)
    kept = _in_order(pairs)
    return {j: (i, j not in kept) for j, i in pairs.items()}, free_a, free_b


def _in_order(pairs: dict[int, int]) -> set[int]:
    """The new indices of the largest set of pairs that kept their relative order (a longest
    increasing subsequence); every other pair moved."""
    order = sorted(pairs)
    tails: list[int] = []  # tails[k]: position in ``order`` ending the best run of length k+1
    back: list[int] = [-1] * len(order)
    for pos, j in enumerate(order):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if pairs[order[tails[mid]]] < pairs[j]:
                lo = mid + 1
            else:
                hi = mid
        back[pos] = tails[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(pos)
        else:
            tails[lo] = pos
    kept: set[int] = set()
    pos = tails[-1] if tails else -1
    while pos >= 0:
        kept.add(order[pos])
        pos = back[pos]
    return kept


def _by_position(p: list[int], q: list[int], ptext: list[str],
                 qtext: list[str]) -> list[tuple[int, int]]:
    """Order-keeping pairs of ``p`` and ``q``: all of the shorter list, each with the most
    similar member of the longer one that keeps the order (in order when lengths agree)."""
    if len(p) == len(q):
        return list(zip(p, q, strict=True))
    swap = len(p) > len(q)
    short, long = (q, p) if swap else (p, q)
    stext, ltext = (qtext, ptext) if swap else (ptext, qtext)
    m, k = len(short), len(long)
    neg = float("-inf")
    best = [[0.0] * (k + 1)] + [[neg] * (k + 1) for _ in range(m)]
    for x in range(1, m + 1):
        for y in range(x, k + 1):
            best[x][y] = max(best[x][y - 1],
                             best[x - 1][y - 1] + similarity(stext[x - 1], ltext[y - 1]))
    out: list[tuple[int, int]] = []
    x, y = m, k
    while x > 0:
        if y > x and best[x][y] == best[x][y - 1]:
            y -= 1
            continue
        out.append((long[y - 1], short[x - 1]) if swap else (short[x - 1], long[y - 1]))
        x, y = x - 1, y - 1
    return out[::-1]
