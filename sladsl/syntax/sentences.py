"""Every sentence each kind of block accepts, and the nearest ones to a sentence it does not.

A statement that is no sentence of its block at all ("the objective applies only when …",
"a credit not claimed in time is forfeited") is not a misspelling of one, and a message about
its first unexpected word ("a percentile is written as an ordinal") sends its writer the
wrong way. :func:`unknown_sentence` tells the two apart: the statement goes wrong within its
first few words, on a word that is not close to anything the parser expected there, and it
reads like none of the block's sentences. It then names the nearest sentences of the block.
A test parses every sentence of :data:`SENTENCES` in its block, so the list cannot drift from
the grammar.
"""

from __future__ import annotations

import re

SENTENCES: dict[str, tuple[str, ...]] = {
    "top": ('agreement "Acme Cloud Platform Service Level Agreement":', "definitions:",
            'service "Compute API":', "responsibilities:", "exclusions:", "service credits:",
            "reporting:", "examples:"),
    "header": ('version "2.1"', 'provider "Acme Cloud Ltd." called "the Provider"',
               'customer "Globex Corporation" called "the Customer"',
               "effective 2026-01-01 until 2026-12-31, renewing for 12 months",
               "time zone Europe/London", "currency EUR", "reviewed every quarter"),
    "definitions": ('"Monthly Fee" means "the fees payable for a calendar month".',
                    '"Monthly Fee" is EUR 12,000.',
                    '"Business Hours" are 09:00 to 17:00, Monday to Friday, except public '
                    "holidays in GB.",
                    'priority 1 means "the service is unavailable for all users".'),
    "service": ('objective "Monthly Availability":',),
    "objective": (
        "the service shall be available at least 99.95% of the time in each calendar month.",
        "the 95th percentile of response time shall be at most 300 ms in each calendar month.",
        "the average satisfaction score shall be at least 4.2 out of 5 in each calendar "
        "quarter.",
        "at most 0.1% of requests shall fail in each calendar month.",
        "at least 99% of requests shall complete within 800 ms in each calendar month.",
        "priority 1 tickets shall receive a first response within 15 minutes, at any time.",
        "at least 95% of priority 1 tickets shall be resolved within 4 hours in each calendar "
        "month.",
        "at least 80% of tickets shall be resolved on first contact in each calendar month.",
        "the closure rate shall be at least 95% in each calendar month.",
        "the net promoter score shall be at least 30 in each calendar quarter.",
        "at least 85% of satisfaction scores shall be at least 4 out of 5 in each calendar "
        "quarter.",
        "availability is measured from probes.",
        "a minute counts as unavailable when more than 5% of requests fail.",
        "a minute without requests counts as available.",
        "downtime counts only in runs of at least 5 minutes.",
        "excluded time counts as available.",
        "excluded time is left out of the measurement.",
        "the percentage is computed over all requests together.",
        "the percentage is the average of the percentages for each day.",
        "percentiles are computed by nearest rank.",
        "a request counts as failed when it takes longer than 2 seconds.",
        "time waiting for the Customer is left out.",
        "availability is 100% minus the average of the error rates of each interval of 5 "
        "minutes.",
        "the objective applies only when at least 20 responses were received."),
    "responsibilities": (
        "the Customer shall name a technical contact before 2026-01-15.",
        "the Customer shall report each incident within 24 hours of discovering it.",
        "the Provider shall publish a service report within 5 business days after each "
        "calendar month.",
        "the Provider shall deliver a root cause analysis within 10 business days after each "
        "priority 1 incident.",
        "the Provider shall test the disaster recovery plan every calendar year."),
    "exclusions": (
        "scheduled maintenance announced at least 72 hours in advance, up to 4 hours in each "
        "calendar month.",
        "force majeure.", "incidents caused by the Customer.",
        "incidents the Customer did not report on time."),
    "credits": (
        'for "Monthly Availability":',
        'for "Incident Response": 2% of the Monthly Fee for each missed priority 1 ticket.',
        'for "Circuit Availability": 2% of the Monthly Fee for each full hour of downtime.',
        'for "Latency": 5% of the Monthly Fee when missed.',
        "credits in a calendar month are capped at 50% of the Monthly Fee.",
        "each credit is at least EUR 100.",
        "credits below EUR 100 are not paid.",
        "credits of EUR 1 or less are not issued.",
        "credits are rounded half up to 2 decimal places.",
        "credits are the Customer's sole and exclusive remedy.",
        "the Customer must claim a credit within 30 days after the end of the calendar month.",
        "a credit not claimed in time is forfeited.",
        "fees are billed every calendar quarter.",
        'if "Monthly Availability" is missed in 3 consecutive calendar months, the Customer '
        "may terminate this agreement."),
    "tier": ("below 99.95% and at least 99.0%: 10% of the Monthly Fee.",
             "below 99.0%: 25% of the Monthly Fee."),
    "reporting": ('the Provider shall report every calendar month through "the customer '
                  'portal".',),
    "examples": ('example "A 45-minute outage in April":',),
    "example": ("given 45 minutes of downtime in April 2026",
                "given 3 missed priority 1 tickets in May 2026",
                "given 25 responses were received in Q2 2026",
                'given a measured "Closure Rate" of 93.8% in September 2026',
                'then "Monthly Availability" is 99.896%',
                'then "Monthly Availability" is missed',
                "then the Customer receives a credit of 10% of the Monthly Fee",
                "then the Customer receives no credit",
                "then the Customer may terminate this agreement"),
}

#: Past this many words a statement has shown which sentence it means.
_EARLY = 3
#: How alike (0 to 1, by words) a statement must be to a sentence to be taken as a try at it.
_ALIKE = 0.6


def _words(text: str) -> list[str]:
    """Words to compare: lower case, quoted names and numbers as placeholders."""
    text = re.sub(r'"[^"]*"', " q ", text.lower())
    text = re.sub(r"[-+]?\d[\d,.:]*(?:st|nd|rd|th|%)?", " n ", text)
    return re.findall(r"[a-z']+", text)


def nearest(statement: str, context: str, count: int = 3) -> list[tuple[float, str]]:
    """The sentences of a block most like ``statement`` (how alike, by words, 0 to 1), those
    that start with the same words first."""
    import difflib  # only on this path: it is slow to import

    mine = _words(statement)
    scored = []
    for sentence in SENTENCES.get(context, ()):
        theirs = _words(sentence)
        same = next((i for i, (a, b) in enumerate(zip(mine, theirs, strict=False)) if a != b),
                    min(len(mine), len(theirs)))
        ratio = difflib.SequenceMatcher(None, mine, theirs, autojunk=False).ratio()
        scored.append((same, ratio, sentence))
    scored.sort(key=lambda x: (-x[0], -x[1]))
    return [(ratio, sentence) for _, ratio, sentence in scored[:count]]


def unknown_sentence(statement: str, before: str, found: str, keywords: frozenset[str],
                     context: str) -> tuple[str, str] | None:
    """(message, hint) when ``statement`` is no sentence of its block at all; else ``None``.

    ``before`` is the statement's text up to the unexpected word ``found``; ``keywords`` are
    the words the parser would have taken there.
    """
    # Top-level headings have their own messages (an unknown section, a misplaced heading).
    if context in ("top", "examples") or context not in SENTENCES \
            or not re.fullmatch(r"[a-z][a-z'’-]*", found):
        return None
    if len(_words(before)) >= _EARLY:
        return None
    words = {w for k in keywords for w in k.split()}
    import difflib  # only on this path: it is slow to import
    if difflib.get_close_matches(found, words, n=1, cutoff=0.7):
        return None  # a misspelt keyword: the curated messages say which
    best = nearest(statement, context)
    if not best or max(nearest(statement, context, len(SENTENCES[context])))[0] >= _ALIKE:
        return None
    start = " ".join((before.strip() + " " + found).split())
    hint = "the nearest sentences here:\n" + "\n".join(f"    {s}" for _, s in best)
    return f"no such sentence here: no {_BLOCK.get(context, context)} sentence starts " \
           f"`{start} …`", hint


_BLOCK = {"top": "top-level", "header": "agreement header", "objective": "objective",
          "credits": "service credits", "tier": "credit tier", "example": "worked example",
          "examples": "examples", "definitions": "definitions", "service": "service",
          "responsibilities": "responsibilities", "exclusions": "exclusions",
          "reporting": "reporting"}
