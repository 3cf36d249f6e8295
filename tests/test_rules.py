"""Rules by path (`[[rules]]`): each file gets the instructions and noise controls of the rules
that match it, merged in order; `--dry-run` shows which applied to which file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from reviewer.rules import NITPICKS_ON, PathRule, applied
from reviewer.trust.noise import NoiseRules
from tests.conftest import Run
from tests.fakeapi import FakeAPI, Reply, Request, chat, issue, review_json
from tests.gitrepo import GitRepo

RULES = """
[[rules]]
paths = ["migrations/"]
instructions = "Migrations must be reversible: every upgrade needs a downgrade."
min_severity = "high"

[[rules]]
paths = ["src/**/*.py"]
instructions = "Public functions need type hints."
exclude_categories = ["style"]

[[rules]]
paths = ["src/legacy/"]
instructions = "Legacy code: report only what breaks."
categories = ["bug", "security"]
"""


def test_rules_match_by_gitignore_patterns_and_merge_in_order() -> None:
    rules = [
        PathRule(paths=["src/"], instructions="A.", min_severity="low", nitpicks=True),
        PathRule(paths=["*.py", "!tests/**"], instructions="B.", min_severity="high"),
    ]
    found = applied("src/app.py", rules, NoiseRules(), nitpicks=False)
    assert found.names == ("1: src/", "2: *.py, !tests/**")
    assert found.guidance == f"A.\n\nB.\n\n{NITPICKS_ON}"
    assert found.noise.min_severity == "high"  # the last rule that sets it
    assert applied("tests/test_app.py", rules, NoiseRules(), False).names == ()
    assert applied("docs/x.md", rules, NoiseRules(), False).guidance == ""


def change(repo: GitRepo) -> None:
    for name in ("migrations/0002_add.py", "src/app.py", "src/legacy/old.py"):
        repo.write(name, "def f(x):\n    return x\n")
    repo.commit("base")
    for name in ("migrations/0002_add.py", "src/app.py", "src/legacy/old.py"):
        repo.write(name, "def f(x):\n    return x  # TODO\n")
    repo.stage(".")


def test_a_change_gets_each_paths_rules_visible_in_the_dry_run(
    cli: Callable[..., Run], repo: GitRepo
) -> None:
    change(repo)
    Path(".reviewer.toml").write_text(RULES)
    text = cli("--staged", "--dry-run").stdout
    assert "rules by path: migrations/0002_add.py: 1: migrations/" in text
    assert "rules by path: src/app.py: 2: src/**/*.py" in text
    assert "rules by path: src/legacy/old.py: 3: src/legacy/" in text
    plan = json.loads(cli("--staged", "--dry-run", "--format", "json").stdout)
    prompts = {u["path"]: u["messages"][1]["content"] for u in plan["units"]}
    assert "Migrations must be reversible" in prompts["migrations/0002_add.py"]
    assert "type hints" not in prompts["migrations/0002_add.py"]
    assert (
        "type hints" in prompts["src/legacy/old.py"]
        and "only what breaks" in (prompts["src/legacy/old.py"])
    )
    assert plan["units"][0]["rules"] == ["migrations/0002_add.py: 1: migrations/"]
    # The system prompt stays the same for every file: the providers' caches keep working.
    assert len({u["messages"][0]["content"] for u in plan["units"]}) == 1
    packed = json.loads(cli("--staged", "--dry-run", "--format", "json",
                            env={"REVIEWER_PACK_TOKENS": "6000"}).stdout)  # fmt: skip
    [pack] = packed["units"]
    # The guidance follows its file's code, before the next file's name.
    block = pack["messages"][1]["content"].split(">migrations/0002_add.py</path-")[1]
    block = block.split("<path-")[0]
    assert "the maintainers also ask:" in block and "Migrations must be reversible" in block
    assert len(pack["rules"]) == 4  # legacy/old.py: rules 2 and 3


def test_each_file_keeps_the_findings_its_rules_allow(
    cli: Callable[..., Run], fake: FakeAPI, repo: GitRepo
) -> None:
    change(repo)
    Path(".reviewer.toml").write_text(RULES)

    def model(request: Request) -> Reply:
        found = [
            issue(2, "A leftover TODO", severity="medium", category="maintainability",
                  quote="return x  # TODO"),
            issue(2, "Comment style", severity="low", category="style", quote="# TODO"),
        ]  # fmt: skip
        return chat(review_json(6, "Checked.", found))

    fake.responder = model
    document = json.loads(cli("--staged", "--format", "json").stdout)
    kept = sorted((f["path"], f["title"]) for f in document["findings"])
    assert kept == [("src/app.py", "A leftover TODO")]  # migrations: high only; legacy: bugs


def test_a_rule_with_an_unknown_key_names_it(cli: Callable[..., Run]) -> None:
    Path("app.py").write_text("x = 1\n")
    Path(".reviewer.toml").write_text('[[rules]]\npaths = ["src/"]\nseverity = "high"\n')
    done = cli("app.py", "--dry-run")
    assert done.exit_code == 2 and "unknown key 'severity' in rules[1]" in done.stderr
    Path(".reviewer.toml").unlink()
    Path("pyproject.toml").write_text("[[tool.reviewer.rules]]\npaths = []\n")
    done = cli("app.py", "--dry-run")
    assert done.exit_code == 2 and "rules[1].paths" in done.stderr
