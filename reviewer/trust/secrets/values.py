"""Whether a name is one secrets are kept under, and whether a value is a secret rather than a
placeholder, a reference to one, or an ordinary word. Pure.

The thresholds follow the established scanners' (gitleaks' generic rule and allowlists,
detect-secrets' keyword plugin): a password may be any literal, a token must look random, and
names that only mention a secret (`secret_name`, `token_url`, `public_key`) hold none.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from typing import Literal

Strength = Literal["password", "secret", "key"]

# Words that make a name one secrets are kept under (`strength_of` says how surely).
NAME_WORDS = ("pass", "pwd", "secret", "token", "key", "auth", "cred", "bearer", "jwt", "sas",
              "pat", "密码", "口令", "密钥", "秘钥", "令牌")  # fmt: skip

# A name's words: snake_case, kebab-case, dotted and camelCase parts, lowercased.
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^\x00-\x7f]+")
_PASSWORD = {"password", "passwd", "pwd", "pass", "passphrase", "passcode", "pw", "密码", "口令"}
_SECRET = {"secret", "token", "credential", "credentials", "creds", "cred", "apikey", "jwt", "pat",
           "bearer", "sas", "privkey", "密钥", "秘钥", "令牌", "authorization", "auth"}  # fmt: skip
# `passw...` anywhere, and `pass`/`pwd` ending a word only after what a password opens.
_PASS_WORD = re.compile(
    r"passw|^(?:db|smtp|ftp|sql|mysql|pg|root|admin|user|ssh|redis|mail|ldap|vnc|wifi|login|app|"
    r"proxy|rabbit|mongo|git|svn|ssl|keystore|truststore|key|store|master|sudo|vault)(?:pass|pwd)$"
)
# Roots that make a secret name even inside one run-together word (`theapikey`, `dbpassword`).
_ROOT = re.compile(r"password|passwd|secret(?!ar)|token(?!i[sz])|api_?key|private_?key|"
                   r"access_?key|credential|authkey|密码|密钥|令牌")  # fmt: skip
# Words that make `key` a secret's name: `api_key`, `signingKey`, `X-API-Key`.
_KEY_QUALIFIERS = {
    "api", "access", "secret", "private", "priv", "auth", "master", "encryption", "encrypt",
    "signing", "sign", "session", "app", "application", "client", "consumer", "license",
    "licence", "account", "service", "subscription", "ssh", "gpg", "pgp", "aes", "hmac",
    "admin", "root", "shared", "storage", "deploy", "webhook", "bot", "write", "x", "functions",
    "server", "user", "cipher", "crypto", "jwt", "otp", "totp", "rsa", "sk", "ak",
}  # fmt: skip
# A name ending in one of these only points at a secret: its id, where it is, how long it is.
_POINTER = {
    "id", "ids", "name", "names", "url", "uri", "urls", "endpoint", "host", "path", "file",
    "filename", "dir", "type", "kind", "length", "len", "size", "count", "max", "min", "limit",
    "version", "field", "header", "prefix", "suffix", "pattern", "regex", "re", "format", "env",
    "var", "variable", "label", "hint", "policy", "ttl", "timeout", "expiry", "expires",
    "expiration", "at", "time", "date", "enabled", "required", "mode", "provider", "store",
    "algorithm", "alg", "scope", "scopes", "param", "column", "ref", "location", "arn", "index",
    "map", "manager", "class", "factory", "handler", "validator", "generator", "input", "button",
    "placeholder", "error", "message", "text", "description", "title", "template", "hash",
    "digest", "checksum", "salt", "source", "method", "flow", "status", "callback", "issuer",
    "audience", "rotation", "strength", "chars", "charset", "bits", "usage",
    "tokens", "tokenizer", "fingerprint", "list", "dict", "cache", "option", "options", "reset",
    "hasher", "hashers", "validators", "backend", "backends", "encoder", "scheme", "strategy",
    "model", "serializer", "form", "widget", "view", "module", "plugin", "class_name",
    "mgr", "realm", "prompt", "number", "num", "no", "taken", "used", "left", "remaining",
}  # fmt: skip
# Words that make the whole name something else: a public key, a database key, a keyboard.
_NOT_SECRET = {
    "public", "pub", "publishable", "csrf", "xsrf", "primary", "foreign", "sort", "partition",
    "composite", "unique", "row", "natural", "sequence", "schema", "bucket", "idx", "keyboard",
    "keyword", "keywords", "keypress", "keycode", "keyframe", "keyframes", "keypair",
    "keyring", "keystore", "keytab", "keychain", "keymap", "keyspace", "monkey", "turkey",
    "donkey", "hockey", "whiskey", "jockey", "author", "authority", "authors", "accessor",
    "accessibility", "bypass", "compass", "surpass", "trespass", "overpass", "underpass",
    "passport", "passage", "passenger", "passthrough",
    "dummy", "fake", "example", "sample", "mock", "placeholder", "forgot", "confirm", "hot",
    "lookup", "cmd", "show", "hide", "toggle", "visibility", "visible",
}  # fmt: skip


def name_words(name: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(name)]


def points_at_secret(name: str) -> bool:
    """`token_url`, `secret_name`, `public_key`: a name about a secret, never holding one."""
    words = name_words(name)
    return not words or words[-1] in _POINTER or bool(_NOT_SECRET.intersection(words))


def strength_of(name: str) -> Strength | None:
    """How surely `name` holds a secret: a password, a secret, a key (needs a random value), or
    not at all."""
    if points_at_secret(name):
        return None
    words = name_words(name)
    if _PASSWORD.intersection(words[-1:] + [w for w in words if w != "pass"]) or any(
        _PASS_WORD.search(w) for w in words
    ):
        return "password"
    if _SECRET.intersection(words) or _ROOT.search(name.lower()):
        return "secret"
    if "key" in words and (len(words) == 1 or _KEY_QUALIFIERS.intersection(words)):
        return "secret" if len(words) > 1 else "key"
    if words[-1] in ("key", "keys") or (words[-1].endswith("key") and len(words[-1]) > 4):
        return "key"  # a service's key (`SPOTIFY_KEY`, `logzKey`, `spotifykey`): random values
    return None


def entropy(text: str) -> float:
    """Shannon entropy in bits a character."""
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


# Values that stand for a secret instead of holding one.
_PLACEHOLDER = re.compile(
    r"""(?ix)^(?:
        \$\{[^{}]*\} | \$\([^()]*\) | \$[a-z_][\w.]* | \$\{\{.*\}\} | \{\{[\s\w().|'"-]*\}\}
      | %[\w.-]+% | %\(\w+\)[sdr] | %[sdrvq] | \{\d*\} | \{\w+\} | <[^<>]*> | @\w+@
      | \[\w+\] | [*x.#?_-]+ | (.)\1+ | \{[^{}]*\} | \#\{[^{}]*\}
      | (?-i:[\#.][a-z][a-z0-9]*(?:-[a-z0-9]+)+)  # a CSS/DOM selector: `#add-password`
      | [^\s:]+:\s*                       # a label: `Password:`, `application:`
      | [A-Z]{2,}(?:_[A-Z]{2,})+            # a constant's name: `SOME_PASSWORD`
      | [a-z]+[-_]?(?:password|passwd|pass|pwd|secret|token)   # a description: `db-password`
    )$""")  # fmt: skip
# A reference in the middle of a value: `'$OTHER'` quoted twice, `{$_ENV['X']}`, `#{name}`.
_REFERENCE = re.compile(r"""^["']\$|\$\{|\$\(|\{\$|\$_[A-Z]|#\{""")
# Code, not a value: a regular expression, a format string, a type.
_CODE_LIKE = re.compile(r"\\[sdwbSDWB]|\(\?[:=!<]|\[\^|\]\+|\]\*|\{\}|\{:[^}]*\}|\{[\w.]+![rsa]\}")
_WEAK = re.compile(
    r"(?i)^(?:password|passwd|secret|admin|test|changeme|letmein|welcome|qwerty|root|user|demo|"
    r"guest|default|example|sample|foo|bar|pass)\d{0,4}[!.]?$"
)
_PLACEHOLDER_WORDS = re.compile(
    r"(?i)xxxx|\*\*\*|\.\.\.|your[-_ ]?|example|placeholder|dummy|sample|fake|redacted|"
    r"change[-_]?me|insert[-_]|replace[-_]?me|todo|fixme|foobar|lorem|<[a-z_ -]+>|\bnot[-_]set\b|"
    r"thisis|\bmy[-_]?(?:pass|secret|token|key)|\bsome[-_]"
)
_COMMON = {
    "password", "passwd", "secret", "token", "admin", "root", "test", "testing", "guest",
    "user", "username", "default", "none", "null", "nil", "undefined", "true", "false", "yes",
    "no", "on", "off", "empty", "required", "optional", "hidden", "string", "str", "text",
    "value", "pass", "postgres", "mysql", "secret123", "password123", "123456", "12345678",
    "qwerty", "letmein", "masked", "encrypted", "unset", "env", "bearer", "basic",
}  # fmt: skip
_IDENTIFIER = re.compile(r"[A-Za-z_$@][\w$@]*(?:(?:\.|::|->)[A-Za-z_$@][\w$@]*)*")
_CALL_OR_INDEX = re.compile(r"^[\w.$@:>-]+\s*[(\[]|^(?:new|await|function|lambda|require)\b")
_PATH = re.compile(
    r"(?i)^(?:(?:/|\./|\.\./|~/)[\w.-]+(?:/[\w.-]*)*$|[a-z]:\\|[a-z][a-z0-9+.-]*://|arn:|projects/|file:)|"
    r"\.(?:pem|key|crt|cer|p12|pfx|jks|json|ya?ml|txt|env|conf|cfg|ini|xml|properties|pub|"
    r"der|gpg|asc|keystore|sh|py|js|ts)$|^[\w.+-]+@[\w-]+\.[\w.-]+$|"
    r"^[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|cn|dev|local|internal|cloud|app)(?::\d+)?$"
)
# An expression: a call anywhere (`a+len(b)`), a method on a result, a set or dict literal.
_EXPRESSION = re.compile(r"^[\w.$]+\s*[-+*/%]\s*[\w.$]*\(|\)\.|\(\)|^\{(?!\{)")
_VERSION = re.compile(r"^v?\d+(?:\.\d+)+(?:[-+.][\w.]*)?$")


def _ascending_run(text: str, length: int = 6) -> bool:
    """`abcdef` or `123456` in the text, or woven together (`a1b2c3d4e5f6`): written by hand,
    not drawn at random."""
    letters = "".join(c for c in text.lower() if c.isalpha())
    digits = "".join(c for c in text if c.isdigit())
    return _run(text, length) or (_run(letters, length) and _run(digits, length))


def _run(text: str, length: int) -> bool:
    run = 1
    for a, b in itertools.pairwise(text):
        run = run + 1 if ord(b) - ord(a) == 1 else 1
        if run >= length:
            return True
    return False


def placeholder_like(value: str) -> bool:
    """A value that names or stands for a secret: `${TOKEN}`, `<your-key>`, `xxxx`, `EXAMPLE`."""
    return bool(
        _PLACEHOLDER.match(value)
        or _PLACEHOLDER_WORDS.search(value)
        or value.lower() in _COMMON
        or _WEAK.match(value)
        or _CODE_LIKE.search(value)
        or _REFERENCE.search(value)
        or "<redacted:" in value
    )


# A UUID's form, of any letters: services issue keys in it (`id1g36bt-pkb8-wu8t-...`).
_UUID = re.compile(r"[0-9a-zA-Z]{8}-(?:[0-9a-zA-Z]{4}-){3}[0-9a-zA-Z]{12}")
_DOTTED = re.compile(r"[a-z_][a-z0-9_-]*(?:\.[a-z_][a-z0-9_-]*)+")


def _slug(value: str) -> bool:
    """Words joined by separators (`my-app-secret`, `prod_db_1`, `cmp2-qat-1208358310`,
    `org.example.v8_name`): a name, not a random token."""
    parts = [p for p in re.split(r"[-_.:/ ]+", value) if p]
    if len(parts) < 2 or _UUID.fullmatch(value):
        return False
    if all(p.isalpha() or p.isdigit() for p in parts) or _DOTTED.fullmatch(value):
        return True
    lower_words = value == value.lower() and all(len(p) <= 12 for p in parts)
    return lower_words and any(p.isalpha() and len(p) >= 3 for p in parts)


def _word_length(value: str) -> float:
    """The mean length of the words a value's case splits it into: long for CamelCase names
    (`ProductUserVisibleVersion`), short for random letters (`KfOnYLAuGIxlTvFeo`)."""
    return len(value) / max(len(_WORD.findall(value)), 1)


def is_literal_word(value: str, op: str, name: str, line: str) -> bool:
    """An unquoted bare word is a literal where a line is one setting (YAML, .env, INI, shell:
    `password: hunter`, `PASSWORD=hunter`), and a variable in code (`password=password`) or a
    word in prose (`First pass: determine ...`)."""
    setting = re.match(
        r"\s*(?:-\s+|export\s+|set\s+|ENV\s+|ARG\s+)?[\w.\"'-]+\s*[:=]\s*(\S+)\s*(?:#.*)?$", line
    )
    if setting is None or setting[1] != value:
        return False
    return op == ":" or (op == "=" and (name.isupper() or not line[0].isspace()))


def is_secret(value: str, strength: Strength, *, quoted: bool, literal: bool = True) -> bool:
    """Whether `value`, assigned to a name of `strength`, is a secret worth replacing."""
    if not value or len(value) > 5000 or any(c.isspace() for c in value):
        return False
    if placeholder_like(value) or _PATH.search(value) or _VERSION.match(value):
        return False
    if not quoted:
        if _CALL_OR_INDEX.match(value) or value[0] in "!&*|>([" or _EXPRESSION.search(value):
            return False
        if _IDENTIFIER.fullmatch(value) and (
            "." in value or "::" in value or "->" in value or value.startswith("$")
            or (not any(c.isdigit() for c in value) and not literal)
        ) and not any(strongly_random(part) for part in value.split(".")):  # fmt: skip
            return False  # an attribute or a variable, unless a part is a key (`tk.eyJ...`)
    if strength == "password" and not quoted and not literal:
        strength = "secret"  # in code, an unquoted password must at least look random
    if not quoted and re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+", value):
        return False  # a type: `password: SecretStr`
    if strength == "password":
        if value.isalpha() and value.islower() and len(value) < 12:
            return False  # a word: `"context"`, `'environment'`
        long_enough = len(value) >= 6 or (len(value) >= 4 and not value.isalpha())
        return long_enough and not _DOTTED.fullmatch(value)
    shortest = 16 if strength == "key" else 8
    if len(value) < shortest or _slug(value) or _ascending_run(value):
        return False
    if value.isdigit():
        return len(value) >= 12 and entropy(value) >= 2.5
    if value.strip("#@:._/-").isalpha():
        value = value.strip("#@:._/-")
        return len(value) >= 16 and _word_length(value) < 3.5 and entropy(value) >= 3.5
    if strength == "key" and not any(c.isdigit() for c in value):
        return False
    return entropy(value) >= (3.5 if strength == "key" else 3.0 if len(value) < 16 else 2.8)


def looks_random(value: str) -> bool:
    """A value no one writes by hand or in prose: long, of mixed characters, spread over its
    alphabet. What a keyword followed by a bare value must hold to be taken as its secret."""
    if not is_secret(value, "key", quoted=True):
        return False
    return sum(any(test(c) for c in value) for test in (str.isupper, str.islower, str.isdigit)) >= 2


def strongly_random(value: str) -> bool:
    """Random beyond doubt: upper and lower case and digits, spread wide. What a value needs to
    be taken as a secret with no secret's name beside it."""
    classes = [any(test(c) for c in value) for test in (str.isupper, str.islower, str.isdigit)]
    return all(classes) and entropy(value) >= 4.0 and looks_random(value)


def token_placeholder(token: str) -> bool:
    """A family's token written by hand: `ghp_xxxx...`, `AKIA...EXAMPLE`, `sk-your-key-here`."""
    body = token[4:] if len(token) > 12 else token
    return (
        bool(_PLACEHOLDER_WORDS.search(token))
        or len(set(body.lower())) <= 3
        or _ascending_run(body, 8)
        or entropy(body) < 2.0
    )
