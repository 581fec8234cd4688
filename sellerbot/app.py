"""The composition root: builds every long-lived object from Settings, and closes them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from sellerbot.content.checked import ContentError, load_checked
from sellerbot.content.loader import LoadResult, load_course
from sellerbot.content.model import Course
from sellerbot.conversation import Conversation
from sellerbot.engine.engine import Engine
from sellerbot.faq.building import build_matcher, faq_phrasings
from sellerbot.i18n import Translations
from sellerbot.rendering import Renderer
from sellerbot.settings import Settings
from sellerbot.store.database import create_engine, migrate
from sellerbot.store.learners import LearnerStore

# Built elsewhere, so commands that need only the content or the FAQ stay light; the app
# is where they are put together, and these names stay importable from here.
__all__ = [
    "App",
    "ContentError",
    "build_app",
    "build_engine",
    "build_matcher",
    "faq_phrasings",
    "load_checked",
]


def build_engine(course: Course, settings: Settings) -> Engine:
    return Engine(
        course,
        build_matcher(course),
        staff_available=settings.staff_chat is not None,
        days_turn_in=ZoneInfo(settings.reminders.timezone),  # checked when settings are read
    )


@dataclass
class App:
    settings: Settings
    course: Course
    translations: Translations
    database: AsyncEngine
    store: LearnerStore
    conversation: Conversation

    def team_text(self, key: str, **params) -> str:
        """A text for admins and staff, in the course's default language."""
        return self.translations.format(key, params, self.course.default_locale)

    async def reload_content(self) -> LoadResult:
        """Read the content folder again; serve it if it has no errors, else keep the old.

        Reading and indexing take a second or so for a large FAQ: that runs in a worker
        thread, so learners' turns go on meanwhile; only the swap happens on the loop.
        """
        result, engine = await asyncio.to_thread(self._load_content)
        if result.course is not None and engine is not None:
            self.course = result.course
            self.conversation.replace_engine(engine)
        return result

    def _load_content(self) -> tuple[LoadResult, Engine | None]:
        result = load_course(self.settings.content_dir)
        if result.course is None:
            return result, None
        return result, build_engine(result.course, self.settings)

    async def close(self) -> None:
        await self.database.dispose()


async def build_app(settings: Settings, course: Course | None = None) -> App:
    """Load and check the content (unless given), open and migrate the database, wire it up."""
    if course is None:
        course, _ = load_checked(settings)
    translations = Translations.load(settings.locales_dir)
    database = create_engine(settings.database_url)
    try:
        await migrate(database)
    except BaseException:
        await database.dispose()
        raise
    store = LearnerStore(database)
    conversation = Conversation(build_engine(course, settings), store, Renderer(translations))
    return App(settings, course, translations, database, store, conversation)
