"""Certificates looked up by their code: to check one, and to draw it again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from sellerbot.engine.codes import normalize_code
from sellerbot.engine.inputs import Verify
from sellerbot.store.schema import Certificate

SHOWN_LENGTH = 24  # of a code that matches nothing, echoed back in the answer


@dataclass(frozen=True)
class CertificateRecord:
    code: str
    name: str | None  # None once its holder deleted their data
    course: str
    locale: str
    issued_at: datetime
    revoked_at: datetime | None


async def find_certificate(engine: AsyncEngine, code: str) -> CertificateRecord | None:
    query = select(
        Certificate.code,
        Certificate.name,
        Certificate.course,
        Certificate.locale,
        Certificate.issued_at,
        Certificate.revoked_at,
    ).where(Certificate.code == code)
    async with engine.connect() as connection:
        row = (await connection.execute(query)).first()
    return CertificateRecord(*row) if row else None


async def verify(engine: AsyncEngine, typed: str) -> Verify:
    """Whether the code someone typed or followed is a genuine certificate, and whose."""
    code = normalize_code(typed)
    record = await find_certificate(engine, code) if code else None
    if record is None:
        shown = code or "".join(each for each in typed.strip() if each.isprintable())
        return Verify(shown[:SHOWN_LENGTH], "unknown")
    if record.revoked_at is not None or record.name is None:
        return Verify(record.code, "revoked")
    return Verify(record.code, "genuine", record.name, record.course, record.issued_at.date())
