"""``sladsl review SPEC --data DIR --from 2026-01 --to 2026-06``: the service review pack.

The periods of the review are evaluated as ``sladsl evaluate --from … --to …`` would (one
engine, so credits and termination rights see the whole history), then arranged for a
review meeting (:mod:`sladsl.review.pack`) and written as HTML (with trend charts),
Markdown or Word. A progress bar shows on a terminal, not on a pipe nor with ``--quiet``.
Like ``evaluate``, the pack is written atomically and only when everything succeeded, and
periods without data are named on standard error with exit status 3.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import click


@click.command()
@click.argument("spec", type=click.Path(exists=True, dir_okay=False))
@click.option("--data", "data_dir", required=True, type=click.Path(exists=True, file_okay=False),
              help="directory with the measurement files")
@click.option("--bindings", type=click.Path(exists=True, dir_okay=False),
              help="TOML file mapping files and columns (default: bindings.toml beside the "
                   "spec, if present)")
@click.option("--from", "first", required=True, help="first period of the review: 2026-01")
@click.option("--to", "last", required=True, help="last period of the review: 2026-06")
@click.option("--format", "fmt", type=click.Choice(["html", "markdown", "docx", "json"]),
              default="html", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="write the pack here (required for docx)")
@click.option("-q", "--quiet", is_flag=True, help="no progress bar")
def review(spec: str, data_dir: str, bindings: str | None, first: str, last: str, fmt: str,
           output: str | None, quiet: bool) -> None:
    """The service review pack of SPEC for the periods --from … --to …: verdicts, trends,
    credits, responsibilities, exclusions, termination rights and the watermelon check."""
    from ..api import load
    from ..errors import SlaError
    from ..evaluate.bindings import load_bindings
    from ..evaluate.command import progress_bar, say_missing, write_output
    from ..evaluate.engine import Engine
    from ..evaluate.periods import parse_range, usage_error, zone
    from ..evaluate.report import build
    from ..exits import INCOMPLETE, fail
    from .pack import review_model

    try:
        if fmt == "docx" and not output:
            raise usage_error("a Word pack needs -o FILE.docx",
                              "sladsl review spec.sla --data DIR --from 2026-01 --to 2026-06 "
                              "--format docx -o review.docx")
        if fmt == "docx" and importlib.util.find_spec("docx") is None:
            raise usage_error("a Word pack needs python-docx", "pip install 'sladsl[docx]'")
        model_spec = load(spec)
        periods = parse_range(first, last, zone(model_spec.time_zone))
        if bindings is None and (Path(spec).parent / "bindings.toml").is_file():
            bindings = str(Path(spec).parent / "bindings.toml")
        binds = load_bindings(bindings)
        with progress_bar(len(periods), "reviewing", quiet) as progress:
            evaluation = Engine(model_spec, Path(data_dir), binds, progress).run(periods)
        pack = review_model(build(evaluation))
        data = render_pack(pack, fmt)
    except SlaError as exc:
        fail(exc)
    write_output(output, data, "the review pack")
    missing = say_missing(spec, evaluation)
    sys.exit(INCOMPLETE if missing else 0)


def render_pack(pack: dict[str, object], fmt: str) -> str | bytes:
    """The pack in one format: ``html``, ``markdown``, ``docx`` (bytes) or ``json``."""
    if fmt == "docx":
        from .docx import to_docx

        return to_docx(pack)
    if fmt == "json":
        import json

        return json.dumps(pack, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    from .render import to_html, to_markdown

    return to_html(pack) if fmt == "html" else to_markdown(pack)
