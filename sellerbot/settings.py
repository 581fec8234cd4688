"""Settings from a config file and the environment, checked and gathered in one object."""

# The parser is hand-written rather than pydantic-settings: the variables have no common
# prefix (TELEGRAM_BOT_TOKEN beside SELLERBOT_*), the file keys are not the variable names,
# and every mistake must come out as one line naming the variable or the file and key, which
# would mean translating pydantic's multi-line ValidationError back anyway.

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from sellerbot.paths import bundled_locales, default_content
from sellerbot.reminder_policy import ReminderPolicy

# Here rather than in the store, so reading settings imports no database library.
DEFAULT_URL = "sqlite+aiosqlite:///sellerbot.db"

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
    "webhook_secret": "SELLERBOT_WEBHOOK_SECRET",
}
# What Telegram accepts as a webhook's secret_token.
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
QUIET_HOURS = re.compile(r"\s*(\d{1,2})\s*-\s*(\d{1,2})\s*")

T = TypeVar("T")


class SettingsError(ValueError):
    """A setting with a value sellerbot cannot use; the message is one line naming it."""


def _parsed(name: str, text: str, parse: Callable[[str], T], wanted: str) -> T:
    try:
        return parse(text.strip())
    except (ValueError, ArithmeticError):
        raise SettingsError(f"{name}: {text!r} is not {wanted}") from None


def _whole(at_least: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        number = int(text)
        if number < at_least:
            raise ValueError(text)
        return number

    return parse


def _seconds(text: str) -> float:
    seconds = float(text)
    if not 0 <= seconds < float("inf"):
        raise ValueError(text)
    return seconds


def _user_ids(name: str, text: str) -> frozenset[int]:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    for part in parts:
        if not re.fullmatch(r"[0-9]{1,20}", part):
            raise SettingsError(
                f"{name}: {part!r} is not a Telegram user id (a number such as 123456789, "
                "not a @username; send /id to the bot to see yours)"
            )
    return frozenset(int(part) for part in parts)


def _chat_id(text: str) -> int:
    if not re.fullmatch(r"-?[0-9]{1,20}", text):
        raise ValueError(text)
    return int(text)


def _timezone(name: str, text: str) -> str:
    zone = text.strip()
    try:
        ZoneInfo(zone)  # fail at start on a misspelt zone, not at night
    except (KeyError, ValueError, OSError):  # not found is a KeyError, a path a ValueError
        raise SettingsError(
            f"{name}: unknown time zone {text!r} (use a name such as Asia/Shanghai)"
        ) from None
    return zone


def _quiet_hours(text: str) -> tuple[time, time]:
    match = QUIET_HOURS.fullmatch(text)
    if not match:
        raise ValueError(text)
    start, end = int(match[1]), int(match[2])
    return time(start), time(end)  # time() refuses hours past 23 with ValueError


def _reminder_policy(
    policy: ReminderPolicy, env: Mapping[str, str], label: Callable[[str], str]
) -> ReminderPolicy:
    if env.get("SELLERBOT_REMINDER_DAYS"):
        name = label("SELLERBOT_REMINDER_DAYS")
        days = _parsed(name, env["SELLERBOT_REMINDER_DAYS"], _whole(0), "a whole number of days")
        policy = replace(policy, days_away=days)
    if env.get("SELLERBOT_REMINDER_MAX"):
        name = label("SELLERBOT_REMINDER_MAX")
        most = _parsed(name, env["SELLERBOT_REMINDER_MAX"], _whole(0), "a whole number, 0 or more")
        policy = replace(policy, most_per_learner=most)
    if env.get("SELLERBOT_TIMEZONE"):
        zone = _timezone(label("SELLERBOT_TIMEZONE"), env["SELLERBOT_TIMEZONE"])
        policy = replace(policy, timezone=zone)
    if env.get("SELLERBOT_QUIET_HOURS"):
        quiet_from, quiet_until = _parsed(
            label("SELLERBOT_QUIET_HOURS"),
            env["SELLERBOT_QUIET_HOURS"],
            _quiet_hours,
            "two hours from 0 to 23 such as 21-8 (0-0: no quiet hours)",
        )
        policy = replace(policy, quiet_from=quiet_from, quiet_until=quiet_until)
    return policy


def _as_environment_name(name: str) -> str:
    return name


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_URL
    content_dir: Path = field(default_factory=default_content)
    locales_dir: Path = field(default_factory=bundled_locales)
    # Secrets stay out of repr(), so logging the settings cannot leak them.
    telegram_token: str | None = field(default=None, repr=False)
    api_url: str | None = None
    staff_chat: int | None = None
    admins: frozenset[int] = frozenset()
    watch_seconds: float = 5.0  # how often the running bot looks for changed content; 0: never
    reminders: ReminderPolicy = field(default_factory=ReminderPolicy)
    reminder_check_seconds: float = 600.0  # how often to look for learners to remind; 0: never
    webhook_secret: str | None = field(default=None, repr=False)

    @classmethod
    def load(cls, config_file: Path | None = None, environ: Mapping[str, str] | None = None):
        """The config file's settings, overridden by the environment's; SettingsError if bad."""
        settings = cls.from_file(config_file) if config_file else cls()
        return settings.with_env(os.environ if environ is None else environ)

    @classmethod
    def from_file(cls, path: Path) -> Settings:
        """Read a TOML file whose keys are the environment variables' names in lower case."""
        try:
            with Path(path).open("rb") as source:
                data = tomllib.load(source)
        except FileNotFoundError:
            raise SettingsError(f"{path}: no such file (given with --config)") from None
        except OSError as error:
            raise SettingsError(f"{path}: cannot be read: {error.strerror}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise SettingsError(f"{path}: is not valid TOML: {error}") from None
        unknown = set(data) - set(ENVIRONMENT)
        if unknown:
            known = ", ".join(ENVIRONMENT)
            raise SettingsError(
                f"{path}: unknown setting {', '.join(sorted(unknown))} (known: {known})"
            )
        as_text = {
            ENVIRONMENT[key]: ",".join(map(str, value)) if isinstance(value, list) else str(value)
            for key, value in data.items()
        }
        file_keys = {variable: key for key, variable in ENVIRONMENT.items()}
        return cls().with_env(as_text, label=lambda variable: f"{path}: {file_keys[variable]}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        return cls().with_env(os.environ if environ is None else environ)

    def with_env(
        self, env: Mapping[str, str], label: Callable[[str], str] = _as_environment_name
    ) -> Settings:
        """These settings with the values in `env`; `label` names a variable in messages."""
        settings = self
        if env.get("SELLERBOT_DATABASE_URL"):
            settings = replace(settings, database_url=env["SELLERBOT_DATABASE_URL"].strip())
        if env.get("SELLERBOT_CONTENT"):
            settings = replace(settings, content_dir=Path(env["SELLERBOT_CONTENT"]))
        if env.get("TELEGRAM_BOT_TOKEN"):
            settings = replace(settings, telegram_token=env["TELEGRAM_BOT_TOKEN"].strip())
        if env.get("SELLERBOT_API_URL"):
            settings = replace(settings, api_url=env["SELLERBOT_API_URL"].strip())
        if env.get("SELLERBOT_STAFF_CHAT"):
            chat = _parsed(
                label("SELLERBOT_STAFF_CHAT"),
                env["SELLERBOT_STAFF_CHAT"],
                _chat_id,
                "a chat id (a number such as -1001234567890; send /id in the group to see it)",
            )
            settings = replace(settings, staff_chat=chat)
        if env.get("SELLERBOT_WATCH_SECONDS"):
            seconds = _parsed(
                label("SELLERBOT_WATCH_SECONDS"),
                env["SELLERBOT_WATCH_SECONDS"],
                _seconds,
                "a number of seconds, 0 or more",
            )
            settings = replace(settings, watch_seconds=seconds)
        settings = replace(settings, reminders=_reminder_policy(settings.reminders, env, label))
        if env.get("SELLERBOT_REMINDER_CHECK_SECONDS"):
            seconds = _parsed(
                label("SELLERBOT_REMINDER_CHECK_SECONDS"),
                env["SELLERBOT_REMINDER_CHECK_SECONDS"],
                _seconds,
                "a number of seconds, 0 or more",
            )
            settings = replace(settings, reminder_check_seconds=seconds)
        if env.get("SELLERBOT_ADMINS"):
            admins = _user_ids(label("SELLERBOT_ADMINS"), env["SELLERBOT_ADMINS"])
            settings = replace(settings, admins=admins)
        if env.get("SELLERBOT_WEBHOOK_SECRET"):
            secret = env["SELLERBOT_WEBHOOK_SECRET"].strip()
            if not WEBHOOK_SECRET.fullmatch(secret):
                # The value itself is a secret: say what is wrong, never echo it.
                raise SettingsError(
                    f"{label('SELLERBOT_WEBHOOK_SECRET')}: use 1 to 256 of A-Z, a-z, 0-9, _ and -"
                )
            settings = replace(settings, webhook_secret=secret)
        return settings
