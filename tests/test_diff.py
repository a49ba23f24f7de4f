"""``sladsl diff``: a table of hand-made changes, each classified by whom it favours."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from components import which

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import sladsl
from sladsl.diff.command import diff
from sladsl.diff.redline import redline_body
from sladsl.diff.rules import Change, compare

BASE_FILE = Path(__file__).parent / "diff_cases" / "base.sla"
BASE = BASE_FILE.read_text(encoding="utf-8")

TIER_1 = "below 99.9% and at least 99.0%: 10% of the Monthly Fee."
#: The hand-made cases: (name, text in the base, its replacement, expected effect, kind).
CASES = [(c["name"], c["before"], c["after"], c["effect"], c["kind"])
         for c in tomllib.loads((BASE_FILE.parent / "cases.toml").read_text(encoding="utf-8"))
         ["case"]]


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
    assert len(CASES) >= 60
    assert {c[3] for c in CASES} == {"weaker", "stronger", "review", "wording", "neutral"}


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


# ---------------------------------------------------------------- the cases, end to end

CATCH_ALL = '  """\n  Any degradation of the Service for any reason.\n  """\n'
EXCL_PROSE = '  """\n  Failures of networks outside the Provider\'s control.\n  """\n'


def test_a_catch_all_exclusion_is_weaker_and_fails_the_build(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, EXCL_PROSE, EXCL_PROSE + CATCH_ALL)
    code, out, _ = run(old, new)
    assert code == 0 and "[weaker for the customer]" in out and "wording only]" not in out
    assert "+ Any degradation of the Service for any reason." in out
    assert run(old, new, "--fail-on-weaker")[0] == 1


def test_a_narrowed_priority_needs_review_and_fails_the_review_flag(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, 'priority 1 means "the service is down"',
                          'priority 1 means "the service is down for every user for 4 hours"')
    code, out, _ = run(old, new)
    assert code == 0 and "[changes meaning: needs review]" in out
    assert '- priority 1 means "the service is down".' in out
    assert '+ priority 1 means "the service is down for every user for 4 hours".' in out
    assert run(old, new, "--fail-on-weaker")[0] == 0
    assert run(old, new, "--fail-on-review")[0] == 1
    data = json.loads(run(old, new, "--format", "json")[1])
    assert data["counts"]["review"] == 1 and data["counts"]["wording"] == 0


def test_a_reflowed_spec_passes_both_flags(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, "The service levels for the Acme platform.",
                          "The service levels\n  for the Acme platform.")
    code, out, _ = run(old, new, "--fail-on-weaker", "--fail-on-review")
    assert code == 0 and "[wording only]" in out


@pytest.mark.parametrize(("before", "after", "effect", "kind"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_change_shows_its_values(before: str, after: str, effect: str, kind: str) -> None:
    from sladsl.diff.command import change_record

    a, b = spec(BASE, "old.sla"), spec(BASE.replace(before, after), "new.sla")
    for change in compare(a, b):
        record = change_record(a, b, change)
        if change.kind.endswith("-added"):
            assert record["old"] is None and record["new"], record
        elif change.kind.endswith("-removed") and change.new is None:
            assert record["old"] and record["new"] is None, record
        else:
            assert record["old"] and record["new"], record


def test_html_redline_shows_both_values_of_a_cut_tier(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, TIER_1, TIER_1.replace("10%", "5%"))
    code, out, _ = run(old, new, "--format", "html")
    assert code == 0
    summary = out[out.index('<section class="sla-redline-summary">'):out.index("</section>")]
    assert "<th>Before</th><th>After</th>" in summary
    assert "below 99.9% and at least 99.0%: 10% of the Monthly Fee." in summary
    assert "below 99.9% and at least 99.0%: 5% of the Monthly Fee." in summary
    assert "tier credit cut (at 99" in summary


def test_an_inserted_prose_clause_does_not_pair_with_its_neighbour() -> None:
    text = BASE.replace(EXCL_PROSE, CATCH_ALL + EXCL_PROSE)
    found = changes(BASE, text)
    assert [(c.kind, c.old) for c in found] == [("exclusion-added", None)]


def test_a_repeated_service_name_in_a_draft_is_compared_block_by_block() -> None:
    extra = 'service "API":\n  objective "Extra":\n    at most 1% of requests shall fail in ' \
        'each calendar month.\n\nservice "API":'
    draft = BASE.replace('service "API":', extra, 1)
    assert [(c.effect, c.kind) for c in changes(BASE, draft)] == [("stronger", "service-added")]
    found = changes(draft, draft.replace("at most 1% of requests", "at most 2% of requests"))
    assert [(c.kind, c.label) for c in found] == [("target-raised",
                                                   'objective "Extra" of "API"')]
