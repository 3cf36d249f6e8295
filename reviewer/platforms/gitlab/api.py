"""The GitLab REST API (see platforms/rest.py for what every platform's client does).

The token goes in `PRIVATE-TOKEN`. A 429 is waited out as GitLab says, by `Retry-After` or
`RateLimit-Reset` (https://docs.gitlab.com/administration/settings/user_and_ip_rate_limits/
#response-headers), up to a cap. GitLab's error bodies are `{"message": ...}` with a string,
a list or a table of field errors, or `{"error": ...}`; each is read into one line.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, ClassVar

from reviewer.platforms.rest import PlatformError, RestAPI


class GitLabError(PlatformError):
    pass


def _flatten(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{key} {_flatten(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_flatten(item) for item in value)
    return str(value)


class GitLabAPI(RestAPI):
    name: ClassVar[str] = "the GitLab API"
    error: ClassVar[type[PlatformError]] = GitLabError

    def headers(self, token: str) -> Mapping[str, str]:
        return {"PRIVATE-TOKEN": token}

    def wait(self, response: Any) -> float | None:
        if response.status_code == 429:
            headers = response.headers
            if headers.get("retry-after", "").strip().isdigit():
                return float(headers["retry-after"])
            reset = headers.get("ratelimit-reset", "").strip()
            return max(0.0, float(reset) - time.time()) if reset.isdigit() else self._backoff
        return super().wait(response)

    def next_page(
        self, response: Any, path: str, query: dict[str, Any]
    ) -> tuple[str | None, dict[str, Any]]:
        # GitLab also names the next page in `X-Next-Page` (empty on the last).
        number = response.headers.get("x-next-page", "").strip()
        return (path, {**query, "page": int(number)}) if number.isdigit() else (None, query)

    def describe(self, data: Any) -> str | None:
        if not isinstance(data, dict):
            return None
        found = data.get("message") or data.get("error")
        return _flatten(found) if found else None
