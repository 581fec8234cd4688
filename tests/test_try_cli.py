"""`sellerbot try`: what the bot says to task answers, one JSON object per answer."""

from __future__ import annotations

import io
import json

from sellerbot.cli import main


def run(capsys, monkeypatch, *argv: str, stdin: str = "") -> tuple[int, list[str], str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_json_gives_one_object_per_answer_with_the_verdict_and_feedback(capsys, monkeypatch):
    code, lines, _ = run(
        capsys,
        monkeypatch,
        "try",
        "price-pack-ship.compute-price",
        "--json",
        "honey 40, jar 3, courier 8, total 51, I ask 45",
        "oranges 30, box 4, shipping 10, total 44, price 58",
    )
    assert code == 0
    below, covers = (json.loads(line) for line in lines)
    assert below["task"] == "price-pack-ship.compute-price" and below["locale"] == "en"
    assert below["accepted"] is False and below["failed"] == ["prices_cover_costs"]
    assert "lose 6" in below["feedback"]
    assert covers["accepted"] is True and covers["failed"] == []
    assert "14 to spare" in covers["feedback"]


def test_answers_come_one_per_line_from_stdin_in_the_chosen_locale(capsys, monkeypatch):
    code, lines, _ = run(
        capsys,
        monkeypatch,
        "try",
        "campaigns.write-campaign",
        "--locale",
        "zh_Hans",
        "--json",
        "-",
        stdin="原价199，现价39，只剩最后3箱，手慢无！\n\n哈哈哈\n",
    )
    assert code == 0
    records = [json.loads(line) for line in lines]
    assert [record["failed"] for record in records] == [["claim:fake-price"], ["effort:laughter"]]
    assert "原价" in records[0]["feedback"]


def test_a_photo_is_tried_like_an_answer(capsys, monkeypatch, tmp_path):
    photo = tmp_path / "oranges.png"
    photo.write_bytes(b"not looked at yet")
    code, lines, _ = run(
        capsys, monkeypatch, "try", "list-produce.photo-practice", "--photo", str(photo), "--json"
    )
    assert code == 0
    assert json.loads(lines[0])["photo"] == str(photo)


def test_an_unknown_task_lists_the_tasks(capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, "try", "open-store.nope", "x")
    assert code == 2
    assert "no task 'open-store.nope'" in err and "open-store.write-profile" in err
