"""The prompt's example copied back: known from the prompt that was sent, and never a finding."""

from __future__ import annotations

from reviewer.model.prompts import Prompts
from reviewer.model.schema import ReplyIssue
from reviewer.trust.parroting import examples_in, without_examples

CODE = ["def total(rows):", "    for i in range(len(rows) + 1):", "        s += rows[i]"]


def _issue(title: str, quote: str, message: str = "It reads one past the end.") -> ReplyIssue:
    return ReplyIssue(
        line=2, severity="high", category="bug", title=title, message=message, quote=quote
    )


def test_the_built_in_prompt_shows_placeholders_and_they_are_known() -> None:
    examples = examples_in(Prompts().system())
    placeholder = _issue("<The problem, in a few words>", "rows[i]")
    kept, dropped = without_examples([placeholder], examples, CODE)
    assert kept == [] and dropped == {"parroted": 1}
    assert examples.summary("<one paragraph on the code>") == ""
    assert examples.summary("Sums rows, one index too far.") == "Sums rows, one index too far."


def test_the_contract_example_is_dropped_before_its_quote_could_be_fuzzy_matched() -> None:
    examples = examples_in("")  # even a prompt with no example of its own
    by_title = _issue("Off-by-one in loop bound", "for i in range(len(rows) + 1):")
    by_quote = _issue("Loop bound", "for i in range(len(xs) + 1):")  # close to line 2, not it
    by_message = _issue("Loop bound", "rows[i]", message="Why it is wrong and what breaks.")
    kept, dropped = without_examples([by_title, by_quote, by_message], examples, CODE)
    assert kept == [] and dropped == {"parroted": 3}


def test_a_custom_templates_own_example_is_known_and_real_findings_kept() -> None:
    prompt = 'Reply like {"issues": [{"title": "Unclosed file handle", "quote": "open(p)"}]}'
    examples = examples_in(prompt)
    copied = _issue("Unclosed file handle", "rows[i]")
    real = _issue("Index past the end", "rows[i]")
    # The example's quote, where the code really has it, under a title of its own: a finding.
    on_real_code = _issue("Loop bound", "for i in range(len(rows) + 1):")
    kept, dropped = without_examples([copied, real, on_real_code], examples, CODE)
    assert kept == [real, on_real_code] and dropped == {"parroted": 1}
