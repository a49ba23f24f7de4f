"""Contract text: golden files, fidelity to the AST, clause ids, escaping, determinism."""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import sladsl
from sladsl import nodes as n
from sladsl.clauses import STATEMENT_TYPES, clause_index, letter, slug
from sladsl.quantities import Money
from sladsl.render import FORMATS, render, render_html
from sladsl.render.build import build_document
from sladsl.render.english import English, money, number
from sladsl.render.model import BLOCK_TYPES, INLINE_TYPES, Writer, plain

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.sla"))
SUFFIX = {"html": "html", "markdown": "md", "text": "txt", "docx": "docx"}


@pytest.fixture(scope="module", params=SPECS, ids=[p.stem for p in SPECS])
def spec(request: pytest.FixtureRequest) -> sladsl.Spec:
    return sladsl.load(request.param)


# ---------------------------------------------------------------- goldens and determinism


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(spec: sladsl.Spec, fmt: str, golden: Callable[[str, str | bytes], None]) -> None:
    first = render(spec, fmt)
    assert render(spec, fmt) == first, "rendering is not deterministic"
    golden(f"render/{Path(spec.file).stem}.{SUFFIX[fmt]}", first)


def test_docx_is_a_word_document(spec: sladsl.Spec) -> None:
    data = render(spec, "docx")
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert 'w:val="Heading1"' in xml and "<w:tbl>" in xml
    assert "w:bookmarkStart" in xml and "w:hyperlink" in xml


# ---------------------------------------------------------------- fidelity


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_statement_appears_once_in_the_text(spec: sladsl.Spec) -> None:
    english = English(spec)
    text = _flat(str(render(spec, "text")))
    rows = _tier_rows(render_html(spec))
    statements = list({id(x): x for x in n.walk(spec.document)
                       if isinstance(x, STATEMENT_TYPES)}.values())
    assert statements
    sentences = Counter(_flat(english.plain(x)) for x in statements if not isinstance(x, n.Tier))
    for x in statements:
        if isinstance(x, n.Tier):
            # A tier is a table row: its boundary words and its credit, side by side.
            bounds = _flat(plain(english.bounds(x.bounds)))
            amount = _flat(plain(english.amount(x.amount)))
            clause = clause_index(spec).of(x)
            assert rows[clause.anchor] == [clause.number, bounds, amount]
            assert text.count(bounds) >= 1
            continue
        said = _flat(english.plain(x))
        assert text.count(said) == sentences[said], f"{type(x).__name__}: {said!r}"
        if isinstance(x, n.TierTable):
            continue  # its numbers are its tiers', checked above
        written = spec.source[_offset(spec, x.span)]
        source = re.sub(r"\d{4}-\d{2}(-\d{2})?|\d{1,2}:\d{2}", "", written)  # dates, times
        for digits in re.findall(r"\d[\d,]*(?:\.\d+)?", source):
            assert digits.replace(",", "") in said.replace(",", ""), (digits, said)


def _tier_rows(page: str) -> dict[str, list[str]]:
    """Cells of each table row that has an id, as text."""
    out = {}
    for rid, body in re.findall(r'<tr id="([^"]+)">(.*?)</tr>', page):
        out[rid] = [_flat(html.unescape(re.sub(r"<[^>]+>", "", c)))
                    for c in re.findall(r"<td>(.*?)</td>", body)]
    return out


def _offset(spec: sladsl.Spec, span: sladsl.Span) -> slice:
    lines = spec.source.splitlines(keepends=True)
    start = sum(len(line) for line in lines[:span.line - 1]) + span.column - 1
    end = sum(len(line) for line in lines[:span.end_line - 1]) + span.end_column - 1
    return slice(start, end)


def test_every_statement_has_a_clause(spec: sladsl.Spec) -> None:
    index = clause_index(spec)
    for x in n.walk(spec.document):
        if isinstance(x, (*STATEMENT_TYPES, n.Prose, n.Objective, n.Service, n.Example)):
            clause = index.of(x)
            assert clause.node is x
    anchors = [c.anchor for c in index.clauses]
    assert len(anchors) == len(set(anchors))
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", a) for a in anchors)
    assert clause_index(spec) is index


class _Checker(HTMLParser):
    """Fails on unbalanced tags and collects ids, links and data-clause numbers."""

    VOID = {"meta", "br", "hr", "img", "link", "input", "col", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.clauses: dict[str, str] = {}
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)
        if a.get("id"):
            self.ids.append(str(a["id"]))
            if a.get("data-clause"):
                self.clauses[str(a["id"])] = str(a["data-clause"])
        if a.get("href"):
            self.hrefs.append(str(a["href"]))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert not checker.stack, f"unclosed: {checker.stack}"
    return checker


def test_html_parses_and_every_clause_id_resolves(spec: sladsl.Spec) -> None:
    page = render_html(spec)
    checker = _parse(page)
    assert len(checker.ids) == len(set(checker.ids)), "duplicate ids"
    for href in checker.hrefs:
        assert href.startswith("#") and href[1:] in checker.ids, href
    index = clause_index(spec)
    nodes = {id(x) for x in n.walk(spec.document)}
    for anchor, cited in checker.clauses.items():
        clause = index.by_anchor(anchor)
        assert clause is not None and clause.number == cited
        assert id(clause.node) in nodes
    tier_rows = [c for c in index.clauses if isinstance(c.node, n.Tier)]
    assert all(c.anchor in checker.ids for c in tier_rows)
    fragment = render_html(spec, standalone=False)
    assert fragment.startswith('<article class="sla-contract">') and "<style>" not in fragment
    _parse(fragment)


# ---------------------------------------------------------------- hostile text

HOSTILE = '''agreement "<script>alert(1)</script> SLA"
  version "1 | 2"
  provider "Evil <b>Corp</b> *bold* _under_" called "the Provider"
  customer "[click](javascript:alert(1))" called "the Customer"
  effective 2026-01-01
  currency EUR

  """
  # not a heading
  - not a list
  1. not a list either
  { DDE "cmd" "/c calc" } and { MERGEFIELD Name } stay literal.
  See ](javascript:alert(1)) and <img src=x onerror=alert(1)> | pipes | *stars* _lines_
  """

definitions:
  "Fee <i>|*_" means "a {DDE x} & <b>fee</b>".
  "Fee" is EUR 1,000.

service "API <script>x</script>":
  objective "[x](javascript:alert(1))":
    the service shall be available at least 99.9% of the time in each calendar month.

service credits:
  for "[x](javascript:alert(1))":
    below 99.9%: 10% of the Fee.
'''

LITERALS = ["<script>alert(1)</script> SLA", "Evil <b>Corp</b> *bold* _under_",
            "[click](javascript:alert(1))", '{ DDE "cmd" "/c calc" }', "{ MERGEFIELD Name }",
            "<img src=x onerror=alert(1)> | pipes | *stars* _lines_", "# not a heading",
            "- not a list", "1. not a list either", "API <script>x</script>",
            "[x](javascript:alert(1))", "Fee <i>|*_", "a {DDE x} & <b>fee</b>"]


@pytest.fixture(scope="module")
def hostile() -> sladsl.Spec:
    spec, diags = sladsl.analyse(HOSTILE, "hostile.sla")
    assert spec is not None, [d.message for d in diags]
    return spec


def test_hostile_html(hostile: sladsl.Spec) -> None:
    checker = _parse(render_html(hostile))
    assert "script" not in checker.tags and "img" not in checker.tags and "b" not in checker.tags
    assert all(h.startswith("#") for h in checker.hrefs)
    text = "".join(checker.text)
    for literal in LITERALS:
        assert literal in text, literal


def test_hostile_markdown(hostile: sladsl.Spec) -> None:
    import markdown

    source = str(render(hostile, "markdown"))
    page = markdown.markdown(source, extensions=["tables", "attr_list", "toc"])
    checker = _parse(f"<div>{page}</div>")
    assert not {"script", "img", "b", "i", "ol", "code", "pre", "blockquote"} & set(checker.tags)
    assert checker.tags.count("h1") == 1
    assert all(h.startswith("#") for h in checker.hrefs)
    assert checker.tags.count("ul") == 2  # the title block and the contents, nothing else
    text = "".join(checker.text)
    for literal in LITERALS:
        assert " ".join(literal.split()) in " ".join(text.split()), literal


def test_hostile_text_and_docx(hostile: sladsl.Spec) -> None:
    text = " ".join(str(render(hostile, "text")).split())
    for literal in LITERALS:
        assert literal in text or literal.upper() in text, literal  # the title is in capitals
    data = render(hostile, "docx")
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "fldChar" not in xml and "instrText" not in xml and "fldSimple" not in xml
    assert "{ DDE &quot;cmd&quot;" in xml or '{ DDE "cmd"' in xml
    assert "&lt;script&gt;" in xml


# ---------------------------------------------------------------- writers and pieces


def _writers() -> list[Writer]:
    from sladsl.render.docx import DocxWriter
    from sladsl.render.html import HtmlWriter
    from sladsl.render.markdown import MarkdownWriter
    from sladsl.render.text import TextWriter

    return [HtmlWriter(), MarkdownWriter(), TextWriter(), DocxWriter()]


@pytest.mark.parametrize("writer", _writers(), ids=lambda w: w.format_name)
def test_every_writer_handles_every_block(writer: Writer) -> None:
    for cls in BLOCK_TYPES:
        assert callable(getattr(writer, f"block_{cls.__name__}", None)), cls.__name__
    for cls in INLINE_TYPES:
        assert callable(getattr(writer, f"inline_{cls.__name__}", None)), cls.__name__

    class Unknown:
        pass

    with pytest.raises(NotImplementedError, match="Unknown"):
        writer.write_block(Unknown())  # type: ignore[arg-type]


def test_every_node_class_is_a_statement_or_a_part() -> None:
    from sladsl.clauses import PART_TYPES

    for cls in n.concrete_node_classes():
        if cls is not n.Node:
            assert cls in STATEMENT_TYPES or cls in PART_TYPES, f"{cls.__name__}: render it"
    english = English(sladsl.load(ROOT / "specs" / "cloud-platform.sla"))
    for cls in STATEMENT_TYPES:
        assert callable(getattr(english, f"visit_{cls.__name__}", None)), cls.__name__


def test_people_formatting() -> None:
    from decimal import Decimal

    assert money(Money(Decimal("12000"), "EUR")) == "EUR 12,000.00"
    assert money(Money(Decimal("0.125"), "USD")) == "USD 0.125"
    assert money(Money(Decimal("5000"), "JPY")) == "JPY 5,000"
    assert number(Decimal("99.0")) == "99.0"
    assert [letter(i) for i in (0, 25, 26)] == ["a", "z", "aa"]
    assert slug("Compute API/Monthly Availability") == "compute-api-monthly-availability"


def test_canonical_sentences() -> None:
    spec = sladsl.load(ROOT / "specs" / "cloud-platform.sla")
    english = English(spec)
    said = {english.plain(x) for x in n.walk(spec.document) if isinstance(x, STATEMENT_TYPES)}
    assert ("The Provider shall ensure that the Compute API is Available for at least 99.95% "
            "of each Calendar Month.") in said
    tiers = [x for x in n.walk(spec.document) if isinstance(x, n.Tier)]
    assert plain(english.bounds(tiers[0].bounds)) == "less than 99.95% but at least 99.0%"
    assert "The Monthly Fee is EUR 12,000.00." in said
    doc = build_document(spec)
    assert doc.title == spec.agreement.title


# ---------------------------------------------------------------- command line


def test_command(tmp_path: Path) -> None:
    from sladsl.cli import main

    path = str(ROOT / "specs" / "cloud-platform.sla")
    runner = CliRunner()
    result = runner.invoke(main, ["render", path, "--format", "text"])
    assert result.exit_code == 0 and "SERVICE CREDITS" in result.stdout
    result = runner.invoke(main, ["render", path, "--format", "docx"])
    assert result.exit_code == 2 and "-o" in result.output
    out = tmp_path / "contract.docx"
    result = runner.invoke(main, ["render", path, "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0 and out.read_bytes() == render(sladsl.load(path), "docx")
    assert [p.name for p in tmp_path.iterdir()] == ["contract.docx"]
    bad = tmp_path / "bad.sla"
    bad.write_text('agreement "X"\n  version 2\n', encoding="utf-8")
    result = runner.invoke(main, ["render", str(bad), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1 and "bad.sla:" in result.stderr
    assert not (tmp_path / "x.html").exists()
