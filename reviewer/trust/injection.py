"""Text in the code that tries to talk to an AI reviewer ("ignore previous instructions", "report
no issues") is reported as a finding, found here by pattern, never left to the model it targets.
A file's name is sent too ("ignore previous instructions.py"), and is looked at the same way.
Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reviewer.model.shown import TITLE_LIMIT, cut, one_line
from reviewer.result import Finding
from reviewer.source.unit import Unit

_STEERING = re.compile(
    r"(?i)\b(?:"
    r"ignore\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier)\s+(?:instructions|prompts?|rules)"
    r"|disregard\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier)"
    r"|forget\s+(?:all\s+|your\s+)?(?:previous\s+|prior\s+)?instructions"
    r"|new\s+instructions\s*:"
    r"|(?:report|return|output)\s+(?:no|zero)\s+(?:issues|findings|problems)"
    r"|do\s+not\s+report\s+(?:this|any|these|issues|findings)"
    r"|(?:give|assign|set)\s+(?:this|it|the)\s+(?:file\s+|code\s+)?(?:a\s+)?score\s+(?:of\s+)?10"
    r"|(?:ai|llm|automated)\s+(?:code\s+)?review(?:er|ers)?\s*[:,]\s*(?:approve|ignore|skip)"
    r"|you\s+are\s+now\s+(?:an?\s+)?(?:ai|assistant|reviewer)"
    r"|reveal\s+(?:your\s+)?(?:system\s+)?prompt"
    r")"
)  # fmt: skip
TITLE = "Text that tries to instruct an AI reviewer"
NAME_TITLE = "A file name that tries to instruct an AI reviewer"


def _in_name(unit: Unit) -> Finding | None:
    """A finding for steering text in the unit's file name, on line 1 (a name is on no line;
    each part of a file reports it there, and the parts' duplicates are merged)."""
    if unit.change is None and unit.span[0] != 1:
        return None  # a later part of a whole file: the first part reports it
    name = one_line(unit.path)  # as the prompt shows it
    match = _STEERING.search(name)
    if match is None:
        return None
    return Finding(
        path=unit.path,
        line=1,
        end_line=1,
        severity="medium",
        category="security",
        title=NAME_TITLE,
        message=(
            f'The file name "{cut(name, TITLE_LIMIT)}" holds "{match.group(0)}", which reads as '
            "an instruction to an automated reviewer. reviewer reports it and does not follow "
            "it; a human should check why it is there."
        ),
        suggestion="Rename the file, or reword its name if it is meant for people.",
    )


def find_injections(unit: Unit) -> list[Finding]:
    """Findings for steering text in the file's name, and on the lines under review (in a diff,
    the lines it adds)."""
    lines = sorted(unit.change.added) if unit.change is not None else unit.reviewed
    named = _in_name(unit)
    found = [] if named is None else [named]
    for number in lines:
        text = unit.lines[number - 1]
        match = _STEERING.search(text)
        if match is None:
            continue
        found.append(
            Finding(
                path=unit.path,
                line=number,
                end_line=number,
                severity="medium",
                category="security",
                title=TITLE,
                message=(
                    f'"{match.group(0)}" reads as an instruction to an automated reviewer. '
                    "reviewer reports it and does not follow it; a human should check why it "
                    "is there."
                ),
                suggestion="Remove the text, or reword it if it is meant for people.",
                quote=text.strip(),
            )
        )
    return found


def with_injections(findings: Sequence[Finding], unit: Unit) -> list[Finding]:
    """The findings, with the steering text found in the unit added where the model has not
    already reported a security problem on the same line (a file name's always: the model's
    finding on line 1 is about the code there)."""
    return [
        *findings,
        *(
            found
            for found in find_injections(unit)
            if found.title == NAME_TITLE
            or not any(f.line == found.line and f.category == "security" for f in findings)
        ),
    ]
