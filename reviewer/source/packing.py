"""Small units of several files sharing one request (`pack_tokens`): most pull requests are many
small changes, and each request repeats the system prompt. Pure."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reviewer.source.unit import Unit

Batch = tuple[Unit, ...]  # what one request reviews: one unit, or a pack of small ones

# A sensible default, from bench/packing.py: 20 one-line changes fit one request with room to
# spare, and a request stays small enough for a model to give each file its attention.
PACK_TOKENS = 6000


def batches(
    units: Sequence[Unit], own: Callable[[Unit], int], shared: int, budget: int
) -> list[Batch]:
    """The units in requests: in their order, each small one (its request at most half the
    budget, and not a part of a larger file) packed with the ones after it while the pack's
    estimate stays within `budget` and no file appears twice; every other unit alone. `own` is a
    unit's part of a request in tokens, `shared` what every request repeats (the system
    prompt). A budget of 0 packs nothing."""
    out: list[Batch] = []
    pack: list[Unit] = []
    used = shared
    for unit in units:
        size = own(unit)
        if budget <= 0 or unit.window is not None or shared + size > budget // 2:
            out.append((unit,))
            continue
        if pack and (used + size > budget or any(u.path == unit.path for u in pack)):
            out.append(tuple(pack))
            pack, used = [], shared
        pack.append(unit)
        used += size
    if pack:
        out.append(tuple(pack))
    return out
