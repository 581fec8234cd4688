"""The course-wide lexicon (content/lexicon.yaml): synonym groups, negations, and the
claims a seller must never make, with why and how to say it honestly."""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from sellerbot.content.model import ID_PATTERN, Localized, LocalizedText
from sellerbot.practice.words import HAN, Answer, normalize, phrase, stem

HAN_WORD = re.compile(f"[{HAN}]+")
GROUP_MARK = "@"  # a word list entry "@resend" stands for the group resend

Phrases = Localized[tuple[Annotated[str, Field(min_length=1)], ...]]
Patterns = Localized[
    tuple[Annotated[tuple[Annotated[str, Field(min_length=1)], ...], Field(min_length=1)], ...]
]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Origin(_Strict):
    """A protected place-of-origin name (赣南脐橙, "Kobe beef") and the places it is from."""

    names: Phrases
    home: Phrases


class Destinations(_Strict):
    """Words that make a place next to them one the produce is sent to, not one it is
    from: "ships to" Beijing, 发往北京, or 北京上海都包邮, "Shanghai customers"."""

    before: Phrases | None = None  # up to three words before the place
    after: Phrases | None = None  # up to three words after it


class Claim(_Strict):
    """One kind of claim never to make in what buyers read."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    phrases: Phrases
    # Phrases that look like the claim but are not one ("do our best", "best before").
    exceptions: dict[str, tuple[str, ...]] | None = None  # per locale; any may be left out
    # Runs of phrases and @groups, such as [lower*, "*", "@illnesses"], or one @group
    # alone (any of its phrases): see practice.claims.
    patterns: Patterns | None = None
    # The claim is fine when one of these is said too ("certified organic").
    unless: Phrases | None = None
    # Place-of-origin names: an answer that uses one and names a place among `places` other
    # than the name's home, and not as where it is sent, makes the claim (烟台苹果 from a
    # Gansu orchard).
    origins: tuple[Origin, ...] = ()
    places: Phrases | None = None
    destinations: Destinations | None = None
    # Words just before an origin name that sell the produce under it ("sell it as", 就说是):
    # the claim is made unless the answer names the name's home.
    passed_off: Phrases | None = None
    feedback: LocalizedText


class LexiconFile(_Strict):
    """lexicon.yaml: what every practice task shares."""

    groups: dict[Annotated[str, Field(pattern=ID_PATTERN)], Phrases] = {}
    negations: Phrases | None = None
    # Words that take back what follows in a rule that refuses words: "no need to send them
    # back" demands nothing. Plain negations do not: "不寄回来不退" still demands the return.
    waivers: Phrases | None = None
    claims: tuple[Claim, ...] = ()


EMPTY = LexiconFile()


def expand(entries: Iterable[str], lexicon: LexiconFile, locale: str) -> list[str]:
    """The phrases a word list stands for, with each @group replaced by its phrases."""
    phrases: list[str] = []
    for entry in entries:
        if entry.startswith(GROUP_MARK):
            group = lexicon.groups.get(entry[1:])
            if group is not None:
                phrases += group.get(locale, ())
        else:
            phrases.append(entry)
    return phrases


# A negation speaks of its own clause: "没做好，对不起" still says sorry.
_CLAUSE_END = re.compile(r"[.!?。！？;；,，]")
_NEGATION_REACH = 4  # words before a phrase that a negation of several words may span


def _clause_start(answer: Answer, index: int, reach: int) -> int:
    """The first token of the clause the token at `index` is in, looked for no more than
    `reach` tokens back (all a negation looks at)."""
    first = index
    while first > max(0, index - reach) and not _CLAUSE_END.search(
        answer.text[answer.tokens[first - 1].end : answer.tokens[first].start]
    ):
        first -= 1
    return first


def _negated(answer: Answer, index: int, negations: AbstractSet[str]) -> bool:
    """Whether one of the two words before the phrase negates it ("no refund", 不会退款),
    or a negation of several words ends right before it ("you dont need to send"); never
    from an earlier clause ("Ship within 24 hrs (not sundays). Delivered in 2-4 days")."""
    sentence = _clause_start(answer, index, _NEGATION_REACH)
    before = answer.tokens[max(sentence, index - 2) : index]
    joined = "".join(token.text for token in before)
    words = " ".join(
        token.text for token in answer.tokens[max(sentence, index - _NEGATION_REACH) : index]
    )
    return (
        any(token.key in negations or token.text in negations for token in before)
        or any(joined.endswith(word) for word in negations if HAN_WORD.fullmatch(word))
        or any(f" {words}".endswith(f" {word}") for word in negations if " " in word)
    )


def _keys(phrases: Phrases | None) -> set[str]:
    if phrases is None:
        return set()
    words = {normalize(word) for values in phrases.values() for word in values}
    return words | {stem(word) for word in words if " " not in word}


def negation_keys(lexicon: LexiconFile) -> set[str]:
    """Every negation word of the lexicon, in any locale (answers mix languages)."""
    return _keys(lexicon.negations)


def waiver_keys(lexicon: LexiconFile) -> set[str]:
    """Every waiver word of the lexicon ("no need to", 不用), in any locale."""
    return _keys(lexicon.waivers)


def mentions(
    answer: Answer,
    phrases: Iterable[str],
    negations: AbstractSet[str] = frozenset(),
    typos: bool = False,
) -> str:
    """The first phrase said, not negated ("no refund" does not offer one); "" when none.

    With `typos`, a phrase typed one letter off on a phone ("curier") counts too, after
    every phrase written right has been looked for.
    """
    sources = list(phrases)
    for loose in (False, True) if typos else (False,):
        for source in sources:
            places = answer.find(phrase(source), typos=loose)
            if any(not _negated(answer, index, negations) for index in places):
                return source
    return ""


def exception_spans(answer: Answer, sources: Iterable[str]) -> list[range]:
    """The tokens each phrase covers, and the one after: a claim word found there is part
    of an exception ("do our best")."""
    spans = []
    for source in sources:
        compiled = phrase(source)
        length = len(compiled.parts) or 1
        if compiled.han:
            length = max(1, len(compiled.han[0]) // 2)
        spans += [range(index, index + length + 1) for index in answer.find(compiled)]
    return spans


def unknown_pattern_groups(lexicon: LexiconFile) -> list[tuple[tuple, str]]:
    """(key path, message) for each @group a claim's pattern names that the lexicon lacks."""
    found = []
    known = ", ".join(sorted(lexicon.groups)) or "none"
    for claim_index, claim in enumerate(lexicon.claims):
        for locale, patterns in (claim.patterns or {}).items():
            for pattern_index, parts in enumerate(patterns):
                for part_index, part in enumerate(parts):
                    if part.startswith(GROUP_MARK) and part[1:] not in lexicon.groups:
                        path = ("claims", claim_index, "patterns", locale, pattern_index)
                        found.append(
                            (
                                (*path, part_index),
                                f"no group '{part[1:]}' in lexicon.yaml (groups: {known})",
                            )
                        )
    return found


def unknown_groups(module, lexicon: LexiconFile) -> list[tuple[tuple, str]]:
    """(key path, message) for each @group a module's task rules name that the lexicon lacks."""
    from sellerbot.content.model import TaskStep

    found = []
    for step_index, step in enumerate(module.steps):
        if not isinstance(step, TaskStep):
            continue
        for rule_index, rule in enumerate(step.rules):
            setting = getattr(rule, rule.check)
            if rule.check not in ("mentions_any", "mentions_all", "avoids"):
                continue
            by_locale = {locale: setting.for_locale(locale) for locale in setting.locales}
            shared = setting.for_locale("") if not setting.locales else None
            entries = [(locale, words) for locale, words in by_locale.items()]
            if shared is not None:
                entries.append((None, shared))
            for locale, words in entries:
                for position, word in enumerate(words or ()):
                    if word.startswith(GROUP_MARK) and word[1:] not in lexicon.groups:
                        path = ("steps", step_index, "rules", rule_index, rule.check)
                        path += (locale, position) if locale else (position,)
                        known = ", ".join(sorted(lexicon.groups)) or "none"
                        found.append(
                            (path, f"no group '{word[1:]}' in lexicon.yaml (groups: {known})")
                        )
    return found
