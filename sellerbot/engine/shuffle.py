"""Quiz options in an order of their own for each learner and step, the same every time.

The order comes from a hash of the learner, module and step (not Python's hash(), which
changes between runs), so a message shown again, after a restart too, keeps its order,
while the right answer is not always the first or the longest button.
"""

from __future__ import annotations

import hashlib
import random


def option_order(user_id: int, module_id: str, step_id: str, count: int) -> list[int]:
    """A permutation of range(count), stable for this learner and step."""
    digest = hashlib.sha256(f"{user_id}:{module_id}:{step_id}".encode()).digest()
    order = list(range(count))
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(order)
    return order
