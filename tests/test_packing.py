"""Packing (`pack_tokens`): small units of several files share one request; each issue names its
file, and grounding, filter modes, fingerprints and fixes work per file as before."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from reviewer.model.schema import PackIssue
from reviewer.source.packing import batches
from reviewer.source.unit import Unit
from reviewer.trust.anchoring import by_file
from tests.conftest import Run
from tests.fakeapi import FakeAPI, Reply, Request, chat, issue, review_json
from tests.gitrepo import GitRepo

BUG = "return x / 0"


def unit(path: str, lines: int = 3, window: tuple[int, int] | None = None) -> Unit:
    return Unit(path, tuple(f"x{n} = {n}" for n in range(lines)), window=window)


def test_small_units_share_requests_up_to_the_budget_and_large_ones_go_alone() -> None:
    units = [unit("a.py", 10), unit("b.py", 10), unit("big.py", 400), unit("c.py", 10),
             unit("part.py", 10, window=(1, 10)), unit("d.py", 10)]  # fmt: skip
    found = batches(units, lambda u: len(u.lines), 20, 60)
    # Alone: the large file and the part of one, at once; the small ones while the pack fits.
    assert [[u.path for u in b] for b in found] == [
        ["big.py"],
        ["part.py"],
        ["a.py", "b.py", "c.py", "d.py"],
    ]
    assert [len(b) for b in batches(units, lambda u: len(u.lines), 14, 48)] == [1, 1, 3, 1]
    assert all(len({u.path for u in b}) == len(b) for b in found)  # a file never twice
    assert sum(len(b) for b in found) == len(units)
    assert batches(units, lambda u: len(u.lines), 20, 0) == [(u,) for u in units]


def test_a_packed_issue_goes_to_the_file_it_names_or_whose_code_it_quotes() -> None:
    units = [Unit("src/a.py", ("x = 1", BUG)), Unit("lib/b.py", ("y = 2",))]

    def named(path: str, quote: str = "") -> PackIssue:
        return PackIssue(path=path, line=1, severity="high", category="bug", title="t",
                         message="m", quote=quote)  # fmt: skip

    issues = [named("src/a.py"), named("./lib/b.py"), named("`b.py`"), named("a.py"),
              named("elsewhere.py", BUG), named("elsewhere.py", "nowhere")]  # fmt: skip
    found, dropped = by_file(issues, units)
    assert {path: len(items) for path, items in found.items()} == {"src/a.py": 3, "lib/b.py": 2}
    assert dropped == {"ungrounded": 1}


def packed_model(request: Request) -> Reply:
    """A model that reviews each file of the request on its own: `/ 0` is a finding on the
    line it is on, named by the file; packed requests get the pack's reply shape."""
    text = "\n".join(str(m.get("content")) for m in request.messages if m["role"] == "user")
    blocks = re.split(r"<path-[0-9a-f]{16}>(.*?)</path-[0-9a-f]{16}>", text)
    issues: list[dict[str, object]] = []
    files: list[dict[str, object]] = []
    scores = []
    for path, block in zip(blocks[1::2], blocks[2::2], strict=True):
        hit = re.search(rf"(?m)^\s*(\d+) \+\| +{re.escape(BUG)}$", block)
        if hit:
            found = issue(int(hit.group(1)), "Division by zero", quote=BUG)
            issues.append({**found, "path": path})
        scores.append(4 if hit else 9)
        files.append({"path": path, "score": scores[-1], "summary": f"{path} checked."})
    if len(files) == 1:
        return chat(review_json(scores[0], "Checked.", [
            {k: v for k, v in i.items() if k != "path"} for i in issues]))  # fmt: skip
    body = json.loads(review_json(4 if issues else 9, "Several files.", issues))
    return chat(json.dumps({**body, "files": files}))


def pull_request(repo: GitRepo, count: int) -> None:
    for n in range(count):
        repo.write(
            f"m{n:02d}.py", "".join(f"def f{i}(x):\n    return x + {i}\n" for i in range(30))
        )
    repo.commit("base")
    for n in range(count):
        path = repo.path / f"m{n:02d}.py"
        line = f"    return x + {n}\n"
        body = BUG if n % 4 == 0 else f"return x - {n}"
        path.write_text(path.read_text().replace(line, f"    {body}\n", 1))
    repo.stage(".")


def findings_of(done: Run) -> list[tuple[str, int, str]]:
    return [(f["path"], f["line"], f["title"]) for f in json.loads(done.stdout)["findings"]]


def test_twenty_small_changes_take_one_request_with_the_findings_of_twenty(
    cli: Callable[..., Run], fake: FakeAPI, repo: GitRepo
) -> None:
    pull_request(repo, 20)
    fake.responder = packed_model
    alone = cli("--staged", "--format", "json", "--no-cache")
    unpacked = list(fake.requests)
    packed = cli("--staged", "--format", "json", "--no-cache",
                 env={"REVIEWER_PACK_TOKENS": "6000"})  # fmt: skip
    together = fake.requests[len(unpacked) :]
    assert len(unpacked) == 20 and len(together) == 1
    assert findings_of(packed) == findings_of(alone) and len(findings_of(packed)) == 5
    assert json.loads(packed.stdout)["files"][1] == {
        "path": "m01.py",
        "score": 9,
        "summary": "m01.py checked.",
    }

    def size(requests: list[Request]) -> int:
        return sum(len(str(m["content"])) for r in requests for m in r.messages)

    assert size(together) < size(unpacked) / 3
    assert packed.exit_code == alone.exit_code == 1


def test_a_changed_file_resends_its_pack_and_nothing_else(
    cli: Callable[..., Run], fake: FakeAPI, repo: GitRepo
) -> None:
    pull_request(repo, 6)
    fake.responder = packed_model
    plan = json.loads(cli("--staged", "--dry-run", "--format", "json").stdout)
    single = plan["units"][0]["estimated_prompt_tokens"]
    env = {"REVIEWER_PACK_TOKENS": str(2 * single)}  # room for a few files a request
    cli("--staged", env=env)
    first = len(fake.requests)
    assert 1 < first < 6  # packed, in more than one request
    path = repo.path / "m05.py"
    path.write_text(path.read_text().replace("return x - 5", "return x - 55"))
    repo.stage("m05.py")
    cli("--staged", env=env)
    assert len(fake.requests) == first + 1  # the cache answers for the other packs
