"""Runs the fake Bot API as its own process: python -m tests.fakebotapi --port P --token T."""

import argparse
import signal
import threading

from .server import DEFAULT_TOKEN, FakeBotApi


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
