"""``sladsl diff --data DIR --period P``: how verdicts and credits differ between two versions.

Both versions are evaluated on the same measurements for the same period with the checkers of
:mod:`sladsl.evaluate`; the report lists each objective whose verdict or measured value
differs, and the credit owed under each version. Heavy modules are imported only here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import Spec

Model = dict[str, Any]


def _evaluate(spec: Spec, data_dir: str, period: str) -> Model:
    from ..evaluate.bindings import load_bindings
    from ..evaluate.engine import Engine
    from ..evaluate.periods import parse_period, zone
    from ..evaluate.report import build

    bindings_file = Path(spec.file).parent / "bindings.toml"
    binds = load_bindings(str(bindings_file) if bindings_file.is_file() else None)
    evaluation = Engine(spec, Path(data_dir), binds).run([parse_period(period,
                                                                       zone(spec.time_zone))])
    result: Model = build(evaluation)
    return result


def _lines(model: Model) -> dict[tuple[str, str, str, str], Model]:
    out: dict[tuple[str, str, str, str], Model] = {}
    for period in model["periods"]:
        for line in period["lines"]:
            key = (line["service"], line["objective"], line["metric"], line["window"])
            out.setdefault(key, line)
    return out


def _credit(model: Model) -> str:
    totals = [p["credits"] for p in model["periods"] if p["credits"] is not None]
    if not totals:
        return "no credits"
    return ", ".join(f"{c['currency']} {c['total']}" for c in totals)


def evaluation_report(old: Spec, new: Spec, data_dir: str, period: str | None) -> str:
    """A text section comparing verdicts and credits of both versions on the same data."""
    from ..evaluate.periods import usage_error

    if not period:
        raise usage_error("--data needs --period: the period to evaluate both versions on",
                          "sladsl diff old.sla new.sla --data DIR --period 2026-04")
    a, b = _evaluate(old, data_dir, period), _evaluate(new, data_dir, period)
    la, lb = _lines(a), _lines(b)
    out = [f"Evaluated on {data_dir} for {period}:"]
    for key in sorted(set(la) | set(lb)):
        x, y = la.get(key), lb.get(key)
        service, objective, metric, window = key
        name = f'"{objective}" of "{service}" ({metric}, {window})'
        if x is None or y is None:
            which = "only in the new version" if x is None else "only in the old version"
            line = y if y is not None else x
            assert line is not None
            out.append(f"  {name}: {which}: {line['verdict']}")
            continue
        if (x["verdict"], x["measured"], x["target"]) != (y["verdict"], y["measured"],
                                                         y["target"]):
            out.append(f"  {name}: {x['verdict']} -> {y['verdict']} (measured {x['measured']} "
                       f"-> {y['measured']}; target {x['comparator']} {x['target']} -> "
                       f"{y['comparator']} {y['target']})")
    if len(out) == 1:
        out.append("  every verdict is the same under both versions")
    ca, cb = _credit(a), _credit(b)
    out.append(f"  credit owed: {ca} -> {cb}" if ca != cb else f"  credit owed: {ca} (same)")
    return "\n".join(out) + "\n"
