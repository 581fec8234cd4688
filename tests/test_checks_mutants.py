"""Practice checks the first mutation run found untested: task rules naming a synonym group
the lexicon lacks (each rule kind, per language or shared), and which label a price
reader gives a number when profit or packing words stand beside it, and the photo coach's
verdict from its report."""

from __future__ import annotations

import pytest

from sellerbot.content.loader import load_course
from sellerbot.content.model import TaskRule, TaskStep
from sellerbot.engine.replies import msg
from sellerbot.paths import bundled_content
from sellerbot.practice import effort, photo
from sellerbot.practice import messages as pm
from sellerbot.practice.checks import Verdict, _pricing, check_answer, check_photo, rule_passes
from sellerbot.practice.claims import claims_made
from sellerbot.practice.lexicon import EMPTY, LexiconFile, unknown_pattern_groups
from sellerbot.practice.numbers import han_value
from sellerbot.practice.pricing import Pricing, read_pricing
from sellerbot.practice.words import Answer, one_letter_off
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


# ----- effort: keyboard runs ----------------------------------------------------------------

BUYER_REPLY = TaskStep.model_validate(
    {
        "id": "reply",
        "type": "task",
        "prompt": {"en": "Reply to the buyer.", "zh_Hans": "回复买家。"},
        "buyer_facing": True,
    }
)


@pytest.mark.parametrize("text", ["jkl", "poiuy", "mnbvc"])
def test_a_short_or_backwards_run_along_the_keyboard_is_filler(text):
    verdict = check_answer(BUYER_REPLY, text, "en")
    assert verdict == Verdict(False, ("effort:filler",), (msg(pm.JUNK_FILLER),))


# ----- task rules against the bundled lexicon ----------------------------------------------


def _passes(lexicon, check: dict, text: str, locale: str = "en") -> bool:
    rule = TaskRule.model_validate({**check, "feedback": {"en": "No.", "zh_Hans": "不行。"}})
    return rule_passes(rule, Answer(text), locale, lexicon)


@pytest.mark.parametrize(
    ("text", "passes"),
    [
        ("No refund, sorry.", False),  # the negation is the answer's first word
        ("No problem, we refund you today.", True),  # the "no" is three words before
    ],
)
def test_a_fix_is_offered_unless_a_word_just_before_takes_it_back(lexicon, text, passes):
    assert _passes(lexicon, {"mentions_any": ["@remedy"]}, text) is passes


def test_a_waiver_of_several_words_at_the_start_takes_back_the_demand(lexicon):
    assert _passes(lexicon, {"avoids": ["@demand-return"]}, "No need to send them back first.")
    assert not _passes(lexicon, {"avoids": ["@demand-return"]}, "Send them back first.")


@pytest.mark.parametrize(
    ("text", "locale", "passes"),
    [
        ("We ship tomorrow.", "en", True),
        ("明天就发货", "zh_Hans", True),
        ("We ship soon.", "en", False),
    ],
)
def test_a_delivery_day_in_words_is_a_time(lexicon, text, locale, passes):
    assert _passes(lexicon, {"has_duration": True}, text, locale) is passes


@pytest.mark.parametrize(("text", "passes"), [("平台扣5个点", True), ("全场打8折", False)])
def test_a_discount_in_zhe_is_no_fee_share(lexicon, text, passes):
    assert _passes(lexicon, {"has_percent": True}, text, "zh_Hans") is passes


@pytest.mark.parametrize(
    ("group", "text", "passes"),
    [
        ("@remedy", "I will refnd you today.", True),  # six letters, one dropped
        ("@remedy", "We refuse to pay anything.", False),  # two letters off refund
        ("@sorry", "I apollogize for the kiwis.", True),  # a letter doubled in apolog*
        ("@shipping", "We delivry tomorrow.", True),  # a letter dropped in deliver*
        ("@shipping", "Two curiers came today.", True),  # a typo in the plural
    ],
)
def test_a_long_word_typed_one_letter_off_is_still_said(lexicon, group, text, passes):
    assert _passes(lexicon, {"mentions_any": [group]}, text) is passes


@pytest.mark.parametrize(
    ("written", "meant", "off"),
    [
        ("curier", "courier", True),  # dropped
        ("courrier", "courier", True),  # added
        ("cuorier", "courier", True),  # swapped with the next
        ("coutier", "courier", True),  # changed
        ("ocurier", "courier", True),  # the first two swapped
        ("courire", "courier", True),  # the last two swapped
        ("courier", "courier", False),  # the word itself is no typo
        ("curer", "courier", False),  # two dropped
        ("cuoirer", "courier", False),  # two swaps
        ("refuse", "refund", False),  # two changed
        ("ucorier", "courier", False),
    ],
)
def test_one_letter_off_is_one_letter_added_dropped_changed_or_swapped(written, meant, off):
    assert one_letter_off(written, meant) is off


# ----- what a passing answer hears back ------------------------------------------------------


def _step(*rules: dict) -> TaskStep:
    feedback = {"en": "No.", "zh_Hans": "不行。"}
    return TaskStep.model_validate(
        {
            "id": "say",
            "type": "task",
            "prompt": {"en": "Say it.", "zh_Hans": "说说。"},
            "rules": [{**rule, "feedback": feedback} for rule in rules],
        }
    )


def test_a_number_rule_hears_back_the_quantity_not_a_time():
    verdict = check_answer(_step({"has_number": True}), "We pick 5 kg in 2 days.", "en")
    assert verdict == Verdict(True, (), (msg(pm.FOUND_QUANTITY, number="5 kg"),))


def test_a_time_rule_hears_back_the_time():
    verdict = check_answer(_step({"has_duration": True}), "We pick 5 kg in 2 days.", "en")
    assert verdict == Verdict(True, (), (msg(pm.FOUND_TIME, time="2 days"),))


def test_a_word_rule_hears_back_no_number_it_did_not_ask_for():
    verdict = check_answer(_step({"mentions_any": ["orange"]}), "Oranges, 5 kg in 2 days.", "en")
    assert verdict == Verdict(True, (), ())


# ----- claims by pattern ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        # A health action, a word or two, then an illness: the words touch in Chinese.
        ("这橙子能降低你的血糖", ["health"]),
        # The illness before the action is no claim: the parts follow in order.
        ("Thin skin and sweet juice. We help with packing if you ask.", []),
        ("最后三箱", ["fake-scarcity"]),
        ("以前卖三十现在二十", ["fake-price"]),
        ("以前卖三十五现在只要二十", ["fake-price"]),
        ("今年收了大概三千", []),  # a Chinese numeral at the very end
    ],
)
def test_claims_are_found_by_their_patterns(lexicon, text, claims):
    assert [claim.id for claim, _ in claims_made(Answer(text), lexicon)] == claims


# ----- an unknown group in a claim pattern, as the editor reads it ----------------------------


def _lexicon_naming(groups: dict) -> LexiconFile:
    return LexiconFile.model_validate(
        {
            "groups": groups,
            "claims": [
                {
                    "id": "health",
                    "phrases": {"en": ["cure"]},
                    "patterns": {"en": [["@actions", "@illnesses"]]},
                    "feedback": {"en": "No health claims."},
                }
            ],
        }
    )


def test_an_unknown_pattern_group_is_told_with_the_groups_there_are():
    lexicon = _lexicon_naming({"illnesses": {"en": ["cough"]}, "sorry": {"en": ["sorry"]}})
    assert unknown_pattern_groups(lexicon) == [
        (
            ("claims", 0, "patterns", "en", 0, 0),
            "no group 'actions' in lexicon.yaml (groups: illnesses, sorry)",
        )
    ]


def test_an_unknown_pattern_group_in_a_lexicon_without_groups_says_none():
    messages = [message for _, message in unknown_pattern_groups(_lexicon_naming({}))]
    assert messages == [
        "no group 'actions' in lexicon.yaml (groups: none)",
        "no group 'illnesses' in lexicon.yaml (groups: none)",
    ]


# ----- more of the claims, the rules and the effort check -----------------------------------


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("Certified organic oranges, certificate number 12345.", []),  # the unless words
        ("Our oranges are better than any in the county.", ["absolute"]),  # two-word part
        ("Was 50 yuan a box, today 35.", ["fake-price"]),  # a figure, then three words
        ("We spray twice, free shipping on every box.", []),  # "spray ... free" is no label
        ("Honey without anything artificial", ["unprovable-label"]),  # "artificial *" last
        # A certificate proves "organic", never "no pesticides": a test finds little, not none.
        ("No pesticides at all, we have a test report.", ["unprovable-label"]),
        ("无农药，有检测报告", ["unprovable-label"]),
        ("You can cancel your order any time.", []),  # one letter off cancer is no claim
        ("We always do our best for you.", []),
        # Around an exception ("do our best") the claim words are still found.
        ("Best oranges in the valley, and we do our best to pack them.", ["absolute"]),
        ("We do our best, the best oranges around.", ["absolute"]),
        ("第一次卖最甜的橙子", ["absolute"]),
        ("第一好吃的橙子，第一时间发货", ["absolute"]),
    ],
)
def test_claims_are_found_around_their_exceptions_and_unless_words(lexicon, text, claims):
    assert [claim.id for claim, _ in claims_made(Answer(text), lexicon)] == claims


@pytest.mark.parametrize(
    ("text", "passes"),
    [
        ("Sorry, I will refnd you today.", True),  # a typo counts in every part
        ("Sorry, no refund.", False),  # and a negation too
    ],
)
def test_mentions_all_reads_typos_and_negations_as_mentions_any_does(lexicon, text, passes):
    assert _passes(lexicon, {"mentions_all": ["@sorry", "@remedy"]}, text) is passes


def test_a_typo_after_the_first_words_of_a_phrase_still_counts(lexicon):
    assert _passes(lexicon, {"mentions_any": ["@remedy"]}, "I will give you a discont next time.")


def test_a_word_is_found_in_its_other_forms(lexicon):
    assert _passes(lexicon, {"mentions_any": ["box"]}, "Two boxes a week.")


def test_a_group_without_words_in_the_learners_language_takes_nothing_from_the_list():
    only_chinese = LexiconFile.model_validate({"groups": {"cure": {"zh_Hans": ["治病"]}}})
    assert _passes(only_chinese, {"mentions_any": ["kiwi", "@cure"]}, "Fresh kiwis", "en")


@pytest.mark.parametrize(
    ("text", "passes"),
    [("I will send you one new box.", True), ("I will send you a very big new box.", False)],
)
def test_a_gap_in_a_phrase_stands_for_up_to_three_words(text, passes):
    assert _passes(EMPTY, {"mentions_any": ["send * new"]}, text) is passes


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("不知道。", effort.FILLER_ONLY),
        ("orange orange orange", effort.REPEATED),
        ("very very sweet", effort.NOT_JUNK),
        ("can you give me one? " + "x" * 39, effort.ASKS_FOR_HELP),  # exactly 60 characters
    ],
)
def test_what_counts_as_no_real_try(text, kind):
    assert effort.junk_kind(Answer(text)) == kind


PRICED = _step({"prices_cover_costs": True})


@pytest.mark.parametrize(
    ("step", "text", "locale", "failed"),
    [
        (BUYER_REPLY, "我们的橙子很甜，明天发货，包邮到家", "en", ("language",)),
        (BUYER_REPLY, "The best oranges, sent tomorrow.", "en", ("claim:absolute",)),
        (PRICED, "box 3, courier 9, price 10", "en", ("prices_cover_costs",)),
        (_step({"has_number": True}), "Fresh oranges, picked today.", "en", ("has_number",)),
    ],
)
def test_a_refused_answer_names_the_check_it_failed(lexicon, step, text, locale, failed):
    verdict = check_answer(step, text, locale, lexicon)
    assert verdict.accepted is False
    assert verdict.failed == failed


def test_a_discount_above_the_profit_is_told_with_both_figures(lexicon):
    step = load_course(bundled_content()).course.module("campaigns")
    task = step.steps[step.index_of("write-campaign")]
    text = "15 off every 5kg box of oranges this week (we make 10 a box)"
    verdict = check_answer(task, text, "en", lexicon)
    assert verdict == Verdict(
        False,
        ("offers_keep_margin",),
        (msg(pm.OFFER_LOSES, discount="15", profit="10", loss="5"),),
    )


# ----- a Chinese count and its unit written as one word, in a claim pattern -------------------


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        # 三十五块 is one word: the 钱 after it is the one word between the price and 现在.
        ("以前卖三十五块钱现在只要二十", ["fake-price"]),
        ("以前卖五十元现在三十", ["fake-price"]),
        ("以前卖一些现在卖得更多", []),  # 一些 is no figure
    ],
)
def test_a_made_up_former_price_in_chinese_numerals_is_found(lexicon, text, claims):
    assert [claim.id for claim, _ in claims_made(Answer(text), lexicon)] == claims


def test_a_pattern_can_name_the_measure_word_after_a_chinese_count():
    lexicon = LexiconFile.model_validate(
        {
            "claims": [
                {
                    "id": "fake-scarcity",
                    "phrases": {"zh_Hans": ["手慢无"]},
                    "patterns": {"zh_Hans": [["仓库", "#", "*箱"]]},
                    "feedback": {"zh_Hans": "别催。"},
                }
            ]
        }
    )
    assert [claim.id for claim, _ in claims_made(Answer("仓库三箱"), lexicon)] == ["fake-scarcity"]


def _lexicon_of(groups: dict, patterns: list) -> LexiconFile:
    return LexiconFile.model_validate(
        {
            "groups": groups,
            "claims": [
                {
                    "id": "health",
                    "phrases": {"en": ["cures all"]},
                    "patterns": {"en": patterns},
                    "feedback": {"en": "No health claims."},
                }
            ],
        }
    )


def test_a_reloaded_lexicon_finds_its_own_group_words_in_the_same_pattern():
    pattern = [["good for", "*", "@organ"]]
    before = _lexicon_of({"organ": {"en": ["liver"]}}, pattern)
    assert claims_made(Answer("good for your liver"), before)
    after = _lexicon_of({"organ": {"en": ["heart"]}}, pattern)
    assert not claims_made(Answer("good for your liver"), after)
    assert claims_made(Answer("good for your heart"), after)
    assert claims_made(Answer("good for your liver"), before)  # the first one is kept apart


@pytest.mark.parametrize(
    "text",
    [
        "it makes you happy and healthy",  # "happy" is looked for by its stem, happi
        "this lowers your blood sugar",  # "lower*" is any word starting so
        "the sweetest honey that heals wounds",  # "*iest" and a gap-first phrase
    ],
)
def test_a_pattern_is_found_whatever_its_words_look_like_when_written(text):
    lexicon = _lexicon_of(
        {
            "feel": {"en": ["happy", "lower*", "*est"]},
            "body": {"en": ["healthy", "* sugar", "* wounds"]},
        },
        [["@feel", "*", "@body"]],
    )
    assert [claim.id for claim, _ in claims_made(Answer(text), lexicon)] == ["health"]
