"""Certificates in Telegram: the picture a certificate reply names, and verify-CODE links."""

from __future__ import annotations

import asyncio
import logging

from sellerbot.app import App
from sellerbot.engine.engine import VERIFY_PAYLOAD
from sellerbot.engine.inputs import Input, Start
from sellerbot.reports.certificate import draw_certificate
from sellerbot.store.certificates import find_certificate, verify

log = logging.getLogger(__name__)


async def read_verify_link(app: App, received: Input) -> Input:
    """/start verify-CODE (a t.me deep link) becomes a Verify input with what the store
    knows, so the engine answers it like any other turn; other inputs pass unchanged."""
    payload = received.payload if isinstance(received, Start) else None
    if payload and payload.startswith(VERIFY_PAYLOAD):
        return await verify(app.database, payload[len(VERIFY_PAYLOAD) :])
    return received


class CertificatePictures:
    """Draws a stored certificate for sending; drawn anew each time, so nothing is kept."""

    def __init__(self, app: App):
        self.app = app

    async def __call__(self, code: str) -> bytes | None:
        record = await find_certificate(self.app.database, code)
        if record is None or record.name is None:
            return None
        course = self.app.course
        drawn = await asyncio.to_thread(
            draw_certificate,
            self.app.translations,
            name=record.name,
            course=record.course,
            course_fallback=course.title.get_for(course.default_locale, course.default_locale),
            issued_on=record.issued_at.date(),
            code=record.code,
            locale=record.locale,
            fallback_locale=course.default_locale,
        )
        if not drawn.complete:
            log.warning(
                "certificate %s drawn in %s: no CJK font here; install fonts-noto-cjk",
                code,
                course.default_locale,
            )
        return drawn.png
