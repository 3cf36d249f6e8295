"""The secrets a run holds never reach what it shows. A model may repeat what it was told or
guessed (a key that leaked into the code, a token a prompt injection asked it to echo): before
any report, comment or chat message, every occurrence of the run's keys and tokens in the
model's words is replaced by `***`. URLs are shown without their secrets (`shown_url`). Pure.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from reviewer.contract import FixesDropped
from reviewer.model.shown import MASK, shown_url, url_secrets
from reviewer.result import FileReview, Finding, ReviewResult, Skipped

__all__ = ["MASK", "MIN_SECRET", "held_secrets", "mask_text", "masked", "shown_url"]

MIN_SECRET = 8  # shorter values are words and numbers more often than secrets: never masked
# The tokens a run may hold by name (the API key is given apart).
TOKENS = ("GITHUB_TOKEN", "REVIEWER_GITLAB_TOKEN", "GITLAB_TOKEN", "CI_JOB_TOKEN")
# Variables whose values are secrets by their names (a part of the name: AWS_SECRET_ACCESS_KEY,
# SECRET_KEY_BASE), and those that hold URLs (whose userinfo and query may be: GitLab's
# CI_REPOSITORY_URL carries the job token).
_SECRET_NAMES = ("KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD")
_URL_NAMES = ("_URL", "_BASE", "_ENDPOINT")
NOTIFY = "REVIEWER_NOTIFY"


def _webhook_secrets(value: str) -> list[str]:
    """The secrets of REVIEWER_NOTIFY's webhooks: each URL whole, its userinfo and query
    values, and the parts of its path that look like tokens (Slack's, Discord's, Feishu's hook
    ids are path segments)."""
    found: list[str] = []
    for entry in re.split(r"[\s,]+", value.strip()):
        url = entry.split("=", 1)[1] if re.match(r"^\w+=", entry) else entry  # KIND=URL
        if not url:
            continue
        found += [url, *url_secrets(url)]
        try:
            path = urlsplit(url).path
        except ValueError:
            continue
        found += [part for part in path.split("/") if _tokenish(part)]
    return found


def _tokenish(part: str) -> bool:
    return (
        len(part) >= MIN_SECRET
        and any(c.isdigit() for c in part)
        and any(c.isalpha() for c in part)
    )


def _word(value: str) -> bool:
    """A plain lower-case word (`disabled`, `required`): a setting, not a secret, and masking it
    would garble every sentence that uses it."""
    return value.isalpha() and value.islower()


def held_secrets(
    env: Mapping[str, str], api_key: str | None, base_url: str | None = None
) -> list[str]:
    """The secret values the run holds, of MIN_SECRET characters or more, longest first: the API
    key; the base URL's userinfo and query values; GITHUB_TOKEN, REVIEWER_GITLAB_TOKEN,
    GITLAB_TOKEN and CI_JOB_TOKEN; REVIEWER_NOTIFY's webhook URLs and their secrets; the values
    of every variable whose name holds KEY, TOKEN, SECRET, PASSWORD or PASSWD (but plain
    lower-case words);
    and the userinfo and query values of every *_URL, *_BASE and *_ENDPOINT variable."""
    found: list[str] = [api_key or ""]
    found += url_secrets(base_url) if base_url else []
    found += [env.get(name, "") for name in TOKENS]
    found += _webhook_secrets(env.get(NOTIFY, ""))
    for name, value in env.items():
        upper = name.upper()
        if any(part in upper for part in _SECRET_NAMES) and not _word(value.strip()):
            found.append(value)
        elif upper.endswith(_URL_NAMES):
            found += url_secrets(value.strip())
    kept = dict.fromkeys(value.strip() for value in found if len(value.strip()) >= MIN_SECRET)
    return sorted(kept, key=len, reverse=True)


def _pattern(secrets: Iterable[str]) -> re.Pattern[str] | None:
    kept = sorted({s for s in secrets if len(s) >= MIN_SECRET}, key=len, reverse=True)
    # Longest first: a secret that holds a shorter one is masked whole.
    return re.compile("|".join(map(re.escape, kept))) if kept else None


def mask_text(text: str, secrets: Iterable[str]) -> str:
    """`text` with every occurrence of each secret (of MIN_SECRET characters or more) as ***."""
    pattern = _pattern(secrets)
    return text if pattern is None else pattern.sub(MASK, text)


def masked(result: ReviewResult, secrets: Iterable[str]) -> ReviewResult:
    """The result with every occurrence of each secret (of MIN_SECRET characters or more) in
    the model's words replaced by `***`: titles, messages, suggestions, quotes, summaries, the
    warnings, and the details of what was skipped or failed (a provider's error may echo what
    it was sent). A fix whose code holds a secret is removed (counted as "touches a redacted
    secret"): masked code is wrong code, and applied it would write the secret into the file.
    The lines a fix replaces are the repository's, left as they are (--fix compares them)."""
    pattern = _pattern(secrets)
    if pattern is None:
        return result

    def hide(text: str) -> str:
        return pattern.sub(MASK, text)

    withheld = 0

    def finding(item: Finding, applied: bool = False) -> Finding:
        nonlocal withheld
        fix = item.fix
        # A fix --fix already wrote stays: it is what was done, and the file holds it.
        if fix is not None and not applied and any(map(pattern.search, fix.after)):
            fix, withheld = None, withheld + 1
        suggestion = hide(item.suggestion) if item.suggestion is not None else None
        return dataclasses.replace(
            item, title=hide(item.title), message=hide(item.message), suggestion=suggestion,
            quote=hide(item.quote), fix=fix,
        )  # fmt: skip

    def review(item: FileReview) -> FileReview:
        findings = tuple(map(finding, item.findings))
        return dataclasses.replace(item, summary=hide(item.summary), findings=findings)

    def skipped(item: Skipped) -> Skipped:
        return dataclasses.replace(item, detail=hide(item.detail))

    files = tuple(map(review, result.files))
    fixed = tuple(finding(item, applied=True) for item in result.fixed)
    fixes: FixesDropped = dict(result.fixes_dropped)
    if withheld:
        fixes["touches a redacted secret"] = fixes.get("touches a redacted secret", 0) + withheld
    return dataclasses.replace(
        result, files=files, fixed=fixed, fixes_dropped=fixes,
        warnings=tuple(map(hide, result.warnings)),
        skipped=tuple(map(skipped, result.skipped)), failed=tuple(map(skipped, result.failed)),
    )  # fmt: skip
