"""Remembers which local media files were uploaded, so each is uploaded only once."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from sellerbot.store.learners import utc_now
from sellerbot.store.schema import MediaFile


def fingerprint(path: Path) -> str:
    """Changes whenever the file's bytes change, so an edited picture is uploaded anew."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


class MediaCache:
    def __init__(self, engine: AsyncEngine, clock: Callable[[], datetime] = utc_now):
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.clock = clock
        self._known: dict[str, tuple[str, str]] = {}  # path -> (fingerprint, file id)

    async def file_id(self, path: Path) -> str | None:
        """The uploaded id for this file as it is now, or None if it needs uploading."""
        current = fingerprint(path)
        key = str(path)
        if key not in self._known:
            async with self.sessions() as session:
                row = await session.get(MediaFile, key)
            if row is not None:
                self._known[key] = (row.fingerprint, row.file_id)
        known = self._known.get(key)
        return known[1] if known and known[0] == current else None

    async def remember(self, path: Path, file_id: str) -> None:
        key, current = str(path), fingerprint(path)
        async with self.sessions.begin() as session:
            await session.merge(
                MediaFile(path=key, fingerprint=current, file_id=file_id, uploaded_at=self.clock())
            )
        self._known[key] = (current, file_id)
