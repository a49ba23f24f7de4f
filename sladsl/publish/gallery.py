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


def review_html(spec: Spec, folder: Path, first: str, last: str) -> str:
    """The review pack of ``spec`` on the data in ``folder`` from ``first`` to ``last``; a
    page that says why when the evaluation fails."""
    import html

    from ..errors import SlaError
    from ..evaluate.bindings import load_bindings
    from ..evaluate.engine import Engine
    from ..evaluate.periods import parse_range, zone
    from ..evaluate.report import build
    from ..review.pack import review_model
    from ..review.render import to_html

    bindings = folder / "bindings.toml"
    try:
        periods = parse_range(first, last, zone(spec.time_zone))
        engine = Engine(spec, folder, load_bindings(bindings if bindings.is_file() else None))
        return to_html(review_model(build(engine.run(periods))))
    except SlaError as exc:
        text = "\n\n".join(d.render() for d in exc.diagnostics)
        return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Review "
                f"failed</title></head><body><pre>{html.escape(text)}</pre></body></html>\n")
