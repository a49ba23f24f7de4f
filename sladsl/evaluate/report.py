"""The evaluation report: one plain data model, rendered as JSON, text, Markdown or HTML.

:func:`build` turns an :class:`~sladsl.evaluate.engine.Evaluation` into nested dicts of strings,
booleans and lists (the stable JSON schema of ``docs/report-schema.md``: sorted keys, numbers
as strings so no decimal is ever a float). The renderers only format that model, so every
format says the same thing. Text from the spec or the data is escaped for HTML and Markdown.
"""

from __future__ import annotations

import html
import json
from fractions import Fraction
from typing import Any

from .. import nodes as n
from ..clauses import clause_index
from .engine import Evaluation
from .explain import explain_line
from .results import Line, exact_text, shown
from .series import chart_model

SCHEMA = "sladsl-report/2"
Model = dict[str, Any]


def _clause(ev: Evaluation, node: n.Node | None) -> tuple[str, str]:
    if node is None:
        return "", ""
    found = clause_index(ev.spec).get(node)
    return (found.number, found.anchor) if found else ("", "")


def _num(value: Fraction | int | None, places: int = 4) -> str | None:
    return None if value is None else shown(value, places=places)


def _line(ev: Evaluation, ln: Line) -> Model:
    number, anchor = _clause(ev, ln.target)
    budget = None
    if ln.budget is not None:
        b = ln.budget
        budget = {"unit": b.unit, "allowed": _num(b.allowed, 2), "used": _num(b.used, 2),
                  "left": _num(b.left, 2), "used_percent": _num(b.used_percent, 1)}
    goal = ln.goal
    measured = None if ln.measured is None else shown(ln.measured, goal, ln.comparator)
    model: Model = {
        "service": ln.service, "objective": ln.objective, "clause": number, "anchor": anchor,
        "metric": ln.metric, "window": ln.window.label,
        "window_start": ln.window.start.isoformat(), "window_end": ln.window.end.isoformat(),
        "measured": measured,
        "measured_exact": None if ln.measured is None else exact_text(ln.measured),
        "unit": ln.unit, "target": None if goal is None else shown(goal, places=6),
        "comparator": (ln.comparator or "").replace("_", " "), "verdict": ln.verdict,
        "margin": _num(ln.margin), "budget": budget, "details": dict(ln.details),
        "exclusions": [{"reason": e.reason, "ref": e.ref, "minutes": _num(e.minutes, 2),
                        "clause": _clause(ev, e.clause)[0]} for e in ln.exclusions],
        "worst": [dict(w) for w in ln.worst], "note": ln.note,
    }
    model["explanations"] = explain_line(model)
    return model


def build(ev: Evaluation) -> Model:
    """The report model: plain, JSON-ready, deterministic."""
    periods = []
    breached = False
    for p in ev.periods:
        lines = [_line(ev, ln) for ln in p.lines]
        counts = {v: sum(1 for ln in p.lines if ln.verdict == v)
                  for v in ("met", "missed", "no data", "not due", "not assessed")}
        breached = breached or counts["missed"] > 0
        duties = []
        for d in p.duties:
            number, anchor = _clause(ev, d.responsibility)
            duties.append({"clause": number, "anchor": anchor, "party": d.party,
                           "action": d.action, "status": d.status, "detail": d.detail})
        credits = None
        if p.credits is not None:
            c = p.credits
            credit_lines = []
            for cl in c.lines:
                number, anchor = _clause(ev, cl.clause)
                credit_lines.append({"objective": cl.objective, "clause": number,
                                     "anchor": anchor, "reason": cl.reason,
                                     "amount": str(cl.amount), "notes": list(cl.notes)})
            credits = {"period": c.period, "currency": c.currency, "lines": credit_lines,
                       "subtotal": str(c.subtotal),
                       "cap": None if c.cap is None else str(c.cap), "capped": c.capped,
                       "total": str(c.total),
                       "claim_deadline": c.claim_deadline.isoformat() if c.claim_deadline
                       else None, "claim_status": c.claim_status, "notes": list(c.notes)}
        periods.append({
            "period": p.period.label, "start": p.period.start.isoformat(),
            "end": p.period.end.isoformat(), "hours": str(p.period.hours),
            "summary": {k.replace(" ", "_"): v for k, v in counts.items()},
            "lines": lines, "responsibilities": duties, "credits": credits,
        })
    terms = []
    for t in ev.terminations:
        number, anchor = _clause(ev, t.clause)
        terms.append({"clause": number, "anchor": anchor, "objective": t.objective,
                      "triggered": t.triggered, "triggered_in": list(t.triggered_in),
                      "history": [{"period": a, "state": b} for a, b in t.history],
                      "explanation": t.explanation})
    agreement = ev.spec.agreement
    return {
        "schema": SCHEMA,
        "agreement": {"title": agreement.title, "file": ev.spec.file,
                      "sha256": ev.spec.sha256, "time_zone": ev.spec.time_zone,
                      "currency": ev.spec.currency},
        "data": {"files": [{"kind": k, "file": _name(f), "rows": r}
                           for k, (f, r) in sorted(ev.files.items())]},
        "periods": periods, "termination": terms, "notes": list(ev.notes),
        "breached": breached, "charts": chart_model(ev),
    }


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------- renderers


def to_json(model: Model) -> str:
    return json.dumps(model, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _measured(ln: Model) -> str:
    if ln["measured"] is None:
        return "-"
    unit = ln["unit"]
    return f"{ln['measured']}{unit}" if unit == "%" else f"{ln['measured']} {unit}".strip()


def _target(ln: Model) -> str:
    if ln["target"] is None:
        return "-"
    unit = ln["unit"]
    value = f"{ln['target']}{unit}" if unit == "%" else f"{ln['target']} {unit}".strip()
    return f"{ln['comparator']} {value}"


def _budget(ln: Model) -> str:
    b = ln["budget"]
    if b is None:
        return "-"
    pct = f" ({b['used_percent']}%)" if b["used_percent"] is not None else ""
    return f"{b['used']} of {b['allowed']} {b['unit']}{pct}, {b['left']} left"


def _rows(period: Model) -> list[list[str]]:
    rows = []
    for ln in period["lines"]:
        rows.append([ln["clause"], f"{ln['objective']}: {ln['metric']}", ln["window"],
                     _measured(ln), _target(ln), ln["verdict"], ln["margin"] or "-",
                     _budget(ln)])
    return rows


HEADERS = ["clause", "objective", "window", "measured", "target", "verdict", "margin",
           "error budget used"]


def _explain(period: Model) -> list[str]:
    """The report's explanations, as plain sentences (shared by text and Markdown)."""
    out: list[str] = []
    for ln in period["lines"]:
        label = f"{ln['clause']} {ln['objective']} ({ln['metric']}, {ln['window']})"
        out.extend(f"{label}: {g['text']}." for g in ln["explanations"])
    return out


def _credit_text(c: Model) -> list[str]:
    out = []
    for cl in c["lines"]:
        out.append(f"{cl['clause']} {cl['objective']}: {c['currency']} {cl['amount']} "
                   f"because {cl['reason']}." + "".join(f" {x}." for x in cl["notes"]))
    if c["capped"]:
        out.append(f"The cap of {c['currency']} {c['cap']} cut the total from "
                   f"{c['currency']} {c['subtotal']}.")
    elif c["cap"] is not None:
        out.append(f"The cap of {c['currency']} {c['cap']} was not reached.")
    out.append(f"Total credit for {c['period']}: {c['currency']} {c['total']}.")
    if c["claim_deadline"]:
        out.append(f"Claim deadline: {c['claim_deadline']} ({c['claim_status']}).")
    out.extend(f"Note: {x}." for x in c["notes"])
    return out


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [fmt.format(*headers).rstrip(), "  ".join("-" * w for w in widths)]
    out.extend(fmt.format(*r).rstrip() for r in rows)
    return out


def to_text(model: Model) -> str:
    a = model["agreement"]
    out = [f"{a['title']}", f"spec {a['file']} (sha256 {a['sha256'][:12]}), "
           f"time zone {a['time_zone']}", ""]
    for p in model["periods"]:
        s = p["summary"]
        out.append(f"== {p['period']} ({p['hours']} h): {s['met']} met, {s['missed']} missed, "
                   f"{s['no_data']} without data, {s['not_due']} not due"
                   + (f", {s['not_assessed']} not assessed" if s["not_assessed"] else ""))
        out.extend(_table(HEADERS, _rows(p)))
        explained = _explain(p)
        if explained:
            out.append("")
            out.extend(explained)
        if p["responsibilities"]:
            out.append("")
            out.append("Responsibilities:")
            out.extend(f"  {d['clause']} {d['party']} shall {d['action']}: {d['status']} "
                       f"({d['detail']})" for d in p["responsibilities"])
        if p["credits"] is not None:
            out.append("")
            out.append("Service credits:")
            out.extend("  " + x for x in _credit_text(p["credits"]))
        out.append("")
    for t in model["termination"]:
        state = "MAY TERMINATE" if t["triggered"] else "not triggered"
        history = ", ".join(f"{h['period']} {h['state']}" for h in t["history"])
        out.append(f"Termination right {t['clause']}: {state}: {t['explanation']} ({history}).")
    out.extend(f"Note: {x}." for x in model["notes"])
    out.append("Result: " + ("at least one objective was missed" if model["breached"]
                             else "no objective was missed"))
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return html.escape(text, quote=False).replace("|", "\\|").replace("*", "\\*") \
        .replace("_", "\\_").replace("`", "\\`").replace("[", "\\[").replace("\n", " ")


def to_markdown(model: Model) -> str:
    a = model["agreement"]
    out = [f"# Service level report: {_md(a['title'])}", "",
           f"Spec `{a['file']}` (sha256 `{a['sha256'][:12]}`), time zone {_md(a['time_zone'])}.",
           ""]
    for p in model["periods"]:
        out += [f"## Period {p['period']}", "", "| " + " | ".join(HEADERS) + " |",
                "|" + "---|" * len(HEADERS)]
        out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in _rows(p)]
        explained = _explain(p)
        if explained:
            out += ["", "### Explanations", ""] + [f"- {_md(x)}" for x in explained]
        if p["responsibilities"]:
            out += ["", "### Responsibilities", ""]
            out += [f"- {_md(d['clause'])} {_md(d['party'])} shall {_md(d['action'])}: "
                    f"**{_md(d['status'])}** ({_md(d['detail'])})" for d in p["responsibilities"]]
        if p["credits"] is not None:
            out += ["", "### Service credits", ""]
            out += [f"- {_md(x)}" for x in _credit_text(p["credits"])]
        out.append("")
    if model["termination"]:
        out += ["## Termination rights", ""]
        for t in model["termination"]:
            state = "may terminate" if t["triggered"] else "not triggered"
            out.append(f"- {_md(t['clause'])}: **{state}**: {_md(t['explanation'])}")
        out.append("")
    out += [f"- Note: {_md(x)}" for x in model["notes"]]
    out.append("")
    out.append("**Result:** " + ("at least one objective was missed" if model["breached"]
                                 else "no objective was missed"))
    return "\n".join(out) + "\n"


def to_html(model: Model, contract: str | None = None) -> str:
    """A standalone HTML report; with ``contract`` (the contract's URL, e.g. ``contract.html``)
    each clause number links to that clause of the rendered contract."""
    e = html.escape
    a = model["agreement"]
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>Service level report: {e(a['title'])}</title>",
           "<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:80em}"
           "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .5em;"
           "text-align:left;vertical-align:top}.missed{background:#fde2e2}"
           ".met{background:#e3f5e1}figure{margin:1.5em 0}figcaption{max-width:48em}"
           "</style>", "</head>", "<body>",
           f"<h1>Service level report: {e(a['title'])}</h1>",
           f"<p>Spec <code>{e(a['file'])}</code> (sha256 <code>{e(a['sha256'][:12])}</code>), "
           f"time zone {e(a['time_zone'])}.</p>"]
    for p in model["periods"]:
        out.append(f"<h2 id=\"period-{e(p['period'])}\">{e(p['period'])}</h2>")
        out.append("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in HEADERS)
                   + "</tr></thead><tbody>")
        for ln, row in zip(p["lines"], _rows(p), strict=True):
            cls = "missed" if ln["verdict"] == "missed" else "met" if ln["verdict"] == "met" \
                else ""
            cells = "".join(f"<td>{e(c)}</td>" for c in row)
            if contract is not None and ln["anchor"]:
                link = f'<a href="{e(contract)}#{e(ln["anchor"])}">{e(row[0])}</a>'
                cells = f"<td>{link}</td>" + "".join(f"<td>{e(c)}</td>" for c in row[1:])
            out.append(f'<tr class="{cls}">{cells}</tr>')
        out.append("</tbody></table>")
        explained = _explain(p)
        if explained:
            out.append("<h3>Explanations</h3><ul>"
                       + "".join(f"<li>{e(x)}</li>" for x in explained) + "</ul>")
        if p["responsibilities"]:
            out.append("<h3>Responsibilities</h3><ul>" + "".join(
                f"<li>{e(d['clause'])} {e(d['party'])} shall {e(d['action'])}: "
                f"<strong>{e(d['status'])}</strong> ({e(d['detail'])})</li>"
                for d in p["responsibilities"]) + "</ul>")
        if p["credits"] is not None:
            out.append("<h3>Service credits</h3><ul>" + "".join(
                f"<li>{e(x)}</li>" for x in _credit_text(p["credits"])) + "</ul>")
    from .charts import figures_html

    out.append(figures_html(model, contract))
    if model["termination"]:
        out.append("<h2>Termination rights</h2><ul>" + "".join(
            f"<li>{e(t['clause'])}: <strong>"
            f"{'may terminate' if t['triggered'] else 'not triggered'}</strong>: "
            f"{e(t['explanation'])}</li>" for t in model["termination"]) + "</ul>")
    if model["notes"]:
        out.append("<ul>" + "".join(f"<li>Note: {e(x)}</li>" for x in model["notes"]) + "</ul>")
    out.append("<p><strong>Result:</strong> " + ("at least one objective was missed"
                                                  if model["breached"]
                                                  else "no objective was missed") + "</p>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


RENDERERS = {"json": to_json, "text": to_text, "markdown": to_markdown, "html": to_html}
