"""`--language`: the model is asked for the team's language in the review and in the self-check;
quotes stay code, so grounding is unaffected; a tag that names no language is a usage error."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run
from tests.fakeapi import FakeAPI, chat, issue, review_json

Cli = Callable[..., Run]


def _prompts(fake: FakeAPI) -> list[str]:
    return [r.body["messages"][0]["content"] for r in fake.chat_requests]


def test_a_zh_cn_review_asks_for_simplified_chinese_in_the_review_and_the_self_check(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    finding = issue(2, "循环越界", quote="for i in range(len(xs) + 1):",
                    message="range(len(xs) + 1) 会读到 xs[len(xs)]，抛出 IndexError。")  # fmt: skip
    fake.add(
        chat(review_json(4, "循环多走了一步。", [finding])),
        chat(json.dumps({"verdicts": [{"id": 1, "keep": True, "reason": "第 2 行越界。"}]})),
    )
    run = cli(str(sample), "--language", "zh-CN", "--self-check", "-f", "json")
    assert run.exit_code == 1, run.stdout + run.stderr
    review, check = _prompts(fake)
    for prompt in (review, check):
        assert "Chinese (Simplified, China) (zh-CN)" in prompt
    assert "never translated" in " ".join(review.split())
    [kept] = json.loads(run.stdout)["findings"]
    assert kept["title"] == "循环越界" and kept["grounded"] is True


def test_english_asks_for_nothing_more_and_a_bad_tag_is_a_usage_error(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    fake.add(chat(review_json(9, "Fine.")))
    run = cli(str(sample))
    assert run.exit_code == 0 and "read English" not in _prompts(fake)[0]
    assert "Simplified" not in _prompts(fake)[0]
    run = cli(str(sample), "--language", "klingon")
    assert run.exit_code == 2 and "language" in run.stderr and "BCP 47" in run.stderr
    assert len(fake.chat_requests) == 1  # nothing sent for the bad tag


def test_posted_markdown_speaks_chinese_and_machine_outputs_do_not_change(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    finding = issue(2, "循环越界", quote="for i in range(len(xs) + 1):")
    for _ in range(3):
        fake.add(chat(review_json(4, "循环多走了一步。", [finding])))
    markdown = cli(str(sample), "--language", "zh-CN", "-f", "markdown", "--no-cache").stdout
    assert "| 严重程度 | 位置 | 问题 |" in markdown
    assert "评分 **4/10**：1 个问题（1 高），共 1 个文件。" in markdown
    assert "<summary>文件</summary>" in markdown and "Severity" not in markdown
    english = json.loads(cli(str(sample), "-f", "json", "--no-cache").stdout)
    chinese = json.loads(cli(str(sample), "--language", "zh-CN", "-f", "json", "--no-cache").stdout)
    assert english.keys() == chinese.keys()
    assert [f["severity"] for f in chinese["findings"]] == ["high"]  # a value tools match on


def test_eval_reports_the_same_figures_whatever_the_language(fake: FakeAPI) -> None:
    from tests.test_trust import answers, run_eval

    fake.responder = answers(0.5)
    figures = []
    for language in ("en", "zh-CN"):
        run = run_eval(fake, "--format", "json", "--language", language, "--no-cache")
        assert run.exit_code == 0, run.stderr
        report = json.loads(run.stdout)
        figures.append({k: report[k] for k in ("recall", "precision", "exact_line_rate")})
    assert figures[0] == figures[1] and figures[0]["recall"] == 0.5
    prompts = [r.body["messages"][0]["content"] for r in fake.chat_requests]
    assert sum("Chinese (Simplified, China)" in prompt for prompt in prompts) == len(prompts) // 2
