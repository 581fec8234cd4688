"""Whether an answer is a real try, and in the learner's language.

Laughter, filler (ok, 好的, test), emoji, a key held down (jjjj, 呜呜呜) or one word said
again and again are not answers: they get a nudge, never praise. Chinese is told from
English by its script, which is all a two-language course needs; a Latin brand name inside
a Chinese answer is fine.
"""

from __future__ import annotations

import re

from sellerbot.practice.words import HAN, Answer

LAUGHTER = re.compile(r"^(?:[哈呵嘿嘻嘎]+|(?:ha|he|hi|ho|lo|la|ja)+l?|lol+|xd+|233+|6{2,})$")
FILLER = {
    "ok",
    "okay",
    "k",
    "yes",
    "no",
    "yeah",
    "yep",
    "test",
    "testing",
    "hi",
    "hello",
    "hmm",
    "idk",
    "dunno",
    "nothing",
    "asdf",
    "abc",
    "xxx",
    "a",
    "the",
    "thanks",
    "fine",
    "good",
    "好",
    "好的",
    "好吧",
    "你好",
    "您好",
    "冲",
    "的",
    "嗯",
    "嗯嗯",
    "哦",
    "噢",
    "行",
    "可以",
    "测试",
    "不知道",
    "随便",
    "没有",
    "是",
    "是的",
    "对",
    "谢谢",
    "收到",
    "知道",
    "了",
    "啊",
    "呀",
    "吧",
    "嘛",
    "呢",
}
NOT_JUNK, LAUGHTER_ONLY, NO_WORDS, FILLER_ONLY, REPEATED, ASKS_FOR_HELP = (
    "",
    "laughter",
    "no-words",
    "filler",
    "repeated",
    "asks-for-help",
)
# "Can you give me one?", 你帮我想一个: the learner asks for the answer instead of trying
# (我不懂, not 你懂不懂 or 你不懂, which talk down to a buyer).
# Only in a short answer without a figure: a long one that says "tell me your order number",
# or "apples 5000 kg, pls help me sell", is a real try.
HELP_REQUEST = re.compile(
    r"\b(?:can|could|would) you (?:just )?(?:give|write|make|think|help|suggest|tell|do|pick)\b"
    r"|\bhelp me\b|\bgive me (?:one|a name|an example|some ideas?|ideas?)\b"
    r"|\byou (?:write|do|choose|pick|decide|tell)(?: me)? (?:it|one|for me)\b"
    r"|\bi (?:don'?t|do not) know (?:what|how)\b|\bno idea\b"
    # 帮我 asked, not 孙子帮我举着手机 told: nothing before it but an ask or a pause.
    r"|(?:^|(?<=[你您们请求能以烦快帮谁师\s,.!?，。！？、]))(?:帮我|替我)|你来写|你写吧|给我想|给我起|不会(?:写|起|算|弄|做|搞|想)|(?<![你您懂])不懂|教教我"
    r"|不知道(?:怎么|写什么|叫什么|起什么|咋)"
    r"|咋写|怎么写啊|你说呢|你定吧|没想好"
)
HELP_REQUEST_MAX_CHARACTERS = 60
# asdf, qwerty, jkl: a run along one row of the keyboard, typed to get past the task.
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def junk_kind(answer: Answer) -> str:
    """Why the answer is not a real try, or "" when it is one."""
    words = [token for token in answer.tokens if token.kind != "sym"]
    if not words:
        return NO_WORDS
    if all(LAUGHTER.match(token.text) for token in words):
        return LAUGHTER_ONLY
    if all(token.text in FILLER or LAUGHTER.match(token.text) for token in words):
        return FILLER_ONLY
    if answer.text.strip(" .,!?。，！？~") in FILLER:  # 不知道, cut into 不|知道
        return FILLER_ONLY
    if all(token.kind == "num" for token in words):
        return FILLER_ONLY  # "1", "58": a number alone answers no task here
    if all(_keyboard_run(token.text) for token in words):
        return FILLER_ONLY  # asdf, "asdfgh jkl"
    distinct = {token.text for token in words}
    if len(words) >= 3 and len(distinct) == 1:
        return REPEATED
    joined = "".join(token.text for token in words)  # 呜呜|呜呜 is one key held too
    if _one_key_held(joined) or all(_one_key_held(token.text) for token in words):
        return REPEATED  # jjjjjj, 啊啊啊啊, "jjjjj kkk"
    text = answer.raw.strip().lower()
    has_figure = any(token.kind == "num" for token in words)
    if len(text) <= HELP_REQUEST_MAX_CHARACTERS and not has_figure and HELP_REQUEST.search(text):
        return ASKS_FOR_HELP
    return NOT_JUNK


def _one_key_held(word: str) -> bool:
    return len(word) >= 3 and len(set(word)) == 1 and not word.isdigit()


def _keyboard_run(word: str) -> bool:
    return len(word) >= 3 and any(word in row or word in row[::-1] for row in KEYBOARD_ROWS)


def written_language(text: str) -> str:
    """ "zh" when Chinese characters dominate, "en" when Latin letters do, "" when unclear."""
    han = len(re.findall(f"[{HAN}]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    if han == 0 and latin >= 3:
        return "en"
    if han * 3 >= latin and han > 0:  # one Han character says about as much as three letters
        return "zh"
    return "en" if latin else ""


def in_learner_language(text: str, locale: str) -> bool:
    """False only when the answer is clearly in the other language of the course."""
    written = written_language(text)
    wanted = "zh" if locale.startswith("zh") else "en"
    return written in ("", wanted)
