"""Following a pull request from push to push: the state a summary records and the threads that
may be resolved (platforms/followup.py), the findings that stand and those gone (trust/carry.py)."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from reviewer.platforms.followup import Earlier, is_fixed_thread, read_state, state_marker
from reviewer.result import FileReview, Finding, ReviewResult, Skipped, fingerprint
from reviewer.trust.carry import carry

HEAD = "c" * 40
CODE = ("def mean(xs):", "    total = sum(xs)", "    return total / len(xs)")


def finding(
    line: int, quote: str, title: str = "Division by zero", path: str = "app.py"
) -> Finding:
    return Finding(path, line, line, "high", "bug", title, "Empty lists crash.", quote=quote)


DIVIDE = finding(3, "return total / len(xs)")
SUM = finding(2, "total = sum(xs)", "Shadowed builtin", path="other.py")


def result(*reviews: FileReview, failed: tuple[Skipped, ...] = ()) -> ReviewResult:
    return ReviewResult(files=reviews, failed=failed, coverage=(1, 1))


def earlier_of(earlier: Earlier) -> tuple[tuple[Finding, ...], dict[str, int]]:
    return earlier.findings, dict(earlier.scores)


def test_the_state_records_the_head_and_the_findings_and_reads_back() -> None:
    marker = state_marker(HEAD, result(FileReview("app.py", 4, "", (DIVIDE,))))
    assert "-->" not in marker[:-3] and marker.startswith("<!-- reviewer:state ")
    earlier = read_state(f"## reviewer\n\ntext\n{marker}\n")
    assert earlier == Earlier(HEAD, (DIVIDE,), {"app.py": 4})


def test_a_state_edited_into_something_else_reads_as_none() -> None:
    import base64
    import json
    import zlib

    def marker(data: object) -> str:
        packed = base64.b64encode(zlib.compress(json.dumps(data).encode())).decode()
        return f"<!-- reviewer:state {packed} -->"

    good = {"path": "a.py", "line": 3, "end_line": 3, "severity": "high", "category": "bug",
            "title": "t", "message": "m", "quote": "q"}  # fmt: skip
    assert read_state(marker({"head": HEAD, "findings": [good]})) is not None
    for bad in (
        {"head": "--output=/tmp/x", "findings": []},  # never a revision git takes as an option
        {"head": HEAD, "findings": [{**good, "line": "3"}]},
        {"head": HEAD, "findings": [{**good, "end_line": 1}]},
        {"head": HEAD, "findings": [{**good, "severity": "blocker"}]},
        {"head": HEAD, "findings": [{**good, "title": None}]},
        {"head": HEAD, "findings": ["a.py"]},
    ):
        assert read_state(marker(bad)) is None, bad


@given(st.text(max_size=300))
def test_a_summary_without_our_state_or_with_a_broken_one_reads_as_none(text: str) -> None:
    assert read_state(text) is None or "<!-- reviewer:state " in text
    assert read_state("<!-- reviewer:state bm90IGpzb24= -->") is None  # "not json"


def test_a_long_state_leaves_out_messages_but_keeps_every_place() -> None:
    import hashlib

    def noise(n: int) -> str:  # what does not compress: the state must really be long
        return "".join(hashlib.sha256(f"{n}/{i}".encode()).hexdigest() for i in range(50))

    many = tuple(dataclasses.replace(DIVIDE, line=n, end_line=n, message=noise(n), title=f"T{n}")
                 for n in range(1, 40))  # fmt: skip
    marker = state_marker(HEAD, result(FileReview("app.py", 4, "", many)))
    earlier = read_state(marker)
    assert len(marker) <= 30_000 and earlier is not None
    assert [(f.line, f.message) for f in earlier.findings] == [(n, "") for n in range(1, 40)]


def test_a_finding_on_untouched_lines_stands_at_its_line_at_the_new_head() -> None:
    moved = ("# a new first line", *CODE)
    earlier = Earlier("a" * 40, (DIVIDE,), {"app.py": 4})
    # The new commits changed line 1 of app.py only.
    now, gone = carry(
        result(FileReview("app.py", 9, "", (), changed=frozenset({1}))), *earlier_of(earlier),
        in_change=frozenset({"app.py"}), at_head={"app.py": moved},
    )  # fmt: skip
    assert gone == frozenset()
    assert [(f.title, f.line) for f in now.findings] == [("Division by zero", 4)]


def test_a_finding_whose_code_changed_or_was_reviewed_again_without_it_is_gone() -> None:
    fixed = (*CODE[:2], "    return total / len(xs) if xs else 0.0")
    earlier = Earlier("a" * 40, (DIVIDE, SUM), {"app.py": 4, "other.py": 6})
    now, gone = carry(
        result(FileReview("app.py", 9, "", (), changed=frozenset({3})),
               FileReview("other.py", 9, "", (), changed=frozenset({2}))),
        *earlier_of(earlier), in_change=frozenset({"app.py", "other.py"}),
        at_head={"app.py": fixed, "other.py": ("x = 1", "total = sum(xs)")},
    )  # fmt: skip
    assert now.findings == [] and gone == {fingerprint(DIVIDE), fingerprint(SUM)}


def test_a_file_not_reviewed_again_keeps_its_findings_and_score() -> None:
    earlier = Earlier("a" * 40, (SUM,), {"other.py": 6})
    now, gone = carry(result(), *earlier_of(earlier), in_change=frozenset({"other.py"}),
                       at_head={"other.py": ("x = 1", "total = sum(xs)")})  # fmt: skip
    assert [(r.path, r.score) for r in now.files] == [("other.py", 6)] and gone == frozenset()


def test_a_file_gone_from_the_change_takes_its_findings_with_it() -> None:
    earlier = Earlier("a" * 40, (SUM,), {"other.py": 6})
    now, gone = carry(
        result(), *earlier_of(earlier), in_change=frozenset(), at_head={"other.py": None}
    )
    assert now.findings == [] and gone == {fingerprint(SUM)}


def test_a_partial_review_resolves_nothing_and_keeps_everything() -> None:
    earlier = Earlier("a" * 40, (DIVIDE,), {"app.py": 4})
    failed = (Skipped("app.py", "provider failed", "503"),)
    now, gone = carry(result(failed=failed), *earlier_of(earlier), in_change=frozenset({"app.py"}),
                       at_head={"app.py": ("nothing",)})  # fmt: skip
    assert gone == frozenset() and now.findings == [DIVIDE]


def test_only_reviewers_own_thread_about_a_gone_finding_is_fixed() -> None:
    mark = fingerprint(DIVIDE)
    ours = f"Division by zero\n\n<!-- reviewer:fp={mark} -->"
    gone = frozenset({mark})
    assert is_fixed_thread([ours], gone)
    assert is_fixed_thread([ours, "Resolved.\n\n<!-- reviewer:resolved -->"], gone)
    assert not is_fixed_thread([ours, "I disagree: xs is never empty."], gone)
    assert not is_fixed_thread([ours], frozenset({"0" * 20}))
    assert not is_fixed_thread(["A person's comment"], gone) and not is_fixed_thread([], gone)
