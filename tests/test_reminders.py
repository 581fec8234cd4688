"""Reminders: who is due, never twice, never at night, never to learners who blocked the bot."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from sellerbot.engine.engine import Engine
from sellerbot.engine.state import Event, LearnerState, Position
from sellerbot.rendering import Renderer
from sellerbot.store.learners import LearnerStore
from sellerbot.store.reminders import ReminderPolicy, Reminders

NOW = datetime(2026, 5, 10, 4, 0, tzinfo=UTC)  # noon in Shanghai
POLICY = ReminderPolicy(days_away=3, most_per_learner=2)


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def learner(
    database,
    user_id: int,
    days_ago: float,
    *,
    module: str | None = "basics",
    completed: bool = False,
) -> LearnerStore:
    store = LearnerStore(database, clock=Clock(NOW - timedelta(days=days_ago)))
    position = Position(module, "intro", 0) if module else None
    events = (Event("module_completed", {"module": module}),) if completed else ()
    await store.save(LearnerState(user_id=user_id, position=position, is_new=False), events)
    return store


async def test_only_learners_away_with_an_unfinished_module_are_due(database):
    await learner(database, 1, days_ago=4)
    await learner(database, 2, days_ago=1)  # away too briefly
    await learner(database, 3, days_ago=9, module=None)  # never started a module
    await learner(database, 4, days_ago=9, completed=True)  # finished where they stopped
    blocked = await learner(database, 5, days_ago=9)
    await blocked.mark_inactive(5)
    assert await Reminders(database).due(NOW, POLICY) == [1]


async def test_one_reminder_per_absence_and_a_limit_in_all(database):
    reminders = Reminders(database)
    store = await learner(database, 1, days_ago=4)
    await reminders.record(1, NOW)
    assert await reminders.due(NOW + timedelta(days=5), POLICY) == []  # not again while away
    store.clock.now = NOW + timedelta(days=6)  # they came back...
    await store.save(LearnerState(user_id=1, position=Position("basics", "intro", 0), is_new=False))
    later = NOW + timedelta(days=10)  # ...and went away again
    assert await reminders.due(later, POLICY) == [1]
    await reminders.record(1, later)
    store.clock.now = later + timedelta(days=1)
    await store.save(LearnerState(user_id=1, position=Position("basics", "intro", 0), is_new=False))
    assert await reminders.due(later + timedelta(days=9), POLICY) == []  # two is the most


@pytest.mark.parametrize(
    ("utc_hour", "quiet"), [(4, False), (12, False), (13, True), (20, True), (23, True), (0, False)]
)
def test_no_reminders_at_night_in_the_learners_time_zone(utc_hour, quiet):
    # 21:00-08:00 in Shanghai is 13:00-24:00 UTC.
    assert POLICY.is_quiet(NOW.replace(hour=utc_hour)) is quiet


def test_quiet_hours_can_be_switched_off():
    always = ReminderPolicy(quiet_from=time(0), quiet_until=time(0))
    assert not any(always.is_quiet(NOW.replace(hour=hour)) for hour in range(24))


def test_the_nudge_names_the_module_and_offers_continue(course, translations):
    engine = Engine(course)
    state = LearnerState(
        user_id=1, reading_locale="zh_Hans", is_new=False, position=Position("basics", "light", 1)
    )
    outcome = engine.nudge(state)
    (reply,) = (Renderer(translations).render(outcome.replies[0], outcome.locale),)
    assert reply.text.startswith("好久不见！“基础”你学到一半了。")
    assert [[button.label for button in row] for row in reply.buttons] == [["▶️ 继续学习"]]
    assert outcome.state == state
