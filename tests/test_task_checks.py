"""Practice-task rules at their boundaries: each check accepts up to its limit and no further."""

from __future__ import annotations

import pytest

from sellerbot.content.model import TaskRule
from sellerbot.practice.checks import rule_passes
from sellerbot.practice.lexicon import EMPTY
from sellerbot.practice.words import Answer

FEEDBACK = {"en": "Try again.", "zh_Hans": "再试一次。"}


class rule:
    """A task rule, asked whether an answer passes it with no course-wide lexicon."""

    def __init__(self, **check):
        self.rule = TaskRule.model_validate({**check, "feedback": FEEDBACK})

    def passes(self, answer: str, locale: str) -> bool:
        return rule_passes(self.rule, Answer(answer), locale, EMPTY)


@pytest.mark.parametrize(
    ("answer", "passes"),
    [
        ("abcde", True),  # exactly the limit
        ("  abcde \n", True),  # surrounding space is not counted
        ("abcdef", False),  # one over
        ("", True),
    ],
)
def test_max_length_allows_exactly_the_limit(answer, passes):
    assert rule(max_length={"en": 5}).passes(answer, "en") is passes


@pytest.mark.parametrize(
    ("answer", "passes"),
    [("abcde", True), (" abcd ", False), ("abcd", False)],
)
def test_min_length_needs_at_least_the_limit(answer, passes):
    assert rule(min_length={"en": 5}).passes(answer, "en") is passes


@pytest.mark.parametrize(
    ("answer", "passes"),
    [
        ("Navel ORANGES, 5 kg", True),  # every word, in any case
        ("navel oranges", False),  # one word missing
        ("5 kg", False),
        ("nothing at all", False),
    ],
)
def test_mentions_all_needs_every_word(answer, passes):
    assert rule(mentions_all={"en": ["orange", "kg"]}).passes(answer, "en") is passes


@pytest.mark.parametrize(
    ("answer", "passes"),
    [("navel oranges", True), ("5 KG", True), ("apples", False)],
)
def test_mentions_any_needs_one_word(answer, passes):
    assert rule(mentions_any={"en": ["orange", "kg"]}).passes(answer, "en") is passes


@pytest.mark.parametrize(
    ("answer", "passes"),
    [("cheap oranges", False), ("CHEAP", False), ("fresh oranges", True)],
)
def test_avoids_refuses_any_listed_word(answer, passes):
    assert rule(avoids={"en": ["cheap", "bad"]}).passes(answer, "en") is passes


@pytest.mark.parametrize(
    ("answer", "passes"),
    [
        ("5 kg", True),
        ("五斤", True),
        ("两箱", True),
        ("oranges", False),
        ("明前春茶 二两装", True),  # 两 as the weight liang
        ("一共三十六", True),  # a numeral with a scale needs no unit
        ("十分好吃", False),  # very tasty
        ("千万别买错", False),  # by all means
        ("十全十美的橙子", False),
        ("百分百满意", False),
        ("我家的橙子一级棒", False),
    ],
)
def test_has_number_takes_digits_and_chinese_numerals(answer, passes):
    assert rule(has_number=True).passes(answer, "en") is passes


def test_a_rule_without_a_setting_for_the_locale_lets_the_answer_pass():
    only_english = rule(mentions_all={"en": ["orange", "kg"]})
    assert only_english.passes("橙子", "zh_Hans")
    assert not only_english.passes("orange", "en")
