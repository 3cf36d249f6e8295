"""The spending cap (`--max-cost` / `max_cost`): checked on the estimate before anything is sent,
and on what was spent as requests finish; the dry run shows the estimate."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema

from tests.conftest import Run
from tests.fakeapi import FakeAPI, chat, review_json


def files(count: int) -> list[str]:
    names = [f"m{n}.py" for n in range(count)]
    for n, name in enumerate(names):
        Path(name).write_text(f"def f{n}(x):\n    return x + {n}\n")
    return names


def test_a_run_estimated_over_the_cap_sends_nothing_and_names_the_estimate(
    cli: Callable[..., Run], fake: FakeAPI
) -> None:
    done = cli(*files(3), "--max-cost", "0.0001")
    assert done.exit_code == 2 and not fake.requests
    assert "this run would cost about $0.00" in done.stderr and "3 requests" in done.stderr
    assert "over --max-cost $0.0001" in done.stderr


def test_a_cap_on_a_model_without_a_price_is_refused(
    cli: Callable[..., Run], fake: FakeAPI
) -> None:
    done = cli(*files(1), "--max-cost", "5", "--model", "my-own-model")
    assert done.exit_code == 2 and "needs the price of my-own-model" in done.stderr
    assert not fake.requests


def test_a_run_that_reaches_the_cap_stops_sending_and_lists_what_it_did_not_review(
    cli: Callable[..., Run], fake: FakeAPI
) -> None:
    # The first reply costs far more than estimated: 1,000,000 prompt tokens, $0.40.
    fake.add(chat(review_json(9), prompt_tokens=1_000_000))
    done = cli(*files(3), "--max-cost", "0.05", "--format", "json")
    document = json.loads(done.stdout)
    schema = json.loads((Path(__file__).parent / "schemas" / "output.schema.json").read_text())
    jsonschema.validate(document, schema)
    assert len(fake.requests) == 1
    assert [f["path"] for f in document["files"]] == ["m0.py"]
    assert [(f["path"], f["reason"]) for f in document["failed"]] == [
        ("m1.py", "over max_cost"),
        ("m2.py", "over max_cost"),
    ]
    assert "--max-cost" in document["failed"][0]["detail"]
    assert done.exit_code == 3  # a review with holes never passes for a whole one


def test_the_dry_run_shows_the_estimate_against_the_cap(cli: Callable[..., Run]) -> None:
    names = files(2)
    text = cli(*names, "--dry-run", "--max-cost", "1").stdout
    assert "Estimate: about $0.00" in text and "within --max-cost $1" in text
    document = json.loads(cli(*names, "--dry-run", "--format", "json", "--self-check").stdout)
    estimate = document["estimate"]
    assert estimate["requests"] == 4  # two reviews, two self-checks
    assert estimate["completion_tokens"] == 2000 and estimate["cost_usd"] > 0
