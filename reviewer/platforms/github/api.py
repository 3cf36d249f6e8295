"""The GitHub REST API (see platforms/rest.py for what every platform's client does).

Honours GitHub's rate limits: a 403 or 429 with Retry-After, or with x-ratelimit-remaining 0,
waits as told (up to a cap) and tries again.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, ClassVar

from reviewer.platforms.rest import PlatformError, RestAPI


class GitHubError(PlatformError):
    pass


class GitHubAPI(RestAPI):
    name: ClassVar[str] = "the GitHub API"
    error: ClassVar[type[PlatformError]] = GitHubError

    def headers(self, token: str) -> Mapping[str, str]:
        return {
            "Authorization": f"Bearer {token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        }

    def wait(self, response: Any) -> float | None:
        headers = response.headers
        if response.status_code in (403, 429):
            if headers.get("retry-after", "").strip().isdigit():
                return float(headers["retry-after"])
            if headers.get("x-ratelimit-remaining") == "0":
                reset = headers.get("x-ratelimit-reset", "")
                return max(0.0, float(reset) - time.time()) if reset.isdigit() else None
            return None
        return super().wait(response)
