"""Remembers which local media files were uploaded, so each is uploaded only once."""

from __future__ import annotations

import asyncio
import hashlib
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from sellerbot.store.database import upsert, writing
from sellerbot.store.learners import utc_now
from sellerbot.store.schema import MediaFile


def fingerprint(path: Path) -> str:
    """Changes whenever the file's bytes change, so an edited picture is uploaded anew."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


class MediaCache:
    def __init__(self, engine: AsyncEngine, clock: Callable[[], datetime] = utc_now):
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.clock = clock
        self._known: dict[str, tuple[str, str]] = {}  # path -> (fingerprint, file id)
        self._fingerprints: dict[tuple[str, int, int], str] = {}  # (path, mtime, size) ->
        self._uploads: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def _fingerprint(self, path: Path) -> str:
        # Hashing a picture for every learner who sees it would cost more than sending it.
        status = path.stat()
        key = (str(path), status.st_mtime_ns, status.st_size)
        if key not in self._fingerprints:
            self._fingerprints[key] = fingerprint(path)
        return self._fingerprints[key]

    def uploading(self, path: Path) -> asyncio.Lock:
        """Hold while uploading `path`, so learners arriving together cause one upload."""
        return self._uploads[str(path)]

    async def file_id(self, path: Path) -> str | None:
        """The uploaded id for this file as it is now, or None if it needs uploading."""
        current = self._fingerprint(path)
        key = str(path)
        if key not in self._known:
            async with self.sessions() as session:
                row = await session.get(MediaFile, key)
            if row is not None:
                self._known[key] = (row.fingerprint, row.file_id)
        known = self._known.get(key)
        return known[1] if known and known[0] == current else None

    def forget(self, path: Path) -> None:
        """The chat app refused the id: upload again next time."""
        self._known.pop(str(path), None)

    async def remember(self, path: Path, file_id: str) -> None:
        key, current = str(path), self._fingerprint(path)
        values = {"fingerprint": current, "file_id": file_id, "uploaded_at": self.clock()}
        statement = upsert(self.engine, MediaFile).values(path=key, **values)
        statement = statement.on_conflict_do_update(index_elements=["path"], set_=values)
        async with writing(self.engine), self.sessions.begin() as session:
            await session.execute(statement)
        self._known[key] = (current, file_id)
