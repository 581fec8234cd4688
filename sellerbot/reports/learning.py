"""Statistics of what learners kept: reviews, final-check results and certificates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from sellerbot.store.schema import Certificate, EventRecord, FinalCheckResult, ReviewItemRecord

LEARNED_BOX = 3  # see sellerbot.engine.review


@dataclass
class LearningStats:
    reviews_due: int = 0  # questions waiting for review now
    reviews_waiting: int = 0  # scheduled, due now or later
    reviews_learned: int = 0  # answered right twice in review
    reviews_done: int = 0  # review answers given
    reviews_right: int = 0
    final_attempts: int = 0
    final_passed: int = 0
    final_mean_score: float | None = None
    final_learners_passed: int = 0
    certificates_issued: int = 0
    certificates_revoked: int = 0


async def collect_learning(connection: AsyncConnection, now: datetime) -> LearningStats:
    stats = LearningStats()
    items = (await connection.execute(select(ReviewItemRecord.box, ReviewItemRecord.due_at))).all()
    stats.reviews_due = sum(due is not None and due <= now for _, due in items)
    stats.reviews_waiting = sum(due is not None for _, due in items)
    stats.reviews_learned = sum(box >= LEARNED_BOX for box, _ in items)
    answers = await connection.scalars(
        select(EventRecord.data).where(EventRecord.name == "review_answered")
    )
    verdicts = [bool(data.get("correct")) for data in answers]
    stats.reviews_done, stats.reviews_right = len(verdicts), sum(verdicts)

    results = (
        await connection.execute(
            select(FinalCheckResult.learner_id, FinalCheckResult.score, FinalCheckResult.passed)
        )
    ).all()
    stats.final_attempts = len(results)
    stats.final_passed = sum(passed for _, _, passed in results)
    if results:
        stats.final_mean_score = sum(score for _, score, _ in results) / len(results)
    stats.final_learners_passed = len({learner for learner, _, passed in results if passed})

    certificates = (await connection.execute(select(Certificate.revoked_at))).all()
    stats.certificates_issued = len(certificates)
    stats.certificates_revoked = sum(revoked is not None for (revoked,) in certificates)
    return stats


def _percent(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def format_learning(stats: LearningStats) -> list[str]:
    mean = f"{stats.final_mean_score:.0%}" if stats.final_mean_score is not None else "-"
    return [
        f"Review: {stats.reviews_due} due now, {stats.reviews_waiting} scheduled, "
        f"{stats.reviews_learned} learned",
        f"  answered in review: {stats.reviews_done}, right "
        f"{_percent(stats.reviews_right, stats.reviews_done)}",
        f"Final check: {stats.final_attempts} attempts, passed "
        f"{_percent(stats.final_passed, stats.final_attempts)}, mean score {mean}, "
        f"{stats.final_learners_passed} learners passed",
        f"Certificates: {stats.certificates_issued} issued"
        + (f" ({stats.certificates_revoked} revoked)" if stats.certificates_revoked else ""),
    ]
