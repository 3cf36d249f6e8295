"""reviewer's own words, in gettext catalogues made with Babel: the template holds every message
the code marks, each language's catalogue translates all of them with the same placeholders, and
the compiled `.mo` that ships is the `.po` as it stands (`pybabel compile` after every edit)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from reviewer.i18n import LOCALE_DIR, speaking, translations

PACKAGE = Path(__file__).resolve().parents[1] / "reviewer"
KEYWORDS = {"_": None, "ngettext": (1, 2), "count_of": (2, 3), "N_": None}
LANGUAGES = sorted(p.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES"))
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _flat(value: object) -> tuple[str, ...]:
    """A message's id or string as a tuple (plural forms are tuples in a .po, lists in a .mo)."""
    return tuple(str(v) for v in value) if isinstance(value, (list, tuple)) else (str(value),)


def _ids(messages: object) -> set[str]:
    found = set()
    for message in messages:  # type: ignore[attr-defined]
        if message.id:
            found.add(message.id[0] if isinstance(message.id, tuple) else message.id)
    return found


def test_the_template_holds_every_message_the_code_marks() -> None:
    marked = {
        text if isinstance(text, str) else text[0]
        for _, _, text, _, _ in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
        )
    }
    template = _ids(read_po((LOCALE_DIR / "reviewer.pot").open("rb")))
    assert len(marked) > 30
    assert marked == template, "run pybabel extract (see CONTRIBUTING.md)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_translates_every_message_with_its_placeholders(language: str) -> None:
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    catalogue = read_po((folder / "reviewer.po").open("rb"))
    template = _ids(read_po((LOCALE_DIR / "reviewer.pot").open("rb")))
    assert _ids(catalogue) == template
    for message in catalogue:
        if not message.id:
            continue
        ids, strings = _flat(message.id), _flat(message.string)
        assert all(strings), f"{ids[0]!r} is not translated"
        wanted = set(_PLACEHOLDER.findall(ids[0]))
        assert all(set(_PLACEHOLDER.findall(s)) == wanted for s in strings), ids[0]
    compiled = read_mo((folder / "reviewer.mo").open("rb"))
    as_po = {_flat(m.id): _flat(m.string) for m in catalogue if m.id}
    as_mo = {_flat(m.id): _flat(m.string) for m in compiled if m.id}
    assert as_mo == as_po, "run pybabel compile (see CONTRIBUTING.md)"


def test_a_language_without_a_catalogue_falls_back_to_its_family_then_english() -> None:
    with speaking("zh-SG"):  # no zh_SG catalogue: Simplified Chinese
        assert translations("zh-SG").gettext("Files") == "文件"
    assert translations("fr").gettext("Files") == "Files"
    assert translations("en").gettext("Files") == "Files"
