"""Model text is untrusted: made harmless for each place it is shown. Pure."""

from __future__ import annotations

import re

# ANSI escape sequences (CSI, OSC and the rest), then any other control character but \n and \t.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MENTION = re.compile(r"(?<![\w`])@(?=[A-Za-z0-9][A-Za-z0-9-]*)")
_FENCE = re.compile(r"^\s*(```|~~~)", re.M)
# GitLab runs a note's lines that start with a slash as quick actions (/approve, /merge,
# /close): text written by the model must never act with the poster's rights.
_QUICK_ACTION = re.compile(r"^(\s*)/", re.M)
# Issue and merge request references (#12, !34) link, and notify the item referred to.
_REFERENCE = re.compile(r"([#!])(?=\d)")
ZWJ = "\u200b"  # a zero-width space: breaks a mention or an image without showing
# GitHub's runner reads a log line as a workflow command when, its leading whitespace trimmed, it
# starts with `::name` (actions/runner ActionCommand.TryParseV2), or when it holds `##[name]`
# anywhere at all (TryParse, the legacy form, tried next): `##[add-mask]`, `##[stop-commands]`.
# The runner compares strings culture-sensitively, which may ignore zero-width characters: the
# break must be visible.
_COMMAND = re.compile(r"^(\s*)::", re.M)
LEGACY_COMMAND = "##["


def for_terminal(text: str) -> str:
    """No escape sequences (colours, cursor moves, hyperlinks, title changes) and no control or
    bidirectional-override characters: what the model wrote cannot rewrite the terminal."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def no_commands(text: str) -> str:
    """`text` with no line that GitHub's runner would take for a workflow command: `::` at a
    line's start becomes `: :`, and `##[` anywhere `## [`. For whatever reaches a CI log."""
    return _COMMAND.sub(r"\1: :", text.replace(LEGACY_COMMAND, "## ["))


def json_text(document: object) -> str:
    """`document` as indented JSON with `##[` written `##\\u005b`: the same data once parsed,
    and no legacy workflow command where the JSON is printed to a CI log. (Indented JSON never
    starts a line with `::`: every line starts with a bracket, a quote or a value.)"""
    import json

    text = json.dumps(document, indent=2, ensure_ascii=False)
    return text.replace(LEGACY_COMMAND, "##\\u005b") + "\n"


def for_markdown(text: str) -> str:
    """No @mentions or references that notify people, no quick actions, no raw HTML, no images
    that load from elsewhere, and code fences that are closed, so nothing after this text is
    swallowed into a code block."""
    text = for_terminal(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MENTION.sub("@" + ZWJ, text)
    text = _QUICK_ACTION.sub(lambda m: m.group(1) + ZWJ + "/", text)
    text = _REFERENCE.sub(lambda m: m.group(1) + ZWJ, text)
    text = no_commands(text.replace("![", "!" + ZWJ + "["))
    if len(_FENCE.findall(text)) % 2:
        text += "\n```"
    return text
