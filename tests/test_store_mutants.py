"""Forgetting a learner (/deleteme), row by row: their finished inbox updates go and no one
else's, and a broadcast copy still waiting for them is settled with its reason and time."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import insert, select

from sellerbot.engine.state import Event, LearnerState
from sellerbot.store.inbox import Inbox
from sellerbot.store.learners import LearnerStore
from sellerbot.store.schema import Broadcast, BroadcastDelivery, InboxUpdate

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
GONE, KEPT = 7_700_000_001, 7_700_000_002


def _payload(update_id: int, user_id: int) -> str:
    return json.dumps({"update_id": update_id, "message": {"from": {"id": user_id}}})


async def test_forgetting_deletes_the_learners_finished_updates_and_no_one_elses(database):
    store = LearnerStore(database, lambda: NOW)
    inbox = Inbox(database, "host:1:a", lambda: NOW)
    await inbox.add([(n, _payload(n, user), user) for n, user in ((1, GONE), (2, KEPT))])
    await inbox.add([(3, _payload(3, GONE), GONE), (4, _payload(4, KEPT), KEPT)])
    await inbox.add([(5, _payload(5, GONE), GONE)])  # this very turn's update
    await inbox.claim(10)
    await inbox.done(1)
    await inbox.done(2)
    await inbox.claim(10)
    await inbox.quarantine(3, "TypeError")
    await inbox.quarantine(4, "TypeError")
    await store.save(LearnerState(user_id=GONE), (Event("learner_deleted"),))
    async with database.connect() as connection:
        left = (await connection.execute(select(InboxUpdate.update_id))).scalars().all()
    assert sorted(left) == [2, 4, 5]  # the turn's own goes once its reply is out


async def test_a_broadcast_copy_waiting_for_a_forgotten_learner_is_settled_now(database):
    store = LearnerStore(database, lambda: NOW)
    for user_id in (GONE, KEPT):
        await store.save(LearnerState(user_id=user_id, is_new=False), ())
    earlier = datetime(2026, 2, 1, tzinfo=UTC)
    async with database.begin() as connection:
        await connection.execute(
            insert(Broadcast).values(
                id=1,
                kind="text",
                text="soon",
                status="sending",
                segment={},
                created_at=earlier,
                rate=30.0,
            )
        )
        await connection.execute(
            insert(BroadcastDelivery).values(broadcast_id=1, state="pending", updated_at=earlier),
            [{"user_id": GONE}, {"user_id": KEPT}],
        )
    await store.save(LearnerState(user_id=GONE), (Event("learner_deleted"),))
    async with database.connect() as connection:
        rows = (await connection.execute(select(BroadcastDelivery.__table__))).mappings().all()
    settled = [row for row in rows if row["user_id"] is None]
    waiting = [row for row in rows if row["user_id"] == KEPT]
    assert [(row["state"], row["error"]) for row in settled] == [("failed", "no longer a learner")]
    stamp = settled[0]["updated_at"]
    assert (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)) == NOW
    assert [(row["state"], row["error"]) for row in waiting] == [("pending", None)]
