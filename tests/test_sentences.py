"""An unknown sentence is named as such, with the nearest sentences of its block; the list of
sentences parses; the findings catalogue names every code sladsl reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sladsl
from sladsl.syntax.parser import LINE_STARTS, _try_parse
from sladsl.syntax.sentences import SENTENCES

ROOT = Path(__file__).parent.parent

BASE = '''agreement "T"
  provider "Acme Ltd." called "the Provider"
  customer "Globex plc" called "the Customer"
  currency EUR

definitions:
  "Monthly Fee" is EUR 100.

service "API":
  objective "Uptime":
    the service shall be available at least 99.9% of the time in each calendar month.
    {objective}

service credits:
  for "Uptime": 5% of the Monthly Fee when missed.
  {credits}
'''


def _errors(objective: str = "", credits: str = "") -> list[sladsl.Diagnostic]:
    text = BASE.replace("{objective}", objective).replace("{credits}", credits)
    return [d for d in sladsl.analyse(text, "t.sla")[1] if d.severity == "error"]


@pytest.mark.parametrize(("objective", "credits", "start", "nearest"), [
    # Was E118 "a percentile is written as an ordinal" (the example,
    # "the objective applies only when …", has since become a sentence).
    ("the objective is suspended during migrations.", "",
     "no objective sentence starts `the objective is …`", "the objective applies only when"),
    # Was E123 "`a` should be a capitalised defined name".
    ("", "a refund is paid by bank transfer.",
     "no service credits sentence starts `a refund …`",
     "a credit not claimed in time is forfeited."),
    ("", "credits expire after a year.", "no service credits sentence starts `credits expire …`",
     "credits below EUR 100 are not paid."),
])
def test_unknown_sentence(objective: str, credits: str, start: str, nearest: str) -> None:
    found = _errors(objective, credits)
    assert [d.code for d in found] == ["E160"], [d.message for d in found]
    assert found[0].message == f"no such sentence here: {start}"
    assert found[0].hint.startswith("the nearest sentences here:")
    assert nearest in found[0].hint


@pytest.mark.parametrize(("objective", "credits", "code"), [
    # Misspellings and near-misses of real sentences keep their curated messages.
    ("the servce shall be available at least 99.9% of the time in each calendar month.", "",
     "E105"),
    ("the 95 percentile of response time shall be at most 300 ms in each calendar month.", "",
     "E118"),
    ("availability is measured by probes.", "", "E100"),
    ("", "credits are rounded to 2 decimal places.", "E100"),
])
def test_near_misses_keep_their_messages(objective: str, credits: str, code: str) -> None:
    assert [d.code for d in _errors(objective, credits)] == [code]


@pytest.mark.parametrize("context", sorted(SENTENCES))
def test_every_listed_sentence_parses_in_its_block(context: str) -> None:
    assert context in LINE_STARTS
    for sentence in SENTENCES[context]:
        assert _try_parse(sentence + "\n", context) is None, sentence


def test_findings_catalogue_names_every_code() -> None:
    doc = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    codes = set()
    for path in (ROOT / "sladsl").rglob("*.py"):
        codes |= set(re.findall(r'"([ESWD]\d{3})"', path.read_text(encoding="utf-8")))
    listed = set(re.findall(r"`([ESWD]\d{3})`", doc))
    ranges = re.findall(r"`E(\d{3})`–`E(\d{3})`", doc)
    missing = [c for c in sorted(codes) if c not in listed and not any(
        c[0] == "E" and int(a) <= int(c[1:]) <= int(b) for a, b in ranges)]
    assert not missing, f"codes missing from docs/findings.md: {missing}"
