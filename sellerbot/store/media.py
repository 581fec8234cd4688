"""Remembers which local media files were uploaded, so each is uploaded only once, and reads
them only as the plain files the loader checked."""

from __future__ import annotations

import asyncio
import hashlib
import os
import stat
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from sellerbot.store.database import upsert, writing
from sellerbot.store.learners import utc_now
from sellerbot.store.schema import MediaFile

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # the Bot API's limit for a file a bot uploads


class MediaRefused(Exception):
    """A media file that is no longer the plain file checked at load; the text says why."""


def _opened_path(descriptor: int, path: Path) -> str:
    """Where the open file really is; Linux says it of the descriptor itself, without a race."""
    try:
        return os.readlink(f"/proc/self/fd/{descriptor}")
    except OSError:
        return os.path.realpath(path)


def read_media(path: Path, max_bytes: int = MAX_UPLOAD_BYTES) -> bytes:
    """The bytes of `path`, a media file resolved at load, if it is still a plain file there.

    Refuses a symlink put in its place or on the way to it (which could point anywhere, such
    as /etc/passwd), a FIFO or device (read forever), and a file over the upload limit.
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        reason = f"{path}: {error.strerror}; put the file back as a plain file"
        raise MediaRefused(reason) from None
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise MediaRefused(f"{path}: not a plain file; put the file back as one")
        if _opened_path(file.fileno(), path) != str(path):
            raise MediaRefused(f"{path}: a folder on its path became a symlink; undo that")
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise MediaRefused(f"{path}: over the {max_bytes // 2**20} MB upload limit; shrink it")
    return data


def fingerprint(data: bytes) -> str:
    """Changes whenever the file's bytes change, so an edited picture is uploaded anew."""
    return hashlib.sha256(data).hexdigest()


class MediaCache:
    def __init__(self, engine: AsyncEngine, clock: Callable[[], datetime] = utc_now):
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.clock = clock
        self._known: dict[str, tuple[str, str]] = {}  # path -> (fingerprint, file id)
        self._fingerprints: dict[tuple[str, int, int, int], str] = {}  # path, times, size ->
        self._uploads: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def _fingerprint(self, path: Path) -> str:
        """The file's fingerprint; MediaRefused when it is no longer a plain file."""
        # Hashing a picture for every learner who sees it would cost more than sending it.
        # lstat: a symlink put in its place has its own times, so it is read (and refused).
        try:
            status = os.lstat(path)
        except OSError as error:
            raise MediaRefused(f"{path}: {error.strerror}") from None
        key = (str(path), status.st_mtime_ns, status.st_ctime_ns, status.st_size)
        if key not in self._fingerprints:
            self._fingerprints[key] = fingerprint(read_media(path))
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
        # Kept as known with no fingerprint rather than dropped, so the refused id is not read
        # back from the database (where it stays until the new upload replaces it).
        self._known[str(path)] = ("", "")

    async def remember(self, path: Path, file_id: str, uploaded: bytes | None = None) -> None:
        """`uploaded` is what was sent: the id stands for those bytes, whatever is on disk now."""
        key = str(path)
        current = fingerprint(uploaded) if uploaded is not None else self._fingerprint(path)
        values = {"fingerprint": current, "file_id": file_id, "uploaded_at": self.clock()}
        statement = upsert(self.engine, MediaFile).values(path=key, **values)
        statement = statement.on_conflict_do_update(index_elements=["path"], set_=values)
        async with writing(self.engine), self.sessions.begin() as session:
            await session.execute(statement)
        self._known[key] = (current, file_id)
