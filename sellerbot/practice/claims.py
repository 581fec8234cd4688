"""Whether an answer makes one of the lexicon's claims: by one of its phrases, or by a
pattern, a run of phrases and @groups such as "lowers" then an illness.

In a pattern, parts follow one another word after word; a "*" part lets up to three words
come between ("good for * skin" is "good for your skin"), two in a row up to six ("nobody",
"*", "*", "than"), and "#" is any number. Chinese parts are compared as characters, and may
start or end inside a word where the phrase says so with "*".
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache

from sellerbot.practice.lexicon import (
    GROUP_MARK,
    Claim,
    LexiconFile,
    exception_spans,
    expand,
    mentions,
)
from sellerbot.practice.numbers import numbers
from sellerbot.practice.words import Answer, Phrase, phrase

PATTERN_GAP = "*"
ANY_NUMBER = "#"  # a pattern part for any figure: "last # boxes", 最后3箱
_HAN_NUMERALS = set("零〇一二两三四五六七八九十百千万几")
_GAP_WORDS = 3


def _spans(answer: Answer, source: str, open_end: bool = False) -> list[tuple[int, int]]:
    """(first character, character after the last) of each place the phrase occurs; with
    `open_end`, a Chinese phrase may end inside a word (the next part must then go on in
    that word: 助|消化)."""
    key = (source, open_end)
    found = answer.spans_found.get(key)
    if found is None:
        found = answer.spans_found[key] = _spans_uncached(answer, source, open_end)
    return found


def _spans_uncached(answer: Answer, source: str, open_end: bool) -> list[tuple[int, int]]:
    if source == ANY_NUMBER:
        return _number_spans(answer)
    compiled = phrase(source)
    if compiled.han is not None:
        return answer.han_spans(_open_ended(source) if open_end else compiled)
    length = sum(1 for how, _ in compiled.parts if how != "gap") or 1
    tokens = answer.tokens
    return [
        (tokens[index].start, tokens[min(index + length, len(tokens)) - 1].end)
        for index in answer.find(compiled)
    ]


@cache
def _open_ended(source: str) -> Phrase:
    """A Chinese phrase that may end inside a word."""
    compiled = phrase(source)
    assert compiled.han is not None, "only a Chinese phrase ends inside a word"
    core, loose_start, _ = compiled.han
    return replace(compiled, han=(core, loose_start, True))


def _glued(answer: Answer, source: str, ends: Iterable[int]) -> list[tuple[int, int]]:
    """A Chinese part written in one word with the part before it (治|咳嗽 is one word,
    助|消化 too), found where that part ended."""
    if source == ANY_NUMBER:
        return []
    compiled = phrase(source)
    return answer.han_continuations(compiled, ends) if compiled.han is not None else []


def _number_spans(answer: Answer) -> list[tuple[int, int]]:
    """Where each figure ends: 58, the 三 of 三箱, or after 三十五块 too when the numeral and
    its unit are one word (以前卖三十五块|钱, then 现在)."""
    spans = []
    figures = None  # the answer's numbers, read once and only for a numeral glued to a unit
    for token in answer.tokens:
        if token.kind == "num":
            spans.append((token.start, token.end))
            continue
        if token.text[0] not in _HAN_NUMERALS:
            continue
        end = _numeral_end(answer, token)
        spans.append((token.start, end))
        if end < token.end:
            figures = numbers(answer.text) if figures is None else figures
            if any(each.start == token.start and each.end >= token.end for each in figures):
                spans.append((token.start, token.end))
    return spans


def _numeral_end(answer: Answer, token) -> int:
    """Where the numeral starting a Chinese word ends: 三箱 is 三, then 箱."""
    end = token.start
    while end < token.end and answer.text[end] in _HAN_NUMERALS:
        end += 1
    return end


def _follows(answer: Answer, end: int, start: int, allowed: int) -> bool:
    """Whether a part starting at `start` comes right after one ending at `end`, with at
    most `allowed` whole words between (降|血糖, but not 最|近|新鲜)."""
    if start < end:
        return False
    between = [token for token in answer.tokens if end <= token.start and token.end <= start]
    gap_text = answer.text[end:start]
    if sum(len(token.text) for token in between) < len(re.findall(r"\w", gap_text)):
        return False  # part of a word is left over: the earlier part ended inside it
    return len(between) <= allowed


def _alternatives(part: str, lexicon: LexiconFile) -> list[str]:
    """A pattern part's phrases: those of its group in every locale, or the phrase itself."""
    if not part.startswith(GROUP_MARK):
        return [part]
    return [source for locale in ("en", "zh_Hans") for source in expand([part], lexicon, locale)]


@dataclass(frozen=True)
class _Step:
    """One part of a pattern, ready to be looked for: its phrases, how many words may come
    before it, and what any of them needs in the answer, asked before looking at all."""

    allowed: int  # words that may come between the part before and this one
    sources: tuple[str, ...]
    han: re.Pattern[str] | None  # any Chinese phrase's characters
    keys: frozenset[str]  # the key of each phrase of words' first whole word
    letters: re.Pattern[str] | None  # a phrase's first word given as a start or an end
    number: bool  # ANY_NUMBER is among the sources

    def may_occur(self, answer: Answer) -> bool:
        """False only when no phrase of the part can be in the answer."""
        return bool(
            (self.han is not None and self.han.search(answer.text))
            or not self.keys.isdisjoint(answer.keys)
            or (self.letters is not None and self.letters.search(answer.text))
            or (self.number and _number_spans(answer))
        )


@cache
def _needle(source: str) -> tuple[bool, str]:
    """What a phrase cannot occur without: (True, key) for a word the answer must have
    (an English word's stem), (False, text) for letters it must contain."""
    compiled = phrase(source)
    if compiled.han is not None:
        return False, compiled.han[0]
    words = [(how, value) for how, value in compiled.parts if how != "gap"]
    if not words:
        return False, ""  # a phrase of gaps alone is anywhere
    how, value = words[0]
    return how == "exact", value  # "lower*" and "*iest" are written as they are


def _may_be_in(answer: Answer, source: str) -> bool:
    in_keys, needle = _needle(source)
    return needle in answer.keys if in_keys else needle in answer.text


def _step(allowed: int, sources: Sequence[str]) -> _Step:
    han: list[str] = []
    keys: set[str] = set()
    letters: list[str] = []
    for source in sources:
        if source == ANY_NUMBER:
            continue
        in_keys, needle = _needle(source)
        if in_keys:
            keys.add(needle)
        elif phrase(source).han is not None:
            han.append(needle)
        else:
            letters.append(needle)
    return _Step(
        allowed,
        tuple(sources),
        _alternation(han),
        frozenset(keys),
        _alternation(letters),
        ANY_NUMBER in sources,
    )


def _alternation(texts: list[str]) -> re.Pattern[str] | None:
    if not texts:
        return None
    return re.compile("|".join(sorted({re.escape(text) for text in texts}, key=len, reverse=True)))


# Each lexicon's patterns, made ready once: a pattern's groups are the same for every answer.
_READY: dict[int, tuple[weakref.ref, dict[tuple[str, ...], tuple[_Step, ...]]]] = {}


def _steps(parts: Iterable[str], lexicon: LexiconFile) -> tuple[_Step, ...]:
    key = id(lexicon)
    held = _READY.get(key)
    if held is None or held[0]() is not lexicon:

        def forget(_: object) -> None:
            _READY.pop(key, None)

        # Dropped with the lexicon (a reload makes a new one), so ids are never mixed up.
        held = _READY[key] = (weakref.ref(lexicon, forget), {})
    parts = tuple(parts)
    steps = held[1].get(parts)
    if steps is None:
        found: list[_Step] = []
        gap = 0
        for part in parts:
            if part == PATTERN_GAP:
                gap += _GAP_WORDS
                continue
            found.append(_step(gap, _alternatives(part, lexicon)))
            gap = 0
        steps = held[1][parts] = tuple(found)
    return steps


def pattern_found(answer: Answer, parts: Iterable[str], lexicon: LexiconFile) -> int | None:
    """The first token of a place where the pattern occurs, None when it does not."""
    steps = _steps(parts, lexicon)
    # Most patterns have a part none of whose phrases is in the answer: a look at the
    # answer's words and letters says so before any phrase is looked for in earnest.
    if not steps or not all(step.may_occur(answer) for step in steps):
        return None
    reached: dict[int, int] = {}  # character after a partial match -> its first character
    last = len(steps) - 1
    for source in steps[0].sources:
        for start, end in _spans(answer, source, open_end=last > 0):
            reached.setdefault(end, start)
    if not reached:
        return None
    for number, step in enumerate(steps[1:], 1):
        allowed = step.allowed
        following: dict[int, int] = {}
        for source in step.sources:
            places = _spans(answer, source, open_end=number < last)
            loose = _loose_start(source)
            for start, end in places + _glued(answer, source, reached):
                # 能治|咽炎: "*炎" follows the cure from the start of its word; 三|箱 in the
                # word 三箱 follows the count from where it starts.
                starts = {start, _word_start(answer, start)} if loose else {start}
                for previous_end, first in reached.items():
                    if any(_follows(answer, previous_end, each, allowed) for each in starts):
                        following.setdefault(end, first)
        reached = following
        if not reached:
            return None
    return answer.token_at(min(reached.values())) if reached else None


@cache
def _loose_start(source: str) -> bool:
    """Whether a Chinese phrase may start inside a word ("*炎")."""
    compiled = phrase(source) if source != ANY_NUMBER else None
    return compiled is not None and compiled.han is not None and compiled.han[1]


def _word_start(answer: Answer, offset: int) -> int:
    index = answer.token_at(offset)
    return answer.tokens[index].start if index < len(answer.tokens) else offset


def _covered(answer: Answer, claim: Claim) -> list[range]:
    return exception_spans(
        answer, [word for values in (claim.exceptions or {}).values() for word in values]
    )


def _all_locales(phrases: Mapping[str, Sequence[str]] | None) -> list[str]:
    return [source for values in (phrases or {}).values() for source in values]


def false_origin(answer: Answer, claim: Claim) -> str:
    """The place-of-origin name the answer uses for produce it says is from elsewhere: it
    names another of the claim's places than the name's home, outside the name, and not as
    where the produce is sent, or it sells the produce under the name ("sell it as") without
    naming the home. Naming the home too excuses nothing when another place is named: "from
    Hunan ... Wuchang rice from Heilongjiang" still borrows the name."""
    places = _all_locales(claim.places)
    for origin in claim.origins:
        names = _all_locales(origin.names)
        present = [source for source in names if _may_be_in(answer, source)]
        # A Chinese name may end inside a word: the segmenter glues what follows to it
        # (库尔勒香梨|卖 is cut 库尔勒|香梨卖).
        inside = [span for source in present for span in _spans(answer, source, open_end=True)]
        if not inside:
            continue
        home = set(_all_locales(origin.home))
        if _passed_off(answer, claim, inside) and not _names_home(answer, home, inside):
            return names[0]
        for source in places:
            if source in home:
                continue
            for start, end in _spans(answer, source):
                if _within(start, inside):
                    continue  # "Yantai Apples by Gansu Li" names Gansu right after the name
                if not _sent_to(answer, start, end, claim):
                    return names[0]
    return ""


def _passed_off(answer: Answer, claim: Claim, names: list[tuple[int, int]]) -> bool:
    """Whether words that sell the produce under a name ("sell them as", 就说是) come just
    before one of these name spans."""
    if claim.passed_off is None:
        return False
    return any(
        _follows(answer, after, first, _GAP_WORDS)
        for source in _all_locales(claim.passed_off)
        for _, after in _spans(answer, source)
        for first, _ in names
    )


def _names_home(answer: Answer, home: set[str], names: list[tuple[int, int]]) -> bool:
    """Whether the answer names one of the home places outside these name spans: the
    Wuchang of "Wuchang rice" is part of the name, not where the farm is."""
    return any(not _within(start, names) for source in home for start, _ in _spans(answer, source))


def _within(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(first <= offset < after for first, after in spans)


def _sent_to(answer: Answer, start: int, end: int, claim: Claim) -> bool:
    """Whether the place at these characters is where the produce goes (北京上海都包邮)."""
    destinations = claim.destinations
    if destinations is None:
        return False
    for source in _all_locales(destinations.before):
        if any(_follows(answer, after, start, _GAP_WORDS) for _, after in _spans(answer, source)):
            return True
    for source in _all_locales(destinations.after):
        if any(_follows(answer, end, first, _GAP_WORDS) for first, _ in _spans(answer, source)):
            return True
    return False


def claim_made(answer: Answer, claim: Claim, lexicon: LexiconFile) -> str:
    """The first phrase or pattern of the claim the answer makes (in any language), or ""."""
    if claim.unless and any(mentions(answer, values) for values in claim.unless.values()):
        return ""
    if claim.origins and (name := false_origin(answer, claim)):
        return name
    covered: list[range] | None = None  # read only once a phrase or pattern is found: most
    # claims have none in an answer, and the exceptions cost as much to look for

    def excepted(index: int) -> bool:
        nonlocal covered
        if covered is None:
            covered = _covered(answer, claim)
        return any(index in span for span in covered)

    for values in claim.phrases.values():
        for source in values:
            if not _may_be_in(answer, source):  # a quick look first: most are not there
                continue
            for index in answer.find(phrase(source)):
                if not excepted(index):
                    return source
    for patterns in (claim.patterns or {}).values():
        for parts in patterns:
            start = pattern_found(answer, parts, lexicon)
            if start is not None and not excepted(start):
                return " ".join(parts)
    return ""


def claims_made(answer: Answer, lexicon: LexiconFile) -> list[tuple[Claim, str]]:
    """Every claim of the lexicon the answer makes, with what gave each away."""
    found = []
    for claim in lexicon.claims:
        said = claim_made(answer, claim, lexicon)
        if said:
            found.append((claim, said))
    return found
