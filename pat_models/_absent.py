"""
The marker for a key that was not on the wire.

JSON distinguishes a missing key from a key whose value is ``null``, and the
PAT API gives both meanings: an old payload lacks keys that did not exist yet,
a new one sends ``null`` for "never expires".  ``None`` already means
``null``, so absence needs a value of its own.
"""

from __future__ import annotations

import enum
from typing import Final, Literal


class Absent(enum.Enum):
    """
    The type of `ABSENT`, with `ABSENT` as its only member.

    A one-member enum is the sentinel that type checkers understand:
    ``x is ABSENT`` narrows ``str | Absent`` to ``str``, and the member
    survives pickling and copying as itself.  It reads false, as attrs'
    ``NOTHING`` and msgspec's ``UNSET`` do: ``if token.last_used:`` means
    "there is a value", not "the key was sent".
    """

    ABSENT = "ABSENT"

    def __repr__(self) -> str:
        return "ABSENT"

    __str__ = __repr__

    def __bool__(self) -> Literal[False]:
        return False


ABSENT: Final = Absent.ABSENT
