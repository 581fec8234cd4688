"""Languages: choosing a learner's locale, and the bot's own texts from gettext catalogs."""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from sellerbot.engine.replies import Percent

DOMAIN = "sellerbot"


@lru_cache(maxsize=256)
def _parse(identifier: str) -> Locale | None:
    # Parsing is slow, and every reply parses its learner's locale to format numbers.
    try:
        return Locale.parse(identifier.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return None


def _script(locale: Locale) -> str | None:
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags").get(locale.language, "")
    parts = likely.split("_")
    return parts[1] if len(parts) > 2 else None


def negotiate(hint: str | None, available: Iterable[str]) -> str | None:
    """The available locale that best fits a client's language code, such as 'zh-CN'.

    Same language and script wins ('zh-CN', 'zh' and 'zh-hans' all mean zh_Hans); the same
    language in another script comes next; anything else is no match.
    """
    wanted = _parse(hint) if hint else None
    if wanted is None:
        return None
    same_language = []
    for identifier in available:
        candidate = _parse(identifier)
        if candidate is None or candidate.language != wanted.language:
            continue
        if _script(candidate) == _script(wanted):
            return identifier
        same_language.append(identifier)
    return same_language[0] if same_language else None


def language_code(locale: str) -> str | None:
    """The ISO 639-1 language of a locale, as chat apps name languages ('zh' for zh_Hans)."""
    parsed = _parse(locale)
    return parsed.language if parsed else None


def display_name(locale: str) -> str:
    """A locale's name in its own language, as a learner would recognise it."""
    parsed = _parse(locale)
    return (parsed.get_display_name(parsed) if parsed else None) or locale


class Translations:
    """The bot's texts in every shipped locale, read from the .po catalogs at start.

    Catalogs are compiled in memory, so the repository holds no compiled files that could
    fall out of date with their sources.
    """

    def __init__(self, catalogs: Mapping[str, gettext.NullTranslations]):
        self._catalogs = dict(catalogs)

    @classmethod
    def load(cls, locales_dir: Path) -> Translations:
        catalogs: dict[str, gettext.NullTranslations] = {}
        for po_path in sorted(locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
            with po_path.open("rb") as source:
                catalog = read_po(source)
            compiled = io.BytesIO()
            write_mo(compiled, catalog)
            compiled.seek(0)
            catalogs[po_path.parent.parent.name] = gettext.GNUTranslations(compiled)
        return cls(catalogs)

    def gettext(self, key: str, locale: str) -> str:
        catalog = self._catalogs.get(locale)
        return catalog.gettext(key) if catalog else key

    def format(self, key: str, params: Mapping[str, Any], locale: str) -> str:
        """Translate `key` and fill in its placeholders, numbers in the locale's style."""
        babel_locale = _parse(locale) or Locale("en")
        values = {}
        for name, value in params.items():
            if isinstance(value, Percent):
                values[name] = format_percent(value.value, locale=babel_locale)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                values[name] = format_decimal(value, locale=babel_locale)
            else:
                values[name] = value
        return self.gettext(key, locale).format(**values)
