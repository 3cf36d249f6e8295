"""Secrets as they appear in code, and look-alikes that are not secrets. Every secret is fake:
drawn at random (deterministically, from a hash) in the shape of the real thing.

`SECRETS`: one `Case` per line (or block) holding a secret: its kind, the syntax it is written
in, the secret, and the lines. `LOOKALIKES`: lines that resemble secrets and must stay as they
are. `bench/redaction.py` measures recall and false positives on both; the tests hold them."""

from __future__ import annotations

import hashlib
import itertools
import string
from dataclasses import dataclass

AN = string.ascii_letters + string.digits
LOW = string.ascii_lowercase + string.digits
UP = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"
B64 = AN + "+/"
URLSAFE = AN + "_-"


def draw(seed: str, alphabet: str, length: int) -> str:
    """`length` characters of `alphabet`, the same for the same seed on every machine."""
    out: list[str] = []
    block = seed.encode()
    while len(out) < length:
        block = hashlib.sha256(block).digest()
        out += [alphabet[b % len(alphabet)] for b in block]
    return "".join(out[:length])


def uuid(seed: str) -> str:
    h = draw(seed, HEX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


@dataclass(frozen=True)
class Case:
    kind: str
    syntax: str
    secret: str
    lines: tuple[str, ...]


# Token families: (kind, token). Formats as their vendors (or gitleaks' rules) document them.
def _families() -> list[tuple[str, str]]:
    d = draw
    return [
        ("aws-access-key", "AKIA" + d("aws1", UP, 16)),
        ("aws-access-key", "ASIA" + d("aws2", UP, 16)),
        ("aws-access-key", "ABIA" + d("aws3", UP, 16)),
        ("gcp-api-key", "AIza" + d("gcp", URLSAFE, 35)),
        ("google-oauth-secret", "GOCSPX-" + d("gocspx", URLSAFE, 28)),
        ("google-oauth-token", "ya29." + d("ya29", URLSAFE, 60)),
        (
            "firebase-server-key",
            "AAAA" + d("fcm1", URLSAFE, 7) + ":APA91b" + d("fcm2", URLSAFE, 134),
        ),
        ("azure-ad-client-secret", d("azad1", AN, 3) + "8Q~" + d("azad2", AN + "_~.-", 34)),
        ("alibaba-access-key", "LTAI" + d("ali", AN, 20)),
        ("tencent-secret-id", "AKID" + d("tencent", AN, 36)),
        ("baidu-api-key", "bce-v3/ALTAK-" + d("baidu1", AN, 21) + "/" + d("baidu2", HEX, 40)),
        ("digitalocean-token", "dop_v1_" + d("do", HEX, 64)),
        ("heroku-api-key", "HRKU-AA" + d("hrku", URLSAFE, 58)),
        ("flyio-token", "fo1_" + d("fly", URLSAFE, 43)),
        ("terraform-token", d("tf1", LOW, 14) + ".atlasv1." + d("tf2", URLSAFE, 67)),
        ("vault-token", "hvs." + d("vault", URLSAFE, 95)),
        ("doppler-token", "dp.pt." + d("doppler", AN, 43)),
        ("pulumi-token", "pul-" + d("pulumi", HEX, 40)),
        ("planetscale-token", "pscale_tkn_" + d("pscale", URLSAFE, 43)),
        ("databricks-token", "dapi" + d("dapi", HEX, 32)),
        ("dynatrace-token", "dt0c01." + d("dt1", UP, 24) + "." + d("dt2", UP, 64)),
        ("scalingo-token", "tk-us-" + d("scalingo", URLSAFE, 48)),
        ("prefect-token", "pnu_" + d("prefect", AN, 36)),
        ("infracost-token", "ico-" + d("ico", AN, 32)),
        ("openshift-token", "sha256~" + d("oc", URLSAFE, 43)),
        ("clickhouse-secret", "4b1d" + d("ch", AN, 38)),
        ("supabase-token", "sbp_" + d("supabase", HEX, 40)),
        ("render-key", "rnd_" + d("render", AN, 32)),
        ("tailscale-key", "tskey-auth-" + d("ts1", AN, 12) + "-" + d("ts2", AN, 30)),
        ("github-pat", "ghp_" + d("ghp", AN, 36)),
        ("github-oauth", "gho_" + d("gho", AN, 36)),
        ("github-app-token", "ghs_" + d("ghs", AN, 36)),
        ("github-app-token", "ghu_" + d("ghu", AN, 36)),
        ("github-refresh-token", "ghr_" + d("ghr", AN, 76)),
        (
            "github-fine-grained-pat",
            "github_pat_11" + d("ghfg1", UP, 20) + "_" + d("ghfg2", AN, 59),
        ),
        ("gitlab-pat", "glpat-" + d("glpat", URLSAFE, 20)),
        ("gitlab-trigger-token", "glptt-" + d("glptt", HEX, 40)),
        ("gitlab-runner-token", "glrt-" + d("glrt", URLSAFE, 20)),
        ("gitlab-runner-token", "GR1348941" + d("gr", URLSAFE, 20)),
        ("gitlab-oauth-secret", "gloas-" + d("gloas", URLSAFE, 64)),
        ("gitlab-deploy-token", "gldt-" + d("gldt", URLSAFE, 20)),
        ("gitlab-feed-token", "glft-" + d("glft", URLSAFE, 20)),
        ("gitlab-agent-token", "glagent-" + d("glagent", URLSAFE, 50)),
        ("gitlab-job-token", "glcbt-" + d("glcbt1", AN, 2) + "_" + d("glcbt2", URLSAFE, 20)),
        ("atlassian-token", "ATATT3" + d("atatt", URLSAFE, 186)),
        ("npm-token", "npm_" + d("npm", AN, 36)),
        ("pypi-token", "pypi-AgEIcHlwaS5vcmc" + d("pypi", URLSAFE, 60)),
        ("rubygems-token", "rubygems_" + d("gems", HEX, 48)),
        ("clojars-token", "CLOJARS_" + d("clojars", LOW, 60)),
        ("docker-hub-token", "dckr_pat_" + d("docker", URLSAFE, 27)),
        ("sonar-token", "squ_" + d("sonar", HEX, 40)),
        ("sourcegraph-token", "sgp_" + d("sg1", HEX, 16) + "_" + d("sg2", HEX, 40)),
        ("artifactory-key", "AKCp" + d("akcp", AN, 69)),
        ("buildkite-token", "bkua_" + d("bk", HEX, 40)),
        ("circleci-token", "CCIPAT_" + d("cci1", AN, 22) + "_" + d("cci2", HEX, 40)),
        (
            "harness-token",
            "pat." + d("h1", URLSAFE, 22) + "." + d("h2", AN, 24) + "." + d("h3", AN, 20),
        ),
        (
            "slack-bot-token",
            f"xoxb-{d('sb1', string.digits, 12)}-{d('sb2', string.digits, 13)}-{d('sb3', AN, 24)}",
        ),
        (
            "slack-user-token",
            f"xoxp-{d('su1', string.digits, 12)}-{d('su2', string.digits, 12)}-{d('su3', string.digits, 13)}-{d('su4', HEX, 32)}",
        ),
        (
            "slack-token",
            f"xoxa-2-{d('sxa1', string.digits, 9)}-{d('sxa2', string.digits, 11)}-{d('sxa3', HEX, 18)}",
        ),
        ("slack-user-token", "xoxe-1-" + d("sxe", AN, 146)),
        (
            "slack-app-token",
            f"xapp-1-A{d('sa1', UP, 10)}-{d('sa2', string.digits, 13)}-{d('sa3', HEX, 64)}",
        ),
        ("twilio-api-key", "SK" + d("twilio", HEX, 32)),
        ("sendgrid-key", "SG." + d("sg3", URLSAFE, 22) + "." + d("sg4", URLSAFE, 43)),
        ("brevo-key", "xkeysib-" + d("brevo1", HEX, 64) + "-" + d("brevo2", AN, 16)),
        ("mailchimp-key", d("mc", HEX, 32) + "-us14"),
        ("stripe-key", "sk_live_" + d("stripe1", AN, 24)),
        ("stripe-key", "rk_prod_" + d("stripe2", AN, 32)),
        ("stripe-webhook-secret", "whsec_" + d("whsec", AN, 32)),
        ("square-token", "sq0atp-" + d("sq", URLSAFE, 22)),
        ("square-token", "sq0csp-" + d("sqc", URLSAFE, 43)),
        ("braintree-token", f"access_token$production${d('bt1', LOW, 16)}${d('bt2', HEX, 32)}"),
        ("flutterwave-key", "FLWSECK_TEST-" + d("flw", "abcdefgh0123456789", 32) + "-X"),
        ("shopify-token", "shpat_" + d("shpat", HEX, 32)),
        ("shopify-token", "shpss_" + d("shpss", HEX, 32)),
        ("shippo-token", "shippo_live_" + d("shippo", HEX, 40)),
        ("duffel-token", "duffel_live_" + d("duffel", URLSAFE, 43)),
        ("easypost-token", "EZAK" + d("ezak", AN, 54)),
        ("plaid-token", "access-production-" + uuid("plaid")),
        ("facebook-token", "EAAB" + d("fb", AN, 120)),
        ("anthropic-key", "sk-ant-api03-" + d("ant", URLSAFE, 93) + "AA"),
        ("openrouter-key", "sk-or-v1-" + d("or", HEX, 64)),
        ("openai-key", "sk-proj-" + d("oai", URLSAFE, 74) + "T3BlbkFJ" + d("oai2", URLSAFE, 74)),
        ("model-api-key", "sk-" + d("deepseek", HEX, 32)),
        ("model-api-key", "sk-" + d("moonshot", AN, 48)),
        ("groq-key", "gsk_" + d("groq", AN, 52)),
        ("perplexity-key", "pplx-" + d("pplx", AN, 48)),
        ("xai-key", "xai-" + d("xai", AN, 80)),
        ("nvidia-key", "nvapi-" + d("nv", URLSAFE, 64)),
        ("replicate-token", "r8_" + d("r8", AN, 37)),
        ("huggingface-token", "hf_" + d("hf", string.ascii_letters, 34)),
        ("huggingface-token", "api_org_" + d("hforg", string.ascii_letters, 34)),
        ("langsmith-key", "lsv2_pt_" + d("ls1", HEX, 32) + "_" + d("ls2", HEX, 10)),
        ("elevenlabs-key", "sk_" + d("el", HEX, 48)),
        ("zhipu-api-key", d("zhipu1", HEX, 32) + "." + d("zhipu2", AN, 16)),
        ("grafana-token", "glsa_" + d("glsa1", AN, 32) + "_" + d("glsa2", HEX, 8)),
        ("grafana-token", "glc_" + d("glc", AN, 60)),
        ("sentry-token", "sntryu_" + d("sentry", HEX, 64)),
        ("new-relic-key", "NRAK-" + d("nrak", UP, 27)),
        ("datadog-token", "ddpat_" + d("ddpat", AN, 32)),
        ("posthog-personal-key", "phx_" + d("phx", AN, 43)),
        ("mapbox-secret-token", "sk.eyJ1Ijoi" + d("mb1", AN, 40) + "." + d("mb2", URLSAFE, 22)),
        ("linear-key", "lin_api_" + d("linear", AN, 40)),
        ("notion-token", "ntn_" + d("ntn1", string.digits, 11) + d("ntn2", AN, 35)),
        ("airtable-pat", "pat" + d("at1", AN, 14) + "." + d("at2", HEX, 64)),
        ("asana-pat", "1/" + d("asana1", string.digits, 16) + ":" + d("asana2", HEX, 32)),
        ("contentful-token", "CFPAT-" + d("cf", URLSAFE, 43)),
        ("typeform-token", "tfp_" + d("tfp", URLSAFE, 59)),
        ("postman-token", "PMAK-" + d("pm1", HEX, 24) + "-" + d("pm2", HEX, 34)),
        ("figma-token", "figd_" + d("figd", URLSAFE, 40)),
        ("age-secret-key", "AGE-SECRET-KEY-1" + d("age", "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)),
        ("1password-token", "ops_eyJ" + d("ops", AN + "+/", 260)),
        ("telegram-bot-token", d("tg1", string.digits, 10) + ":AA" + d("tg2", URLSAFE, 33)),
        (
            "discord-bot-token",
            "MT" + d("dc1", AN, 24) + "." + d("dc2", URLSAFE, 6) + "." + d("dc3", URLSAFE, 38),
        ),
        ("yandex-api-key", "AQVN" + d("yandex", URLSAFE, 36)),
        ("dingtalk-secret", "SEC" + d("dtsec", HEX, 64)),
        (
            "jwt",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOi" + d("jwt1", AN, 30) + "." + d("jwt2", URLSAFE, 43),
        ),
    ]


# Names without a secret word, so only the token's shape can find it.
NEUTRAL = ["value", "client_conf", "setting", "cfg", "entry", "data", "init", "item", "conn"]
# Where a value is written: (syntax, template); {n} a name, {N} the name upper-cased, {v} it.
SYNTAXES = [
    ("python", '{n} = "{v}"'), ("python", "client = Client('{v}')"),
    ("javascript", 'const {n} = "{v}";'), ("typescript", "export const {n}: string = '{v}';"),
    ("javascript", "const {n} = `{v}`;"), ("go", 'var {n} string = "{v}"'),
    ("go", '{n} := "{v}"'), ("go", "{n} := `{v}`"), ("java", 'String {n} = "{v}";'),
    ("kotlin", 'val {n}: String = "{v}"'), ("csharp", 'private const string {n} = "{v}";'),
    ("php", "${n} = '{v}';"), ("php", "${n} .= \"{v}\";"), ("php", "'{n}' => '{v}',"),
    ("ruby", ':{n} => "{v}",'), ("ruby", '{n}: "{v}",'), ("shell", "export {N}={v}"),
    ("shell", '{N}="{v}"'), ("make", "{N} ?= {v}"), ("make", '{N} ::= "{v}"'),
    ("yaml", "{n}: {v}"), ("yaml", "  {n}: '{v}'"), ("toml", '{n} = "{v}"'), ("ini", "{n}={v}"),
    ("env", "{N}={v}"), ("json", '  "{n}": "{v}",'), ("json-escaped", '{{\\"{n}\\": \\"{v}\\"}}'),
    ("xml", "<{n}>{v}</{n}>"), ("xml", '<add key="{n}" value="{v}" />'),
    ("properties", "app.{n}={v}"), ("call", 'System.setProperty("{N}", "{v}")'),
    ("call", 'os.environ.setdefault("{N}", "{v}")'), ("header", 'headers = {{"X-Custom": "{v}"}}'),
    ("url", "https://api.example.com/v1/items?{n}={v}&page=2"),
]  # fmt: skip
# Names secrets are kept under, in the styles of the languages above.
SECRET_NAMES = [
    "password", "db_password", "apiKey", "api_key", "client_secret", "auth_token", "access_key",
    "secret_key", "SECRET", "token", "credentials", "passwd", "pwd", "session_secret",
    "signing_key", "encryption_key", "AWS_SECRET_ACCESS_KEY", "mySecretString", "privateKey",
    "GITHUB_TOKEN", "webhook_secret", "jwtSecret", "adminPassword", "smtp_pass", "API_TOKEN",
    "refresh_token", "accessToken", "master_key", "dbPwd", "app_secret", "OPENAI_API_KEY",
    "DASHSCOPE_API_KEY", "DEEPSEEK_API_KEY", "ZHIPUAI_API_KEY", "ARK_API_KEY", "_authToken",
]  # fmt: skip


def _fill(template: str, name: str, value: str) -> str:
    return template.format(n=name, N=name.upper(), v=value)


def _family_cases() -> list[Case]:
    syntaxes = itertools.cycle(SYNTAXES)
    cases = []
    for number, (kind, token) in enumerate(_families()):
        syntax, template = next(syntaxes)
        cases.append(Case(kind, syntax, token, (_fill(template, NEUTRAL[number % 9], token),)))
    return cases


def _generic_cases() -> list[Case]:
    """Random secrets and passwords under secret-like names, in every syntax."""
    cases = []
    for number, ((syntax, template), name) in enumerate(
        zip(SYNTAXES * 5, itertools.cycle(SECRET_NAMES))
    ):
        if "{n}" not in template and "{N}" not in template:
            continue
        alphabet = (AN, URLSAFE, HEX, B64, AN + "!@%^*")[number % 5]
        value = draw(f"generic{number}", alphabet, 16 + number % 25)
        if alphabet == B64:
            value = value.rstrip("+/") + "=="
        kind = "password" if "pass" in name.lower() or "pwd" in name.lower() else "secret"
        cases.append(Case(kind, syntax, value, (_fill(template, name, value),)))
    return cases


def _url_password(n: int) -> str:
    return draw(f"urlpw{n}", AN, 12) + "!9"


def _webhooks() -> list[Case]:
    d = draw
    hooks = [
        ("slack-webhook", "https://hooks.slack.com/services/T" + d("sw1", UP, 8) + "/B" + d("sw2", UP, 8) + "/" + d("sw3", AN, 24)),
        ("slack-webhook", "https://hooks.slack.com/workflows/T" + d("sw4", UP, 10) + "/A" + d("sw5", UP, 10) + "/" + d("sw6", string.digits, 18) + "/" + d("sw7", AN, 24)),
        ("slack-webhook", "https://hooks.slack.com/triggers/T" + d("sw8", UP, 10) + "/" + d("sw9", string.digits, 13) + "/" + d("swa", HEX, 32)),
        ("teams-webhook", f"https://contoso.webhook.office.com/webhookb2/{uuid('t1')}@{uuid('t2')}/IncomingWebhook/{d('t3', HEX, 32)}/{uuid('t4')}"),
        ("discord-webhook", "https://discord.com/api/webhooks/" + d("dw1", string.digits, 18) + "/" + d("dw2", URLSAFE, 68)),
        ("dingtalk-webhook", "https://oapi.dingtalk.com/robot/send?access_token=" + d("dt", HEX, 64)),
        ("wecom-webhook", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + uuid("wecom")),
        ("feishu-webhook", "https://open.feishu.cn/open-apis/bot/v2/hook/" + uuid("feishu")),
        ("feishu-webhook", "https://open.larksuite.com/open-apis/bot/v2/hook/" + uuid("lark")),
        ("google-chat-webhook", "https://chat.googleapis.com/v1/spaces/AAAA" + d("gc1", AN, 7) + "/messages?key=AIza" + d("gc2", URLSAFE, 35) + "&token=" + d("gc3", URLSAFE, 43) + "%3D"),
        ("zapier-webhook", "https://hooks.zapier.com/hooks/catch/" + d("zap1", string.digits, 7) + "/" + d("zap2", LOW, 7) + "/"),
        ("azure-sas-token", "https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&se=2030-01-01&sr=b&sp=r&sig=" + d("sas", AN, 43) + "%3D"),
    ]  # fmt: skip
    templates = ['WEBHOOK = "{v}"', "webhook_url: {v}", 'requests.post("{v}", json=msg)',
                 "NOTIFY_URL={v}"]  # fmt: skip
    return [
        Case(kind, "webhook", url, (templates[i % 4].format(v=url),))
        for i, (kind, url) in enumerate(hooks)
    ]


def _commands() -> list[Case]:
    pw = [_url_password(n) for n in range(12)]
    b64 = draw("basic", B64.replace("+", "").replace("/", ""), 28) + "="
    bearer = draw("bearer", URLSAFE, 40)
    lines = [
        ("password-in-url", "url", pw[0], f'DATABASE_URL = "postgresql://app:{pw[0]}@db.internal:5432/app"'),
        ("password-in-url", "url", pw[1], f"redis_url: redis://:{pw[1]}@cache:6379/0"),
        ("password-in-url", "url", pw[2], f"mongodb+srv://admin:{pw[2]}@cluster0.mongodb.net/test"),
        ("password-in-url", "url", pw[3], f"git clone https://deploy:{pw[3]}@git.example.com/team/app.git"),
        ("password-in-url", "url", pw[4], f'amqp_url = "amqp://guest2:{pw[4]}@rabbit:5672/"'),
        ("password-in-command", "shell", pw[5], f"curl -u admin:{pw[5]} https://api.example.com/v1"),
        ("password-in-command", "shell", pw[6], f"curl --user 'ci:{pw[6]}' https://nexus.example.com"),
        ("password-in-command", "shell", pw[8][::-1], f"curl --user kevin:'{pw[8][::-1]}' -X PATCH https://api.example.com"),
        ("password-in-command", "shell", pw[9][::-1], f'curl -u ":{pw[9][::-1]}" https://localhost:9200'),
        ("authorization-header", "header", draw("tokenauth", HEX, 40), 'curl -H "Authorization: Token ' + draw("tokenauth", HEX, 40) + '" https://api.example.com'),
        ("password-in-command", "shell", pw[7], f"mysql -h db -u root -p{pw[7]} app < dump.sql"),
        ("password-in-command", "shell", pw[8], f"sshpass -p '{pw[8]}' ssh deploy@host"),
        ("password-in-command", "shell", pw[9], f"docker login -u bot -p {pw[9]} registry.example.com"),
        ("password-in-command", "shell", pw[10], f"redis-cli -h cache -a {pw[10]} ping"),
        ("password", "sql", pw[11], f"CREATE USER app IDENTIFIED BY '{pw[11]}';"),
        ("authorization-header", "header", bearer, f'curl -H "Authorization: Bearer {bearer}" https://api.example.com'),
        ("authorization-header", "header", b64, f"Authorization: Basic {b64}"),
        ("secret", "header", draw("xkey", AN, 32), 'curl -H "X-API-Key: ' + draw("xkey", AN, 32) + '" https://api.example.com'),
        ("secret", "header", draw("xauth", HEX, 40), f"headers['X-Auth-Token'] = '{draw('xauth', HEX, 40)}'"),
        ("password", "cli", pw[0][::-1], f"app --db-password {pw[0][::-1]} --port 5432"),
        ("password", "connection-string", pw[1][::-1], f'"Server=db;Database=app;User Id=sa;Password={pw[1][::-1]};"'),
        ("secret", "npmrc", draw("npmrc", B64, 40), "//npm.pkg.github.com/:_authToken=" + draw("npmrc", B64, 40)),
        ("secret", "npmrc", draw("npmauth", AN, 32) + "==", "_auth = " + draw("npmauth", AN, 32) + "=="),
        ("password", "netrc", pw[2][::-1], f"machine api.example.com login bot password {pw[2][::-1]}"),
        ("password", "call", pw[3][::-1], f"requests.get(url, auth=('svc', '{pw[3][::-1]}'))"),
        ("password", "call", pw[4][::-1], f"server.login('alerts@example.com', '{pw[4][::-1]}')"),
        ("password", "php", pw[5][::-1], f"$db = new PDO($dsn, 'app', '{pw[5][::-1]}');"),
        ("password", "java", pw[6][::-1], f'conn = DriverManager.getConnection(url, "app", "{pw[6][::-1]}");'),
        ("secret", "javascript", draw("jsdefault", AN, 30), "const token = process.env.TOKEN || '" + draw("jsdefault", AN, 30) + "';"),
        ("secret", "csharp", draw("csdefault", AN, 30), 'var apiKey = Environment.GetEnvironmentVariable("API_KEY") ?? "' + draw("csdefault", AN, 30) + '";'),
        ("secret", "python", draw("pydefault", AN, 30), 'token = os.getenv("TOKEN") or "' + draw("pydefault", AN, 30) + '"'),
        ("secret", "rust", draw("rust", AN, 30), 'let api_key: &str = "' + draw("rust", AN, 30) + '";'),
        ("password-in-url", "url", draw("gittoken", AN, 40), "git clone https://" + draw("gittoken", AN, 40) + "@git.example.com/team/app.git"),
    ]  # fmt: skip
    return [Case(kind, syntax, secret, (line,)) for kind, syntax, secret, line in lines]


def _key_body(seed: str, lines: int) -> list[str]:
    return [draw(f"{seed}{n}", B64, 64) for n in range(lines - 1)] + [draw(seed, B64, 24) + "=="]


def _private_keys() -> list[Case]:
    cases = []
    for kind in ("RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "PRIVATE KEY",
                 "ENCRYPTED PRIVATE KEY", "DSA PRIVATE KEY"):  # fmt: skip
        body = _key_body(kind, 6)
        block = (f"-----BEGIN {kind}-----", *body, f"-----END {kind}-----")
        cases.append(Case("private-key", "pem", body[0], block))
    body = _key_body("pgp", 5)
    pgp = ("-----BEGIN PGP PRIVATE KEY BLOCK-----", "Version: GnuPG v2", "", *body,
           "=" + draw("pgpsum", B64, 4), "-----END PGP PRIVATE KEY BLOCK-----")  # fmt: skip
    cases.append(Case("private-key", "pgp", body[1], pgp))
    inline = "\\n".join(_key_body("inline", 4))
    cases.append(Case("private-key", "json", inline.split("\\n")[0], (
        f'  "private_key": "-----BEGIN PRIVATE KEY-----\\n{inline}\\n-----END PRIVATE KEY-----\\n",',
    )))  # fmt: skip
    body = _key_body("concat", 4)
    concat = ('KEY = ("-----BEGIN RSA PRIVATE KEY-----\\n"', *(f'       "{b}\\n"' for b in body),
              '       "-----END RSA PRIVATE KEY-----")')  # fmt: skip
    cases.append(Case("private-key", "python", body[2], concat))
    body = _key_body("cut", 5)
    cases.append(Case("private-key", "pem", body[3], ("-----BEGIN RSA PRIVATE KEY-----", *body)))
    return cases


def _multiline() -> list[Case]:
    value = draw("xmlml", AN, 32)
    yaml_value = draw("yamlml", AN, 40)
    data = draw("k8s", B64, 40)
    kubernetes = ("apiVersion: v1", "kind: Secret", "metadata:", "  name: registry", "data:",
                  f"  .dockerconfigjson: {data}")  # fmt: skip
    return [
        Case("kubernetes-secret", "kubernetes", data, kubernetes),
        Case("secret", "xml", value, ("<apiToken>", f"    {value}", "</apiToken>")),
        Case("secret", "yaml", yaml_value, ("client_secret: |", f"  {yaml_value}")),
    ]


SECRETS: list[Case] = (
    _family_cases() + _generic_cases() + _webhooks() + _commands() + _private_keys()
    + _multiline()
)  # fmt: skip

# Lines that look like secrets and are not: placeholders, documented examples, references to
# secrets kept elsewhere, names that only mention a secret, hashes and ids, addresses without
# credentials, public keys. Each must come back unchanged.
LOOKALIKES: list[str] = [
    # Placeholders and documented examples in a token's shape
    'GITHUB_TOKEN = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
    "slack_token: xoxb-your-bot-token-here",
    'aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"',
    'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
    'OPENAI_API_KEY = "sk-your-api-key-here"',
    'openai.api_key = "sk-..."',
    'OPENAI_API_KEY="sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
    "stripe.api_key = 'sk_test_XXXXXXXXXXXXXXXXXXXXXXXX'",
    'token = "glpat-xxxxxxxxxxxxxxxxxxxx"',
    'key = "AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"',
    "NPM_TOKEN=npm_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
    'api_key = "<YOUR_API_KEY>"',
    'password = "<password>"',
    "password: changeme",
    'secret = "your-secret-here"',
    'api_token = "REPLACE_ME"',
    'client_secret = "********"',
    'DB_PASSWORD = "xxxxxxxx"',
    'token = "dummy-token-for-tests"',
    'api_key = "fake_api_key_123"',
    'SECRET_KEY = "example-secret-key"',
    "password = 'password'",
    'auth_token = "TODO"',
    'private_key = "..."',
    # References to secrets kept elsewhere
    "token = os.environ['API_TOKEN']",
    'api_key = os.getenv("OPENAI_API_KEY")',
    'password = "${DB_PASSWORD}"',
    "password: ${DB_PASSWORD}",
    "api_key: {{ .Values.apiKey }}",
    'token: "{{ secrets.DEPLOY_TOKEN }}"',
    "GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}",
    "const apiKey = process.env.API_KEY;",
    "apiKey: this.apiKey,",
    "apiKey: fs.readFileSync('key.txt', 'utf8'),",
    'String password = System.getenv("DB_PASSWORD");',
    'password := os.Getenv("DB_PASSWORD")',
    "$password = $input;",
    '$apiKey = getenv("API_KEY");',
    "secret = ENV.fetch('SECRET_KEY_BASE')",
    'client_secret = config["oauth"]["client_secret"]',
    "my_password = request.json_body['password']",
    "login(username=username, password=password)",
    "password = getpass.getpass()",
    "self.token = token",
    "token = response.json()['access_token']",
    "let token = await getToken();",
    "DB_PASSWORD=$(cat /run/secrets/db_password)",
    "password: !vault |",
    'api_key = "%(api_key)s"',
    'secret = "{0}".format(value)',
    "password = %DB_PASSWORD%",
    "export AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY",
    'curl -H "Authorization: Bearer $TOKEN" https://api.example.com',
    'headers = {"Authorization": f"Bearer {token}"}',
    "curl -u $USER:$PASSWORD https://api.example.com",
    'url = "postgres://user:${DB_PASSWORD}@localhost:5432/app"',
    "mysql -u root -p app",
    "curl -i -u 'test:test'",
    '   curl -sL --user "$1:$2" "$3" > "$4"',
    "curl -u <user:password> https://test.com/endpoint",
    "curl --user neo4j:[PASSWORD] http://[IP]:7474/db/data/",
    'curl -u "${_username}:${_password}"',
    'curl -XGET -i -u "${{ env.ELK_ID }}:${{ build.env.ELK_PASS }}"',
    'curl -X POST --user "$(cat ./login.txt):$(cat ./password.txt)"',
    'curl --silent --fail --user "{{ $.Values.username }}:{{ $.Values.password }}"',
    'curl -H "Authorization: Bearer <Openverse API token>" "https://api.openverse.org/v1/audio/?q=test"',
    '  -H "Authorization: Token **********" \\',
    # Names that only mention a secret
    'secret_name = "prod/db/credentials"',
    'LLM_SECRET_NAME = "NEXUS-GPT4-API-KEY"',
    'token_url = "https://github.com/login/oauth/access_token"',
    "access_token_url='https://github.com/login/oauth/access_token',",
    'password_hint = "aaaaaaaaaaaa"',
    "max_tokens = 4096",
    'token_type = "Bearer"',
    "password_min_length = 12",
    'secret_key_file = "/etc/app/secret.key"',
    'private_key_path = "~/.ssh/id_ed25519"',
    "IceSSL.KeyFile=s_rsa1024_priv.pem",
    'credentialsId: "ff083f76-7804-4ef1-80e4-fe975bb9141b"',
    'kms_key_id = "555ea4a3-d53a-4412-9c66-3a7cb667b0d6"',
    'clientId = "73082700-1f09-405b-80d0-3131bfd6272d"',
    'public_key = "9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit"',
    'publicToken = "9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit"',
    "csrf-token=Mj2qykJO5rELyHgezQ69nzUX0i3OH67V7+V4eUrLfpuyOuxmiW9rhROG/Whikle15syazJOkrjJa3U2AbhIvUw==",
    "primaryKey=aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1",
    "key_down_event=aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1",
    'keyword: "Befaehigung_P2"',
    'bucket_key = "SalesResults-1.2"',
    "key_length = XSalsa20.key_length",
    "for key, value in settings.items():",
    "sorted(items, key=lambda item: item.name)",
    "cache_key = f'user:{user_id}:profile'",
    'const validKeyChars = "0123456789abcdefghijklmnopqrstuvwxyz_-."',
    'const keyStr = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"',
    'author = "james.fake@ymail.com",',
    '"accessor":"rA1wk0Y45YCufyfq",',
    "apiUrl=apigee.corpint.com",
    "COMMUNICATION_API_VERSION=rc0.13.0_20230412_0712-SNAPSHOT",
    "PuttyPassword=0",
    "token_count = len(tokens)",
    'password_field = "input[name=password]"',
    'tokenizer = "cl100k_base"',
    "'type': 'password',",
    '<input type="password" name="password" placeholder="Password">',
    # Hashes, ids and versions that are not secrets
    'SRCREV_moby = "43fc912ef59a83054ea7f6706df4d53a7dea4d80"',
    'LIC_FILES_CHKSUM = "file://${WORKDIR}/license.html;md5=5c94767cedb5d6987c902ac850ded2c6"',
    'commit = "9fceb02d0ae598e95dc970b74767f19372d61af8"',
    '"integrity": "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==",',
    'request_id = "0736f5ef-7e88-499a-80cc-90c85d2a5180"',
    'version = "2.31.0"',
    'sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"',
    'image = "registry.example.com/app@sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"',
    'AVEncVideoMaxKeyframeDistance, "2987123a-ba93-4704-b489-ec1e5f25292c"',
    # Addresses and commands without credentials
    'url = "https://api.example.com/v1/tokens"',
    'DATABASE_URL = "postgresql://localhost:5432/app"',
    "git@github.com:team/app.git",
    'webhook_url = "https://example.com/hooks/deploy"',
    'curl -X POST "https://api.example.com/token" -d "grant_type=client_credentials"',
    "redis_url: redis://cache:6379/0",
    "https://user:password@example.com/",
    # Keys that are public, and headers alone
    "-----BEGIN PUBLIC KEY-----",
    "-----BEGIN CERTIFICATE-----",
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl dev@laptop",
    'HEADER = "-----BEGIN RSA PRIVATE KEY-----"',
    'if line.startswith("-----BEGIN OPENSSH PRIVATE KEY-----"):',
    'PEM_MARKER = b"-----BEGIN PRIVATE KEY-----"',
    # Prose and code that merely uses the words
    "# Set the API key in your environment before running.",
    'raise ValueError("invalid token: expected a string")',
    'logger.info("token refreshed for %s", user)',
    "The password must be at least 12 characters long.",
    "def get_secret(name: str) -> str:",
    "class TokenBucket:",
    'parser.add_argument("--password", help="the database password")',
    "if not password:",
    "if password == confirm_password:",
    'DEFAULT_PASSWORD_HASHER = "argon2"',
    'TOKEN_PATTERN = r"[A-Za-z0-9]{32}"',
    'api_version = "2024-02-15-preview"',
    'placeholder="Enter your API key"',
    "privateKeyPath: /etc/ssl/private/server.key",
    "token: ${{ github.token }}",
    '"token3": "xoxp-1234-1234-1234-4ddbc191d40ee098cbaae6f3523ada2d"',
    '"token4": "xoxp-572370529330-573807301142-572331691188-####################"',
    "https://indieweb.org/images/3/35/2018-250-xoxo-indieweb-1.jpg",
    "xoxe.xoxp-1-SlackAppConfigurationAccessTokenHere",
    "github_pat_xxxxxxxxxxxxxxxxxxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    # Lines of real libraries that once looked like secrets to this redactor
    "def best_match(errors, key=relevance):",
    "for _, chars in itertools.groupby(s, key=is_consecutive):",
    "hashlib.blake2s(credential.encode(), key=_LEGACY_SIGNATURE_KEY).digest()",
    'f"redundant - pass targets={(*targets, target)!r} instead."',
    "token_number = self.tokens_taken+len(self.tokens)",
    'MovedAttribute("HTTPPasswordMgr", "urllib2", "urllib.request"),',
    "(_shortened_many('pwd$', 're$read', 'res$et', 'scr$eendump',",
    "'noperspective','NULL','out','packoffset','pass','pixelfragment',",
    'elif token == "#bygroup":',
    '# "https://username:password@host.com:80/path?query#fragment"',
    "password: SecretStr",
    "_token_end = r'(?=\\s|#|[)\\]]|$)'",
    'print(f"password={password!r}")',
    "user_pass = (self.username + \":\" + self.password).encode('ascii')",
    "    (the default of None has the same effect), or pass 'ignore' to ignore",
    "AIX filesets are identified by four decimal values: V.R.M.F.",
    "# First pass: determine maximum length of long option names",
    "defaults = dict.fromkeys(['username', 'password', 'repository'], '')",
    "@field_serializer('password', 'password_bytes', when_used='json')",
    "<key>ProductUserVisibleVersion</key>",
    "mhu = MultiHostUrl('https://foo.com:123,foo:bar@bar.com/path')",
    "密码 = input('请输入密码：')",
]
