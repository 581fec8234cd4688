"""FAQ entry labels: checked to fit a phone button, used on the buttons, set for every entry."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sellerbot.app import faq_phrasings
from sellerbot.content.loader import MAX_FAQ_LABEL_COLUMNS, load_course
from sellerbot.content.model import Localized
from sellerbot.engine.engine import Engine
from sellerbot.faq import MatchResult
from sellerbot.paths import bundled_content
from tests.content_samples import ContentTree, describe
from tests.dialog import Dialog, assert_dialog
from tests.test_engine import ScriptedMatcher

FAQ = "faq/listing.yaml"
PACKAGING = "  - id: listing.packaging\n    topic: listing"


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


def _label(en: str, zh: str | None = "怎么包装") -> str:
    lines = f"    label:\n      en: {en}\n"
    return lines + (f"      zh_Hans: {zh}\n" if zh is not None else "")


def test_a_short_label_in_every_locale_loads(tree: ContentTree) -> None:
    tree.insert_after(FAQ, PACKAGING, _label("Packing fruit"))
    result = tree.load()
    assert result.course is not None, describe(result.errors)
    entry = next(entry for entry in result.course.faq if entry.id == "listing.packaging")
    assert dict(entry.label.items()) == {"en": "Packing fruit", "zh_Hans": "怎么包装"}


@pytest.mark.parametrize(
    ("en", "zh", "locale"),
    [
        ("How do I pack fruit so that it does not bruise in the post", "怎么包装", "en"),
        # 18 Chinese characters take 36 columns on a phone, more than the limit.
        ("Packing fruit", "水果怎么包装才不会在快递路上压坏呢真的", "zh_Hans"),
    ],
)
def test_a_label_too_wide_for_a_phone_button_is_an_error_at_its_line(
    tree: ContentTree, en: str, zh: str, locale: str
) -> None:
    tree.insert_after(FAQ, PACKAGING, _label(en, zh))
    result = tree.load()
    assert result.course is None
    (problem,) = result.errors
    assert problem.path == tree.path(FAQ)
    assert problem.line == tree.line_of(FAQ, f"      {locale}: {en if locale == 'en' else zh}")
    assert f"over {MAX_FAQ_LABEL_COLUMNS} for a phone button" in problem.message
    assert "shorten it" in problem.message


def test_a_label_missing_a_locale_is_an_error(tree: ContentTree) -> None:
    tree.insert_after(FAQ, PACKAGING, _label("Packing fruit", zh=None))
    result = tree.load()
    assert result.course is None
    assert any("missing translation for zh_Hans" in p.message for p in result.errors), describe(
        result.errors
    )


def test_every_bundled_entry_has_a_capitalised_label_in_every_locale() -> None:
    course = load_course(bundled_content()).course
    for entry in course.faq:
        assert entry.label is not None, entry.id
        assert set(entry.label) == set(course.locales), entry.id
        english = entry.label["en"]
        assert english[0].isupper() and not english.endswith("?"), (entry.id, english)


def test_buttons_show_the_label_and_fall_back_to_the_first_phrasing(course, translations):
    labelled = tuple(
        entry.model_copy(update={"label": Localized({"en": "Packing eggs"})})
        if entry.id == "listing.packaging"
        else entry
        for entry in course.faq
    )
    matcher = ScriptedMatcher(
        {
            "price or pack": MatchResult(
                None, 0.4, ("listing.pricing", "listing.packaging"), "suggest"
            )
        }
    )
    dialog = Dialog(Engine(replace(course, faq=labelled), matcher), translations)
    dialog.send("/start")
    assert_dialog(
        dialog,
        [
            (
                "price or pack",
                ["Did you mean one of these?", "[How do I set a price?]", "[Packing eggs]"],
            ),
            ("[Packing eggs]", "Pack answer"),
        ],
    )


def test_the_matcher_indexes_each_label_with_its_entrys_phrasings() -> None:
    # A label says what the entry is about in few words; with few phrasings, it matters.
    course = load_course(bundled_content()).course
    indexed = {(each.entry_id, each.locale): each.questions for each in faq_phrasings(course)}
    for entry in course.faq:
        for locale, label in entry.label.items():
            folded = {question.casefold() for question in indexed[entry.id, locale]}
            assert label.casefold() in folded, (entry.id, locale)
            assert set(entry.questions[locale]) <= set(indexed[entry.id, locale])


def test_a_label_that_repeats_a_phrasing_is_indexed_once(course) -> None:
    entry = next(entry for entry in course.faq if entry.id == "listing.packaging")
    first = entry.questions["en"][0]
    labelled = entry.model_copy(update={"label": Localized({"en": first.upper()})})
    (english,) = [
        each
        for each in faq_phrasings(replace(course, faq=(labelled,)))
        if each.locale == "en" and each.entry_id == entry.id
    ]
    assert english.questions == entry.questions["en"]
