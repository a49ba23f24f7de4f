"""A grouped count over the rows of one kind: what the one pass over a large file computes
(:mod:`sladsl.evaluate.onepass`) and what a checker would run on its own."""

from __future__ import annotations

from dataclasses import dataclass

from .convert import q


@dataclass(frozen=True)
class Grouped:
    """``SELECT keys, aggregates FROM kind WHERE where GROUP BY keys``: a grouped count over
    the rows of one kind, each key and aggregate as ``(name, SQL)``. Without keys, one row
    (none in a pass where no row matched: readers take no row as zero counts)."""

    kind: str
    keys: tuple[tuple[str, str], ...]
    aggregates: tuple[tuple[str, str], ...]
    where: str

    def sql(self) -> str:
        cols = ", ".join(f"{e} AS {q(a)}" for a, e in (*self.keys, *self.aggregates))
        group = " GROUP BY ALL" if self.keys else ""
        return f"SELECT {cols} FROM {q(self.kind)} WHERE {self.where}{group}"
