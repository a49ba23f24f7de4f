"""Hostile specs: what a counterparty could send, through every back-end, each with its outcome.

``tests/test_hostile_inputs.py`` already throws garbage at ``validate``. This corpus is about
specs that *validate* (or nearly) and are built to hurt what comes after: payloads for
Python, SQL, HTML, Markdown, CSV formulas and Word fields in every string position, rendered
in every format, compiled and evaluated, with a sentinel file that any executed payload would
create; hidden characters and homoglyphs that make a clause read differently from what runs;
sizes at and beyond the parser's limit; and odd encodings that must give the same contract.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from strategies import quote
from test_evaluate_helpers import run
from test_render import _parse

import sladsl
from sladsl.cli import main
from sladsl.render import FORMATS, render

ROOT = Path(__file__).resolve().parent.parent
SENTINEL = Path("/tmp/sladsl-hostile-sentinel")  # fixed: a payload must not need to guess it
TOUCH = f"__import__('os').system('touch {SENTINEL}')"

#: One family of payloads per back-end; each spec puts its family in every string position.
FAMILIES: dict[str, tuple[str, ...]] = {
    "python": (f'""" + {TOUCH} + """', f"'; {TOUCH}; '", f"x\n{TOUCH}\n#", "{0.__class__}",
               f"\\'); {TOUCH} #"),
    "sql": ("'; DROP TABLE requests; --", "\" OR 1=1 --", "x'); COPY requests TO '/tmp/x'; --",
            "$$; SELECT 1; $$"),
    "html": ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
             "</article><h1>forged</h1>", "&lt;b&gt; &amp;", "\" onmouseover=\"alert(1)"),
    "markdown": ("[x](javascript:alert(1))", "![i](http://evil.example/p.png)",
                 "# heading\n- list\n> quote", "*b* _i_ `c` | pipe |", "<b>raw</b>"),
    "csv": ('=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3",
            "@SUM(1+1)", "\t=1+1"),
    "word": ('{ DDE "cmd" "/c calc" }', "{ MERGEFIELD Name }", '{ INCLUDETEXT "c:\\\\x" }',
             "{ HYPERLINK \"http://evil.example\" }"),
}


def hostile_spec(family: str) -> tuple[str, dict[str, str]]:
    """A valid spec with a payload of ``family`` in every string position, and the payloads."""
    pick = FAMILIES[family]
    where = ["title", "version", "provider", "customer", "term", "meaning", "priority",
             "service", "objective", "desk", "channel", "example", "prose", "comment"]
    p = {w: f"{pick[i % len(pick)]} ({w})" for i, w in enumerate(where)}
    prose = p["prose"].replace('"""', "'''")
    text = f'''# {p["comment"].replace(chr(10), " ")}
agreement {quote(p["title"])}
  version {quote(p["version"])}
  provider {quote(p["provider"])} called "the Provider"
  customer {quote(p["customer"])} called "the Customer"
  effective 2026-01-01 until 2026-12-31
  time zone Europe/London
  currency EUR

  """
  {prose}
  """

definitions:
  {quote(p["term"])} means {quote(p["meaning"])}.
  "Monthly Fee" is EUR 10,000.
  priority 1 means {quote(p["priority"])}.

service {quote(p["service"])}:
  objective {quote(p["objective"])}:
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from requests.
  objective {quote(p["desk"])}:
    priority 1 tickets shall receive a first response within 15 minutes, at any time.

service credits:
  for {quote(p["objective"])}:
    below 99.9%: 10% of the Monthly Fee.
  for {quote(p["desk"])} of {quote(p["service"])}: 2% of the Monthly Fee for each missed ticket.

reporting:
  the Provider shall report every calendar month through {quote(p["channel"])}.

examples:
  example {quote(p["example"])}:
    given 45 minutes of downtime of {quote(p["service"])} in April 2026
    then {quote(p["objective"])} is missed
    and the Customer receives a credit of 10% of the Monthly Fee.
'''
    return text, p


def _data(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "requests.csv").write_text(
        "time,latency_ms,success\n2026-04-01 10:00,100,true\n2026-04-01 10:01,100,false\n",
        encoding="utf-8")
    (folder / "tickets.csv").write_text(
        "id,priority,opened_at,first_response_at\nT1,1,2026-04-01 10:00,2026-04-01 10:30\n",
        encoding="utf-8")
    return folder


def _safe_html(page: str) -> str:
    checker = _parse(page)
    assert not {"script", "img", "iframe", "object", "embed", "b"} & set(checker.tags), \
        checker.tags
    assert checker.tags.count("h1") <= 1
    assert all(h.startswith("#") for h in checker.hrefs), checker.hrefs
    return " ".join("".join(checker.text).split())


def _markdown_html(source: str) -> str:
    import markdown

    return markdown.markdown(source, extensions=["tables", "attr_list", "toc"])


@pytest.fixture(autouse=True)
def _no_sentinel() -> object:
    SENTINEL.unlink(missing_ok=True)
    yield
    assert not SENTINEL.exists(), "a payload was executed"


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_payloads_render_as_inert_text(family: str) -> None:
    text, payloads = hostile_spec(family)
    spec = sladsl.loads(text, "hostile.sla")
    assert payloads["service"] in spec.services  # the name is kept exactly

    plain = " ".join(str(render(spec, "text")).split())
    html = _safe_html(str(render(spec, "html")))
    page = _markdown_html(str(render(spec, "markdown")))
    md_checker = _parse(f"<div>{page}</div>")
    assert not {"script", "img", "b", "blockquote", "code", "iframe"} & set(md_checker.tags)
    assert md_checker.tags.count("h1") == 1
    assert all(h.startswith("#") for h in md_checker.hrefs), md_checker.hrefs
    md_text = " ".join("".join(md_checker.text).split())
    for where, payload in payloads.items():
        if where == "comment":
            continue  # comments are not part of the contract text
        words = " ".join(payload.split())
        assert words in plain or words.upper() in plain, (where, payload)
        assert words in html, (where, payload)
        assert words in md_text, (where, payload)

    data = render(spec, "docx")
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "".join(z.read(name).decode("utf-8") for name in z.namelist()
                      if name.endswith(".xml"))
    assert "fldChar" not in xml and "instrText" not in xml and "fldSimple" not in xml
    assert "<w:hyperlink" not in xml or 'r:id="' not in xml.split("<w:hyperlink")[1][:200]


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_payloads_evaluate_and_report_as_data(tmp_path: Path, family: str) -> None:
    text, payloads = hostile_spec(family)
    spec_path = tmp_path / "hostile.sla"
    spec_path.write_text(text, encoding="utf-8")
    data = _data(tmp_path / "data")
    outputs = {}
    for fmt in ("json", "html", "markdown", "text"):
        result = CliRunner().invoke(main, ["evaluate", str(spec_path), "--data", str(data),
                                           "--period", "2026-04", "--format", fmt])
        assert result.exit_code == 0, result.output
        outputs[fmt] = result.stdout
    report = json.loads(outputs["json"])
    flat = json.dumps(report, ensure_ascii=False)
    assert json.dumps(payloads["objective"], ensure_ascii=False)[1:-1] in flat
    _safe_html(outputs["html"])
    md = _parse(f"<div>{_markdown_html(outputs['markdown'])}</div>")
    assert not {"script", "img", "iframe", "b"} & set(md.tags)
    assert all(h.startswith("#") for h in md.hrefs)
    assert payloads["objective"].split("\n")[0] in outputs["text"]


def test_payloads_compile_to_valid_code() -> None:
    compiler = pytest.importorskip("sladsl.compile")

    compile_spec = compiler.compile_spec

    for family in FAMILIES:
        spec = sladsl.loads(hostile_spec(family)[0], "hostile.sla")
        compile(compile_spec(spec, "python"), "checker.py", "exec")


def test_evaluating_with_payloads_runs_sql_as_data(tmp_path: Path) -> None:
    """The SQL family through the engine directly: DuckDB sees names only as parameters."""
    spec = sladsl.loads(hostile_spec("sql")[0], "hostile.sla")
    evaluation = run(spec, _data(tmp_path / "data"), "2026-04")
    names = {ln.objective for ln in evaluation.periods[0].lines}
    assert names == {"'; DROP TABLE requests; -- (objective)",
                     "\" OR 1=1 -- (desk)"}
    assert (tmp_path / "data" / "requests.csv").exists()


# ---------------------------------------------------------------- hidden characters, homoglyphs

BASE = hostile_spec("html")[0].replace("<", "x").replace(">", "x")


@pytest.mark.parametrize(("where", "old", "new", "code"), [
    ("name", '"Monthly Fee" is', '"Monthly\u202e Fee" is', "S120"),
    ("string", "version ", "version \"\u2067\" #", "S120"),
    ("comment", "# ", "# \u202d", "S120"),
    ("prose", '  """\n  ', '  """\n  \u202e', "S120"),
    ("zero width", '"Monthly Fee" is', '"Monthly\u200b Fee" is', "S121"),
    ("mixed scripts", "called \"the Provider\"", "called \"the Pr\u043evider\"", "S122"),
    # Between words the parser refuses the character before the checker sees it: the file is
    # still refused, with the character shown in the message.
    ("after a number", "at least 99.9%", "at least 99.9%\u200e", "E100"),
    ("between words", "priority 1 means", "priority 1\u2060 means", "E100"),
    ("byte order mark inside", "currency EUR", "currency EUR\ufeff", "E126"),
    ("trojan source tier", "below 99.9%: 10%", "below \u202e%9.99\u202c: 10%", "E108"),
])
def test_hidden_characters_and_homoglyphs_are_refused(where: str, old: str, new: str,
                                                      code: str) -> None:
    assert old in BASE, where
    text = BASE.replace(old, new, 1)
    spec, diags = sladsl.analyse(text, "hostile.sla")
    assert code in {d.code for d in diags if d.severity == "error"}, (where, diags)
    with pytest.raises(sladsl.SlaError):
        sladsl.loads(text)


def _two_services(first: str, second: str) -> str:
    return BASE.replace("service credits:", f'service "{first}":\n  objective "O":\n'
                        "    the service shall be available at least 90% of the time in each "
                        f'calendar month.\n\nservice "{second}":\n  objective "P":\n    the '
                        "service shall be available at least 90% of the time in each calendar "
                        "month.\n\nservice credits:")


@pytest.mark.parametrize(("first", "twin"), [
    ("\u0410\u0420\u0406", "API"),  # Cyrillic А Р І: each letter looks Latin
    ("\u0391\u03a1\u0399", "API"),  # Greek Α Ρ Ι
    ("\u0412\u0410\u0422\u0421\u041d", "BATCH"),  # Cyrillic В А Т С Н
])
def test_whole_script_confusable_names_are_flagged(first: str, twin: str) -> None:
    """A name written wholly in other letters that look like another name's is refused (not
    only one that mixes scripts): the reader sees two services called the same."""
    spec_text = _two_services(first, twin)
    _, diags = sladsl.analyse(spec_text, "hostile.sla")
    found = [d for d in diags if d.code == "S123"]
    assert len(found) == 1 and found[0].severity == "error", diags
    assert f'"{first}"' in found[0].message and f'"{twin}"' in found[0].message
    with pytest.raises(sladsl.SlaError):
        sladsl.loads(spec_text)


@pytest.mark.parametrize(("first", "second"), [
    ("\u0421\u0435\u0440\u0432\u0438\u0441", "API"),  # Сервис: looks like no other name
    ("\u0410\u0420\u0406", "APX"),  # АРІ beside APX: one letter differs
    ("\u00c9tat", "Etat"),  # Latin with an accent: a different name that looks different
])
def test_names_in_other_letters_that_look_different_pass(first: str, second: str) -> None:
    _, diags = sladsl.analyse(_two_services(first, second), "hostile.sla")
    assert not [d for d in diags if d.code.startswith("S12")], diags


# ---------------------------------------------------------------- size

SECONDS = 8.0  # generous for a loaded CI machine


def _many_clauses(n: int) -> str:
    head = hostile_spec("html")[0].split("service credits:")[0]
    return head + "responsibilities:\n" + "".join(
        f"  the Provider shall publish a service report by 2026-03-{i % 28 + 1:02d}.\n"
        for i in range(n))


def test_100000_clauses_give_a_clear_size_error() -> None:
    text = _many_clauses(100_000)
    start = time.perf_counter()
    spec, diags = sladsl.analyse(text, "big.sla")
    assert time.perf_counter() - start < SECONDS
    assert spec is None and [d.code for d in diags] == ["E005"]
    assert "larger than 1024 KiB" in diags[0].message


def test_2000_clauses_render_in_bounded_time() -> None:
    start = time.perf_counter()
    spec = sladsl.loads(_many_clauses(2_000), "big.sla")
    for fmt in ("html", "markdown", "text"):
        out = str(render(spec, fmt))
        assert out.count("publish a service report") >= 2_000, fmt
    assert time.perf_counter() - start < SECONDS


def test_a_100kb_name_renders_everywhere() -> None:
    long = "Availability " * 8_000
    text = BASE.replace("reporting:", f'reporting:\n  # {"x" * 100_000}').replace(
        "through", f"through {quote(long)} and", 0)
    text = text.replace('"Monthly Fee" means', f'{quote(long)} means', 0)
    spec = sladsl.loads(text.replace('version "', f'version "{long}', 1), "long.sla")
    start = time.perf_counter()
    for fmt in FORMATS:
        assert render(spec, fmt)
    assert time.perf_counter() - start < SECONDS


def test_a_huge_amount_renders(tmp_path: Path) -> None:
    text = BASE.replace("EUR 10,000.", "EUR 123,456,789,012.")
    assert "EUR 123,456,789,012" in str(render(sladsl.loads(text), "text"))


def test_an_absurd_amount_is_refused() -> None:
    text = BASE.replace("EUR 10,000.", "EUR " + "9" * 40 + ".")
    spec, diags = sladsl.analyse(text)
    assert any(d.code == "S104" and "too large" in d.message for d in diags)


# ---------------------------------------------------------------- encodings

PLAIN = (ROOT / "specs" / "cloud-platform.sla").read_bytes()


@pytest.mark.parametrize(("name", "data"), [
    ("bom", b"\xef\xbb\xbf" + PLAIN),
    ("crlf", PLAIN.replace(b"\n", b"\r\n")),
    ("mixed", b"".join(line + (b"\r\n", b"\n", b"\r")[i % 3]
                       for i, line in enumerate(PLAIN.split(b"\n")))),
    ("bom-crlf", b"\xef\xbb\xbf" + PLAIN.replace(b"\n", b"\r\n")),
])
def test_odd_encodings_give_the_same_contract(tmp_path: Path, name: str, data: bytes) -> None:
    """A BOM or other line endings change nothing in any output (bar the source digest)."""
    (tmp_path / "plain.sla").write_bytes(PLAIN)
    (tmp_path / "odd.sla").write_bytes(data)
    for fmt in ("html", "markdown", "text"):
        outs = []
        for f in ("plain", "odd"):
            result = CliRunner().invoke(main, ["render", str(tmp_path / f"{f}.sla"), "-f", fmt])
            assert result.exit_code == 0, result.output
            outs.append(result.stdout.replace(f"{f}.sla", "X.sla"))
        assert outs[0] == outs[1], (name, fmt)


@pytest.mark.parametrize(("name", "data", "code"), [
    ("nul", PLAIN[:900] + b"\0" + PLAIN[900:], "E004"),
    ("invalid-utf8", PLAIN[:900] + b"\xff\xfe" + PLAIN[900:], "E004"),
    ("overlong-utf8", PLAIN[:900] + b"\xc0\xaf" + PLAIN[900:], "E004"),
])
def test_broken_bytes_render_nothing(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    path = tmp_path / "broken.sla"
    path.write_bytes(data)
    out = tmp_path / "out.html"
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"error[{code}]" in result.output, result.output
    assert not out.exists()
