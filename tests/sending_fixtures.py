"""The reply sender's test setup: a fake Bot API, a sender with its media cache, replies."""

from __future__ import annotations

import pytest
import telegram

from sellerbot.drivers.telegram.sending import ReplySender
from sellerbot.rendering import RenderedReply
from sellerbot.store.database import create_engine, migrate
from sellerbot.store.media import MediaCache
from tests.fakebotapi import FakeBotApi

USER = 5151
STAFF_CHAT = -100200300
# Each of these would be a tag, an entity or a broken tag if sent as HTML unescaped.
MARKUP = "Price <b>5 & 6</b> yuan, <i>not</i> &amp; <3"
PICTURE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (8).to_bytes(4, "big") * 2 + b"\x08\x02rest"


def reply(text: str, **options) -> RenderedReply:
    values = {"buttons": (), "media": None, "replaces_pressed": False, **options}
    return RenderedReply(text=text, **values)


@pytest.fixture
def api():
    with FakeBotApi() as server:
        yield server
        assert not server.violations, server.violations


@pytest.fixture
async def sender(api, tmp_path):
    # The media cache's own store is tested on both backends in test_store.py.
    engine = create_engine(f"sqlite:///{tmp_path / 'media.db'}")
    await migrate(engine)
    async with telegram.Bot(
        api.token, base_url=api.base_url, base_file_url=api.base_file_url
    ) as bot:
        yield ReplySender(bot, MediaCache(engine))
    await engine.dispose()
