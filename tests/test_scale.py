"""At any size: parallel requests within --jobs, a stable order, the cache, the request budget
with line numbers kept, context-length errors split, coverage and cost. No test here times."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer.model.tokens import estimate_tokens
from reviewer.source.chunking import halves, split
from reviewer.source.diff import Hunk
from reviewer.source.unit import Unit
from reviewer.source.view import view_of
from tests.conftest import Run
from tests.fakeapi import FakeAPI, chat, error, issue, review_json

Cli = Callable[..., Run]
CLEAN = review_json(9, "Fine.")


def files(count: int) -> list[str]:
    names = [f"m{n:02d}.py" for n in range(count)]
    for number, name in enumerate(names):
        Path(name).write_text(f"def f{number}(x):\n    return x + {number}\n")
    return names


def test_requests_in_flight_never_exceed_jobs_and_the_order_is_stable(
    cli: Cli, fake: FakeAPI
) -> None:
    names = files(12)
    rng = random.Random(7)
    for _ in names:
        reply = chat(CLEAN)
        reply.delay = rng.choice([0.0, 0.05, 0.15])  # finish in a shuffled order
        fake.add(reply)
    run = cli(*names, "--jobs", "3", "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert fake.max_in_flight <= 3
    assert [f["path"] for f in json.loads(run.stdout)["files"]] == names


def test_a_cached_run_sends_nothing_and_says_so(cli: Cli, fake: FakeAPI) -> None:
    names = files(3)
    fake.add(*[chat(review_json(5, "Hm.", [issue(2, "Odd")])) for _ in names])
    first = json.loads(cli(*names, "--format", "json").stdout)
    assert len(fake.chat_requests) == 3
    again = cli(*names, "--format", "json")
    second = json.loads(again.stdout)
    assert len(fake.chat_requests) == 3  # nothing more was sent
    assert second["usage"]["requests"] == 0 and second["usage"]["cached"] == 3
    assert second["findings"] == first["findings"] and again.exit_code == 1
    text = cli(*names).stdout
    assert "0 requests; 3 from the cache" in text
    Path(names[0]).write_text("def f0(x):\n    return x - 1\n")  # a changed file is asked anew
    fake.add(chat(CLEAN))
    assert json.loads(cli(*names, "--format", "json").stdout)["usage"]["requests"] == 1


def test_no_cache_neither_reads_nor_keeps(cli: Cli, fake: FakeAPI) -> None:
    names = files(1)
    fake.add(chat(CLEAN), chat(CLEAN), chat(CLEAN))
    cli(*names, "--no-cache")
    cli(*names)
    cli(*names, "--no-cache")
    assert len(fake.chat_requests) == 3


def test_no_request_exceeds_the_budget_and_line_numbers_stay_the_files(
    cli: Cli, fake: FakeAPI
) -> None:
    body = "".join(
        f"def function_{n}(values):\n    total = sum(values) * {n}\n    return total\n\n\n"
        for n in range(150)
    )
    Path("big.py").write_text(body)  # 750 lines, about 18,000 characters
    late = issue(697, "Late bug", quote="total = sum(values) * 139")  # only in one part
    fake.default = chat(review_json(6, "Part.", [late]))
    run = cli("big.py", "--format", "json", env={"REVIEWER_REQUEST_TOKENS": "2000"})
    document = json.loads(run.stdout)
    requests = fake.chat_requests
    assert len(requests) > 2
    sizes = [estimate_tokens(r.messages) for r in requests]
    assert max(sizes) <= 2000, sizes
    assert document["usage"]["largest_request_tokens"] <= 2000
    # Every part is numbered by the file's own lines; line 697 is reported once, where it is.
    assert [f["line"] for f in document["findings"]] == [697]
    assert document["coverage"] == {"lines": 750, "of": 750}
    numbered = [r.messages[1]["content"] for r in requests]
    assert sum("697 |     total = sum(values) * 139" in text for text in numbered) == 1


def test_a_context_length_error_splits_the_unit_and_succeeds(cli: Cli, fake: FakeAPI) -> None:
    Path("long.py").write_text("".join(f"x{n} = {n}\n" for n in range(400)))
    too_long = error(
        400,
        "This model's maximum context length is 8192 tokens. However, your messages resulted "
        "in 9000 tokens. Please reduce the length of the messages.",
        code="context_length_exceeded",
    )
    fake.add(too_long, chat(CLEAN), chat(review_json(7, "Second half.", [issue(350, "Bug")])))
    run = cli("long.py", "--format", "json")
    document = json.loads(run.stdout)
    assert run.exit_code == 1, run.stderr
    assert len(fake.chat_requests) == 3
    first, second = (r.messages[1]["content"] for r in fake.chat_requests[1:])
    assert "  1 | x0 = 0" in first and "400 | x399 = 399" in second
    assert [f["line"] for f in document["findings"]] == [350]
    assert document["files"][0]["score"] == 7
    assert document["coverage"] == {"lines": 400, "of": 400}


def test_a_line_too_long_for_any_request_is_listed_not_lost(cli: Cli, fake: FakeAPI) -> None:
    Path("min.js").write_text("var a = 1;\n" + "x" * 30_000 + "\nvar b = 2;\n")
    fake.default = chat(CLEAN)
    run = cli("min.js", "--format", "json", env={"REVIEWER_REQUEST_TOKENS": "2000"})
    document = json.loads(run.stdout)
    detail = "line 2 is over the 2,000-token request budget"
    assert {"path": "min.js", "reason": "too large", "detail": detail} in document["skipped"]
    assert document["coverage"] == {"lines": 2, "of": 3}
    assert (
        "covered 2 of 3 lines (66%)"
        in cli("min.js", env={"REVIEWER_REQUEST_TOKENS": "2000"}).stdout
    )


def test_cost_uses_the_price_table_and_the_configs_prices(cli: Cli, fake: FakeAPI) -> None:
    files(1)
    # Prices are the operator's: a repository's own could hide what a run costs.
    operator = Path("..", "operator.toml")
    operator.write_text('model = "house-model"\n[prices]\nhouse-model = [2.0, 10.0]\n')
    fake.add(chat(CLEAN, prompt_tokens=1_000_000, completion_tokens=100_000))
    run = cli("m00.py", "--format", "json", "--config", str(operator))
    assert json.loads(run.stdout)["usage"]["cost_usd"] == 3.0


def test_a_failed_unit_among_parallel_ones_is_exit_3(cli: Cli, fake: FakeAPI) -> None:
    names = files(4)
    fake.add(chat(CLEAN), error(401, "bad key"), chat(CLEAN), chat(CLEAN))
    run = cli(*names, "--jobs", "4")
    assert run.exit_code == 3
    assert "401" in run.stderr


# ---- the splitting itself, pure


def _fits_lines(limit: int) -> Callable[[Unit], bool]:
    def fits(unit: Unit) -> bool:
        if unit.change is not None:
            return len(unit.change.shown) <= limit
        first, last = unit.span
        return last - first + 1 <= limit

    return fits


def test_a_whole_file_splits_between_top_level_blocks() -> None:
    lines = tuple("".join(f"def f{n}():\n    return {n}\n\n" for n in range(10)).splitlines())
    parts, gaps = split(Unit("a.py", lines), _fits_lines(7))
    assert gaps == []
    spans = [part.span for part in parts]
    assert spans == [(1, 6), (7, 12), (13, 18), (19, 24), (25, 30)]  # two blocks of 3 lines each


def test_a_huge_added_hunk_is_cut_and_every_added_line_is_covered() -> None:
    lines = tuple(f"line {n}" for n in range(1, 501))
    unit = Unit("new.py", lines, view_of(lines, (Hunk(0, 0, 1, 500),), 20))
    parts, gaps = split(unit, _fits_lines(120))
    assert gaps == []
    covered = sorted(n for part in parts for n in part.change.added)  # type: ignore[union-attr]
    assert covered == list(range(1, 501))
    assert all(len(part.change.shown) <= 120 for part in parts)  # type: ignore[union-attr]


def test_hunks_are_packed_together_while_they_fit() -> None:
    lines = tuple(f"line {n}" for n in range(1, 201))
    hunks = tuple(Hunk(n, 1, n, 1, (f"old {n}",)) for n in (10, 20, 100, 150, 190))
    # Each hunk shows 7 lines (3 of context either side): two fit in 16 lines, three do not.
    parts, _ = split(Unit("a.py", lines, view_of(lines, hunks, 3)), _fits_lines(16))
    assert [len(p.change.hunks) for p in parts] == [2, 2, 1]  # type: ignore[union-attr]


@pytest.mark.parametrize("change", [False, True])
def test_halves_cover_the_unit(change: bool) -> None:
    lines = tuple(f"line {n}" for n in range(1, 41))
    view = view_of(lines, (Hunk(0, 0, 1, 40),), 0) if change else None
    first, second = halves(Unit("a.py", lines, view)) or []
    if change:
        assert first.change and second.change
        assert sorted(first.change.added | second.change.added) == list(range(1, 41))
    else:
        assert (first.span, second.span) == ((1, 20), (21, 40))
    assert halves(Unit("a.py", ("one",))) is None
