"""When learners may be reminded: how long away, how often, and the quiet night hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class ReminderPolicy:
    days_away: int = 3  # no activity for this long, with a module unfinished
    most_per_learner: int = 2
    timezone: str = "Asia/Shanghai"  # Telegram does not tell a learner's own time zone
    quiet_from: time = time(21, 0)
    quiet_until: time = time(8, 0)

    def is_quiet(self, now: datetime) -> bool:
        """Night where the learners live: no reminders then."""
        local = now.astimezone(ZoneInfo(self.timezone)).time()
        if self.quiet_from > self.quiet_until:
            return local >= self.quiet_from or local < self.quiet_until
        return self.quiet_from <= local < self.quiet_until
