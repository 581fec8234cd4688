"""Review: quiz questions missed at the first try come back a day later, then a few days later.

A simple Leitner step: a first-try miss puts the question in box 1, due a day later; a
right review moves it to box 2, due REVIEW_DAYS[2] days later; a second right review retires
it. A wrong review puts it back in box 1. At most REVIEWS_PER_DAY questions a day, so a
review stays quick.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, tzinfo

from sellerbot.content.model import Module, QuizStep
from sellerbot.engine import actions
from sellerbot.engine import messages as m
from sellerbot.engine.lessons import Lessons
from sellerbot.engine.replies import Button, Part, msg
from sellerbot.engine.shuffle import option_order
from sellerbot.engine.state import MODE_MENU, LearnerState, ReviewItem
from sellerbot.engine.turn import Turn, button

REVIEW_DAYS = {1: 1, 2: 3}  # box: days until it is due again
LEARNED = 3  # the box of a question answered right twice in review
REVIEWS_PER_DAY = 3


def turn_time(state: LearnerState) -> datetime:
    """The time of the turn as the store gave it; callers without a store give none, and
    for them the wall clock is the best there is."""
    return state.now or datetime.now(UTC)


def due_after(now: datetime, box: int, zone: tzinfo = UTC) -> datetime:
    """The start of the day, in `zone`, the item is due: "a day later" is the next day the
    learner opens the bot, even at an earlier hour than the miss."""
    day = now.astimezone(zone).date() + timedelta(days=REVIEW_DAYS[box])
    return datetime(day.year, day.month, day.day, tzinfo=zone)


class Review(Lessons):
    """Schedules missed questions and asks them again when they are due."""

    def _day(self, moment: datetime) -> date:
        """The learners' calendar day of a moment."""
        return moment.astimezone(self.days_turn_in).date()

    def _today(self, state: LearnerState) -> str:
        return self._day(turn_time(state)).isoformat()

    def _review_step(self, item: ReviewItem) -> tuple[Module, int, QuizStep] | None:
        """The item's quiz in the current content, or None when the content dropped it."""
        module = self.course.module(item.module_id)
        index = module.index_of(item.step_id) if module else None
        if module is None or index is None:
            return None
        step = module.steps[index]
        return (module, index, step) if isinstance(step, QuizStep) else None

    def _reviews_left_today(self, state: LearnerState) -> list[ReviewItem]:
        """The due questions the learner may still review today, oldest first."""
        now = turn_time(state)
        done_today = sum(
            item.last_reviewed_at is not None and self._day(item.last_reviewed_at) == self._day(now)
            for item in state.reviews
        )
        due = sorted(
            (
                item
                for item in state.reviews
                if item.due_at is not None
                and item.due_at <= now
                and self._review_step(item) is not None
            ),
            key=lambda item: item.due_at or now,
        )
        return due[: max(REVIEWS_PER_DAY - done_today, 0)]

    def _review_to_offer(self, state: LearnerState) -> int:
        """How many questions to offer for review now: none once offered (or skipped) today."""
        if state.review_offered_on == self._today(state):
            return 0
        return len(self._reviews_left_today(state))

    def _set_review(self, turn: Turn, item: ReviewItem) -> None:
        others = tuple(
            each
            for each in turn.state.reviews
            if (each.module_id, each.step_id) != (item.module_id, item.step_id)
        )
        turn.update(reviews=(*others, item))
        turn.record(
            "review_scheduled",
            module=item.module_id,
            step=item.step_id,
            box=item.box,
            due_at=item.due_at.isoformat() if item.due_at else None,
            reviewed_at=item.last_reviewed_at.isoformat() if item.last_reviewed_at else None,
        )

    def _schedule_miss(self, turn: Turn, module: Module, step: QuizStep) -> None:
        """A first-try miss: the question comes back a day later."""
        now = turn_time(turn.state)
        known = next(
            (
                item
                for item in turn.state.reviews
                if (item.module_id, item.step_id) == (module.id, step.id)
            ),
            None,
        )
        item = ReviewItem(module.id, step.id, 1, due_after(now, 1, self.days_turn_in))
        if known is not None:
            item = replace(item, last_reviewed_at=known.last_reviewed_at)
        self._set_review(turn, item)

    def _offer_review_button_rows(self) -> tuple[tuple[Button, ...], ...]:
        return (
            (
                button(m.BUTTON_REVIEW_START, actions.REVIEW_START),
                button(m.BUTTON_REVIEW_SKIP, actions.REVIEW_SKIP),
            ),
        )

    def _mark_offered(self, turn: Turn) -> None:
        turn.update(review_offered_on=self._today(turn.state))

    def _offer_review_note(self, turn: Turn) -> None:
        """A short note with buttons, before the reply to whatever the learner sent."""
        count = self._review_to_offer(turn.state)
        self._mark_offered(turn)
        turn.record("review_offered", count=count)
        turn.say(msg(m.REVIEW_WAITING, count=count), buttons=self._offer_review_button_rows())

    def _start_review(self, turn: Turn, *before: Part) -> bool:
        """Ask the first due question; False when nothing is due today."""
        left = self._reviews_left_today(turn.state)
        if not left:
            return False
        if turn.state.review_offered_on != self._today(turn.state):
            turn.record("review_offered", count=len(left))
        self._mark_offered(turn)
        self._ask_review(turn, left[0], 1, len(left), *before, msg(m.REVIEW_INTRO, count=len(left)))
        return True

    def _ask_review(
        self, turn: Turn, item: ReviewItem, number: int, count: int, *before: Part
    ) -> None:
        located = self._review_step(item)
        assert located is not None  # only items found in the content are due
        module, _, step = located
        step_ref = actions.ref(module.id, step.id)
        # An order of its own, so the right answer is not remembered by its place alone.
        order = option_order(turn.state.user_id, module.id, f"{step.id}:review", len(step.options))
        rows = tuple(
            (
                Button(
                    self._content(turn, step.options[n].text),
                    actions.make(actions.REVIEW_ANSWER, step_ref, str(n), str(count)),
                ),
            )
            for n in order
        )
        turn.update(mode=MODE_MENU)
        turn.say(
            *before,
            msg(m.REVIEW_HEADER, number=number, count=count),
            self._content(turn, step.question),
            buttons=(*rows, (button(m.BUTTON_REVIEW_SKIP, actions.REVIEW_SKIP),)),
        )

    def _review_answer(self, turn: Turn, args: tuple[str, ...]) -> None:
        step_ref, number, count = args
        chosen = actions.option_number(number)
        total = actions.option_number(count)
        item = next(
            (
                each
                for each in self._reviews_left_today(turn.state)
                if actions.ref(each.module_id, each.step_id) == step_ref
            ),
            None,
        )
        located = self._review_step(item) if item else None
        if item is None or located is None or chosen is None or chosen >= len(located[2].options):
            self._stale(turn)
            return
        module, _, step = located
        option = step.options[chosen]
        now = turn_time(turn.state)
        box = 1 if not option.correct else item.box + 1
        due = due_after(now, box, self.days_turn_in) if box in REVIEW_DAYS else None
        turn.record(
            "review_answered",
            module=module.id,
            step=step.id,
            option=option.id,
            correct=option.correct,
            box=item.box,
        )
        self._set_review(turn, ReviewItem(module.id, step.id, box, due, now))
        feedback = self._content(turn, option.feedback).text if option.feedback else None
        if option.correct:
            verdict = (
                msg(m.QUIZ_CORRECT_WITH_FEEDBACK, feedback=feedback)
                if feedback
                else msg(m.QUIZ_CORRECT)
            )
            parts: tuple[Part, ...] = (verdict,)
        else:
            verdict = (
                msg(m.QUIZ_WRONG_WITH_FEEDBACK, feedback=feedback)
                if feedback
                else msg(m.QUIZ_WRONG)
            )
            right = next(each for each in step.options if each.correct)
            answer = self._content(turn, right.text).text
            parts = (verdict, msg(m.REVIEW_RIGHT_ANSWER, answer=answer))
        left = self._reviews_left_today(turn.state)
        if left:
            shown = total or len(left)
            self._ask_review(turn, left[0], max(shown - len(left) + 1, 1), shown, *parts)
            return
        turn.update(mode=MODE_MENU)
        turn.say(
            *parts,
            msg(m.REVIEW_DONE),
            buttons=((button(m.BUTTON_CONTINUE, actions.CONTINUE),), (self._menu_button(),)),
        )

    def _skip_review(self, turn: Turn) -> None:
        self._mark_offered(turn)
        turn.record("review_skipped")
        self._continue(turn, (msg(m.REVIEW_SKIPPED),))
