"""The customers file, and an agreement with one customer's values filled in.

A customers file is CSV: a header with ``customer`` (the id used in the measurement data),
``name`` and one column for each value the agreement leaves open (``"Monthly Fee" is given per
customer.`` is read from the column ``Monthly Fee``; case, spaces and underscores in the header
do not matter). A value is an amount in the agreement's currency: ``12000``, ``12,000.50`` or
``EUR 12,000``.

:func:`for_customer` turns the agreement into the one signed with that customer: each value
given per customer becomes an ordinary amount (``"Monthly Fee" is EUR 12,000.``) at the same
place, and the customer party gets the customer's name. Rendering and evaluating then need
nothing else.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .. import nodes as n
from ..errors import Diagnostic, SlaDataError, Span
from ..model import Spec
from ..quantities import Money


@dataclass(frozen=True)
class Customer:
    number: int  # 1-based row of the customers file: names the customer's files
    id: str
    name: str
    #: The values the agreement leaves open, by the agreement's name for them.
    values: dict[str, Money] = field(default_factory=dict)


def column_key(name: str) -> str:
    """``Monthly Fee``, ``monthly_fee`` and ``MONTHLY  FEE`` name the same column."""
    return " ".join(name.replace("_", " ").lower().split())


def read_customers(path: Path, spec: Spec | None = None) -> list[Customer]:
    """The customers file: a header with ``customer`` (and ``name``, and a column for each
    value ``spec`` gives per customer), one customer a row."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise _error(path, 1, f"cannot read the customers file: {exc}") from None
    rows = list(csv.reader(io.StringIO(text)))
    header = [column_key(h) for h in rows[0]] if rows else []
    if "customer" not in header:
        raise _error(path, 1, "the customers file needs a header with a 'customer' column",
                     "customer,name\nacme,Acme Ltd")
    wanted = _columns(path, header, spec)
    out: list[Customer] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise _error(path, line, f"row has {len(row)} values, the header {len(header)}")
        values = dict(zip(header, (cell.strip() for cell in row), strict=True))
        ident = values["customer"]
        if not ident:
            raise _error(path, line, "the customer is empty", "every row names a customer")
        if ident in seen:
            raise _error(path, line, f"customer {ident!r} is listed twice (first on line "
                         f"{seen[ident]})")
        seen[ident] = line
        given = {name: _amount(path, line, col, name, values[column_key(name)], ident, spec)
                 for name, col in wanted.items() if spec is not None}
        out.append(Customer(len(out) + 1, ident, values.get("name") or ident, given))
    if not out:
        raise _error(path, 1, "the customers file lists no customer")
    return out


def _columns(path: Path, header: list[str], spec: Spec | None) -> dict[str, int]:
    """The 1-based column of each value given per customer."""
    if spec is None:
        return {}
    out: dict[str, int] = {}
    for name, defn in spec.per_customer.items():
        key = column_key(name)
        if key not in header:
            raise _error(path, 1, f'the customers file has no column "{name}": the agreement '
                         f"gives it per customer ({spec.file}, line {defn.span.line})",
                         f"customer,name,{name}\nacme,Acme Ltd,12000")
        out[name] = header.index(key) + 1
    return out


_AMOUNT = re.compile(r"^(?:([A-Z]{3})\s*)?([0-9][0-9,]*(?:\.[0-9]+)?)$")


def _amount(path: Path, line: int, column: int, name: str, text: str, ident: str,
            spec: Spec | None) -> Money:
    currency = spec.currency if spec is not None else None
    if not text:
        raise _error(path, line, f'customer {ident!r} has no "{name}"', "every customer needs "
                     "each value the agreement gives per customer", column)
    m = _AMOUNT.match(text)
    value: Decimal | None = None
    if m is not None:
        try:
            value = Decimal(m.group(2).replace(",", ""))
        except InvalidOperation:
            value = None
    if m is None or value is None:
        raise _error(path, line, f'"{name}" of customer {ident!r} is not an amount: {text!r}',
                     f"write it as 12000, 12,000.50 or {currency or 'EUR'} 12,000", column)
    if m.group(1) and currency and m.group(1) != currency:
        raise _error(path, line, f'"{name}" of customer {ident!r} is in {m.group(1)}, the '
                     f"agreement in {currency}", f"give the amount in {currency}", column)
    return Money(value, currency or m.group(1))


def for_customer(spec: Spec, customer: Customer) -> Spec:
    """``spec`` as signed with ``customer``: their values filled in, their name as the
    customer's."""
    if not spec.per_customer:
        return spec
    missing = [name for name in spec.per_customer if name not in customer.values]
    if missing:
        raise SlaDataError([Diagnostic("D300", "error", f"customer {customer.id!r} has no "
                                       f'"{missing[0]}"', Span.point(spec.file, 1, 1))])

    def fill(item: n.Definition) -> n.Definition:
        if isinstance(item, n.CustomerValue):
            return n.AmountDefinition(item.span, item.name, customer.values[item.name])
        return item

    sections = tuple(replace(s, items=tuple(fill(i) for i in s.items))
                     if isinstance(s, n.Definitions) else s for s in spec.document.sections)
    parties = tuple(replace(p, name=customer.name)
                    if p.role == "customer" and customer.name != customer.id else p
                    for p in spec.agreement.parties)
    agreement = replace(spec.agreement, parties=parties)
    document = replace(spec.document, agreement=agreement, sections=sections)
    return Spec(document, spec.source, spec.file, list(spec.diagnostics), customer.id,
                tuple(spec.per_customer))


def customer_named(customers: list[Customer], ident: str, path: Path) -> Customer:
    found = next((c for c in customers if c.id == ident), None)
    if found is None:
        raise _error(path, 1, f"the customers file has no customer {ident!r}",
                     "customers: " + ", ".join(c.id for c in customers[:5])
                     + (" …" if len(customers) > 5 else ""))
    return found


def _error(path: Path, line: int, message: str, hint: str = "",
           column: int = 1) -> SlaDataError:
    return SlaDataError([Diagnostic("D300", "error", message,
                                    Span.point(str(path), line, column), hint)])
