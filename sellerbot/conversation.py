"""One learner turn end to end: load state, run the engine, save, render the replies."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from sellerbot.engine.engine import Engine, Outcome
from sellerbot.engine.inputs import Input
from sellerbot.engine.state import LearnerState
from sellerbot.rendering import RenderedReply, Renderer
from sellerbot.store.handled import HandledUpdate
from sellerbot.store.learners import LearnerStore


@dataclass(frozen=True)
class TurnResult:
    replies: tuple[RenderedReply, ...]
    outcome: Outcome


class Conversation:
    """The service every driver calls; it owns no transport and makes no decisions."""

    def __init__(self, engine: Engine, store: LearnerStore, renderer: Renderer):
        self.engine = engine
        self.store = store
        self.renderer = renderer
        # One turn at a time per learner, so two quick taps cannot overwrite each other.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    def replace_engine(self, engine: Engine) -> None:
        """Serve new content from the next turn on (turns under way finish on the old)."""
        self.engine = engine

    async def locale_of(self, user_id: int) -> str:
        """The language a learner reads, for messages that are not replies to them."""
        return self.engine.locale_for(await self.store.load(user_id))

    async def nudge(self, user_id: int) -> tuple[RenderedReply, ...]:
        """A reminder for a learner who has been away, rendered in their language."""
        outcome = self.engine.nudge(await self.store.load(user_id))
        return tuple(self.renderer.render(reply, outcome.locale) for reply in outcome.replies)

    async def handle(
        self,
        user_id: int,
        received: Input,
        *,
        language_hint: str | None = None,
        name: str | None = None,
        update_id: int | None = None,
        answering: Callable[[TurnResult], HandledUpdate] | None = None,
    ) -> TurnResult:
        """Run one turn. With `update_id`, raises DuplicateUpdate for an update seen before.

        `answering` is given the rendered turn before it is saved, and names the inbox update
        it answers, which is saved with it (LostClaim when the worker no longer holds it).
        """
        lock = self._locks.get(user_id)
        if lock is None:
            lock = self._locks[user_id] = asyncio.Lock()
        engine = self.engine  # the whole turn on one version of the content
        results: list[TurnResult] = []

        def decide(state: LearnerState) -> Outcome:
            outcome = engine.handle(state, received, language_hint=language_hint, name=name)
            results.append(self._rendered(outcome))
            return outcome

        def handled(_outcome: Outcome) -> HandledUpdate:
            assert answering is not None, "passed to the store only with `answering`"
            return answering(results[-1])

        async with lock:
            await self.store.apply(
                user_id,
                decide,
                update_id=update_id,
                handled=handled if answering is not None else None,
            )
        return results[-1]

    def _rendered(self, outcome: Outcome) -> TurnResult:
        replies = tuple(self.renderer.render(reply, outcome.locale) for reply in outcome.replies)
        return TurnResult(replies, outcome)
