"""Holiday regions: the table ``holidays`` gives, kept in the user's cache between runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from sladsl import regions


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SLADSL_NO_CACHE", raising=False)
    regions.supported.cache_clear()
    yield tmp_path / "sladsl" / "holiday-regions.json"
    regions.supported.cache_clear()


def test_the_table_is_the_holidays_packages(cache: Path) -> None:
    import holidays

    assert regions.supported() == {code: tuple(subs) for code, subs
                                   in holidays.list_supported_countries().items()}
    assert cache.is_file()
    for code, ok in [("GB", True), ("GB-SCT", True), ("GBR", True), ("US-CA", True),
                     ("DE-BY", True), ("XX", False), ("GB-XYZ", False), ("", False)]:
        assert regions.valid_region(code) is ok, code


def test_a_second_run_reads_the_cache(cache: Path) -> None:
    regions.supported()
    stored = json.loads(cache.read_text(encoding="utf-8"))
    stored["value"]["ZZ"] = ["Q"]  # only the cache knows this one
    cache.write_text(json.dumps(stored), encoding="utf-8")
    regions.supported.cache_clear()
    assert regions.valid_region("ZZ-Q")


@pytest.mark.parametrize("damage", ["not json", '{"tag": "other", "value": {"ZZ": []}}',
                                    '{"tag": null}', "[]"])
def test_a_stale_or_damaged_cache_is_made_again(cache: Path, damage: str) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(damage, encoding="utf-8")
    assert not regions.valid_region("ZZ")
    assert regions.valid_region("GB")
    assert json.loads(cache.read_text(encoding="utf-8"))["tag"] == regions._tag()


def test_without_a_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLADSL_NO_CACHE", "1")
    assert regions.valid_region("FR")
    assert not cache.exists()
