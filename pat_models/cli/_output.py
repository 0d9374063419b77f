"""
The one writer of standard output: every byte written, or an error.

A buffered file that is cut short by a full disk may say it wrote what it
did not, and one left non-blocking by a parent drops what does not fit.  So
what the commands print is encoded here and written to the descriptor in a
loop that checks each count: a full disk is an `OSError` (exit 74), a reader
that left a `BrokenPipeError` (exit 141), never a short file and 0.  Data
(JSON) is UTF-8 whatever the locale, for a text stream would write the
locale's encoding (cp1252 on Windows with output redirected, ASCII in a C
locale), which is not JSON's; a report for people is in the terminal's
encoding, what it cannot show escaped.
"""

from __future__ import annotations

import errno
import io
import os
import select
from typing import TextIO

PIECE = 1 << 16
"""How many bytes are gathered before they are written."""


class Output(io.TextIOBase):
    """Standard output: text in, bytes of *encoding* out, each write whole or an `OSError`."""

    def __init__(self, stream: TextIO, encoding: str = "utf-8") -> None:
        super().__init__()
        self._stream, self._encoding = stream, encoding
        try:
            self._fd: int | None = stream.fileno()
        except (OSError, AttributeError, ValueError):  # a test's capture: no descriptor
            self._fd = None
        self._pending = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        # A lone surrogate becomes its JSON escape, \udcff, which reads back as itself.
        self._pending += text.encode(self._encoding, "backslashreplace")
        if len(self._pending) >= PIECE:
            self.flush()
        return len(text)

    def flush(self) -> None:
        data, self._pending = bytes(self._pending), bytearray()
        self._stream.flush()  # what went out as text before comes first
        if self._fd is None:
            buffer = getattr(self._stream, "buffer", None)
            if buffer is not None:
                buffer.write(data)
                buffer.flush()
            else:
                self._stream.write(data.decode(self._encoding))
            return
        view = memoryview(data)
        while view:
            try:
                written = os.write(self._fd, view)
            except BlockingIOError:  # O_NONBLOCK, inherited: wait for the reader, then go on
                select.select([], [self._fd], [])
                continue
            if not written:  # nothing taken, and no error said why: the disk is full
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            view = view[written:]
