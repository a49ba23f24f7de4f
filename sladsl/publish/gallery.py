"""The docs gallery's pictures: an agreement's report charts and its service review pack.

Used by the mkdocs plugin (:mod:`sladsl.publish.mkdocs_plugin`) with sample data: the charts
go under the page's evaluation report, the review pack becomes a page of its own beside the
agreement (``agreements/NAME-review.html``). Both are escaped by their renderers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import Spec


def charts_fragment(model: dict[str, Any]) -> str:
    """The report's charts as raw HTML for a Markdown page (no blank lines, so Markdown keeps
    the block whole); clause numbers link to the contract on the same page."""
    from ..evaluate.charts import figures_html

    fragment = figures_html(model, contract="", level=3)
    if not fragment:
        return ""
    body = "\n".join(line for line in fragment.splitlines() if line.strip())
    return f'<div class="sladsl-charts" markdown="0">\n{body}\n</div>'


def sample_pages(spec: Spec, folder: Path, first: str, last: str, stem: str
                 ) -> tuple[str, str]:
    """The review pack of ``spec`` on the data in ``folder`` from ``first`` to ``last``, and
    a page of the report's charts over the same periods (clause numbers link to the
    agreement's page ``stem/``), from one evaluation; pages that say why when it fails."""
    import html

    from ..errors import SlaError
    from ..evaluate.bindings import load_bindings
    from ..evaluate.charts import figures_html
    from ..evaluate.periods import parse_range, zone
    from ..evaluate.report import build
    from ..evaluate.series import ChartingEngine
    from ..review.pack import review_model
    from ..review.render import CSS, to_html

    bindings = folder / "bindings.toml"
    try:
        periods = parse_range(first, last, zone(spec.time_zone))
        engine = ChartingEngine(spec, folder,
                                load_bindings(bindings if bindings.is_file() else None))
        model = build(engine.run(periods))
    except SlaError as exc:
        text = "\n\n".join(d.render() for d in exc.diagnostics)
        failed = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                  f"Evaluation failed</title></head><body><pre>{html.escape(text)}</pre></body>"
                  "</html>\n")
        return failed, failed
    title = html.escape(f"Charts: {spec.agreement.title}, {first} to {last}")
    charts = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
              f"<h1>{title}</h1>\n<p>Sample data; clause numbers link to the contract.</p>\n"
              f"{figures_html(model, contract=f'{stem}/', level=2)}\n</body>\n</html>\n")
    return to_html(review_model(model)), charts
