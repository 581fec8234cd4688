"""The database tables, as SQLAlchemy 2 declarative models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints keep migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Content ids (modules, steps, options, FAQ entries) and media paths come from content files
# whose editors set no length: stored as TEXT, so no id is ever too long for its column.
ContentId = Text


class UtcDateTime(TypeDecorator):
    """Times stored in UTC and read back with their time zone, on SQLite and PostgreSQL alike.

    SQLite keeps no time zone: an aware time would be stored as its local wall time and read
    back naive. Converting here means no caller can store a time in the wrong zone.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a time without a time zone cannot be stored: {value}")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Timestamp = UtcDateTime()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _learner_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)


class Learner(Base):
    __tablename__ = "learners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    locale: Mapped[str | None] = mapped_column(String(16))  # chosen by the learner
    # The locale the learner last read in: their choice, else their app's language. Messages
    # sent outside a turn (staff answers, broadcasts, reminders) use it.
    reading_locale: Mapped[str | None] = mapped_column(String(16))
    source: Mapped[str | None] = mapped_column(String(64), index=True)
    module_id: Mapped[str | None] = mapped_column(ContentId)
    step_id: Mapped[str | None] = mapped_column(ContentId)
    step_index: Mapped[int | None] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(16), default="menu")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    last_seen_at: Mapped[datetime] = mapped_column(Timestamp, index=True)
    # What the learner has done, read with the rest of the row in one query every turn:
    # {"steps": [[module, step], ...], "modules": [module, ...]}. The events table keeps
    # when each was done, for statistics.
    progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    steps_done: Mapped[int] = mapped_column(Integer, default=0)  # for segments, in plain SQL


class ModuleCompletion(Base):
    __tablename__ = "module_completions"
    __table_args__ = (UniqueConstraint("learner_id", "module_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = _learner_fk()
    module_id: Mapped[str] = mapped_column(ContentId, index=True)
    completed_at: Mapped[datetime] = mapped_column(Timestamp)


class QuizAnswer(Base):
    __tablename__ = "quiz_answers"
    __table_args__ = (Index("ix_quiz_answers_step", "module_id", "step_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = _learner_fk()
    module_id: Mapped[str] = mapped_column(ContentId)
    step_id: Mapped[str] = mapped_column(ContentId)
    option_id: Mapped[str] = mapped_column(ContentId)
    correct: Mapped[bool] = mapped_column(Boolean)
    attempt: Mapped[int] = mapped_column(Integer)
    answered_at: Mapped[datetime] = mapped_column(Timestamp)


class TaskSubmission(Base):
    __tablename__ = "task_submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = _learner_fk()
    module_id: Mapped[str] = mapped_column(ContentId)
    step_id: Mapped[str] = mapped_column(ContentId)
    kind: Mapped[str] = mapped_column(String(8))  # text, photo or skip
    answer: Mapped[str | None] = mapped_column(Text)
    passed: Mapped[bool] = mapped_column(Boolean)
    failed_rule: Mapped[str | None] = mapped_column(String(32))
    submitted_at: Mapped[datetime] = mapped_column(Timestamp)


class Question(Base):
    """Free-text questions and what the bot did with them."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = _learner_fk()
    text: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16), index=True)  # answered/suggested/unanswered
    entry_id: Mapped[str | None] = mapped_column(ContentId)
    score: Mapped[float] = mapped_column(Float)
    asked_at: Mapped[datetime] = mapped_column(Timestamp)


class EventRecord(Base):
    """Every engine event, for analytics."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_name_created_at", "name", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = _learner_fk()
    name: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(Timestamp)


class ProcessedUpdate(Base):
    """Chat-app updates already handled, so a redelivered one is not handled twice."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(Timestamp, index=True)


class MediaFile(Base):
    """A local picture or video already uploaded, and the chat app's id to send it again."""

    __tablename__ = "media_files"

    path: Mapped[str] = mapped_column(ContentId, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))  # changes when the file changes
    file_id: Mapped[str] = mapped_column(String(256))
    uploaded_at: Mapped[datetime] = mapped_column(Timestamp)


class StaffQuestion(Base):
    """A question posted to the staff chat, so a staff member's reply finds its learner."""

    __tablename__ = "staff_questions"
    __table_args__ = (UniqueConstraint("staff_chat_id", "staff_message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = _learner_fk()
    staff_chat_id: Mapped[int] = mapped_column(BigInteger)
    staff_message_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    asked_at: Mapped[datetime] = mapped_column(Timestamp)
    answered_at: Mapped[datetime | None] = mapped_column(Timestamp)


class Broadcast(Base):
    """An announcement to every learner in a segment: a text, or a message to copy."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_by: Mapped[int | None] = mapped_column(BigInteger)  # the admin's user id, if any
    segment: Mapped[dict[str, Any]] = mapped_column(JSON)
    kind: Mapped[str] = mapped_column(String(8))  # text or copy
    text: Mapped[str | None] = mapped_column(Text)
    from_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    # draft, scheduled, sending, done or cancelled
    status: Mapped[str] = mapped_column(String(16), index=True)
    scheduled_at: Mapped[datetime | None] = mapped_column(Timestamp)
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    finished_at: Mapped[datetime | None] = mapped_column(Timestamp)
    rate: Mapped[float] = mapped_column(Float)  # messages a second


class BroadcastDelivery(Base):
    """One learner's copy of a broadcast: pending, sending, then sent/blocked/failed/unknown."""

    __tablename__ = "broadcast_deliveries"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "user_id"),
        Index("ix_broadcast_deliveries_broadcast_state", "broadcast_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    # None once the learner deleted their data: the row stays so the broadcast's counts do.
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(8))
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(Timestamp)


class BroadcastLease(Base):
    """Which process may send broadcasts, until when; and Telegram's last flood ban."""

    __tablename__ = "broadcast_leases"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(128))
    lease_until: Mapped[datetime] = mapped_column(Timestamp)
    # Kept here so a restarted sender honours a ban its crashed predecessor received.
    flood_until: Mapped[datetime | None] = mapped_column(Timestamp)


# The states of an inbox row (see InboxUpdate).
INBOX_PENDING, INBOX_HANDLED, INBOX_DONE, INBOX_POISON = "pending", "handled", "done", "poison"
# Written out, not bound: only a condition written as the index's own lets the planner use
# a partial index, on PostgreSQL and SQLite alike.
INBOX_UNFINISHED_SQL = f"state IN ('{INBOX_PENDING}', '{INBOX_HANDLED}')"


class InboxUpdate(Base):
    """An update from the chat app, kept from its arrival until its turn is answered.

    pending: not handled yet; handled: the turn is saved and its replies, kept here, may not
    have reached the learner; done; poison: it cannot be parsed or handling it failed.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        Index("ix_inbox_learner_key_update_id", "learner_key", "update_id"),
        Index("ix_inbox_state_update_id", "state", "update_id"),
        # The claim looks only at updates not yet answered: with these, its cost follows
        # the waiting updates, never the finished ones the inbox keeps for two days.
        Index(
            "ix_inbox_unfinished",
            "update_id",
            postgresql_where=text(INBOX_UNFINISHED_SQL),
            sqlite_where=text(INBOX_UNFINISHED_SQL),
        ),
        Index(
            "ix_inbox_unfinished_learner",
            "learner_key",
            "update_id",
            postgresql_where=text(INBOX_UNFINISHED_SQL),
            sqlite_where=text(INBOX_UNFINISHED_SQL),
        ),
    )

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    learner_key: Mapped[int] = mapped_column(BigInteger)  # who it concerns: updates in order
    payload: Mapped[str] = mapped_column(Text)  # the update's JSON as received
    state: Mapped[str] = mapped_column(String(8))
    received_at: Mapped[datetime] = mapped_column(Timestamp)
    finished_at: Mapped[datetime | None] = mapped_column(Timestamp, index=True)
    worker: Mapped[str | None] = mapped_column(String(64))  # who holds it, until lease_until
    lease_until: Mapped[datetime | None] = mapped_column(Timestamp)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    replies: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)


class ReviewItemRecord(Base):
    """A quiz question a learner missed at the first try, and when it is due for review."""

    __tablename__ = "review_items"
    __table_args__ = (UniqueConstraint("learner_id", "module_id", "step_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = _learner_fk()
    module_id: Mapped[str] = mapped_column(ContentId)
    step_id: Mapped[str] = mapped_column(ContentId)
    box: Mapped[int] = mapped_column(Integer)  # 1 and 2 come back; 3 is learned
    due_at: Mapped[datetime | None] = mapped_column(Timestamp, index=True)
    last_reviewed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    created_at: Mapped[datetime] = mapped_column(Timestamp)


class FinalCheckResult(Base):
    """One attempt at a final check: questions right at the first try, of how many."""

    __tablename__ = "final_check_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = _learner_fk()
    module_id: Mapped[str] = mapped_column(ContentId)
    right: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean)
    finished_at: Mapped[datetime] = mapped_column(Timestamp)


class Certificate(Base):
    """A certificate of completion, found by its code.

    When its holder deletes their data the row stays without their name or ids, so the code
    is answered as revoked rather than unknown.
    """

    __tablename__ = "certificates"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    learner_id: Mapped[int | None] = mapped_column(
        ForeignKey("learners.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    name: Mapped[str | None] = mapped_column(Text)
    course: Mapped[str] = mapped_column(Text)  # the course's title in the holder's language
    locale: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[datetime] = mapped_column(Timestamp)
    revoked_at: Mapped[datetime | None] = mapped_column(Timestamp)
