"""Private-key blocks go from BEGIN to END, whatever holds them; a header alone stays, and so
does everything after it."""

from __future__ import annotations

from collections import Counter

from reviewer.trust.redact import redact_lines
from tests.secrets_corpus import B64, draw

BODY = [draw(f"k{n}", B64, 64) for n in range(5)] + [draw("k-last", B64, 20) + "=="]
PEM = ["-----BEGIN RSA PRIVATE KEY-----", *BODY, "-----END RSA PRIVATE KEY-----"]


def test_a_block_is_replaced_line_for_line_and_counted_once() -> None:
    found: Counter[str] = Counter()
    code = ["KEY = '''", *PEM, "'''", "def load():", "    return KEY"]
    out = redact_lines(code, found)
    assert len(out) == len(code)
    assert not any(b in "\n".join(out) for b in BODY)
    assert out[1] == PEM[0] and out[-4] == PEM[-1] and out[-2:] == code[-2:]
    assert found == Counter({"private-key": 1})


def test_a_lone_header_keeps_every_line_after_it() -> None:
    code = [
        'HEADER = "-----BEGIN RSA PRIVATE KEY-----"',
        "def is_key(text: str) -> bool:",
        "    return text.startswith(HEADER)",
        "TOKEN_TTL = 3600",
        "class Settings:",
        "    name = 'reviewer'",
    ]
    found: Counter[str] = Counter()
    assert redact_lines(code, found) == code
    assert found == Counter()


def test_a_key_in_one_string_is_cut_out_between_its_markers() -> None:
    begin, end = "-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----"
    inline = f'"key": "{begin}\\n' + "\\n".join(BODY) + f'\\n{end}\\n",'
    [out] = redact_lines([inline])
    assert out == f'"key": "{begin}<redacted:private-key>{end}\\n",'


def test_a_key_joined_from_string_literals_is_followed_to_its_end() -> None:
    code = ['KEY = ("-----BEGIN EC PRIVATE KEY-----\\n"', *(f'    "{b}\\n"' for b in BODY),
            '    "-----END EC PRIVATE KEY-----")', "print(KEY)"]  # fmt: skip
    out = redact_lines(code)
    assert not any(b in "\n".join(out) for b in BODY)
    assert out[1] == '    "<redacted:private-key>\\n"' and out[-1] == "print(KEY)"


def test_a_key_cut_short_is_redacted_to_where_its_body_ends() -> None:
    code = ["-----BEGIN OPENSSH PRIVATE KEY-----", *BODY[:3], "", "next = 1"]
    out = redact_lines(code)
    assert not any(b in "\n".join(out) for b in BODY[:3])
    assert out[-2:] == ["", "next = 1"]


def test_a_pgp_block_goes_from_its_begin_to_its_end() -> None:
    code = ["-----BEGIN PGP PRIVATE KEY BLOCK-----", "Version: GnuPG v2", "", *BODY,
            "=AbCd", "-----END PGP PRIVATE KEY BLOCK-----"]  # fmt: skip
    out = redact_lines(code)
    assert not any(b in "\n".join(out) for b in BODY)
    assert out[0] == code[0] and out[2] == "" and out[-1] == code[-1]


def test_whatever_text_stands_between_the_markers_is_the_key() -> None:
    code = [
        "-----BEGIN RSA PRIVATE KEY-----",
        "not a real key, for the test",
        "-----END RSA PRIVATE KEY-----",
    ]
    assert redact_lines(code)[1] == "<redacted:private-key>"
    constants = ['BEGIN = "-----BEGIN RSA PRIVATE KEY-----"', "def parse(text):",
                 "    return text", 'END = "-----END RSA PRIVATE KEY-----"']  # fmt: skip
    assert redact_lines(constants) == constants


def test_public_keys_and_certificates_stay() -> None:
    code = ["-----BEGIN PUBLIC KEY-----", *BODY, "-----END PUBLIC KEY-----",
            "-----BEGIN CERTIFICATE-----", *BODY, "-----END CERTIFICATE-----"]  # fmt: skip
    assert redact_lines(code) == code
