"""Correct a misspelt English word to a known one ("discription" -> "description")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

# Short words have too many neighbours one edit away ("rats" -> "rate"), so only words this
# long are corrected, and only to words with the same first letter: typos rarely change it,
# while real words do ("eating" is not "rating").
MIN_CORRECTED_LENGTH = 6


def _deletions(word: str) -> set[str]:
    """The word and every form of it with one letter left out."""
    return {word} | {word[:index] + word[index + 1 :] for index in range(len(word))}


class SpellingCorrector:
    """Symmetric-deletion lookup of known words about one edit away.

    Two words are close when leaving out at most one letter of each makes them equal (a
    letter added, left out, changed or two swapped), which finds the neighbours without
    comparing the word against the whole vocabulary.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self._frequency = Counter(words)
        self._by_deletion: dict[str, list[str]] = {}
        for word in self._frequency:
            for deletion in _deletions(word):
                self._by_deletion.setdefault(deletion, []).append(word)

    def __contains__(self, word: str) -> bool:
        return word in self._frequency

    def correct(self, word: str) -> str | None:
        """The most frequent close known word, or None if there is none or the word is known."""
        if word in self._frequency or len(word) < MIN_CORRECTED_LENGTH or not word.isalpha():
            return None
        candidates = {
            known
            for deletion in _deletions(word)
            for known in self._by_deletion.get(deletion, ())
            if abs(len(known) - len(word)) <= 1 and known[0] == word[0]
        }
        if not candidates:
            return None
        return max(candidates, key=lambda known: (self._frequency[known], known))
