"""Secrets assigned to a name that says nothing of them: `spotify: <token>`, `"acme": "<token>"`.
Only a value no one writes by hand is taken (upper and lower case and digits, long, spread over
its alphabet), and never under a name for what is random by design (a hash, an id, a nonce).
Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewer.trust.secrets.values import (
    NAME_WORDS,
    name_words,
    points_at_secret,
    strongly_random,
)

# Found in the whole text at once: an assignment's operator and a long unbroken value after it,
# or a token in the form most services now issue, a short lowercase prefix and a random tail
# (`acme_live_<random>`, `xyz-<random>`), whatever stands around it.
ANCHOR = re.compile(r"""(?:=>?|:)[ \t]*["'`]?[A-Za-z0-9+/_~-]{20,}|[a-z0-9][_-][A-Za-z0-9]{24}""")
_PREFIXED = re.compile(
    r"(?<![\w+/=.-])[a-z][a-z0-9]{1,11}[_-](?:[a-z0-9]{2,10}[_-]){0,2}(?P<tail>[A-Za-z0-9]{24,200})"
    r"(?![\w+/=-])"
)
_ASSIGNED = re.compile(
    r"""(?P<name>[A-Za-z_][\w.-]{0,60})(?P<closed>["'`]?)[ \t]*(?:=>?|:)[ \t]*(?P<open>["'`]?)"""
    r"""(?P<value>[A-Za-z0-9+/_~.-]{20,200}={0,2})(?P<end>["'`]?)"""
    r"""(?=[ \t]*(?:[,;})\]]|$|\s#|\s//))"""
)
# Names of what is random by design, not secret: hashes, ids, nonces, encodings, styles.
_RANDOM_BY_DESIGN = {
    "id", "ids", "uuid", "guid", "uid", "hash", "hashes", "sha", "sha1", "sha256", "sha512",
    "md5", "digest", "checksum", "integrity", "etag", "nonce", "commit", "rev", "revision",
    "version", "signature", "sig", "fingerprint", "salt", "iv", "seed", "slug", "ref", "path",
    "url", "uri", "href", "src", "name", "class", "style", "data", "image", "img", "icon",
    "font", "content", "base64", "b64", "encoded", "cid", "tx", "txid", "oid", "sri", "build",
    "run", "trace", "span", "request", "session", "cursor", "page", "next", "offset", "anchor",
    "hmac", "mac", "crc", "pubkey", "public", "address", "addr", "wallet", "isbn", "sku",
    "title", "text", "label", "message", "description", "example", "sample", "test", "mock",
}  # fmt: skip


def unnamed(line: str) -> Iterator[tuple[int, int]]:
    """The spans of values in `line` random enough to be secrets whatever their name."""
    for match in _PREFIXED.finditer(line):
        if strongly_random(match["tail"]):
            yield match.span()
    for match in _ASSIGNED.finditer(line):
        if match["closed"] != match["open"] and match["closed"]:
            continue  # a quoted name, then an unquoted value: not one assignment
        if match["open"] != match["end"]:
            continue
        name = match["name"]
        words = name_words(name)
        if not words or _RANDOM_BY_DESIGN.intersection(words) or points_at_secret(name):
            continue
        if any(word in name.lower() for word in NAME_WORDS):
            continue  # a secret's name: the grammar judged it, and more knowingly
        value = match["value"]
        if strongly_random(value):
            yield match.span("value")
