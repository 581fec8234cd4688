"""Runs the admin commands on their own: python -m sellerbot.admin broadcast ..."""

import argparse

from sellerbot.admin.cli import add_commands


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sellerbot.admin")
    parser.add_argument(
        "--config", help="TOML settings file; environment variables override its values"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_commands(commands)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
