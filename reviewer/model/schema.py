"""The reply shapes the model is asked for (the contract), validated with pydantic.

Validation is lenient where the model's intent is unambiguous (case of enum words, a reversed
range), so that a fixable slip does not cost another round trip; everything else is an error
that is quoted back to the model.

Every text is cut to its limit (model/shown.py) as it is read, before anything copies it: a
server need not honour the reply's token cap.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reviewer.contract import Category, Severity
from reviewer.model.shown import (
    FIX_LIMIT,
    PATH_LIMIT,
    QUOTE_LIMIT,
    TEXT_LIMIT,
    TITLE_LIMIT,
    cut,
    cut_lines,
)


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _cut_to(limit: int) -> Any:
    """An after-validator that cuts a text (or leaves None) to `limit` characters."""

    def validate(value: str | None) -> str | None:
        return None if value is None else cut(value, limit)

    return validate


class ReplyIssue(BaseModel):
    model_config = ConfigDict(extra="ignore")

    line: int = Field(ge=1, description="1-based line in the new version of the file")
    end_line: int | None = Field(default=None, ge=1, description="last line, if more than one")
    severity: Severity
    category: Category
    title: str = Field(min_length=1, description="one line naming the problem")
    message: str = Field(description="why it is wrong and what breaks")
    suggestion: str | None = Field(default=None, description="how to fix it")
    quote: str = Field(default="", description="the code the finding is about, verbatim")
    fix: str | None = Field(
        default=None, description="the code that replaces the quoted lines, verbatim, if certain"
    )

    _lower_enums = field_validator("severity", "category", mode="before")(_lower)
    _cut_title = field_validator("title")(_cut_to(TITLE_LIMIT))
    _cut_texts = field_validator("message", "suggestion")(_cut_to(TEXT_LIMIT))

    @field_validator("quote")
    @classmethod
    def _cut_quote(cls, value: str) -> str:
        return cut_lines(value, QUOTE_LIMIT)

    @field_validator("fix")
    @classmethod
    def _no_long_fix(cls, value: str | None) -> str | None:
        # Dropped, never cut: the first half of a fix is wrong code. The finding stays.
        return None if value is not None and len(value) > FIX_LIMIT else value

    @field_validator("end_line", mode="before")
    @classmethod
    def _no_end_line(cls, value: Any) -> Any:
        # 0 (or less) for "no end line" is a slip whose intent is plain: null.
        return (
            None if isinstance(value, int) and not isinstance(value, bool) and value < 1 else value
        )

    @model_validator(mode="after")
    def _ordered_range(self) -> ReplyIssue:
        if self.end_line is not None and self.end_line < self.line:
            self.line, self.end_line = self.end_line, self.line
        return self


class ReviewReply(BaseModel):
    model_config = ConfigDict(extra="ignore")

    score: int = Field(ge=1, le=10, description="1 (broken) to 10 (no problems)")
    summary: str = Field(description="one paragraph on the code")
    issues: list[ReplyIssue]

    _cut_summary = field_validator("summary")(_cut_to(TEXT_LIMIT))


class PackIssue(ReplyIssue):
    path: str = Field(description="the file the issue is about, as the prompt names it")

    _cut_path = field_validator("path")(_cut_to(PATH_LIMIT))


class PackFile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    path: str
    score: int = Field(ge=1, le=10)
    summary: str = ""

    _cut_path = field_validator("path")(_cut_to(PATH_LIMIT))
    _cut_summary = field_validator("summary")(_cut_to(TEXT_LIMIT))


class PackReply(BaseModel):
    """The reply to a request that reviews several small files (pack_tokens)."""

    model_config = ConfigDict(extra="ignore")

    score: int = Field(ge=1, le=10, description="1 (broken) to 10 (no problems)")
    summary: str = Field(description="one paragraph on the files")
    issues: list[PackIssue]
    files: list[PackFile] = Field(default_factory=list)

    _cut_summary = field_validator("summary")(_cut_to(TEXT_LIMIT))


class Verdict(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: int = Field(ge=1, description="the finding's id as listed")
    keep: bool
    severity: Severity | None = None
    reason: str = ""

    _lower_severity = field_validator("severity", mode="before")(_lower)
    _cut_reason = field_validator("reason")(_cut_to(TEXT_LIMIT))


class VerdictReply(BaseModel):
    model_config = ConfigDict(extra="ignore")

    verdicts: list[Verdict]


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the form OpenAI's strict structured outputs accept.

    Strict mode wants every property listed in `required` (optional ones made nullable), no
    extra properties, and no `default` or string-length keywords; pydantic's schema is adjusted
    accordingly (the lengths are still checked when the reply is validated).
    """
    schema = model.model_json_schema()

    def visit(node: dict[str, Any]) -> None:
        for keyword in ("default", "minLength", "maxLength"):
            node.pop(keyword, None)
        properties = node.get("properties")
        if node.get("type") == "object" and isinstance(properties, dict):
            node["additionalProperties"] = False
            node["required"] = list(properties)
            for child in properties.values():
                visit(child)
        for key in ("$defs", "definitions"):
            for child in node.get(key, {}).values():
                visit(child)
        for key in ("anyOf", "oneOf", "allOf"):
            for child in node.get(key, []):
                visit(child)
        if isinstance(node.get("items"), dict):
            visit(node["items"])

    visit(schema)
    return schema
