"""What is shown of text that reviewer does not write or must not reveal: the model's words cut
to a size and file names folded to one line (both come from outside), and URLs with their
secrets masked. Pure.

The limits are characters. A model's reply is capped in tokens, but a server need not honour
the cap, and one title is copied into every report, comment and chat message: 50 MB of it once
made 761 MB of Markdown.
"""

from __future__ import annotations

import re

TITLE_LIMIT = 200  # a title is one line naming the problem
TEXT_LIMIT = 4_000  # a message, a suggestion, a summary (the file's too), a verdict's reason
QUOTE_LIMIT = 4_000  # the code a finding quotes: cut to whole lines, so it still grounds
FIX_LIMIT = 8_000  # a longer fix is dropped, never cut: half a fix is wrong code
PATH_LIMIT = 4_096  # a file name a packed reply gives (PATH_MAX); never shown, only matched
CUT = "…"  # marks where a text was cut

# Line breaks of every kind (str.splitlines' own, which terminals and editors may honour) and
# every other control character, bidirectional overrides too.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")


def one_line(text: str) -> str:
    """`text` on one line: each run of line breaks and control characters is one space. For a
    name (a file's, a title) that must never start a line of its own where it is shown."""
    return _BREAKS.sub(" ", text)


def cut(text: str, limit: int) -> str:
    """`text`, or its first `limit` - 1 characters and the CUT mark (never over `limit`)."""
    if len(text) <= limit:
        return text
    return text[: limit - len(CUT)].rstrip() + CUT


def cut_lines(text: str, limit: int) -> str:
    """`text` within `limit` characters, cut after its last whole line that fits (a single
    line longer than the limit is cut inside it), with no mark: a quote is compared with the
    code, and its first lines still find where it was."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = head.rfind("\n")
    return head[:end] if end > 0 else head


# scheme://, userinfo@, then the rest up to the query and the fragment (RFC 3986, loosely: a
# URL a user typed may be malformed, and must be masked all the same).
_URL = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)?(?P<userinfo>[^/?#]*@)?(?P<rest>[^?#]*)"
    r"(?P<query>\?[^#]*)?(?P<fragment>#.*)?",
    re.DOTALL,
)
MASK = "***"


def _masked_field(field: str) -> str:
    """`name=value` as `name=***`; a field without a name (`?sk-...`) may be a key itself."""
    name, equals, value = field.partition("=")
    if not equals:
        return MASK if field else ""
    return f"{name}={MASK}" if value else f"{name}="


def shown_url(url: str) -> str:
    """`url` as it may be shown in a message, a report or a log: its userinfo (user:password@)
    and every query and fragment value replaced by ***; the scheme, host, port and path kept,
    so the user still sees where it points."""
    match = _URL.fullmatch(url)
    if match is None:  # cannot happen (every part is optional); never show what is not parsed
        return MASK
    scheme, userinfo, rest, query, fragment = match.group(
        "scheme", "userinfo", "rest", "query", "fragment"
    )
    shown = (scheme or "") + (f"{MASK}@" if userinfo else "") + rest
    if query is not None:
        shown += "?" + "&".join(map(_masked_field, query[1:].split("&")))
    if fragment is not None:
        shown += "#" + (MASK if len(fragment) > 1 else "")
    return shown


def url_secrets(url: str) -> list[str]:
    """The parts of `url` that shown_url masks: its userinfo (whole, and the user and the
    password), and its query and fragment values."""
    match = _URL.fullmatch(url)
    if match is None:
        return []
    found: list[str] = []
    userinfo = (match.group("userinfo") or "").removesuffix("@")
    if userinfo:
        found += [userinfo, *userinfo.split(":", 1)]
    query = (match.group("query") or "")[1:]
    for field in query.split("&"):
        name, equals, value = field.partition("=")
        found.append(value if equals else name)
    found.append((match.group("fragment") or "")[1:])
    return list(dict.fromkeys(part for part in found if part))
