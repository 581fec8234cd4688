"""`sellerbot validate --stats`: what there is to read per module and locale, what is missing."""

from __future__ import annotations

import shutil

import yaml

from sellerbot.cli import main
from sellerbot.content.loader import load_course
from sellerbot.content.stats import module_stats, word_count
from tests.conftest import TEST_COURSE


def test_words_are_counted_per_han_character_and_per_latin_word():
    assert word_count("Good light sells produce.") == 4
    assert word_count("光线好，农产品才好卖。") == 9
    assert word_count("直播 light 太暗") == 5


def test_stats_per_module_and_locale(course):
    rows = module_stats(course.module("photos"), course.locales)
    english, chinese = rows
    assert (english.module_id, english.locale, english.steps) == ("photos", "en", 3)
    assert english.longest_message == len("Send a photo of your produce.")
    assert chinese.words == word_count("照片为什么重要发一张产品照片。照片真好。照片课完照片")
    assert english.missing_translations == chinese.missing_translations == 0


def test_stats_show_missing_translations_while_the_course_has_errors(tmp_path, capsys):
    content = tmp_path / "course"
    shutil.copytree(TEST_COURSE, content)
    path = content / "modules" / "photos.yaml"
    module = yaml.safe_load(path.read_text(encoding="utf-8"))
    del module["steps"][0]["text"]["zh_Hans"]
    del module["steps"][2]["text"]["zh_Hans"]
    path.write_text(yaml.safe_dump(module, allow_unicode=True), encoding="utf-8")
    assert load_course(content).course is None
    assert main(["validate", "--stats", str(content)]) == 1
    output = capsys.readouterr().out
    assert "missing translation for zh_Hans" in output
    table = {tuple(line.split()[:2]): line.split() for line in output.splitlines()[2:] if line}
    header = next(line for line in output.splitlines() if line.startswith("module"))
    missing = header.split().index("missing")
    assert table[("photos", "zh_Hans")][missing] == "2"
    assert table[("photos", "en")][missing] == "0"
    assert table[("basics", "zh_Hans")][missing] == "0"


def test_minutes_count_reading_at_a_slow_pace_plus_thinking_and_typing(course):
    from sellerbot.content import stats

    module = course.module("photos")
    english, chinese = module_stats(module, course.locales)
    # photos: a message, a photo task with its success line, and a closing message.
    assert [step.type for step in module.steps] == ["message", "task", "message"]
    read_en = word_count(
        "Why photos matter Send a photo of your produce. Lovely photo. Photos done"
    )
    assert abs(english.minutes - (read_en / 130 + stats.MINUTES_PER_TASK)) < 1e-9
    assert chinese.minutes > stats.MINUTES_PER_TASK
    assert stats.reading_pace("zh_Hans") == 180
