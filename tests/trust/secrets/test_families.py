"""The token families are data with a source each, and are found wherever a token stands;
redaction keeps every line where it was, whatever the text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.trust.redact import redact_lines
from reviewer.trust.secrets.families import BARE_ANCHOR, FAMILIES, NAMED, source_url
from tests.secrets_corpus import SECRETS

FAMILY_KINDS = {family.kind for family in FAMILIES}
TOKENS = [case.secret for case in SECRETS if case.kind in FAMILY_KINDS and case.syntax != "webhook"]


def test_the_table_is_broad_and_every_format_has_a_source() -> None:
    assert len({f.kind for f in FAMILIES} | {n.kind for n in NAMED}) >= 150
    for pattern, source in [(f.pattern, f.source) for f in FAMILIES] + [
        (n.pattern, n.source) for n in NAMED
    ]:
        re.compile(pattern)
        assert source_url(source).startswith("https://"), pattern
    for family in FAMILIES:
        assert family.keywords == family.keywords.lower(), family.kind


def test_each_token_holds_a_keyword_of_its_family_or_the_bare_anchor() -> None:
    # The one-pass trigger looks only for keywords: a token without one would never be tried.
    by_kind = {family.kind: family for family in FAMILIES}
    for case in SECRETS:
        family = by_kind.get(case.kind)
        if family is None:
            continue
        words = [w for w in family.keywords.split("|") if w]
        assert any(w in case.secret.lower() for w in words) or (
            not words and re.search(BARE_ANCHOR, case.secret)
        ), case.kind


AROUND = st.sampled_from([" ", '"', "'", "`", "=", ": ", "(", ")", ",", ";", "\\n", "\t", "[", "]"])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TOKENS), AROUND, AROUND, st.sampled_from(["", "x", "conf", "data.value"]))
def test_a_token_is_found_whatever_stands_around_it(
    token: str, before: str, after: str, name: str
) -> None:
    line = f"{name}{before}{token}{after}"
    assert token not in redact_lines([line])[0]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=12))
def test_lines_never_move_and_redacting_again_changes_nothing(lines: list[str]) -> None:
    lines = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    once = redact_lines(lines)
    assert len(once) == len(lines)
    assert redact_lines(once) == once
