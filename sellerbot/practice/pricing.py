"""Read costs, a platform fee and a price from an answer, and see whether the price covers
them: price ≥ costs ÷ (1 − fee rate), the fee being a share of the price.

Each number takes its label from the words just before it (快递10元, shipping 10), or just
after it when none come before (10元快递). Labels are told apart by the lexicon's groups
price-words, total-words, break-even-words, fee-words and profit-words; every other money
figure is a cost, and a learner's own break-even figure is left for the check to work out.
Weights and counts (5 kg, 30枚) describe the product and are not money.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sellerbot.practice.lexicon import LexiconFile, expand
from sellerbot.practice.numbers import MONEY, NONE, PERCENT, numbers
from sellerbot.practice.words import Answer, normalize, phrase

# "... = 48" and "=> 32" give the total, as a sum is written.
_TOTAL_SIGN = re.compile(r"(?:=>?|＝|→|≈)\s*$")
_CLAUSE_BREAK = re.compile(r"[,，;；、\n。!！?？:：=＝+＋]|(?<!\d)\.|\.(?!\d)|\band\b|\bplus\b")


@dataclass(frozen=True)
class Pricing:
    costs: tuple[float, ...]
    stated_total: float | None
    fee_rate: float  # a share of the price, 0 when none is given
    price: float | None

    @property
    def cost(self) -> float:
        listed = sum(self.costs)
        if self.stated_total is not None and not self.costs:
            return self.stated_total
        return max(listed, self.stated_total or 0.0)

    @property
    def break_even(self) -> float:
        return self.cost / (1 - self.fee_rate)

    @property
    def covers(self) -> bool:
        return self.price is not None and self.price >= self.break_even - 0.005

    @property
    def earns(self) -> bool:
        """More than break-even: a price that only covers the costs pays nothing for the work."""
        return self.covers and self.price is not None and self.price >= self.break_even + 0.5


def _label(text: str, start: int, end: int, previous_end: int) -> tuple[str, str]:
    """The words before a number within its clause, and those after it."""
    before = text[previous_end:start]
    before = _CLAUSE_BREAK.split(before)[-1]
    after = _CLAUSE_BREAK.split(text[end:])[0]
    return before, after


def _label_kind(label: Answer, groups: dict[str, list[str]], nearest_last: bool) -> str:
    """The group of the label word nearest the number ("shipping price 10" is shipping)."""
    best, best_place = "", -1
    for name, phrases in groups.items():
        places = [place for source in phrases for place in label.find(phrase(source))]
        if not places:
            continue
        place = max(places) if nearest_last else len(label.tokens) - min(places)
        if place > best_place:
            best, best_place = name, place
    return best


def _kind(before: str, after: str, groups: dict[str, list[str]]) -> str:
    """The label's group, from the words before the number, else from those after it."""
    kind = _label_kind(Answer(before), groups, nearest_last=True) if before.strip() else ""
    return kind or _label_kind(Answer(after), groups, nearest_last=False)


def read_pricing(answer: str, lexicon: LexiconFile, locale: str) -> Pricing:
    text = normalize(answer)
    groups = {
        name: expand([f"@{name}"], lexicon, "en") + expand([f"@{name}"], lexicon, "zh_Hans")
        for name in (
            "price-words",
            "total-words",
            "break-even-words",
            "fee-words",
            "profit-words",
            "price-nouns",
            "shipping",
            "packing",
        )
    }
    nouns = {"price-words": groups.pop("price-nouns")}
    costs: list[float] = []
    total: float | None = None
    price: float | None = None
    fee_rate = 0.0
    previous_end = 0
    for number in numbers(text):
        before, after = _label(text, number.start, number.end, previous_end)
        signed_total = bool(_TOTAL_SIGN.search(text[previous_end : number.start]))
        previous_end = number.end
        if number.kind not in (MONEY, NONE, PERCENT):
            continue  # 5 kg, 30枚, 3 days describe the product or the trip
        kind = _kind(before, after, groups) or _kind(before, after, nouns)
        if not kind and signed_total:
            kind = "total-words"
        if number.kind == PERCENT:
            if kind != "profit-words" and number.unit != "折":
                fee_rate = min(number.value / 100, 0.9)
        elif kind == "price-words":
            price = number.value
        elif kind == "total-words":
            total = number.value
        elif kind not in ("profit-words", "break-even-words"):
            costs.append(number.value)
    return Pricing(tuple(costs), total, fee_rate, price)


def money(value: float) -> str:
    """58, 49.5 or 49.47: as few decimals as the value needs, at most two."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
