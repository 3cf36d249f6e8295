"""The secrets a run holds never reach what it shows: masked in the model's words, and in every
URL shown. Pure."""

from __future__ import annotations

import dataclasses

import pytest

from reviewer.result import FileReview, Finding, Fix, ReviewResult, Skipped
from reviewer.trust.masking import MASK, held_secrets, masked, shown_url

KEY = "sk-test-0123456789abcdef"
TOKEN = "ghp_0123456789abcdefghijABCDEFGHIJ012345"
SLACK = "https://hooks.slack.com/services/T0AB12/B0CD34/xYz123SecretPart"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://user:pa55word@api.example.com/v1", "https://***@api.example.com/v1"),
        ("https://ghp_token@host:8443/v1/", "https://***@host:8443/v1/"),
        ("https://host/v1?api-key=s3cret&key=x&token=t&x=", "https://host/v1?api-key=***&key=***"
         "&token=***&x="),
        ("https://host/v1?sk-bare-key", "https://host/v1?***"),
        ("https://host/v1#access_token=abc", "https://host/v1#***"),
        ("https://u:p@ss@host/v1?k=v#f", "https://***@host/v1?k=***#***"),  # the last @ ends it
        ("user:pass@host:1234/v1", "***@host:1234/v1"),  # no scheme, as a user may type it
        ("http://localhost:11434/v1", "http://localhost:11434/v1"),  # nothing to hide
        ("", ""),
    ],
)  # fmt: skip
def test_a_url_is_shown_without_userinfo_or_query_values(url: str, shown: str) -> None:
    assert shown_url(url) == shown
    assert shown_url(shown) == shown  # masking what is masked changes nothing


def test_held_secrets_are_the_runs_keys_and_tokens() -> None:
    env = {
        "GITHUB_TOKEN": TOKEN,
        "CI_JOB_TOKEN": "glcbt-64_job_token_value",
        "REVIEWER_NOTIFY": f"slack={SLACK}, https://oapi.dingtalk.com/robot/send?access_token="
        "dt0123456789",
        "REVIEWER_NOTIFY_DINGTALK_SECRET": "SEC0123456789abcdef",
        "DEEPSEEK_API_KEY": "sk-deepseek-abcdef012345",
        "NPM_TOKEN": "npm_abcdefghijklmnop",
        "DB_PASSWORD": "Tr0ub4dor&3",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
        "CI_REPOSITORY_URL": "https://gitlab-ci-token:glcbt-repo-token-xyz@gitlab.com/g/p.git",
        "SOME_TOKEN": "disabled",  # a setting, not a secret: a plain word is never masked
        "SHORT_TOKEN": "abc123",  # too short to be told from a word or a number
        "HOME": "/root/secret-looking-path",  # not a secret by its name
    }
    held = held_secrets(env, KEY, "https://user:base-url-password@host/v1?key=base-query-key")
    for value in (
        KEY, TOKEN, "glcbt-64_job_token_value", "SEC0123456789abcdef", "sk-deepseek-abcdef012345",
        "npm_abcdefghijklmnop", "Tr0ub4dor&3", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
        "base-url-password", "base-query-key",
        "glcbt-repo-token-xyz", "dt0123456789", "xYz123SecretPart", SLACK,
    ):  # fmt: skip
        assert value in held, value
    for value in ("disabled", "abc123", "/root/secret-looking-path", "services", "user"):
        assert value not in held, value
    assert held == sorted(held, key=len, reverse=True)  # longest first
    assert held_secrets({}, None) == []


def _result(text: str) -> ReviewResult:
    finding = Finding(
        "app.py", 2, 2, "high", "security", f"Key {text} in code", f"The key {text} leaks.",
        suggestion=f"Rotate {text}.", quote=f"key = '{text}'",
        fix=Fix((f"key = '{text}'",), ("key = os.environ['KEY']",)),
    )  # fmt: skip
    leaking = dataclasses.replace(finding, line=3, end_line=3,
                                  fix=Fix(("x = 1",), (f"x = '{text}'",)))  # fmt: skip
    return ReviewResult(
        files=(FileReview("app.py", 3, f"Summary with {text}.", (finding, leaking)),),
        warnings=(f"self-check said {text}",),
        skipped=(Skipped("b.py", "cannot read", f"echo {text}"),),
        failed=(Skipped("c.py", "provider failed", f"c.py: server said {text}"),),
        fixed=(dataclasses.replace(finding, line=9),),
    )


def _texts(result: ReviewResult) -> list[str]:
    texts = [*result.warnings, *(s.detail for s in (*result.skipped, *result.failed))]
    for finding in (*result.findings, *result.fixed):
        texts += [finding.title, finding.message, finding.suggestion or "", finding.quote]
        texts += list(finding.fix.after) if finding.fix is not None else []
    return texts + [review.summary for review in result.files]


def test_every_model_written_text_is_masked() -> None:
    result = masked(_result(KEY), [KEY, TOKEN, "short"])
    texts = _texts(result)
    assert not any(KEY in text for text in texts)
    assert result.findings[0].title == f"Key {MASK} in code"
    assert result.files[0].summary == f"Summary with {MASK}."
    assert result.failed[0].detail == f"c.py: server said {MASK}"
    # A fix that writes the key is withheld (masked, it would be wrong code); one that removes
    # it stays, and so does a fix --fix already applied.
    [removes, writes] = result.findings
    assert removes.fix is not None and writes.fix is None
    assert result.fixes_dropped == {"touches a redacted secret": 1}
    assert result.fixed[0].fix is not None and result.fixed[0].title == f"Key {MASK} in code"


def test_the_longest_secret_is_masked_whole_and_short_values_never() -> None:
    inner = KEY[:12]
    result = masked(_result(f"{KEY} and {inner}"), [inner, KEY, "abc"])
    assert result.findings[0].title == f"Key {MASK} and {MASK} in code"
    same = masked(_result("abc"), ["abc", ""])
    assert same == _result("abc")


def test_nothing_to_mask_leaves_the_result_as_it_was() -> None:
    result = _result("nothing secret")
    assert masked(result, []) is result
    assert masked(result, [KEY]) == result
