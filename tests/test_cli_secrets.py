"""A rejected token or a wrong Bot API address ends every command in one line, token unsaid."""

from __future__ import annotations

import os
import socket
import subprocess

import pytest

from tests.fakebotapi import FakeBotApi
from tests.telegram_harness import SELLERBOT

WRONG_TOKEN = "987654:WRONG-TOKEN-never-to-be-printed"
REJECTED = "TELEGRAM_BOT_TOKEN was rejected by Telegram: check it with @BotFather"


@pytest.fixture
def api():
    with FakeBotApi() as server:
        yield server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sellerbot(tmp_path, token: str, api_url: str, *arguments: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": token,
        "SELLERBOT_API_URL": api_url,
        "SELLERBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
    }
    return subprocess.run(
        [str(SELLERBOT), *arguments],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


COMMANDS = {
    "run": ("run",),
    "webhook": ("webhook", "--url", "https://bot.example.org/hook", "--port", "0"),
    "link": ("link", "--source", "county-3"),
}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_rejected_token_is_one_line_and_never_printed(api, tmp_path, command):
    result = sellerbot(tmp_path, WRONG_TOKEN, api.root_url, *COMMANDS[command])
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(REJECTED), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "WRONG-TOKEN" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_a_wrong_api_url_answering_404_does_not_print_the_token(api, tmp_path, command):
    result = sellerbot(tmp_path, api.token, api.root_url + "/not-the-bot-api", *COMMANDS[command])
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "TELEGRAM_BOT_TOKEN was rejected" in result.stderr
    assert "SELLERBOT_API_URL" in result.stderr  # the other setting that can be at fault
    assert api.token not in result.stdout + result.stderr
    assert "TEST-TOKEN" not in result.stdout + result.stderr


@pytest.mark.parametrize("where", ["environment", "config file"])
def test_the_webhook_secret_comes_from_the_settings_and_is_never_logged(api, tmp_path, where):
    from tests.telegram_harness import BotProcess

    secret = "from-the-settings_0123456789"
    port = free_port()
    arguments = ["webhook", "--url", "https://bot.example.org/hook", "--port", str(port)]
    extra_env = {"SELLERBOT_WATCH_SECONDS": "0"}
    if where == "environment":
        extra_env["SELLERBOT_WEBHOOK_SECRET"] = secret
    else:
        config = tmp_path / "bot.toml"
        config.write_text(f'webhook_secret = "{secret}"\n', encoding="utf-8")
        arguments = ["--config", str(config), *arguments]
    process = BotProcess(
        api, tmp_path / "bot.db", tmp_path / "bot.log", tuple(arguments), extra_env=extra_env
    )
    process.start(wait_for_polling=False)
    try:
        api.wait_for(lambda a: bool(a.calls_to("setWebhook")) or process.exited, timeout=30)
        assert api.calls_to("setWebhook")[-1].params["secret_token"] == secret
    finally:
        process.stop()
    log = (tmp_path / "bot.log").read_text()
    assert secret not in log and api.token not in log


def test_the_webhook_secret_is_hidden_even_in_debug_logs(capsys):
    import logging

    from sellerbot.cli import _hide_in_logs

    handler = logging.StreamHandler()
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        _hide_in_logs("hush-hush-secret", "<webhook-secret>")
        logging.getLogger("telegram.ext").debug("setWebhook {'secret_token': 'hush-hush-secret'}")
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    err = capsys.readouterr().err
    assert "hush-hush-secret" not in err and "<webhook-secret>" in err
