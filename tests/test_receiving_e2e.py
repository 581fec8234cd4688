"""Receiving under stress: no network at start, a stop while waiting, and a webhook that
strangers cannot make read large bodies or hold many sockets; /healthz for operators."""

from __future__ import annotations

import contextlib
import json
import socket
import sqlite3
import time
import urllib.error
import urllib.request

import pytest

from tests.fakebotapi import FakeBotApi
from tests.telegram_harness import BotProcess

pytestmark = pytest.mark.timeout(180)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_no_network_at_start_is_waited_out_in_one_line_and_a_stop_is_prompt(api, tmp_path):
    closed = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    bot = BotProcess(
        api, tmp_path / "bot.db", tmp_path / "bot.log", extra_env={"SELLERBOT_API_URL": closed}
    )
    bot.start(wait_for_polling=False)
    deadline = time.monotonic() + 30
    while "waiting for the Bot API" not in bot.log.read_text() and time.monotonic() < deadline:
        assert not bot.exited, bot.log.read_text()
        time.sleep(0.2)
    time.sleep(2)
    assert not bot.exited  # it keeps waiting, it does not give up
    started = time.monotonic()
    assert bot.stop() == 0
    assert time.monotonic() - started < 5
    log = bot.log.read_text()
    assert "Traceback" not in log
    waiting = [line for line in log.splitlines() if "waiting for the Bot API" in line]
    assert waiting and all(api.token not in line for line in waiting)


@pytest.fixture
def webhook_bot(api, tmp_path):
    port = _free_port()
    bot = BotProcess(
        api,
        tmp_path / "bot.db",
        tmp_path / "bot.log",
        arguments=(
            "webhook",
            "--url",
            "https://bot.example.org/hook",
            "--port",
            str(port),
            "--secret",
            "s3cret",
        ),
    )
    bot.start(wait_for_polling=False)
    api.wait_for(lambda a: bool(a.calls_to("setWebhook")) or bot.exited, timeout=30)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield bot, port
    bot.stop()


def _raw_request(port: int, head: str, body: bytes = b"") -> str:
    """Send a request by hand; the status line of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head.encode() + b"\r\n\r\n" + body)
        return connection.recv(200).decode(errors="replace").split("\r\n", 1)[0]


def test_the_webhook_refuses_before_reading_a_large_body(webhook_bot):
    _, port = webhook_bot
    huge = 90 * 1024 * 1024
    started = time.monotonic()
    # Only the headers are sent: the answer must come without the 90 MB.
    status = _raw_request(port, f"POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: {huge}")
    assert " 403 " in status
    status = _raw_request(
        port,
        f"POST /hook HTTP/1.1\r\nHost: x\r\nX-Telegram-Bot-Api-Secret-Token: s3cret\r\n"
        f"Content-Length: {huge}",
    )
    assert " 413 " in status
    assert time.monotonic() - started < 5


def test_the_webhook_caps_connections_and_stays_healthy(webhook_bot):
    _, port = webhook_bot
    idle = []
    try:
        for _ in range(150):  # slow clients that never send a request
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        time.sleep(0.5)
        refused = 0
        for connection in idle:
            connection.setblocking(False)
            with contextlib.suppress(BlockingIOError):  # still open: not refused
                refused += connection.recv(1) == b""  # closed by the server at once
        assert refused >= 40
    finally:
        for connection in idle:
            connection.close()
    time.sleep(0.5)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as answer:
        assert answer.status == 200
        assert json.loads(answer.read())["ok"] is True


def test_healthz_says_when_updates_wait_too_long(api, tmp_path):
    """A receiver without workers: an update that waits past two minutes turns it to 503."""
    port = _free_port()
    database = tmp_path / "bot.db"
    bot = BotProcess(
        api,
        database,
        tmp_path / "bot.log",
        arguments=(
            "webhook",
            "--url",
            "https://bot.example.org/hook",
            "--port",
            str(port),
            "--secret",
            "s3cret",
            "--receive-only",
        ),
    )
    bot.start(wait_for_polling=False)
    try:
        api.wait_for(lambda a: bool(a.calls_to("setWebhook")) or bot.exited, timeout=30)
        update = FakeBotApi.webhook_update_json(api.make_message_update(6001, "/start"))
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/hook",
            data=update,
            headers={
                "Content-Type": "application/json",
                "X-Telegram-Bot-Api-Secret-Token": "s3cret",
            },
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    assert answer.status == 200
                break
            except urllib.error.URLError:
                time.sleep(0.1)
        health = f"http://127.0.0.1:{port}/healthz"
        with urllib.request.urlopen(health, timeout=10) as answer:
            assert answer.status == 200  # it has waited only a moment
        with sqlite3.connect(database) as connection:
            connection.execute("UPDATE inbox SET received_at = '2020-01-01 00:00:00.000000'")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(health, timeout=10)
        assert refused.value.code == 503
    finally:
        bot.stop()
