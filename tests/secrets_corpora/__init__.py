"""Secrets corpora built from other scanners' rule examples and detector tests, each kept to its
own module so that the one we tune on (`DEVELOPMENT`) and the one we only measure (`HELD_OUT`)
never mix. Every case keeps the syntax its source shows (the keyword, the separator, the quotes,
the lines around it) and draws a fresh fake secret in the shape the source's rule gives: no
secret is copied.

A module holds `SOURCE` (where its cases come from) and two lists:
- `CASES`: `(kind, where, template, shape)`. `template` is the text with `{S}` where the secret
  stands (lines split on "\n"); `shape` is the secret's form in a small regular language:
  literal characters, `\\x` for a literal `x`, `\\d`, `\\w`, `\\h` (hex), and `[...]` classes with
  ranges, each optionally followed by `{n}` or `{n,m}` (the drawn length is n).
- `LOOKALIKES`: `(where, text)`: text a scanner's rule set says is not a secret, kept verbatim.
- `NOT_SECRETS` (optional): kinds the source reports that are no credential to keep from a
  model (account ids, bucket names, public keys, password hashes): loaded, but not counted.
"""

from __future__ import annotations

import importlib
import re
import string
from dataclasses import dataclass

from tests.secrets_corpus import Case, draw

DEVELOPMENT = ("noseyparker", "trufflehog")
HELD_OUT = ("kingfisher",)

_CLASSES = {
    "d": string.digits,
    "w": string.ascii_letters + string.digits + "_",
    "h": "0123456789abcdef",
}
_ATOM = re.compile(r"\\(?P<esc>.)|\[(?P<cls>(?:\\.|[^\]\\])+)\]|(?P<lit>[^\\\[])")
_COUNT = re.compile(r"\{(?P<n>\d+)(?:,\d*)?\}")


def _members(body: str) -> str:
    out: list[str] = []
    chars = re.findall(r"\\.|.", body)
    index = 0
    while index < len(chars):
        char = chars[index]
        if char.startswith("\\"):
            out.append(_CLASSES.get(char[1], char[1]))
        elif index + 2 < len(chars) and chars[index + 1] == "-":
            end = chars[index + 2].lstrip("\\")
            out.append("".join(chr(c) for c in range(ord(char), ord(end) + 1)))
            index += 2
        else:
            out.append(char)
        index += 1
    return "".join(dict.fromkeys("".join(out)))


def shaped(shape: str, seed: str) -> str:
    """A value of `shape`, the same for the same seed on every machine."""
    out: list[str] = []
    at = 0
    while at < len(shape):
        atom = _ATOM.match(shape, at)
        if atom is None:
            raise ValueError(f"shape {shape!r}: cannot read at {at}")
        at = atom.end()
        count = _COUNT.match(shape, at)
        length = 1
        if count is not None:
            length, at = int(count["n"]), count.end()
        if atom["cls"] is not None:
            alphabet = _members(atom["cls"])
        elif atom["esc"] is not None and atom["esc"] in _CLASSES:
            alphabet = _CLASSES[atom["esc"]]
        else:
            out.append((atom["esc"] or atom["lit"]) * length)
            continue
        out.append(draw(f"{seed}/{len(out)}", alphabet, length))
    return "".join(out)


@dataclass(frozen=True)
class Corpus:
    name: str
    source: str
    secrets: list[Case]
    lookalikes: list[str]


def load(name: str) -> Corpus:
    module = importlib.import_module(f"tests.secrets_corpora.{name}")
    secrets = []
    skipped: set[str] = getattr(module, "NOT_SECRETS", set())
    for number, (kind, where, template, shape) in enumerate(module.CASES):
        if kind in skipped:
            continue
        secret = shaped(shape, f"{name}/{where}/{number}")
        lines = tuple(template.replace("{S}", secret).split("\n"))
        secrets.append(Case(kind, where, secret, lines))
    return Corpus(name, module.SOURCE, secrets, [text for _, text in module.LOOKALIKES])
