"""Secrets out of the code before any of it is sent: each replaced by a placeholder on the same
line, so line numbers do not move. Pure.

Detected: cloud and service keys and tokens by their published shapes, private-key blocks, JWTs,
passwords in connection strings, and high-entropy values assigned to names like password, secret,
token or api_key. Files that are secrets by nature (.env, keys, key stores) are not sent at all:
see SECRET_FILES.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from reviewer.result import Skipped
from reviewer.source.excludes import Excludes
from reviewer.source.unit import Unit
from reviewer.source.view import view_of

# Files never sent, whatever their content: gitignore-style patterns.
SECRET_FILES: tuple[str, ...] = (
    ".env", ".env.*", "*.env", "*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore",
    "*.kdbx", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".netrc", ".git-credentials",
    ".npmrc", ".pypirc", "credentials.json", ".aws/credentials",
)  # fmt: skip


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    group: int = 0  # the group that is the secret (0: the whole match)
    entropy: float = 0.0  # the least Shannon entropy (bits a character) to count as a secret


def _rule(name: str, pattern: str, group: int = 0, entropy: float = 0.0) -> Rule:
    return Rule(name, re.compile(pattern), group, entropy)


RULES: tuple[Rule, ...] = (
    _rule("aws-access-key", r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b"),
    _rule("aws-secret-key",
          r"(?i)aws_?secret_?access_?key['\"]?\s*[:=]\s*['\"]?([A-Za-z0-9/+=]{40})", 1),
    _rule("github-token", r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})"),
    _rule("gitlab-token", r"\bglpat-[A-Za-z0-9_-]{20,}"),
    _rule("openai-key", r"\bsk-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]{20,}"),
    _rule("slack-token", r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    _rule("slack-webhook", r"https://hooks\.slack\.com/services/[A-Za-z0-9/_-]+"),
    _rule("google-api-key", r"\bAIza[0-9A-Za-z_-]{35}"),
    _rule("stripe-key", r"\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,}"),
    _rule("sendgrid-key", r"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}"),
    _rule("twilio-key", r"\bSK[0-9a-f]{32}\b"),
    _rule("npm-token", r"\bnpm_[A-Za-z0-9]{36}\b"),
    _rule("pypi-token", r"\bpypi-[A-Za-z0-9_-]{50,}"),
    _rule("hf-token", r"\bhf_[A-Za-z0-9]{34,}\b"),
    _rule("jwt", r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    _rule("azure-key", r"(?i)(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/=]{20,})", 1),
    _rule("password-in-url", r"\b[a-z][a-z0-9+.-]*://[^\s:/@'\"`]+:([^\s@'\"`/]{3,})@", 1),
    _rule(
        "assigned-secret",
        r"(?i)\b[\w.-]*(?:password|passwd|pwd|secret|token|api_?key|apikey|access_?key|"
        r"auth_?key|private_?key|credential)s?[\w.-]*['\"]?\s*(?::=|=>|[:=])\s*"
        r"[rbf]?['\"]([^'\"\s]{8,})['\"]",
        1,
        entropy=3.0,
    ),
)  # fmt: skip
_BEGIN_KEY = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----")
_END_KEY = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----")
# Values that name a secret instead of holding one.
_NOT_A_SECRET = re.compile(r"^(?:\$\{.*\}|\{\{.*\}\}|<[^>]*>|%\(.*\)s|\*+|x+|changeme|example.*)$",
                           re.I)  # fmt: skip


def placeholder(name: str) -> str:
    return f"<redacted:{name}>"


def entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


# Something every rule needs to see on a line: most lines have none and skip the rules.
_TRIGGER = re.compile(
    r"(?i)AKIA|ASIA|AGPA|AIDA|AROA|gh[pousr]_|github_pat_|glpat-|sk-|xox|hooks\.slack|AIza|"
    r"_live_|_test_|SG\.|SK[0-9a-f]|npm_|pypi-|hf_|eyJ|AccountKey|SharedAccessKey|://|"
    r"pass|pwd|secret|token|key|credential"
)


def _redact_line(line: str, found: Counter[str]) -> str:
    if _TRIGGER.search(line) is None:
        return line
    for rule in RULES:

        def swap(match: re.Match[str], rule: Rule = rule) -> str:
            secret = match.group(rule.group)
            if rule.entropy and (entropy(secret) < rule.entropy or _NOT_A_SECRET.match(secret)):
                return match.group(0)
            found[rule.name] += 1
            start, end = match.span(rule.group)
            whole_start = match.start(0)
            text = match.group(0)
            return text[: start - whole_start] + placeholder(rule.name) + text[end - whole_start :]

        line = rule.pattern.sub(swap, line)
    return line


def redact_lines(lines: Sequence[str], found: Counter[str] | None = None) -> list[str]:
    """The lines with every secret replaced; `found` counts what was replaced, by kind."""
    found = Counter() if found is None else found
    out: list[str] = []
    in_key = False
    for line in lines:
        begin = _BEGIN_KEY.search(line)
        if begin is not None:
            # The key may follow on the same line (a string with \n escapes): cut it out too.
            end = _END_KEY.search(line, begin.end())
            found["private-key"] += 1
            tail = line[end.start() :] if end is not None else ""
            out.append(line[: begin.end()] + placeholder("private-key") + tail)
            in_key = end is None
            continue
        if in_key:
            if _END_KEY.search(line):
                in_key = False
                out.append(line)
            else:
                out.append(placeholder("private-key"))
            continue
        out.append(_redact_line(line, found))
    return out


def redact_unit(unit: Unit, found: Counter[str]) -> Unit:
    """The unit with its secrets replaced, in the file's lines and in a diff's removed lines."""
    lines = tuple(redact_lines(unit.lines, found))
    if unit.change is None:
        return dataclasses.replace(unit, lines=lines)
    hunks = [
        dataclasses.replace(hunk, removed=tuple(redact_lines(hunk.removed, found)))
        for hunk in unit.change.hunks
    ]
    return dataclasses.replace(
        unit, lines=lines, change=view_of(lines, hunks, unit.change.context_lines)
    )


def screen_secrets(
    units: Sequence[Unit], *, redact: bool, found: Counter[str]
) -> tuple[list[Unit], list[Skipped]]:
    """Units fit to send: secret files left out, and (unless `redact` is off) the secrets in
    the rest replaced, counted in `found` by kind."""
    secret_files = Excludes(list(SECRET_FILES))
    kept: list[Unit] = []
    skipped: list[Skipped] = []
    for unit in units:
        pattern = secret_files.match(unit.path)
        if pattern is not None:
            skipped.append(Skipped(unit.path, "secret file", f"matches '{pattern}'; never sent"))
        else:
            kept.append(redact_unit(unit, found) if redact else unit)
    return kept, skipped
