"""A check shared by the hostile-input tests of the models: a message a learner can read and act on."""

from __future__ import annotations

import re

# What a learner cannot act on: Python's advice, exception class names, pydantic's own wording.
_NOT_FOR_LEARNERS = re.compile(r"Traceback|sys\.|set_int_max_str_digits|\b[A-Z][A-Za-z]*(Error|Exception)\b|"
                               r"Input should|pydantic|File \"|\.py\b|<module>")


def assert_readable(message: str, *must_say: str) -> None:
    """``message`` is a sentence for a learner (and says each of ``must_say``, case-insensitively)."""
    assert message.strip(), "an empty message"
    assert len(message) < 600, f"a message too long to read: {message[:200]}…"
    found = _NOT_FOR_LEARNERS.search(message)
    assert not found, f"not a message for a learner ({found.group()!r}): {message}"
    for words in must_say:
        assert words.lower() in message.lower(), f"the message should say {words!r}: {message}"
