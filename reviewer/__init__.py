"""reviewer: an AI code reviewer that speaks to any OpenAI-compatible API."""

__version__ = "0.1.0"
