"""Drivers carry inputs to the conversation service and replies back: terminal, Telegram."""
