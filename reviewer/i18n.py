"""The language people read: a BCP 47 tag (`--language`), the name the prompts give the model
for it, and reviewer's own words in it, from gettext catalogues in `reviewer/locale/`.

Babel (a well-kept library of the CLDR's locale data) checks tags and names languages, loaded
only for a language other than English; the catalogues are compiled `.mo` files that the
standard library's gettext reads. Machine outputs (JSON keys, SARIF, exit codes) never pass
through here.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

ENGLISH = "en"
DOMAIN = "reviewer"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def check_tag(tag: str) -> str:
    """`tag` when it names a language (BCP 47: `zh-CN`, `zh-TW`, `en`, `ja`, ...)."""
    tag = tag.strip()
    if tag.lower() in ("en", "en-us"):
        return tag
    from babel import Locale, UnknownLocaleError  # deferred: only other languages need it

    try:
        Locale.parse(tag.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError(
            f"not a language tag: {tag!r} (BCP 47, e.g. zh-CN, zh-TW, en, ja)"
        ) from None
    return tag


@cache
def language_name(tag: str) -> str:
    """The language's name in English, as the prompts give it: `Chinese (Simplified, China)`."""
    if tag.lower().startswith("en"):
        return "English"
    from babel import Locale

    return str(Locale.parse(tag.replace("_", "-"), sep="-").get_display_name("en"))


@cache
def translations(tag: str) -> gettext.NullTranslations:
    """reviewer's own words in `tag`'s language: its catalogue, else its language's (zh-SG takes
    zh_CN's when there is no zh_SG), else English."""
    if tag.lower().startswith("en"):
        return gettext.NullTranslations()
    language, _, region = tag.replace("_", "-").partition("-")
    wanted = [f"{language.lower()}_{region.upper()}"] if region else []
    wanted.append(language.lower())
    # Chinese written in Simplified script when nothing else is said.
    if language.lower() == "zh":
        traditional = region.upper() in ("TW", "HK", "MO", "HANT")
        wanted.append("zh_TW" if traditional else "zh_CN")
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=wanted, fallback=True)


_ENGLISH = gettext.NullTranslations()
_current: ContextVar[gettext.NullTranslations | None] = ContextVar(
    "reviewer_translations", default=None
)


@contextmanager
def speaking(tag: str) -> Iterator[None]:
    """reviewer's own words in `tag`'s language, for what runs inside (the command line sets it
    once per run; renderers read it through `_` and `ngettext`)."""
    token = _current.set(translations(tag))
    try:
        yield
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """`message` in the language of the run (English outside `speaking`)."""
    return (_current.get() or _ENGLISH).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return (_current.get() or _ENGLISH).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is written; `_` translates it where shown."""
    return message


# Words shown translated that the code holds as data: the severities, where a report is.
MARKED = (
    N_("critical"),
    N_("high"),
    N_("medium"),
    N_("low"),
    N_("the job summary"),
    N_("the job log"),
)
