"""Runs the bot's process: start-up that waits for the network, the receiver and the worker,
and a prompt, orderly stop on SIGINT or SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable
from dataclasses import dataclass

from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application

from sellerbot.drivers.telegram.bot import TelegramDriver
from sellerbot.drivers.telegram.receiver import Poller
from sellerbot.drivers.telegram.webhook import WebhookOptions, receive_by_webhook
from sellerbot.worker import Worker

log = logging.getLogger(__name__)

START_RETRY_MAX = 30.0  # seconds between tries to reach the Bot API at start, at most
STOP_GRACE = 3.0  # seconds a turn under way may take to finish at a stop


@dataclass(frozen=True)
class Roles:
    """What this process does: receive updates into the inbox, handle them, or both."""

    receive: bool = True
    work: bool = True
    webhook: WebhookOptions | None = None  # None: long polling


class Stopping(Exception):
    pass


async def _until(stop: asyncio.Event, awaitable: Awaitable):
    """Await `awaitable` unless a stop is asked for first."""
    task = asyncio.ensure_future(awaitable)
    stopper = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    stopper.cancel()
    if task not in done:
        task.cancel()
        with contextlib.suppress(BaseException):
            await task
        raise Stopping
    return task.result()


async def _initialize(application: Application, stop: asyncio.Event) -> None:
    """Reach the Bot API (getMe), waiting out a network that is down; a wrong token raises."""
    delay = 1.0
    while True:
        try:
            await _until(stop, application.initialize())
            return
        except InvalidToken:
            raise
        except NetworkError as error:
            log.warning("waiting for the Bot API to answer (%s); next try in %.0f s", error, delay)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
        if stop.is_set():
            raise Stopping
        delay = min(START_RETRY_MAX, delay * 2)


async def serve(driver: TelegramDriver, roles: Roles) -> None:
    application = driver.build()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    started = False
    try:
        await _initialize(application, stop)
        if application.post_init is not None:
            await _until(stop, application.post_init(application))
        await application.start()
        started = True
        await _run(driver, application, roles, stop)
    except Stopping:
        log.info("stopped before the bot was running")
    finally:
        if started:
            await application.stop()
        await application.shutdown()  # does nothing when initialize did not finish
        if application.post_shutdown:
            await application.post_shutdown(application)


async def _run(
    driver: TelegramDriver, application: Application, roles: Roles, stop: asyncio.Event
) -> None:
    inbox, inbound = driver.inbox, driver.inbound
    assert inbox is not None and inbound is not None, "post_init builds them"
    worker = Worker(inbox, inbound.handle) if roles.work else None
    notify = worker.notify if worker is not None else (lambda: None)
    tasks: list[asyncio.Task] = []
    if worker is not None:
        tasks.append(asyncio.create_task(worker.run(), name="worker"))
    if roles.receive:
        if roles.webhook is not None:
            receiving = receive_by_webhook(application.bot, inbox, roles.webhook, notify)
        else:
            receiving = Poller(application.bot, inbox, notify).run()
        tasks.append(asyncio.create_task(receiving, name="receiver"))
    stopper = asyncio.create_task(stop.wait())
    try:
        done, _ = await asyncio.wait({*tasks, stopper}, return_when=asyncio.FIRST_COMPLETED)
        for task in done - {stopper}:
            task.result()  # a receiver that gave up (a wrong token) ends the process
    finally:
        stopper.cancel()
        for task in tasks:
            if task.get_name() == "receiver":
                task.cancel()
        if worker is not None:
            await worker.stop(STOP_GRACE)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
