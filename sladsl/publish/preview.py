"""``sladsl preview SPEC``: the contract as a local web page that follows the file as it is saved.

For lawyers who do not use a code editor: the page shows the rendered contract beside the
problems in the file, each linked to the clause it is about, and refreshes by itself a moment
after the file is saved. While the file has errors the page keeps showing the last contract
that had none, marked as such, so the reader does not lose their place.

Safety: the server binds 127.0.0.1 only and answers GET requests for five fixed paths (the
page, its script, its styles, the current version, the current content); anything else is a
404, so no path reaches the file system. Requests whose ``Host`` is not this loopback address
are refused (a web page elsewhere cannot read the preview through DNS rebinding). Every text
from the spec is escaped by the contract renderer or here; the page allows no script but its
own (``Content-Security-Policy``).
"""

from __future__ import annotations

import hashlib
import html
import http.server
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from ..errors import Diagnostic
from ..model import Spec

HOST = "127.0.0.1"
POLL_MS = 500


@dataclass
class Snapshot:
    """What the page shows for one version of the file."""

    version: str
    status: str  # "ok", or "2 errors, 1 warning"
    contract: str  # the <article> of the contract
    problems: str  # the list of problems, linked to clauses
    stale: bool = False  # the contract is the last one without errors


@dataclass
class PreviewState:
    """The file being previewed and its latest rendering (re-read when its bytes change)."""

    path: Path
    snapshot: Snapshot | None = None
    digest: bytes = b""
    good: Spec | None = None
    good_contract: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def current(self) -> Snapshot:
        """The snapshot of the file as it is now on disk."""
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            data = f"\0cannot read the file: {exc.strerror or exc}".encode()
        digest = hashlib.sha256(data).digest()
        with self.lock:
            if self.snapshot is None or digest != self.digest:
                self.digest = digest
                self.snapshot = self._render(data, digest.hex()[:16])
            return self.snapshot

    def _render(self, data: bytes, version: str) -> Snapshot:
        from ..api import analyse
        from ..render import render_html
        from ..syntax.parser import decode

        text, diags = decode(data, str(self.path))
        spec = None
        if text is not None:
            spec, diags = analyse(text, str(self.path))
        errors = [d for d in diags if d.severity == "error"]
        if spec is not None and not errors:
            self.good = spec
            self.good_contract = render_html(spec, standalone=False)
        stale = bool(errors)
        contract = self.good_contract or (
            '<p class="empty">The contract appears here once the file has no errors.</p>')
        return Snapshot(version, _status(diags), contract, self._problems(diags), stale)

    def _problems(self, diags: list[Diagnostic]) -> str:
        if not diags:
            return '<p class="none">No problems.</p>'
        from ..lsp.contract import ContractView

        view = ContractView(self.good) if self.good is not None else None
        items = []
        for d in diags:
            clause = view.clause_at(d.span.line) if view is not None else None
            where = f"line {d.span.line}, column {d.span.column}"
            link = (f' <a class="clause" href="#{html.escape(clause.anchor)}">clause '
                    f"{html.escape(clause.number)}</a>" if clause is not None else "")
            hint = f'<p class="hint">{html.escape(d.hint)}</p>' if d.hint else ""
            items.append(
                f'<li class="{d.severity}"><p><span class="code">{html.escape(d.code)}</span> '
                f"{html.escape(d.message)}</p><p class=\"where\">{where}{link}</p>{hint}</li>")
        return '<ol class="problems">' + "".join(items) + "</ol>"


def _status(diags: list[Diagnostic]) -> str:
    errors = sum(d.severity == "error" for d in diags)
    warnings = len(diags) - errors
    if not errors and not warnings:
        return "ok"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


_CSS = """\
body { margin: 0; font-family: system-ui, sans-serif; background: #eef0f3; color: #1b1b1b; }
header { position: sticky; top: 0; z-index: 1; background: #17365d; color: #fff;
  padding: 0.6em 1.2em; display: flex; gap: 1em; align-items: baseline; }
header .file { font-weight: 600; } header .status { margin-left: auto; }
header .status.bad { background: #b3261e; padding: 0.1em 0.6em; border-radius: 0.3em; }
main { display: grid; grid-template-columns: minmax(16em, 24em) 1fr; gap: 1.2em;
  padding: 1.2em; align-items: start; }
aside { position: sticky; top: 3.6em; background: #fff; padding: 0.8em 1em;
  border-radius: 0.4em; max-height: calc(100vh - 6em); overflow: auto; }
aside h2 { font-size: 1em; margin: 0 0 0.6em; }
.problems { padding-left: 1.2em; margin: 0; } .problems li { margin-bottom: 0.8em; }
.problems p { margin: 0.1em 0; } .problems .error .code { color: #b3261e; font-weight: 700; }
.problems .warning .code { color: #8a5a00; font-weight: 700; }
.problems .where, .problems .hint { color: #555; font-size: 0.9em; }
.stale-note { display: none; background: #fff4ce; padding: 0.5em 1em; margin: 0 0 0.8em;
  border-radius: 0.3em; }
#contract.stale .stale-note { display: block; } #contract.stale article { opacity: 0.6; }
#history { display: none; }
"""

_JS = """\
"use strict";
let version = document.body.dataset.version;
async function poll() {
  try {
    const now = await (await fetch("/version", { cache: "no-store" })).json();
    if (now.version !== version) {
      const c = await (await fetch("/content", { cache: "no-store" })).json();
      version = c.version;
      document.body.dataset.version = c.version;
      document.getElementById("problems").innerHTML = c.problems;
      document.getElementById("article").innerHTML = c.contract;
      document.getElementById("contract").className = c.stale ? "stale" : "";
      const status = document.getElementById("status");
      status.textContent = c.status;
      status.className = "status" + (c.stale ? " bad" : "");
      const li = document.createElement("li");
      li.textContent = c.status;
      document.getElementById("history").appendChild(li);
    }
  } catch (e) {
    // The preview was stopped or the file is being written: try again at the next tick.
  }
  setTimeout(poll, POLL_MS);
}
setTimeout(poll, POLL_MS);
""".replace("POLL_MS", str(POLL_MS))


def page(state: PreviewState) -> str:
    snap = state.current()
    name = html.escape(state.path.name)
    bad = " bad" if snap.stale else ""
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{name}: contract preview</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="stylesheet" href="/preview.css"><script src="/preview.js" defer></script>'
        f'</head><body data-version="{html.escape(snap.version)}">'
        f'<header><span class="file">{name}</span><span>contract preview</span>'
        f'<span id="status" class="status{bad}">{html.escape(snap.status)}</span></header>'
        '<main><aside><h2>Problems</h2><div id="problems">'
        f"{snap.problems}</div></aside>"
        f'<div id="contract" class="{"stale" if snap.stale else ""}">'
        '<p class="stale-note">The file has errors: this is the last version without any.</p>'
        f'<div id="article">{snap.contract}</div></div></main>'
        f'<ol id="history"><li>{html.escape(snap.status)}</li></ol></body></html>\n')


def _contract_css() -> str:
    from ..render.html import CSS

    return CSS


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    """Answers the five paths of the preview; nothing else."""

    server: PreviewServer
    server_version = "sladsl-preview"
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        if not self._host_ok():
            self._send(403, "text/plain", b"forbidden: open the preview at its 127.0.0.1 address")
            return
        path = urlsplit(self.path).path
        state = self.server.state
        if path == "/":
            self._send(200, "text/html", page(state).encode("utf-8"))
        elif path == "/version":
            self.server.polled()
            self._json({"version": state.current().version})
        elif path == "/content":
            snap = state.current()
            self._json({"version": snap.version, "status": snap.status, "stale": snap.stale,
                        "contract": snap.contract, "problems": snap.problems})
        elif path == "/preview.js":
            self._send(200, "text/javascript", _JS.encode("utf-8"))
        elif path == "/preview.css":
            self._send(200, "text/css", (_contract_css() + _CSS).encode("utf-8"))
        else:
            self._send(404, "text/plain", b"not found")

    def do_HEAD(self) -> None:  # noqa: N802
        self._send(405, "text/plain", b"")

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD  # noqa: N815

    def _host_ok(self) -> bool:
        port = self.server.server_address[1]
        return self.headers.get("Host", "") in {f"{HOST}:{port}", f"localhost:{port}"}

    def _json(self, data: dict[str, Any]) -> None:
        self._send(200, "application/json", json.dumps(data).encode("utf-8"))

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy",
                         "default-src 'none'; script-src 'self'; style-src 'self'; "
                         "connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
                         "form-action 'none'; frame-ancestors 'none'")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return None


class PreviewServer(http.server.ThreadingHTTPServer):
    """The preview's HTTP server, on 127.0.0.1 only; ``on_poll`` is called on every poll."""

    daemon_threads = True

    def __init__(self, path: Path, port: int = 0) -> None:
        self.state = PreviewState(path)
        self.polls = 0
        self.on_poll: Callable[[int], None] | None = None
        super().__init__((HOST, port), PreviewHandler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def polled(self) -> None:
        with self.state.lock:
            self.polls += 1
            count = self.polls
        if self.on_poll is not None:
            self.on_poll(count)


@click.command()
@click.argument("spec", type=click.Path(exists=True, dir_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="the port on 127.0.0.1 (0: any free port)")
@click.option("--open/--no-open", "open_browser", default=False,
              help="open the page in the default browser")
def preview(spec: str, port: int, open_browser: bool) -> None:
    """Show the contract of SPEC in the browser, refreshed whenever the file is saved."""
    try:
        server = PreviewServer(Path(spec), port)
    except OSError as exc:
        raise click.UsageError(
            f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from exc
    server.state.current()
    click.echo(f"{spec}: previewing at {server.url} (Ctrl-C to stop)", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


__all__ = ["PreviewServer", "PreviewState", "page", "preview"]
