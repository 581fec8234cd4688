"""Practice answers typed the way farmers type them on phones, as the bot answers them: costs
with no units or commas, 块5 and 5毛, ranges, per-jar costs, several products, fees as
"5 pct" or 扣5个点, claims in wordings no list holds, and one-word tries."""

from __future__ import annotations

import pytest

from sellerbot.app import build_engine
from sellerbot.content.loader import load_course
from sellerbot.paths import bundled_content
from sellerbot.settings import Settings
from tests.content_samples import ContentTree
from tests.test_content_validation import assert_error_at, tree  # noqa: F401
from tests.test_practice_dialogs import answer, priced


@pytest.fixture(scope="module")
def bundled():
    result = load_course(bundled_content())
    assert result.course is not None, result.problems
    return result.course


@pytest.fixture(scope="module")
def engine(bundled):
    return build_engine(bundled, Settings())


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        # "30 box 4": the packing word labels the 4, it does not count 30 boxes.
        ("en", "fruit 30 box 4 shipping 10 fee 5 pct sell 55", ["30 + 4 + 10 = 44", "46.32"]),
        # "price: 50", and a total in brackets.
        (
            "en",
            "cost: fruit 25, box 4, delivery 10 (total 39). price: 50",
            ["25 + 4 + 10 = 39", "11 to spare"],
        ),
        # "per box" and 每箱 say what the figure is for: the price, not a packing cost.
        (
            "en",
            "price per box 58. costs oranges 30 box 4 shipping 10",
            ["30 + 4 + 10 = 44", "14 to spare"],
        ),
        ("zh_Hans", "售价每箱58元，成本：橙子30，箱子4，快递10", ["30 + 4 + 10 = 44", "多赚14"]),
        # The courier who charges is a cost, not the seller's price.
        (
            "en",
            "fruit 20, the courier charges 11, box 4, i sell at 45",
            ["20 + 11 + 4 = 35", "10 to spare"],
        ),
        # Yuan and tenths written together.
        ("zh_Hans", "蜂蜜40 瓶子3块5 快递8块 卖60", ["40 + 3.5 + 8 = 51.5"]),
        # 百 in 百香果 is the fruit's name, not a hundred.
        ("zh_Hans", "百香果20，箱子3，快递10，卖40", ["20 + 3 + 10 = 33"]),
        # A learner's total first, its items after it in brackets, is not counted twice.
        ("zh_Hans", "成本44（橙子30 箱4 快递10）售价55", ["30 + 4 + 10 = 44", "多赚11"]),
        # A cost per jar or per egg, and how many go in the parcel.
        (
            "en",
            "honey 2 jars in a box: honey 20 per jar, box 3, shipping 10, sell 65 per box",
            ["40 + 3 + 10 = 53", "12 to spare"],
        ),
        ("zh_Hans", "鸡蛋一个1块2 三十个36 蛋托6 快递12 总共54 卖65", ["36 + 6 + 12 = 54"]),
        # "packing = 3" labels the 3; "5 kg = 30" is what the 5 kg cost; "46 / 0.95" is the
        # learner's own break-even; 卖58包邮 is a price with free shipping, not 58 packs.
        (
            "en",
            "walnuts 1kg = 20, packing = 3, postage = 8, total = 31, selling = 39",
            ["20 + 3 + 8 = 31", "8 to spare"],
        ),
        (
            "en",
            "fruit 30, box 4, shipping 10, loss 2, fee 5% -> 46 / 0.95 = 48.4, so price 55",
            ["30 + 4 + 10 + 2 = 46", "46 ÷ (1 − 5%) = 48.42"],
        ),
        ("zh_Hans", "10斤脐橙：果子30，纸箱+泡沫4，顺丰10，损耗2，合计46，卖58包邮", ["多赚12"]),
        # Labels glued on with "=" or ":", a sale of "1 box at 55", and "-> 43" as the sum.
        ("en", "oranges=30 box=4 shipping=10 total=44 price=55", ["30 + 4 + 10 = 44"]),
        ("en", "fruit:30 box:4 ship:10 sell:55", ["30 + 4 + 10 = 44", "11 to spare"]),
        (
            "en",
            "1 box = fruit 30 + box 4 + shipping 10 = 44. I sell 1 box at 55.",
            ["30 + 4 + 10 = 44", "11 to spare"],
        ),
        (
            "en",
            "dried mushrooms 250 g: 30 mushrooms, 3 bag, 8 shipping, 2 fee -> 43, sell 55",
            ["43 in all", "12 to spare"],
        ),
        # What the price leaves over the costs, said after it, is no cost.
        ("en", "fruit 30 box 4 ship 10 = 44, sell 55 so 11 for me", ["30 + 4 + 10 = 44"]),
        # The fee written as money after its share is counted once, as money.
        (
            "zh_Hans",
            "果子26 箱子4块 快递11块 平台抽百分之五 就按3块算 卖55",
            ["26 + 4 + 11 + 3 = 44", "多赚11"],
        ),
    ],
)
def test_costs_and_prices_are_read_as_farmers_type_them(
    bundled, engine, translations, locale, text, expected
):
    assert priced(bundled, engine, translations, locale, text, expected)


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        # What reaches the learner once the platform has its share, worked out after the
        # price, is their own check of it, not one more cost.
        (
            "en",
            "tea 60, tin 8, post 8, total 76, fee 10%, price 98, after the fee I get 88.2",
            ["60 + 8 + 8 = 76"],
        ),
        ("zh_Hans", "蜂蜜40 瓶子3 快递8 抽5% 卖60 扣完到手57", ["40 + 3 + 8 = 51"]),
        ("en", "rice 22 + bag 2 + ship 10 = 34, fee 5%, price 40, 38 after fee, 4 over", ["34"]),
        # No word names the price, but it ends the answer after the costs and the fee.
        ("en", "rice 22, bag 2, ship 10, fee 5%, 40", ["22 + 2 + 10 = 34"]),
        ("zh_Hans", "香菇25 盒子2 邮费7 抽8% 俺要45", ["25 + 2 + 7 = 34"]),
        # The first cost happens to equal two later ones; the learner's total counts it.
        ("en", "cost 12, box 4, courier 8 = 24, fee 5%, price 31", ["12 + 4 + 8 = 24"]),
        # A profit named after its number, and the price after that.
        ("en", "fruit 30 box 4 ship 10, I want at least 5 profit so price 52", ["44"]),
        # Three costs and an unnamed figure a little off their sum: the learner's total.
        ("en", "fruit 30, box 4, ship 10, 45, sell 55", ["45 in all", "10 to spare"]),
        # A fee said not to apply (不抽成, "no fee") is no label of the price after it.
        ("zh_Hans", "蜂蜜30 瓶子3 快递8 总共41 不抽成 卖55", ["30 + 3 + 8 = 41"]),
        ("en", "honey 30 jar 3 post 8 total 41 no fee sell 55", ["30 + 3 + 8 = 41"]),
        # The learner's own floor (要卖过, "must be over") is not their price.
        ("zh_Hans", "茶60 罐8 快递8 共76 抽10% 要卖过84.5 我卖98", ["60 + 8 + 8 = 76"]),
        # The break-even worked out in words: "51/0.95 is about 54", 40除以0.95约42.
        (
            "en",
            "honey 40, jar 3, courier 8, total 51, fee 5%, 51/0.95 is about 54, so I sell 62",
            ["40 + 3 + 8 = 51"],
        ),
        ("zh_Hans", "红枣30 袋子2 快递8 共40 抽5% 40除以0.95约42 卖50", ["30 + 2 + 8 = 40"]),
        ("zh_Hans", "红枣30 袋子2 快递8 合计40元 抽成5% 40除0.95是42.1 卖50", ["30 + 2 + 8 = 40"]),
        ("en", "tea 60, tin 8, post 8, all 76, fee 10%, must be over 84.5, I put 98", ["76"]),
        # The fee worked out on the price before the price is named ("8% of 45"), and a sum
        # the fee's words name ("costs before fee 53").
        ("en", "kiwi 20, box 3, ship 9, fee 8% of 45 = 3.60, total 35.60, price 45", ["35.6"]),
        ("zh_Hans", "辣椒30 袋子1 快递7 手续费按卖50算5%是2.5 总共40.5 卖50", ["30 + 1 + 7"]),
        (
            "en",
            "mushrooms 40, box 2, ship 8, fee 5%. costs before fee 50, at 69 the fee is 3.45, "
            "price 69",
            ["40 + 2 + 8 + 3.45 = 53.45"],
        ),
    ],
)
def test_a_learners_own_checks_and_a_closing_price_are_read_as_such(
    bundled, engine, translations, locale, text, expected
):
    assert priced(bundled, engine, translations, locale, text, expected)


def test_a_closing_price_below_the_costs_is_refused_as_such(bundled, engine, translations):
    assert not priced(
        bundled,
        engine,
        translations,
        "en",
        "honey 40 jar 3 courier 8 total 51, fee 5%, 45",
        ["53.68"],
    )


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        # A range is read against the learner: the top of a cost, the bottom of a price.
        ("en", "fruit 25-30, box 4, shipping 10, sell 44-50", ["30 + 4 + 10 = 44"]),
        # A few cents over the costs is no pay for the work.
        ("en", "fruit 30 box 4 shipping 10 total 44 sell 44.2", ["only breaks even"]),
        ("zh_Hans", "橙子30 箱子4 快递10 卖44.2", ["刚好保本"]),
    ],
)
def test_a_price_just_at_the_costs_is_refused(
    bundled, engine, translations, locale, text, expected
):
    assert not priced(bundled, engine, translations, locale, text, expected)


def test_each_product_of_an_answer_is_priced_on_its_own(bundled, engine, translations):
    both = "oranges 30 box 4 shipping 10 sell 55. honey 40 jar 3 courier 8 sell 60"
    assert priced(bundled, engine, translations, "en", both, ["30 + 4 + 10 = 44", "40 + 3 + 8"])
    honey_below = "oranges 30 box 4 shipping 10 sell 55. honey 40 jar 3 courier 8 sell 50"
    assert not priced(
        bundled, engine, translations, "en", honey_below, ["40 + 3 + 8 = 51", "lose 1"]
    )


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("zh_Hans", "橙子30 箱子5 快递10 平台扣5个点 卖55"),
        ("en", "oranges 30, box 5, shipping 10, fee 5 pct, price 55"),
    ],
)
def test_a_fee_share_counts_however_it_is_written(bundled, engine, translations, locale, text):
    passed, output = answer(
        bundled, engine, translations, "money-and-safety.price-with-fee", locale, text
    )
    assert passed, output
    assert "47.37" in output


def test_a_fee_in_money_is_asked_for_as_a_share(bundled, engine, translations):
    passed, output = answer(
        bundled,
        engine,
        translations,
        "money-and-safety.price-with-fee",
        "en",
        "oranges 30, box 5, shipping 10, platform fee 3, price 55",
    )
    assert not passed
    assert "as a share of the price" in output


@pytest.mark.parametrize(
    ("locale", "text", "accepted", "expected"),
    [
        ("en", "15 off every 5kg box of oranges this week (we make 10 a box)", False, "lose 5"),
        ("zh_Hans", "脐橙每箱减15 这周下单都有（我们一箱只赚10块）", False, "亏5"),
        ("en", "5 off every box of oranges, orders before Sunday (we make 10 a box)", True, "5"),
    ],
)
def test_a_discount_above_the_profit_is_refused(
    bundled, engine, translations, locale, text, accepted, expected
):
    passed, output = answer(bundled, engine, translations, "campaigns.write-campaign", locale, text)
    assert passed is accepted, output
    assert expected in output


HEALTH = ("Leave out health claims", "别说对身体有什么功效")
ABSOLUTE = ("beat everyone", "比谁都强")
LABEL = ("no certificate or test proves them", "什么证书、检测都证明不了")
SCARCITY = ("scarcity or hurry", "催人的话")
FAKE_PRICE = ("original price", "原价")
RUDE = ("Stay polite with buyers", "对买家要客客气气的")


@pytest.mark.parametrize(
    ("locale", "text", "feedback"),
    [
        # A health action followed by an illness or a part of the body.
        ("en", "Crisp apples that help with constipation, 5 kg", HEALTH),
        ("en", "Fresh walnuts, good for your heart and skin, 1 kg", HEALTH),
        ("zh_Hans", "新鲜雪梨 常吃对咳嗽有帮助 5斤装", HEALTH),
        ("zh_Hans", "苦瓜干 能降低血糖 500克", HEALTH),
        # Beating everyone, by grammar: -iest, "most" with a quality, 最 with a quality.
        ("en", "The juiciest oranges you can buy, 5 kg", ABSOLUTE),
        ("en", "The most delicious honey in China, 500 g", ABSOLUTE),
        ("zh_Hans", "全村最香的土蜂蜜 一斤装", ABSOLUTE),
        # "No" with any farm chemical.
        ("en", "Apples, we never spray pesticides, 5 kg", LABEL),
        ("zh_Hans", "自家苹果 一点农药都没有 10斤", LABEL),
        # After an illness, what it promises: 糖尿病人也能吃.
        ("zh_Hans", "南瓜 糖尿病人也能吃 5斤", HEALTH),
        # A count of what is left, and a former price with any figure.
        ("zh_Hans", "脐橙 最后3箱", SCARCITY),
        ("en", "Honey 500 g, was 99, today 59", FAKE_PRICE),
        # Countdowns and made-up former prices.
        ("en", "Oranges 5 kg, ends in 3 hours!", SCARCITY),
        ("zh_Hans", "脐橙10斤 倒计时3天", SCARCITY),
        ("en", "Walnuts 1 kg, originally 80, now 50", FAKE_PRICE),
        # Jieba cuts 看能治 and 包治百病 as one word; an illness and what it "comes down" to.
        ("zh_Hans", "给大家看能治胃病的山药 5斤", HEALTH),
        ("zh_Hans", "野生灵芝 包治百病 一斤", HEALTH),
        ("zh_Hans", "土蜂蜜 天天喝血压就降下来 500克", HEALTH),
        ("zh_Hans", "老姜 吃了再也不感冒 5斤", HEALTH),
        ("en", "Ginger 1 kg, eat it and you will never get sick", HEALTH),
        ("zh_Hans", "核桃5斤装 还剩3箱了", SCARCITY),
        ("zh_Hans", "砀山酥梨5斤 从来不打药", LABEL),
        # A made-up shop price set against today's, and a product named for a cure.
        ("en", "Pu'er tea 357 g, 199 in shops, today only 59", FAKE_PRICE),
        ("en", "Eggs 30, they were 2 yuan each before and now just 1", FAKE_PRICE),
        ("zh_Hans", "普洱茶饼357克 外面卖199 今天只要59", FAKE_PRICE),
        ("en", "Sugar-Down Pumpkin Powder 500 g", HEALTH),
        ("en", "Walnuts 1 kg, kids who eat them get smart", HEALTH),
        ("zh_Hans", "核桃5斤 孩子吃了脑子越来越灵", HEALTH),
        ("zh_Hans", "猕猴桃5斤 一周内发 等不了就别买", RUDE),
        ("en", "Walnuts 1 kg, the cheapest you can find", ABSOLUTE),
        # An illness said to go away, or named as a problem with sugar.
        ("en", "Pear syrup 500 g, one spoon a day and the cough goes away", HEALTH),
        ("en", "Honey 1 kg, a cup every morning and your cough is gone", HEALTH),
        ("zh_Hans", "秋梨膏500克 每天一勺 咳嗽好得快", HEALTH),
        ("en", "Bitter melon tea 100 g, good for people with sugar problems", HEALTH),
    ],
)
def test_claims_are_found_by_pattern_not_only_by_listed_words(
    bundled, engine, translations, locale, text, feedback
):
    english, chinese = feedback
    passed, output = answer(bundled, engine, translations, "list-produce.write-title", locale, text)
    assert not passed, output
    assert (english if locale == "en" else chinese) in output


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "Oranges picked at their freshest, the earliest of the year, 5 kg box"),
        ("en", "Fresh Fuji apples, the box protects them from the cold, 5 kg"),
        ("zh_Hans", "赣南脐橙 最近新鲜采摘 10斤装"),
        ("zh_Hans", "自家苹果 物理方法防病虫害 10斤"),
        ("zh_Hans", "猕猴桃 最大的有拳头大 5斤装"),
        ("zh_Hans", "新鲜核桃5斤装 今年还剩两百斤"),  # what is left, not pressed on anyone
        # The days before picking with no spraying: a rule kept, not a claim of none ever.
        ("en", "Kiwis 3 kg, no spray in the last 20 days before picking"),
        ("zh_Hans", "黄桃5斤装 采摘前二十天不打药"),
        ("zh_Hans", "砀山梨5斤 摘前一个月就没打药了"),
        # Saying what one is not beats nobody.
        ("en", "Walnuts 1 kg, not the cheapest but cracked by hand"),
        ("zh_Hans", "核桃两斤 价钱不是最便宜 但个个手剥"),
    ],
)
def test_words_that_only_look_like_claims_pass(bundled, engine, translations, locale, text):
    passed, output = answer(bundled, engine, translations, "list-produce.write-title", locale, text)
    assert passed, output


def test_every_claim_of_an_answer_is_named_at_once(bundled, engine, translations):
    passed, output = answer(
        bundled,
        engine,
        translations,
        "list-produce.write-title",
        "zh_Hans",
        "纯天然无农药 全网最甜 10斤",
    )
    assert not passed
    assert LABEL[1] in output and ABSOLUTE[1] in output


@pytest.mark.parametrize(
    ("locale", "text", "feedback"),
    [
        ("zh_Hans", "好的", "还不算这道题的答案"),
        ("zh_Hans", "不知道", "还不算这道题的答案"),
        ("zh_Hans", "1", "还不算这道题的答案"),
        ("en", "asdfgh", "not an answer to the task yet"),
        # A key held down, a mash along two rows, laughter of other tongues.
        ("en", "jjjjjj", "not an answer to the task yet"),
        ("zh_Hans", "呜呜呜呜", "还不算这道题的答案"),
        ("en", "qwert asdfg", "not an answer to the task yet"),
        ("en", "jajaja 🍎🍎", "Glad you are enjoying it"),
        ("zh_Hans", "不会算", "自己先写一个试试"),
    ],
)
def test_one_word_tries_get_a_nudge_not_a_length_rule(
    bundled, engine, translations, locale, text, feedback
):
    passed, output = answer(bundled, engine, translations, "welcome.what-you-grow", locale, text)
    assert not passed
    assert feedback in output, output


def test_an_unknown_group_in_a_claim_pattern_is_an_error_at_its_line(
    tree: ContentTree,  # noqa: F811
):
    tree.write(
        "lexicon.yaml",
        "groups:\n"
        "  illnesses:\n"
        "    en: [cough]\n"
        "    zh_Hans: [咳嗽]\n"
        "claims:\n"
        "  - id: health\n"
        "    phrases:\n"
        "      en: [cure]\n"
        "      zh_Hans: [治病]\n"
        "    patterns:\n"
        "      en:\n"
        '        - ["@no-such-actions", "@illnesses"]\n'
        "      zh_Hans:\n"
        '        - ["@illnesses", "*", "好"]\n'
        "    feedback:\n"
        "      en: No health claims.\n"
        "      zh_Hans: 别说功效。\n",
    )
    assert_error_at(tree, "lexicon.yaml", '"@no-such-actions"', "no group 'no-such-actions'")


def test_an_empty_claim_pattern_is_named_at_its_line(tree: ContentTree):  # noqa: F811
    tree.write(
        "lexicon.yaml",
        "claims:\n"
        "  - id: rude\n"
        "    phrases:\n"
        "      en: [idiot]\n"
        "      zh_Hans: [笨蛋]\n"
        "    patterns:\n"
        "      en:\n"
        "        - []\n"
        "    feedback:\n"
        "      en: Stay polite.\n"
        "      zh_Hans: 客气点。\n",
    )
    assert_error_at(tree, "lexicon.yaml", "[]", "'patterns' must not be empty")


@pytest.mark.parametrize(
    ("task", "text", "accepted"),
    [
        # A long word one letter off, as typed on a phone, is still the word.
        ("price-pack-ship.compute-price", "oranges 30, box 4, curier 10, sell 55", True),
        ("price-pack-ship.compute-price", "oranges 30, packing 4, delivary 10, sell 55", True),
        # A short word one letter off is another word: "night" is no light.
        ("list-produce.photo-practice", "with flash at night", False),
    ],
)
def test_a_word_typed_one_letter_off_counts_when_it_is_long(
    bundled, engine, translations, task, text, accepted
):
    passed, output = answer(bundled, engine, translations, task, "en", text)
    assert passed is accepted, output


@pytest.mark.parametrize(
    ("locale", "text", "accepted"),
    [
        # Pushing the blame to the courier, however it is said, is refused.
        ("en", "Sorry, we are not responsible once it ships, but I can give you a coupon.", False),
        ("zh_Hans", "对不起，快递摔的，我们也没办法，给您补发一箱吧。", False),
        # A waiver of several words takes back the demand after it.
        (
            "en",
            "So sorry! I will refund you today, you dont need to return them first.",
            True,
        ),
    ],
)
def test_blame_in_other_words_is_refused_and_a_waived_return_is_kind(
    bundled, engine, translations, locale, text, accepted
):
    passed, output = answer(
        bundled, engine, translations, "orders-service.angry-reply", locale, text
    )
    assert passed is accepted, output


FAKE_REVIEW = ("fake orders", "刷单")


@pytest.mark.parametrize(
    ("task", "locale", "text", "fake"),
    [
        # Stars bought with money back, before the buyer has even tasted anything.
        (
            "price-pack-ship.write-promise",
            "en",
            "Ships within 2 days, about 3 days to you. Leave 5 stars before it arrives and"
            " I pay you 2 yuan back.",
            True,
        ),
        (
            "price-pack-ship.write-promise",
            "zh_Hans",
            "48小时内发货，三天左右到。先给五星好评返现3元",
            True,
        ),
        (
            "orders-service.angry-reply",
            "en",
            "Sorry! I refund everything today if you change your review to 5 stars.",
            True,
        ),
        (
            "orders-service.angry-reply",
            "zh_Hans",
            "抱歉！您把差评改成好评，我今天就给您退款。",
            True,
        ),
        # Orders placed by friends with their money sent back: fake sales.
        (
            "campaigns.write-campaign",
            "en",
            "Walnut pre-sale from 1 Oct, 10 off. Friends please order, I send your money back"
            " after, it helps our shop rank.",
            True,
        ),
        (
            "campaigns.write-campaign",
            "zh_Hans",
            "10月1号起核桃预售，每斤减5元，亲戚朋友帮忙拍一单，钱我转回给你们",
            True,
        ),
        # A review paid for with a refund or a few yuan, and orders placed by relatives
        # (刷10单) who are paid back.
        (
            "price-pack-ship.write-promise",
            "en",
            "Ships tomorrow, 2 days to you. Leave a five-star review and I refund the whole price.",
            True,
        ),
        ("price-pack-ship.write-promise", "zh_Hans", "明天发，两天到，给个好评返2块钱", True),
        (
            "campaigns.write-campaign",
            "en",
            "Plum pre-sale from 5 July, 3 off. First 10 orders come from my relatives, I pay"
            " them back later.",
            True,
        ),
        ("campaigns.write-campaign", "zh_Hans", "7月5号李子预售，每箱减3元，先叫亲戚刷10单", True),
        (
            "open-store.write-profile",
            "zh_Hans",
            "我家种李子二十年，新店先让亲戚下单给好评，钱我再退回去",
            True,
        ),
        # Relatives and a refund in one honest reply.
        (
            "orders-service.angry-reply",
            "zh_Hans",
            "对不起，亲戚朋友吃了都说好，这箱是我们没挑好，今天就给您退款",
            False,
        ),
        (
            "orders-service.angry-reply",
            "en",
            "So sorry! I refund you today. My cousin packs our boxes and will check them better.",
            False,
        ),
        # An honest refund, and a review asked for without paying for it, are good service.
        (
            "orders-service.angry-reply",
            "zh_Hans",
            "实在抱歉，拍张照片给我，今天就给您退款。满意的话给个好评，不满意也请直说。",
            False,
        ),
        (
            "orders-service.angry-reply",
            "en",
            "So sorry! Send me a photo and I refund you today. If you like the next box, an"
            " honest review helps us a lot.",
            False,
        ),
        (
            "campaigns.write-campaign",
            "en",
            "Honey sale 1-7 Nov, 5 off per jar. Not happy with it? Money back, no questions.",
            False,
        ),
    ],
)
def test_reviews_bought_with_money_back_are_refused_and_honest_ones_asked_for(
    bundled, engine, translations, task, locale, text, fake
):
    english, chinese = FAKE_REVIEW
    passed, output = answer(bundled, engine, translations, task, locale, text)
    assert ((english if locale == "en" else chinese) in output) is fake, output
    assert passed is not fake, output
