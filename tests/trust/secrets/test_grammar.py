"""Assignments in the syntaxes code and configuration use, judged by name and value: what is
replaced is exactly the value, and only where the name keeps secrets and the value is one."""

from __future__ import annotations

import pytest

from reviewer.trust.redact import redact_lines
from tests.secrets_corpus import AN, draw

V = draw("grammar", AN, 28)  # a random value
P = "Tr0ub4dor&3x"  # a password

REDACTED = [
    # (line, what it becomes): the value alone is replaced, the code around it kept
    (f'api_key = "{V}"', 'api_key = "<redacted:secret>"'),
    (f"API_KEY={V}", "API_KEY=<redacted:secret>"),
    (f"export GITHUB_TOKEN={V}", "export GITHUB_TOKEN=<redacted:secret>"),
    (f"  client_secret: {V}", "  client_secret: <redacted:secret>"),
    (f'var authToken string = "{V}"', 'var authToken string = "<redacted:secret>"'),
    (f'authToken := "{V}"', 'authToken := "<redacted:secret>"'),
    (f"authToken := `{V}`", "authToken := `<redacted:secret>`"),
    (f'val apiKey: String = "{V}"', 'val apiKey: String = "<redacted:secret>"'),
    (f'private const string ApiKey = "{V}";', 'private const string ApiKey = "<redacted:secret>";'),
    (f'$token .= "{V}";', '$token .= "<redacted:secret>";'),
    (f"'db_password' => '{P}',", "'db_password' => '<redacted:password>',"),
    (f':password => "{P}"', ':password => "<redacted:password>"'),
    (f"SECRET_KEY ?= {V}", "SECRET_KEY ?= <redacted:secret>"),
    (f'SECRET_KEY ::= "{V}"', 'SECRET_KEY ::= "<redacted:secret>"'),
    (f'{{\\"api_key\\": \\"{V}\\"}}', '{\\"api_key\\": \\"<redacted:secret>\\"}'),
    (f'  "accessToken": "{V}",', '  "accessToken": "<redacted:secret>",'),
    (f"<password>{P}</password>", "<password><redacted:password></password>"),
    (f'<add key="ClearTextPassword" value="{P}" />', '<add key="ClearTextPassword" value="<redacted:password>" />'),
    (f'System.setProperty("APP_TOKEN", "{V}")', 'System.setProperty("APP_TOKEN", "<redacted:secret>")'),
    (f"define('AUTH_KEY', '{V}');", "define('AUTH_KEY', '<redacted:secret>');"),
    (f'client = Client(api_key="{V}", timeout=3)', 'client = Client(api_key="<redacted:secret>", timeout=3)'),
    (f"spring.datasource.password={P}", "spring.datasource.password=<redacted:password>"),
    (f"https://api.example.com/v1?access_token={V}&page=2", "https://api.example.com/v1?access_token=<redacted:secret>&page=2"),
    (f'headers["X-Api-Key"] = "{V}"', 'headers["X-Api-Key"] = "<redacted:secret>"'),
    (f"app --db-password {P} --port 5432", "app --db-password <redacted:password> --port 5432"),
    (f'#define API_KEY "{V}"', '#define API_KEY "<redacted:secret>"'),
    (f"ALTER ROLE app WITH PASSWORD '{P}';", "ALTER ROLE app WITH PASSWORD '<redacted:password>';"),
    (f'"Server=db;User Id=sa;Password={P};"', '"Server=db;User Id=sa;Password=<redacted:password>;"'),
    (f"postgres://app:{P}@db:5432/app", "postgres://app:<redacted:password-in-url>@db:5432/app"),
    (f"curl -u ci:{P} https://x.example.com", "curl -u ci:<redacted:password-in-command> https://x.example.com"),
    (f"Authorization: Bearer {V}", "Authorization: Bearer <redacted:authorization-header>"),
    (f"密码 = '{P}'", "密码 = '<redacted:password>'"),
    (f'HEROKU = "{draw("h", "0123456789abcdef", 8)}-1a2b-4c3d-8e9f-{draw("h2", "0123456789abcdef", 12)}"', None),
]  # fmt: skip


@pytest.mark.parametrize(("line", "expected"), REDACTED)
def test_the_value_alone_is_replaced(line: str, expected: str | None) -> None:
    [out] = redact_lines([line])
    if expected is None:  # the kind comes from the service the name names
        assert out.startswith('HEROKU = "<redacted:heroku-api-key>"')
    else:
        assert out == expected


def test_a_keyword_that_swallows_a_names_word_still_reads_the_name() -> None:
    # `accountkey` is a family's keyword, and holds the name word `key`.
    assert redact_lines([f'AccountKey="{V}"']) == ['AccountKey="<redacted:secret>"']


def test_a_telegram_token_in_its_bot_url() -> None:
    token = "110201543:AAHdqTcvCH1vGWJxfSe1ofSAs0K5PALDsaw"
    [out] = redact_lines([f"https://api.telegram.org/bot{token}/getMe"])
    assert out == "https://api.telegram.org/bot<redacted:telegram-bot-token>/getMe"


def test_a_value_on_the_line_after_its_tag_or_name() -> None:
    xml = ["<apiToken>", f"    {V}", "</apiToken>"]
    assert redact_lines(xml)[1] == "    <redacted:secret>"
    yaml = ["client_secret: |", f"  {V}"]
    assert redact_lines(yaml)[1] == "  <redacted:secret>"
    kubernetes = ["- name: DB_PASSWORD", f'  value: "{P}"']
    assert redact_lines(kubernetes)[1] == '  value: "<redacted:password>"'


def test_the_calls_that_take_a_password_and_defaults_in_code() -> None:
    lines = [
        f"requests.get(url, auth=('svc', '{P}'))",
        f"server.login('alerts@example.com', '{P}')",
        f"$db = new PDO($dsn, 'app', '{P}');",
        f"const token = process.env.TOKEN || '{V}';",
        f'let api_key: &str = "{V}";',
    ]
    assert all(P not in out and V not in out for out in redact_lines(lines))


def test_a_kubernetes_secret_is_redacted_whatever_its_keys_and_a_configmap_is_not() -> None:
    manifest = ["kind: Secret", "data:", f"  .dockerconfigjson: {V}=", "stringData:",
                f"  settings: {P}", "---", "kind: ConfigMap", "data:",
                "  region: production-cluster-01"]  # fmt: skip
    out = redact_lines(manifest)
    assert out[2] == "  .dockerconfigjson: <redacted:kubernetes-secret>"
    assert out[4] == "  settings: <redacted:kubernetes-secret>"
    assert out[5:] == manifest[5:]


@pytest.mark.parametrize(
    "line",
    [
        "password = getpass.getpass()",
        "token = os.environ['API_TOKEN']",
        "apiKey: this.apiKey,",
        "login(username=username, password=password)",
        f'token_url = "https://example.com/{V}"',
        f'secret_name = "{V}"',
        f'public_key = "{V}"',
        f'primaryKey = "{V}"',
        "for key, value in pairs:",
        "# First pass: find the longest name",
        f'raise ValueError("invalid token", "{V} given")',
        'api_key = "sk-your-key-here"',
        'password = "${DB_PASSWORD}"',
        'commit = "9fceb02d0ae598e95dc970b74767f19372d61af8"',
        'secret = "my-app-secret"',
    ],
)
def test_names_and_values_that_are_not_secrets_stay(line: str) -> None:
    assert redact_lines([line]) == [line]
