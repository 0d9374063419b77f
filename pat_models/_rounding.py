"""
Floats that may be integers orjson rounded.

orjson reads integers from -2**63 to 2**64 - 1 exactly and larger ones as
floats.  Rather than scan every text for long runs of digits, `_jsontext`
lets such a float through and reads the text again only if one arrives
where an integer would mean something else: an open-ended value (`freeze`)
or an error message that names its JSON type (`json_type`).  Those two
places count it here, and `_jsontext.parse` compares the count before and
after it builds.
"""

from __future__ import annotations

from contextvars import ContextVar

NOTED: ContextVar[int] = ContextVar("NOTED", default=0)
"""How many floats that may be rounded integers were met, in this thread or task."""

_EXACT_BELOW = 2.0**63


def note_float(value: float) -> None:
    """
    Count a float found where an integer would mean something else.

    While a value orjson read is built, a float this large may be an integer
    it rounded, and the text is read again.  Anywhere else the count is
    never looked at: a float is what it is.
    """
    if abs(value) >= _EXACT_BELOW:
        NOTED.set(NOTED.get() + 1)
