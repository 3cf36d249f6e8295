"""Chat notifications against the fakes of each platform's webhook (tests/fakechat.py): one
valid, signed message per webhook, in the team's language; cut to each platform's size with
"and N more"; the author mentioned when the gate fails; a webhook that fails is one warning
line; URLs and secrets never shown."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fakeapi import FakeAPI, chat, issue, review_json
from tests.fakechat import FakeChat

Cli = Callable[..., Run]
KINDS = ("dingtalk", "wecom", "feishu", "slack", "webhook")
DT_SECRET, FS_SECRET = "SEC0123dingtalk", "feishu-secret-abc"


@pytest.fixture
def chats() -> Iterator[FakeChat]:
    server = FakeChat(dingtalk_secret=DT_SECRET, feishu_secret=FS_SECRET)
    yield server
    server.close()


def notify_env(chats: FakeChat, **extra: str) -> dict[str, str | None]:
    return {
        "REVIEWER_NOTIFY": " ".join(f"{kind}={chats.url(kind)}" for kind in KINDS),
        "REVIEWER_NOTIFY_DINGTALK_SECRET": DT_SECRET,
        "REVIEWER_NOTIFY_FEISHU_SECRET": FS_SECRET,
        **extra,
    }


def _text(kind: str, body: dict[str, object]) -> str:
    """What a person reads of a message, as one string."""
    return json.dumps(body, ensure_ascii=False)


def test_one_signed_message_per_webhook_in_chinese_and_the_same_exit_code(
    cli: Cli, fake: FakeAPI, chats: FakeChat, sample: Path
) -> None:
    finding = issue(2, "循环越界", quote="for i in range(len(xs) + 1):")
    fake.add(chat(review_json(4, "循环多走了一步。", [finding])))
    run = cli(str(sample), "--language", "zh-CN", env=notify_env(chats))
    assert run.exit_code == 1, run.stdout + run.stderr  # as without notifications
    assert "warning" not in run.stderr, run.stderr
    assert sorted(chats.messages) == sorted(KINDS)
    assert all(len(bodies) == 1 for bodies in chats.messages.values())
    for kind in ("dingtalk", "wecom", "feishu", "slack"):
        text = _text(kind, chats.messages[kind][0])
        assert "app.py:2" in text and "4/10" in text and "1 个问题" in text, kind
        assert "高" in text and "循环越界" in text, kind
    assert chats.messages["webhook"][0]["score"] == 4  # the JSON report itself
    for secret in (DT_SECRET, FS_SECRET, "dt-token-123", "wecom-key-456", "slack-secret"):
        assert secret not in run.stdout + run.stderr


def test_a_bad_secret_and_a_dead_webhook_cost_one_warning_line_each(
    cli: Cli, fake: FakeAPI, chats: FakeChat, sample: Path
) -> None:
    fake.add(chat(review_json(9, "Fine.")))
    env = notify_env(chats, REVIEWER_NOTIFY_DINGTALK_SECRET="SECwrong")
    env["REVIEWER_NOTIFY"] = f"{env['REVIEWER_NOTIFY']} webhook=http://127.0.0.1:9/dead"
    run = cli(str(sample), env=env)
    assert run.exit_code == 0, run.stdout + run.stderr
    warnings = [line for line in run.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 2, run.stderr
    assert "dingtalk (127.0.0.1) refused the notification: 310000 sign not match" in warnings[0]
    assert "could not notify webhook (127.0.0.1)" in warnings[1]
    assert "SECwrong" not in run.stderr and "dt-token-123" not in run.stderr
    assert "No findings" in run.stdout  # the report is whole
    assert "dingtalk" not in chats.messages and "wecom" in chats.messages


def test_many_findings_are_cut_to_each_platforms_limit_with_and_n_more(
    cli: Cli, fake: FakeAPI, chats: FakeChat, tmp_path: Path
) -> None:
    code = "".join(f"value_{n} = compute({n})  # {'x' * 60}\n" for n in range(300))
    Path("big.py").write_text(code)
    issues = [issue(n + 1, f"Problem number {n} with a long title " + "y" * 80,
                    quote=f"value_{n} = compute({n})") for n in range(300)]  # fmt: skip
    fake.add(chat(review_json(3, "Many.", issues)))
    run = cli("big.py", "--filter-mode", "file", env=notify_env(chats))
    assert run.exit_code == 1, run.stderr
    assert "warning" not in run.stderr, run.stderr
    wecom = chats.messages["wecom"][0]["markdown"]["content"]
    assert len(wecom.encode()) <= 4096 and re.search(r"and \d+ more findings", wecom)
    slack = chats.messages["slack"][0]
    assert all(len(b["text"]["text"]) <= 3000 for b in slack["blocks"] if b["type"] == "section")


def test_the_author_is_mentioned_when_the_gate_fails_and_unknown_kinds_are_usage_errors(
    cli: Cli, fake: FakeAPI, chats: FakeChat, sample: Path, tmp_path: Path
) -> None:
    config = tmp_path / "reviewer.toml"
    config.write_text(
        '[notify_mentions."dev@example.com"]\n'
        'dingtalk = "13800000000"\nwecom = "zhangsan"\nslack = "U123"\nfeishu = "ou_abc"\n'
    )
    fake.add(chat(review_json(4, "x", [issue(2, "Bug", quote="for i in range(len(xs) + 1):")])))
    env = notify_env(chats, CI_COMMIT_AUTHOR="Dev <dev@example.com>", GITLAB_CI="true",
                     CI_PROJECT_ID="1", CI_PIPELINE_SOURCE="push")  # fmt: skip
    run = cli(str(sample), "--config", str(config), env=env)
    assert run.exit_code == 1, run.stderr
    assert chats.messages["dingtalk"][0]["at"]["atMobiles"] == ["13800000000"]
    assert "<@zhangsan>" in chats.messages["wecom"][0]["markdown"]["content"]
    assert "<@U123>" in json.dumps(chats.messages["slack"][0])
    assert '"user_id": "ou_abc"' in json.dumps(chats.messages["feishu"][0])
    run = cli(str(sample), env={"REVIEWER_NOTIFY": "https://chat.example.com/hook?token=s3cret"})
    assert run.exit_code == 2 and "cannot tell the kind" in run.stderr
    assert "s3cret" not in run.stderr


def test_notify_on_says_when_to_send(
    cli: Cli, fake: FakeAPI, chats: FakeChat, sample: Path, tmp_path: Path
) -> None:
    config = tmp_path / "reviewer.toml"
    for notify_on, sent in (("failure", False), ("findings", False), ("always", True)):
        config.write_text(f'notify_on = "{notify_on}"\n')
        fake.add(chat(review_json(9, "Fine.")))
        env = {"REVIEWER_NOTIFY": f"slack={chats.url('slack')}"}
        run = cli(str(sample), "--config", str(config), "--no-cache", env=env)
        assert run.exit_code == 0, run.stderr
        assert ("slack" in chats.messages) is sent, notify_on
    fake.add(chat(review_json(4, "x", [issue(2, "Bug", quote="for i in range(len(xs) + 1):")])))
    config.write_text('notify_on = "failure"\n')
    env = {"REVIEWER_NOTIFY": f"wecom={chats.url('wecom')}"}
    assert cli(str(sample), "--config", str(config), "--no-cache", env=env).exit_code == 1
    assert len(chats.messages["wecom"]) == 1  # the gate failed: sent
