"""The report's charts: inline SVG drawn by matplotlib (the ``charts`` extra), or tables.

:func:`figures_html` turns the ``charts`` of a report model (:mod:`sladsl.evaluate.series`)
into HTML ``<figure>`` elements: an SVG picture with a ``<title>`` and a ``<desc>`` (the text
alternative, read by screen readers), a caption with the clause number and the contract
sentence, and the numbers behind the picture in a table. Without matplotlib the tables are
shown open instead of the pictures, so a report never needs the extra to say everything.

No JavaScript: the SVG is static, so it works offline and in print. The output is the same
bytes for the same model: fixed fonts (DejaVu Sans, shipped with matplotlib), text kept as
text (``svg.fonttype: none``), a fixed ``svg.hashsalt`` for clip-path ids, and no date or
creator in the metadata. Every id is prefixed per figure, so many SVGs share one page.

Text from the spec or the data reaches the SVG only through matplotlib's XML writer (which
escapes it) with mathtext parsing off, and reaches the HTML only through :func:`html.escape`.
"""

from __future__ import annotations

import html
import io
import re
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

Model = dict[str, Any]
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_ID = re.compile(r'(\bid="|url\(#|xlink:href="#)([^")]+)')
RC: dict[str, Any] = {"svg.hashsalt": "sladsl", "svg.fonttype": "none", "text.parse_math": False,
      "font.family": "DejaVu Sans", "font.size": 9.0, "axes.titlesize": 9.0,
      "path.simplify": True, "svg.image_inline": True, "text.usetex": False}
_RED, _GREY, _ORANGE, _BLUE, _GREEN = "#c0392b", "#b0b0b0", "#e67e22", "#2c6fbb", "#2e8b57"


def available() -> bool:
    """Whether matplotlib (the ``charts`` extra) is installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def esc(text: str) -> str:
    """Text for HTML or inline SVG: escaped, control characters (which XML forbids) replaced."""
    return html.escape(_CONTROL.sub("\N{REPLACEMENT CHARACTER}", str(text)))


def label_text(text: str, limit: int = 28) -> str:
    """Data text made fit for a chart label: no control characters, at most ``limit`` long."""
    text = _CONTROL.sub("\N{REPLACEMENT CHARACTER}", " ".join(str(text).split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _f(text: str | None) -> float:
    """A model number for drawing only (never for a verdict)."""
    return float("nan") if text is None else float(text)


# ---------------------------------------------------------------- HTML


def figures_html(model: Model, contract: str | None = None, level: int = 2) -> str:
    """Every chart of a report model as HTML figures ("" when the report has none), under a
    heading of ``level``."""
    charts = model.get("charts") or []
    if not charts:
        return ""
    tz = ZoneInfo(model["agreement"]["time_zone"])
    draw = available()
    out = [f'<section class="sladsl-charts"><h{level} id="charts">Charts</h{level}>']
    if not draw:
        out.append("<p>The charts need the <code>charts</code> extra "
                   "(<code>pip install 'sladsl[charts]'</code>); their numbers follow.</p>")
    figures: dict[str, Any] = {}
    for k, chart in enumerate(charts, 1):
        out.append(figure_html(chart, f"c{k}", tz, draw, contract, figures))
    out.append("</section>")
    return "\n".join(out)


def figure_html(chart: Model, key: str, tz: ZoneInfo, draw: bool = True,
                contract: str | None = None, figures: dict[str, Any] | None = None) -> str:
    """One chart: the picture (or its table), the caption and the text alternative."""
    e = esc
    chart = expand(chart)
    title, desc = title_of(chart), describe(chart)
    clause = e(chart["clause"])
    if contract is not None and chart["anchor"]:
        clause = f'<a href="{e(contract)}#{e(chart["anchor"])}">{clause}</a>'
    caption = (f"<figcaption><strong>{clause} {e(chart['objective'])}</strong> "
               f"({e(chart['service'])}): {e(chart['sentence'])}</figcaption>")
    table = data_table(chart)
    if draw:
        picture = svg(chart, key, tz, title, desc, figures)
        body = f'{picture}\n<details><summary>The numbers</summary>{table}</details>'
    else:
        body = f'<p id="{key}-desc">{e(desc)}</p>{table}'
    return f'<figure class="sladsl-chart" id="chart-{key}">{body}\n{caption}</figure>'


def expand(chart: Model) -> Model:
    """An availability chart with its intervals as ``{start, end, minutes}`` objects (the
    report carries each window's intervals as ``OFFSET+LENGTH`` seconds from its start, see
    :func:`sladsl.evaluate.series.seconds`); other charts, and expanded ones, as they are."""
    if chart["kind"] != "availability" or not any(
            isinstance(w[f], str) for w in chart["windows"] for f in _LANES):
        return chart
    tz = ZoneInfo(chart["time_zone"])
    windows = [w | {f: _intervals(w[f], w["start"], tz) for f in _LANES}
               for w in chart["windows"]]
    return chart | {"windows": windows}


_LANES = ("down", "excluded", "short")


def _intervals(text: str | list[Model], start: str, tz: ZoneInfo) -> list[Model]:
    from .periods import from_us, to_us
    from .results import shown

    if not isinstance(text, str):
        return text
    base = to_us(datetime.fromisoformat(start))
    out = []
    for run in text.split():
        offset, length = (int(Decimal(x) * 1_000_000) for x in run.split("+"))
        a = base + offset
        out.append({"start": from_us(a, tz).isoformat(),
                    "end": from_us(a + length, tz).isoformat(),
                    "minutes": shown(Fraction(length, 60_000_000), places=2)})
    return out


def title_of(chart: Model) -> str:
    kind = {"availability": "Downtime and error budget", "daily": "Values per day",
            "tickets": "Ticket attainment by priority and the worst tickets"}[chart["kind"]]
    return f"{kind}: {chart['clause']} {chart['objective']}"


def describe(chart: Model) -> str:
    """The text alternative of a chart: what the picture shows, in sentences."""
    return {"availability": _describe_availability, "daily": _describe_daily,
            "tickets": _describe_tickets}[chart["kind"]](chart)


def _describe_availability(c: Model) -> str:
    c = expand(c)
    windows = c["windows"]
    down = [d for w in windows for d in w["down"]]
    total = sum((Decimal(d["minutes"]) for d in down), Decimal(0))
    excluded = sum((Decimal(d["minutes"]) for w in windows for d in w["excluded"]),
                   Decimal(0))
    short = [d for w in windows for d in w["short"]]
    out = [f"Timeline of {windows[0]['label']}" + (f" to {windows[-1]['label']}"
                                                     if len(windows) > 1 else "")
           + f": {_n(total)} min of counted downtime in {len(down)} run(s)"]
    if down:
        longest = max(down, key=lambda d: Decimal(d["minutes"]))
        from .explain import when

        out[-1] += (f", the longest {longest['minutes']} min on "
                    f"{when(longest['start'], longest['end'])}")
    out.append(f"{_n(excluded)} min excluded (shaded)")
    if c["min_run"]:
        out.append(f"{len(short)} run(s) shorter than {c['min_run']} not counted "
                   "(minimum-run rule)")
    used = [f"{w['label']} {w['measured'] or '-'}% available"
            + (f", error budget {w['budget_minutes']} min" if w["budget_minutes"] else "")
            for w in windows]
    out.append("; ".join(used))
    if c["tiers"]:
        out.append("credit tiers at " + ", ".join(
            f"{t['percent']}% ({t['budget_percent']}% of the error budget)" for t in c["tiers"]))
    return ". ".join(out) + "."


def _describe_daily(c: Model) -> str:
    points = [p for p in c["points"] if p["value"] is not None]
    unit = c["unit"]
    target = f"{c['comparator']} {c['target']}{_unit(unit)}" if c["target"] else "no target"
    if not points:
        return f"{c['metric'].capitalize()}: no values per day (target {target})."
    missed = [p for p in points if not _meets(p["value"], c)]
    worst = min(points, key=lambda p: _headroom(p["value"], c))
    per = "day" if _days(points) else "part"
    return (f"{c['metric'].capitalize()} per {per} from {points[0]['day']} to "
            f"{points[-1]['day']} against the target {target}: {len(missed)} of {len(points)} "
            f"{per}s missed it; the worst {worst['value']}{_unit(unit)} on {worst['day']}. "
            + "; ".join(f"window {w['label']}: {w['measured'] or '-'}{_unit(unit)}, "
                        f"{w['verdict']}" for w in c["windows"]) + ".")


def _describe_tickets(c: Model) -> str:
    bars = "; ".join(f"{b['metric']} in {b['window']}: "
                     + (f"{b['attainment']}%" if b["attainment"] is not None else "no tickets")
                     + (f" ({b['missed']} missed)" if b["missed"] else "")
                     for b in c["bars"])
    worst = "; ".join(f"{w['ticket']} ({w['metric']}, {w['window']}) took {w['elapsed_hours']} h"
                      + (f", due within {w['limit_hours']} h" if w["limit_hours"] else "")
                      + (f" (due {w['due']})" if w.get("due") else "")
                      for w in c["worst"])
    return f"Attainment: {bars}." + (f" Worst tickets: {worst}." if worst else "")


def _n(value: Decimal) -> str:
    from .results import shown

    return shown(value, places=2)


def _unit(unit: str) -> str:
    return unit if unit in ("%", "") else f" {unit}"


def _meets(value: str, c: Model) -> bool:
    if c["target"] is None:
        return True
    room = _headroom(value, c)
    return room >= 0 if c["comparator"] in ("at least", "at most") else room > 0


def _headroom(value: str, c: Model) -> Fraction:
    if c["target"] is None:
        return Fraction(0)
    v, g = Fraction(value), Fraction(c["target"])
    return v - g if c["comparator"] in ("at least", "more than") else g - v


def _days(points: list[Model]) -> bool:
    return all(".." in p["label"] and p["label"].split("..")[0] == p["label"].split("..")[1]
               for p in points)


def data_table(chart: Model) -> str:
    """The numbers behind a chart, as an HTML table (escaped)."""
    e = esc
    if chart["kind"] == "availability":
        chart = expand(chart)
        head = ["window", "available", "error budget", "counted downtime", "excluded",
                "short runs not counted"]
        rows = []
        for w in chart["windows"]:
            def spans(items: list[Model]) -> str:
                from .explain import when

                shown = "; ".join(f"{when(d['start'], d['end'])} ({d['minutes']} min)"
                                  for d in items[:20]) or "-"
                return shown + (f"; and {len(items) - 20} more (in the JSON report)"
                                if len(items) > 20 else "")
            rows.append([w["label"], f"{w['measured'] or '-'}%",
                         f"{w['budget_minutes'] or '-'} min", spans(w["down"]),
                         spans(w["excluded"]), spans(w["short"])])
    elif chart["kind"] == "daily":
        head = ["window", "part", f"{chart['metric']} ({chart['unit'] or 'value'})"]
        rows = [[p["window"], p["label"], p["value"] or "-"] for p in chart["points"]]
    else:
        head = ["window", "target", "attainment", "met", "missed", "pending"]
        rows = [[b["window"], b["metric"], f"{b['attainment']}%" if b["attainment"] else "-",
                 b["met"] or "-", b["missed"] or "-", b["pending"] or "-"]
                for b in chart["bars"]]
        if chart["worst"]:
            rows += [["worst", f"{w['ticket']} ({w['metric']}, {w['window']})",
                      f"{w['elapsed_hours']} h", f"due within {w['limit_hours'] or '-'} h"
                      + (f", at {w['due']}" if w.get("due") else ""),
                      w["status"], ""] for w in chart["worst"]]
    return ("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in head)
            + "</tr></thead><tbody>" + "".join(
                "<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in r) + "</tr>" for r in rows)
            + "</tbody></table>")


# ---------------------------------------------------------------- SVG


def svg(chart: Model, key: str, tz: ZoneInfo, title: str, desc: str,
        figures: dict[str, Any] | None = None) -> str:
    """The chart as an inline ``<svg>`` element with its title and description.

    ``figures`` (one dict per report) keeps a figure per kind of chart to draw the next chart
    of that kind on: its axes and tick objects are reused, which halves the time of a chart
    (matplotlib spends most of it building axes and ticks). Everything drawn is removed and
    every limit, tick and label is set again, so a chart looks the same either way.
    """
    import matplotlib

    rc: Any = RC  # matplotlib's stubs want every key as a literal
    with matplotlib.rc_context(rc):
        from matplotlib.figure import Figure

        kind = chart["kind"]
        draw = {"availability": _draw_availability, "daily": _draw_daily,
                "tickets": _draw_tickets}[kind]
        fig = None if figures is None or kind == "tickets" else figures.get(kind)
        if fig is None:
            fig = Figure(figsize=(8.0, 4.2 if kind != "daily" else 2.8))
            if figures is not None and kind != "tickets":
                figures[kind] = fig
        else:
            for ax in fig.axes:
                for artist in [*ax.lines, *ax.patches, *ax.texts, *ax.collections]:
                    artist.remove()
                ax.relim()
                ax.set_autoscale_on(True)
        draw(fig, chart, tz)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None,
                                                     "Format": None, "Type": None})
    return finish_svg(buffer.getvalue(), key, title, desc)


def finish_svg(text: str, key: str, title: str, desc: str) -> str:
    """matplotlib's SVG file made an inline element: no prolog, ids prefixed with ``key``,
    ``role="img"`` labelled by its ``<title>`` and described by its ``<desc>``."""
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    text = _ID.sub(lambda m: f"{m[1]}{key}-{m[2]}", text)
    text = re.sub(r' width="[\d.]+pt" height="[\d.]+pt"', "", text, count=1)
    e = esc
    head = (f'<svg role="img" aria-labelledby="{key}-title" aria-describedby="{key}-desc" '
            'style="width:100%;height:auto;max-width:48em"')
    text = head + text[len("<svg"):]
    close = text.index(">") + 1
    return (text[:close] + f'\n <title id="{key}-title">{e(title)}</title>'
            f'\n <desc id="{key}-desc">{e(desc)}</desc>' + text[close:]).rstrip() + "\n"


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _x(text: str) -> float:
    """An ISO instant as matplotlib's x: days since 1970-01-01 UTC (its default epoch)."""
    return datetime.fromisoformat(text).timestamp() / 86400.0


def _ticks(ax: Any, start: float, end: float, tz: ZoneInfo) -> None:
    """Fixed date ticks: the first of each month over long spans, every week otherwise
    (cheaper than matplotlib's date locators, and the same on every run)."""
    first = datetime.fromtimestamp(start * 86400.0, tz).date()
    last = datetime.fromtimestamp(end * 86400.0, tz).date()
    days: list[date] = []
    if (last - first).days > 62:
        step = max(1, ((last - first).days // 31 + 11) // 12)
        index = first.year * 12 + first.month - 1 + (first.day > 1)
        while True:
            day = date(index // 12, index % 12 + 1, 1)
            if day > last:
                break
            days.append(day)
            index += step
        text = "%b %Y" if first.year != last.year else "%b"
    else:
        days = [date.fromordinal(d) for d in range(first.toordinal(), last.toordinal() + 1, 7)]
        text = "%d %b"
    positions = [datetime(d.year, d.month, d.day, tzinfo=tz).timestamp() / 86400.0
                 for d in days]
    ax.set_xticks(positions, [d.strftime(text) for d in days])
    ax.set_xlim(start, end)


def _max_ticks(count: int) -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(count)


def _midnight(day: date, tz: ZoneInfo) -> float:
    return datetime(day.year, day.month, day.day, tzinfo=tz).timestamp() / 86400.0


def _spans(items: list[Model], gap: float, least: float) -> list[tuple[float, float]]:
    """Intervals as (start, end) in days, those closer than ``gap`` merged (they would share
    a pixel), each at least ``least`` wide so that a one-minute run stays visible."""
    out: list[tuple[float, float]] = []
    for a, b in sorted((_x(d["start"]), _x(d["end"])) for d in items):
        b = max(b, a + least)
        if out and a - out[-1][1] < gap:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _bands(ax: Any, spans: list[tuple[float, float]], y0: float, y1: float, colour: str,
           transform: Any = None, alpha: float = 1.0) -> None:
    """Rectangles over ``spans`` from ``y0`` to ``y1``, drawn as one SVG path."""
    if not spans:
        return
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    corners = [(x, y) for a, b in spans for x, y in ((a, y0), (b, y0), (b, y1), (a, y1), (a, y0))]
    codes = [MplPath.MOVETO, MplPath.LINETO, MplPath.LINETO, MplPath.LINETO,
             MplPath.CLOSEPOLY] * len(spans)
    path = MplPath(corners, codes)
    # add_artist, not add_patch: the limits are set by the caller, and add_patch would walk
    # every vertex to update them.
    ax.add_artist(PathPatch(path, facecolor=colour, edgecolor="none", alpha=alpha,
                            transform=transform or ax.transData))


def _draw_availability(fig: Any, c: Model, tz: ZoneInfo) -> None:
    c = expand(c)
    top, bottom = fig.axes or fig.subplots(2, 1, height_ratios=[1, 1.6])
    top.xaxis.set_visible(False)  # the bottom panel's dates serve both (no ticks to draw)
    windows = c["windows"]
    start, end = _x(windows[0]["start"]), _x(windows[-1]["end"])
    gap = (end - start) / 1500
    least = (end - start) / 400  # about two points wide: a one-minute run stays visible
    lanes = [("counted downtime", "down", _RED), ("excluded", "excluded", _GREY)]
    if c["min_run"]:
        lanes.append((f"runs < {c['min_run']}\n(not counted)", "short", _ORANGE))
    for row, (_name, field, colour) in enumerate(reversed(lanes)):
        items = [d for w in windows for d in w[field]]
        _bands(top, _spans(items, gap, least), row + 0.15, row + 0.85, colour)
        if field == "down" and 0 < len(items) <= 12:
            for d in items:
                top.annotate(f"{d['minutes']} min", (_x(d["start"]), row + 0.5), xytext=(3, 0),
                             textcoords="offset points", va="center", fontsize=7)
    _bands(bottom, _spans([d for w in windows for d in w["excluded"]], gap, least), 0, 1,
           _GREY, bottom.get_xaxis_transform(), 0.35)
    top.set_yticks([k + 0.5 for k in range(len(lanes))],
                   [name for name, _f2, _c in reversed(lanes)])
    top.set_ylim(0, len(lanes))
    top.set_title("Downtime (excluded time shaded)", loc="left")
    # Error budget left, stepping down at the end of each counted run; resets each window.
    xs: list[float] = []
    ys: list[float] = []
    for w in windows:
        budget = _f(w["budget_minutes"])
        left = 100.0
        xs.append(_x(w["start"]))
        ys.append(left)
        for d in sorted(w["down"], key=lambda d: d["start"]):
            if budget and budget > 0:
                xs.append(_x(d["start"]))
                ys.append(left)
                left -= _f(d["minutes"]) * 100 / budget
                xs.append(_x(d["end"]))
                ys.append(left)
        xs.append(_x(w["end"]))
        ys.append(left)
    bottom.plot(xs, ys, color=_BLUE, lw=1.5, label="error budget left")
    bottom.axhline(0, color="black", lw=0.8)
    # The tiers down to the first one below the budget left (further ones would flatten
    # the line); the text alternative and the caption's table name every tier.
    low = min(ys)
    shown_tiers = []
    for t in c["tiers"]:
        shown_tiers.append(t)
        if 100 - _f(t["budget_percent"]) < low:
            break
    for t in shown_tiers:
        level = 100 - _f(t["budget_percent"])
        bottom.axhline(level, color=_RED, lw=1, ls="--")
        bottom.annotate(t["label"], (1.0, level), xycoords=("axes fraction", "data"),
                        ha="right", va="bottom", fontsize=8, color=_RED)
    hidden = len(c["tiers"]) - len(shown_tiers)
    if hidden:
        bottom.annotate(f"{hidden} further tier(s) lower", (1.0, 0.02),
                        xycoords="axes fraction", ha="right", fontsize=7, color=_RED)
    bottom.set_ylabel("error budget left (%)")
    _ticks(bottom, start, end, tz)
    top.set_xlim(start, end)
    bottom.yaxis.set_major_locator(_max_ticks(5))
    fig.subplots_adjust(left=0.2, right=0.98, top=0.93, bottom=0.08, hspace=0.25)


def _draw_daily(fig: Any, c: Model, tz: ZoneInfo) -> None:
    (ax,) = fig.axes or [fig.subplots()]
    days = [_midnight(date.fromisoformat(p["day"]), tz) for p in c["points"]]
    values = [_f(p["value"]) for p in c["points"]]
    colours = [_GREY if p["value"] is None else _GREEN if _meets(p["value"], c) else _RED
               for p in c["points"]]
    ends = [_midnight(date.fromisoformat(p["label"].split("..")[-1]), tz) + 1
            for p in c["points"]]
    middles = [(a + b) / 2 for a, b in zip(days, ends, strict=True)]
    ax.plot(middles, values, color=_BLUE, lw=1)
    ax.scatter(middles, values, c=colours, s=12, zorder=3)
    if c["target"] is not None:
        ax.axhline(_f(c["target"]), color=_RED, lw=1, ls="--")
        ax.annotate(f"target: {c['comparator']} {c['target']}{_unit(c['unit'])}",
                    (1.0, _f(c["target"])), xycoords=("axes fraction", "data"), ha="right",
                    va="bottom", fontsize=8, color=_RED)
    ax.set_ylabel(label_text(f"{c['metric']} ({c['unit'] or 'value'})", 40))
    if days:
        _ticks(ax, days[0], ends[-1], tz)
    fig.subplots_adjust(left=0.12, right=0.98, top=0.95, bottom=0.12)


def _draw_tickets(fig: Any, c: Model, tz: ZoneInfo) -> None:
    left, right = fig.subplots(1, 2, width_ratios=[1, 1.2])
    bars = c["bars"]
    names = [label_text(f"{b['metric']}, {b['window']}", 34) for b in bars]
    values = [0.0 if b["attainment"] is None else _f(b["attainment"]) for b in bars]
    colours = [_RED if b["verdict"] == "missed" else _GREEN for b in bars]
    drawn = left.barh(range(len(bars)), values, color=colours)
    left.bar_label(drawn, [f"{b['attainment']}%" if b["attainment"] is not None else "none"
                           for b in bars], fontsize=7, padding=2)
    left.set_yticks(range(len(bars)), names)
    left.invert_yaxis()
    left.set_xlim(0, 100)
    left.set_xlabel("within the limit (%)")
    left.set_title("Attainment by priority", loc="left")
    worst = c["worst"]
    if worst:
        right.barh(range(len(worst)), [_f(w["elapsed_hours"]) for w in worst], color=_ORANGE)
        for k, w in enumerate(worst):
            if w["limit_hours"] is not None:
                x = _f(w["limit_hours"])
                right.plot([x, x], [k - 0.45, k + 0.45], color="black", lw=2)
        right.set_yticks(range(len(worst)), [label_text(w["ticket"], 16) for w in worst])
        right.invert_yaxis()
        right.set_xlabel("hours taken (black mark: due)")
        right.set_title("Worst tickets", loc="left")
    else:
        right.set_axis_off()
        right.text(0.5, 0.5, "no ticket missed its limit", ha="center", va="center")
    fig.subplots_adjust(left=0.3, right=0.98, top=0.92, bottom=0.12, wspace=0.35)
