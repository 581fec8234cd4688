"""Build a small, valid content folder that tests can break one edit at a time."""

from __future__ import annotations

from pathlib import Path

from sellerbot.content.loader import LoadResult, load_course
from sellerbot.content.yamlfile import Problem

COURSE_YAML = """\
title:
  en: Selling online
  zh_Hans: 网上卖货
default_locale: en
locales:
  - en
  - zh_Hans
modules:
  - basics
"""

BASICS_YAML = """\
id: basics
title:
  en: The basics
  zh_Hans: 基础
summary:
  en: First steps in selling online.
  zh_Hans: 网上卖货的第一步。
steps:
  - id: welcome
    type: message
    text:
      en: Welcome to the course.
      zh_Hans: 欢迎来到课程。
  - id: best-light
    type: quiz
    question:
      en: Where is the best light for a photo?
      zh_Hans: 在哪里拍照光线最好？
    options:
      - id: window
        text:
          en: Next to a window
          zh_Hans: 靠近窗户
        correct: true
        feedback:
          en: Yes, soft daylight shows true colours.
          zh_Hans: 对，柔和的自然光最能显出真实颜色。
      - id: shed
        text:
          en: In a dark shed
          zh_Hans: 昏暗的棚子里
  - id: light-photo
    type: message
    image: media/light.png
    text:
      en: A photo taken next to a window.
      zh_Hans: 靠窗拍的照片。
  - id: write-title
    type: task
    prompt:
      en: Write a title for your oranges.
      zh_Hans: 给你的橙子写一个标题。
    accept: text
    rules:
      - min_length:
          en: 20
          zh_Hans: 8
        feedback:
          en: A bit longer, please.
          zh_Hans: 再长一点。
      - has_number: true
        feedback:
          en: Add the weight, such as 5 kg.
          zh_Hans: 加上重量，比如5斤。
    success:
      en: Great title!
      zh_Hans: 标题很棒！
"""

LISTING_FAQ_YAML = """\
entries:
  - id: listing.packaging
    topic: listing
    questions:
      en:
        - How do I pack fruit so it does not bruise?
        - best packaging for eggs
        - what box should I use
        - my peaches arrive squashed
      zh_Hans:
        - 水果怎么包装才不会压坏？
        - 鸡蛋怎么打包
        - 用什么箱子好
        - 桃子寄到都压烂了
    answer:
      en: Use a firm box and soft padding between layers.
      zh_Hans: 用结实的箱子，每层之间垫上软的东西。
    related: [listing.photos]
    lesson: basics/best-light
  - id: listing.photos
    topic: listing
    questions:
      en:
        - How do I take good photos?
        - my pictures look dark
        - best light for photos
        - photo tips for fruit
      zh_Hans:
        - 怎么拍好照片？
        - 照片太暗了
        - 什么光线拍照最好
        - 水果拍照技巧
    answer:
      en: Shoot next to a window in daylight.
      zh_Hans: 白天靠窗拍。
"""

VALID_TREE = {
    "course.yaml": COURSE_YAML,
    "modules/basics.yaml": BASICS_YAML,
    "faq/listing.yaml": LISTING_FAQ_YAML,
}

# The loader only checks that a media file exists, so a PNG signature is enough.
PNG_BYTES = b"\x89PNG\r\n\x1a\n"


class ContentTree:
    """A content folder on disk plus edits and line look-ups phrased the way tests think."""

    def __init__(self, root: Path):
        self.root = root
        for relative, text in VALID_TREE.items():
            self.write(relative, text)
        self.write_bytes("media/light.png", PNG_BYTES)

    def path(self, relative: str) -> Path:
        return self.root / relative

    def write(self, relative: str, text: str) -> Path:
        return self.write_bytes(relative, text.encode("utf-8"))

    def write_bytes(self, relative: str, data: bytes) -> Path:
        target = self.path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return target

    def read(self, relative: str) -> str:
        return self.path(relative).read_text(encoding="utf-8")

    def replace(self, relative: str, old: str, new: str) -> None:
        """Replace the one occurrence of `old`; failing loudly keeps a stale edit from passing."""
        text = self.read(relative)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
        self.write(relative, text.replace(old, new))

    def insert_after(self, relative: str, anchor: str, new_lines: str) -> None:
        """Insert `new_lines` right after the one line that ends with `anchor`."""
        self.replace(relative, anchor + "\n", anchor + "\n" + new_lines.rstrip("\n") + "\n")

    def line_of(self, relative: str, needle: str, occurrence: int = 1) -> int:
        """1-based number of the line holding the `occurrence`-th match of `needle`."""
        return self.position_of(relative, needle, occurrence)[0]

    def position_of(self, relative: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
        """1-based line and column where the `occurrence`-th match of `needle` starts."""
        text = self.read(relative)
        start = -1
        for _ in range(occurrence):
            start = text.find(needle, start + 1)
            assert start >= 0, f"{needle!r} (match {occurrence}) not in {relative}"
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        return line, column

    def load(self) -> LoadResult:
        return load_course(self.root)


def describe(problems: list[Problem]) -> str:
    """All problems, one per line, for assertion messages."""
    return "\n".join(str(problem) for problem in problems) or "(no problems)"
