"""Review items, final-check results and certificates in the database, on each backend."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from sellerbot.engine import actions
from sellerbot.engine.engine import Engine
from sellerbot.engine.inputs import Command, Press, Start, Text
from sellerbot.engine.state import Event
from sellerbot.store.certificates import find_certificate, verify
from sellerbot.store.learners import LearnerStore
from sellerbot.store.schema import Certificate, EventRecord, FinalCheckResult, ReviewItemRecord
from tests.test_review import FINAL_CHECK, MONDAY, Codes
from tests.test_review import course as course

USER = 10**12 + 7


class Clock:
    def __init__(self):
        self.now = MONDAY

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(database, clock):
    return LearnerStore(database, clock=clock)


@pytest.fixture
def engine(course):
    return Engine(course, new_certificate_code=Codes())


async def turn(store, engine, received, name="Farmer"):
    return await store.apply(USER, lambda state: engine.handle(state, received, name=name))


def option(engine, outcome, step_id: str, option_id: str) -> Press:
    """The press that answers the final check's `step_id` with `option_id`."""
    module = engine.course.module("final-check")
    step = module.steps[module.index_of(step_id)]
    number = next(i for i, each in enumerate(step.options) if each.id == option_id)
    return Press(actions.make(actions.ANSWER, actions.ref(module.id, step.id), str(number)))


async def take_final_check(store, engine, answers: dict[str, str]):
    module = engine.course.module("final-check")
    outcome = await turn(
        store, engine, Press(actions.make(actions.OPEN_MODULE, actions.ref(module.id)))
    )
    for step in module.steps:
        step_ref = actions.ref(module.id, step.id)
        if step.id in answers:
            await turn(store, engine, option(engine, outcome, step.id, answers[step.id]))
        outcome = await turn(store, engine, Press(actions.make(actions.NEXT, step_ref)))
    return outcome


async def count(store, table) -> int:
    async with store.engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(table))


async def test_review_items_are_stored_loaded_and_rescheduled(store, engine, clock):
    await turn(store, engine, Start())
    await take_final_check(
        store, engine, {"q1": "wrong", "q2": "right", "q3": "right", "q4": "right"}
    )
    state = await store.load(USER)
    assert [(item.step_id, item.box) for item in state.reviews] == [("q1", 1)]
    assert state.reviews[0].due_at == datetime(2026, 3, 3, tzinfo=UTC)
    assert state.final_right == frozenset() and "final-check" in state.completed_modules
    async with store.engine.connect() as connection:
        result = (await connection.execute(select(FinalCheckResult))).one()
    assert (result.right, result.total, result.score, result.passed) == (3, 4, 0.75, True)

    clock.now += timedelta(days=1)
    outcome = await turn(store, engine, Start())
    assert any("Review" in str(part) for reply in outcome.replies for part in reply.parts)
    module = engine.course.module("final-check")
    step = module.steps[module.index_of("q1")]
    right = next(i for i, each in enumerate(step.options) if each.correct)
    await turn(
        store,
        engine,
        Press(actions.make(actions.REVIEW_ANSWER, actions.ref(module.id, "q1"), str(right), "1")),
    )
    item = (await store.load(USER)).reviews[0]
    assert (item.box, item.last_reviewed_at) == (2, clock.now)
    assert item.due_at == datetime(2026, 3, 6, tzinfo=UTC)
    assert await count(store, ReviewItemRecord) == 1  # updated, not added


async def test_a_certificate_is_stored_verified_and_revoked_on_deletion(store, engine, clock):
    await turn(store, engine, Start())
    state = await store.load(USER)
    everything = frozenset(module.id for module in engine.course.modules[:-1])
    await store.save(replace(state, completed_modules=everything))
    answers = {"q1": "wrong", "q2": "right", "q3": "right", "q4": "right"}
    outcome = await take_final_check(store, engine, answers)
    assert await count(store, ReviewItemRecord) == 1
    await turn(store, engine, Text("李 伟"))
    code = (await store.load(USER)).certificate
    assert code == "SB-TEST-AAA2"
    record = await find_certificate(store.engine, code)
    assert (record.name, record.course, record.locale) == ("李 伟", "Test course", "en")
    assert await verify(store.engine, " sb test aaa2 ") == await verify(store.engine, code)
    genuine = await verify(store.engine, code.lower())
    assert (genuine.status, genuine.name, genuine.issued_on) == (
        "genuine",
        "李 伟",
        date(2026, 3, 2),
    )
    async with store.engine.connect() as connection:
        kept = await connection.scalars(
            select(EventRecord.data).where(EventRecord.name == "certificate_issued")
        )
        assert all("holder" not in data for data in kept)  # the name is kept in one place

    clock.now += timedelta(days=1)
    await turn(store, engine, Command("deleteme"))
    await turn(store, engine, Press(actions.make(actions.DELETE_YES)))
    revoked = await verify(store.engine, code)
    assert (revoked.status, revoked.name) == ("revoked", None)
    async with store.engine.connect() as connection:
        row = (await connection.execute(select(Certificate))).one()
    assert (row.name, row.user_id, row.learner_id, row.revoked_at) == (None, None, None, clock.now)
    assert await count(store, ReviewItemRecord) == 0
    assert await count(store, FinalCheckResult) == 0
    assert outcome is not None


async def test_a_code_that_matches_nothing_is_unknown(database):
    assert (await verify(database, "SB-2345-6789")).status == "unknown"
    garbled = await verify(database, "not a code\x00" * 5)
    assert garbled.status == "unknown" and "\x00" not in garbled.code


def test_the_final_check_fixture_is_there():
    assert FINAL_CHECK.is_file()


async def test_a_verify_deep_link_becomes_a_verification_other_starts_do_not(database):
    from types import SimpleNamespace

    from sellerbot.drivers.telegram.certificates import read_verify_link
    from sellerbot.engine.inputs import Verify

    app = SimpleNamespace(database=database)
    found = await read_verify_link(app, Start("verify-SB-2345-6789"))
    assert found == Verify("SB-2345-6789", "unknown")
    assert await read_verify_link(app, Start("campaign-7")) == Start("campaign-7")
    assert await read_verify_link(app, Text("verify-SB-2345-6789")) == Text("verify-SB-2345-6789")


async def test_the_certificate_picture_is_drawn_from_the_stored_certificate(
    store, engine, database, translations
):
    from types import SimpleNamespace

    from sellerbot.drivers.telegram.certificates import CertificatePictures

    state = (await turn(store, engine, Start())).state
    certificate = {"code": "SB-2345-6789", "holder": "Li Wei", "course": "Test course"}
    issued = {"locale": "en", "issued_at": MONDAY.isoformat()}
    await store.save(
        replace(state, certificate="SB-2345-6789"),
        (Event("certificate_issued", {**certificate, **issued}),),
    )
    app = SimpleNamespace(database=database, course=engine.course, translations=translations)
    pictures = CertificatePictures(app)
    assert (await pictures("SB-2345-6789")).startswith(b"\x89PNG")
    assert await pictures("SB-AAAA-AAAA") is None
    await store.save(state, (Event("learner_deleted"),))
    assert await pictures("SB-2345-6789") is None  # revoked: no name left to draw
