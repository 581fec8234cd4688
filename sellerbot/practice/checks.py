"""Judge one practice answer: effort, language, claims, the task's own rules, then prices.

The engine shows what this returns; nothing here knows about chats. The first failed check
decides the feedback, so a harmful answer hears about the claim before anything else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sellerbot.content.model import TaskRule, TaskStep
from sellerbot.engine.replies import Content, Part, msg
from sellerbot.practice import effort, photo
from sellerbot.practice import messages as pm
from sellerbot.practice.claims import claims_made
from sellerbot.practice.lexicon import (
    EMPTY,
    LexiconFile,
    expand,
    mentions,
    negation_keys,
    waiver_keys,
)
from sellerbot.practice.numbers import PERCENT, TIME, has_duration, has_number, numbers
from sellerbot.practice.offers import read_offer
from sellerbot.practice.pricing import Pricing, money, read_prices
from sellerbot.practice.words import Answer

_JUNK_MESSAGES = {
    effort.LAUGHTER_ONLY: pm.JUNK_LAUGHTER,
    effort.NO_WORDS: pm.JUNK_NO_WORDS,
    effort.FILLER_ONLY: pm.JUNK_FILLER,
    effort.REPEATED: pm.JUNK_FILLER,
    effort.ASKS_FOR_HELP: pm.JUNK_ASKS_FOR_HELP,
}


@dataclass(frozen=True)
class Verdict:
    """Whether the answer passes; the checks it failed; what to tell the learner."""

    accepted: bool
    failed: tuple[str, ...] = ()
    feedback: tuple[Part, ...] = ()


def _content(text, locale: str, fallback: str) -> Content:
    return Content(text.get_for(locale, fallback))


def rule_passes(rule: TaskRule, answer: Answer, locale: str, lexicon: LexiconFile) -> bool:
    """Whether the answer meets one of the task's rules (price checks aside)."""
    setting = getattr(rule, rule.check)
    value = setting if isinstance(setting, bool) else setting.for_locale(locale)
    if value is None:  # this rule says nothing for the learner's locale
        return True
    text = answer.raw.strip()
    if rule.check == "min_length":
        return len(text) >= value
    if rule.check == "max_length":
        return len(text) <= value
    if rule.check == "has_number":
        return has_number(text)
    if rule.check == "has_percent":
        return any(number.kind == PERCENT and number.unit != "折" for number in numbers(text))
    if rule.check == "has_duration":
        return has_duration(text) or bool(
            mentions(answer, expand(["@delivery-day"], lexicon, locale))
        )
    assert not isinstance(value, bool), rule.check  # the flag checks are answered above
    negations = negation_keys(lexicon)
    phrases = [expand([entry], lexicon, locale) for entry in value]
    if rule.check == "mentions_any":
        said = [p for group in phrases for p in group]
        return bool(mentions(answer, said, negations, typos=True))
    if rule.check == "mentions_all":
        return all(mentions(answer, group, negations, typos=True) for group in phrases)
    if rule.check == "avoids":
        return not mentions(answer, [p for group in phrases for p in group], waiver_keys(lexicon))
    return True


def _product_feedback(pricing: Pricing) -> tuple[bool, tuple[Part, ...]]:
    """(passed, feedback) for one product's costs and price."""
    if not pricing.costs and pricing.stated_total is None:
        return False, (msg(pm.PRICE_NO_COSTS),)
    if pricing.price is None:
        return False, (msg(pm.PRICE_NO_PRICE),)
    items = [money(cost) for cost in pricing.costs]
    if items and abs(sum(pricing.costs) - pricing.cost) < 0.005:
        shown: list[Part] = [msg(pm.PRICE_COSTS, sum=" + ".join(items), cost=money(pricing.cost))]
    else:  # "3 + 9 = 27" would read as a sum gone wrong: the learner's own total is used
        shown = [msg(pm.PRICE_COSTS_IN_ALL, cost=money(pricing.cost))]
    if pricing.fee_rate:
        rate = f"{money(pricing.fee_rate * 100)}%"
        shown.append(
            msg(pm.PRICE_FEE, rate=rate, cost=money(pricing.cost), need=money(pricing.break_even))
        )
    if not pricing.covers:
        loss = pricing.break_even - pricing.price
        shown.append(
            msg(
                pm.PRICE_BELOW,
                price=money(pricing.price),
                loss=money(loss),
                need=money(pricing.break_even),
            )
        )
        return False, tuple(shown)
    spare = pricing.price - pricing.break_even
    if not pricing.earns:
        example = money(math.ceil(pricing.break_even * 1.2))
        price = money(pricing.price)
        shown.append(msg(pm.PRICE_BREAKS_EVEN, price=price, spare=money(spare), example=example))
        return False, tuple(shown)
    return True, (
        msg(pm.PRICE_COVERS, price=money(pricing.price), spare=money(spare)),
        *shown,
    )


def _pricing(text: str, locale: str, lexicon: LexiconFile) -> tuple[bool, tuple[Part, ...]]:
    """(passed, feedback) for a prices_cover_costs rule: every product priced must pass."""
    found: tuple[Part, ...] = ()
    for pricing in read_prices(text, lexicon, locale):
        passed, parts = _product_feedback(pricing)
        if not passed:
            return False, parts
        found += parts
    return True, found


def check_answer(
    step: TaskStep, text: str, locale: str, lexicon: LexiconFile = EMPTY, fallback: str = "en"
) -> Verdict:
    """The verdict on a written answer; when it passes, the feedback is what was found good."""
    answer = Answer(text)
    junk = effort.junk_kind(answer)
    if junk:
        return Verdict(False, (f"effort:{junk}",), (msg(_JUNK_MESSAGES[junk]),))
    if not effort.in_learner_language(text, locale):
        return Verdict(False, ("language",), (msg(pm.WRONG_LANGUAGE),))
    rules = _judge_rules(step, text, answer, locale, lexicon, fallback)
    if step.buyer_facing:
        made = claims_made(answer, lexicon)
        if made:
            # All at once: fixing one claim should not uncover the next, nor a price
            # below cost that was there all along.
            failed = tuple(f"claim:{claim.id}" for claim, _ in made)
            feedback: tuple[Part, ...] = tuple(
                _content(claim.feedback, locale, fallback) for claim, _ in made
            )
            if not rules.accepted:
                failed, feedback = failed + rules.failed, feedback + rules.feedback
            return Verdict(False, failed, feedback)
    return rules


def _judge_rules(
    step: TaskStep, text: str, answer: Answer, locale: str, lexicon: LexiconFile, fallback: str
) -> Verdict:
    """The verdict of the task's own rules, the first that fails named."""
    found: tuple[Part, ...] = ()
    for rule in step.rules:
        if rule.check == "prices_cover_costs":
            passed, parts = _pricing(text, locale, lexicon)
            if not passed:
                return Verdict(False, (rule.check,), parts)
            found += parts
        elif rule.check == "offers_keep_margin":
            offer = read_offer(text, lexicon)
            if offer.loses:
                assert offer.discount is not None and offer.profit is not None
                loss = money(offer.discount - offer.profit)
                discount, profit = money(offer.discount), money(offer.profit)
                shown = msg(pm.OFFER_LOSES, discount=discount, profit=profit, loss=loss)
                return Verdict(False, (rule.check,), (shown,))
        elif not rule_passes(rule, answer, locale, lexicon):
            return Verdict(False, (rule.check,), (_content(rule.feedback, locale, fallback),))
    return Verdict(True, (), found or _what_was_found(step, answer))


def _what_was_found(step: TaskStep, answer: Answer) -> tuple[Part, ...]:
    """What the checks found in a passing answer, said back to the learner."""
    kinds = {rule.check for rule in step.rules}
    found: list[Part] = []
    spans = numbers(answer.raw)
    times = [number for number in spans if number.kind == TIME]
    if "has_duration" in kinds and times:
        found.append(msg(pm.FOUND_TIME, time=_span(answer, times[0])))
    elif "has_number" in kinds and spans:
        found.append(msg(pm.FOUND_QUANTITY, number=_span(answer, spans[0])))
    if step.buyer_facing:
        found.append(msg(pm.FOUND_NO_CLAIMS))
    return tuple(found)


def _span(answer: Answer, number) -> str:
    return answer.text[number.start : number.end].strip()


_PHOTO_MESSAGES = {
    photo.TOO_SMALL: pm.PHOTO_TOO_SMALL,
    photo.TOO_DARK: pm.PHOTO_TOO_DARK,
    photo.BLOWN_OUT: pm.PHOTO_BLOWN_OUT,
    photo.BLURRY: pm.PHOTO_BLURRY,
    photo.TOO_FAR: pm.PHOTO_TOO_FAR,
    photo.BUSY: pm.PHOTO_BUSY,
}


def check_photo(data: bytes) -> Verdict:
    """The photo coach's verdict: one fix per problem, or what is good about the photo."""
    try:
        report = photo.coach(data)
    except photo.NotAPhoto:
        return Verdict(False, ("photo:unreadable",), (msg(pm.PHOTO_NOT_READ),))
    if report.passed:
        return Verdict(True, (), (msg(pm.PHOTO_GOOD),))
    size = {"width": report.width, "height": report.height}
    return Verdict(
        False,
        tuple(f"photo:{problem}" for problem in report.problems),
        tuple(msg(_PHOTO_MESSAGES[problem], **size) for problem in report.problems),
    )
