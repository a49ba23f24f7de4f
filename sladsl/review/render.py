"""The review pack as a document: sections of paragraphs, tables, bars and trend charts.

:func:`sections` arranges a review model (:mod:`sladsl.review.pack`) once; the HTML and
Markdown writers here and the Word writer (:mod:`sladsl.review.docx`) only format those
sections, so the three say the same thing in the same order. Text from the spec or the data
is escaped by each writer (HTML entities, Markdown punctuation, Word runs).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from ..evaluate.charts import esc

Model = dict[str, Any]


@dataclass
class Bar:
    """A progress bar: ``done`` of ``total`` (objectives met in a period)."""

    label: str
    done: int
    total: int

    def text(self, width: int = 20) -> str:
        filled = 0 if self.total == 0 else round(width * self.done / self.total)
        return "█" * filled + "░" * (width - filled)


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    anchor: str
    title: str
    blocks: list[str | Table | Bar | Model] = field(default_factory=list)  # Model: a trend


def sections(review: Model) -> list[Section]:
    """The pack's sections, in the order every format shows them."""
    out = []
    verdicts = Section("verdicts", "Verdicts per period")
    verdicts.blocks.append(Table(
        ["period", "verdict", "met", "missed", "without data", "credit", "claim"],
        [[p["period"], p["verdict"], str(p["met"]), str(p["missed"]), str(p["no_data"]),
          f"{p['currency']} {p['credit']}" if p["credit"] is not None else "-",
          p["claim_status"] or "-"] for p in review["periods"]]))
    for p in review["periods"]:
        judged = p["met"] + p["missed"]
        verdicts.blocks.append(Bar(f"{p['period']}: {p['met']} of {judged} objectives met",
                                   p["met"], judged))
    out.append(verdicts)
    trends = Section("trends", "Trends")
    for t in review["trends"]:
        trends.blocks.append(f"{t['clause']} {t['objective']} ({t['service']}), {t['metric']}: "
                             f"{t['summary']}.")
        trends.blocks.append(t)
    out.append(trends)
    water = Section("watermelon", "Watermelon check")
    if not review["watermelon"]:
        water.blocks.append("No period had every service objective met while an experience "
                            "measure (satisfaction, net promoter score, first contact "
                            "resolution) fell or was missed.")
    for w in review["watermelon"]:
        items = "; ".join(f"{x['clause']} {x['objective']} ({x['metric']}) "
                          + (f"fell from {x['before']} to {x['measured']}" if x["before"]
                             else f"was {x['measured']}") + f", {x['verdict']}"
                          for x in w["experience"])
        water.blocks.append(f"{w['period']}: all {w['service_objectives_met']} service "
                            f"objectives were met, but {items}.")
    out.append(water)
    c = review["credits"]
    credits = Section("credits", "Service credits")
    if not c["periods"]:
        credits.blocks.append("The agreement grants no service credits in this period.")
    else:
        credits.blocks.append(f"Owed over the review period: {c['currency']} {c['owed']}; "
                              f"claimed {c['currency']} {c['claimed']}; not claimed "
                              f"{c['currency']} {c['unclaimed']}.")
        credits.blocks.append(Table(
            ["period", "clause", "objective", "amount", "claim"],
            [[r["period"], x["clause"], x["objective"], f"{c['currency']} {x['amount']}",
              r["claim_status"] or "-"] for r in c["periods"] for x in r["lines"]]
            + [[r["period"], "", "total", f"{c['currency']} {r['total']}",
                f"deadline {r['claim_deadline'] or '-'}"] for r in c["periods"]]))
    out.append(credits)
    duties = Section("responsibilities", "Responsibilities")
    if not review["responsibilities"]:
        duties.blocks.append("The agreement states no responsibilities.")
    for d in review["responsibilities"]:
        duties.blocks.append(Bar(f"{d['party']}: {d['met']} met, {d['missed']} missed",
                                 d["met"], d["met"] + d["missed"]))
        duties.blocks.extend(f"{d['party']} missed {m['clause']} ({m['action']}) in "
                             f"{m['period']}: {m['detail']}." for m in d["misses"])
    out.append(duties)
    excl = Section("exclusions", "Exclusions applied")
    if review["exclusions"]:
        excl.blocks.append(Table(["period", "what", "minutes", "why", "clause", "objective"],
                                 [[x["period"], x["ref"], x["minutes"] or "-", x["reason"],
                                   x["clause"] or "-", x["objective"]]
                                  for x in review["exclusions"]]))
    else:
        excl.blocks.append("No exclusions were applied.")
    out.append(excl)
    term = Section("termination", "Termination rights")
    if not review["termination"]:
        term.blocks.append("The agreement grants no termination right for missed objectives.")
    for t in review["termination"]:
        history = ", ".join(f"{h['period']} {h['state']}" for h in t["history"])
        term.blocks.append(f"{t['clause']} {t['objective']}: {t['state']}: "
                           f"{t['explanation']} ({history}).")
    out.append(term)
    if review["notes"]:
        out.append(Section("notes", "Notes", [f"{x}." for x in review["notes"]]))
    return out


def title(review: Model) -> str:
    return f"Service review: {review['agreement']['title']}, {review['from']} to {review['to']}"


# ---------------------------------------------------------------- Markdown


def _md(text: str) -> str:
    """Text made inert for Markdown: HTML-escaped, Markdown's inline punctuation escaped."""
    text = html.escape(" ".join(str(text).split()), quote=False)
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", text)


def to_markdown(review: Model) -> str:
    out = [f"# {_md(title(review))}", ""]
    for s in sections(review):
        out += [f"## {_md(s.title)}", ""]
        for b in s.blocks:
            if isinstance(b, str):
                out += [_md(b), ""]
            elif isinstance(b, Table):
                out += ["| " + " | ".join(_md(h) for h in b.headers) + " |",
                        "|" + "---|" * len(b.headers)]
                out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in b.rows]
                out.append("")
            elif isinstance(b, Bar):
                out += [f"`{b.text()}` {_md(b.label)}", ""]
            else:
                from .trend import describe_trend

                out += [f"*{_md(describe_trend(b))}*", ""]
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------- HTML

CSS = ("body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}"
       "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;"
       "padding:.25em .5em;text-align:left;vertical-align:top}"
       ".bar{display:flex;align-items:center;gap:.75em;margin:.3em 0}"
       ".bar .track{display:inline-block;width:16em;height:.8em;background:#eee;"
       "border-radius:.4em;overflow:hidden}.bar .fill{display:block;height:100%;"
       "background:#2e8b57}figure{margin:1em 0}figure svg{max-width:40em}")


def to_html(review: Model) -> str:
    from ..evaluate.charts import available

    e = esc
    draw = available()
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{e(title(review))}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           f"<h1>{e(title(review))}</h1>",
           f"<p>Spec <code>{e(review['agreement']['file'])}</code> (sha256 "
           f"<code>{e(review['agreement']['sha256'][:12])}</code>).</p>"]
    count = 0
    for s in sections(review):
        out.append(f'<h2 id="{e(s.anchor)}">{e(s.title)}</h2>')
        for b in s.blocks:
            if isinstance(b, str):
                out.append(f"<p>{e(b)}</p>")
            elif isinstance(b, Table):
                out.append("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in b.headers)
                           + "</tr></thead><tbody>" + "".join(
                               "<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>"
                               for r in b.rows) + "</tbody></table>")
            elif isinstance(b, Bar):
                share = 0 if b.total == 0 else round(100 * b.done / b.total)
                out.append(f'<div class="bar" role="progressbar" aria-valuemin="0" '
                           f'aria-valuemax="{b.total}" aria-valuenow="{b.done}" '
                           f'aria-label="{e(b.label)}"><span class="track"><span class="fill" '
                           f'style="width:{share}%"></span></span><span>{e(b.label)}</span>'
                           "</div>")
            else:
                count += 1
                out.append(_trend_html(b, f"t{count}", draw))
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _trend_html(trend: Model, key: str, draw: bool) -> str:
    from .trend import describe_trend, trend_svg

    e = esc
    caption = (f"<figcaption><strong>{e(trend['clause'])} {e(trend['objective'])}</strong> "
               f"({e(trend['metric'])} per period): {e(trend['sentence'])}</figcaption>")
    if draw:
        return f'<figure class="sladsl-chart">{trend_svg(trend, key)}{caption}</figure>'
    return (f'<figure class="sladsl-chart"><p id="{key}-desc">{e(describe_trend(trend))}</p>'
            f"{caption}</figure>")
