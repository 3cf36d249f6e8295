"""The shapes other scanners' rule sets catch (TruffleHog's detector tests, Nosey Parker's
rules): a keyword and its value with no `=`, a service's name joined to key/token/secret, any
name holding a value no one types, credentials in connection strings and commands, and the
families they add. Each with look-alikes that must stay as they are."""

from __future__ import annotations

import pytest

from reviewer.trust.redact import redact_lines
from tests.secrets_corpus import AN, B64, HEX, LOW, draw

V = draw("others", AN, 32)  # a random key
H = draw("others-hex", HEX, 32)
L = draw("others-low", LOW, 24)
P = "Xk9#mQ2vLp7"  # a password


def redacted(line: str) -> str:
    (out,) = redact_lines([line])
    return out


CAUGHT = [
    # A keyword, then the value with no `=` or `:` (how logs, notes and most rule sets write it)
    (f"spotify SECRET {V}", V),
    (f"spotify token - '{V}'", V),
    (f"logz key {H}", H),
    (f"restpack secret {L}", L),
    (f"[DEBUG] Using alegra Key={V}", V),
    # A service's name joined to key/token/secret in any case or separator
    (f"SPOTIFY_KEY={V}", V),
    (f"azure_search_key = {H}", H),
    (f"logzKey={H}", H),
    (f"restpack_TOKEN={L}", L),
    (f"okta_api_token = '00{V}'", "00" + V),
    (f"STREAM_KEY={L}", L),
    (f'"spotifykey": "{V}"', V),
    # A name that says nothing, holding what no one types
    (f"spotify: {V}", V),
    (f'  "acme": "{V}",', V),
    (f"config.acme = '{V}';", V),
    # Connection strings and URLs
    (f"postgresql://app:{P}@db.internal:5432/app", P),
    (f"mongodb+srv://admin:{P}@cluster0.example.net/test", P),
    (f"jdbc:mysql://db:3306/app?user=app&password={P}", P),
    (f"jdbc:sqlserver://db:1433;databaseName=app;user=sa;password={P};", P),
    (f"<url>jdbc:postgresql://db/app?user=app&amp;password={P}</url>", P),
    (f"jdbc:oracle:thin:scott/{P}@db:1521:orcl", P),
    (f'"Driver={{SQL Server}};Server=db;Uid=sa;Pwd={P};"', P),
    (f"Server=db;Database=x;User ID=sa;Password={P}", P),
    (f"connectionString='Data Source=db;Password=\"{P}\";'", P),
    # Commands and build files
    (f"psexec \\\\10.0.0.1 -u Administrator -p {P} cmd", P),
    (f'PsExec64.exe \\\\host -u CORP\\svc -p "{P}" -i cmd', P),
    (f"Connect-VIServer -Server vc -User admin -Password {P}", P),
    (f"$pw = ConvertTo-SecureString '{P}' -AsPlainText -Force", P),
    (f'ConvertTo-SecureString -String "{P}" -AsPlainText -Force', P),
    (f"net use \\\\srv\\share /user:CORP\\bob {P}", P),
    (f"net use Z: \\\\srv\\share {P} /user:CORP\\bob", P),
    (f"    password '{P}'", P),
    (f'        password = "{P}"', P),
    (f"<password>{P}</password>", P),
    # A secret's XML element with words around the key (credentials.xml in scanners' tests)
    (f"  <secret>{{acme AQAAABAAA {V}}}</secret>", V),
    # A name whose parts run into another family's keyword (`cosmoSKey`: `sk` must not hide `key`)
    ("cosmosKey: " + draw("cosmos", B64, 86) + "==", draw("cosmos", B64, 86)),
    # A key in a UUID's form of any letters, and one longer than a thousand characters
    (f'bugsnagToken := "{L[:8]}-{L[8:12]}-{L[12:16]}-{L[16:20]}-{draw("u", LOW, 12)}"', L[:8]),
    ("  apiToken: " + draw("long", AN, 1500), draw("long", AN, 1500)),
    # A token in the form most services now issue, wherever it stands
    ("client = Acme(acme_live_" + draw("acme", AN, 32) + ")", "acme_live_"),
    ("see xyz-" + draw("xyz", AN, 40) + " in the vault", "xyz-"),
    # A random key a few words after a secret's name, and after `|`, `is`
    (f"You can find a rubygems secret {V} within", V),
    (f"apiKey |{V}", V),
    (f"The default password is '{P}'", P),
    # Families the other rule sets add
    ("<secret>{AQAAABAAAAAQ" + draw("jenkins", B64, 40) + "=}</secret>", "AQAAABAAAAAQ"),
    ("nuget setapikey oy2" + draw("nuget", LOW, 43) + " -source nuget.org", "oy2"),
    ("CARGO_REGISTRY_TOKEN: cio" + draw("cio", AN, 32), "cio"),
    ("hawk." + draw("hawk1", AN, 20) + "." + draw("hawk2", AN, 20), "hawk."),
    ("TAVILY = 'tvly-" + draw("tavily", AN, 32) + "'", "tvly-"),
    ("VOLC_ACCESSKEY=AKLT" + draw("volc", AN, 44), "AKLT"),
    ("bitbucket: ATBB" + draw("atbb", AN, 32), "ATBB"),
]


@pytest.mark.parametrize(("line", "secret"), CAUGHT)
def test_the_secret_is_replaced_and_the_code_around_it_kept(line: str, secret: str) -> None:
    out = redacted(line)
    assert secret not in out, out
    assert "<redacted:" in out
    before, _, _ = line.partition(secret)
    assert out.startswith(before[:-1] if before else "")  # what comes first is kept


KEPT = [
    # References to a value kept elsewhere, quoted or not
    "password = '$OTHER_VAR'",
    'token: "$TOKEN_FROM_CI"',
    "psExec \\\\HOST -u User -p $Password -i -d calc.exe",
    "psexec \\\\satmodel2 -u SATMODEL2\\MTCPB -p %nothing% -i 2 cmd",
    "net use Z: \\\\srv\\share * /user:CORP\\bob",
    "net use \\\\srv\\share /user:%USERNAME% %PASSWORD%",
    "$cred = ConvertTo-SecureString $env:PASS -AsPlainText -Force",
    "password: '{{ vault_password }}'",
    "jdbc:oracle:thin:scott/${DB_PASSWORD}@db:1521:orcl",
    # Selectors, labels and prose
    'document.querySelector("#add-password")',
    'el = $("#reset-password-form")',
    'label = "Password:"',
    'print("Password: ")',
    "the token is rotated every day",
    "Use the key from the vault, never the one in the README.",
    # An expression cut mid-way: a redaction must not break the code
    "$q = 'password = '.$p['pw'].' AND x';",
    '$sql = "password = " + user.password + " AND active";',
    # A key's template, not a key
    'tmpl = "-----BEGIN EC PRIVATE KEY-----\\nmy-private-key\\n-----END EC PRIVATE KEY-----\\n"',
    # Random by design, not secret
    f'"integrity": "sha512-{draw("sri", B64, 86)}=="',
    f"commit: {draw('commit', HEX, 40)}",
    f'request_id = "{draw("rid", AN, 24)}"',
    f"checksum: {draw('sum', AN, 32)}",
    f'"nonce": "{draw("nonce", AN, 32)}"',
    # Long names with a prefix, not keys
    "def test_handles_unicode_in_all_supported_locales():",
    "python-dateutil-ExtraLongPackageNameForTesting",
    # Long words and names, not keys
    "keyboard_layout: InternationalEnglishLayout2024",
    "SORT_KEY=created_at_desc",
    "monkey_patch: ApplicationControllerExtensions",
]


@pytest.mark.parametrize("line", KEPT)
def test_a_lookalike_is_kept(line: str) -> None:
    assert redacted(line) == line


def test_lines_never_move() -> None:
    lines = [line for line, _ in CAUGHT] + KEPT
    out = redact_lines(lines)
    assert len(out) == len(lines)
    assert out[len(CAUGHT) :] == KEPT


def test_a_secret_found_once_is_replaced_wherever_else_it_stands() -> None:
    lines = [f"sslmate token = '{V}' | '{V}'", "", f"assert client.key == {V!r}"]
    out = redact_lines(lines)
    assert all(V not in line for line in out)
    assert out[0] == "sslmate token = '<redacted:secret>' | '<redacted:secret>'"
    assert out[2] == "assert client.key == '<redacted:secret>'"
