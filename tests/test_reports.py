"""Statistics and CSV exports on a fresh database per test (SQLite, and PostgreSQL if set)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from sellerbot.cli import main
from sellerbot.engine.state import Event, LearnerState
from sellerbot.reports import barchart
from sellerbot.reports.chart import funnel_chart, questions_chart, quiz_chart
from sellerbot.reports.export import export_progress, export_questions
from sellerbot.reports.stats import collect, format_report
from sellerbot.store.learners import LearnerStore

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self):
        self.now = NOW

    def __call__(self):
        return self.now


def viewed(step: str, module: str = "basics") -> Event:
    return Event("step_viewed", {"module": module, "step": step})


def answered(correct: bool, attempt: int) -> Event:
    data = {"module": "basics", "step": "light", "option": "window" if correct else "shed"}
    return Event("quiz_answered", {**data, "correct": correct, "attempt": attempt})


def asked(text: str, outcome: str) -> Event:
    return Event("question_asked", {"text": text, "locale": "en", "outcome": outcome, "score": 0.1})


@pytest.fixture
async def seeded(database):
    clock = Clock()
    store = LearnerStore(database, clock=clock)
    # A farmer from a training session who finished the basics in two hours.
    clock.now = NOW - timedelta(days=2, hours=2)
    farmer = LearnerState(user_id=1, source="county-3", is_new=False)
    await store.save(farmer, (viewed("intro"), answered(True, 1), asked("Why?", "unanswered")))
    clock.now = NOW - timedelta(days=2)
    farmer = replace(farmer, completed_steps=frozenset({("basics", "intro")}))
    done = Event("step_completed", {"module": "basics", "step": "intro"})
    await store.save(farmer, (done, Event("module_completed", {"module": "basics"})))
    # One who chose Chinese forty days ago, got the quiz wrong first, and has not been back.
    clock.now = NOW - timedelta(days=40)
    chinese = LearnerState(user_id=2, locale="zh_Hans", is_new=False)
    await store.save(
        chinese,
        (
            viewed("intro"),
            answered(False, 1),
            answered(True, 2),
            asked("why? ", "unanswered"),
            asked("price", "answered"),
        ),
    )
    return database


async def test_statistics_cover_learners_funnel_quizzes_and_questions(seeded, course):
    stats = await collect(seeded, course, NOW)
    assert (stats.learners, stats.new_7_days, stats.new_30_days) == (2, 1, 1)
    assert (stats.active_7_days, stats.active_30_days) == (1, 1)
    assert stats.by_locale == {"en": 1, "zh_Hans": 1}
    assert stats.by_source == {"county-3": 1, "-": 1}
    basics, photos = stats.funnel
    assert (basics.module_id, basics.started, basics.completed) == ("basics", 2, 1)
    assert basics.median_hours_to_complete == pytest.approx(2.0)
    assert (photos.started, photos.completed, photos.median_hours_to_complete) == (0, 0, None)
    (quiz,) = stats.quizzes
    assert (quiz.first_tries, quiz.first_try_correct, quiz.rate) == (2, 1, 0.5)
    assert stats.questions == {"answered": 1, "suggested": 0, "unanswered": 2}
    assert stats.top_unanswered == [("why?", 2)]
    report = format_report(stats, course)
    assert "basics: 2 → 1 (50%), 2.0 h" in report
    assert "basics/light: 50% of 2" in report


async def test_progress_export_has_a_row_per_learner_and_module(seeded, course):
    out = io.StringIO()
    assert await export_progress(seeded, course, out) == 4
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    first = next(row for row in rows if row["user_id"] == "1" and row["module_id"] == "basics")
    assert (
        first["completed"] == "yes" and first["steps_done"] == "1" and first["steps_total"] == "4"
    )
    assert first["completed_at"].startswith("2026-06-28T12:00:00") and first["source"] == "county-3"
    second = next(row for row in rows if row["user_id"] == "2" and row["module_id"] == "photos")
    assert (second["locale"], second["completed"], second["steps_done"]) == ("zh_Hans", "no", "0")


async def test_questions_export_counts_the_same_wording_together(seeded):
    out = io.StringIO()
    assert await export_questions(seeded, out) == 1
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["question", "locale", "times", "last_asked"]
    assert rows[1][:3] == ["why?", "en", "2"]


async def test_funnel_chart_is_a_picture(seeded, course):
    stats = await collect(seeded, course, NOW)
    picture = barchart.png(funnel_chart(stats, course, "en", NOW.date()))
    assert picture.startswith(b"\x89PNG\r\n\x1a\n") and len(picture) > 1000


async def test_funnel_chart_names_modules_by_title_with_legend_date_and_total(seeded, course):
    stats = await collect(seeded, course, NOW)
    chart = funnel_chart(stats, course, "en", NOW.date())
    first = course.modules[0]
    assert chart.rows[0].label == first.title["en"]
    assert chart.legend == ("started", "completed")
    assert NOW.date().isoformat() in chart.subtitle
    assert f"{stats.learners} learners" in chart.subtitle


async def test_funnel_chart_in_chinese_uses_the_titles_when_a_font_can_draw_them(
    seeded, course, monkeypatch
):
    from sellerbot.reports import fonts

    stats = await collect(seeded, course, NOW)
    first = course.modules[0]
    monkeypatch.setattr(fonts, "cjk_font_path", lambda: None)
    assert funnel_chart(stats, course, "zh_Hans", NOW.date()).rows[0].label == first.id
    monkeypatch.setattr(fonts, "cjk_font_path", lambda: "/some/cjk.ttc")
    chinese = funnel_chart(stats, course, "zh_Hans", NOW.date()).rows[0].label
    assert chinese == first.title.get_for("zh_Hans", course.default_locale)


async def test_quiz_chart_shows_each_quiz_by_its_question_with_its_first_try_share(seeded, course):
    stats = await collect(seeded, course, NOW)
    chart = quiz_chart(stats, course, "en", NOW.date())
    (light,) = [quiz for quiz in stats.quizzes if quiz.step_id == "light"]
    row = chart.rows[stats.quizzes.index(light)]
    basics = course.module("basics")
    question = basics.steps[basics.index_of("light")].question["en"]
    assert row.label == question
    # Two first tries, one right: half the bar, and the note says of how many.
    assert (light.first_tries, light.first_try_correct) == (2, 1)
    assert row.values == (50.0,) and chart.scale == 100
    assert row.note == "50% of 2"
    assert chart.legend == ("right at the first try",)


async def test_questions_are_counted_per_week_by_outcome_with_empty_weeks_shown(seeded):
    from datetime import date

    from sellerbot.reports.weekly import questions_by_week

    weeks = await questions_by_week(seeded, NOW)
    assert len(weeks) == 8
    assert weeks[-1].starts == date(2026, 6, 29)  # NOW is a Tuesday
    assert all(week.starts.weekday() == 0 for week in weeks)
    by_week = {week.starts: (week.answered, week.suggested, week.unanswered) for week in weeks}
    assert by_week[date(2026, 6, 22)] == (0, 0, 1)  # "Why?" on Sunday the 28th
    assert by_week[date(2026, 5, 18)] == (1, 0, 1)  # forty days before NOW
    assert sum(week.total for week in weeks) == 3
    assert by_week[date(2026, 6, 29)] == (0, 0, 0)
    four = await questions_by_week(seeded, NOW, weeks=4)
    assert sum(week.total for week in four) == 1  # the older ones fall outside


async def test_questions_chart_stacks_the_outcomes_of_each_week(seeded):
    from sellerbot.reports.weekly import questions_by_week

    weeks = await questions_by_week(seeded, NOW)
    chart = questions_chart(weeks, "en", NOW.date())
    assert chart.stacked
    assert chart.legend == ("answered", "suggested", "no answer")
    assert [row.label for row in chart.rows] == [week.starts.isoformat() for week in weeks]
    assert chart.rows[1].values == (1, 0, 1) and chart.rows[1].note == "2"  # week of 18 May
    assert "3 questions in 8 weeks" in chart.subtitle
    assert barchart.png(chart).startswith(b"\x89PNG")


async def test_charts_speak_the_admins_language_when_a_font_can_draw_it(
    seeded, course, monkeypatch
):
    from sellerbot.i18n import Translations
    from sellerbot.paths import bundled_locales
    from sellerbot.reports import fonts

    translations = Translations.load(bundled_locales())
    stats = await collect(seeded, course, NOW)
    monkeypatch.setattr(fonts, "cjk_font_path", lambda: "/some/cjk.ttc")
    chart = quiz_chart(stats, course, "zh_Hans", NOW.date(), translations)
    assert chart.title == "小测验：第一次就答对"
    assert chart.rows[0].note.endswith("共 2 人") and "50%" in chart.rows[0].note
    monkeypatch.setattr(fonts, "cjk_font_path", lambda: None)
    chart = quiz_chart(stats, course, "zh_Hans", NOW.date(), translations)
    assert chart.title == "Quizzes: right at the first try"  # no boxes where glyphs are missing


def make_database(path) -> None:
    """A database as the bot leaves it: migrated, no learners yet."""
    import asyncio

    from sellerbot.store.database import create_engine, migrate

    async def make() -> None:
        engine = create_engine(f"sqlite:///{path}")
        await migrate(engine)
        await engine.dispose()

    asyncio.run(make())


def test_stats_and_export_commands(tmp_path, capsys):
    database = tmp_path / "bot.db"
    make_database(database)
    assert main(["stats", "--db", str(database), "--chart", str(tmp_path / "f.png")]) == 0
    assert "Learners: 0" in capsys.readouterr().out
    assert (tmp_path / "f.png").read_bytes().startswith(b"\x89PNG")
    charts = tmp_path / "charts"
    assert main(["stats", "--db", str(database), "--charts", str(charts)]) == 2  # no folder
    charts.mkdir()
    assert main(["stats", "--db", str(database), "--charts", str(charts)]) == 0
    for name in ("funnel", "quizzes", "questions"):
        assert (charts / f"{name}.png").read_bytes().startswith(b"\x89PNG")
    assert main(["export", str(tmp_path / "questions.csv"), "--db", str(database)]) == 0
    assert (tmp_path / "questions.csv").read_text("utf-8-sig").startswith("question,locale,times")
    assert main(["export", str(tmp_path / "other.csv"), "--db", str(database)]) == 2


# What a spreadsheet would run as a formula, per OWASP's list of leading characters.
FORMULAS = [
    '=HYPERLINK("http://evil.example/x","y")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


async def test_exports_neutralise_cells_a_spreadsheet_would_run(database, course):
    store = LearnerStore(database, clock=Clock())
    questions = tuple(asked(text, "unanswered") for text in FORMULAS)
    await store.save(LearnerState(user_id=3, source="=1+1", is_new=False), questions)
    out = io.StringIO()
    await export_questions(database, out)
    cells = {row[0] for row in csv.reader(io.StringIO(out.getvalue(), newline=""))}
    assert cells == {"question"} | {"'" + text.lower() for text in FORMULAS}
    out = io.StringIO()
    await export_progress(database, course, out)
    sources = {row["source"] for row in csv.DictReader(io.StringIO(out.getvalue(), newline=""))}
    assert sources == {"'=1+1"}


def test_exported_files_are_utf8_with_a_byte_order_mark(tmp_path):
    """Excel on a Chinese Windows reads a CSV without a BOM in the local code page."""
    import asyncio

    from sellerbot.store.database import create_engine, migrate

    database = tmp_path / "bot.db"

    async def seed() -> None:
        engine = create_engine(str(database))
        await migrate(engine)
        await LearnerStore(engine, clock=Clock()).save(
            LearnerState(user_id=4, is_new=False),
            (asked("怎么给西红柿定价？", "unanswered"), asked("=1+1", "unanswered")),
        )
        await engine.dispose()

    asyncio.run(seed())
    path = tmp_path / "questions.csv"
    assert main(["export", str(path), "--db", str(database)]) == 0
    assert path.read_bytes().startswith(b"\xef\xbb\xbfquestion,")
    with path.open(encoding="utf-8-sig", newline="") as exported:
        rows = list(csv.reader(exported))
    assert rows[0] == ["question", "locale", "times", "last_asked"]
    assert sorted(row[0] for row in rows[1:]) == ["'=1+1", "怎么给西红柿定价？"]


def test_stats_refuses_a_missing_database_file_and_does_not_create_it(tmp_path, capsys):
    from sellerbot.cli import main as sellerbot

    typo = tmp_path / "typo.db"
    assert sellerbot(["stats", "--db", str(typo)]) == 2
    assert capsys.readouterr().err == f"--db: {typo} does not exist (is the name right?)\n"
    assert not typo.exists()


@pytest.mark.parametrize("command", [["stats"], ["export", "progress.csv"]])
def test_reports_neither_migrate_nor_write_the_database(command, tmp_path, monkeypatch, capsys):
    import hashlib
    import sqlite3

    from sellerbot.cli import main as sellerbot

    old = tmp_path / "old.db"
    with sqlite3.connect(old) as connection:  # a database at an older schema revision
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        connection.execute("INSERT INTO alembic_version VALUES ('0001')")
    before = hashlib.sha256(old.read_bytes()).hexdigest()
    monkeypatch.chdir(tmp_path)
    assert sellerbot([*command, "--db", str(old)]) == 2
    err = capsys.readouterr().err
    assert "has schema 0001" in err and "upgrade it first" in err and err.count("\n") == 1
    assert hashlib.sha256(old.read_bytes()).hexdigest() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["old.db"]


async def test_stats_on_an_empty_postgresql_database_refuses_and_creates_no_table(
    database_url, monkeypatch, capsys
):
    import asyncio

    from sqlalchemy import inspect

    from sellerbot.cli import main as sellerbot
    from sellerbot.store.database import create_engine

    if database_url.startswith("sqlite"):
        pytest.skip("the SQLite case is the missing file above")
    monkeypatch.setenv("SELLERBOT_DATABASE_URL", database_url)
    assert await asyncio.to_thread(sellerbot, ["stats"]) == 2
    assert "is not a sellerbot database" in capsys.readouterr().err
    engine = create_engine(database_url)
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    await engine.dispose()
    assert tables == []


def test_the_qr_picture_has_the_link_written_under_the_code(tmp_path, capsys):
    import segno
    from PIL import Image

    from sellerbot.cli import main as sellerbot

    png = tmp_path / "county-3.png"
    assert (
        sellerbot(["link", "--username", "farm_bot", "--source", "county-3", "--png", str(png)])
        == 0
    )
    assert capsys.readouterr().out == "https://t.me/farm_bot?start=county-3\n"
    picture = Image.open(png).convert("L")
    bare = segno.make("https://t.me/farm_bot?start=county-3", error="m").symbol_size(scale=10)
    # Below the code and its quiet zone there is a band, and the link is written in it.
    band = picture.crop((0, bare[1], picture.width, picture.height))
    assert picture.height > bare[1]
    assert band.getextrema()[0] < 100  # the darkest pixel
