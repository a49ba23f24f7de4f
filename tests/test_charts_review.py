"""Charts in the HTML report, plain-language explanations, and the service review pack."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

import sladsl
from sladsl.cli import main
from sladsl.evaluate import charts
from sladsl.evaluate.engine import Engine
from sladsl.evaluate.periods import parse_period, parse_range, zone
from sladsl.evaluate.report import build, to_html, to_json, to_text
from sladsl.evaluate.series import ChartingEngine
from sladsl.review.command import render_pack
from sladsl.review.pack import review_model
from sladsl.review.render import sections, to_markdown
from sladsl.samples import generate, sample_months

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.sla"))
HOSTILE = "</figcaption><script>alert(1)</script> $x^2$ & \"q\" \x00\x1b"


@pytest.fixture(scope="module")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    spec = sladsl.load(ROOT / "specs" / "cloud-platform.sla")
    folder = tmp_path_factory.mktemp("cloud")
    generate(spec, folder)
    bad = sample_months(spec)[1]
    ev = ChartingEngine(spec, folder).run([parse_period(bad, zone(spec.time_zone))])
    return folder, build(ev)


def _svgs(text: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", text, flags=re.S)


def test_explanations_are_grouped_sentences_with_details_kept_in_json(
        cloud: tuple[Path, dict[str, object]]) -> None:
    _folder, model = cloud
    text = to_text(model)
    assert "cost:" not in text
    assert ("2 outages counted: 21 June 02:00–04:00, 120 min (maintenance MW-1: maintenance "
            "announced 36 h 00 min before; the notice is 72 hours, so it counts), 16 June "
            "00:00–01:04, 64 min (measured)") in text
    assert "8 tickets missed the priority 1 first response limit of 15 minutes" in text
    line = json.loads(to_json(model))["periods"][0]["lines"][0]
    assert line["worst"][0]["ref"] == "maintenance MW-1"  # the machine-readable facts stay
    assert {g["kind"] for g in line["explanations"]} >= {"outages", "excluded"}


def test_html_report_has_a_captioned_described_chart_per_target(
        cloud: tuple[Path, dict[str, object]]) -> None:
    _folder, model = cloud
    html = to_html(model, contract="contract.html")
    assert "<script" not in html
    kinds = {c["kind"] for c in model["charts"]}  # type: ignore[attr-defined]
    assert kinds == {"availability", "daily", "tickets"}
    figures = re.findall(r'<figure class="sladsl-chart".*?</figure>', html, flags=re.S)
    assert len(figures) == len(model["charts"])  # type: ignore[arg-type]
    for fig in figures:
        assert re.search(r'<figcaption><strong><a href="contract.html#[^"]+">\d', fig), fig[:200]
        (svg,) = _svgs(fig)
        key = re.search(r'aria-labelledby="([^"]+)-title"', svg)
        assert key and f'<desc id="{key[1]}-desc">' in svg and 'role="img"' in svg
        ET.fromstring(svg)  # well-formed XML
    availability = model["charts"][0]  # type: ignore[index]
    assert availability["tiers"][0]["percent"] == "99.95"
    assert availability["min_run"] == "5 min"
    assert "minimum-run rule" in charts.describe(availability)
    assert "Date" not in html and "Matplotlib v" not in html
    assert html == to_html(model, contract="contract.html"), "charts are not deterministic"


def test_hostile_names_and_ticket_ids_stay_text(cloud: tuple[Path, dict[str, object]]) -> None:
    _folder, model = cloud
    tickets = next(c for c in model["charts"] if c["kind"] == "tickets")  # type: ignore[attr-defined]
    evil = json.loads(json.dumps(tickets))
    evil.update(objective=HOSTILE, service=HOSTILE, sentence=HOSTILE, clause=HOSTILE,
                anchor='x" onload="alert(1)')
    for w in evil["worst"]:
        w["ticket"] = HOSTILE
    for b in evil["bars"]:
        b["metric"] = HOSTILE
    out = charts.figure_html(evil, "c1", ZoneInfo("UTC"), True, 'c.html"><script>')
    assert "<script" not in out and "onload=\"" not in out and "\x00" not in out
    ET.fromstring(_svgs(out)[0])
    fallback = charts.figure_html(evil, "c1", ZoneInfo("UTC"), False)
    assert "<svg" not in fallback and "<script" not in fallback and "<table>" in fallback


def test_without_matplotlib_the_numbers_are_tables(
        cloud: tuple[Path, dict[str, object]], monkeypatch: pytest.MonkeyPatch) -> None:
    _folder, model = cloud
    monkeypatch.setattr(charts, "available", lambda: False)
    html = to_html(model)
    assert "<svg" not in html and "pip install 'sladsl[charts]'" in html
    assert "16 June 00:00–01:04 (64 min)" in html


def test_evaluate_shows_no_progress_on_a_pipe(cloud: tuple[Path, dict[str, object]]) -> None:
    folder, _model = cloud
    result = CliRunner().invoke(main, ["evaluate", str(ROOT / "specs" / "cloud-platform.sla"),
                                       "--data", str(folder), "--from", "2026-05", "--to",
                                       "2026-06", "--format", "json"])
    assert "evaluating" not in result.stderr


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_review_pack_in_every_format(path: Path, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    spec = sladsl.load(path)
    generate(spec, tmp_path / "data")
    good, bad = sample_months(spec)
    html = CliRunner().invoke(main, ["review", str(path), "--data", str(tmp_path / "data"),
                                     "--from", good, "--to", bad, "-o",
                                     str(tmp_path / "review.html")])
    assert html.exit_code in (0, 3), html.output
    page = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert "<script" not in page and 'id="watermelon"' in page and 'role="progressbar"' in page
    for svg in _svgs(page):
        ET.fromstring(svg)
        assert "<desc id=" in svg
    tz = zone(spec.time_zone)
    periods = parse_range(good, bad, tz)
    pack = review_model(build(Engine(spec, tmp_path / "data").run(periods)))
    assert render_pack(pack, "html") == page
    md = render_pack(pack, "markdown")
    assert isinstance(md, str)
    data = render_pack(pack, "docx")
    assert isinstance(data, bytes) and data == render_pack(pack, "docx")
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    expected = [line[3:] for line in md.splitlines() if line.startswith("## ")]
    assert [h for h in headings if h in expected] == expected
    assert len(document.inline_shapes) == page.count("<svg")


def test_docx_needs_an_output_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["review", str(SPECS[0]), "--data", str(tmp_path),
                                       "--from", "2026-01", "--to", "2026-02",
                                       "--format", "docx"])
    assert result.exit_code == 2 and "needs -o" in result.stderr


def _line(metric: str, verdict: str, measured: str, comparator: str = "at least") -> dict:
    return {"clause": "1", "anchor": "", "service": "S", "objective": metric, "metric": metric,
            "unit": "%", "target": "90", "comparator": comparator, "window": "w",
            "verdict": verdict, "measured": measured, "exclusions": []}


def _period(label: str, lines: list[dict]) -> dict:
    return {"period": label, "lines": lines, "responsibilities": [], "credits": None,
            "summary": {"met": sum(ln["verdict"] == "met" for ln in lines),
                        "missed": sum(ln["verdict"] == "missed" for ln in lines),
                        "no_data": 0, "not_due": 0}}


def test_watermelon_flags_green_periods_with_falling_satisfaction() -> None:
    report = {"agreement": {"title": "T", "file": "t.sla", "sha256": "0" * 64},
              "termination": [], "notes": [], "charts": [],
              "periods": [
                  _period("2026-01", [_line("availability", "met", "99.99"),
                                      _line("average satisfaction score", "met", "4.6")]),
                  _period("2026-02", [_line("availability", "met", "99.98"),
                                      _line("average satisfaction score", "met", "4.3")]),
                  _period("2026-03", [_line("availability", "missed", "98"),
                                      _line("average satisfaction score", "met", "4.1")])]}
    review = review_model(report)
    assert [w["period"] for w in review["watermelon"]] == ["2026-02"]
    assert review["watermelon"][0]["experience"][0]["before"] == "4.6"
    text = to_markdown(review)
    assert "2026-02: all 1 service objectives were met, but 1 average satisfaction score" in text
    assert [s.anchor for s in sections(review)][:3] == ["verdicts", "trends", "watermelon"]
    assert io.StringIO(text).readline().startswith("# Service review: T")


def test_a_reused_figure_draws_the_same_bytes_as_a_fresh_one(
        cloud: tuple[Path, dict[str, object]]) -> None:
    _folder, model = cloud
    daily = [c for c in model["charts"] if c["kind"] == "daily"]  # type: ignore[attr-defined]
    tz = ZoneInfo("Europe/London")
    figures: dict[str, object] = {}
    charts.svg(daily[0], "k", tz, "t", "d", figures)
    assert charts.svg(daily[1], "k", tz, "t", "d", figures) == charts.svg(daily[1], "k", tz,
                                                                         "t", "d")


def test_docx_without_python_docx_is_a_usage_error(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "docx" else real(name, *a))
    result = CliRunner().invoke(main, ["review", str(SPECS[0]), "--data", str(tmp_path),
                                       "--from", "2026-01", "--to", "2026-02", "--format",
                                       "docx", "-o", str(tmp_path / "r.docx")])
    assert result.exit_code == 2 and "pip install 'sladsl[docx]'" in result.stderr


def test_hostile_objective_name_stays_text_in_report_and_review(tmp_path: Path) -> None:
    evil = 'Lat</p><script>alert(1)</script>|*_[x](y)'
    text = (ROOT / "specs" / "cloud-platform.sla").read_text(encoding="utf-8")
    spec_file = tmp_path / "evil.sla"
    spec_file.write_text(text.replace('"Latency"', f'"{evil}"'), encoding="utf-8")
    spec = sladsl.load(spec_file)
    generate(spec, tmp_path / "data")
    good, bad = sample_months(spec)
    base = [str(spec_file), "--data", str(tmp_path / "data")]
    runner = CliRunner()
    for args in (["review", *base, "--from", good, "--to", bad],
                 ["review", *base, "--from", good, "--to", bad, "--format", "markdown"],
                 ["evaluate", *base, "--period", bad, "--format", "html"]):
        out = runner.invoke(main, args).stdout
        assert "Lat&lt;/p&gt;&lt;script&gt;" in out and "<script" not in out, args


def test_interval_average_lines_are_explained_by_their_worst_intervals() -> None:
    from sladsl.evaluate.explain import explain_line

    line = {"note": "", "exclusions": [], "verdict": "missed", "details": {}, "metric": "x",
            "worst": [{"start": "2026-04-01T10:00:00+00:00", "end": "2026-04-01T10:05:00+00:00",
                       "error rate": "40.00%", "ref": "measured"}]}
    (group,) = explain_line(line)
    assert group["kind"] == "worst intervals"
    assert "1 interval with the highest error rates" in group["text"]
    assert "40.00% failed" in group["text"]
