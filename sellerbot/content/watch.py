"""Notice when files in the content folder change, without reading them."""

from __future__ import annotations

import hashlib
from pathlib import Path


def content_fingerprint(folder: Path) -> str:
    """Changes when any file under `folder` is added, removed, or written."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            status = path.stat()
            digest.update(f"{path}\0{status.st_mtime_ns}\0{status.st_size}\n".encode())
    return digest.hexdigest()


class ContentWatcher:
    """Remembers the folder's fingerprint; `changed()` is true once per change."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.fingerprint = content_fingerprint(folder)

    def changed(self) -> bool:
        current = content_fingerprint(self.folder)
        if current == self.fingerprint:
            return False
        self.fingerprint = current
        return True
