"""The rows a turn writes: the learner's own row and the rows its events add."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sellerbot.engine.state import Event, LearnerState
from sellerbot.store.schema import (
    EventRecord,
    FinalCheckResult,
    ModuleCompletion,
    Question,
    QuizAnswer,
    TaskSubmission,
)


def learner_row(state: LearnerState, now: datetime) -> dict[str, Any]:
    """The learner's row as a turn leaves it."""
    position = state.position
    return {
        "user_id": state.user_id,
        "created_at": now,
        "locale": state.locale,
        "reading_locale": state.reading_locale,
        "source": state.source,
        "module_id": position.module_id if position else None,
        "step_id": position.step_id if position else None,
        "step_index": position.step_index if position else None,
        "mode": state.mode,
        "attempts": state.attempts,
        "active": True,
        "last_seen_at": now,
        "progress": {
            "steps": sorted(list(pair) for pair in state.completed_steps),
            "modules": sorted(state.completed_modules),
            "reviews": len(state.reviews),
            "review_offered_on": state.review_offered_on,
            "final_right": sorted(state.final_right),
            "certificate": state.certificate,
        },
        "steps_done": len(state.completed_steps),
    }


def event_rows(
    learner_id: int, events: tuple[Event, ...], now: datetime
) -> dict[type, list[dict[str, Any]]]:
    """The rows a turn's events add, table by table."""
    rows: dict[type, list[dict]] = {}

    def add(table: type, **values) -> None:
        rows.setdefault(table, []).append({"learner_id": learner_id, **values})

    for event in events:
        data = event.data
        if event.name == "certificate_issued":
            # The holder's name is kept in one place only, which deletion clears.
            kept = {key: value for key, value in data.items() if key != "holder"}
            add(EventRecord, name=event.name, data=kept, created_at=now)
        else:
            add(EventRecord, name=event.name, data=data, created_at=now)
        if event.name == "final_check_scored":
            add(
                FinalCheckResult,
                module_id=data["module"],
                right=data["right"],
                total=data["total"],
                score=data["score"],
                passed=data["passed"],
                finished_at=now,
            )
        elif event.name == "module_completed":
            add(ModuleCompletion, module_id=data["module"], completed_at=now)
        elif event.name == "quiz_answered":
            add(
                QuizAnswer,
                module_id=data["module"],
                step_id=data["step"],
                option_id=data["option"],
                correct=data["correct"],
                attempt=data["attempt"],
                answered_at=now,
            )
        elif event.name in ("task_submitted", "task_skipped"):
            skipped = event.name == "task_skipped"
            add(
                TaskSubmission,
                module_id=data["module"],
                step_id=data["step"],
                kind="skip" if skipped else data["kind"],
                answer=None if skipped else data["answer"],
                passed=not skipped and data["passed"],
                failed_rule=data.get("failed_rule"),
                submitted_at=now,
            )
        elif event.name == "question_asked":
            add(
                Question,
                text=data["text"],
                locale=data["locale"],
                outcome=data["outcome"],
                entry_id=data.get("entry"),
                score=data["score"],
                asked_at=now,
            )
    return rows
