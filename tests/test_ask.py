"""`sellerbot ask`: what the bot would do with each question, for editors testing phrasings."""

from __future__ import annotations

import io
import json

import pytest

from sellerbot.app import build_matcher
from sellerbot.cli import main
from sellerbot.content.loader import load_course
from sellerbot.paths import bundled_content


@pytest.fixture(scope="module")
def packaging():
    course = load_course(bundled_content()).course
    return next(entry for entry in course.faq if entry.id == "listing.packaging")


def ask(capsys, *arguments: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["ask", *arguments])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_json_lines_carry_the_documented_keys(capsys, packaging):
    question = packaging.questions["zh_Hans"][0]
    code, output = ask(capsys, "--locale", "zh_Hans", "--json", question)
    assert code == 0
    (line,) = output.splitlines()
    answer = json.loads(line)
    assert set(answer) == {
        "question", "locale", "action", "id", "score", "suggestions", "related"
    }  # fmt: skip
    assert answer["question"] == question and answer["locale"] == "zh_Hans"
    assert answer["action"] == "answer" and answer["id"] == "listing.packaging"
    assert 0 < answer["score"] <= 1
    # An answer comes with its related-entry buttons, not with "Did you mean" ones.
    assert answer["related"] == list(packaging.related[:3]) and answer["suggestions"] == []


def _first_in_zone(zone: str, candidates: list[str]) -> str:
    matcher = build_matcher(load_course(bundled_content()).course)
    for question in candidates:
        if matcher.match(question, "en").zone == zone:
            return question
    raise AssertionError(f"none of {candidates} is in zone {zone!r} now; add a candidate")


def test_json_tells_suggestions_apart_from_related_entries(capsys):
    question = _first_in_zone("suggest", ["box", "shipping", "camera", "price", "photo", "sell"])
    code, output = ask(capsys, "--json", question)
    answer = json.loads(output)
    assert code == 0 and answer["action"] == "suggest" and answer["id"] is None
    assert 1 <= len(answer["suggestions"]) <= 3 and answer["related"] == []


def test_json_says_unknown_when_the_bot_would_not_answer(capsys):
    code, output = ask(capsys, "--json", "what is the capital of France")
    answer = json.loads(output)
    assert code == 0 and answer["action"] == "unknown"
    assert (answer["id"], answer["suggestions"], answer["related"]) == (None, [], [])


def test_questions_from_standard_input_one_per_line(capsys, monkeypatch, packaging):
    questions = [packaging.questions["en"][0], "qwzx plover", ""]
    code, output = ask(capsys, "--json", "-", stdin="\n".join(questions), monkeypatch=monkeypatch)
    lines = [json.loads(line) for line in output.splitlines()]
    assert code == 0 and len(lines) == 2  # the blank line is no question
    assert lines[0]["id"] == "listing.packaging"
    assert lines[1]["id"] is None and lines[1]["locale"] == "en"


def test_plain_output_says_what_the_bot_would_do(capsys, packaging):
    code, output = ask(capsys, packaging.questions["en"][0])
    assert code == 0 and "answers with listing.packaging" in output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [(("--locale", "fr", "hello"), "unknown locale fr"), ((), "give a question")],
)
def test_bad_calls_exit_2_with_a_reason(capsys, arguments, message):
    code, output = ask(capsys, *arguments)
    assert code == 2 and message in output
