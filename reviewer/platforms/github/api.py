"""The GitHub REST API through httpx2 (the HTTP client the openai SDK already brings).

Honours GitHub's rate limits: a 403 or 429 with Retry-After, or with x-ratelimit-remaining 0,
waits as told (up to a cap) and tries again; 5xx is retried with a short backoff. Anything else
is a GitHubError carrying the status and GitHub's own message. The token never appears in one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from reviewer import __version__

RETRIES = 3
MAX_WAIT = 60.0  # seconds: a longer rate-limit wait is reported, not slept through


class GitHubError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class GitHubAPI:
    def __init__(
        self,
        api_url: str,
        token: str,
        *,
        timeout: float = 30.0,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import httpx2  # deferred: only --post talks to GitHub

        self._httpx = httpx2
        self._token = token
        self._client = httpx2.Client(
            base_url=api_url.rstrip("/"),
            timeout=timeout,
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": f"reviewer/{__version__}",
            },
        )
        self._backoff = backoff
        self._sleep = sleep

    def close(self) -> None:
        self._client.close()

    def _wait(self, response: Any) -> float | None:
        """Seconds GitHub asks us to wait before trying again, or None when it does not."""
        headers = response.headers
        if response.status_code in (403, 429):
            if headers.get("retry-after", "").strip().isdigit():
                return float(headers["retry-after"])
            if headers.get("x-ratelimit-remaining") == "0":
                reset = headers.get("x-ratelimit-reset", "")
                return max(0.0, float(reset) - time.time()) if reset.isdigit() else None
            return None
        if response.status_code >= 500:
            return self._backoff
        return None

    def request(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        for attempt in range(RETRIES + 1):
            try:
                response = self._client.request(method, path, json=body, params=params or None)
            except self._httpx.HTTPError as exc:
                if attempt < RETRIES:
                    self._sleep(self._backoff * 2**attempt)
                    continue
                raise GitHubError(0, f"cannot reach the GitHub API: {exc}") from None
            if response.status_code < 400:
                return response
            wait = self._wait(response)
            if wait is None or wait > MAX_WAIT or attempt == RETRIES:
                raise GitHubError(response.status_code, self._message(response))
            self._sleep(wait * (2**attempt if response.status_code >= 500 else 1))
        raise AssertionError("unreachable")

    def _message(self, response: Any) -> str:
        try:
            data = response.json()
        except ValueError:
            data = None
        text = data.get("message") if isinstance(data, dict) else None
        message = str(text) if text else response.text[:200] or response.reason_phrase
        return " ".join(message.replace(self._token, "***").split())

    def paginate(self, path: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        url: str | None = path
        params: dict[str, Any] = {"per_page": 100}
        while url is not None:
            response = self.request("GET", url, **params)
            page = response.json()
            items += [item for item in page if isinstance(item, dict)]
            url = response.links.get("next", {}).get("url")
            params = {}  # the next link carries its own query
        return items
