"""Read costs, a platform fee and a price for each product of an answer, and see whether the
price covers them: price ≥ costs ÷ (1 − fee rate), the fee being a share of the price.

Each number takes its label from the words just before it (快递10元, shipping 10), or just
after it when no label word comes before (10元快递). Labels are told apart by the lexicon's
groups price-words, total-words, break-even-words, fee-words and profit-words; every other
money figure is a cost, and a learner's own break-even figure is left for the check to work
out. Weights and counts (5 kg, 30枚) describe the product and are not money. The figures are
put together in `sums`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sellerbot.practice.lexicon import LexiconFile, expand
from sellerbot.practice.numbers import COUNT, MONEY, NONE, PERCENT, WEIGHT, Number, numbers
from sellerbot.practice.sums import COST, PRICE, TOTAL, Figure, Pricing, by_product
from sellerbot.practice.words import HAN, Answer, normalize, phrase, stem

__all__ = ["Pricing", "money", "read_prices", "read_pricing"]

# "... = 48", "=> 32" and "-> 47" give the total, as a sum is written.
_TOTAL_SIGN = re.compile(r"(?:=>?|＝|->|→|≈)\s*$")
_CLAUSE_BREAK = re.compile(
    r"[,，;；、\n。!！?？:：=＝+＋()（）→]|->|(?<!\S)/(?!\S)|(?<!\d)\.|\.(?!\d)|\band\b|\bplus\b"
)
_GLUED_LABEL = re.compile(r"\S[:：=＝]\s*$")
_COLON_AFTER = re.compile(r"\s*[:：]")
_COLON_END = re.compile(r"[:：=＝]\s*$")  # "price: 50", "packing = 3": the label before it
# "per box", "each jar", "a box", "/箱", 每箱, 一箱: what the figure is counted for, not its
# label; "price per box 58" is the price, 每箱58 is no packing cost.
_PER_UNIT = re.compile(
    rf"(?:\b(?:per|each|every|a|an)\s+|/)(?P<word>[a-z]+)|/(?P<han>[{HAN}])"
    r"|[每一]\s*(?P<measure>[箱盒瓶罐袋个件份包斤提筐只颗枚])"
)
# Words around a number that do not label it: "i sell ... so about 30" still needs a label.
_NOT_A_LABEL = {
    "i", "so", "then", "about", "abt", "approx", "around", "roughly", "maybe", "only", "just",
    "is", "are", "was", "it", "its", "at", "for", "like", "me", "my", "the", "of", "~",
    "大概", "大约", "约", "差不多", "就", "算", "是", "要", "了", "也", "就算", "按", "再",
}  # fmt: skip
# "30 box 4": a packing word between two numbers labels the second, it counts nothing.
_AFTER_WORDS = 1  # "58 selling price", 10元快递: a label after a number follows it at once
_NEXT_IS_A_FIGURE = re.compile(r"\s*[:：=＝]?\s*[¥$]?\d")
# The multiplication a learner writes for a per-unit cost: "2 jars x 20", "8个×0.5".
_PRODUCT = re.compile(
    rf"(?<![\d.])(?P<a>\d+(?:\.\d+)?)(?:\s*[a-z]+|\s*[{HAN}]{{1,2}})?"
    r"(?:\s*[×*]\s*|\s+x\s+|(?<=\d)x(?=\s*\d)|\s*乘以?\s*)"
    r"(?P<b>\d+(?:\.\d+)?)(?:\s*[=＝]\s*\d+(?:\.\d+)?)?"
)
# "46 / 0.95 = 48.4", "40/0.95 is about 42", 45除以0.94约48, 89除0.95是93.7: the
# learner's break-even.
_BREAK_EVEN_SUM = re.compile(
    r"(?P<a>\d+(?:\.\d+)?)\s*(?:[/÷]|除以?)\s*\(?\s*(?:1\s*-\s*)?0?\.\d+\s*\)?"
    r"(?:\s*(?:[=＝≈]|约等于|等于|大约|约|得|是|is(?:\s+about|\s+around|\s+roughly)?"
    r"|about|around|comes to|gives)\s*\d+(?:\.\d+)?)?"
)
# In this order a label word wins a tie with one inside it: 要卖到 is break-even, not 卖.
_GROUP_NAMES = (
    "break-even-words",
    "price-words",
    "total-words",
    "fee-words",
    "profit-words",
    "shipping",
    "packing",
)


def _multiplied(text: str) -> str:
    """Each product a learner writes, worked out: "2 jars x 20 = 40" reads as one cost, 40.
    A division by less than one is the learner's own break-even ("46 / 0.95 = 48.4"): the
    check works it out again, so only the 46 is kept."""

    def product(match: re.Match[str]) -> str:
        value = float(match.group("a")) * float(match.group("b"))
        return f" {money(value)} "

    return _BREAK_EVEN_SUM.sub(r"\g<a> ", _PRODUCT.sub(product, text))


def label_words(
    text: str,
    start: int,
    end: int,
    previous_end: int,
    next_start: int,
    previous_labelled: bool = False,
) -> tuple[str, str]:
    """The words before a number within its clause, and those after it up to the next.

    With `previous_labelled`, the number before has a label of its own, so a word glued to
    the sign after it ("oranges=30 box=4") labels this one; "1.2 each = 36" is a sum.
    """
    before = text[previous_end:start]
    pieces = _CLAUSE_BREAK.split(before)
    glued = previous_labelled and bool(_GLUED_LABEL.search(before))
    own_clause = previous_end == 0 or len(pieces) > 2 or glued
    if own_clause and not pieces[-1].strip() and _COLON_END.search(before):
        # "price: 50" labels the 50; in "10 shipping = 44" the words are the 10's.
        pieces = _CLAUSE_BREAK.split(_COLON_END.sub("", before))
    after = _CLAUSE_BREAK.split(text[end:next_start])[0]
    return pieces[-1], after


def _unit_key(word: str) -> str:
    """jars and jar, 个: the same thing counted."""
    return stem(word) if word.isascii() else word


def _per_unit(before: str, after: str) -> str:
    """The thing a figure is counted for ("20 per jar", 一个1块2), "" when none is said."""
    found = re.match(rf"\s*(?:{_PER_UNIT.pattern})", after) or re.search(
        rf"(?:{_PER_UNIT.pattern})\s*$", before
    )
    if not found:
        return ""
    return _unit_key(found.group("word") or found.group("han") or found.group("measure"))


def _places(label: Answer, phrases: list[str]) -> list[int]:
    places: list[int] = []
    for source in phrases:
        compiled = phrase(source)
        if compiled.han is not None:
            compiled = phrase(f"*{compiled.han[0]}*")
        places += label.find(compiled)
    return places


def _label_kind(label: Answer, groups: dict[str, list[str]], nearest_last: bool) -> str:
    """The group of the label word nearest the number ("shipping price 10" is shipping).

    Chinese label words are found inside longer words too: 卖个五十五 is still 卖. A cost
    word before a selling word is who charges: "the courier charges 11" is shipping.
    """
    found = {
        name: places
        for name, phrases in groups.items()
        if (places := [place for place in _places(label, phrases) if not _negated(label, place)])
    }
    if nearest_last and "price-words" in found:
        selling = min(found["price-words"])
        for name in ("shipping", "packing", "fee-words"):
            # 平台不抽成 卖65: a cost word taken back before the selling word charges nothing.
            if (
                name in found
                and min(found[name]) < selling
                and not any(
                    token.text in _NEGATIONS for token in label.tokens[min(found[name]) : selling]
                )
            ):
                return name
    best, best_place = "", -1
    for name, places in found.items():
        place = max(places) if nearest_last else len(label.tokens) - min(places)
        if place > best_place:
            best, best_place = name, place
    return best


# "不抽成 卖55", "no fee, sell 40": a label word right after these is said not to apply.
_NEGATIONS = {"不", "没", "没有", "无", "免", "no", "without", "zero"}


def _negated(label: Answer, place: int) -> bool:
    return place > 0 and label.tokens[place - 1].text in _NEGATIONS


def _says_nothing(label: Answer) -> bool:
    """Whether the words around a number are no label at all ("i sell ... so about 30")."""
    return all(token.text in _NOT_A_LABEL or token.kind == "sym" for token in label.tokens)


def label_group(
    before: str,
    after: str,
    groups: dict[str, list[str]],
    nouns: dict[str, list[str]],
    after_labels_next: bool = False,
) -> tuple[str, bool]:
    """(the label's group, whether a word before the number labels it at all).

    The words before come first, price nouns included ("price 55 (fee 5%)" is the price);
    the words after count only when those before say nothing ("58 selling price").
    `after_labels_next`: the word after is all that stands before the next number.
    """
    # Only the words right after: in "3块算 再卖55" the 卖 labels the 55.
    said_after = Answer(_PER_UNIT.sub(" ", after))
    if len(said_after.tokens) > _AFTER_WORDS:
        said_after = Answer(said_after.text[: said_after.tokens[_AFTER_WORDS - 1].end])
    said_before = Answer(_PER_UNIT.sub(" ", before))
    kind = _label_kind(said_before, groups, True) or _label_kind(said_before, nouns, True)
    # "I want at least 5 profit": a profit word right after the number says what it is;
    # in "sell 55 profit 11" it is the 11's label, and the 55 is sold.
    profit_after = _label_kind(said_after, {"profit-words": groups.get("profit-words", [])}, False)
    if profit_after and not (kind and after_labels_next):
        return "profit-words", True
    if kind and kind != "price-words" and _price_noun_last(said_before, groups[kind], nouns):
        return "price-words", True
    if kind or not _says_nothing(said_before):
        return kind, True
    if re.search(rf"(?:{_PER_UNIT.pattern})\s*$", before):
        return "price-words", True  # 每箱58, "a box 58": what one box sells for
    kind = _label_kind(said_after, groups, False) or _label_kind(said_after, nouns, False)
    return kind, False


def _price_noun_last(label: Answer, kind_phrases: list[str], nouns: dict[str, list[str]]) -> bool:
    """Whether a price noun is the last word before the number and no label word stands
    right before it: "5 profit so price 31" is the price, "shipping price 10" is shipping."""
    if not label.tokens:
        return False
    last = len(label.tokens) - 1
    if last not in _places(label, nouns.get("price-words", [])):
        return False
    return max(_places(label, kind_phrases), default=-1) < last - 1


def lexicon_groups(lexicon: LexiconFile, names: Iterable[str]) -> dict[str, list[str]]:
    """The phrases of each named group, in every locale: answers mix languages."""
    return {
        name: expand([f"@{name}"], lexicon, "en") + expand([f"@{name}"], lexicon, "zh_Hans")
        for name in names
    }


def _labels_next_figure(text: str, number: Number, packing: list[str]) -> bool:
    """Whether the count word after a number is the label of the next one ("30 box 4")."""
    if not text[number.start].isdigit() or number.kind != COUNT:
        return False  # 一箱30 is one box for 30
    if not _NEXT_IS_A_FIGURE.match(text[number.end :]):
        return False
    unit = Answer(number.unit)
    return any(unit.find(phrase(source)) for source in packing)


def _heads_the_answer(text: str, number: Number) -> bool:
    """Whether a number heads the answer: first ("30 duck eggs") or right before a colon
    ("Duck eggs 60: ..."), as a count of the product is written before its costs."""
    return not text[: number.start].strip(" -*•") or bool(_COLON_AFTER.match(text[number.end :]))


def _names_again(heading: str, label: str) -> bool:
    """Whether a figure's label repeats a word of the heading before the answer's first
    number ("Duck eggs 60: eggs 66"): that first number counted the product."""
    said = {token.key for token in Answer(heading).tokens if token.kind != "sym"}
    return bool(said) and any(token.key in said for token in Answer(label).tokens)


def figures(answer: str, lexicon: LexiconFile) -> list[Figure]:
    """Every money figure and percentage of the answer, in order, with what it is."""
    text = _multiplied(normalize(answer))
    groups = lexicon_groups(lexicon, (*_GROUP_NAMES, "price-nouns"))
    nouns = {"price-words": groups.pop("price-nouns")}
    found: list[Figure] = []
    counted: dict[str, float] = {}  # 2 jars, 三十个: how many of each thing
    previous_end = 0
    one_of = ""  # 一个1块2: the figure right after "one of a thing" is for one
    spans = numbers(text)
    labelled = False  # whether the number before had label words of its own
    counted_before = ""  # the label of a count just before: "sell 1 box at 55" sells
    for place, number in enumerate(spans):
        next_start = spans[place + 1].start if place + 1 < len(spans) else len(text)
        before, after = label_words(
            text, number.start, number.end, previous_end, next_start, labelled
        )
        labelled = not _says_nothing(Answer(_PER_UNIT.sub(" ", before)))
        if not labelled and counted_before and not _CLAUSE_BREAK.search(before):
            before = counted_before + " " + before
        counted_before = before if number.kind in (COUNT, WEIGHT) else ""
        for_one, one_of = one_of if not text[previous_end : number.start].strip() else "", ""
        # "30 + 4 = 34" is a sum; "5 kg = 30" says what the 5 kg cost.
        after_money = place == 0 or spans[place - 1].kind in (MONEY, NONE, PERCENT)
        signed = after_money and bool(_TOTAL_SIGN.search(text[previous_end : number.start]))
        kind = number.kind
        if _labels_next_figure(text, number, groups["packing"]):
            kind = NONE
            previous_end = text.rfind(number.unit, number.start, number.end)
        else:
            previous_end = number.end
        if kind == COUNT:
            counted[_unit_key(number.unit)] = number.value
            one_of = _unit_key(number.unit) if number.value == 1 else ""
        if kind not in (MONEY, NONE, PERCENT):
            continue  # 5 kg, 30枚, 3 days describe the product or the trip
        gap = text[number.end : next_start]  # "sell 55 profit 11": the word names the 11
        runs_on = place + 1 < len(spans) and not _CLAUSE_BREAK.search(gap)
        runs_on = runs_on and len(Answer(gap).tokens) <= _AFTER_WORDS
        label, labelled_before = label_group(before, after, groups, nouns, runs_on)
        if not label and signed and not labelled_before:  # "oranges=30" is no sum
            label = "total-words"
        if kind == PERCENT:
            if label != "profit-words" and number.unit != "折":
                found.append(Figure("fee-rate", min(number.value / 100, 0.9), "fee-words"))
            continue
        role = {"price-words": PRICE, "total-words": TOTAL}.get(label, COST)
        if label in ("profit-words", "break-even-words"):
            continue
        # A range is read against the learner: its low end as a price, its top as a cost.
        value = number.value if role == PRICE else number.top
        per = (for_one or _per_unit(before, after)) if role == COST else ""
        lead = place == 0 and kind == NONE and _heads_the_answer(text, number)
        if len(found) == 1 and found[0].lead and _names_again(text[: spans[0].start], before):
            found.pop()  # "duck eggs 30: eggs 36": the product named again, its count first
        found.append(Figure(role, value, label if labelled_before else "", per, lead))
    return _per_unit_costs(found, counted)


def _per_unit_costs(found: list[Figure], counted: dict[str, float]) -> list[Figure]:
    """A cost given for one jar or one egg, times how many go in the parcel.

    "一个1块2 三十个36": the 36 already counts the 30 eggs, so 1.2 is no cost of its own;
    "honey 20 per jar, 2 jars in a box": the honey costs 2 × 20.
    """
    read: list[Figure] = []
    for index, figure in enumerate(found):
        if not figure.per or not counted:
            read.append(figure)
            continue
        following = next((each for each in found[index + 1 :] if each.role == COST), None)
        if following and any(
            count >= 2 and abs(count * figure.value - following.value) < 0.01
            for count in counted.values()
        ):
            continue
        count = counted.get(figure.per, 1)
        read.append(Figure(COST, figure.value * max(count, 1), figure.label))
    return read


def read_prices(answer: str, lexicon: LexiconFile, locale: str = "") -> tuple[Pricing, ...]:
    """The figures of each product the answer prices, in the order written."""
    return by_product(figures(answer, lexicon))


def read_pricing(answer: str, lexicon: LexiconFile, locale: str = "") -> Pricing:
    """The figures of the answer's first product (the only one, usually)."""
    return read_prices(answer, lexicon, locale)[0]


def money(value: float) -> str:
    """58, 49.5 or 49.47: as few decimals as the value needs, at most two."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
