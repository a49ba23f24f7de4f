"""Real components the tests need (promtool, PostgreSQL, Spark, Chromium, Node.js).

A test that needs a component that is not on this machine skips locally, saying why; under CI
(``CI=true``) it fails instead, because ``.ci/run`` installs every component and a skip there
would hide a broken installation.
"""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing(component: str, why: str) -> NoReturn:
    """Skip (locally) or fail (under CI) a test whose component is not available."""
    message = f"{component} is not available: {why}"
    if under_ci():
        pytest.fail(f"{message} (CI installs it; see .ci/run)", pytrace=False)
    pytest.skip(message)


def which(program: str, *alternatives: str) -> str:
    """The path of a program on PATH (or of the first alternative found), else skip/fail."""
    for name in (program, *alternatives):
        found = shutil.which(name)
        if found:
            return found
    missing(program, "not on PATH")
