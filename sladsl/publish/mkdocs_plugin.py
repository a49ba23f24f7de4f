"""An mkdocs plugin that publishes a folder of ``.sla`` agreements as pages of a site.

Add it to ``mkdocs.yml``::

    plugins:
      - search
      - sladsl:
          specs: specs            # folder of .sla files, relative to mkdocs.yml
          path: agreements        # where the pages go in the site
          data: samples           # optional: one sub-folder of measurements per agreement
          period: 2026-04         # the period the evaluation report covers (with data);
                                  # a year may be written bare: period: 2026
          samples: true           # or: report on generated sample data (instead of data)

Each agreement ``specs/NAME.sla`` becomes the page ``agreements/NAME.md`` with the rendered
contract (its summary line first, its headings in the page's table of contents), the
evaluation report (when data is configured) and the highlighted source, and the file itself is
published beside it for download. ``agreements/index.md`` lists them all (unless
the docs already have that page), and any page may hold the marker ``<!-- sladsl:gallery -->``,
which is replaced by the same list with links relative to that page.

An agreement with errors still gets a page that shows them, and every error is logged as a
warning, so ``mkdocs build --strict`` fails on a broken agreement.

Pages are generated in memory (``File.generated``) on every build; nothing is written to the
docs folder. Text from an agreement is escaped before it reaches Markdown or HTML.
"""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from ..errors import Diagnostic
from ..model import Spec

log = logging.getLogger("mkdocs.plugins.sladsl")

GALLERY_MARKER = "<!-- sladsl:gallery -->"
CSS_NAME = "sladsl.css"


# mkdocs leaves Config.__init_subclass__ unannotated, which strict mypy flags at each subclass.
class SlaPluginConfig(base.Config):  # type: ignore[no-untyped-call]
    """The plugin's options in ``mkdocs.yml``."""

    specs = c.Dir(exists=True, default="specs")
    path = c.Type(str, default="agreements")
    # `data` is also an attribute of the dict that mkdocs configs are; mkdocs strips the
    # trailing underscore, so the option is still spelled `data:` in mkdocs.yml.
    data_ = c.Optional(c.Dir(exists=True))
    # YAML reads `period: 2026` as a number; a year is a period, so both are accepted.
    period = c.Optional(c.Type((str, int)))
    # `samples: true` reports on sladsl's own deterministic sample data (sladsl.samples),
    # generated at build time for each agreement's month that misses several objectives.
    samples = c.Type(bool, default=False)
    index = c.Type(bool, default=True)
    pygments_style = c.Type(str, default="default")


@dataclass
class Agreement:
    """One published agreement: where it came from, where it goes, and what the checks said."""

    stem: str
    source_path: Path
    shown_path: str
    text: str
    spec: Spec | None
    diagnostics: list[Diagnostic]
    page_uri: str
    source_uri: str

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def title(self) -> str:
        if self.spec is not None:
            return self.spec.agreement.title
        return self.stem


class SlaPlugin(BasePlugin[SlaPluginConfig]):  # type: ignore[no-untyped-call]
    """Publishes every ``.sla`` file of a folder as a page; see the module docs for options."""

    def __init__(self) -> None:
        self.agreements: list[Agreement] = []
        self._sample_root: Path | None = None
        self._contracts: dict[str, str] = {}  # page URI -> the contract's HTML

    @property
    def _reports(self) -> bool:
        return self.config.data_ is not None or self.config.samples

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        path = self.config.path.strip("/")
        if not path or ".." in path.split("/"):
            raise PluginError(f"sladsl: `path` must be a folder inside the site, not {path!r}")
        self.config.path = path
        if self.config.period is not None and not isinstance(self.config.period, str):
            self.config.period = str(self.config.period)
        if self.config.data_ is not None and self.config.samples:
            raise PluginError("sladsl: give either `data` or `samples: true`, not both")
        if self.config.data_ is not None and not self.config.period:
            raise PluginError("sladsl: `data` needs `period`, the period to report on, "
                              "e.g. `period: 2026-04`")
        if self.config.period:
            _check_period(self.config.period)
        from pygments.styles import get_all_styles

        if self.config.pygments_style not in set(get_all_styles()):
            raise PluginError(f"sladsl: unknown `pygments_style` {self.config.pygments_style!r}; "
                              "`pygmentize -L styles` lists them")
        css = f"{path}/{CSS_NAME}"
        if css not in config.extra_css:
            config.extra_css.append(css)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        path = self.config.path
        self.agreements = [self._load(p, config)
                           for p in sorted(Path(self.config.specs).glob("*.sla"))]
        if not self.agreements:
            log.warning("sladsl: no .sla files in %s", self.config.specs)
        for agreement in self.agreements:
            for d in agreement.errors:
                log.warning("sladsl: %s", d.render(agreement.text))
            warnings = len(agreement.diagnostics) - len(agreement.errors)
            if warnings:
                # Warnings are allowed in a published agreement; one line keeps the log readable.
                log.info("sladsl: %s has %d warning(s); `sladsl validate %s` lists them",
                         agreement.shown_path, warnings, agreement.shown_path)
            files.append(File.generated(config, agreement.page_uri,
                                        content=self._page(agreement)))
            files.append(File.generated(config, agreement.source_uri,
                                        content=agreement.source_path.read_bytes()))
        index = f"{path}/index.md"
        if self.config.index and files.get_file_from_path(index) is None:
            content = f"# Agreements\n\n{self._gallery(index)}\n"
            files.append(File.generated(config, index, content=content))
        files.append(File.generated(config, f"{path}/{CSS_NAME}", content=self._css()))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        if GALLERY_MARKER not in markdown:
            return None
        return markdown.replace(GALLERY_MARKER, self._gallery(page.file.src_uri))

    def on_page_content(self, html_: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        # The contract is raw HTML, which Markdown's toc extension does not read: its numbered
        # sections and clauses are added to the page's table of contents here, before the
        # page's own headings (the evaluation report, the source) that come after it.
        contract = self._contracts.get(page.file.src_uri)
        if contract is not None:
            page.toc = TableOfContents([*contract_toc(contract), *page.toc.items])
        return None

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # Rebuild when an agreement or its data changes, not only when a Markdown page does.
        server.watch(self.config.specs)
        if self.config.data_ is not None:
            server.watch(self.config.data_)
        return server

    # ---------------------------------------------------------------- building pages

    def _load(self, path: Path, config: MkDocsConfig) -> Agreement:
        from ..api import analyse
        from ..syntax.parser import decode

        # Messages name the file as the user wrote it in mkdocs.yml, not the absolute path.
        shown = os.path.relpath(path, os.path.dirname(config.config_file_path or "."))
        text, diags = decode(path.read_bytes(), shown)
        spec = None
        if text is not None:
            spec, diags = analyse(text, shown)
        base_uri = f"{self.config.path}/{path.stem}"
        return Agreement(path.stem, path, shown, text or "", spec, diags, f"{base_uri}.md",
                         f"{base_uri}.sla")

    def _page(self, agreement: Agreement) -> str:
        spec = agreement.spec
        contract = _contract(spec) if spec is not None and not agreement.errors else None
        if contract is not None:
            self._contracts[agreement.page_uri] = contract
        download = posixpath.basename(agreement.source_uri)
        links = [f"Download [{md_text(download)}]({quote(download)})", "[Source](#source)"]
        if contract is not None and self._reports:
            links.insert(1, "[Evaluation report](#evaluation-report)")
        if contract is not None:
            # The contract opens with its own title block; the page takes its title from
            # front matter (JSON is valid YAML) rather than showing the title twice. Themes
            # print a page title as HTML, as mkdocs makes titles taken from headings.
            title = html.escape(agreement.title, quote=False)
            parts = ["---", f"title: {json.dumps(title)}", "---", "",
                     _summary(spec) if spec is not None else "",
                     "", " · ".join(links), "", contract, ""]
        else:
            parts = [f"# {md_text(agreement.title)}", ""]
            if spec is not None:
                parts += [_summary(spec), ""]
            parts += [" · ".join(links), ""]
        if agreement.errors:
            rendered = "\n\n".join(d.render(agreement.text) for d in agreement.errors)
            parts += [_admonition("danger", "This agreement has errors",
                                  f"<pre>{html.escape(rendered)}</pre>"), ""]
        elif contract is None:
            parts += [_admonition("note", "Contract text not available",
                                  "<p>This version of sladsl cannot render contract text; the "
                                  "source below is the agreement.</p>"), ""]
        if spec is not None and contract is not None and self._reports:
            parts += ["## Evaluation report", "", self._report(agreement, spec), ""]
        parts += ["## Source", "", highlight_html(agreement.text, self.config.pygments_style), ""]
        return "\n".join(parts)

    def _report(self, agreement: Agreement, spec: Spec) -> str:
        if self.config.samples:
            return self._sample_report(agreement, spec)
        assert self.config.data_ is not None and self.config.period is not None
        folder = Path(self.config.data_) / agreement.stem
        if not folder.is_dir():
            return _admonition("note", "No data", f"<p>There is no data folder "
                               f"<code>{html.escape(agreement.stem)}</code> for this agreement."
                               "</p>")
        return evaluation_markdown(spec, folder, str(self.config.period))

    def _sample_report(self, agreement: Agreement, spec: Spec) -> str:
        import tempfile

        from ..samples import generate, sample_months

        if self._sample_root is None:
            self._sample_root = Path(tempfile.mkdtemp(prefix="sladsl-samples-"))
        folder = self._sample_root / agreement.stem
        generate(spec, folder)
        bad = sample_months(spec)[1]
        note = _admonition("note", "Sample data", f"<p>This report is computed by sladsl from "
                           f"generated sample measurements for {html.escape(bad)}, a month in "
                           "which several objectives are missed.</p>")
        return note + "\n\n" + evaluation_markdown(spec, folder, bad)

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self._sample_root is not None:
            import shutil

            shutil.rmtree(self._sample_root, ignore_errors=True)
            self._sample_root = None

    def _gallery(self, from_uri: str) -> str:
        """The Markdown table of all agreements, with links relative to the page ``from_uri``."""
        if not self.agreements:
            return "*No agreements are published.*"
        here = posixpath.dirname(from_uri)
        rows = ["| Agreement | Version | Provider | Customer | Objectives | Status |",
                "| --- | --- | --- | --- | --- | --- |"]
        for a in self.agreements:
            link = posixpath.relpath(a.page_uri, here or ".")
            spec = a.spec
            provider = customer = version = ""
            objectives = "0"
            if spec is not None:
                version = spec.agreement.version or ""
                objectives = str(len(spec.objectives))
                for party in spec.agreement.parties:
                    if party.role == "provider":
                        provider = provider or party.name
                    else:
                        customer = customer or party.name
            status = f"{len(a.errors)} error(s)" if a.errors else "valid"
            cells = [f"[{md_text(a.title)}]({quote(link)})", md_text(version), md_text(provider),
                     md_text(customer), objectives, status]
            rows.append("| " + " | ".join(cells) + " |")
        return "\n".join(rows)

    def _css(self) -> str:
        from pygments.formatters import HtmlFormatter

        # Both class names: the plugin's own blocks use `highlight`, Markdown's codehilite
        # extension uses `codehilite` unless configured otherwise.
        style_defs: Callable[[list[str]], str] = HtmlFormatter(
            style=self.config.pygments_style).get_style_defs  # untyped in Pygments' stubs
        styles = style_defs([".highlight", ".codehilite"])
        try:
            from ..render.html import CSS as contract_css  # scoped under .sla-contract
        except ImportError:
            contract_css = ""
        return f"{styles}\n{_EXTRA_CSS}{contract_css}"


_EXTRA_CSS = """\
.sladsl-summary { color: #555; }
.sladsl-source pre { font-size: 0.85em; line-height: 1.4; }
.sladsl-source .linenos { color: #999; padding-right: 1em; user-select: none; }
.sladsl-contract { margin-bottom: 2em; }
"""


def _check_period(period: str) -> None:
    """Rejects a period the evaluator cannot read, before any page is built."""
    from ..errors import SlaError

    try:
        from ..evaluate.periods import parse_period, zone
    except ImportError:
        return
    try:
        parse_period(period, zone("UTC"))  # the form only; each agreement has its own zone
    except SlaError as exc:
        hint = exc.diagnostics[0].hint if exc.diagnostics else ""
        raise PluginError(f"sladsl: `period: {period}` is not a period; {hint}") from None


def _summary(spec: Spec) -> str:
    a = spec.agreement
    bits: list[str] = []
    if a.version:
        bits.append(f"Version {html.escape(a.version)}")
    parties = [f"{html.escape(p.name)} ({html.escape(p.called)})" for p in a.parties]
    if parties:
        bits.append(" and ".join(parties))
    if a.term is not None:
        term = f"effective {html.escape(a.term.effective)}"
        if a.term.until:
            term += f" until {html.escape(a.term.until)}"
        bits.append(term)
    return f'<p class="sladsl-summary">{" · ".join(bits)}</p>' if bits else ""


_HEADING = re.compile(r'id="([^"]+)"[^>]*>\s*<h([23])>(.*?)</h\2>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def contract_toc(contract: str) -> list[AnchorLink]:
    """The contract's sections (level 2) and clauses (level 3) as table-of-contents entries.

    A heading counts when it opens the element that carries its anchor (``<section id=…><h2>``),
    so every entry links to an anchor the contract has. Titles stay escaped as rendered.
    """
    out: list[AnchorLink] = []
    for anchor, level, inner in _HEADING.findall(contract):
        number_gap = inner.replace("</span>", "</span> ", 1)
        title = " ".join(_TAG.sub("", number_gap).split())
        link = AnchorLink(title, anchor, int(level))
        if level == "3" and out:
            out[-1].children.append(link)
        else:
            out.append(link)
    return out


def _contract(spec: Spec) -> str | None:
    """The contract as an HTML fragment, or ``None`` if this sladsl cannot render one."""
    try:
        from ..render import render_html
    except ImportError:
        return None
    try:
        fragment: str = render_html(spec, standalone=False)
    except Exception as exc:  # a renderer bug must not end the build with a traceback
        log.error("sladsl: rendering the contract of %s failed: %s: %s", spec.file,
                  type(exc).__name__, exc)
        return _admonition("danger", "The contract could not be rendered",
                           f"<p>{html.escape(f'{type(exc).__name__}: {exc}')}</p>")
    return f'<div class="sladsl-contract" markdown="0">\n{fragment.strip()}\n</div>'


def evaluation_markdown(spec: Spec, folder: Path, period: str) -> str:
    """The evaluation report of ``spec`` on the data in ``folder`` for ``period``, as Markdown.

    A ``bindings.toml`` in ``folder`` maps the data's files and columns. Headings are moved one
    level down to sit under the page's own "Evaluation report" heading.
    """
    from ..errors import SlaError

    try:
        from ..evaluate.bindings import load_bindings
        from ..evaluate.engine import Engine
        from ..evaluate.periods import parse_period, zone
        from ..evaluate.report import build, to_markdown
    except ImportError:
        return _admonition("note", "Evaluation not available",
                           "<p>This version of sladsl cannot evaluate agreements.</p>")
    bindings = folder / "bindings.toml"
    try:
        periods = [parse_period(period, zone(spec.time_zone))]
        engine = Engine(spec, folder, load_bindings(bindings if bindings.is_file() else None))
        report = to_markdown(build(engine.run(periods)))
    except SlaError as exc:
        rendered = "\n\n".join(d.render() for d in exc.diagnostics)
        log.warning("sladsl: evaluating %s on %s failed:\n%s", spec.file, folder, rendered)
        return _admonition("danger", "Evaluation failed", f"<pre>{html.escape(rendered)}</pre>")
    except Exception as exc:  # an engine bug must not end the build with a traceback
        log.error("sladsl: evaluating %s failed: %s: %s", spec.file, type(exc).__name__, exc)
        return _admonition("danger", "Evaluation failed",
                           f"<p>{html.escape(f'{type(exc).__name__}: {exc}')}</p>")
    lines = report.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]  # the report's title repeats the agreement's
    return "\n".join(f"#{line}" if re.match(r"#{1,5} ", line) else line for line in lines)


def highlight_html(text: str, style: str = "default") -> str:
    """``text`` highlighted as HTML, with an anchor on every line (``#L-12``)."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter

    from .highlight import SlaLexer

    formatter = HtmlFormatter(style=style, cssclass="highlight", linenos="inline",
                              lineanchors="L", anchorlinenos=True)
    code = highlight(text, SlaLexer(stripnl=False), formatter)
    return f'<div class="sladsl-source" markdown="0">\n{code.strip()}\n</div>'


def _admonition(kind: str, title: str, body_html: str) -> str:
    """An admonition in raw HTML, so it works without Markdown's admonition extension."""
    return (f'<div class="admonition {kind}">\n<p class="admonition-title">{html.escape(title)}'
            f"</p>\n{body_html}\n</div>")


# Python-Markdown's backslash escapes, and `|` which its tables extension also honours.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_text(text: str) -> str:
    """Text made inert for Markdown: HTML-escaped, and Markdown's own characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))
