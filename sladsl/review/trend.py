"""Trend charts of the review pack: one objective's value per period against its target.

Drawn by matplotlib with the report charts' settings (:data:`sladsl.evaluate.charts.RC`):
inline SVG for HTML (:func:`trend_svg`), PNG for Word (:func:`trend_png`), the same picture.
"""

from __future__ import annotations

import io
from fractions import Fraction
from typing import Any

from ..evaluate.charts import RC, finish_svg, label_text

Model = dict[str, Any]
_MET, _MISSED, _LINE, _TARGET = "#2e8b57", "#c0392b", "#2c6fbb", "#c0392b"


def describe_trend(trend: Model) -> str:
    points = "; ".join(f"{pt['period']}: {pt['measured'] or 'no value'} ({pt['verdict']})"
                       for pt in trend["points"])
    target = f"target {trend['comparator']} {trend['target']}{_unit(trend['unit'])}" \
        if trend["target"] is not None else "no target"
    return (f"{trend['metric'].capitalize()} per period, {target}: {points}. "
            f"{trend['summary'].capitalize()}.")


def _unit(unit: str) -> str:
    return unit if unit in ("%", "") else f" {unit}"


def _figure(trend: Model) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.0, 2.2))
    ax = fig.subplots()
    labels = [pt["period"] for pt in trend["points"]]
    values = [float("nan") if pt["measured"] is None else float(Fraction(pt["measured"]))
              for pt in trend["points"]]
    colours = [_MISSED if pt["verdict"] == "missed" else _MET if pt["verdict"] == "met"
               else "#999999" for pt in trend["points"]]
    xs = list(range(len(labels)))
    ax.plot(xs, values, color=_LINE, lw=1.2)
    ax.scatter(xs, values, c=colours, s=22, zorder=3)
    if trend["target"] is not None:
        ax.axhline(float(Fraction(trend["target"])), color=_TARGET, lw=1, ls="--")
    ax.set_xticks(xs, labels, fontsize=7)
    ax.set_ylabel(label_text(f"{trend['unit'] or 'value'}", 20))
    fig.subplots_adjust(left=0.12, right=0.98, top=0.95, bottom=0.15)
    return fig


def trend_svg(trend: Model, key: str) -> str:
    import matplotlib

    rc: Any = RC
    with matplotlib.rc_context(rc):
        buffer = io.StringIO()
        _figure(trend).savefig(buffer, format="svg", metadata={
            "Date": None, "Creator": None, "Format": None, "Type": None})
    title = f"Trend: {trend['clause']} {trend['objective']} ({trend['metric']})"
    return finish_svg(buffer.getvalue(), key, title, describe_trend(trend))


def trend_png(trend: Model) -> bytes:
    import matplotlib

    rc: Any = RC
    with matplotlib.rc_context(rc):
        buffer = io.BytesIO()
        _figure(trend).savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    return buffer.getvalue()
