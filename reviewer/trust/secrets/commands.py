"""Credentials written into addresses, headers and commands: `scheme://user:password@host`,
`Authorization: Bearer ...` and `Basic ...`, `curl -u user:password`, `mysql -pPASSWORD`,
`sshpass -p`, `redis-cli -a`, `docker login -p`, .netrc's `login x password y` and SQL's
`IDENTIFIED BY '...'`. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from reviewer.trust.secrets.values import is_secret, placeholder_like


class Credential(NamedTuple):
    kind: str
    start: int
    end: int


class _Form(NamedTuple):
    kind: str
    pattern: re.Pattern[str]
    keywords: frozenset[str]  # a line holding none of them (lowercase) cannot match
    random: bool  # the value must look random (a token), not only be a literal (a password)


def _form(kind: str, pattern: str, keywords: str, *, random: bool = False) -> _Form:
    return _Form(kind, re.compile(pattern), frozenset(keywords.split("|")), random)


_QUOTED_OR_BARE = r"""(?:"(?P<dq>[^"\s]+)"|'(?P<sq>[^'\s]+)'|(?P<s>[^\s"'`;|&]+))"""
_ARG = r"""(?:"[^"]*"|'[^']*'|[\w.$]+)"""
_PW = r"""(?:"(?P<dq>[^"\s]+)"|'(?P<sq>[^'\s]+)')"""
FORMS: tuple[_Form, ...] = (
    _form("password-in-url",
          r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@'\"`<>]*:(?P<s>[^\s@/:,'\"`<>]{3,})@[\w.\[\]-]", "://"),
    _form("authorization-header", r"(?i)\bbearer\s+(?P<s>[\w.~+/-]{12,}=*)", "bearer", random=True),
    _form("authorization-header", r"(?i)\bauthorization[\"']?\s*[:=]\s*[\"']?(?:api-)?token\s+"
          r"(?P<s>[\w.~+/-]{8,}=*)", "auth", random=True),
    _form("authorization-header", r"(?i)\bbasic\s+(?P<s>[A-Za-z0-9+/]{8,}={0,2})(?![\w+/=])",
          "basic", random=True),
    _form("password-in-command",
          r"\b(?:mysql\w*|mariadb\w*)\b.*?\s-p" + _QUOTED_OR_BARE, "mysql|mariadb"),
    _form("password-in-command",
          r"\b(?:sshpass|redis-cli|docker\s+login|podman\s+login|helm\s+registry\s+login)\b"
          r".*?\s(?:-p|-a|--pass(?:word)?)(?:\s+|=)" + _QUOTED_OR_BARE,
          "sshpass|redis-cli|login"),
    _form("password", r"\b(?:login|user)\s+\S+\s+password\s+(?P<s>[^\s\"']+)", "pass"),  # .netrc
    _form("password-in-url", r"\b[a-zA-Z][a-zA-Z0-9+.-]*://(?P<s>[\w.~-]{20,})@[\w.\[\]-]", "://",
          random=True),
    # The password argument of the calls that take one: `auth=("user", "pw")`, `HTTPBasicAuth`,
    # `smtp.login(user, pw)`, `new PDO(dsn, user, pw)`, `getConnection(url, user, pw)`.
    _form("password", r"(?i)\b(?:auth\s*=\s*\(|basicauth\(|\.login\()\s*" + _ARG + r",\s*" + _PW,
          "auth|login"),
    _form("password",
          r"(?i)\b(?:pdo|mysqli|mysqli_connect|getconnection)\s*\(\s*[^,()]*,\s*"
          + _ARG + r",\s*" + _PW,
          "pdo|mysqli|getconnection"),
    _form("password", r"(?i)\bidentified\s+by\s+(?:'(?P<sq>[^'\s]+)'|\"(?P<dq>[^\"\s]+)\")",
          "identified"),
    # Windows administration: PsExec's and PowerShell's password arguments, `net use`'s password
    # before or after its `/user:`, and a plain-text SecureString.
    _form("password-in-command", r"(?i)\bpsexec(?:64)?(?:\.exe)?\b.*?\s[-/]p\s+" + _QUOTED_OR_BARE,
          "psexec"),
    _form("password-in-command",
          r"(?i)\bnet\s+use\b.*?\s/u(?:ser)?:\S+\s+(?!/)" + _QUOTED_OR_BARE, "net"),
    _form("password-in-command",
          r"(?i)\bnet\s+use\s+(?:[a-z]:\s+|\*\s+)?\\\\\S+\s+(?!/)" + _QUOTED_OR_BARE
          + r"(?=\s+/u(?:ser)?:)", "net"),
    _form("password-in-command",
          r"(?i)\bConvertTo-SecureString\s+(?:-String\s+)?" + _PW + r"(?=[^|;]*-AsPlainText)",
          "convertto-securestring"),
    # A line that is only `password <value>` (.netrc and its kin written one field a line).
    _form("password", r"^\s*(?:password|passwd)\s+(?P<s>[^\s\"'=:]+)\s*$", "pass"),
    # A getter named for a secret that returns it: `func apiToken() string { return "..." }`.
    _form("secret",
          r"(?i)\b\w*(?:token|secret|apikey|api_key|password)\w*\s*\([^()]*\)[^{};]{0,40}\{\s*return\s+"
          + _PW, "return", random=True),
    # .NET's `NetworkCredential("user", "password")`, Vault's unseal keys.
    _form("password", r"(?i)\bnetworkcredential\(\s*" + _ARG + r",\s*" + _PW, "networkcredential"),
    _form("vault-unseal-key",
          r"(?i)\b(?:operator\s+unseal|unseal\s+key\s+\d+:)\s+(?P<s>[A-Za-z0-9+/]{40,}={0,2})",
          "unseal", random=True),
    # Oracle's JDBC and EZConnect addresses: `jdbc:oracle:thin:user/password@host`.
    _form("password-in-url", r"(?i)\bjdbc:oracle:(?:thin|oci8?):[\w.$#-]+/(?P<s>[^\s@/\"'<>]{3,})@",
          "jdbc:oracle"),
)  # fmt: skip


USER_FLAGS = frozenset({"-u", "--user"})
# `curl -u user:password` and its quotings: `"user:pw"`, `'user:pw'`, `"user":"pw"`, `user:'pw'`.
_USER = re.compile(
    r"""(?:^|\s)(?:-u|--user)(?:=|\s+)(?P<arg>"[^"]*"(?::"[^"]*")?|'[^']*'|[^\s"']*(?:"[^"]*"|'[^']*')?)"""
)


def _literal_password(value: str) -> bool:
    """A password written out, not `$PASS`, `${{ secrets.X }}`, `<password>` or `changeme`."""
    return (
        len(value) >= 3
        and not (value.isdigit() and len(value) < 6)  # `abc:123@`: typed by hand
        and not placeholder_like(value)
        and not value.startswith("$")
        and not any(s in value for s in ("${", "$(", "{{", " "))
    )


def _user_password(line: str) -> Iterator[Credential]:
    for match in _USER.finditer(line):
        arg, at = match["arg"], match.start("arg")
        if arg.startswith("<") or ":" not in arg:
            continue
        user, _, raw = arg.strip("\"'").partition(":")
        user, password = user.strip("\"'{}"), raw.strip("\"'{}")
        if password and _literal_password(password) and _literal_password(raw.strip("\"'")):
            start = line.index(password, at + len(arg) - len(password) - 3)
            yield Credential("password-in-command", start, start + len(password))
        elif not password and is_secret(user, "secret", quoted=True):
            start = line.index(user, at)
            yield Credential("password-in-command", start, start + len(user))


def credentials(line: str, keywords: set[str]) -> Iterator[Credential]:
    """The credentials in `line`, given the (lowercase) keywords it holds."""
    if not keywords.isdisjoint(USER_FLAGS):
        yield from _user_password(line)
    for form in FORMS:
        if keywords.isdisjoint(form.keywords):
            continue
        for match in form.pattern.finditer(line):
            group = next(g for g in ("dq", "sq", "s") if match.groupdict().get(g) is not None)
            value = match[group]
            if form.random:
                secret = is_secret(value, "secret", quoted=True)
            else:
                secret = _literal_password(value)
            if secret:
                yield Credential(form.kind, *match.span(group))
