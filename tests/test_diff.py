"""``sladsl diff``: a table of hand-made changes, each classified by whom it favours."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from components import which

import sladsl
from sladsl.diff.command import diff
from sladsl.diff.redline import redline_body
from sladsl.diff.rules import Change, compare

BASE_FILE = Path(__file__).parent / "diff_cases" / "base.sla"
BASE = BASE_FILE.read_text(encoding="utf-8")

AVAIL = "the service shall be available at least 99.9% of the time in each calendar month."
TIER_1 = "below 99.9% and at least 99.0%: 10% of the Monthly Fee."

#: (case id, text in the base, its replacement, expected effect, expected kind)
CASES = [
    ("target lowered", "at least 99.9% of the time", "at least 99.5% of the time",
     "weaker", "target-lowered"),
    ("target raised", "at least 99.9% of the time", "at least 99.95% of the time",
     "stronger", "target-raised"),
    ("at-most target raised", "at most 300 ms", "at most 500 ms", "weaker", "target-raised"),
    ("at-most target lowered", "at most 300 ms", "at most 0.2 seconds", "stronger",
     "target-lowered"),
    ("strict comparator", "at least 99.9% of the time", "more than 99.9% of the time",
     "stronger", "target-changed"),
    ("window lengthened", AVAIL, AVAIL.replace("calendar month", "calendar quarter"),
     "weaker", "window-lengthened"),
    ("window shortened", "at most 300 ms in each calendar month",
     "at most 300 ms in each rolling 7 days", "stronger", "window-shortened"),
    ("percentile raised", "the 95th percentile", "the 99th percentile", "stronger",
     "percentile-raised"),
    ("tier credit cut", TIER_1, TIER_1.replace("10%", "5%"), "weaker", "tier-credit-cut"),
    ("tier credit raised", "below 99.0%: 25%", "below 99.0%: 30%", "stronger",
     "tier-credit-raised"),
    ("tier thresholds moved", "and at least 99.0%: 10%", "and at least 98.0%: 10%", "weaker",
     "tier-thresholds-moved"),
    ("exclusion added", "  force majeure.\n",
     "  force majeure.\n  incidents caused by the Customer.\n", "weaker", "exclusion-added"),
    ("exclusion removed", "  force majeure.\n", "", "stronger", "exclusion-removed"),
    ("maintenance notice shortened", "at least 72 hours in advance",
     "at least 24 hours in advance", "weaker", "maintenance-notice-shortened"),
    ("maintenance allowance raised", "up to 4 hours in each", "up to 8 hours in each", "weaker",
     "maintenance-allowance-lengthened"),
    ("maintenance allowance removed", ", up to 4 hours in each calendar month.", ".",
     "weaker", "allowance-removed"),
    ("claim deadline shortened", "within 30 days after the end", "within 10 days after the end",
     "weaker", "claim-deadline-shortened"),
    ("claim deadline lengthened", "within 30 days after the end",
     "within 60 days after the end", "stronger", "claim-deadline-lengthened"),
    ("cap lowered", "capped at 50%", "capped at 20%", "weaker", "cap-cut"),
    ("cap removed", "  credits in a calendar month are capped at 50% of the Monthly Fee.\n", "",
     "stronger", "cap-removed"),
    ("sole remedy added", "  credits in a calendar month",
     "  credits are the Customer's sole and exclusive remedy.\n  credits in a calendar month",
     "weaker", "sole-remedy-added"),
    ("termination right removed",
     '  if "Availability" is missed in 3 consecutive calendar months, the Customer may terminate'
     " this agreement.\n", "", "weaker", "termination-right-removed"),
    ("termination needs more misses", "missed in 3 consecutive", "missed in 4 consecutive",
     "weaker", "termination-misses-raised"),
    ("response time lengthened", "within 15 minutes, at any time", "within 1 hour, at any time",
     "weaker", "response-time-lengthened"),
    ("response time in business hours", "within 15 minutes, at any time",
     "within 15 minutes of Business Hours, at any time", "weaker", "clock-changed"),
    ("objective added", '  objective "Latency":',
     '  objective "Errors":\n    at most 1% of requests shall fail in each calendar month.\n\n'
     '  objective "Latency":', "stronger", "objective-added"),
    ("objective removed", '  objective "Response":\n    priority 1 tickets shall receive a first '
     "response within 15 minutes, at any time.\n", "", "weaker", "objective-removed"),
    ("per-event credit cut", "2% of the Monthly Fee for each", "1% of the Monthly Fee for each",
     "weaker", "credit-cut"),
    ("missed credit removed", '  for "Latency": 5% of the Monthly Fee when missed.\n', "",
     "weaker", "credit-removed"),
    ("outage threshold raised", "more than 5% of requests fail", "more than 10% of requests fail",
     "weaker", "outage-threshold-raised"),
    ("minimum outage lengthened", "runs of at least 2 minutes", "runs of at least 10 minutes",
     "weaker", "minimum-outage-length-lengthened"),
    ("customer duty added", "responsibilities:\n",
     "responsibilities:\n  the Customer shall name a contact before 2026-02-01.\n", "weaker",
     "responsibility-added"),
    ("provider duty removed", "  the Provider shall publish a service report within 5 business "
     "days after each calendar month.\n", "", "weaker", "responsibility-removed"),
    ("customer deadline lengthened", "within 24 hours of discovering",
     "within 48 hours of discovering", "stronger", "deadline-lengthened"),
    ("business hours shortened", "09:00 to 17:00", "10:00 to 16:00", "weaker", "hours-reduced"),
    ("reports less often", "report every calendar month", "report every calendar quarter",
     "weaker", "reporting-period-changed"),
    ("prose reworded", "The service levels for the Acme platform.",
     "The service levels that apply to the Acme platform.", "wording", "prose-reworded"),
    ("definition reworded", '"the fees payable for a calendar month"',
     '"the fees the Customer pays for a calendar month"', "wording", "definition-reworded"),
    ("comment changed", "# The base of the diff cases", "# The base for the diff cases",
     "wording", "comments-changed"),
    ("version changed", 'version "1.0"', 'version "1.1"', "neutral", "version-changed"),
    ("fee changed", "EUR 10,000.", "EUR 12,000.", "neutral", "amount-changed"),
]


def spec(text: str, name: str) -> sladsl.Spec:
    """A parsed spec; semantic errors are allowed, as in a draft being compared."""
    found, diags = sladsl.analyse(text, name)
    assert found is not None, diags
    return found


def changes(old: str, new: str) -> list[Change]:
    return compare(spec(old, "old.sla"), spec(new, "new.sla"))


@pytest.mark.parametrize(("before", "after", "effect", "kind"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_change_is_classified(before: str, after: str, effect: str, kind: str) -> None:
    assert BASE.count(before) == 1, before
    found = changes(BASE, BASE.replace(before, after))
    assert [(c.effect, c.kind) for c in found] == [(effect, kind)], [c.summary for c in found]


def test_the_table_is_big_enough() -> None:
    assert len(CASES) >= 20
    assert {c[3] for c in CASES} == {"weaker", "stronger", "wording", "neutral"}


def test_reverse_of_a_weaker_change_is_stronger() -> None:
    for _, before, after, effect, _ in CASES:
        if effect in ("weaker", "stronger") and after:
            back = changes(BASE.replace(before, after), BASE)
            assert [c.effect for c in back] == [
                "stronger" if effect == "weaker" else "weaker"], before


def test_identical_and_reformatted_specs_have_no_changes() -> None:
    from sladsl.fmt.command import format_text

    assert changes(BASE, BASE) == []
    assert changes(BASE, format_text(BASE)) == []


def test_several_changes_at_once() -> None:
    new = BASE.replace("at least 99.9% of the time", "at least 99.5% of the time") \
        .replace("within 30 days after", "within 60 days after")
    found = changes(BASE, new)
    assert sorted(c.effect for c in found) == ["stronger", "weaker"]


# ---------------------------------------------------------------- the command


def write_pair(tmp_path: Path, before: str, after: str) -> tuple[str, str]:
    old, new = tmp_path / "old.sla", tmp_path / "new.sla"
    old.write_text(BASE, encoding="utf-8")
    new.write_text(BASE.replace(before, after), encoding="utf-8")
    return str(old), str(new)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(diff, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_text_output_names_clause_and_effect(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, "at least 99.9% of the time", "at least 99.5% of the time")
    code, out, _ = run(old, new)
    assert code == 0
    assert "1 change(s): 1 weaker for the customer" in out
    assert ('[weaker for the customer] 3.1.1(a) objective "Availability" of "API"\n'
            "    target lowered from at least 99.9% to at least 99.5%\n"
            "    - the service shall be available at least 99.9%") in out
    assert run(old, new, "--fail-on-weaker")[0] == 1


def test_json_output(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, "capped at 50%", "capped at 20%")
    code, out, _ = run(old, new, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["counts"]["weaker"] == 1
    (change,) = data["changes"]
    assert change["kind"] == "cap-cut" and change["clause"]["number"].startswith("7.")
    assert change["new"].endswith("capped at 20% of the Monthly Fee.")


def test_unparsable_input_is_reported_without_traceback(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, "force majeure.", "force majeur.")
    code, _, err = run(old, new)
    assert code == 1 and "new.sla:" in err and "Traceback" not in err


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ins: list[str] = []
        self.dels: list[str] = []
        self.current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ins", "del"):
            self.current = self.ins if tag == "ins" else self.dels
            self.current.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ins", "del"):
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current[-1] += data


HOSTILE = '"<script>alert(1)</script> & co"'


def test_html_redline_marks_words_and_escapes(tmp_path: Path) -> None:
    before = '"the fees payable for a calendar month"'
    old, new = write_pair(tmp_path, before, HOSTILE)
    Path(new).write_text(Path(new).read_text(encoding="utf-8").replace(
        "at least 99.9% of the time", "at least 99.5% of the time"), encoding="utf-8")
    code, out, _ = run(old, new, "--format", "html")
    assert code == 0
    assert "<script>alert" not in out
    checker = _Checker()
    checker.feed(out)
    checker.close()
    assert any("99.5%" in x for x in checker.ins) and any("99.9%" in x for x in checker.dels)
    assert any("alert(1)" in x for x in checker.ins)
    assert "weaker for the customer" in out


def test_redline_body_keeps_new_markup_and_deletes_only_words() -> None:
    out = redline_body("<p>a b c</p><p>gone</p>", "<p>a x c</p>")
    assert out == ('<p>a <del class="sla-del">b</del> <ins class="sla-ins">x</ins> c</p>'
                   '<del class="sla-del">gone</del>')


def test_html_redline_renders_in_headless_chromium(tmp_path: Path) -> None:
    which("chromium")
    old, new = write_pair(tmp_path, TIER_1, TIER_1.replace("10%", "5%"))
    page = tmp_path / "redline.html"
    code, _, _ = run(old, new, "--format", "html", "-o", str(page))
    assert code == 0 and page.stat().st_size > 1000
    shot = tmp_path / "shot.png"
    result = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("spec", sorted((Path(__file__).parent.parent / "specs").glob("*.sla")),
                         ids=lambda p: p.stem)
def test_a_spec_compared_with_itself_has_no_changes(spec: Path) -> None:
    from sladsl.diff.rules import compare

    loaded = sladsl.load(spec)
    assert compare(loaded, sladsl.load(spec)) == []


def test_repeated_actions_pair_in_order() -> None:
    from sladsl.diff.rules import compare

    path = Path(__file__).parent.parent / "specs" / "service-desk.sla"
    text = path.read_text(encoding="utf-8")
    changed = re.sub(r"within 10 business days after(\s+)each priority 2 incident",
                     r"within 12 business days after\1each priority 2 incident", text)
    assert changed != text
    changes = compare(sladsl.loads(text), sladsl.loads(changed))
    assert len(changes) == 1
    assert "10 business days to 12 business days" in str(changes[0])
