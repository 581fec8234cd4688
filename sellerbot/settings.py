"""Settings from the environment and the command line, gathered in one immutable object."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo

from sellerbot.paths import bundled_locales, default_content
from sellerbot.store.database import DEFAULT_URL
from sellerbot.store.reminders import ReminderPolicy

# Config file keys and the environment variables that override them.
ENVIRONMENT = {
    "database_url": "SELLERBOT_DATABASE_URL",
    "content": "SELLERBOT_CONTENT",
    "telegram_bot_token": "TELEGRAM_BOT_TOKEN",
    "api_url": "SELLERBOT_API_URL",
    "staff_chat": "SELLERBOT_STAFF_CHAT",
    "admins": "SELLERBOT_ADMINS",
    "watch_seconds": "SELLERBOT_WATCH_SECONDS",
    "reminder_days": "SELLERBOT_REMINDER_DAYS",
    "reminder_max": "SELLERBOT_REMINDER_MAX",
    "timezone": "SELLERBOT_TIMEZONE",
    "quiet_hours": "SELLERBOT_QUIET_HOURS",
    "reminder_check_seconds": "SELLERBOT_REMINDER_CHECK_SECONDS",
}


def _reminder_policy(policy: ReminderPolicy, env: Mapping[str, str]) -> ReminderPolicy:
    if env.get("SELLERBOT_REMINDER_DAYS"):
        policy = replace(policy, days_away=int(env["SELLERBOT_REMINDER_DAYS"]))
    if env.get("SELLERBOT_REMINDER_MAX"):
        policy = replace(policy, most_per_learner=int(env["SELLERBOT_REMINDER_MAX"]))
    if env.get("SELLERBOT_TIMEZONE"):
        ZoneInfo(env["SELLERBOT_TIMEZONE"])  # fail at start on a misspelt zone, not at night
        policy = replace(policy, timezone=env["SELLERBOT_TIMEZONE"])
    if env.get("SELLERBOT_QUIET_HOURS"):
        start, _, end = env["SELLERBOT_QUIET_HOURS"].partition("-")
        policy = replace(policy, quiet_from=time(int(start)), quiet_until=time(int(end)))
    return policy


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_URL
    content_dir: Path = field(default_factory=default_content)
    locales_dir: Path = field(default_factory=bundled_locales)
    telegram_token: str | None = None
    api_url: str | None = None
    staff_chat: int | None = None
    admins: frozenset[int] = frozenset()
    watch_seconds: float = 5.0  # how often the running bot looks for changed content; 0: never
    reminders: ReminderPolicy = field(default_factory=ReminderPolicy)
    reminder_check_seconds: float = 600.0  # how often to look for learners to remind; 0: never

    @classmethod
    def load(cls, config_file: Path | None = None, environ: Mapping[str, str] | None = None):
        """The config file's settings, overridden by the environment's."""
        settings = cls.from_file(config_file) if config_file else cls()
        return settings.with_env(os.environ if environ is None else environ)

    @classmethod
    def from_file(cls, path: Path) -> Settings:
        """Read a TOML file whose keys are the environment variables' names in lower case."""
        with Path(path).open("rb") as source:
            data = tomllib.load(source)
        unknown = set(data) - set(ENVIRONMENT)
        if unknown:
            raise ValueError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}")
        as_text = {
            ENVIRONMENT[key]: ",".join(map(str, value)) if isinstance(value, list) else str(value)
            for key, value in data.items()
        }
        return cls().with_env(as_text)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        return cls().with_env(os.environ if environ is None else environ)

    def with_env(self, env: Mapping[str, str]) -> Settings:
        settings = self
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
        if env.get("SELLERBOT_WATCH_SECONDS"):
            settings = replace(settings, watch_seconds=float(env["SELLERBOT_WATCH_SECONDS"]))
        settings = replace(settings, reminders=_reminder_policy(settings.reminders, env))
        if env.get("SELLERBOT_REMINDER_CHECK_SECONDS"):
            seconds = float(env["SELLERBOT_REMINDER_CHECK_SECONDS"])
            settings = replace(settings, reminder_check_seconds=seconds)
        if env.get("SELLERBOT_ADMINS"):
            admins = {int(part) for part in env["SELLERBOT_ADMINS"].split(",") if part.strip()}
            settings = replace(settings, admins=frozenset(admins))
        return settings
