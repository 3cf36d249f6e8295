"""The expected failures, each with its exit code from the contract."""

from __future__ import annotations

from reviewer.contract import EXIT_PROVIDER, EXIT_USAGE


class ReviewerError(Exception):
    """An expected failure: the CLI prints its message on one line and exits with its code."""

    exit_code: int = EXIT_USAGE

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(ReviewerError):
    """Bad option, bad config, missing key, unreadable input: exit 2."""

    exit_code = EXIT_USAGE


class ProviderError(ReviewerError):
    """The model provider failed after retries, or its replies stayed invalid: exit 3.
    `kind` says which failure, for reports that go beyond the message ("unreachable",
    "no model", "auth", or "" for the rest). The first three would fail every request alike."""

    FATAL = frozenset({"unreachable", "no model", "auth"})

    exit_code = EXIT_PROVIDER

    def __init__(self, message: str, *, kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind


class ContextTooLong(ProviderError):
    """The provider says the request is longer than the model's context: split and ask again."""


class NothingToDo(Exception):
    """Not an error: the run ends at once with a warning and exit 0 (a first push that
    pre-commit gives no range for)."""
