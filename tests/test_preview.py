"""``sladsl preview``: the live contract page, its safety, and the page in headless Chromium.

The browser test edits the file while Chromium has the page open (from the server's poll
handler, so the order of events is fixed): the page must show the error appear, then
disappear, and the contract change. Screenshots go to a temporary folder;
``pytest --update-goldens`` also copies them into ``docs/images/`` for docs/editing.md.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from components import which

from sladsl.cli import main
from sladsl.publish.preview import PreviewServer

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (ROOT / "specs" / "cloud-platform.sla").read_text(encoding="utf-8")
BROKEN = SOURCE.replace("the service shall be available", "the service shal be available", 1)
EDITED = SOURCE.replace('"the customer portal"', '"the client portal"')


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "agreement.sla"
    path.write_text(SOURCE, encoding="utf-8")
    return path


@pytest.fixture
def server(spec: Path) -> Iterator[PreviewServer]:
    httpd = PreviewServer(spec)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


def fetch(server: PreviewServer, path: str, method: str = "GET",
          host: str | None = None) -> tuple[int, str, dict[str, str]]:
    port = server.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host or f"127.0.0.1:{port}")
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8"), dict(response.getheaders())
    finally:
        conn.close()


def test_binds_the_loopback_address_only(server: PreviewServer) -> None:
    assert server.server_address[0] == "127.0.0.1"
    status, body, headers = fetch(server, "/")
    assert status == 200 and "Acme Cloud Platform" in body
    assert "script-src 'self'" in headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", [
    "/../README.md", "/..%2f..%2fetc%2fpasswd", "//etc/passwd", "/etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd", "/agreement.sla", "/specs/cloud-platform.sla",
    "/preview.js/../../agreement.sla", "/content/..", "/./agreement.sla", "/index.html",
    "/\\..\\agreement.sla", "/favicon.ico",
])
def test_serves_nothing_but_the_preview(server: PreviewServer, path: str) -> None:
    status, body, _ = fetch(server, path)
    assert status == 404
    assert "root:" not in body and "agreement " not in body


def test_refuses_other_hosts_and_methods(server: PreviewServer) -> None:
    assert fetch(server, "/", host="evil.example")[0] == 403
    assert fetch(server, "/content", host="evil.example:80")[0] == 403
    assert fetch(server, "/", method="POST")[0] == 405
    assert fetch(server, "/", method="PUT")[0] == 405


def test_escapes_everything_it_shows(spec: Path, server: PreviewServer) -> None:
    hostile = SOURCE.replace('agreement "Acme Cloud Platform Service Level Agreement"',
                             'agreement "<script>alert(1)</script> & <b>x</b>"')
    spec.write_text(hostile, encoding="utf-8")
    status, body, _ = fetch(server, "/")
    assert status == 200
    assert "<script>alert" not in body and "&lt;script&gt;alert(1)" in body
    spec.write_text(hostile.replace("  objective \"Latency\":",
                                    "  objective \"Latency\":\n    <img src=x onerror=alert(1)>"),
                    encoding="utf-8")
    content = json.loads(fetch(server, "/content")[1])
    assert content["stale"] and "error" in content["status"]
    assert "<img" not in content["problems"] and "<script>" not in content["contract"]


def test_problems_link_to_their_clause(spec: Path, server: PreviewServer) -> None:
    fetch(server, "/")  # the good version is seen first
    spec.write_text(BROKEN, encoding="utf-8")
    content = json.loads(fetch(server, "/content")[1])
    assert content["status"] == "1 error" and content["stale"]
    anchors = re.findall(r'href="#([^"]+)"', content["problems"])
    assert anchors and f'id="{anchors[0]}"' in content["contract"]


def test_command_refuses_a_missing_file() -> None:
    result = CliRunner().invoke(main, ["preview", "no-such-file.sla"])
    assert result.exit_code == 2


# ------------------------------------------------------------------ in Chromium


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.history: list[str] = []
        self._in_history = False
        self._li = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if found.get("id") == "history":
            self._in_history = True
        self._li = self._in_history and tag == "li"

    def handle_endtag(self, tag: str) -> None:
        if tag == "ol":
            self._in_history = False

    def handle_data(self, data: str) -> None:
        if self._li:
            self.history.append(data)
            self._li = False


def chromium(*args: str) -> str:
    import subprocess
    import tempfile

    binary = which("chromium", "chromium-browser")
    profile = tempfile.mkdtemp(prefix="chromium-")
    try:
        done = subprocess.run(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--hide-scrollbars", *args],
            capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def test_page_follows_the_file_in_chromium(spec: Path, server: PreviewServer) -> None:
    which("chromium", "chromium-browser")

    def edit(poll: int) -> None:  # runs in the server, before it answers the poll
        if poll == 2:
            spec.write_text(BROKEN, encoding="utf-8")
        elif poll == 5:
            spec.write_text(EDITED, encoding="utf-8")

    server.on_poll = edit
    dom = chromium("--dump-dom", "--virtual-time-budget=8000", server.url)
    assert server.polls >= 5, "the page did not poll"
    parsed = _Dom()
    parsed.feed(dom)
    # The page saw the error appear, then disappear, and shows the edited contract.
    assert parsed.history == ["5 warnings", "1 error", "5 warnings"], parsed.history
    assert "the client portal" in dom and "the customer portal" not in dom
    assert 'class="stale"' not in dom


@pytest.mark.parametrize(("text", "shot"), [
    (SOURCE, "preview.png"), (BROKEN, "preview-error.png")])
def test_screenshots(spec: Path, server: PreviewServer, text: str, shot: str,
                     tmp_path: Path, request: pytest.FixtureRequest) -> None:
    which("chromium", "chromium-browser")
    fetch(server, "/")  # the good version first: with an error, the page keeps showing it
    spec.write_text(text, encoding="utf-8")
    picture = tmp_path / shot
    chromium("--window-size=1280,900", "--virtual-time-budget=2000",
             f"--screenshot={picture}", server.url)
    assert picture.stat().st_size > 10_000
    if request.config.getoption("--update-goldens"):
        shutil.copy(picture, ROOT / "docs" / "images" / shot)
