"""The docs: every ``sla`` example validates, the reference covers the grammar, the site builds.

Examples are checked the way the language reference says they are: a block that starts with
``agreement`` is a whole agreement; any other block is a section added to the end of the first
block of ``docs/language.md``.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

import sladsl
from sladsl.publish.docsgen import cli_reference

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SPECS = sorted((ROOT / "specs").glob("*.sla"))
FENCE = re.compile(r"^```sla\n(.*?)^```", re.S | re.M)
HAS_MKDOCS = importlib.util.find_spec("mkdocs") is not None


def blocks(page: Path) -> list[str]:
    return FENCE.findall(page.read_text(encoding="utf-8"))


BASE = blocks(DOCS / "language.md")[0]
EXAMPLES = [(page, i, block) for page in sorted(DOCS.rglob("*.md"))
            for i, block in enumerate(blocks(page))]


def as_spec(block: str) -> str:
    first = next(line for line in block.splitlines()
                 if line.strip() and not line.lstrip().startswith("#"))
    return block if first.startswith("agreement") else f"{BASE}\n{block}"


def test_the_docs_have_examples() -> None:
    pages = {page.name for page, _, _ in EXAMPLES}
    assert {"language.md", "index.md", "quickstart-lawyers.md"} <= pages
    assert len(EXAMPLES) >= 12


@pytest.mark.parametrize(("page", "index", "block"), EXAMPLES,
                         ids=[f"{p.stem}-{i}" for p, i, _ in EXAMPLES])
def test_example_validates(page: Path, index: int, block: str) -> None:
    text = as_spec(block)
    spec, diags = sladsl.analyse(text, f"{page.name}[{index}]")
    errors = [d.render(text) for d in diags if d.severity == "error"]
    assert spec is not None and not errors, "\n".join(errors)


def test_language_reference_shows_every_construct() -> None:
    # Every named node the grammar can build appears in some example of the reference.
    from sladsl.syntax.parser import lark_parser, parse

    wanted: set[str] = set()
    for rule in lark_parser().rules:
        name = str(rule.alias or rule.origin.name)
        if not name.startswith("_") and not name.endswith("_line"):
            wanted.add(name)
    seen: set[str] = set()
    for block in blocks(DOCS / "language.md"):
        result = parse(as_spec(block))
        assert result.tree is not None, block
        seen |= {str(tree.data) for tree in result.tree.iter_subtrees()}
    assert sorted(wanted - seen) == []


def test_lawyers_error_transcript_is_real() -> None:
    page = (DOCS / "quickstart-lawyers.md").read_text(encoding="utf-8")
    text = blocks(DOCS / "quickstart-lawyers.md")[0].replace(
        ": 10% of the Monthly Fee.", ": 10% of the Montly Fee.", 1)
    _, diags = sladsl.analyse(text, "my-agreement.sla")
    assert [d.code for d in diags] == ["S102"]
    assert diags[0].render(text) in page


def test_cli_reference_covers_every_command_and_option() -> None:
    import click

    from sladsl.cli import main

    page = cli_reference()
    assert page == cli_reference()  # deterministic
    assert not (DOCS / "cli.md").exists(), "cli.md is generated; do not keep one in docs/"
    for name, command in main.commands.items():
        assert f"### sladsl {name}\n" in page
        for param in command.params:
            if isinstance(param, click.Option):
                for opt in param.opts:
                    assert opt in page, f"{opt} of {name} is missing"


# ---------------------------------------------------------------- site builds


def mkdocs_build(config: Path, site: Path, strict: bool = True) -> subprocess.CompletedProcess[str]:
    # Not `-q`: mkdocs then drops warnings before `--strict` can count them.
    args = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
    return subprocess.run(args + (["--strict"] if strict else []), capture_output=True,
                          text=True, timeout=120)


@pytest.mark.skipif(not HAS_MKDOCS, reason="mkdocs is not installed")
def test_project_docs_build_strictly(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = mkdocs_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    gallery = (site / "gallery" / "index.html").read_text(encoding="utf-8")
    for spec in SPECS:
        page = site / "agreements" / spec.stem / "index.html"
        assert page.is_file(), f"{spec.name} is not published"
        assert f'href="../agreements/{spec.stem}/"' in gallery
        html = page.read_text(encoding="utf-8")
        assert 'class="sla-contract"' in html and 'id="L-1"' in html
        assert (site / "agreements" / spec.name).read_bytes() == spec.read_bytes()
    cli = (site / "cli" / "index.html").read_text(encoding="utf-8")
    assert "sladsl validate" in cli
    # Code fences marked `sla` are highlighted by the lexer at build time.
    language = (site / "language" / "index.html").read_text(encoding="utf-8")
    assert '<span class="kd">agreement</span>' in language
    assert not (site / "hooks.py").exists()


HOSTILE = '''agreement "<script>alert(1)</script> *Acme* | [x](y)"
  provider "Acme <b>Ltd</b>" called "the Provider"
  customer "Globex | Corp" called "the Customer"
  effective 2026-01-01

service "API":
  objective "Up":
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from requests.
'''


def plugin_project(tmp_path: Path, specs: dict[str, str], options: str = "") -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n<!-- sladsl:gallery -->\n")
    (tmp_path / "specs").mkdir()
    for name, text in specs.items():
        (tmp_path / "specs" / name).write_text(text, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: t\nplugins:\n  - sladsl:\n      specs: specs\n" + options)
    return config


@pytest.mark.skipif(not HAS_MKDOCS, reason="mkdocs is not installed")
def test_plugin_escapes_text_from_the_agreement(tmp_path: Path) -> None:
    # A file name with a space and brackets must still give working links (strict checks them).
    config = plugin_project(tmp_path, {"hostile.sla": HOSTILE, "my draft (2).sla": HOSTILE})
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "agreements" / "my draft (2).sla").is_file()
    for page in ["index.html", "agreements/index.html", "agreements/hostile/index.html"]:
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<b>Ltd" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; *Acme* | [x](y)" in html
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Globex | Corp" in home  # the pipe stayed inside its table cell


@pytest.mark.skipif(not HAS_MKDOCS, reason="mkdocs is not installed")
def test_plugin_fails_a_strict_build_on_a_broken_agreement(tmp_path: Path) -> None:
    broken = HOSTILE.replace("99.9%", "99.9 parsecs")
    config = plugin_project(tmp_path, {"broken.sla": broken})
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "specs/broken.sla:8:" in result.stderr
    assert "Traceback" not in result.stderr
    lenient = mkdocs_build(config, tmp_path / "site", strict=False)
    assert lenient.returncode == 0, lenient.stderr
    page = (tmp_path / "site" / "agreements" / "broken" / "index.html").read_text("utf-8")
    assert "This agreement has errors" in page and 'id="L-8"' in page


@pytest.mark.skipif(not HAS_MKDOCS, reason="mkdocs is not installed")
def test_plugin_publishes_the_evaluation_report(tmp_path: Path) -> None:
    data = tmp_path / "data" / "hostile"
    data.mkdir(parents=True)
    # Two requests a day in April 2026; both fail on the 3rd: 2 unavailable minutes.
    rows = ["time,latency_ms,success"] + [
        f"2026-04-{day:02d}T{hour:02d}:00:00Z,120,{'false' if day == 3 else 'true'}"
        for day in range(1, 31) for hour in (0, 12)]
    (data / "requests.csv").write_text("\n".join(rows) + "\n")
    config = plugin_project(tmp_path, {"hostile.sla": HOSTILE, "other.sla": HOSTILE},
                            "      data: data\n      period: 2026-04\n")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "agreements" / "hostile" / "index.html").read_text("utf-8")
    assert '<h2 id="evaluation-report">' in page
    assert "99.9954%" in page and "<td>met</td>" in page
    other = (tmp_path / "site" / "agreements" / "other" / "index.html").read_text("utf-8")
    assert "There is no data folder" in other


@pytest.mark.skipif(not HAS_MKDOCS, reason="mkdocs is not installed")
@pytest.mark.parametrize(("options", "message"), [
    ("      data: data\n", "isn't an existing directory"),
    ("      data: specs\n", "`data` needs `period`"),
    ("      data: specs\n      period: April\n", "`period: April` is not a period"),
    ("      pygments_style: nope\n", "unknown `pygments_style`"),
    ("      path: ../up\n", "`path` must be a folder inside the site"),
])
def test_plugin_rejects_bad_options(tmp_path: Path, options: str, message: str) -> None:
    config = plugin_project(tmp_path, {"ok.sla": HOSTILE}, options)
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not HAS_MKDOCS, reason="mkdocs is not installed")
def test_plugin_takes_a_bare_year_and_fills_the_page(tmp_path: Path) -> None:
    data = tmp_path / "data" / "hostile"
    data.mkdir(parents=True)
    rows = ["time,latency_ms,success"] + [
        f"2026-{month:02d}-01T00:00:00Z,120,true" for month in range(1, 13)]
    (data / "requests.csv").write_text("\n".join(rows) + "\n")
    # YAML reads `period: 2026` as the number 2026; it is still the year 2026.
    config = plugin_project(tmp_path, {"hostile.sla": HOSTILE},
                            "      data: data\n      period: 2026\n")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "agreements" / "hostile" / "index.html").read_text("utf-8")
    assert '<h2 id="evaluation-report">' in page
    # The summary line: version · parties · term, escaped.
    assert ('<p class="sladsl-summary">Acme &lt;b&gt;Ltd&lt;/b&gt; (the Provider) and Globex | '
            "Corp (the Customer) · effective 2026-01-01</p>") in page
    # The contract's sections and clauses are in the page's table of contents.
    toc = page[:page.index('<div class="col-md-9"')]
    assert 'href="#section-parties"' in toc and "1. Parties and Term" in toc
    assert 'href="#section-services"' in toc or 'href="#service-api"' in toc
    assert 'href="#evaluation-report"' in toc and 'href="#source"' in toc
