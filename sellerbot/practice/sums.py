"""Put an answer's money figures together: which product each belongs to, what its costs add
up to, the learner's own totals against the sum, and whether the price leaves a margin.

A total is the sum of what came before it ("30 + 4 + 10 = 44"), unless the figures after
it add up to it ("成本44（橙子30 箱4 快递10）"); costs after a total add on to it. A second
product starts when costs come again after a product that already has costs and a price.
"""

from __future__ import annotations

from dataclasses import dataclass

COST, TOTAL, PRICE, FEE_RATE = "cost", "total", "price", "fee-rate"
# Above break-even by this share, and by half a yuan, at least: 27 on costs of 27 pays
# nothing for the work.
MARGIN = 0.01
_SAME = 0.01
_SUM_SLIP = 0.03  # an unlabelled figure this close to the sum before it is the learner's sum


@dataclass(frozen=True)
class Figure:
    role: str  # cost, total, price or fee-rate
    value: float
    label: str = ""  # the lexicon group of the word before it, "" when none says
    per: str = ""  # what one such cost is for ("20 per jar": jar), "" when for the parcel
    # A bare number opening the answer ("30 duck eggs: ...", "Duck eggs 60: ..."): a count
    # of the product when the learner's own total leaves it out.
    lead: bool = False


@dataclass(frozen=True)
class Pricing:
    costs: tuple[float, ...]
    stated_total: float | None
    fee_rate: float  # a share of the price, 0 when none is given
    price: float | None
    cost: float = 0.0  # what the costs come to, the learner's own totals counted

    @property
    def break_even(self) -> float:
        return self.cost / (1 - self.fee_rate)

    @property
    def covers(self) -> bool:
        return self.price is not None and self.price >= self.break_even - 0.005

    @property
    def earns(self) -> bool:
        """A margin over break-even: a price that only covers the costs pays for no work."""
        return self.covers and self.price is not None and self.price >= self._least_earning

    @property
    def _least_earning(self) -> float:
        return max(self.break_even * (1 + MARGIN), self.break_even + 0.5) - 0.005


def _products(figures: list[Figure]) -> list[list[Figure]]:
    groups: list[list[Figure]] = [[]]
    for figure in figures:
        group = groups[-1]
        priced = [index for index, each in enumerate(group) if each.role == PRICE]
        costed_first = priced and any(each.role != PRICE for each in group[: priced[0]])
        if figure.role in (COST, TOTAL) and costed_first:
            groups.append([])
        groups[-1].append(figure)
    # Costs after the last price, or a price with no costs, belong to the product before.
    if len(groups) > 1 and not any(each.role == PRICE for each in groups[-1]):
        last = groups.pop()
        groups[-1] += last
    return groups


def _learners_totals(group: list[Figure]) -> list[Figure]:
    """An unlabelled cost that is the sum of the costs before or after it is a total, and so
    is one a little off the sum before it of three costs or more."""
    read = list(group)
    for index, figure in enumerate(read):
        # A figure the fee's words name ("costs before fee 53") may still be the sum.
        if figure.role != COST or figure.label not in ("", "fee-words"):
            continue
        before = [each.value for each in read[:index] if each.role == COST]
        after: list[float] = []
        for each in read[index + 1 :]:
            if each.role != COST:
                break
            after.append(each.value)
        # "cost 12, box 4, courier 8 = 24": the learner's total counts the 12 as a cost.
        counted_later = any(
            each.role == TOTAL and abs(each.value - sum(before) - figure.value - sum(after)) < _SAME
            for each in read[index + 1 + len(after) :]
        )
        sums_a_run = any(
            len(run) >= 2 and abs(sum(run) - figure.value) < _SAME for run in (before, after)
        )
        if sums_a_run and not counted_later:
            read[index] = Figure(TOTAL, figure.value)
        elif len(before) >= 3 and abs(sum(before) - figure.value) <= _SUM_SLIP * sum(before):
            read[index] = Figure(TOTAL, figure.value)  # 加一块是46: the learner's sum, a bit off
    return read


def _fee_in_money(group: list[Figure], fee_rate: float, price: float | None) -> bool:
    """Whether the learner also wrote the fee as money ("抽百分之五 就按3块算"): then the
    money figure is the fee, and the rate is not counted a second time."""
    if not fee_rate or price is None:
        return False
    return any(
        figure.role == COST
        and figure.label == "fee-words"
        and _near_fee(figure.value, fee_rate, [price])
        for figure in group
    )


def _near_fee(value: float, rate: float, prices: list[float]) -> bool:
    return any(abs(value - rate * price) <= max(1.0, 0.3 * rate * price) for price in prices)


def _is_spare(
    figure: Figure, after_price: bool, price: float | None, cost: float, fee_rate: float
) -> bool:
    """Whether a figure after the price is the learner's own check of it: what the price
    leaves over the costs, what reaches them once the platform has its share ("after fee I
    get 55.8", 扣完到手55块8), or what that leaves ("38, still 4 over")."""
    unlabelled = figure.label in ("", "fee-words")
    if not after_price or figure.role != COST or not unlabelled or price is None or not cost:
        return False
    take_home = price * (1 - fee_rate)
    checks = (price - cost, price - cost / (1 - fee_rate), take_home, take_home - cost)
    return any(abs(figure.value - check) <= 0.5 for check in checks)


def _is_the_price(figure: Figure, price: float | None) -> bool:
    """An unnamed figure (or one the fee's words name) equal to the price is the price said
    once more, not a cost: no farmer pays out what the box sells for."""
    if figure.role != COST or figure.label not in ("", "fee-words") or price is None:
        return False
    return abs(figure.value - price) < _SAME


def _priced(group: list[Figure], fee_rate: float) -> Pricing:
    group = _learners_totals(group)
    prices = [figure.value for figure in group if figure.role == PRICE]
    price = prices[-1] if prices else None
    listed: list[float] = []
    running = 0.0
    stated: float | None = None
    covered = 0  # costs already inside a total written before them
    last_price = max((i for i, each in enumerate(group) if each.role == PRICE), default=-1)
    for index, figure in enumerate(group):
        if _is_spare(figure, index > last_price >= 0, price, running, fee_rate):
            continue  # "sell 55, that leaves 11": what the price leaves, not one more cost
        if _is_the_price(figure, price):
            continue  # "fee 8% of 45", 按卖50算: the fee worked out on the price, said early
        if figure.role == COST:
            listed.append(figure.value)
            if covered:
                covered -= 1
            else:
                running += figure.value
        elif figure.role == TOTAL:
            if fee_rate and running and abs(figure.value - running / (1 - fee_rate)) < 0.05:
                continue  # "fee 5% = 41.05": the learner's own break-even, worked out again
            stated = figure.value
            after: list[float] = []
            for each in group[index + 1 :]:
                if each.role != COST:
                    break
                after.append(each.value)
            leads = sum(each.value for each in group[:index] if each.lead and each.role == COST)
            if after and abs(sum(after) - figure.value) < _SAME and abs(running) < _SAME:
                covered = len(after)
                running = figure.value
            elif leads in listed and abs(running - leads - figure.value) < _SAME:
                # "30 duck eggs: eggs 36, box 6, courier 12, total 54": the 30 counts eggs.
                listed.remove(leads)  # the one lead is the first figure listed
                running = figure.value
            else:
                running = max(running, figure.value)
    if _fee_in_money(group, fee_rate, price):
        fee_rate = 0.0
    return Pricing(tuple(listed), stated, fee_rate, price, running)


def by_product(figures: list[Figure]) -> tuple[Pricing, ...]:
    """One Pricing per product, in the order written; the fee rate applies to them all."""
    rates = [figure.value for figure in figures if figure.role == FEE_RATE]
    fee_rate = max(rates, default=0.0)
    # A figure right after the rate, about the rate times the price, is that fee in money
    # ("5 percent so say 2.50"); an unlabelled one is taken for it in any case.
    prices = [figure.value for figure in figures if figure.role == PRICE]
    read: list[Figure] = []
    for figure in figures:
        rate = read[-1].value if read and read[-1].role == FEE_RATE else None
        unlabelled_cost = figure.role == COST and not figure.label
        in_money = rate and figure.role in (COST, TOTAL) and _near_fee(figure.value, rate, prices)
        if rate and (unlabelled_cost or in_money):
            figure = Figure(COST, figure.value, "fee-words")
        read.append(figure)
    return tuple(_priced(group, fee_rate) for group in _products(_closing_price(figures, read)))


def _closing_price(figures: list[Figure], read: list[Figure]) -> list[Figure]:
    """The money figures, and where no word names a price, the unlabelled last figure
    written after the costs' total or the fee ("... fee 8%, 42", 抽8% 俺要42) is the price:
    the costs are listed first, as the task asks, and the price ends the answer."""
    money_figures = [figure for figure in read if figure.role != FEE_RATE]
    if any(figure.role == PRICE for figure in figures) or len(money_figures) < 2:
        return money_figures
    last, written_last = money_figures[-1], figures[-1]
    after_sum = any(each.role in (TOTAL, FEE_RATE) for each in figures[:-1])
    unlabelled = written_last.role == COST and not written_last.label
    costs_before = sum(each.value for each in money_figures[:-1] if each.role == COST)
    if after_sum and unlabelled and last.value >= 0.5 * costs_before:
        return [*money_figures[:-1], Figure(PRICE, last.value)]
    return money_figures
