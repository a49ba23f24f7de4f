"""Explanations people read: a line's downtime, exclusions and late tickets, grouped, in words.

:func:`explain_line` reads one line of the report model (``report._line``) and returns groups
such as::

    {"kind": "outages", "count": 2,
     "text": "2 outages counted: 21 June 02:00–04:00, 120 min (maintenance MW-1 announced
              36 h 00 min before; the notice is 72 hours, so it counts), 16 June
              00:00–01:04, 64 min (measured)"}

The machine-readable facts stay where they were in the JSON report (``worst``,
``exclusions``, ``details``); the groups only put them into sentences. Every renderer shows
the ``text``; nothing here formats for a particular output, so the renderers escape it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

Model = dict[str, Any]
_DOWN = "counts as downtime: "
#: How many items a sentence names before it says "and N more".
SHOWN = 5


def when(start: str, end: str) -> str:
    """``21 June 02:00–04:00``, or ``21 June 23:00 – 22 June 01:00`` across midnight."""
    a, b = datetime.fromisoformat(start), datetime.fromisoformat(end)
    day_a = f"{a.day} {a:%B}"
    if (b - a).days < 1 and (a.date() == b.date() or (b.hour, b.minute) == (0, 0)):
        end_text = "24:00" if a.date() != b.date() else f"{b:%H:%M}"
        return f"{day_a} {a:%H:%M}–{end_text}"
    return f"{day_a} {a:%H:%M} – {b.day} {b:%B} {b:%H:%M}"


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _more(shown: int, total: int) -> str:
    return f", and {total - shown} more" if total > shown else ""


def explain_line(ln: Model) -> list[Model]:
    """The explanation groups of one report line (see the module docs)."""
    out: list[Model] = []
    if ln["note"]:
        out.append({"kind": "note", "count": 1, "text": ln["note"]})
    downtime = {e["ref"]: e["reason"][len(_DOWN):] for e in ln["exclusions"]
                if e["reason"].startswith(_DOWN)}
    excluded = [e for e in ln["exclusions"] if not e["reason"].startswith(_DOWN)]
    if excluded:
        items = [f"{e['ref']}, {e['minutes']} min ({e['reason']}"
                 + (f", clause {e['clause']}" if e["clause"] else "") + ")"
                 for e in excluded]
        out.append({"kind": "excluded", "count": len(items),
                    "text": f"{_plural(len(items), 'exclusion')} applied: "
                    + ", ".join(items[:SHOWN]) + _more(min(SHOWN, len(items)), len(items))})
    named = {w.get("ref") for w in ln["worst"]} if ln["verdict"] == "missed" else set()
    for ref, reason in sorted(downtime.items()):
        if ref in named:
            continue  # the outage sentence says why it counts
        clause = next((e["clause"] for e in ln["exclusions"] if e["ref"] == ref), "")
        out.append({"kind": "not excluded", "count": 1,
                    "text": f"{ref} counts as downtime: {reason}"
                    + (f" (clause {clause})" if clause else "")})
    if ln["verdict"] != "missed" or not ln["worst"]:
        return out
    if "error rate" in ln["worst"][0]:  # availability as an average of interval error rates
        items = [f"{when(w['start'], w['end'])}: {w['error rate']} failed"
                 for w in ln["worst"]]
        out.append({"kind": "worst intervals", "count": len(items),
                    "text": f"the {_plural(len(items), 'interval')} with the highest error "
                    "rates: " + ", ".join(items)})
    elif "start" in ln["worst"][0]:
        total = int(ln["details"].get("downtime runs", len(ln["worst"])))
        items = []
        for w in ln["worst"]:
            why = "measured" if w["ref"] == "measured" else \
                f"{w['ref']}: {downtime[w['ref']]}, so it counts" if w["ref"] in downtime \
                else w["ref"]
            items.append(f"{when(w['start'], w['end'])}, {w['minutes']} min ({why})")
        head = f"{_plural(total, 'outage')} counted"
        if total > len(items):
            head += f", the {len(items)} longest"
        out.append({"kind": "outages", "count": total,
                    "text": head + ": " + ", ".join(items)})
    elif "ticket" in ln["worst"][0]:
        total = int(ln["details"].get("missed", len(ln["worst"])))
        limit = ln["details"].get("limit", "")
        alike: dict[tuple[str, str, str], list[str]] = {}
        for w in ln["worst"]:
            due = datetime.fromisoformat(w["due"]) if w.get("due") else None
            alike.setdefault((w["elapsed"], w["over by"], w["status"]), []).append(
                w["ticket"] + (f" (due {due.day} {due:%B} {due:%H:%M})" if due else ""))
        items = [(f"{ids[0]} took" if len(ids) == 1 else f"{', '.join(ids)} each took")
                 + f" {elapsed} ({over} over, {status})"
                 for (elapsed, over, status), ids in alike.items()]
        head = f"{_plural(total, 'ticket')} missed the {ln['metric']} limit" \
            + (f" of {limit}" if limit else "")
        out.append({"kind": "late tickets", "count": total,
                    "text": head + ("; the worst: " if total > len(items) else ": ")
                    + "; ".join(items) + _more(len(ln["worst"]), total)})
    return out
