"""Secrets of every kind the redactor knows, each inside a line of code as people write them.
All are fake, shaped like the real thing. (secret, line of code)"""

from __future__ import annotations

B64 = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0"
SECRETS: list[tuple[str, str]] = [
    ("AKIAIOSFODNN7EXAMPLE", 'AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"'),
    ("ASIAY34FZKBOKMUTVV7A", "key_id = 'ASIAY34FZKBOKMUTVV7A'"),
    (
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
    ),
    (
        "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R",
        'GITHUB_TOKEN = "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R"',
    ),
    (
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEF",
        "token = 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEF'",
    ),
    (
        "ghs_16C7e42F292c6912E7710c838347Ae178B4a",
        "headers = {'Authorization': 'token ghs_16C7e42F292c6912E7710c838347Ae178B4a'}",
    ),
    ("glpat-xxxxXXXX1234abcdEFGH", 'gitlab = "glpat-xxxxXXXX1234abcdEFGH"'),
    (
        "sk-proj-4f8QmZr2T7cLw9XyB1nVdK6aJ3sPeH0u",
        'client = OpenAI(api_key="sk-proj-4f8QmZr2T7cLw9XyB1nVdK6aJ3sPeH0u")',
    ),
    (
        "sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe",
        'ANTHROPIC = "sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe"',
    ),
    (
        "xoxb-2048-1024-AbCdEfGhIjKlMnOpQrStUvWx",
        'slack = WebClient(token="xoxb-2048-1024-AbCdEfGhIjKlMnOpQrStUvWx")',
    ),
    (
        "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
        'WEBHOOK = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"',
    ),
    (
        "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
        'maps_key = "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"',
    ),
    ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", 'stripe.api_key = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"'),
    ("rk_test_51H8sJ2LkmZQ9pXa7b3c", "restricted = 'rk_test_51H8sJ2LkmZQ9pXa7b3c'"),
    (
        "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",
        'SENDGRID_API_KEY = "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"',
    ),
    ("SK2f8e4b1c9d0a3e6f7b8c9d0e1f2a3b4c", 'twilio_key = "SK2f8e4b1c9d0a3e6f7b8c9d0e1f2a3b4c"'),
    (
        "npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
        "//registry.npmjs.org/:_authToken=npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
    ),
    (
        "pypi-AgEIcHlwaS5vcmcCJGE0ZjYzYjM4LWQ1ZTMtNGQ0NS1hYjg1LTAwMDAwMDAwMDAwMAACKlszLCJ",
        'password = "pypi-AgEIcHlwaS5vcmcCJGE0ZjYzYjM4LWQ1ZTMtNGQ0NS1hYjg1LTAwMDAwMDAwMDAwMAACKlszLCJ"',
    ),
    ("hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567", 'HF_TOKEN = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567"'),
    (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "auth = 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'",
    ),
    (
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq",
        'conn = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq"',
    ),
    ("s3cr3tP4ssw0rd!", 'DATABASE_URL = "postgresql://app:s3cr3tP4ssw0rd!@db.internal:5432/app"'),
    ("Xk9#mQ2$vL7pR4", "redis_url = 'redis://default:Xk9#mQ2$vL7pR4@cache:6379/0'"),
    ("7f3Kq9ZpL2mX8vB4nR6t", 'db_password = "7f3Kq9ZpL2mX8vB4nR6t"'),
    ("Zm9vYmFyYmF6cXV4MTIzNDU2", "SECRET_KEY = 'Zm9vYmFyYmF6cXV4MTIzNDU2'"),
    ("a9F3kL0pQ7zX2vB8", "settings = {'api_key': 'a9F3kL0pQ7zX2vB8'}"),
    ("N7uT4wQ1zK8sP3xV", 'client_secret: "N7uT4wQ1zK8sP3xV"'),
    (B64, "-----BEGIN RSA PRIVATE KEY-----"),  # the key's body follows, see PRIVATE_KEY
]
PRIVATE_KEY = [
    "-----BEGIN RSA PRIVATE KEY-----",
    B64,
    "kM9vR3nQ7pL2xZ8wB4tY6uH1jK5fD0gS3aE7cV9bN2mQ4rT8yU1iO6pA3sD5fG7hJ9kL0zX2cV4bN6m",
    "-----END RSA PRIVATE KEY-----",
]
# Values that look like assignments of secrets but are not secrets: they must stay.
NOT_SECRETS = [
    'password = "changeme"',
    "token = os.environ['API_TOKEN']",
    'api_key = "${API_KEY}"',
    'secret = "<your-secret-here>"',
    'password_hint = "aaaaaaaaaaaa"',
]
