"""Words for people: exact numbers, money, durations, dates, and inline-text helpers.

Used by :mod:`sladsl.render.english` (which re-exports them) and the renderers.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from ..quantities import Duration, Money
from .model import Inline, Inlines, Text

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
COMPARATORS = {"at_least": "at least", "at_most": "at most", "more_than": "more than",
               "less_than": "less than"}
#: Currencies whose amounts have no minor unit (ISO 4217 exponent 0).
_NO_CENTS = frozenset({"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF",
                       "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"})
_UNIT_WORDS = {"ms": "millisecond"}


# ---------------------------------------------------------------- formatting for people


def number(value: Decimal) -> str:
    """Exact digits with thousands separators: ``12000`` → ``12,000``, ``99.0`` → ``99.0``."""
    return format(value, ",f")


def money(value: Money) -> str:
    """``EUR 12,000.00``: whole minor units are always shown, extra digits are kept."""
    amount = value.amount
    places = 0 if value.currency in _NO_CENTS else 2
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -places:
        amount = amount.quantize(Decimal(1).scaleb(-places))
    text = number(amount)
    return f"{value.currency} {text}" if value.currency else text


def duration(value: Duration, calendar_ref: Inline | None = None) -> Inlines:
    """``15 minutes``, ``4 business hours``, ``4 hours of Business Hours``."""
    unit = _UNIT_WORDS.get(value.unit, value.unit)
    words = unit if value.value == 1 else unit + "s"
    prefix = "business " if value.business else ""
    out: list[Inline] = [Text(f"{number(value.value)} {prefix}{words}")]
    if value.calendar:
        out += [Text(" of "), calendar_ref or Text(value.calendar)]
    return tuple(out)


def day_text(text: str) -> str:
    """``2026-01-01`` → ``1 January 2026``; anything else is shown as written."""
    try:
        d = date.fromisoformat(text)
    except ValueError:
        return text
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def period_text(text: str) -> str:
    """A period of a worked example: ``2026-04`` → ``April 2026``; ``Q2 2026`` as written."""
    if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
        month = int(text[5:])
        if 1 <= month <= 12:
            return f"{MONTHS[month - 1]} {text[:4]}"
    return text


def sentence(text: str) -> str:
    """Verbatim meaning text, ending with a full stop unless it already ends a sentence."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", ";", ":")) else text + "."


def merge(parts: Iterable[Inline]) -> Inlines:
    """Joins adjacent plain text runs so that writers see few, long runs."""
    out: list[Inline] = []
    for part in parts:
        if not part.text:
            continue
        if isinstance(part, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + part.text)
        else:
            out.append(part)
    return tuple(out)


def capitalise(inlines: Inlines) -> Inlines:
    """Upper-cases the first letter of a sentence that starts with plain text."""
    if inlines and isinstance(inlines[0], Text):
        first = inlines[0].text
        return (Text(first[:1].upper() + first[1:]), *inlines[1:])
    return inlines
