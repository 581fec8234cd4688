"""Whether a discount an answer offers keeps some profit: "15 off, we make 10 a box" loses
5 on each sale.

Discounts and profits are told apart by the lexicon groups discount-words and
profit-words, from the words around each number, as the price check reads its labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from sellerbot.practice.lexicon import LexiconFile
from sellerbot.practice.numbers import MONEY, NONE, numbers
from sellerbot.practice.pricing import label_group, label_words, lexicon_groups
from sellerbot.practice.words import normalize

_GROUPS = ("discount-words", "profit-words", "price-words")


@dataclass(frozen=True)
class Offer:
    discount: float | None  # the largest amount off, None when none is said
    profit: float | None  # the smallest profit the answer says it makes

    @property
    def loses(self) -> bool:
        return (
            self.discount is not None and self.profit is not None and (self.discount >= self.profit)
        )


def read_offer(answer: str, lexicon: LexiconFile) -> Offer:
    text = normalize(answer)
    groups = lexicon_groups(lexicon, _GROUPS)
    discounts: list[float] = []
    profits: list[float] = []
    spans = numbers(text)
    previous_end = 0
    for place, number in enumerate(spans):
        next_start = spans[place + 1].start if place + 1 < len(spans) else len(text)
        before, after = label_words(text, number.start, number.end, previous_end, next_start)
        previous_end = number.end
        if number.kind not in (MONEY, NONE):
            continue  # 10% off needs the price to be money; 5 kg and dates are no money
        label, _ = label_group(before, after, groups, {})
        if label == "discount-words":
            discounts.append(number.value)
        elif label == "profit-words":
            profits.append(number.value)
    return Offer(max(discounts, default=None), min(profits, default=None))
