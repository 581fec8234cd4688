"""Free-text questions answered from the FAQ, and feedback on the answers."""

from __future__ import annotations

from sellerbot.content.model import FaqEntry
from sellerbot.engine import actions
from sellerbot.engine import messages as m
from sellerbot.engine.finishing import Finishing
from sellerbot.engine.replies import Button, Content, msg
from sellerbot.engine.turn import Turn, button


class Questions(Finishing):
    def _faq_button(self, turn: Turn, entry: FaqEntry) -> Button:
        """A button that opens an entry, labelled with its label, else its first phrasing."""
        if entry.label:
            label = Content(entry.label.get_for(turn.locale, self.course.default_locale))
        else:
            questions = entry.questions.get_for(turn.locale, self.course.default_locale)
            label = Content(questions[0] if questions else entry.id)
        return Button(label, actions.make(actions.FAQ, actions.ref(entry.id)))

    def _show_answer(self, turn: Turn, entry: FaqEntry) -> None:
        entry_ref = actions.ref(entry.id)
        rows: list[tuple[Button, ...]] = [
            (
                button(m.BUTTON_HELPFUL, actions.FEEDBACK, entry_ref, "up"),
                button(m.BUTTON_NOT_HELPFUL, actions.FEEDBACK, entry_ref, "down"),
            )
        ]
        for related_id in entry.related[:3]:
            related = self._faq.get(related_id)
            if related:
                rows.append((self._faq_button(turn, related),))
        if entry.lesson:
            module_id, step_id = entry.lesson.split("/")
            rows.append(
                (
                    button(
                        m.BUTTON_LEARN_MORE,
                        actions.OPEN_MODULE,
                        actions.ref(module_id),
                        actions.ref(module_id, step_id),
                    ),
                )
            )
        rows.append((self._menu_button(),))
        turn.say(self._content(turn, entry.answer), buttons=tuple(rows))

    def _question(self, turn: Turn, text: str) -> None:
        if not text:
            self._menu(turn)
            return
        result = self.matcher.match(text, turn.locale) if self.matcher else None
        zone = result.zone if result else "none"
        entry = self._faq.get(result.entry_id) if result and result.entry_id else None
        suggestions = [
            self._faq[i] for i in (result.suggestions if result else ()) if i in self._faq
        ]
        score = round(result.score, 4) if result else 0.0
        if zone == "answer" and entry is not None:
            turn.record(
                "question_asked",
                text=text,
                locale=turn.locale,
                outcome="answered",
                entry=entry.id,
                score=score,
            )
            self._show_answer(turn, entry)
        elif zone == "suggest" and suggestions:
            turn.record(
                "question_asked",
                text=text,
                locale=turn.locale,
                outcome="suggested",
                suggestions=[each.id for each in suggestions[:3]],
                score=score,
            )
            rows = tuple((self._faq_button(turn, each),) for each in suggestions[:3])
            turn.say(msg(m.DID_YOU_MEAN), buttons=(*rows, (self._menu_button(),)))
        else:
            turn.record(
                "question_asked", text=text, locale=turn.locale, outcome="unanswered", score=score
            )
            if self.staff_available:
                position = turn.state.position
                turn.record(
                    "question_escalated",
                    text=text,
                    locale=turn.locale,
                    module=position.module_id if position else None,
                    step=position.step_id if position else None,
                )
            turn.say(
                msg(m.DONT_KNOW_STAFF if self.staff_available else m.DONT_KNOW),
                buttons=((self._menu_button(),),),
            )

    def _faq_press(self, turn: Turn, entry_ref: str) -> None:
        entry = self._faq_by_ref.get(entry_ref)
        if entry is None:
            self._stale(turn)
            return
        turn.record("faq_opened", entry=entry.id)
        self._show_answer(turn, entry)

    def _feedback(self, turn: Turn, entry_ref: str, verdict: str) -> None:
        entry = self._faq_by_ref.get(entry_ref)
        if entry is None or verdict not in ("up", "down"):
            self._stale(turn)
            return
        turn.record("faq_feedback", entry=entry.id, helpful=verdict == "up")
        turn.say(msg(m.THANKS_FEEDBACK), buttons=((self._menu_button(),),))
