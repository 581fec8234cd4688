"""Runs the fake Bot API as its own process: python -m tests.fakebotapi --port P --token T."""

import argparse
import signal
import subprocess
import sys
import threading
from pathlib import Path

from .server import DEFAULT_TOKEN, FakeBotApi


def launch(token: str) -> tuple[subprocess.Popen, str]:
    """Start the server in a process of its own, for a client in yet another process;
    returns the process and the server's root URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakebotapi", "--port", "0", "--token", token],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        text=True,
    )
    return process, process.stdout.readline().strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--spec", default=None, help="path to api.min.json")
    arguments = parser.parse_args()

    stop_requested = threading.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: stop_requested.set())
    with FakeBotApi(
        arguments.token, host=arguments.host, port=arguments.port, spec_path=arguments.spec
    ) as api:
        # The root URL on stdout tells the launching process where to point the bot.
        print(api.root_url, flush=True)
        stop_requested.wait()


if __name__ == "__main__":
    main()
