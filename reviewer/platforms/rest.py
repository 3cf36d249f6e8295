"""A platform's REST API through httpx2 (the HTTP client the openai SDK already brings).

Shared by the platform adapters: retries with backoff on 5xx and unreachable hosts, the waits a
platform asks for when it limits the rate (up to a cap: a longer wait is reported, not slept
through), pagination by the `Link` header, and errors that carry the status and the platform's
own message, never the token.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

from reviewer import __version__

T = TypeVar("T")
RETRIES = 3
MAX_WAIT = 60.0  # seconds


class PlatformError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class RestAPI:
    name: ClassVar[str] = "the API"
    error: ClassVar[type[PlatformError]] = PlatformError

    def __init__(
        self,
        api_url: str,
        token: str,
        *,
        timeout: float = 30.0,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import httpx2  # deferred: only posting talks to a platform

        self._httpx = httpx2
        self._token = token
        self._client = httpx2.Client(
            base_url=api_url.rstrip("/"),
            timeout=timeout,
            headers={"User-Agent": f"reviewer/{__version__}", **self.headers(token)},
        )
        self._backoff = backoff
        self._sleep = sleep

    def close(self) -> None:
        self._client.close()

    def headers(self, token: str) -> Mapping[str, str]:
        """What every request carries: the token, and the API version where there is one."""
        return {"Authorization": f"Bearer {token}"}

    def wait(self, response: Any) -> float | None:
        """Seconds the platform asks us to wait before trying again, or None when it does not."""
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
                raise self.error(0, f"cannot reach {self.name}: {self._clean(str(exc))}") from None
            if response.status_code < 400:
                return response
            wait = self.wait(response)
            if wait is None or wait > MAX_WAIT or attempt == RETRIES:
                raise self.error(response.status_code, self._message(response))
            self._sleep(wait * (2**attempt if response.status_code >= 500 else 1))
        raise AssertionError("unreachable")

    def describe(self, data: Any) -> str | None:
        """The platform's own words for an error body (GitHub's and GitLab's `message`)."""
        text = data.get("message") if isinstance(data, dict) else None
        return str(text) if text else None

    def _clean(self, text: str) -> str:
        return " ".join(text.replace(self._token, "***").split()) if self._token else text

    def _message(self, response: Any) -> str:
        try:
            data = response.json()
        except ValueError:
            data = None
        message = self.describe(data) or response.text[:200] or response.reason_phrase
        return self._clean(message)

    def paginate(self, path: str, **params: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        url: str | None = path
        query: dict[str, Any] = {"per_page": 100, **params}
        while url is not None:
            response = self.request("GET", url, **query)
            page = response.json()
            items += [item for item in page if isinstance(item, dict)]
            url = response.links.get("next", {}).get("url")
            if url is None and page:
                url, query = self.next_page(response, path, query)
            else:
                query = {}  # the next link carries its own query
        return items

    def next_page(
        self, response: Any, path: str, query: dict[str, Any]
    ) -> tuple[str | None, dict[str, Any]]:
        """The next page when the answer has no `Link` to it (None: this was the last)."""
        return None, query


def read_or_none(api: RestAPI, read: Callable[[RestAPI], T]) -> T | None:
    """What `read` gets through `api`, or None when the platform refuses (posting says why
    later); the client is closed either way."""
    try:
        return read(api)
    except PlatformError:
        return None
    finally:
        api.close()
