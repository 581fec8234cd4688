"""The worker: claims updates from the inbox and handles them, many learners at once, each
learner's in order; it knows nothing of the chat app they came from."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable

from sellerbot.store.inbox import Inbox, InboxRow

log = logging.getLogger(__name__)

CONCURRENCY = 32  # turns under way at once, across learners
IDLE_POLL = 0.25  # seconds between looks at the inbox when nothing says it has news
DB_RETRY = 2.0  # seconds to wait when the database cannot be reached


def worker_name() -> str:
    """Names this process in the inbox leases it takes: machine, process id, a random tag."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def worker_is_gone(worker: str) -> bool:
    """Whether a worker of this machine has stopped (a crash left its leases behind).
    Workers elsewhere are left to their leases running out."""
    parts = worker.split(":")
    if len(parts) != 3 or parts[0] != socket.gethostname()[:40] or not parts[1].isdigit():
        return False
    if int(parts[1]) == os.getpid():
        return True  # this process's former life (a container restarts with the same pid)
    try:
        os.kill(int(parts[1]), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


class Worker:
    """Runs `handle` on every claimed update; `handle` finishes the update in the inbox."""

    def __init__(
        self,
        inbox: Inbox,
        handle: Callable[[InboxRow], Awaitable[None]],
        concurrency: int = CONCURRENCY,
        idle_poll: float = IDLE_POLL,
    ):
        self.inbox = inbox
        self.handle = handle
        self.concurrency = concurrency
        self.idle_poll = idle_poll
        self._running: dict[int, asyncio.Task] = {}
        self._wake = asyncio.Event()
        self._stopping = False

    def notify(self) -> None:
        """New updates are in the inbox (the receiver in this process says so)."""
        self._wake.set()

    async def run(self) -> None:
        renewing = asyncio.create_task(self._renew_leases())
        try:
            while not self._stopping:
                # Cleared before the claim, not after: a turn that ends while the claim
                # waits for the database must wake the next one, or its learner's next
                # update waits a whole poll.
                self._wake.clear()
                try:
                    claimed = await self.inbox.claim(self.concurrency - len(self._running))
                except Exception as error:  # the database is away: wait, then look again
                    log.warning("cannot read the inbox (%s); retrying", type(error).__name__)
                    await asyncio.sleep(DB_RETRY)
                    continue
                for row in claimed:
                    if row.update_id in self._running:
                        # Its lease ran out while the turn went on (the database stalled,
                        # say): this claim only renewed it. A second turn would be refused
                        # as lost and kept as poison.
                        continue
                    task = asyncio.create_task(self._one(row))
                    self._running[row.update_id] = task
                if claimed and len(self._running) < self.concurrency:
                    continue  # more may be waiting
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.idle_poll)
        finally:
            renewing.cancel()

    async def _one(self, row: InboxRow) -> None:
        try:
            await self.handle(row)
        except Exception as error:  # handle reports its own failures; this one escaped it
            # One line, the error's kind only: a database error's text quotes the statement's
            # parameters, which may be a learner's words.
            log.warning(
                "update %s was not finished (%s); it will be tried again",
                row.update_id,
                type(error).__name__,
            )
        finally:
            del self._running[row.update_id]
            self._wake.set()  # this learner's next update, if any, may go now

    async def _renew_leases(self) -> None:
        """Keep this worker's leases, and free those of workers here that have died."""
        while True:
            try:
                freed = await self.inbox.release(worker_is_gone)
                if freed:
                    log.info("%d updates held by a stopped worker are free again", freed)
                await asyncio.sleep(self.inbox.lease.total_seconds() / 3)
                await self.inbox.renew(list(self._running))
            except Exception as error:
                log.warning("cannot renew inbox leases (%s)", type(error).__name__)
                # Before the next try: a database that refuses at once would be asked in a
                # tight loop, a warning each time.
                await asyncio.sleep(DB_RETRY)

    async def stop(self, grace: float = 4.0) -> None:
        """Claim nothing more; let turns under way finish for `grace` seconds, then cancel
        them (their updates are handled again at the next start)."""
        self._stopping = True
        self._wake.set()
        running = list(self._running.values())
        if not running:
            return
        _, late = await asyncio.wait(running, timeout=grace)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
