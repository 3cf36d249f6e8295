"""What a run is expected to cost before it sends anything, and whether it may go on spending:
the `max_cost` cap, checked against the estimate first and against what was spent as the
requests finish. List prices from the price table; estimates, not invoices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reviewer.errors import UsageError
from reviewer.model.pricing import ModelInfo, estimate_cost
from reviewer.model.prompts import Messages
from reviewer.model.tokens import estimate_tokens
from reviewer.result import Usage

# Completion tokens a review reply takes, typically (a score, a summary, a few findings): the
# estimate's assumption. The reply cap is far higher, and seldom reached.
EXPECTED_REPLY = 500


@dataclass(frozen=True)
class Estimate:
    requests: int
    prompt_tokens: int
    completion_tokens: int
    cost: float | None  # None: the model's price is unknown

    def __str__(self) -> str:
        cost = f"about ${self.cost:.4f}" if self.cost is not None else "cost unknown"
        return (
            f"{cost} ({self.requests} request{'s' if self.requests != 1 else ''}, "
            f"{self.prompt_tokens:,} prompt and about {self.completion_tokens:,} completion "
            "tokens)"
        )


def estimate(requests: Sequence[Messages], price: ModelInfo, self_check: bool) -> Estimate:
    """The review requests' cost; with the self-check, each is reckoned twice (its request shows
    the same code again)."""
    times = 2 if self_check else 1
    prompt = sum(estimate_tokens(messages) for messages in requests) * times
    completion = EXPECTED_REPLY * len(requests) * times
    cost = estimate_cost(price, prompt, completion)
    return Estimate(len(requests) * times, prompt, completion, cost)


def check_cap(found: Estimate, cap: float | None, model: str) -> None:
    """A run over `max_cost` sends nothing: exit 2, naming the estimate."""
    if cap is None:
        return
    if found.cost is None:
        raise UsageError(
            f"--max-cost needs the price of {model}, which the price table does not know: add "
            f'it under [prices] in the config ("{model}" = [input, output] USD a million tokens)'
        )
    if found.cost > cap:
        raise UsageError(
            f"this run would cost {found}, over --max-cost ${cap:g}: review less, or raise it"
        )


@dataclass(frozen=True)
class Spending:
    """What the run has spent so far (its session's usage), against its cap."""

    cap: float | None
    price: ModelInfo
    usage: Usage

    def reached(self) -> bool:
        if self.cap is None:
            return False
        usage = self.usage
        spent = estimate_cost(self.price, usage.prompt_tokens, usage.completion_tokens,
                              usage.cached_prompt_tokens)  # fmt: skip
        return spent is not None and spent >= self.cap
