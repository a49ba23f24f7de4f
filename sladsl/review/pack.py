"""The service review pack's model, built from an evaluation report over a review period.

:func:`review_model` reads the report model of ``sladsl evaluate`` (:mod:`sladsl.evaluate.report`)
for every period of the review and arranges it for a review meeting: the verdicts per period,
each objective's trend over the periods, credits owed and claimed, responsibilities met by
each party, exclusions applied, termination rights triggered or approaching, and the
*watermelon* periods: every service objective met while an experience measure (satisfaction,
net promoter score, first contact resolution) fell or was missed. Like the report model it is
plain and JSON-ready, numbers as strings.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

Model = dict[str, Any]
SCHEMA = "sladsl-review/1"
#: Metrics that measure the customer's experience rather than the service.
EXPERIENCE = ("satisfaction", "net promoter", "first contact")


def is_experience(metric: str) -> bool:
    return any(word in metric for word in EXPERIENCE)


def _key(ln: Model) -> tuple[str, str, str]:
    return ln["clause"], ln["objective"], ln["metric"]


def _higher_is_better(ln: Model) -> bool:
    return ln["comparator"] in ("at least", "more than")


def review_model(report: Model) -> Model:
    """The review pack of a report that covers the review's periods (see the module docs)."""
    periods = report["periods"]
    trends: dict[tuple[str, str, str], Model] = {}
    for p in periods:
        for ln in p["lines"]:
            if ln["verdict"] == "not due":
                continue  # judged in a later period (a quarterly target in a monthly review)
            trend = trends.setdefault(_key(ln), {
                "clause": ln["clause"], "anchor": ln["anchor"], "service": ln["service"],
                "objective": ln["objective"], "metric": ln["metric"], "unit": ln["unit"],
                "target": ln["target"], "comparator": ln["comparator"],
                "experience": is_experience(ln["metric"]), "points": []})
            trend["points"].append({"period": p["period"], "window": ln["window"],
                                    "measured": ln["measured"], "verdict": ln["verdict"]})
    sentences = {c["clause"]: c["sentence"] for c in report.get("charts", [])}
    for c in report.get("charts", []):
        sentences.update(c.get("sentences", {}))  # a ticket chart's targets, one by one
    for trend in trends.values():
        trend["summary"] = _trend_summary(trend)
        clause = trend["clause"]
        trend["sentence"] = sentences.get(clause) or sentences.get(clause.split("(")[0], "")
    return {
        "schema": SCHEMA, "agreement": report["agreement"],
        "from": periods[0]["period"], "to": periods[-1]["period"],
        "periods": [_period(p) for p in periods],
        "trends": list(trends.values()),
        "credits": _credits(periods),
        "responsibilities": _responsibilities(periods),
        "exclusions": _exclusions(periods),
        "termination": _termination(report["termination"]),
        "watermelon": _watermelon(periods),
        "notes": list(report["notes"]),
    }


def _period(p: Model) -> Model:
    s = p["summary"]
    c = p["credits"]
    if s["missed"]:
        verdict = f"{s['missed']} missed"
    elif s["no_data"]:
        verdict = f"{s['no_data']} without data"
    else:
        verdict = "all met"
    return {"period": p["period"], "met": s["met"], "missed": s["missed"],
            "no_data": s["no_data"], "not_due": s["not_due"], "verdict": verdict,
            "credit": None if c is None else c["total"],
            "currency": None if c is None else c["currency"],
            "claim_status": None if c is None else c["claim_status"]}


def _trend_summary(trend: Model) -> str:
    values = [(pt["period"], Fraction(pt["measured"])) for pt in trend["points"]
              if pt["measured"] is not None and pt["verdict"] != "not due"]
    missed = [pt["period"] for pt in trend["points"] if pt["verdict"] == "missed"]
    if not values:
        return "no values in the review period"
    first, last = values[0][1], values[-1][1]
    direction = "steady" if first == last else "rising" if last > first else "falling"
    better = (last >= first) == (trend["comparator"] in ("at least", "more than"))
    unit = trend["unit"] if trend["unit"] in ("%", "") else " " + trend["unit"]
    text = f"{direction} from {_s(first)}{unit} to {_s(last)}{unit}"
    if first != last:
        text += " (better)" if better else " (worse)"
    text += f"; missed in {len(missed)} of {len(trend['points'])} period(s)"
    return text + (": " + ", ".join(missed) if missed else "")


def _s(value: Fraction) -> str:
    from ..evaluate.results import shown

    return shown(value, places=4)


def _credits(periods: list[Model]) -> Model:
    rows = []
    currency = None
    total = Decimal(0)
    for p in periods:
        c = p["credits"]
        if c is None:
            continue
        currency = c["currency"]
        total += Decimal(c["total"])
        rows.append({"period": p["period"], "total": c["total"], "capped": c["capped"],
                     "claim_deadline": c["claim_deadline"], "claim_status": c["claim_status"],
                     "lines": [{"clause": x["clause"], "objective": x["objective"],
                                "amount": x["amount"], "reason": x["reason"]}
                               for x in c["lines"]]})
    claimed = sum((Decimal(r["total"]) for r in rows
                   if (r["claim_status"] or "").startswith("claimed")), Decimal(0))
    return {"currency": currency, "periods": rows, "owed": str(total),
            "claimed": str(claimed), "unclaimed": str(total - claimed)}


def _responsibilities(periods: list[Model]) -> list[Model]:
    by_party: dict[str, Model] = {}
    for p in periods:
        for d in p["responsibilities"]:
            party = by_party.setdefault(d["party"], {"party": d["party"], "met": 0,
                                                     "missed": 0, "other": 0, "misses": []})
            if d["status"] == "met":
                party["met"] += 1
            elif d["status"] == "missed":
                party["missed"] += 1
                party["misses"].append({"period": p["period"], "clause": d["clause"],
                                        "action": d["action"], "detail": d["detail"]})
            else:
                party["other"] += 1
    return list(by_party.values())


def _exclusions(periods: list[Model]) -> list[Model]:
    out: list[Model] = []
    seen: set[tuple[str, str]] = set()
    for p in periods:
        for ln in p["lines"]:
            for e in ln["exclusions"]:
                key = (e["ref"], e["reason"])
                if key in seen:
                    continue
                seen.add(key)
                out.append({"period": p["period"], "ref": e["ref"], "minutes": e["minutes"],
                            "reason": e["reason"], "clause": e["clause"],
                            "objective": ln["objective"]})
    return out


def _termination(terms: list[Model]) -> list[Model]:
    out = []
    for t in terms:
        states = [h["state"] for h in t["history"]]
        approaching = not t["triggered"] and bool(states) and states[-1] == "missed"
        out.append({"clause": t["clause"], "anchor": t["anchor"], "objective": t["objective"],
                    "state": "triggered" if t["triggered"] else
                    "approaching" if approaching else "not triggered",
                    "explanation": t["explanation"], "history": t["history"]})
    return out


def _watermelon(periods: list[Model]) -> list[Model]:
    """Periods green on every service objective while an experience measure fell or missed."""
    out: list[Model] = []
    previous: dict[tuple[str, str, str], Fraction] = {}
    for p in periods:
        service = [ln for ln in p["lines"] if not is_experience(ln["metric"])
                   and ln["verdict"] in ("met", "missed")]
        green = bool(service) and all(ln["verdict"] == "met" for ln in service)
        falling = []
        for ln in p["lines"]:
            if not is_experience(ln["metric"]) or ln["measured"] is None \
                    or ln["verdict"] == "not due":
                continue
            value = Fraction(ln["measured"])
            before = previous.get(_key(ln))
            worse = before is not None and (value < before if _higher_is_better(ln)
                                            else value > before)
            if worse or ln["verdict"] == "missed":
                falling.append({"clause": ln["clause"], "objective": ln["objective"],
                                "metric": ln["metric"], "measured": ln["measured"],
                                "before": None if before is None else _s(before),
                                "verdict": ln["verdict"]})
            previous[_key(ln)] = value
        if green and falling:
            out.append({"period": p["period"], "service_objectives_met": len(service),
                        "experience": falling})
    return out
