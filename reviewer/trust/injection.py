"""Text in the code that tries to talk to an AI reviewer ("ignore previous instructions", "report
no issues") is reported as a finding, found here by pattern, never left to the model it targets.
Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence

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


def find_injections(unit: Unit) -> list[Finding]:
    """Findings for steering text on the lines under review (in a diff, the lines it adds)."""
    lines = sorted(unit.change.added) if unit.change is not None else unit.reviewed
    found = []
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
    already reported a security problem on the same line."""
    return [
        *findings,
        *(
            found
            for found in find_injections(unit)
            if not any(f.line == found.line and f.category == "security" for f in findings)
        ),
    ]
