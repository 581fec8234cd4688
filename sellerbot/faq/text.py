"""Turn a farmer's free-text question into weighted features for FAQ matching."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable

from sellerbot.faq.concepts import ENGLISH_CONCEPTS, chinese_concepts

# Han ideographs (incl. extension A and compatibility) form one script run;
# Latin letters and digits form words; everything else (punctuation, emoji) separates.
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[^\W\d_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|\d+")
_HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Words that say nothing about which FAQ is meant; dropping them keeps an off-topic
# "how do I ..." from matching every on-topic "how do I ...".
ENGLISH_STOPWORDS = frozenset(
    [
        "a",
        "about",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "do",
        "does",
        "doing",
        "did",
        "for",
        "from",
        "get",
        "got",
        "give",
        "had",
        "has",
        "have",
        "he",
        "her",
        "here",
        "him",
        "his",
        "how",
        "i",
        "if",
        "im",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "let",
        "me",
        "more",
        "most",
        "much",
        "my",
        "need",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "out",
        "over",
        "please",
        "re",
        "s",
        "she",
        "should",
        "so",
        "some",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "too",
        "u",
        "up",
        "us",
        "very",
        "want",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "ya",
        "you",
        "your",
        "yours",
        "ur",
        "pls",
        "plz",
        "hi",
        "hello",
        "hey",
        "thanks",
        "thank",
        "ok",
        "okay",
        "one",
        "way",
        "really",
        "still",
        "also",
        "ever",
        "best",
        "good",
    ]
)

# Chinese function words and fillers, removed before n-grams are taken.
_CHINESE_STOPWORDS = sorted(
    [
        "怎么样",
        "怎么办",
        "怎么弄",
        "怎么搞",
        "咋整",
        "咋弄",
        "咋搞",
        "咋办",
        "咋",
        "啥",
        "要不要",
        "好不好",
        "怎么",
        "怎样",
        "如何",
        "什么",
        "为什么",
        "是不是",
        "有没有",
        "能不能",
        "可不可以",
        "可以",
        "应该",
        "需要",
        "请问",
        "一下",
        "一些",
        "我们",
        "你们",
        "他们",
        "我的",
        "自己",
        "这个",
        "那个",
        "哪个",
        "哪些",
        "这样",
        "那样",
        "还是",
        "就是",
        "的话",
        "的",
        "了",
        "吗",
        "呢",
        "啊",
        "吧",
        "呀",
        "哦",
        "嘛",
        "我",
        "你",
        "是",
    ],
    key=len,
    reverse=True,
)
_CHINESE_STOP_PATTERN = re.compile("|".join(map(re.escape, _CHINESE_STOPWORDS)))

# Everyday spellings farmers use for the same thing; mapped to one form so that
# "pics" finds "photos". Kept small: character n-grams already absorb typos.
_ENGLISH_SYNONYMS = {
    "pic": "photo",
    "pics": "photo",
    "pix": "photo",
    "picture": "photo",
    "pictures": "photo",
    "foto": "photo",
    "fotos": "photo",
    "image": "photo",
    "images": "photo",
    "livestream": "live",
    "livestreaming": "live",
    "stream": "live",
    "streaming": "live",
    "streams": "live",
    "broadcast": "live",
    "cost": "price",
    "costs": "price",
    "priced": "price",
    "pricing": "price",
    "prices": "price",
    "shipping": "ship",
    "shipped": "ship",
    "deliver": "delivery",
    "delivered": "delivery",
    "deliveries": "delivery",
    "parcel": "package",
    "parcels": "package",
    "packaging": "pack",
    "packing": "pack",
    "packed": "pack",
    "customer": "buyer",
    "customers": "buyer",
    "buyers": "buyer",
    "client": "buyer",
    "clients": "buyer",
    "wifi": "internet",
    "signal": "internet",
    "vid": "video",
    "vids": "video",
    "cam": "camera",
    "mobile": "phone",
    "cellphone": "phone",
    "refunds": "refund",
    "money-back": "refund",
    "reviews": "review",
    "rating": "review",
    "ratings": "review",
    "veg": "vegetable",
    "veggie": "vegetable",
    "veggies": "vegetable",
    "vegetables": "vegetable",
    "shop": "store",
    "shops": "store",
    "stores": "store",
}

# Feature families and their weights: whole words carry the meaning, bigrams reward
# word order, character n-grams catch typos and Chinese without spaces.
WORD_WEIGHT = 1.0
WORD_BIGRAM_WEIGHT = 0.25
WORD_CHARGRAM_WEIGHT = 0.2
HAN_UNIGRAM_WEIGHT = 0.6
HAN_BIGRAM_WEIGHT = 1.0
HAN_TRIGRAM_WEIGHT = 0.3
# A shared concept ("pics" ~ "photo", "退钱" ~ "退款", "直播" ~ "live") links two texts
# even when they share no word or language.
CONCEPT_WEIGHT = 0.8


def normalise(text: str) -> str:
    """Full-width to half-width, compatibility forms folded, case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def _stem(word: str) -> str:
    """A deliberately light stemmer: plural, -ing/-ed and a final e ("bruised" ~ "bruise")."""
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    elif len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def latin_words(text: str) -> list[str]:
    """Every Latin-script word and number of an already normalised text."""
    return _LATIN_WORD.findall(text)


def known_english_words() -> set[str]:
    """Words the matcher knows without any content: synonyms and concept words."""
    return set(_ENGLISH_SYNONYMS) | set(ENGLISH_CONCEPTS)


Corrector = Callable[[str], "str | None"]


def english_terms(text: str, correct: Corrector | None = None) -> list[tuple[str, str | None]]:
    """Content words of the Latin-script part of a normalised text, with their concepts.

    `correct` may replace a misspelt word with a known one before it is stemmed.
    """
    terms = []
    for word in latin_words(text):
        if word in ENGLISH_STOPWORDS or (len(word) == 1 and not word.isdigit()):
            continue
        word = (correct(word) if correct else None) or word
        synonym = _ENGLISH_SYNONYMS.get(word, word)
        term = _stem(synonym)
        concept = (
            ENGLISH_CONCEPTS.get(word)
            or ENGLISH_CONCEPTS.get(synonym)
            or ENGLISH_CONCEPTS.get(term)
        )
        terms.append((term, concept))
    return terms


def han_runs(text: str) -> list[str]:
    """Runs of Chinese characters with function words cut out (each cut splits a run)."""
    runs: list[str] = []
    for run in _HAN_RUN.findall(text):
        runs.extend(part for part in _CHINESE_STOP_PATTERN.split(run) if part)
    return runs


def han_share(text: str) -> float:
    """How much of the letters in a text are Chinese characters (0..1)."""
    han = len(_HAN_CHAR.findall(text))
    latin = sum(len(word) for word in _LATIN_WORD.findall(text) if not word.isdigit())
    total = han + latin
    return han / total if total else 0.0


def features(text: str, correct: Corrector | None = None) -> dict[str, float]:
    """Weighted feature counts of one text, before IDF weighting."""
    normalised = normalise(text)
    counts: defaultdict[str, float] = defaultdict(float)
    terms_and_concepts = english_terms(normalised, correct)
    terms = [term for term, _ in terms_and_concepts]
    concepts = [concept for _, concept in terms_and_concepts if concept]
    concepts.extend(chinese_concepts(normalised))
    for concept in concepts:
        counts["k:" + concept] += CONCEPT_WEIGHT
    for term in terms:
        counts["w:" + term] += WORD_WEIGHT
        padded = f"<{term}>"
        grams = [padded[i : i + n] for n in (3, 4) for i in range(len(padded) - n + 1)]
        for gram in grams:
            # Spread a word's typo signal over its grams so long words do not dominate.
            counts["c:" + gram] += WORD_CHARGRAM_WEIGHT * 4 / max(len(grams), 4)
    for first, second in itertools.pairwise(terms):
        counts[f"b:{first} {second}"] += WORD_BIGRAM_WEIGHT
    for run in han_runs(normalised):
        for char in run:
            counts["h1:" + char] += HAN_UNIGRAM_WEIGHT
        for i in range(len(run) - 1):
            counts["h2:" + run[i : i + 2]] += HAN_BIGRAM_WEIGHT
        for i in range(len(run) - 2):
            counts["h3:" + run[i : i + 3]] += HAN_TRIGRAM_WEIGHT
    return dict(counts)
