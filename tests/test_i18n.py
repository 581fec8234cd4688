"""Translations: every bot text is translated in every shipped locale, placeholders intact."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from sellerbot.engine import messages
from sellerbot.engine.replies import Percent
from sellerbot.i18n import DOMAIN, Translations, display_name, language_code, negotiate
from sellerbot.paths import bundled_locales

PACKAGE = Path(messages.__file__).parents[1]
SOURCE_LOCALE = "en"  # the msgids are English


def source_messages() -> set[str]:
    """What pybabel extract finds in the code, with the project's keyword."""
    found = extract_from_dir(str(PACKAGE), method_map=[("**.py", "python")], keywords={"N_": None})
    return {message for _, _, message, _, _ in found}


def catalog(locale: str):
    with (bundled_locales() / locale / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as source:
        return read_po(source)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


SHIPPED = sorted(path.name for path in bundled_locales().iterdir() if path.is_dir())


def test_both_course_locales_are_shipped():
    assert {"en", "zh_Hans"} <= set(SHIPPED)


def test_the_template_lists_every_text_in_the_code():
    with (bundled_locales() / f"{DOMAIN}.pot").open("rb") as source:
        template = {message.id for message in read_po(source) if message.id}
    assert source_messages() == template, "run pybabel extract (see README)"


@pytest.mark.parametrize("locale", SHIPPED)
def test_every_text_is_translated_with_the_same_placeholders(locale):
    entries = {message.id: message for message in catalog(locale) if message.id}
    for source in source_messages():
        entry = entries.get(source)
        assert entry is not None, f"{locale}: {source!r} is missing; run pybabel update"
        assert not entry.fuzzy, f"{locale}: {source!r} is marked fuzzy; check it"
        if locale == SOURCE_LOCALE and not entry.string:
            continue  # gettext shows the English source text itself
        assert entry.string, f"{locale}: {source!r} is not translated"
        assert placeholders(entry.string) == placeholders(source), (locale, source)


def test_translations_fill_placeholders_and_format_numbers_per_locale():
    translations = Translations.load(bundled_locales())
    summary = messages.PROGRESS_SUMMARY
    params = {"done": 1234, "steps": 2000, "percent": Percent(0.617)}
    assert translations.format(summary, params, "en") == (
        "You have done 1,234 of 2,000 steps (62%)."
    )
    assert translations.format(summary, params, "zh_Hans") == "共2,000步，你已学完1,234步（62%）。"
    assert translations.gettext("no such text", "zh_Hans") == "no such text"


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        ("zh-hans", "zh_Hans"),
        ("zh-CN", "zh_Hans"),
        ("zh", "zh_Hans"),
        ("zh-SG", "zh_Hans"),
        ("zh-TW", "zh_Hans"),  # another script of the same language beats a foreign one
        ("en", "en"),
        ("en-GB", "en"),
        ("fr", None),
        ("", None),
        (None, None),
        ("not a locale", None),
    ],
)
def test_negotiation_maps_app_languages_to_course_locales(hint, expected):
    assert negotiate(hint, ["en", "zh_Hans"]) == expected


def test_language_names_and_codes():
    assert display_name("zh_Hans") == "中文 (简体)"
    assert display_name("en") == "English"
    assert language_code("zh_Hans") == "zh"
