"""``sladsl fmt``: canonical, idempotent, meaning-preserving, and careful with files."""

from __future__ import annotations

import functools
import os
import random
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sladsl import nodes as n
from sladsl.errors import SlaSyntaxError, Span
from sladsl.fmt.command import fmt, format_text, parse_document, structure
from sladsl.fmt.document import FormatError
from sladsl.fmt.printer import Printer
from sladsl.fmt.writer import WIDTH

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.sla"))
IDS = [p.stem for p in SPECS]


def facts(text: str) -> tuple[object, list[str]]:
    """What fmt must keep: the structure of a spec without comments, and the comments."""
    doc, _ = parse_document(text)
    bare = n.Document(doc.span, doc.agreement, doc.sections, ())
    return structure(bare), [c.text.rstrip() for c in doc.comments]


@functools.cache
def canonical(path: Path) -> str:
    return format_text(path.read_text(encoding="utf-8"))


def without_comments(text: str) -> str:
    """Text with comments and blank lines removed: the layout of the statements alone."""
    doc, _ = parse_document(text)
    lines = text.split("\n")
    for c in doc.comments:
        lines[c.span.line - 1] = lines[c.span.line - 1][:c.span.column - 1].rstrip()
    return "\n".join(line for line in lines if line.strip())


def check_formatting(text: str) -> str:
    """Formats ``text`` and checks the promises: same meaning, same comments, idempotent."""
    out = format_text(text)
    assert facts(out) == facts(text)
    assert format_text(out) == out, "fmt is not idempotent"
    for line in out.split("\n"):
        # Only a single unbreakable word (a long string) or a trailing comment may overflow.
        code = re.sub(r"  #.*$", "", line) if '"""' not in line else line
        if len(code) > WIDTH:
            assert len(code.strip().split(" ")) <= 3 or '"' in code, line
    return out


# ---------------------------------------------------------------- the specs


@pytest.mark.parametrize("path", SPECS, ids=IDS)
def test_specs_format_idempotently_and_keep_meaning(path: Path,
                                                    golden: Callable[[str, str], None]) -> None:
    text = path.read_text(encoding="utf-8")
    out = check_formatting(text)
    golden(f"fmt/{path.name}", out)


def test_there_are_specs() -> None:
    assert len(SPECS) >= 1


def messy(text: str, seed: int) -> str:
    """A deliberately messy copy of a canonical text.

    Odd spacing, long joined lines, split lines, comments everywhere, blank lines.
    """
    rng = random.Random(seed)
    lines = text.split("\n")
    # Join continuation lines back into long lines first.
    joined: list[str] = []
    for line in lines:
        if (joined and _is_code(line) and _is_code(joined[-1])
                and _indent(line) > _indent(joined[-1])
                and not joined[-1].rstrip().endswith((":", '"""'))
                and not joined[-1].startswith("agreement") and '"""' not in line
                and not _in_prose(joined)):
            joined[-1] += " " + line.strip()
        else:
            joined.append(line)
    out: list[str] = ["# messy copy " + str(seed)]
    prose = False
    for number, line in enumerate(joined):
        if '"""' in line and line.count('"""') == 1:
            prose = not prose
            out.append(line)
            continue
        if prose or not _is_code(line):
            out.append(line)
            continue
        if rng.random() < 0.3:
            out.append("")
        if rng.random() < 0.4:
            out.append(" " * rng.randrange(0, 9) + f"# before {number}")
            if rng.random() < 0.3:
                out.append("")
        body = _respace(line, rng)
        if not line.rstrip().endswith(":") and not line.startswith("agreement"):
            body = _split(body, _indent(line), rng)
        if rng.random() < 0.5:
            body += " " * rng.randrange(1, 4) + f"#after {number}  "
        out.append(body)
    out.append("# the end")
    return "\n".join(out) + "\n"


def _is_code(line: str) -> bool:
    """A line with a statement on it and no comment (canonical text: comments end lines)."""
    return bool(line.strip()) and "#" not in line


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _in_prose(lines: list[str]) -> bool:
    return sum(line.count('"""') for line in lines) % 2 == 1


def _respace(line: str, rng: random.Random) -> str:
    """Widens the spaces between words, outside string literals."""
    indent, rest = line[:_indent(line)], line[_indent(line):]
    parts = re.split(r'("(?:[^"\\]|\\.)*")', rest)
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"(?<=[a-z0-9%.,]) (?=[a-z])(?!(?:rank|up|even|down|interpolation)\b)",
                          lambda _m: " " * rng.randrange(1, 4), parts[i])
    return indent + "".join(parts)


_GLUED = {"rank", "up", "even", "down", "interpolation"}


def _split(line: str, indent: int, rng: random.Random) -> str:
    """Breaks a statement onto a deeper continuation line before a lowercase keyword."""
    if rng.random() < 0.5:
        return line
    spots = [m.start() for m in re.finditer(r" +(?=([a-z]+))", line)
             if m.group(1) not in _GLUED and not line[:m.start()].rstrip().endswith(":")
             and line[:m.start()].count('"') % 2 == 0 and m.start() > indent]
    if not spots:
        return line
    at = rng.choice(spots)
    return line[:at].rstrip() + "\n" + " " * (indent + 4) + line[at:].lstrip()


@pytest.mark.parametrize("path", SPECS, ids=IDS)
@pytest.mark.parametrize("seed", [1, 2])
def test_messy_copies_format_to_the_canonical_layout(path: Path, seed: int) -> None:
    mess = messy(canonical(path), seed)
    assert mess != canonical(path)
    out = check_formatting(mess)
    assert "#after" in out and "# before" in out
    assert without_comments(out) == without_comments(canonical(path))


# ---------------------------------------------------------------- generated specs

HEADER = '''agreement {title}
  version "1"
  provider "Acme Ltd." called "the Provider"
  customer "Globex plc" called "the Customer"
  effective 2026-01-01 until 2026-12-31{renewal}
  time zone Europe/London
  currency EUR
'''
DEFINITIONS = [
    '"Monthly Fee" is EUR {money}.',
    '"Monthly Fee" means "the fee for a month".',
    '"Business Hours" are 09:00 to 17:00, Monday to Friday, except public holidays in GB.',
    '"Late Hours" are 18:00 to 22:00, every day and 10:00 to 12:00, Saturday.',
    'priority {level} means "something is {word}".',
    '"""\nA definition in prose, {word}.\n"""',
]
TARGETS = [
    "the service shall be available {cmp} {pct}% of the time in each calendar {period}.",
    "the {nth} percentile of response time shall be {cmp} {num} ms in each rolling {num} days.",
    "the average satisfaction score shall be {cmp} {small} out of 5 in each calendar quarter.",
    "{cmp} {pct}% of requests shall {outcome} in each calendar month.",
    "priority {level} tickets shall receive a first response within {num} minutes, at any time.",
    "{cmp} {pct}% of tickets shall be resolved within {num} business days.",
    "{cmp} {pct}% of tickets shall be resolved on first contact in each calendar month.",
    "the closure rate shall be {cmp} {pct}% in each calendar month.",
    "the net promoter score shall be {cmp} {num}.",
    "{cmp} {pct}% of satisfaction scores shall be at least 4 out of 5 in each calendar month.",
]
RULES = [
    "availability is measured from probes.",
    "a minute counts as unavailable when more than {pct}% of requests fail.",
    "a period of {num} seconds counts as unavailable when any probe fails.",
    "an hour without probes counts as excluded.",
    "downtime counts only in runs of at least {num} minutes.",
    "excluded time is left out of the measurement.",
    "the percentage is computed over all probes together.",
    "the percentage is the average of the percentages for each day.",
    "percentiles are computed by linear interpolation.",
    "a request counts as failed when it takes longer than {num} seconds.",
    "time waiting for the Customer is left out.",
    '"""\nProse inside an objective: {word}.\n  Indented line.\n"""',
]
CREDITS = [
    'for "O0":\n    below {pct}%: 10% of the Monthly Fee.\n    above 1%: EUR {money}.',
    'for "O0": 2% of the Monthly Fee for each missed priority {level} ticket.',
    'for "O0": {num} times the fees paid during the downtime for each full hour of downtime.',
    'for "O0": 5% of the Monthly Fee of the previous calendar month when missed.',
    "credits in a calendar month are capped at {pct}% of the Monthly Fee.",
    "each credit is at least EUR {money}.",
    "credits below EUR {money} are not paid.",
    "credits are rounded half even to 2 decimal places.",
    "credits are the Customer’s sole and exclusive remedy.",
    "the Customer must claim a credit within {num} days after the end of the month.",
    "if any objective is missed in {level} of any 12 consecutive calendar months, "
    "the Customer may terminate this agreement.",
]
OTHER = [
    "responsibilities:\n  the Customer shall {word} the logs within {num} hours of each incident.",
    "responsibilities:\n  Provider shall {word} a plan by 2026-03-01.",
    "exclusions:\n  emergency maintenance announced at least {num} hours in advance.\n"
    "  force majeure.\n  incidents the Customer did not report on time.",
    'reporting:\n  the Provider shall report every calendar quarter through "e-mail".',
    'examples:\n  example "E {word}":\n    given {num} minutes of downtime in April 2026\n'
    '    and 2 missed priority 1 tickets in 2026-05\n    then "O0" is met\n'
    "    and the Customer receives no credit.",
]
COMMENTS = ["", "  # note", "  #", "  # a long comment " + "x" * 60]


@st.composite
def specs(draw: st.DrawFn) -> str:
    def fill(snippet: str) -> str:
        return snippet.format(
            cmp=draw(st.sampled_from(["at least", "at most", "more than", "less than"])),
            pct=draw(st.sampled_from(["99.95", "99.0", "99", "0.1", "12.500"])),
            num=draw(st.integers(1, 5000)), small=draw(st.sampled_from(["4", "4.25"])),
            money=draw(st.sampled_from(["1,000", "12,000.50", "5", "1,234,567"])),
            level=draw(st.integers(1, 4)), period=draw(st.sampled_from(["month", "year"])),
            nth=draw(st.sampled_from(["95th", "99.9th", "1st", "22nd"])),
            outcome=draw(st.sampled_from(["fail", "succeed", "complete within 2 seconds"])),
            word=draw(st.sampled_from(["deliver", "update", "review"])),
        ) + draw(st.sampled_from(COMMENTS) if "\n" not in snippet else st.just(""))

    title = '"' + draw(st.sampled_from(["T", 'A \\"quoted\\" \\\\ title', "Long " * 30])) + '"'
    renewal = draw(st.sampled_from(["", ", renewing for 12 months"]))
    parts = [HEADER.format(title=title, renewal=renewal)]
    defs = draw(st.lists(st.sampled_from(DEFINITIONS), min_size=1, max_size=4))
    parts.append("definitions:\n" + "\n".join(_indented(fill(d), 1) for d in defs) + "\n")
    for s in range(draw(st.integers(1, 2))):
        body = [f'service "S{s}":']
        for o in range(draw(st.integers(1, 2))):
            body.append(f'  objective "O{o}":')
            lines = draw(st.lists(st.sampled_from(TARGETS), min_size=1, max_size=2))
            lines += draw(st.lists(st.sampled_from(RULES), max_size=2))
            body += [_indented(fill(x), 2) for x in lines]
        parts.append("\n".join(body) + "\n")
    credits = draw(st.lists(st.sampled_from(CREDITS), max_size=4))
    if credits:
        parts.append("service credits:\n" + "\n".join(_indented(fill(c), 1) for c in credits)
                     + "\n")
    parts += [fill(x) + "\n" for x in draw(st.lists(st.sampled_from(OTHER), max_size=3))]
    return "\n".join(parts)


def _indented(text: str, level: int) -> str:
    return "\n".join(("  " * level + line) if line else "" for line in text.split("\n"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs())
def test_generated_specs_format_idempotently(text: str) -> None:
    check_formatting(text)


# ---------------------------------------------------------------- details of the layout


def test_every_node_class_has_a_handler() -> None:
    missing = [c.__name__ for c in n.concrete_node_classes()
               if not hasattr(Printer, "visit_" + c.__name__)]
    assert missing == []


def test_a_node_without_a_handler_fails_loudly_naming_it() -> None:
    class Strange(n.Node):
        pass

    doc, source = parse_document(SMALL)
    with pytest.raises(NotImplementedError, match="Strange"):
        Printer(doc, source).visit(Strange(Span.point("x", 1, 1)))


SMALL = '''agreement "Small":
  currency EUR  # the money
  version "1"
  provider "P" called "the Provider"
  customer "C" called "the Customer"
  """
  Some   prose   kept  exactly.
     indented line
  """


# about definitions

definitions:
  # a comment
  "Fee"   is   EUR 12000.50.   # trailing
  "Pct" is 99.0.
  priority 1 means "a \\"big\\" \\\\ problem\\n".
service "S":
  objective "O":
    the service shall be available above 99.950% of the time in each calendar month.  # one
    a period of 1.0 minute counts as unavailable when any probe fails.
  objective "P":
    the 95th percentile of response time shall be at most 300 milliseconds
        # a comment inside a sentence
        in each calendar month.   # two
'''

SMALL_FORMATTED = '''agreement "Small"
  currency EUR  # the money
  version "1"
  provider "P" called "the Provider"
  customer "C" called "the Customer"

  """
  Some   prose   kept  exactly.
     indented line
  """

# about definitions

definitions:
  # a comment
  "Fee" is EUR 12,000.50.  # trailing
  "Pct" is 99.0.
  priority 1 means "a \\"big\\" \\\\ problem\\n".

service "S":
  objective "O":
    the service shall be available more than 99.950% of the time in each calendar month.  # one
    a period of 1.0 minute counts as unavailable when any probe fails.

  objective "P":
    # a comment inside a sentence
    the 95th percentile of response time shall be at most 300 ms in each calendar month.  # two
'''


def test_small_spec_layout() -> None:
    assert check_formatting(SMALL) == SMALL_FORMATTED


def test_long_sentences_wrap_with_deeper_continuation_lines() -> None:
    text = SMALL.replace('"Pct" is 99.0.', '"Pct" means "' + "word " * 18 + '".\n  '
                         + '"Hours" are 09:00 to 17:00, Monday to Friday and 10:00 to 12:00, '
                         'Saturday, except public holidays in GB, in time zone Europe/London.')
    out = check_formatting(text)
    assert '\n  "Hours" are 09:00 to 17:00, Monday to Friday and 10:00 to 12:00, Saturday, ' \
        'except public holidays\n    in GB, in time zone Europe/London.\n' in out
    assert '\n  "Pct" means\n    "word word' in out


def test_a_tier_never_breaks_after_its_colon() -> None:
    text = SMALL + ('service credits:\n  for "O":\n    below 99.9999999999999999999999% and at '
                    'least 99.00000000000000000000000000000000001%: 10% of the Monthly Fee.\n')
    out = check_formatting(text)
    assert "%: 10%" in out


def test_duplicate_header_lines_are_refused() -> None:
    with pytest.raises(FormatError, match="`version` more than once"):
        format_text(SMALL.replace('  version "1"', '  version "1"\n  version "2"'))


def test_syntax_errors_are_raised_with_diagnostics() -> None:
    with pytest.raises(SlaSyntaxError) as info:
        format_text(SMALL.replace("above", "abovee"))
    assert info.value.diagnostics[0].span.line == 21


def test_structure_ignores_positions_but_not_digits() -> None:
    a, _ = parse_document(SMALL)
    b, _ = parse_document("\n\n" + SMALL)
    c, _ = parse_document(SMALL.replace("99.0.", "99.00."))
    assert a != b and structure(a) == structure(b)
    assert structure(a) != structure(c)
    hash(structure(a))


# ---------------------------------------------------------------- the command


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(fmt, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_command_rewrites_atomically_keeping_permissions(tmp_path: Path) -> None:
    path = tmp_path / "a.sla"
    path.write_text(SMALL, encoding="utf-8")
    os.chmod(path, 0o640)
    code, _, err = run(str(path))
    assert code == 0 and "reformatted" in err
    assert path.read_text(encoding="utf-8") == SMALL_FORMATTED
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sla"]
    assert run(str(path)) == (0, "", "")


def test_check_lists_files_that_would_change(tmp_path: Path) -> None:
    messy_file, clean = tmp_path / "messy.sla", tmp_path / "clean.sla"
    messy_file.write_text(SMALL, encoding="utf-8")
    clean.write_text(SMALL_FORMATTED, encoding="utf-8")
    code, out, _ = run("--check", str(messy_file), str(clean))
    assert code == 1 and out == f"would reformat {messy_file}\n"
    assert messy_file.read_text(encoding="utf-8") == SMALL
    assert run("--check", str(clean))[0] == 0


def test_crlf_files_count_as_changed(tmp_path: Path) -> None:
    path = tmp_path / "crlf.sla"
    path.write_bytes(SMALL_FORMATTED.replace("\n", "\r\n").encode())
    assert run("--check", str(path))[0] == 1


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.sla"
    path.write_text(SMALL, encoding="utf-8")
    code, out, _ = run("--diff", str(path))
    assert code == 0
    assert '-agreement "Small":\n+agreement "Small"\n' in out
    assert out.startswith(f"--- {path} (original)\n+++ {path} (formatted)\n")
    assert path.read_text(encoding="utf-8") == SMALL


def test_unparsable_files_are_left_alone(tmp_path: Path) -> None:
    bad, good = tmp_path / "bad.sla", tmp_path / "good.sla"
    broken = SMALL.replace("above", "abovee")
    bad.write_text(broken, encoding="utf-8")
    good.write_text(SMALL, encoding="utf-8")
    code, _, err = run(str(bad), str(good))
    assert code == 1
    assert f"{bad}:21:" in err and "error[" in err and f"{bad}: not formatted" in err
    assert "Traceback" not in err
    assert bad.read_text(encoding="utf-8") == broken
    assert good.read_text(encoding="utf-8") == SMALL_FORMATTED


def test_standard_input_to_standard_output() -> None:
    code, out, _ = run("-", input=SMALL)
    assert code == 0 and out == SMALL_FORMATTED


def test_pre_commit_hooks() -> None:
    yaml = pytest.importorskip("yaml")
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    # sladsl-fmt rewrites like black; the check-only hook prints the diff
    # (tests/test_integrations.py runs each entry on real files).
    assert hooks["sladsl-fmt"]["entry"] == "sladsl fmt"
    assert hooks["sladsl-fmt-check"]["entry"] == "sladsl fmt --check --diff"
    assert hooks["sladsl-validate"]["entry"] == "sladsl validate"
    assert hooks["sladsl-test"]["entry"] == "sladsl test"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert re.search(hook["files"], "specs/a.sla") and not re.search(hook["files"], "a.py")


@pytest.mark.parametrize("before, after", [
    ("calendar", "month"), ("rolling", "30"), ("priority", "1"), ("2", "business"),
    ("business", "days"), ("at", "least"), ("more", "than"), ("time", "zone"), ("tier:", "10%"),
])
def test_phrases_are_never_broken(before: str, after: str) -> None:
    from sladsl.fmt.writer import joined

    assert joined(before, after)


def test_words_between_phrases_may_break() -> None:
    from sladsl.fmt.writer import joined

    assert not joined("resolved", "within") and not joined("month.", "the")


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_no_spec_line_breaks_inside_a_phrase(path: Path) -> None:
    lines = check_formatting(path.read_text(encoding="utf-8")).split("\n")
    for above, below in zip(lines, lines[1:], strict=False):
        if above.strip() and below.startswith(" ") and not above.rstrip().endswith(":") \
                and len(below) - len(below.lstrip()) > len(above) - len(above.lstrip()) \
                and not above.lstrip().startswith(("#", '"""')):
            last, first = above.split()[-1], below.split()[0]
            assert not re.fullmatch(r"calendar|rolling|priority|business|\d\S*", last), above
            assert not first[:1].isdigit(), below


def test_fmt_check_takes_a_folder(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.sla").write_text(SMALL_FORMATTED, encoding="utf-8")
    (tmp_path / "b.sla").write_text(SMALL, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a spec", encoding="utf-8")
    result = CliRunner().invoke(fmt, ["--check", str(tmp_path)])
    assert result.exit_code == (0 if SMALL == SMALL_FORMATTED else 1)
    assert "a.sla" not in result.output and "notes.txt" not in result.output


def test_the_shipped_specs_are_formatted() -> None:
    result = CliRunner().invoke(fmt, ["--check", str(ROOT / "specs")])
    assert result.exit_code == 0, result.output
