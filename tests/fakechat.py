"""Fakes of the chat webhooks on 127.0.0.1, strict as each platform documents itself, answering
as each answers (an HTTP 200 with an error code, for DingTalk, WeCom and Feishu):

- DingTalk custom robot (https://open.dingtalk.com/document/robots/customize-robot-security-settings,
  https://open.dingtalk.com/document/orgapp/custom-bot-send-message-type): `access_token`; with a
  secret, `timestamp` (ms, within an hour) and `sign` = base64(HMAC-SHA256(secret,
  "timestamp\\nsecret")), else errcode 310000; a markdown message needs `title` and `text`.
- WeCom group robot (https://developer.work.weixin.qq.com/document/path/91770): `key`; markdown
  `content` at most 4,096 bytes, else errcode 40058.
- Feishu custom bot (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): with a
  secret, `timestamp` (s, within an hour) and `sign` = base64(HMAC-SHA256("timestamp\\nsecret",
  "")), else code 19021; the body at most 20 KB, else code 9499.
- Slack incoming webhook (https://api.slack.com/messaging/webhooks, https://api.slack.com/
  reference/block-kit/blocks): at most 50 blocks, a section's text at most 3,000 characters,
  else 400 `invalid_blocks`; answers `ok`.
- a plain webhook that takes any JSON.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.loopback import Call, LoopbackServer, serve_json

DINGTALK, WECOM, FEISHU, SLACK, HOOK = (
    "/robot/send", "/cgi-bin/webhook/send", "/open-apis/bot/v2/hook/", "/services/", "/hook",
)  # fmt: skip


# The answers that mean a message was taken.
ACCEPTED = ({"errcode": 0, "errmsg": "ok"}, "ok", {"code": 0, "msg": "success", "data": {}})


def _within_an_hour(stamp: float) -> bool:
    return abs(time.time() - stamp) < 3600


@dataclass
class FakeChat:
    dingtalk_secret: str | None = None
    feishu_secret: str | None = None
    calls: list[Call] = field(default_factory=list)
    messages: dict[str, list[Any]] = field(default_factory=dict)  # kind -> bodies accepted

    def __post_init__(self) -> None:
        self._server: LoopbackServer = serve_json(self)

    def url(self, kind: str) -> str:
        origin = self._server.origin
        return {
            "dingtalk": f"{origin}{DINGTALK}?access_token=dt-token-123",
            "wecom": f"{origin}{WECOM}?key=wecom-key-456",
            "feishu": f"{origin}{FEISHU}feishu-hook-789",
            "slack": f"{origin}{SLACK}T000/B000/slack-secret-000",
            "webhook": f"{origin}{HOOK}",
        }[kind]

    def close(self) -> None:
        self._server.close()

    def respond(
        self, method: str, target: str, headers: dict[str, str], body: Any
    ) -> tuple[int, Any, dict[str, str]]:
        url = urlsplit(target)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        routes = {DINGTALK: ("dingtalk", self._dingtalk), WECOM: ("wecom", self._wecom),
                  FEISHU: ("feishu", self._feishu), SLACK: ("slack", self._slack)}  # fmt: skip
        for prefix, (kind, check) in routes.items():
            if url.path.startswith(prefix):
                status, answer = check(query, body)
                if status == 200 and answer in ACCEPTED:
                    self.messages.setdefault(kind, []).append(body)
                return status, answer, {}
        if url.path == HOOK and isinstance(body, dict):
            self.messages.setdefault("webhook", []).append(body)
            return 200, {}, {}
        return 404, {"message": "no such webhook"}, {}

    def _dingtalk(self, query: dict[str, str], body: Any) -> tuple[int, Any]:
        if query.get("access_token") != "dt-token-123":
            return 200, {"errcode": 300001, "errmsg": "token is not exist"}
        if self.dingtalk_secret is not None:
            stamp = query.get("timestamp", "")
            mac = hmac.new(self.dingtalk_secret.encode(),
                           f"{stamp}\n{self.dingtalk_secret}".encode(), hashlib.sha256)  # fmt: skip
            good = base64.b64encode(mac.digest()).decode()  # parse_qs has unquoted it
            if (
                not stamp.isdigit()
                or not _within_an_hour(int(stamp) / 1000)
                or (query.get("sign") != good)
            ):
                return 200, {"errcode": 310000, "errmsg": "sign not match"}
        markdown = body.get("markdown") if isinstance(body, dict) else None
        if (
            body.get("msgtype") != "markdown"
            or not isinstance(markdown, dict)
            or not all(isinstance(markdown.get(k), str) and markdown[k] for k in ("title", "text"))
        ):
            return 200, {"errcode": 40035, "errmsg": "缺少参数 json"}
        return 200, {"errcode": 0, "errmsg": "ok"}

    def _wecom(self, query: dict[str, str], body: Any) -> tuple[int, Any]:
        if query.get("key") != "wecom-key-456":
            return 200, {"errcode": 93000, "errmsg": "invalid webhook url"}
        content = (body.get("markdown") or {}).get("content") if isinstance(body, dict) else None
        if body.get("msgtype") != "markdown" or not isinstance(content, str) or not content:
            return 200, {"errcode": 40008, "errmsg": "invalid message type"}
        if len(content.encode("utf-8")) > 4096:
            return 200, {"errcode": 40058, "errmsg": "markdown.content exceed max length 4096"}
        return 200, {"errcode": 0, "errmsg": "ok"}

    def _feishu(self, query: dict[str, str], body: Any) -> tuple[int, Any]:
        if len(json.dumps(body, ensure_ascii=False).encode("utf-8")) > 20_000:
            return 200, {"code": 9499, "msg": "Bad Request", "data": {}}
        if self.feishu_secret is not None:
            stamp = str(body.get("timestamp", ""))
            key = f"{stamp}\n{self.feishu_secret}".encode()
            good = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
            if not stamp.isdigit() or not _within_an_hour(int(stamp)) or body.get("sign") != good:
                return 200, {"code": 19021, "msg": "sign match fail or timestamp is not within "
                             "one hour from current time"}  # fmt: skip
        post = (
            ((body.get("content") or {}).get("post") or {})
            if body.get("msg_type") == "post"
            else {}
        )
        if not post or not all(isinstance(p.get("content"), list) for p in post.values()):
            return 200, {"code": 9499, "msg": "Bad Request", "data": {}}
        return 200, {"code": 0, "msg": "success", "data": {}}

    def _slack(self, query: dict[str, str], body: Any) -> tuple[int, Any]:
        blocks = body.get("blocks") if isinstance(body, dict) else None
        if not isinstance(blocks, list) or len(blocks) > 50 or not body.get("text"):
            return 400, "invalid_blocks"
        for block in blocks:
            if block.get("type") == "section" and len(block["text"]["text"]) > 3000:
                return 400, "invalid_blocks"
        return 200, "ok"
