"""Semantic checks (placeholder, being written)."""
from __future__ import annotations

from .errors import Diagnostic
from .model import Spec


def check(spec: Spec) -> list[Diagnostic]:
    return []
