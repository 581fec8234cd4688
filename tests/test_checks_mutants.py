"""Practice checks the first mutation run found untested: task rules naming a synonym group
the lexicon lacks (each rule kind, per language or shared), and which label a price
reader gives a number when profit or packing words stand beside it, and the photo coach's
verdict from its report."""

from __future__ import annotations

import pytest

from sellerbot.content.loader import load_course
from sellerbot.engine.replies import msg
from sellerbot.paths import bundled_content
from sellerbot.practice import messages as pm
from sellerbot.practice import photo
from sellerbot.practice.checks import Verdict, _pricing, check_photo
from sellerbot.practice.numbers import han_value
from sellerbot.practice.pricing import Pricing, read_pricing
from tests.content_samples import ContentTree
from tests.test_content_validation import assert_error_at, tree  # noqa: F401

LEXICON = """\
groups:
  sorry:
    en: [sorry]
    zh_Hans: [对不起]
  remedy:
    en: [refund]
    zh_Hans: [退款]
"""


def _rule(tree: ContentTree, rule: str) -> None:  # noqa: F811
    tree.write("lexicon.yaml", LEXICON)
    tree.replace("modules/basics.yaml", "      - has_number: true\n", rule)


def test_an_unknown_group_in_mentions_all_names_the_groups_there_are(tree):  # noqa: F811
    _rule(tree, "      - mentions_all: {en: ['@sorry', '@refunds'], zh_Hans: ['@sorry']}\n")
    problem = assert_error_at(tree, "modules/basics.yaml", "'@refunds'", "no group 'refunds'")
    assert problem.message.endswith("no group 'refunds' in lexicon.yaml (groups: remedy, sorry)")


def test_an_unknown_group_in_avoids_is_found_in_each_language(tree):  # noqa: F811
    _rule(tree, "      - avoids: {en: ['@sorry'], zh_Hans: ['@sorry', '@blame']}\n")
    assert_error_at(tree, "modules/basics.yaml", "'@blame'", "no group 'blame'")


def test_an_unknown_group_in_a_shared_word_list_is_found(tree):  # noqa: F811
    _rule(tree, "      - avoids: ['@remedy', '@blame']\n")
    assert_error_at(tree, "modules/basics.yaml", "'@blame'", "no group 'blame'")


def test_without_a_lexicon_the_message_says_there_are_no_groups(tree):  # noqa: F811
    tree.replace(
        "modules/basics.yaml", "      - has_number: true\n", "      - mentions_any: ['@sorry']\n"
    )
    problem = assert_error_at(tree, "modules/basics.yaml", "'@sorry'", "no group 'sorry'")
    assert problem.message.endswith("(groups: none)")


@pytest.fixture(scope="module")
def lexicon():
    return load_course(bundled_content()).course.lexicon


def test_a_profit_share_is_not_a_platform_fee(lexicon):
    assert read_pricing("costs 10, profit 20%, price 15", lexicon, "en") == Pricing(
        (10.0,), None, 0.0, 15.0, cost=10.0
    )
    assert read_pricing("costs 10, fee 20%, price 15", lexicon, "en").fee_rate == 0.2


def test_a_packing_word_before_price_labels_a_cost(lexicon):
    expected = Pricing((3.0, 9.0), None, 0.0, 30.0, cost=12.0)
    assert read_pricing("box price 3, courier 9, price 30", lexicon, "en") == expected
    assert read_pricing("盒子价格3 快递9 卖30", lexicon, "zh_Hans") == expected


# ----- the photo coach's verdict, with the coach's report stubbed (it takes seconds) --------


def _coached(monkeypatch, report=None, refuse=False):
    def coach(data):
        assert data == b"jpeg bytes"
        if refuse:
            raise photo.NotAPhoto("not an image")
        return report

    monkeypatch.setattr(photo, "coach", coach)
    return check_photo(b"jpeg bytes")


def test_an_unreadable_photo_is_refused_with_its_own_message(monkeypatch):
    verdict = _coached(monkeypatch, refuse=True)
    assert verdict == Verdict(False, ("photo:unreadable",), (msg(pm.PHOTO_NOT_READ),))


def test_a_photo_without_problems_is_praised(monkeypatch):
    report = photo.PhotoReport((), ("sharp",), 1200, 900)
    assert _coached(monkeypatch, report) == Verdict(True, (), (msg(pm.PHOTO_GOOD),))


def test_each_photo_problem_gets_its_fix_in_order_with_the_size(monkeypatch):
    problems = (photo.TOO_SMALL, photo.TOO_DARK, photo.BLOWN_OUT)
    problems += (photo.BLURRY, photo.TOO_FAR, photo.BUSY)
    report = photo.PhotoReport(problems, (), 320, 240)
    verdict = _coached(monkeypatch, report)
    assert verdict.accepted is False
    assert verdict.failed == tuple(f"photo:{problem}" for problem in problems)
    size = {"width": 320, "height": 240}
    assert verdict.feedback == (
        msg(pm.PHOTO_TOO_SMALL, **size),
        msg(pm.PHOTO_TOO_DARK, **size),
        msg(pm.PHOTO_BLOWN_OUT, **size),
        msg(pm.PHOTO_BLURRY, **size),
        msg(pm.PHOTO_TOO_FAR, **size),
        msg(pm.PHOTO_BUSY, **size),
    )


# ----- what a prices_cover_costs rule says -------------------------------------------------


def test_an_answer_without_costs_is_asked_for_them(lexicon):
    assert _pricing("I will sell them at a fair price", "en", lexicon) == (
        False,
        (msg(pm.PRICE_NO_COSTS),),
    )


def test_costs_without_a_price_are_asked_for_the_price(lexicon):
    expected = (False, (msg(pm.PRICE_NO_PRICE),))
    assert _pricing("box 3, courier 9", "en", lexicon) == expected
    assert _pricing("all my costs 27", "en", lexicon) == expected  # a total alone is costs


def test_a_price_at_cost_is_shown_with_the_sum_and_an_example_that_earns(lexicon):
    assert _pricing("box 3, courier 9, price 12", "en", lexicon) == (
        False,
        (
            msg(pm.PRICE_COSTS, sum="3 + 9", cost="12"),
            msg(pm.PRICE_BREAKS_EVEN, price="12", spare="0", example="15"),
        ),
    )


def test_a_profit_amount_is_not_a_cost(lexicon):
    assert read_pricing("costs 10, profit 5, price 15", lexicon, "en").costs == (10.0,)


def test_a_fee_is_capped_at_nine_tenths_of_the_price(lexicon):
    assert read_pricing("costs 10, fee 95%, price 15", lexicon, "en").fee_rate == 0.9


def test_a_discount_in_zhe_is_not_a_fee(lexicon):
    pricing = read_pricing("橙子10 快递5 打8折 卖30", lexicon, "zh_Hans")
    assert pricing == Pricing((10.0, 5.0), None, 0.0, 30.0, cost=15.0)


def test_a_stated_total_near_the_sum_is_not_shown_as_the_sum(lexicon):
    passed, shown = _pricing("box 3, courier 9, all my costs 13, price 30", "en", lexicon)
    assert passed
    assert shown[1] == msg(pm.PRICE_COSTS_IN_ALL, cost="13")


# ----- Chinese numerals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("半", 0.5),
        ("五", 5),
        ("十", 10),
        ("十五", 15),
        ("二十五", 25),
        ("一百零五", 105),
        ("四千", 4000),
        ("一百二十", 120),
        ("两千三百", 2300),
        ("两万三千零五", 23005),
        ("两千零五", 2005),
        ("两万", 20000),
        ("十万", 100_000),
        ("两万三", 23000),
        ("三万五千", 35000),
        ("五万零三百", 50300),
        ("一百万", 1_000_000),
        ("一亿", 100_000_000),
        ("两亿三", 230_000_000),
    ],
)
def test_a_chinese_numeral_is_read_as_its_value(numeral, value):
    assert han_value(numeral) == value


@pytest.mark.parametrize(
    ("numeral", "value"), [("三千五", 3500), ("三百五", 350), ("一万零五", 10005)]
)
def test_a_spoken_shorthand_numeral_is_read_as_a_farmer_means_it(numeral, value):
    assert han_value(numeral) == value
