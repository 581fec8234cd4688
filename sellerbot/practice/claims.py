"""Whether an answer makes one of the lexicon's claims: by one of its phrases, or by a
pattern, a run of phrases and @groups such as "lowers" then an illness.

In a pattern, parts follow one another word after word; a "*" part lets up to three words
come between ("good for * skin" is "good for your skin"), two in a row up to six ("nobody",
"*", "*", "than"), and "#" is any number. Chinese parts are compared as characters, and may
start or end inside a word where the phrase says so with "*".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
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


def pattern_found(answer: Answer, parts: Iterable[str], lexicon: LexiconFile) -> int | None:
    """The first token of a place where the pattern occurs, None when it does not."""
    steps: list[tuple[int, list[str]]] = []  # (words that may come before, phrases)
    gap = 0
    for part in parts:
        if part == PATTERN_GAP:
            gap += _GAP_WORDS
            continue
        steps.append((gap, _alternatives(part, lexicon)))
        gap = 0
    if not steps:
        return None
    reached: dict[int, int] = {}  # character after a partial match -> its first character
    last = len(steps) - 1
    for source in steps[0][1]:
        for start, end in _spans(answer, source, open_end=last > 0):
            reached.setdefault(end, start)
    if not reached:  # most patterns end here: their first part is not in the answer
        return None
    for number, (allowed, sources) in enumerate(steps[1:], 1):
        following: dict[int, int] = {}
        for source in sources:
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
    where the produce is sent. Naming the home too excuses nothing: "from Hunan ... Wuchang
    rice from Heilongjiang" still borrows the name."""
    places = _all_locales(claim.places)
    for origin in claim.origins:
        names = _all_locales(origin.names)
        inside = [span for source in names for span in _spans(answer, source)]
        if not inside:
            continue
        home = set(_all_locales(origin.home))
        for source in places:
            if source in home:
                continue
            for start, end in _spans(answer, source):
                if any(first <= start < after for first, after in inside):
                    continue  # "Yantai Apples by Gansu Li" names Gansu right after the name
                if not _sent_to(answer, start, end, claim):
                    return names[0]
    return ""


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
