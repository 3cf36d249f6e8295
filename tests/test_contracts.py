"""The copies in tests/contracts are the shared reference data, unchanged, and each is named in
SOURCES.md with its origin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CONTRACTS

SHARED = Path(__file__).resolve().parents[2] / "shared" / "refdata"
COPIES = sorted(p.relative_to(CONTRACTS) for p in CONTRACTS.rglob("*.json"))


def test_every_copy_is_json_and_has_its_source_named() -> None:
    sources = (CONTRACTS / "SOURCES.md").read_text(encoding="utf-8")
    assert len(COPIES) >= 15
    for copy in COPIES:
        json.loads((CONTRACTS / copy).read_text(encoding="utf-8"))
        assert copy.name.split(".")[0] in sources, copy


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/refdata is not beside this checkout")
def test_the_copies_equal_the_shared_reference_data() -> None:
    originals = sorted(p.relative_to(SHARED) for p in SHARED.rglob("*.json"))
    assert originals == COPIES
    for copy in COPIES:
        assert (CONTRACTS / copy).read_bytes() == (SHARED / copy).read_bytes(), copy
