"""Applying the self-check's verdicts to the findings it was shown."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from reviewer.result import Finding
from reviewer.schema import VerdictReply


def apply_verdicts(findings: Sequence[Finding], reply: VerdictReply) -> tuple[list[Finding], int]:
    """Drop the findings judged `keep: false` and apply new severities; ids count from 1.

    A finding the verifier did not mention is kept: only an explicit verdict removes one.
    Returns the kept findings and how many were dropped.
    """
    verdicts = {verdict.id: verdict for verdict in reply.verdicts}
    kept: list[Finding] = []
    for number, finding in enumerate(findings, 1):
        verdict = verdicts.get(number)
        if verdict is None:
            kept.append(finding)
        elif verdict.keep:
            if verdict.severity is not None and verdict.severity != finding.severity:
                finding = dataclasses.replace(finding, severity=verdict.severity)
            kept.append(finding)
    return kept, len(findings) - len(kept)
