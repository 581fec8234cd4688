"""Whether a text typed at a task asks the bot something instead of answering the task.

Farmers ask what they wonder about wherever they are: "do I need a licence?" typed at the
store-name task is no store name, and should be answered, not praised. Only a text that
is one question and nothing else counts; a question inside an answer ("Sorry! Can you send
a photo? I will send a new box") or one put to buyers (大家好…能看清吗？) is part of it.
"""

from __future__ import annotations

import re

from sellerbot.practice.words import HAN

_MAX_CHARACTERS = {"en": 120, "zh": 40}
_EN_OPENERS = {
    "how", "what", "what's", "whats", "which", "where", "when", "why", "who", "should",
    "shall", "do", "does", "did", "can", "could", "is", "are", "will", "would", "may",
    "must", "any", "anyone",
}  # fmt: skip
_EN_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_ZH_SENTENCE_END = re.compile(r"[。！!；;？?]")
_ZH_QUESTION_END = re.compile(r"(?:[？?]|[吗呢么嘛][啊呀哈]?)$")
_ZH_QUESTION_WORDS = re.compile(
    r"吗|呢|么|怎么|怎样|咋|什么|啥|为什么|为啥|哪|能不能|可不可以|要不要|是不是|还是|多少|"
    r"需不需要|用不用|行不行|好不好|有没有|会不会|几"
)
# Words said to buyers, never to the bot: a greeting opens a livestream, an apology a reply.
_TO_BUYERS = re.compile(
    r"^(?:大家好|欢迎|家人们|各位|老铁|亲|朋友们|宝宝们|哈喽|你好|您好|嗨)"
    r"|对不起|抱歉|不好意思|\bsorry\b|\bapolog",
    re.IGNORECASE,
)
_TRAILING = " \t\n~～…!！.。"


def asks_the_bot(text: str) -> bool:
    """Whether the whole text is one question to the bot."""
    text = text.strip()
    if not text or _TO_BUYERS.search(text):
        return False
    if re.search(f"[{HAN}]", text):
        return _chinese_question(text.rstrip(_TRAILING))
    return _english_question(text.rstrip(" \t\n~"))


def _english_question(text: str) -> bool:
    if len(text) > _MAX_CHARACTERS["en"] or not text.endswith("?"):
        return False
    if _EN_SENTENCE_END.search(text.rstrip("?")):
        return False  # more than one sentence: the question is part of an answer
    words = re.findall(r"[a-z']+", text.lower())
    return bool(words) and words[0] in _EN_OPENERS


def _chinese_question(text: str) -> bool:
    if len(text) > _MAX_CHARACTERS["zh"] or not _ZH_QUESTION_END.search(text):
        return False
    if _ZH_SENTENCE_END.search(text.rstrip("？?")):
        return False
    return bool(_ZH_QUESTION_WORDS.search(text))
