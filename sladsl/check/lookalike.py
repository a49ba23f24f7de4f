"""Names that look like other names: the scripts of a name's letters, and skeletons that make
names which display alike equal (:meth:`sladsl.check.checker.Checker.names`, codes S122 and
S123)."""

from __future__ import annotations

import functools
import unicodedata


def scripts_of(text: str) -> set[str]:
    """The scripts of the letters in ``text`` (LATIN, CYRILLIC, GREEK …), by Unicode name."""
    found: set[str] = set()
    for ch in text:
        if ch.isalpha():
            found.add(unicodedata.name(ch, "UNKNOWN").split(" ")[0])
    return found


def skeletons(names: list[str]) -> dict[str, str]:
    """Each name with every letter replaced by one representative of the letters that look
    like it (Unicode's confusables data, UTS #39: Cyrillic "А" and Latin "A"; Cyrillic "І",
    Latin "I" and "l"), so that names that display alike have the same skeleton. The letters
    that look alike are joined into groups (union-find), so the work grows with the letters,
    not with pairs of names."""
    parent: dict[str, str] = {}

    def find(ch: str) -> str:
        root = ch
        while parent.get(root, root) != root:
            root = parent[root]
        while ch != root:  # path compression
            parent[ch], ch = root, parent[ch]
        return root

    for ch in {c for name in names for c in name}:
        for other in _prototypes(ch):
            a, b = find(ch), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {name: "".join(find(c) for c in name) for name in names}


@functools.lru_cache(maxsize=4096)
def _prototypes(ch: str) -> frozenset[str]:
    """``ch`` and the characters Unicode lists as looking like it (loaded only for names that
    are not plain ASCII)."""
    from confusable_homoglyphs import confusables

    found = confusables.is_confusable(ch, greedy=True) or []
    return frozenset([ch, *(g["c"] for f in found for g in f["homoglyphs"])])
