"""The published site in a real browser: headless Chromium loads an agreement page and its
evaluation report from a local server, with no console errors and no dangling clause links.

Screenshots go to a temporary folder; ``pytest --update-goldens`` also copies them into
``docs/images/`` for the docs. Without Chromium they skip locally and fail under CI
(``.ci/run`` installs Debian's ``chromium``).
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from components import missing

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(autouse=True)
def _needs_chromium() -> None:
    if CHROMIUM is None:
        missing("chromium", "install Debian's chromium package")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("mkdocs")
    out = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    # A standalone evaluation report page beside the site, as `sladsl demo` writes it.
    subprocess.run([sys.executable, "-m", "sladsl", "demo", "-o", str(out / "demo")],
                   cwd=ROOT, check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return None


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tempfile.mkdtemp(prefix="chromium-")
    try:
        return subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
             "--hide-scrollbars", *args],
            capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.fragments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name == "href" and value and value.startswith("#") and len(value) > 1:
                self.fragments.append(value[1:])


def console_messages(stderr: str) -> list[str]:
    # mkdocs' own search worker logs one progress line when it starts in time to be seen
    # (it depends on the machine's load); it is not an error of the page.
    return [m for m in re.findall(r":CONSOLE[^\]]*\] (.*)", stderr)
            if not ("building Lunr index" in m and "/search/worker.js" in m)]


@pytest.mark.parametrize(("page", "must_have", "shot"), [
    ("agreements/cloud-platform/", "objective-", "site-agreement.png"),
    ("demo/report.html", "period-", "site-report.png"),
])
def test_page_loads_cleanly_with_resolving_clause_links(
        server: str, page: str, must_have: str, shot: str, tmp_path: Path,
        request: pytest.FixtureRequest) -> None:
    url = f"{server}/{page}"
    dom = chromium("--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert console_messages(dom.stderr) == []
    links = _Links()
    links.feed(dom.stdout)
    assert any(i.startswith(must_have) for i in links.ids), dom.stdout[:300]
    dangling = sorted({f for f in links.fragments if f not in links.ids})
    assert dangling == [], f"links to missing anchors: {dangling[:10]}"
    picture = tmp_path / shot
    done = chromium("--window-size=1280,1600", f"--screenshot={picture}", url)
    assert done.returncode == 0 and picture.stat().st_size > 10_000, done.stderr[-2000:]
    if request.config.getoption("--update-goldens"):
        shutil.copy(picture, ROOT / "docs" / "images" / shot)


def test_report_cites_clauses_that_exist_on_the_page(server: str) -> None:
    dom = chromium("--dump-dom", f"{server}/agreements/cloud-platform/")
    links = _Links()
    links.feed(dom.stdout)
    report = dom.stdout[dom.stdout.index('id="evaluation-report"'):]
    cited = set(re.findall(r'href="#([^"]+)"', report))
    assert cited, "the report links to no clause"
    assert cited <= links.ids


def test_standalone_report_links_resolve_in_the_rendered_contract(server: str) -> None:
    report = chromium("--dump-dom", f"{server}/demo/report.html").stdout
    targets = set(re.findall(r'href="contract\.html#([^"]+)"', report))
    assert targets, "the report links to no clause of the contract"
    contract = _Links()
    contract.feed(chromium("--dump-dom", f"{server}/demo/contract.html").stdout)
    assert targets <= contract.ids, sorted(targets - contract.ids)
