"""The copies in tests/contracts are the external contracts as published: each is named in
SOURCES.md, each matches the checksum recorded when it was copied, and, where the shared
reference data sits beside the checkout, each still equals the original there."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.conftest import CONTRACTS

SHARED = Path(__file__).resolve().parents[2] / "shared" / "refdata"
COPIES = sorted(p.relative_to(CONTRACTS).as_posix() for p in CONTRACTS.rglob("*.json"))


def _sums() -> dict[str, str]:
    """`sha256sum` output, recorded when the copies were made: path -> digest."""
    lines = (CONTRACTS / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, name in (line.split(maxsplit=1) for line in lines)}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_copy_is_json_and_has_its_source_named() -> None:
    sources = (CONTRACTS / "SOURCES.md").read_text(encoding="utf-8")
    assert len(COPIES) >= 15
    for copy in COPIES:
        json.loads((CONTRACTS / copy).read_text(encoding="utf-8"))
        assert Path(copy).name.split(".")[0] in sources, copy


def test_the_copies_are_unchanged_since_they_were_copied() -> None:
    sums = _sums()
    assert sorted(sums) == COPIES
    for copy in COPIES:
        assert _digest(CONTRACTS / copy) == sums[copy], f"{copy} was edited; copy it afresh"
    if SHARED.is_dir():
        # The originals beside the checkout: a newer one means the copy here is stale.
        originals = sorted(p.relative_to(SHARED).as_posix() for p in SHARED.rglob("*.json"))
        assert originals == COPIES
        for copy in COPIES:
            assert _digest(SHARED / copy) == sums[copy], f"{copy} changed in ../shared"
