"""Each chat platform's message, signature and answer, from its own documentation:

- DingTalk custom robot: markdown; signed with `timestamp` (ms) and `sign` in the URL, HMAC-SHA256
  of "timestamp\\nsecret" keyed by the secret (https://open.dingtalk.com/document/robots/
  customize-robot-security-settings); refusals come as HTTP 200 with `errcode` != 0.
- WeCom group robot: markdown, `content` at most 4,096 bytes; mentions `<@userid>`
  (https://developer.work.weixin.qq.com/document/path/91770); `errcode` as DingTalk.
- Feishu/Lark custom bot: a `post`, the body at most 20 KB; signed with `timestamp` (s) and
  `sign` in the body, HMAC-SHA256 of nothing keyed by "timestamp\\nsecret"
  (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot); `code` != 0 refuses.
- Slack incoming webhook: blocks, each section's text at most 3,000 characters; answers `ok`
  (https://api.slack.com/messaging/webhooks).
- `webhook`: the JSON report, as `--format json` writes it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

from reviewer.i18n import _
from reviewer.platforms.chat.digest import Digest, Item
from reviewer.render.safe import for_markdown
from reviewer.render.text import count_of

Body = dict[str, Any]


@dataclass(frozen=True)
class Kind:
    name: str
    hosts: tuple[str, ...]
    limit: int  # bytes the platform takes (of `size`'s measure)
    # The message listing the first `shown` findings; `mention` is the author's id, or "".
    body: Callable[[Digest, int, str], Body]
    size: Callable[[Body], int]
    accepted: Callable[[int, str], str | None]  # None, or why the platform refused it
    secret_var: str | None = None


def _json_size(body: Body) -> int:
    return len(json.dumps(body, ensure_ascii=False).encode("utf-8"))


def _more(digest: Digest, shown: int) -> str | None:
    left = len(digest.items) - shown
    return count_of(left, "and {count} more finding", "and {count} more findings") if left else None


def _listed(digest: Digest, shown: int, line: Callable[[Item], str], more: str) -> list[str]:
    """The first `shown` findings as list lines, and "and N more" (wrapped by `more`) after."""
    lines = [line(item) for item in digest.items[:shown]]
    rest = _more(digest, shown)
    return [*lines, more.format(rest)] if rest else lines


def markdown(digest: Digest, shown: int, mention: str = "") -> str:
    """The message as Markdown (DingTalk and WeCom read a subset; links and bold are in it)."""
    where = digest.where
    # The title and headline are reviewer's own words and CI names; model text goes through
    # for_markdown, so that it mentions nobody and links nothing.
    lines = [f"### {digest.title}", "", f"**{digest.headline}**", ""]
    place = []
    if where.branch:
        place.append(_("branch {name}").format(name=for_markdown(where.branch)))
    if where.change and where.change_url:
        place.append(f"[{where.change}]({where.change_url})")
    if place:
        lines += [" · ".join(place), ""]

    def line(item: Item) -> str:
        spot = f"[{item.where}]({item.url})" if item.url else f"`{item.where}`"
        return f"- {spot} **{item.severity}** {for_markdown(item.title)}"

    lines += _listed(digest, shown, line, "- {}")
    facts = [digest.cost] if digest.cost else []
    if where.run_url:
        facts.append(f"[{_('CI run')}]({where.run_url})")
    if facts:
        lines += ["", " · ".join(facts)]
    if mention:
        lines += ["", mention]
    return "\n".join(lines)


def _errcode(status: int, text: str) -> str | None:
    try:
        data = json.loads(text)
    except ValueError:
        return f"HTTP {status}: {text[:120]}"
    code = data.get("errcode") if isinstance(data, dict) else None
    if status == 200 and code == 0:
        return None
    return (
        f"{code} {data.get('errmsg', '')}".strip() if isinstance(data, dict) else f"HTTP {status}"
    )


def _dingtalk(digest: Digest, shown: int, mention: str) -> Body:
    text = markdown(digest, shown, f"@{mention}" if mention else "")
    body: Body = {"msgtype": "markdown", "markdown": {"title": digest.title, "text": text}}
    if mention:  # DingTalk wants the mention both in the text and in `at`
        key = "atMobiles" if mention.lstrip("+").isdigit() else "atUserIds"
        body["at"] = {key: [mention], "isAtAll": False}
    return body


def _wecom(digest: Digest, shown: int, mention: str) -> Body:
    content = markdown(digest, shown, f"<@{mention}>" if mention else "")
    return {"msgtype": "markdown", "markdown": {"content": content}}


def _feishu(digest: Digest, shown: int, mention: str) -> Body:
    where = digest.where

    def text(value: str) -> dict[str, str]:
        return {"tag": "text", "text": value}

    def link(label: str, href: str | None) -> dict[str, str]:
        return {"tag": "a", "text": label, "href": href} if href else text(label)

    rows: list[list[dict[str, str]]] = [[text(digest.headline)]]
    place = []
    if where.branch:
        place.append(text(_("branch {name}").format(name=where.branch) + " "))
    if where.change:
        place.append(link(where.change, where.change_url))
    if place:
        rows.append(place)
    for item in digest.items[:shown]:
        rows.append([link(item.where, item.url), text(f" {item.severity} {item.title}")])
    more = _more(digest, shown)
    if more:
        rows.append([text(more)])
    facts = [text(digest.cost + " ")] if digest.cost else []
    if where.run_url:
        facts.append(link(_("CI run"), where.run_url))
    if facts:
        rows.append(facts)
    if mention:
        rows.append([{"tag": "at", "user_id": mention}])
    post = {"title": digest.title, "content": rows}
    return {"msg_type": "post", "content": {"post": {"zh_cn": post, "en_us": post}}}


def _feishu_accepted(status: int, text: str) -> str | None:
    try:
        data = json.loads(text)
    except ValueError:
        return f"HTTP {status}: {text[:120]}"
    if not isinstance(data, dict):
        return f"HTTP {status}"
    code = data.get("code", data.get("StatusCode"))
    return None if status == 200 and code == 0 else f"{code} {data.get('msg', '')}".strip()


def _slack(digest: Digest, shown: int, mention: str) -> Body:
    def escape(value: str) -> str:
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    where = digest.where
    head = f"*{escape(digest.title)}*\n{escape(digest.headline)}"
    if where.change and where.change_url:
        head += f"\n<{where.change_url}|{escape(where.change)}>"
    if where.branch:
        head += " · " + escape(_("branch {name}").format(name=where.branch))

    def line(item: Item) -> str:
        spot = f"<{item.url}|{escape(item.where)}>" if item.url else f"`{escape(item.where)}`"
        return f"• {spot} *{escape(item.severity)}* {escape(item.title)}"

    lines = _listed(digest, shown, line, "• {}")
    blocks: list[Body] = [{"type": "section", "text": {"type": "mrkdwn", "text": head}}]
    if lines:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}})
    facts = [escape(digest.cost)] if digest.cost else []
    if where.run_url:
        facts.append(f"<{where.run_url}|{escape(_('CI run'))}>")
    if mention:
        facts.append(f"<@{mention}>")
    if facts:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": " · ".join(facts)}]}
        )
    return {"text": f"{digest.title}: {digest.headline}", "blocks": blocks}


def _slack_size(body: Body) -> int:
    # Slack's limit that binds first: 3,000 characters in a section's text.
    return max(len(b["text"]["text"]) for b in body["blocks"] if b["type"] == "section")


def _slack_accepted(status: int, text: str) -> str | None:
    return None if status == 200 and text.strip() == "ok" else f"HTTP {status}: {text[:120]}"


KINDS: dict[str, Kind] = {
    "dingtalk": Kind("dingtalk", ("oapi.dingtalk.com",), 20_000, _dingtalk, _json_size,
                     _errcode, "REVIEWER_NOTIFY_DINGTALK_SECRET"),
    "wecom": Kind("wecom", ("qyapi.weixin.qq.com",), 4096, _wecom,
                  lambda body: len(body["markdown"]["content"].encode("utf-8")), _errcode),
    # Feishu's 20 KB is of the body as sent: room is left for the signature added after.
    "feishu": Kind("feishu", ("open.feishu.cn", "open.larksuite.com"), 19_800, _feishu,
                   _json_size, _feishu_accepted, "REVIEWER_NOTIFY_FEISHU_SECRET"),
    "slack": Kind("slack", ("hooks.slack.com",), 3000, _slack, _slack_size, _slack_accepted),
}  # fmt: skip


def fitted(kind: Kind, digest: Digest, mention: str) -> Body:
    """The message with as many findings as the platform's limit allows, "and N more" after."""
    shown = len(digest.items)
    body = kind.body(digest, shown, mention)
    while shown and kind.size(body) > kind.limit:
        shown -= 1
        body = kind.body(digest, shown, mention)
    return body


def dingtalk_url(url: str, secret: str, now: float) -> str:
    timestamp = str(int(now * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = quote_plus(base64.b64encode(digest).decode())
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


def feishu_signed(body: Body, secret: str, now: float) -> Body:
    timestamp = str(int(now))
    key = f"{timestamp}\n{secret}".encode()
    sign = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    return {"timestamp": timestamp, "sign": sign, **body}
