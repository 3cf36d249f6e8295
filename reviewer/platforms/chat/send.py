"""Sending: the webhooks `REVIEWER_NOTIFY` names (`KIND=URL` or a bare URL known by its host,
separated by whitespace or commas), when `notify_on` says, each message built, signed with its
secret from the environment, and posted. A webhook that fails is one warning line; it never
changes the exit code. URLs and secrets carry tokens: no message ever shows them, only the kind
and the host."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from reviewer.errors import UsageError
from reviewer.platforms.chat.digest import Digest
from reviewer.platforms.chat.kinds import KINDS, dingtalk_url, feishu_signed, fitted
from reviewer.platforms.detect import Where
from reviewer.result import Linker, ReviewResult

VARIABLE = "REVIEWER_NOTIFY"
KIND_NAMES = (*KINDS, "webhook")


@dataclass(frozen=True)
class Target:
    kind: str
    url: str

    @property
    def label(self) -> str:
        """The kind and the host: never the path or query, which hold the token."""
        return f"{self.kind} ({urlsplit(self.url).hostname or '?'})"


def targets(env: Mapping[str, str]) -> list[Target]:
    """The webhooks to notify; a usage error for one whose kind is unknown."""
    found = []
    for entry in re.split(r"[\s,]+", env.get(VARIABLE, "").strip()):
        if not entry:
            continue
        kind, sep, url = entry.partition("=")
        if not sep or "://" in kind:  # a bare URL (whose query may hold "=")
            kind, url = "", entry
        host = urlsplit(url).hostname or ""
        if not kind:
            kind = next((k.name for k in KINDS.values() if host in k.hosts), "")
            if not kind:
                raise UsageError(
                    f"{VARIABLE}: cannot tell the kind of the webhook at {host or '?'}; write it "
                    f"as KIND=URL, KIND one of {', '.join(KIND_NAMES)}"
                )
        if kind not in KIND_NAMES:
            raise UsageError(f"{VARIABLE}: unknown kind '{kind}' (one of {', '.join(KIND_NAMES)})")
        if urlsplit(url).scheme not in ("http", "https"):
            raise UsageError(f"{VARIABLE}: the {kind} webhook is not an http(s) URL")
        found.append(Target(kind, url))
    return found


def wanted(notify_on: str, *, findings: bool, failed: bool) -> bool:
    return (
        notify_on == "always"
        or (notify_on == "findings" and (findings or failed))
        or (notify_on == "failure" and failed)
    )


Post = Callable[[str, Any], tuple[int, str]]  # (url, JSON body) -> (status, text)


def notify(
    digest: Digest,
    report: str,
    goals: list[Target],
    mentions: Mapping[str, str],
    env: Mapping[str, str],
    post: Post,
    now: Callable[[], float] = time.time,
) -> list[str]:
    """One message per target; returns one warning per webhook that failed. `report` is the
    JSON report (for `webhook`); `mentions` maps a kind to the author's id there."""
    warnings = []
    for target in goals:
        url, mention = target.url, mentions.get(target.kind, "") if digest.gate_failed else ""
        if target.kind == "webhook":
            body: Any = json.loads(report)
        else:
            kind = KINDS[target.kind]
            body = fitted(kind, digest, mention)
            secret = env.get(kind.secret_var, "").strip() if kind.secret_var else ""
            if secret and target.kind == "dingtalk":
                url = dingtalk_url(url, secret, now())
            elif secret and target.kind == "feishu":
                body = feishu_signed(body, secret, now())
        try:
            status, text = post(url, body)
        except Exception as exc:  # an unreachable webhook is a warning, whatever broke
            warnings.append(f"could not notify {target.label}: {type(exc).__name__}")
            continue
        problem = (
            KINDS[target.kind].accepted(status, text)
            if target.kind in KINDS
            else (None if 200 <= status < 300 else f"HTTP {status}")
        )
        if problem is not None:
            for secret_value in (target.url, *(v for k, v in env.items() if "SECRET" in k)):
                problem = problem.replace(secret_value, "***") if secret_value else problem
            warnings.append(f"{target.label} refused the notification: {problem}")
    return warnings


def http_post(timeout: float = 10.0) -> tuple[Post, Callable[[], None]]:
    """A poster through httpx2, and how to close it."""
    import httpx2

    client = httpx2.Client(timeout=timeout)

    def post(url: str, body: Any) -> tuple[int, str]:
        response = client.post(url, json=body)
        return response.status_code, response.text

    return post, client.close


def author_email(where_email: str | None) -> str | None:
    """The reviewed commit's author: from the CI when it says, else from git."""
    if where_email:
        return where_email
    import subprocess

    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ae"], capture_output=True,
                              text=True, timeout=5, check=False)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def announce(
    result: ReviewResult,
    where: Where,
    link: Linker | None,
    *,
    gate_failed: bool,
    notify_on: str,
    mentions: Mapping[str, Mapping[str, str]],
    env: Mapping[str, str],
    goals: list[Target],
) -> list[str]:
    """Tell each webhook about `result`, when `notify_on` wants it; returns the warnings."""
    from reviewer.platforms.chat.digest import digest as make_digest
    from reviewer.render.jsonout import render_json

    if not goals or not wanted(notify_on, findings=bool(result.findings), failed=gate_failed):
        return []
    made = make_digest(result, where, link, gate_failed=gate_failed)
    email = author_email(where.author_email) if gate_failed else None
    ids = mentions.get(email, {}) if email else {}
    post, close = http_post()
    try:
        return notify(made, render_json(result), goals, ids, env, post)
    finally:
        close()
