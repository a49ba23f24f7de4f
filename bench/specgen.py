"""A large, valid spec built from the constructs of the example agreements in ``specs/``.

The agreement header, the shared sections (responsibilities, exclusions, credit rules other than
tables, reporting, examples) come from ``specs/cloud-platform.sla``. The ``definitions`` of every
example are merged (the first definition of a name wins), and then the ``service`` blocks and
the credit tables (``for "…":``) of every example are repeated, each copy with its service and
objective names suffixed by the copy number, until the spec has the requested number of lines.
The result is deterministic: the same line count always gives the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
BASE = "cloud-platform.sla"

_SECTION = re.compile(r"^([a-z][a-z ]*?)(?: \"(.*)\")?:?\s*(#.*)?$")
_DEFINED = re.compile(r'^\s*(priority \d+|"[^"]*") (\w+)')


@dataclass
class _Parts:
    """The top-level sections of one example spec, as lists of lines."""

    header: list[str] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)
    services: list[list[str]] = field(default_factory=list)
    credit_tables: list[list[str]] = field(default_factory=list)
    credit_rules: list[str] = field(default_factory=list)
    rest: list[str] = field(default_factory=list)  # responsibilities, exclusions, reporting …


def _blocks(lines: list[str]) -> list[list[str]]:
    """Splits a file into top-level blocks: a line at the left margin and what it encloses."""
    blocks: list[list[str]] = []
    for line in lines:
        if line and not line[0].isspace() and not line.startswith("#"):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    return blocks


def _statements(lines: list[str]) -> list[str]:
    """Lines with each continuation line (deeper, after a line that does not end in ``:``)
    joined to its statement, so that a wrapped sentence moves as one item."""
    out: list[str] = []
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if out:
            first = out[-1].split("\n", 1)[0]
            if not out[-1].rstrip().endswith(":") and indent > len(first) - len(first.lstrip()):
                out[-1] += "\n" + line
                continue
        out.append(line)
    return out


def _split(text: str) -> _Parts:
    parts = _Parts()
    for block in _blocks(text.splitlines()):
        head = block[0]
        body = _statements([ln for ln in block[1:]
                            if ln.strip() and not ln.lstrip().startswith("#")])
        if head.startswith("agreement"):
            parts.header = [head, *block[1:]]
        elif head.startswith("definitions"):
            parts.definitions = body
        elif head.startswith("service credits"):
            for line in body:
                if line.startswith("  for "):
                    parts.credit_tables.append([line])
                elif line.startswith("    ") and parts.credit_tables:
                    parts.credit_tables[-1].append(line)
                else:
                    parts.credit_rules.append(line)
        elif head.startswith("service "):
            parts.services.append([head, *block[1:]])
        else:
            parts.rest.extend([head, *block[1:]])
    return parts


def _rename(lines: list[str], names: set[str], suffix: str,
            renames: dict[str, str], parties: dict[str, str]) -> list[str]:
    """Suffixes every quoted name in ``names`` (services and objectives) on each line."""
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        return f'"{name}{suffix}"' if name in names else m.group(0)

    out = []
    for line in lines:
        line = re.sub(r'"([^"\n]*)"', sub, line)
        for old, new in renames.items():
            line = line.replace(f"of {old}", f"of {new}")
        for old, new in parties.items():
            line = line.replace(old, new)
        out.append(line)
    return out


def _parties(header: list[str]) -> dict[str, str]:
    """Role → how the spec calls the party (``{"customer": "the Client"}``)."""
    out: dict[str, str] = {}
    for line in header:
        m = re.match(r'^\s*(provider|customer) "([^"]*)"(?: called "([^"]*)")?', line)
        if m:
            out[m.group(1)] = m.group(3) or m.group(2)
    return out


def _names(services: list[list[str]]) -> set[str]:
    found: set[str] = set()
    for block in services:
        for line in block:
            m = re.match(r'^\s*(?:service|objective) "([^"]*)":', line)
            if m:
                found.add(m.group(1))
    return found


def large_spec(lines: int = 10_000, specs_dir: Path = SPECS) -> str:
    """A valid spec of at least ``lines`` lines (and at most one repeated copy more)."""
    files = sorted(specs_dir.glob("*.sla"))
    parsed = {f.name: _split(f.read_text(encoding="utf-8")) for f in files}
    base = parsed[BASE]
    # Examples in another currency would need their fees converted; keep the base currency.
    currency = next((ln.split()[-1] for ln in base.header if ln.strip().startswith("currency")),
                    "EUR")
    seen: set[str] = set()
    definitions: list[str] = []
    calendar: str | None = None
    renames: dict[str, str] = {}
    for name in [BASE, *sorted(set(parsed) - {BASE})]:
        in_prose = False
        for line in parsed[name].definitions:
            if line.strip().startswith('"""') or in_prose:
                # Prose is kept whole: its quote marks are no definitions.
                if line.strip().startswith('"""') and line.count('"""') == 1:
                    in_prose = not in_prose
                definitions.append(line)
                continue
            m = _DEFINED.match(line)
            key = f"{m.group(1)} {m.group(2)}" if m else line
            cal = re.match(r'^\s*"([^"]*)" are ', line)
            if cal:
                # One calendar only, so that "business days" stays unambiguous; the others'
                # names are read as that one.
                if calendar is None:
                    calendar = cal.group(1)
                else:
                    renames[cal.group(1)] = calendar
                    continue
            if key in seen:
                continue
            seen.add(key)
            definitions.append(re.sub(r"\b(?:GBP|USD|EUR|CHF)\b", currency, line))
    head = [*base.header, "", "definitions:", *definitions, ""]
    # The tables come from agreements billed monthly and quarterly: say which applies (S130).
    tail = ["service credits:", "  fees are billed every calendar month."]
    body: list[str] = []
    credit_tables: list[str] = []
    copy = 0
    while len(head) + len(body) + len(credit_tables) + len(base.credit_rules) \
            + len(base.rest) + 1 < lines:
        for name in [BASE, *sorted(set(parsed) - {BASE})]:
            p = parsed[name]
            names = _names(p.services)
            # Parties keep the base agreement's names ("the Client" becomes "the Customer").
            own = _parties(p.header)
            parties = {own[r]: called for r, called in _parties(base.header).items()
                       if r in own and own[r] != called}
            suffix = "" if copy == 0 and name == BASE else f" {copy}-{len(body)}"
            for block in p.services:
                body.extend(_rename(block, names, suffix, renames, parties))
                body.append("")
            for table in p.credit_tables:
                renamed = _rename(table, names, suffix, renames, parties)
                credit_tables.extend(re.sub(r"\b(?:GBP|USD|EUR|CHF)\b", currency, ln)
                                     for ln in renamed)
        copy += 1
    text = "\n".join([*head, *body, *tail, *credit_tables, *base.credit_rules, "",
                      *base.rest]) + "\n"
    return text
