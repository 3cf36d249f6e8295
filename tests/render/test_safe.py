"""Model text is untrusted: nothing it says can rewrite a terminal or notify, load or swallow
anything in Markdown."""

from __future__ import annotations

from reviewer.render.safe import ZWJ, for_markdown, for_terminal


def test_escape_sequences_controls_and_bidi_overrides_are_removed() -> None:
    text = "ok\x1b[2J\x1b]8;;http://evil\x07link\x1b]8;;\x07\x07 \u202egnp.exe\tand\nmore\x7f"
    assert for_terminal(text) == "oklink gnp.exe\tand\nmore"


def test_markdown_has_no_mentions_html_remote_images_or_open_fences() -> None:
    text = "ping @octocat <img src=x> ![x](http://t/p.png)\n```python\nx = 1"
    safe = for_markdown(text)
    assert "@" + ZWJ + "octocat" in safe
    assert "<img" not in safe and "&lt;img src=x&gt;" in safe
    assert "!" + ZWJ + "[x]" in safe
    assert safe.endswith("x = 1\n```")


def test_an_email_address_and_code_spans_keep_their_at_sign() -> None:
    assert for_markdown("mail a@b.c or `@decorator`") == "mail a@b.c or `@decorator`"


def test_no_line_reads_as_a_workflow_command() -> None:
    from reviewer.render.safe import no_commands

    text = "::error::a\n  \t::add-mask::b\nok ::mid-line\n##[error]c and x##[warning]d"
    assert no_commands(text) == (
        ": :error::a\n  \t: :add-mask::b\nok ::mid-line\n## [error]c and x## [warning]d"
    )
    assert no_commands(no_commands(text)) == no_commands(text)  # applied twice, the same


def test_json_text_writes_the_legacy_command_escaped_and_keeps_the_data() -> None:
    import json

    from reviewer.render.safe import json_text

    document = {"title": "##[add-mask]x", "list": ["a##[b"]}
    text = json_text(document)
    assert "##[" not in text and json.loads(text) == document
