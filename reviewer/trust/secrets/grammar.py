"""Where a line assigns a value to a name, across the syntaxes code and configuration use:
`name = "v"` and `name: v` (Python, JS/TS, Ruby, YAML, TOML, INI, .env, properties), `:=`,
`::=`, `?=`, `.=`, `+=`, `=>` (Go, Make, PHP, Ruby, logstash), typed declarations
(`var x string =`, `val x: String =`), quoted keys and JSON-escaped strings, call arguments
(`setProperty("X_TOKEN", "v")`), command-line flags (`--password v`), XML elements and
`key=/value=` attributes, and a value on the line after its XML tag or YAML block. Pure.

Each assignment is judged by `values`: the name says how surely a secret is kept there, the
value whether it is one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from reviewer.trust.secrets.values import (
    Strength,
    is_literal_word,
    is_secret,
    looks_random,
    placeholder_like,
    points_at_secret,
    strength_of,
    strongly_random,
)

# The service a value belongs to, from its name and shape (families.NAMED), if any.
Named = Callable[[str, str], "str | None"]


@dataclass(frozen=True)
class Assignment:
    kind: str
    start: int  # the value's span in the line
    end: int


def _kind(name: str, value: str, strength: Strength | None, named: Named) -> str | None:
    """What the value is, if it is a secret: its service's kind, a password, or a secret."""
    service = named(name, value)
    if strength is None:
        # A service's own name holds its secret (`HEROKU = "<uuid>"`) when the value fits.
        ok = service and not points_at_secret(name) and is_secret(value, "secret", quoted=True)
        return service if ok else None
    return service or ("password" if strength == "password" else "secret")


_NAME_CHAR = re.compile(r"[\w.$-]")
_AFTER = re.compile(
    r"""(?x)
    (?P<closed>\\?["'`])?                             # the closing quote of a quoted name
    (?:\[\])?\]?                                      # name[] (PHP, ObjC), dict["name"]
    (?:\s*:\s*&?(?:mut\s+)?[A-Za-z_][\w.<>?:]*(?=\s*=[^=>]))?  # a type: `val apiKey: String =`
    (?P<gotype>\s+[A-Za-z_][\w.\[\]*]*(?=\s*:?=[^=>]))?  # Go's `var apiKey string =`
    (?P<space>[ \t]*)
    (?P<op>:{1,3}=|\?\?=?|\?=|\.=|\+=|\|\|=?|===?|!==?|=>|=|:|,|-(?=[ \t])|\||is(?=[ \t]+["'`]))?
    [ \t]*@?(?:[rRbBuUfF]{1,2}(?=["']))?
    (?: "(?P<dq>(?:[^"\\\n]|\\.)*)"
      | '(?P<sq>(?:[^'\\\n]|\\.)*)'
      | `(?P<bq>[^`\n]*)`
      | \\"(?P<eq>(?:[^"\\]|\\[^"])*)\\"
      | (?P<uq>[^\s"'`,;<\\]+)
    )""")  # fmt: skip
_QUOTED = ("dq", "sq", "bq", "eq")
_TOKEN = re.compile(r"[\w+/=~.-]+")  # a key standing alone: not an address, not code
# A quoted value right after its name, with nothing between: `apikey"...";`.
_TOUCHING = re.compile(
    r"""(?P<closed>)(?P<gotype>)(?P<space>)(?P<op>)(?:"(?P<dq>[^"\\\n]*)"|'(?P<sq>[^'\\\n]*)'"""
    r"""|(?P<bq>(?!))|(?P<eq>(?!))|(?P<uq>(?!)))"""
)
_XML_ELEMENT = re.compile(r"<(?P<name>[\w:.-]+)(?:\s[^<>]*)?>(?P<value>[^<>\s]+)</(?P=name)\s*>")
_XML_TEXT = re.compile(r"<(?P<name>[\w:.-]+)(?:\s[^<>]*)?>(?P<value>[^<>]+)</(?P=name)\s*>")
_WORDS = re.compile(r"(?<![\w+/=~.-])[\w+/=~.-]{16,}")
_XML_PAIR = re.compile(
    r"""(?i)\b(?:key|name)\s*=\s*["'](?P<name>[^"']+)["'][^<>]*?\bvalue\s*=\s*["'](?P<value>[^"']*)["']"""
)
_NAME_VALUE = re.compile(
    r"""(?i)["']?\bname["']?\s*[:=]\s*["']?(?P<name>[\w.-]+)["']?\s*,\s*["']?value["']?\s*[:=]"""
    r"""\s*["']?(?P<value>[^"'\s,}]+)"""
)
# A line that opens a value the next line holds: `<apiToken>`, `token: |`, and Kubernetes'
# `- name: DB_PASSWORD` before `value: ...`.
_OPENING = re.compile(
    r"""(?:<(?P<tag>[\w:.-]+)(?:\s[^<>]*)?>|(?P<key>[\w.-]+)\s*:\s*[|>][-+]?"""
    r"""|^\s*-?\s*["']?name["']?\s*[:=]\s*["']?(?P<named>[\w.-]+)["']?\s*,?)\s*$"""
)
_VALUE_LINE = re.compile(r"""^\s*["']?value["']?\s*[:=]\s*(?P<value>\S.*?)\s*,?\s*$""")


def _name_at(line: str, start: int, end: int) -> tuple[int, int]:
    """The whole name a keyword found at start..end is part of."""
    while start > 0 and _NAME_CHAR.match(line, start - 1):
        start -= 1
    if start > 0 and line[start - 1] == "@":
        start -= 1  # Ruby's `@password`
    while end < len(line) and _NAME_CHAR.match(line, end):
        end += 1
    return start, end


_CLOSES = {")": "(", "]": "[", "}": "{"}


def _trimmed(value: str) -> str:
    """An unquoted value without the bracket or punctuation that closes what holds it."""
    while value and (
        value[-1] in ".:"
        or (value[-1] in _CLOSES and value.count(value[-1]) > value.count(_CLOSES[value[-1]]))
    ):
        value = value[:-1]
    return value


def _ends(line: str, after: re.Match[str]) -> bool:
    """A quoted value that ends its statement: `private_key "...";`, `PASSWORD '...'`."""
    return after["uq"] is None and re.match(r"\s*(?:[;,)]|$)", line[after.end() :]) is not None


_SETTERS = re.compile(
    r"(?i)(?:set|put|define|setenv|setdefault|getenv|get|env|fetch|"
    r"setproperty|getenvordefault|add|config|option)\s*\(\s*\\?[\"'`]$"
)


def _first_argument(line: str, name: str, name_start: int) -> bool:
    """Whether the quoted name at `name_start` opens the arguments of a call that sets or reads
    a setting: `setProperty("X_TOKEN", ...)`, `define('DB_PASSWORD', ...)`, `get("api_key")`."""
    before = line[:name_start]
    if re.search(r"\(\s*\\?[\"'`]$", before) is None:
        return False
    return bool(_SETTERS.search(before) or name.isupper() or re.search(r"[a-z][_.-][a-z]", name))


def _assignment(line: str, name_start: int, name_end: int, named: Named) -> Assignment | None:
    name = line[name_start:name_end].lstrip("$@:").strip(".-") or line[name_start:name_end]
    after = _AFTER.match(line, name_end)
    if after is not None and after["closed"] and not after["op"] and not after["space"]:
        # `apikey"...";`: the quote after the name opens the value
        after = _TOUCHING.match(line, name_end)
    if after is None:
        return None
    if after["gotype"] and not re.search(r"\b(?:var|const)\s+$", line[:name_start]):
        return None  # `pass targets=...`: a word, then another name's assignment
    op = after["op"] or ""
    group = next((g for g in _QUOTED if after[g] is not None), "uq")
    quoted = group != "uq"
    opened = line[name_start - 1 : name_start]
    if re.search(r"[\w.-]/$", line[:name_start]):
        return None  # `"/docs/creating-a-strong-password": ...`: a path's last part
    if quoted and re.match(r"\s*(?:\+|\.(?=\s*[$\w(])|\.\.)", line[after.end() :]):
        return None  # `"application:" + appKey`: a part of an expression, not a value
    if quoted and opened and opened in "\"'`" and not after["closed"]:  # noqa: SIM102
        if line[after.start(group) - 1] == opened:
            return None  # `'password = '.$p[...]`: that quote ends the string the name is in
    flag = bool(after["space"]) and line[name_start] == "-"
    # A name and a word are prose, unless a flag's or a quoted last value, or a value no one
    # types (`spotify SECRET <token>`, `token - '<token>'`: how logs and notes write keys).
    bare = op in ("-", "|") or (
        not op and not flag and not (_ends(line, after) and (after["space"] or not after["closed"]))
    )
    if op == "," and not (after["closed"] and quoted and _first_argument(line, name, name_start)):
        return None  # `for key, value in ...`, `['pass', 'skip']`: only a call's first two
    if op in ("==", "===", "!=", "!==", "||", "??") and not quoted:
        return None  # compared with, or defaulting to, a variable
    value = after[group] if quoted else _trimmed(after["uq"])
    if bare and not (_TOKEN.fullmatch(value) and strength_of(name) and looks_random(value)):
        return None
    if not quoted and line[name_start - 1 : name_start] in ("?", "&"):
        value = value.split("&")[0]  # a parameter of a URL's query
    strength = strength_of(name)
    kind = _kind(name, value, strength, named)
    if kind is None:
        return None
    literal = quoted or is_literal_word(value, op, name, line)
    fits = kind not in ("secret", "password") and not placeholder_like(value)  # a service's shape
    if (
        strength is not None
        and not fits
        and not is_secret(value, strength, quoted=quoted, literal=literal)
    ):
        return _default(line, after.end(), name, strength, named) if not quoted else None
    start = after.start(group)
    return Assignment(kind, start, start + len(value))


# The literal a lookup falls back to: `getenv("X") ?? "..."`, `env.TOKEN || '...'`, `... or "..."`.
_DEFAULT = re.compile(
    r"""(?:[^"'`;]|"[^"]*"|'[^']*')*?(?:\?\?|\|\||\bor\b)\s*(?:"(?P<dq>[^"\s]+)"|'(?P<sq>[^'\s]+)')"""
)


def _default(line: str, at: int, name: str, strength: Strength, named: Named) -> Assignment | None:
    """The secret a variable defaults to, when a lookup of it may find nothing."""
    match = _DEFAULT.match(line, at)
    if match is None:
        return None
    group = "dq" if match["dq"] is not None else "sq"
    if not is_secret(match[group], strength, quoted=True):
        return None
    kind = _kind(name, match[group], strength, named) or "secret"
    return Assignment(kind, *match.span(group))


_NEAR = 40  # how far after a secret's name its value may stand, as TruffleHog's prefixes allow


def _nearby(line: str, name_start: int, name_end: int) -> Assignment | None:
    """A value beyond doubt random a few words after a secret's name (`a rubygems secret
    <host> and <key> within`): prose and logs, where no syntax joins them."""
    if strength_of(line[name_start:name_end].lstrip("$@:")) is None:
        return None
    for word in _WORDS.finditer(line, name_end, min(len(line), name_end + _NEAR + 200)):
        if word.start() > name_end + _NEAR or re.search(
            r"[\"'`,;()\[\]{}]", line[name_end : word.start()]
        ):
            break  # too far, or past what holds the name: another string, argument, statement
        if strongly_random(word.group()):
            return Assignment("secret", *word.span())
    return None


def assignments(line: str, hits: Iterable[tuple[int, int]], named: Named) -> Iterator[Assignment]:
    """The secrets assigned in `line`, found from the secret-like words at `hits`."""
    seen: set[int] = set()
    for start, end in hits:
        name_start, name_end = _name_at(line, start, end)
        if name_start in seen:
            continue
        seen.add(name_start)
        found = _assignment(line, name_start, name_end, named) or _nearby(
            line, name_start, name_end
        )
        if found is not None:
            yield found
    for match in _XML_TEXT.finditer(line):
        if " " in match["value"] and strength_of(match["name"]):
            # `<secret>{AQAAABAAA <key>}</secret>`: the random words of a secret's element
            for word in _WORDS.finditer(match["value"]):
                if looks_random(word.group()):
                    at = match.start("value") + word.start()
                    yield Assignment("secret", at, at + len(word.group()))
    for pattern in (_XML_ELEMENT, _XML_PAIR, _NAME_VALUE):
        for match in pattern.finditer(line):
            found = continued(match["name"], match["value"], named)
            if found is not None:
                yield Assignment(found.kind, *match.span("value"))


def opening(line: str) -> tuple[str, bool] | None:
    """The name whose value the next line holds, and whether that line is `value: ...`."""
    match = _OPENING.search(line)
    if match is None:
        return None
    return (match["named"], True) if match["named"] else (match["tag"] or match["key"], False)


def continued(name: str, line: str, named: Named, *, value_line: bool = False) -> Assignment | None:
    """The value on the line after `<name>`, `name: |` or `name: NAME` (`value_line`), or inside
    an XML element, when `name` holds secrets."""
    if value_line:
        match = _VALUE_LINE.match(line)
        if match is None:
            return None
        line_value = match["value"]
    else:
        line_value = line
    value = line_value.strip().strip("\"'")
    strength = strength_of(name)
    kind = _kind(name, value, strength, named)
    if kind is None or (strength and not is_secret(value, strength, quoted=True)):
        return None
    start = line.index(value) if value else 0
    return Assignment(kind, start, start + len(value))


_SECRET_KIND = re.compile(r"^\s*kind:\s*[\"']?Secret[\"']?\s*$")
_DATA = re.compile(r"^(?P<indent>\s*)(?:data|stringData):\s*$")
_ENTRY = re.compile(r"""^(?P<indent>\s*)[\w.-]+:\s*["']?(?P<value>[^\s"'#]+)["']?\s*$""")


def kubernetes_secret(lines: list[str]) -> Iterator[tuple[int, Assignment]]:
    """The values of a Kubernetes Secret's `data` and `stringData`, whatever their keys (each
    YAML document on its own: a ConfigMap beside a Secret holds no secrets)."""
    starts = [0] + [n + 1 for n, line in enumerate(lines) if line.startswith("---")]
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        if any(_SECRET_KIND.match(line) for line in lines[start:end]):
            yield from _secret_data(lines, start, end)


def _secret_data(lines: list[str], start: int, end: int) -> Iterator[tuple[int, Assignment]]:
    indent: int | None = None  # the keys under `data:` are indented deeper than it
    for number in range(start, end):
        line = lines[number]
        if not line.strip():
            continue
        data = _DATA.match(line)
        if data is not None:
            indent = len(data["indent"])
            continue
        if indent is None or len(line) - len(line.lstrip()) <= indent:
            indent = None
            continue
        entry = _ENTRY.match(line)
        if entry is not None and is_secret(entry["value"], "password", quoted=True):
            yield number, Assignment("kubernetes-secret", *entry.span("value"))
