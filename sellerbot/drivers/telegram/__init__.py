"""The Telegram driver: python-telegram-bot carries updates in and replies out."""
