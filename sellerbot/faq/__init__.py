"""Offline FAQ matching: find the entry that answers a farmer's free-text question."""

from sellerbot.faq.matcher import FaqMatcher, FaqPhrasings, MatchResult, Thresholds

__all__ = ["FaqMatcher", "FaqPhrasings", "MatchResult", "Thresholds"]
