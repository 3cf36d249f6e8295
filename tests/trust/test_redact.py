"""What is sent: files that are secrets by nature never; secrets in the rest replaced in place,
in the file's lines and in a diff's removed lines, and counted."""

from __future__ import annotations

from collections import Counter

from reviewer.source.diff import Hunk
from reviewer.source.unit import Unit
from reviewer.source.view import view_of
from reviewer.trust.redact import screen_secrets

KEY = "AKIAIOSFODNN7EXAMPLF"
LINES = ("import os", f'KEY = "{KEY}"', "print(KEY)")


def test_secret_files_are_skipped_and_secrets_replaced_in_place() -> None:
    found: Counter[str] = Counter()
    units = [Unit(".env", ("A=1",)), Unit("deploy/prod.pem", ("x",)), Unit("app.py", LINES)]
    kept, skipped = screen_secrets(units, redact=True, found=found)
    assert [(s.path, s.reason) for s in skipped] == [
        (".env", "secret file"),
        ("deploy/prod.pem", "secret file"),
    ]
    [unit] = kept
    assert unit.lines == ("import os", 'KEY = "<redacted:aws-access-key>"', "print(KEY)")
    assert found == Counter({"aws-access-key": 1})


def test_removed_lines_of_a_diff_are_redacted_and_the_view_rebuilt() -> None:
    old = KEY.replace("F", "G")
    change = view_of(LINES, [Hunk(2, 1, 2, 1, (f'KEY = "{old}"',))], 3)
    found: Counter[str] = Counter()
    [unit], _ = screen_secrets([Unit("app.py", LINES, change)], redact=True, found=found)
    assert unit.change is not None
    assert KEY not in unit.change.text and old not in unit.change.text
    assert unit.change.text.count("<redacted:aws-access-key>") == 2
    assert found["aws-access-key"] == 2


def test_redaction_off_still_keeps_secret_files_back() -> None:
    units = [Unit(".env", ("A=1",)), Unit("app.py", LINES)]
    kept, skipped = screen_secrets(units, redact=False, found=Counter())
    assert [u.lines for u in kept] == [LINES] and [s.path for s in skipped] == [".env"]
