"""Settings from the environment and the command line, gathered in one immutable object."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from sellerbot.paths import bundled_content, bundled_locales
from sellerbot.store.database import DEFAULT_URL


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_URL
    content_dir: Path = field(default_factory=bundled_content)
    locales_dir: Path = field(default_factory=bundled_locales)
    telegram_token: str | None = None
    api_url: str | None = None
    staff_chat: int | None = None
    admins: frozenset[int] = frozenset()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        settings = cls()
        if env.get("SELLERBOT_DATABASE_URL"):
            settings = replace(settings, database_url=env["SELLERBOT_DATABASE_URL"])
        if env.get("SELLERBOT_CONTENT"):
            settings = replace(settings, content_dir=Path(env["SELLERBOT_CONTENT"]))
        if env.get("TELEGRAM_BOT_TOKEN"):
            settings = replace(settings, telegram_token=env["TELEGRAM_BOT_TOKEN"].strip())
        if env.get("SELLERBOT_API_URL"):
            settings = replace(settings, api_url=env["SELLERBOT_API_URL"])
        if env.get("SELLERBOT_STAFF_CHAT"):
            settings = replace(settings, staff_chat=int(env["SELLERBOT_STAFF_CHAT"]))
        if env.get("SELLERBOT_ADMINS"):
            admins = {int(part) for part in env["SELLERBOT_ADMINS"].split(",") if part.strip()}
            settings = replace(settings, admins=frozenset(admins))
        return settings
