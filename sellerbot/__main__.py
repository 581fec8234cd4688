"""Run the sellerbot command with `python -m sellerbot`."""

from sellerbot.cli import main

raise SystemExit(main())
