"""Fetch a learner's photo for the photo coach: the smallest size Telegram made that is still
enough to judge (640 pixels on the long side), so little is downloaded."""

from __future__ import annotations

import logging
from dataclasses import replace

from telegram import Bot, Message
from telegram.error import TelegramError

from sellerbot.engine.inputs import Input, Photo

log = logging.getLogger(__name__)

ENOUGH_SIDE = 640
MAX_BYTES = 10_000_000  # Telegram's photos are far smaller; anything bigger is not fetched


async def with_photo_data(bot: Bot, message: Message | None, received: Input) -> Input:
    """The input, with the photo's bytes when it is a photo that could be fetched."""
    if not isinstance(received, Photo) or message is None or not message.photo:
        return received
    sizes = sorted(message.photo, key=lambda size: size.width * size.height)
    chosen = next((size for size in sizes if max(size.width, size.height) >= ENOUGH_SIDE), None)
    chosen = chosen or sizes[-1]
    if chosen.file_size and chosen.file_size > MAX_BYTES:
        return received
    try:
        file = await bot.get_file(chosen.file_id)
        data = bytes(await file.download_as_bytearray())
    except (TelegramError, OSError) as error:
        # Without the image the task takes the photo as before, uncoached.
        log.warning("could not fetch photo %s: %s", chosen.file_id, error)
        return received
    return replace(received, data=data)
