"""``sladsl import openslo FILE...``: OpenSLO v1 documents become a ``.sla`` skeleton.

Each ``SLO`` becomes an objective of its service (the ``Service`` document's display name,
else the SLO's ``service`` string): ``Timeslices`` an availability target cut into slices of
``timeSliceWindow`` that count as unavailable when more than ``1 − timeSliceTarget`` of the
requests fail; ``Occurrences`` and ``RatioTimeslices`` a share of requests that succeed. The
window is the SLO's ``timeWindow`` (``1M`` with a calendar → each calendar month, ``28d``
rolling → each rolling 28 days); the first calendar's ``timeZone`` and ``startTime`` give the
agreement's zone and effective date. The indicator's queries are kept as comments.

What OpenSLO has no notion of is left for people to write: the parties are placeholders
(``provider "Provider"``), and credits and exclusions are commented examples. The skeleton
validates and renders as it is. Documents of other kinds are named in a comment.

YAML is read with PyYAML (the ``openslo`` extra); every string from the documents reaches the
``.sla`` file as an escaped string literal or an escaped comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import click

from ..errors import Diagnostic, SlaDataError, SlaUsageError, Span
from .writer import CodeWriter, comment_text

_UNITS = {"w": "week", "M": "month", "Q": "quarter", "Y": "year"}
_SLICE = {1: "a second", 60: "a minute", 3600: "an hour", 86400: "a day"}
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def sla_string(text: str) -> str:
    """A ``.sla`` string literal (the escapes the lexer knows)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r") + '"'


def load_documents(paths: Iterable[str]) -> list[tuple[str, dict[str, Any]]]:
    """Every document of every file, with its file name; errors name file and line."""
    try:
        import yaml
    except ModuleNotFoundError as exc:  # pragma: no cover - the openslo extra
        raise SlaUsageError([Diagnostic("E901", "error", "reading OpenSLO needs PyYAML",
                                        Span.point("<command>", 1, 1),
                                        "pip install 'sladsl[openslo]'")]) from exc
    out: list[tuple[str, dict[str, Any]]] = []
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
            docs = list(yaml.safe_load_all(text))
        except OSError as exc:
            raise _error(path, 1, f"cannot read the file: {exc}") from exc
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            raise _error(path, line, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
        for doc in docs:
            if doc is None:
                continue
            if not isinstance(doc, dict) or doc.get("apiVersion") != "openslo/v1":
                raise _error(path, 1, "not an OpenSLO v1 document (apiVersion: openslo/v1)",
                             "export OpenSLO v1 YAML")
            out.append((path, doc))
    return out


def to_sla(docs: list[tuple[str, dict[str, Any]]]) -> str:
    """The ``.sla`` skeleton for the documents."""
    services = {_name(d): _display(d) for _, d in docs if d.get("kind") == "Service"}
    slis = {_name(d): d.get("spec") or {} for _, d in docs if d.get("kind") == "SLI"}
    slos = [(f, d) for f, d in docs if d.get("kind") == "SLO"]
    others = sorted({str(d.get("kind")) for _, d in docs} - {"Service", "SLI", "SLO"})
    if not slos:
        raise _error(docs[0][0] if docs else "<input>", 1, "no SLO document to import",
                     "give the files that hold the kind: SLO documents")
    zone, start = "UTC", None
    for _, d in slos:
        cal = (_window(d) or {}).get("calendar") or {}
        if isinstance(cal, dict) and cal.get("timeZone"):
            zone = str(cal["timeZone"])
            start = str(cal.get("startTime", ""))[:10] or None
            break
    w = CodeWriter(unit="  ")
    w.comment("Imported from OpenSLO by sladsl: complete the parties, fees, credits and "
              "exclusions, which OpenSLO has no notion of.")
    w.writeline(f"agreement {sla_string('Service Level Agreement')}")
    w.indent()
    w.writeline(f"provider {sla_string('Provider')} called \"the Provider\"  # placeholder")
    w.writeline(f"customer {sla_string('Customer')} called \"the Customer\"  # placeholder")
    if start and re.fullmatch(r"\d{4}-\d{2}-\d{2}", start):
        w.writeline(f"effective {start}")
    if re.fullmatch(r"[A-Za-z0-9_+/-]+", zone):
        w.writeline(f"time zone {zone}")
    w.outdent()
    w.blank()
    by_service: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for f, d in slos:
        spec = d.get("spec") or {}
        ref = str(spec.get("service", "service"))
        by_service.setdefault(services.get(ref, ref), []).append((f, d))
    names: list[str] = []
    for service, items in by_service.items():
        w.writeline(f"service {sla_string(service)}:")
        w.indent()
        written: dict[str, list[str]] = {}
        for f, d in items:
            names.extend(_objective(f, d, slis, written))
        for name, lines in written.items():
            w.writeline(f"objective {sla_string(name)}:")
            w.indent()
            for line in lines:
                w.writeline(line)
            w.outdent()
            w.blank()
        w.outdent()
        w.blank()
    w.writeline("# service credits:  (OpenSLO has none; for example)")
    for name in names[:1]:
        w.writeline(f"#   for {comment_text(sla_string(name))}: 10% of the Monthly Fee when "
                    "missed.")
    w.writeline("# exclusions:  (OpenSLO has none; for example)")
    w.writeline("#   scheduled maintenance announced at least 72 hours in advance, up to 4 hours "
                "in each calendar month.")
    if others:
        w.comment("Not imported (no .sla counterpart): " + ", ".join(others) + " documents.")
    return w.getvalue()


def _objective(file: str, d: dict[str, Any], slis: dict[str, Any],
               written: dict[str, list[str]]) -> list[str]:
    """The objective of one SLO; an SLO whose service and name were seen before adds its
    target to that objective (``written`` holds each objective's lines)."""
    spec = d.get("spec") or {}
    method = spec.get("budgetingMethod")
    window = _window_text(file, d)
    out = []
    for i, obj in enumerate(spec.get("objectives") or [{}]):
        name = _display(d) if i == 0 else f"{_display(d)} {obj.get('displayName') or i + 1}"
        percent = _percent(file, d, obj)
        lines = written.setdefault(name, [])
        if not lines:
            out.append(name)
        indicator = spec.get("indicator") or slis.get(str(spec.get("indicatorRef")), {})
        lines.extend("# " + comment_text(q) for q in _queries(indicator))
        if method == "Timeslices":
            lines.append(f"the service shall be available at least {percent}% of the time"
                         f"{window}.")
            share = _number(file, d, obj.get("timeSliceTarget", 1), "timeSliceTarget")
            fail = _plain((1 - share) * 100)
            # A precomputed success ratio (a probe's up/down gauge) is read as probes.
            samples = "probes" if any(q.startswith("OpenSLO raw:")
                                      for q in _queries(indicator)) else "requests"
            rules = [f"availability is measured from {samples}.",
                     f"{_slice(file, d, obj.get('timeSliceWindow', '1m'))} counts as "
                     f"unavailable when more than {fail}% of {samples} fail."]
            lines.extend(r for r in rules if r not in lines)
        elif method in ("Occurrences", "RatioTimeslices"):
            within = _bucket_limit(indicator)
            outcome = f"complete within {within}" if within else "succeed"
            lines.append(f"at least {percent}% of requests shall {outcome}{window}.")
            if method == "RatioTimeslices":
                unit = _slice(file, d, obj.get("timeSliceWindow", "1d")).split()[-1]
                rule = f"the percentage is the average of the percentages for each {unit}."
                if rule not in lines:
                    lines.append(rule)
        else:
            raise _error(file, 1, f"SLO {_name(d)!r}: unknown budgetingMethod {method!r}",
                         "Occurrences, Timeslices or RatioTimeslices")
    return out


def _bucket_limit(indicator: Any) -> str | None:
    """``300 ms`` when the good requests are a histogram bucket (``le="0.3"``) of the total
    (``le="+Inf"``)."""
    found = dict(q.split(": ", 1) for q in _queries(indicator))
    good, total = found.get("OpenSLO good", ""), found.get("OpenSLO total", "")
    m = re.search(r'le\s*=~?\s*"([0-9]+(?:\.[0-9]+)?)', good)
    if m is None or not re.search(r'le\s*=\s*"\+Inf"', total):
        return None
    ms = Decimal(m[1]) * 1000
    return f"{_plain(ms)} ms"


def _queries(indicator: Any) -> list[str]:
    spec = indicator.get("spec", indicator) if isinstance(indicator, dict) else {}
    metric = spec.get("ratioMetric") or spec.get("thresholdMetric") or {}
    out = []
    if isinstance(metric, dict):
        for role in ("good", "bad", "total", "raw"):
            source = (metric.get(role) or {}).get("metricSource", {}) \
                if isinstance(metric.get(role), dict) else {}
            query = (source.get("spec") or {}).get("query") if isinstance(source, dict) else None
            if query:
                out.append(f"OpenSLO {role}: {query}")
    return out


def _window(d: dict[str, Any]) -> dict[str, Any] | None:
    windows = (d.get("spec") or {}).get("timeWindow") or []
    return windows[0] if isinstance(windows, list) and windows and \
        isinstance(windows[0], dict) else None


def _window_text(file: str, d: dict[str, Any]) -> str:
    window = _window(d)
    if window is None:
        return ""
    text = str(window.get("duration", ""))
    m = re.fullmatch(r"([1-9][0-9]*)([smhdwMQY])", text)
    rolling = window.get("isRolling", "calendar" not in window)
    if m is None:
        raise _error(file, 1, f"SLO {_name(d)!r}: cannot read the duration {text!r}",
                     "1M, 1Q, 1Y or 1w with a calendar; 28d rolling")
    count, unit = int(m[1]), m[2]
    if not rolling and unit in _UNITS and count == 1:
        return f" in each calendar {_UNITS[unit]}"
    if rolling and unit in ("d", "w"):
        days = count * (7 if unit == "w" else 1)
        return f" in each rolling {days} day" + ("s" if days != 1 else "")
    raise _error(file, 1, f"SLO {_name(d)!r}: a {'rolling' if rolling else 'calendar'} window "
                 f"of {text} has no .sla form", "calendar 1w, 1M, 1Q, 1Y; rolling whole days")


def _slice(file: str, d: dict[str, Any], text: object) -> str:
    m = re.fullmatch(r"([1-9][0-9]*)([smhd])", str(text))
    if m is None:
        raise _error(file, 1, f"SLO {_name(d)!r}: cannot read timeSliceWindow {text!r}", "1m")
    seconds = int(m[1]) * _SECONDS[m[2]]
    if seconds in _SLICE:
        return _SLICE[seconds]
    unit = "hours" if seconds % 3600 == 0 else "minutes" if seconds % 60 == 0 else "seconds"
    return f"a period of {seconds // {'hours': 3600, 'minutes': 60, 'seconds': 1}[unit]} {unit}"


def _percent(file: str, d: dict[str, Any], obj: dict[str, Any]) -> str:
    if "targetPercent" in obj:
        value = _number(file, d, obj["targetPercent"], "targetPercent")
    elif "target" in obj:
        value = _number(file, d, obj["target"], "target") * 100
    else:
        raise _error(file, 1, f"SLO {_name(d)!r}: an objective needs target or targetPercent")
    if not Decimal(0) < value <= Decimal(100):
        raise _error(file, 1, f"SLO {_name(d)!r}: target {value}% is not a percentage")
    return _plain(value)


def _number(file: str, d: dict[str, Any], value: object, what: str) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise _error(file, 1, f"SLO {_name(d)!r}: {what} {value!r} is not a number") from None


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _name(d: dict[str, Any]) -> str:
    return str((d.get("metadata") or {}).get("name", ""))


def _display(d: dict[str, Any]) -> str:
    meta = d.get("metadata") or {}
    return str(meta.get("displayName") or meta.get("name") or "Objective")


def _error(file: str, line: int, message: str, hint: str = "") -> SlaDataError:
    return SlaDataError([Diagnostic("D400", "error", message, Span.point(file, line, 1), hint)])


@click.group(name="import")
def import_command() -> None:
    """Turn documents of other tools into a .sla skeleton."""


@import_command.command(name="openslo")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="write here instead of standard output")
def import_openslo(files: tuple[str, ...], output: str | None) -> None:
    """Turn OpenSLO v1 FILES (SLO, SLI, Service documents) into a .sla skeleton."""
    from ..api import loads
    from ..atomic import write_atomically
    from ..errors import SlaError
    from ..exits import fail

    try:
        text = to_sla(load_documents(files))
        loads(text, "<imported>")  # the skeleton must validate; a failure here is a bug
    except SlaError as exc:
        fail(exc)
    if output:
        write_atomically(Path(output), text)
    else:
        click.echo(text, nl=False)
