"""Checks of practice answers that understand words, numbers, claims and languages."""
