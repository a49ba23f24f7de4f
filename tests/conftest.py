"""Shared test fixtures: golden files with an ``--update-goldens`` switch."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SPECS = sorted((ROOT / "specs").glob("*.sla"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite golden files with the current output instead of comparing")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str | bytes], None]:
    """``golden("render/cloud.html", text)`` compares with tests/golden/render/cloud.html."""
    update = request.config.getoption("--update-goldens")

    def check(relative: str, actual: str | bytes) -> None:
        path = GOLDEN / relative
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
            if not update:
                pytest.fail(f"golden file {relative} was missing and has been written; "
                            "check it in and run again")
            return
        expected = path.read_bytes()
        if expected != data:
            diff = "".join(difflib.unified_diff(
                expected.decode("utf-8", "replace").splitlines(True),
                data.decode("utf-8", "replace").splitlines(True),
                fromfile=f"golden/{relative}", tofile="actual", n=2))
            pytest.fail(f"output differs from golden/{relative}:\n{diff[:6000]}\n"
                        f"accept with: pytest {request.node.nodeid} --update-goldens")

    return check


# The real engines (a throw-away PostgreSQL cluster, one local Spark session), shared by every
# test that needs them.
from engines_fixtures import pg_dsn, spark_session  # noqa: E402,F401

# The language-server client of the LSP tests (`sladsl lsp` over stdio).
from lsp_fixtures import client  # noqa: E402,F401
