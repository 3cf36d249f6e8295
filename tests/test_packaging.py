"""The built wheel carries its templates and runs from outside the repository; lint and types."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import API_KEY, SAMPLE
from tests.fakeapi import FakeAPI, chat, issue, review_json

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-c", "import sys; from hatchling.build import build_wheel; "
         "print(build_wheel(sys.argv[1]))", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return out / built.stdout.strip().splitlines()[-1]


def test_the_wheel_ships_the_templates_inside_the_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(name for name in names if name.startswith("reviewer/prompts/"))
    assert shipped == sorted(f"reviewer/prompts/{p.name}" for p in (ROOT / "prompts").glob("*.j2"))
    assert not any(name.startswith(("tests/", "prompts/")) for name in names)
    # And the compiled message catalogues, which gettext reads at run time.
    catalogues = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "reviewer").rglob("*.mo"))
    assert catalogues and set(catalogues) <= set(names)


def test_the_installed_package_reviews_from_anywhere(
    wheel: Path, tmp_path: Path, fake: FakeAPI
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "app.py").write_text(SAMPLE)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPENAI_", "REVIEWER_"))
    }
    env |= {"PYTHONPATH": str(site), "OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": fake.url}
    where = "from reviewer.model import prompts; print(prompts.builtin_prompts_dir())"
    locate = subprocess.run(
        [sys.executable, "-c", where],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert Path(locate.stdout.strip()) == site / "reviewer" / "prompts"

    fake.add(chat(review_json(4, "x", [issue(2)])))
    run = subprocess.run(
        [sys.executable, "-m", "reviewer", "app.py", "--format", "json"],
        cwd=elsewhere, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert json.loads(run.stdout)["findings"][0]["line"] == 2


def test_expected_failures_print_one_line_and_no_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "REVIEWER_"))}
    (tmp_path / "app.py").write_text(SAMPLE)
    run = subprocess.run(
        [sys.executable, "-m", "reviewer", "app.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 2
    assert run.stderr.startswith("error: no API key") and run.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", "--no-cache", "."], ["ruff", "format", "--check", "--no-cache", "."],
     ["mypy", "--strict", "reviewer"], ["mypy", "tests"]],
    ids=" ".join,
)  # fmt: skip
def test_linters_and_type_checks_are_clean(command: list[str]) -> None:
    run = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
