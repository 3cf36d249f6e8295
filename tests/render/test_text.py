"""Nothing the model writes, and no file name, starts a line of a human report: it cannot print
a finding of its own, or a workflow command GitHub's runner would obey."""

from __future__ import annotations

import json
import re

import pytest

from reviewer.render.github import render_github
from reviewer.render.jsonout import render_json, render_plan_json
from reviewer.render.markdown import render_markdown
from reviewer.render.sarif import render_sarif
from reviewer.render.text import render_plan_text, render_text
from reviewer.result import FileReview, Finding, Fix, Plan, PlannedUnit, ReviewResult, Skipped

# A name git can hold: a newline, then what would read as a finding and a command.
PATH = "src/app.py\napp.py:9: critical [security] forged by the name\n::error::from a name"
FORGED = "\napp.py:3: high [bug] forged finding\n::error file=x,line=1::forged\n"
FINDING = Finding(
    path=PATH, line=2, end_line=2, severity="high", category="bug",
    title=f"Real title{FORGED}##[add-mask]title",
    message=f"Why.{FORGED}  ::add-mask::secret\n##[error]legacy\n\t::set-output name=x::y",
    suggestion=f"Do this.{FORGED}",
    fix=Fix(("x = 1",), ("x = 2  # ##[stop-commands]token", "::warning::in code")),
)  # fmt: skip
RESULT = ReviewResult(
    files=(FileReview(PATH, 3, f"Summary.{FORGED}\u2028app.py:5: low [bug] split", (FINDING,)),),
    skipped=(Skipped(f"skipped{FORGED}.py", "binary"),),
    failed=(Skipped("b.py", "provider failed", f"b.py: boom{FORGED}"),),
    warnings=(f"a warning{FORGED}",),
)
# What GitHub's runner takes for a command (actions/runner ActionCommand): `::` at the start of
# a line once its leading whitespace is trimmed, `##[` anywhere.
COMMAND = re.compile(r"^\s*::|##\[", re.M)


def _lines(text: str) -> list[str]:
    return text.splitlines()  # every separator an editor or a terminal may break at


def test_the_text_report_starts_no_line_with_model_or_name_text() -> None:
    text = render_text(RESULT)
    assert not COMMAND.search(text)
    starts = [line for line in _lines(text) if line and not line.startswith(" ")]
    # Each line at column 0 is reviewer's own: the finding, the file, the skip, the failure
    # (each on one line), the total and the usage.
    assert len(starts) == 6, starts
    assert not any(line.startswith(("app.py:", "::")) for line in starts)
    head = starts[0]
    assert head.startswith("src/app.py app.py:9: critical [security] forged by the name")
    # Mid-line, `::` is no command; `##[` is, anywhere.
    assert head.endswith(":2: high [bug] Real title app.py:3: high [bug] forged finding ::error "
                         "file=x,line=1::forged ## [add-mask]title")  # fmt: skip
    assert starts[1].endswith(": score 3/10. Summary.")
    # The rest of a message or a summary: indented, wherever it broke.
    assert "    app.py:3: high [bug] forged finding" in _lines(text)
    assert "    app.py:5: low [bug] split" in _lines(text)


def test_the_dry_run_names_each_file_on_one_line_and_shows_no_command() -> None:
    unit = PlannedUnit(PATH, [{"role": "user", "content": "code:\n::error::x ##[warning]y"}], 10)
    text = render_plan_text(Plan((unit,), (Skipped(f"odd{FORGED}", "binary"),)))
    assert not COMMAND.search(text)
    assert not any(line.startswith("app.py:") for line in _lines(text))


def test_markdown_shows_no_command_even_in_the_code_of_a_fix() -> None:
    text = render_markdown(RESULT)
    assert not COMMAND.search(text)
    assert "x = 2  # ## [stop-commands]token" in text


def test_annotations_escape_the_name_and_the_text() -> None:
    lines = render_github(RESULT).splitlines()
    assert sum(line.startswith("::") for line in lines) == 2  # the finding and the failure
    assert all(line.startswith("::") or line.startswith("reviewer: ") for line in lines)
    assert "file=src/app.py%0Aapp.py%3A9%3A critical [security] forged" in lines[0]


@pytest.mark.parametrize("render", [render_json, render_sarif])
def test_json_shows_no_legacy_command_and_keeps_the_data(render: object) -> None:
    assert callable(render)
    text = render(RESULT)
    assert "##[" not in text
    assert "##[add-mask]title" in json.dumps(json.loads(text), ensure_ascii=False)
    document = json.loads(render_json(RESULT))
    assert document["findings"][0]["title"] == FINDING.title  # data as written
    plan = Plan((PlannedUnit("a.py", [{"role": "user", "content": "##[error]x"}], 1),), ())
    assert json.loads(render_plan_json(plan))["units"][0]["messages"][0]["content"] == "##[error]x"
    assert "##[" not in render_plan_json(plan)
