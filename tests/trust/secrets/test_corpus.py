"""The corpus: secrets of well over a hundred kinds in every common syntax, and look-alikes.
Redaction catches at least 95% of the secrets and changes at most 10% of the look-alikes
(`bench/redaction.py` prints the figures); no line moves."""

from __future__ import annotations

from collections import Counter

from reviewer.trust.redact import redact_lines
from tests.secrets_corpus import LOOKALIKES, SECRETS

SYNTAXES = {
    "python", "javascript", "typescript", "go", "java", "kotlin", "csharp", "php", "ruby",
    "shell", "make", "yaml", "toml", "ini", "env", "json", "json-escaped", "xml", "properties",
    "call", "header", "url", "webhook", "pem", "sql", "cli", "npmrc", "netrc", "rust",
    "kubernetes", "connection-string",
}  # fmt: skip


def caught(lines: tuple[str, ...], secret: str) -> bool:
    out = redact_lines(lines)
    return len(out) == len(lines) and secret not in "\n".join(out)


def test_the_corpus_is_broad() -> None:
    assert len(SECRETS) >= 300
    assert len({case.kind for case in SECRETS}) >= 100
    assert len(LOOKALIKES) >= 100
    assert {case.syntax for case in SECRETS} >= SYNTAXES
    assert len({case.secret for case in SECRETS}) == len(SECRETS)  # no secret counted twice


def test_recall_is_at_least_95_percent() -> None:
    missed = [case for case in SECRETS if not caught(case.lines, case.secret)]
    assert len(missed) <= 0.05 * len(SECRETS), [case.lines[0] for case in missed]


def test_at_most_10_percent_of_lookalikes_change() -> None:
    changed = [line for line in LOOKALIKES if redact_lines([line]) != [line]]
    assert len(changed) <= 0.10 * len(LOOKALIKES), changed


def test_each_redaction_is_counted_by_its_kind() -> None:
    found: Counter[str] = Counter()
    for case in SECRETS:
        redact_lines(case.lines, found)
    kinds = {case.kind for case in SECRETS}
    assert kinds <= set(found), kinds - set(found)
    assert sum(found.values()) >= len(SECRETS)


def test_redacting_twice_changes_nothing_more() -> None:
    for case in SECRETS:
        once = redact_lines(case.lines)
        assert redact_lines(once) == once
