"""Sharded audits: `--shard I/N` splits the selection into stable, balanced, disjoint parts
(GitLab's `parallel:` picks it by default), and `reviewer merge` joins the parts' JSON reports
into the report the unsharded run gives, in any format, with the same exit code."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from reviewer.cli_merge import merge_app
from reviewer.source.shards import Shard, in_shard, split
from tests.conftest import Run, assert_valid
from tests.fakeapi import FakeAPI, Reply, Request, chat, issue, review_json


@given(
    st.dictionaries(st.text(min_size=1, max_size=8), st.integers(0, 5000), max_size=60),
    st.integers(1, 9),
)
def test_shards_partition_the_selection_stably_and_in_balance(
    sizes: dict[str, int], count: int
) -> None:
    parts = [in_shard(sizes, Shard(n, count)) for n in range(1, count + 1)]
    assert set().union(*parts) == set(sizes)
    assert sum(len(part) for part in parts) == len(sizes)  # disjoint
    assert split(dict(reversed(list(sizes.items()))), count) == split(sizes, count)  # stable
    loads = [sum(max(1, sizes[p]) for p in part) for part in parts]
    assert max(loads) - min(loads) <= max((max(1, s) for s in sizes.values()), default=0)


def model(request: Request) -> Reply:
    """One finding in each file whose code has `/ 0`, wherever it is reviewed."""
    code = "\n".join(str(m.get("content")) for m in request.messages if m["role"] == "user")
    found = [issue(2, "Division by zero", quote="return x / 0")] if "return x / 0" in code else []
    return chat(review_json(4 if found else 9, "Checked.", found))


def folder() -> None:
    Path("src").mkdir()
    for n in range(9):
        body = "return x / 0" if n % 3 == 0 else f"return x + {n}"
        Path(f"src/m{n}.py").write_text(f"def f{n}(x):\n    {body}\n" + "# pad\n" * n)


def merge(*args: str) -> Run:
    done = CliRunner().invoke(merge_app, list(args))
    return Run(done.exit_code, done.stdout, done.stderr)


def test_merged_shards_give_the_unsharded_report_and_exit_code(
    cli: Callable[..., Run], fake: FakeAPI
) -> None:
    fake.responder = model
    folder()
    whole = cli("src", "--format", "json", "--no-cache")
    reports = []
    for n in (1, 2, 3):
        part = cli("src", "--format", "json", "--no-cache", "--shard", f"{n}/3")
        assert part.exit_code in (0, 1)
        Path(f"shard-{n}.json").write_text(part.stdout)
        reports.append(f"shard-{n}.json")
    shards = [json.loads(Path(name).read_text()) for name in reports]
    paths = [sorted(f["path"] for f in s["files"]) for s in shards]
    assert sorted(p for part in paths for p in part) == sorted(
        f["path"] for f in json.loads(whole.stdout)["files"]
    )
    assert all(part for part in paths)  # each shard has work
    joined = merge(*reports, "--format", "json")
    document, expected = json.loads(joined.stdout), json.loads(whole.stdout)
    assert document["findings"] == expected["findings"] and len(document["findings"]) == 3
    assert document["score"] == expected["score"]
    assert sorted(f["path"] for f in document["files"]) == sorted(
        f["path"] for f in expected["files"]
    )
    assert joined.exit_code == whole.exit_code == 1
    assert merge(*reports, "--fail-on", "never").exit_code == 0
    sarif = json.loads(merge(*reports, "--format", "sarif").stdout)
    assert_valid(sarif, "sarif-schema-2.1.0.oasis.json", {"version": "2.1.0"})
    assert "3 findings (3 high) in 9 files" in merge(*reports).stdout


def test_gitlab_parallel_jobs_pick_their_shard(cli: Callable[..., Run], fake: FakeAPI) -> None:
    fake.responder = model
    folder()
    env = {"GITLAB_CI": "true", "CI_NODE_INDEX": "2", "CI_NODE_TOTAL": "3"}
    by_env = json.loads(cli("src", "--format", "json", env=env).stdout)
    by_flag = json.loads(cli("src", "--format", "json", "--shard", "2/3").stdout)
    assert by_env["files"] == by_flag["files"] and len(by_env["files"]) == 3


def test_bad_shards_and_bad_reports_are_usage_errors(cli: Callable[..., Run]) -> None:
    folder()
    for shard in ("4/3", "0/3", "two"):
        done = cli("src", "--shard", shard)
        assert done.exit_code == 2 and "--shard" in done.stderr
    Path("plan.json").write_text(json.dumps({"version": 1, "dry_run": True, "units": []}))
    Path("text.txt").write_text("app.py:1: high\n")
    for name in ("plan.json", "text.txt", "missing.json"):
        done = merge(name)
        assert done.exit_code == 2 and name in done.stderr and "Traceback" not in done.stderr
    report = {"version": 1, "score": 9, "findings": [], "skipped": [], "usage": {},
              "files": [{"path": "a.py", "score": 9, "summary": ""}]}  # fmt: skip
    Path("a.json").write_text(json.dumps(report))
    done = merge("a.json", "a.json")
    assert done.exit_code == 2 and "a.py is in both" in done.stderr
