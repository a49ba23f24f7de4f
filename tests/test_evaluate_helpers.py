"""Helpers for the evaluation tests: small specs and data directories written by hand."""

from __future__ import annotations

from pathlib import Path

import sladsl
from sladsl.evaluate.bindings import Bindings
from sladsl.evaluate.engine import Engine, Evaluation
from sladsl.evaluate.periods import parse_period, parse_range, zone
from sladsl.model import Spec

HEADER = '''agreement "Test Agreement"
  provider "Acme Ltd." called "the Provider"
  customer "Globex plc" called "the Customer"
  effective 2026-01-01 until 2026-12-31
  time zone Europe/London
  currency EUR

definitions:
  "Monthly Fee" is EUR 10,000.
  "Business Hours" are 09:00 to 17:00, Monday to Friday, except public holidays in GB.
  priority 1 means "down".
  priority 2 means "degraded".
  priority 3 means "minor".

'''


def spec(body: str) -> Spec:
    return sladsl.loads(HEADER + body, "test.sla")


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text.strip() + "\n", encoding="utf-8")
    return folder


def run(s: Spec, folder: Path, first: str, last: str | None = None) -> Evaluation:
    tz = zone(s.time_zone)
    periods = parse_range(first, last, tz) if last else [parse_period(first, tz)]
    return Engine(s, folder, Bindings()).run(periods)
