"""`sellerbot stats` on reviews, final-check results and certificates."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sellerbot.engine.state import Event, LearnerState, ReviewItem
from sellerbot.reports.stats import collect, format_report
from sellerbot.store.learners import LearnerStore

NOW = datetime(2026, 12, 2, 9, tzinfo=UTC)


def scheduled(step: str, box: int, due: datetime | None) -> Event:
    data = {"module": "basics", "step": step, "box": box, "reviewed_at": None}
    return Event("review_scheduled", {**data, "due_at": due.isoformat() if due else None})


def reviewed(step: str, correct: bool) -> Event:
    data = {"module": "basics", "step": step, "option": "x", "box": 1}
    return Event("review_answered", {**data, "correct": correct})


def scored(right: int, total: int) -> Event:
    data = {"module": "final-check", "right": right, "total": total}
    return Event("final_check_scored", {**data, "score": right / total, "passed": right >= 3})


async def test_stats_count_reviews_final_checks_and_certificates(database, course):
    store = LearnerStore(database, clock=lambda: NOW - timedelta(days=1))
    items = (ReviewItem("basics", "a", 1, NOW), ReviewItem("basics", "b", 2, NOW))
    one = LearnerState(user_id=1, is_new=False, reviews=items)
    await store.save(
        one,
        (
            scheduled("a", 1, NOW - timedelta(hours=1)),  # due now
            scheduled("b", 2, NOW + timedelta(days=3)),  # due later
            scheduled("c", 3, None),  # learned
            reviewed("a", True),
            reviewed("a", False),
            reviewed("b", True),
            scored(1, 4),
            scored(4, 4),
        ),
    )
    two = LearnerState(user_id=2, is_new=False, certificate="SB-2345-6789")
    certificate = {"code": "SB-2345-6789", "holder": "Li", "course": "C", "locale": "en"}
    await store.save(
        two,
        (scored(3, 4), Event("certificate_issued", {**certificate, "issued_at": NOW.isoformat()})),
    )
    await store.save(replace(two, certificate=None), (Event("learner_deleted"),))

    stats = (await collect(database, course, NOW)).learning
    assert (stats.reviews_due, stats.reviews_waiting, stats.reviews_learned) == (1, 2, 1)
    assert (stats.reviews_done, stats.reviews_right) == (3, 2)
    # The deleted learner's result went with them; their certificate stays, revoked.
    assert (stats.final_attempts, stats.final_passed, stats.final_learners_passed) == (2, 1, 1)
    assert stats.final_mean_score == 0.625
    assert (stats.certificates_issued, stats.certificates_revoked) == (1, 1)
    report = format_report(await collect(database, course, NOW), course)
    assert "Review: 1 due now, 2 scheduled, 1 learned" in report
    assert "answered in review: 3, right 67%" in report
    assert "Final check: 2 attempts, passed 50%, mean score 62%, 1 learners passed" in report
    assert "Certificates: 1 issued (1 revoked)" in report
