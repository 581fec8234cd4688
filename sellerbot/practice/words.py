"""Words of an answer, and whether a phrase occurs in it as words rather than as letters.

Chinese runs are cut into words by rjieba (jieba's dictionary, compiled in); English words
are compared by their Snowball stem, so "ships" and "shipping" both match "ship". A phrase
is one of:
- Chinese, such as 补发: it must start and end where the answer's words do, so 有机 is not
  found in 有机会; `*对不起` may start inside a word (真对不起), `箱*` may end inside one.
- words, such as "send again": the same stems in a row; `apolog*` is any word starting so,
  `*iest` any word ending so, and a lone `*` stands for up to three words in between
  ("send * new").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(
    rf"(?P<han>[{HAN}]+)|(?P<num>\d+(?:\.\d+)?)|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<sym>[%¥$€+#])"
)
_GAP_WORDS = 3  # how many words a lone * may stand for
# A phrase of several words is said within one sentence: "my wechat shop. price 120" says
# no "shop price"; "No.1" is one word.
_FULL_STOP = re.compile(r"[!?。！？;；]|\.\s")


def normalize(text: str) -> str:
    """Full-width forms folded (１２ → 12, ％ → %), case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


@cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@cache
def stem(word: str) -> str:
    return _stemmer().stemWord(word.replace("’", "'"))


def _cut(run: str) -> list[str]:
    import rjieba

    return rjieba.cut(run)


@dataclass(frozen=True)
class Token:
    text: str  # as written, normalized
    key: str  # what is compared: the stem of an English word, else the text
    start: int
    end: int
    kind: str  # han, num, word or sym
    opens_sentence: bool = False  # a full stop (. ! ? 。) between it and the word before


def tokenize(text: str) -> list[Token]:
    """The words of a normalized text, with their places in it."""
    tokens: list[Token] = []
    for found in _TOKEN.finditer(text):
        kind = found.lastgroup or "sym"
        opens = bool(tokens) and bool(_FULL_STOP.search(text[tokens[-1].end : found.start()]))
        if kind == "han":
            position = found.start()
            for word in _cut(found.group()):
                end = position + len(word)
                tokens.append(Token(word, word, position, end, "han", opens))
                position, opens = end, False
        else:
            word = found.group()
            key = stem(word) if kind == "word" else word
            tokens.append(Token(word, key, found.start(), found.end(), kind, opens))
    return tokens


class Answer:
    """A learner's answer, read once and asked about many phrases."""

    def __init__(self, text: str):
        self.raw = text
        self.text = normalize(text)
        self.tokens = tokenize(self.text)

    @cached_property
    def _starts(self) -> dict[int, int]:
        return {token.start: index for index, token in enumerate(self.tokens)}

    @cached_property
    def _ends(self) -> set[int]:
        return {token.end for token in self.tokens}

    @cached_property
    def spans_found(self) -> dict[tuple[str, bool], list[tuple[int, int]]]:
        """Where each claim phrase was found, kept while the answer is judged: the claims'
        patterns look for the same groups' phrases again and again."""
        return {}

    @cached_property
    def keys(self) -> frozenset[str]:
        """Every word's key (an English word's stem)."""
        return frozenset(token.key for token in self.tokens)

    @cached_property
    def _places_of_key(self) -> dict[str, list[int]]:
        """Where each word occurs: a phrase is looked for only where its first word is."""
        places: dict[str, list[int]] = {}
        for index, token in enumerate(self.tokens):
            places.setdefault(token.key, []).append(index)
        return places

    def token_at(self, offset: int) -> int:
        """Index of the token that holds the character at `offset`."""
        for index, token in enumerate(self.tokens):
            if token.start <= offset < token.end:
                return index
        return len(self.tokens)

    def han_spans(self, phrase: Phrase) -> list[tuple[int, int]]:
        """(first character, character after the last) of each place a Chinese phrase
        occurs, its ends on word boundaries unless the phrase leaves them loose."""
        assert phrase.han is not None, "only a Chinese phrase is found by its characters"
        core, loose_start, loose_end = phrase.han
        places = []
        offset = self.text.find(core)
        while offset >= 0:
            end = offset + len(core)
            if (loose_start or offset in self._starts) and (loose_end or end in self._ends):
                places.append((offset, end))
            offset = self.text.find(core, offset + 1)
        return places

    def han_continuations(self, phrase: Phrase, offsets: Iterable[int]) -> list[tuple[int, int]]:
        """Places where a Chinese phrase starts right at one of `offsets` inside a word, as
        the illness in 治咳嗽 continues the cure; its end keeps to a word boundary."""
        assert phrase.han is not None, "only a Chinese phrase is found by its characters"
        core, _, loose_end = phrase.han
        return [
            (offset, offset + len(core))
            for offset in offsets
            if offset not in self._starts
            and self.text.startswith(core, offset)
            and (loose_end or offset + len(core) in self._ends)
        ]

    def find(self, phrase: Phrase, typos: bool = False) -> list[int]:
        """Indexes of the first token of each place where the phrase occurs; with `typos`,
        an English word of six letters or more may be one letter off ("curier")."""
        if phrase.han is not None:
            return [self.token_at(start) for start, _ in self.han_spans(phrase)]
        candidates: Iterable[int] = range(len(self.tokens))
        if phrase.parts and phrase.parts[0][0] == "exact" and not typos:
            candidates = self._places_of_key.get(phrase.parts[0][1], ())
        return [
            index for index in candidates if _match_here(self.tokens, index, phrase.parts, typos)
        ]


_TYPO_MIN_LETTERS = 6  # "night" is no typo of "light": short words are too close to others


def one_letter_off(written: str, meant: str) -> bool:
    """One letter added, dropped, changed or swapped with the next: curier, delivary."""
    if abs(len(written) - len(meant)) > 1 or written == meant:
        return False
    previous = list(range(len(meant) + 1))
    before_previous: list[int] = []
    for i, letter in enumerate(written, 1):
        current = [i]
        for j, wanted in enumerate(meant, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != wanted))
            if i > 1 and j > 1 and letter == meant[j - 2] and written[i - 2] == wanted:
                cost = min(cost, before_previous[j - 2] + 1)
            current.append(cost)
        before_previous, previous = previous, current
    return previous[-1] <= 1


def _near(token: Token, how: str, value: str) -> bool:
    if token.kind != "word" or len(value) < _TYPO_MIN_LETTERS:
        return False
    if how == "prefix":
        starts = (token.text[: len(value) + shift] for shift in (-1, 0, 1))
        return any(one_letter_off(start, value) for start in starts)
    return one_letter_off(token.key, value) or one_letter_off(token.text, value)


def _match_here(
    tokens: list[Token], index: int, parts: tuple[tuple[str, str], ...], typos: bool = False
) -> bool:
    if not parts:
        return True
    (how, value), rest = parts[0], parts[1:]
    if how == "gap":
        return (
            any(
                _match_here(tokens, index + skip, rest, typos)
                for skip in range(_GAP_WORDS + 1)
                if not _crosses_a_sentence(tokens, index, index + skip)
            )
            if index <= len(tokens)
            else False
        )
    if index >= len(tokens):
        return False
    token = tokens[index]
    if how == "prefix":
        matched = token.text.startswith(value)
    elif how == "suffix":
        matched = token.kind == "word" and token.text.endswith(value) and token.text != value
    else:
        matched = token.key == value
    if not matched and typos and how in ("prefix", "exact"):
        matched = _near(token, how, value)
    if rest and _crosses_a_sentence(tokens, index, index + 1):
        return False
    return matched and _match_here(tokens, index + 1, rest, typos)


def _crosses_a_sentence(tokens: list[Token], first: int, last: int) -> bool:
    """Whether a full stop stands before any token after `first` up to `last`."""
    return any(
        tokens[place].opens_sentence for place in range(first + 1, min(last, len(tokens) - 1) + 1)
    )


@dataclass(frozen=True)
class Phrase:
    """A phrase an editor wrote, ready to be looked for."""

    source: str
    han: tuple[str, bool, bool] | None  # (text, may start inside a word, may end inside one)
    parts: tuple[tuple[str, str], ...]  # (exact|prefix|suffix|gap, value) for word phrases


@cache
def phrase(source: str) -> Phrase:
    text = normalize(source).strip()
    core = text.strip("*")
    if core and re.fullmatch(rf"[{HAN}]+", core):
        return Phrase(source, (core, text.startswith("*"), text.endswith("*")), ())
    parts: list[tuple[str, str]] = []
    for piece in text.split():
        if piece == "*":
            parts.append(("gap", ""))
        elif piece.endswith("*") and len(piece) > 1:
            parts.append(("prefix", piece[:-1]))
        elif piece.startswith("*") and len(piece) > 1:
            parts.append(("suffix", piece[1:]))
        else:
            parts.extend(("exact", token.key) for token in tokenize(piece))
    return Phrase(source, None, tuple(parts))
