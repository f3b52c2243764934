"""The feedback report's message catalogues: gettext, one ``.po`` file per language (Babel).

Catalogues live in ``locale/<language>/LC_MESSAGES/feedback.po`` beside this module and are
compiled in memory with Babel when first used, so a fresh clone needs no build step and
there is no binary ``.mo`` to keep in step with its source. The message ids are the English
texts (marked ``N_`` in :mod:`pata.feedback.report`, ``tr`` in the HTML template, and the
problem titles and standard fixes of :data:`pata.validation.problems.PROBLEM_KINDS`); a
text without a translation reads in English.

A report is written in the partner's registered languages that have a catalogue, English
always alongside (``report_languages``).
"""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Callable, Sequence
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "feedback"
ENGLISH = "en"

Translate = Callable[[str], str]


def N_(message: str) -> str:
    """Mark a message for extraction without translating it here."""
    return message


def catalogue_path(language: str) -> Path:
    """Where the ``.po`` catalogue of ``language`` lives."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def available_languages() -> tuple[str, ...]:
    """The languages with a catalogue, sorted (English needs none)."""
    if not LOCALE_DIR.is_dir():
        return ()
    return tuple(
        sorted(
            folder.name for folder in LOCALE_DIR.iterdir() if catalogue_path(folder.name).is_file()
        )
    )


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language`` (English, or a language without one: identity)."""
    path = catalogue_path(language)
    if language == ENGLISH or not path.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def translator(language: str) -> Translate:
    """``gettext`` for one language."""
    return translations(language).gettext


def report_languages(partner_languages: Sequence[str]) -> list[str]:
    """The report's languages: the partner's that have a catalogue, in its order, then English."""
    known = set(available_languages())
    chosen = [code for code in partner_languages if code in known and code != ENGLISH]
    return [*dict.fromkeys(chosen), ENGLISH]


def partner_languages(partner_code: str) -> tuple[str, ...]:
    """The languages the registry lists for a partner (English for an unknown partner)."""
    from pata.errors import PataError
    from pata.registry import load_registry

    try:
        return load_registry().partner(partner_code).languages
    except PataError:
        return (ENGLISH,)
