"""The Monitoring page shows rules the Prometheus target really writes for its bindings."""

from __future__ import annotations

import re
from pathlib import Path

import sladsl
from sladsl.compile import compile_spec
from sladsl.evaluate.bindings import load_bindings

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "monitoring.md"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)


def test_the_rules_shown_are_the_rules_written(tmp_path: Path) -> None:
    bindings = next(b for b in _blocks("toml") if "[prometheus.services." in b)
    (tmp_path / "bindings.toml").write_text(bindings, encoding="utf-8")
    text = compile_spec(sladsl.load(ROOT / "specs" / "cloud-platform.sla"), "prometheus",
                        load_bindings(tmp_path / "bindings.toml"))
    lines = text.splitlines()
    shown = [b for b in _blocks("yaml") if "record:" in b]
    assert shown
    for block in shown:
        at = 0
        for line in block.splitlines():
            assert line in lines[at:], f"not in the generated rules (in order): {line}"
            at = lines.index(line, at) + 1


def test_the_alert_names_in_the_table_exist() -> None:
    text = compile_spec(sladsl.load(ROOT / "specs" / "cloud-platform.sla"), "prometheus")
    for name in set(re.findall(r"`(SlaComputeApi\w+)`", PAGE.read_text(encoding="utf-8"))):
        assert f'alert: "{name}"' in text, name


def test_the_comment_shown_is_the_comment_written() -> None:
    text = compile_spec(sladsl.load(ROOT / "specs" / "cloud-platform.sla"), "prometheus")
    shown = [b for b in _blocks("text") if "exclusions not applied" in b]
    assert shown
    for block in shown:
        assert block.strip() in text
