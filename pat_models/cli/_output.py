"""
The one writer of the commands' data: JSON on standard output, as UTF-8, every byte or an error.

A text stream writes in the locale's encoding (cp1252 on Windows with output
redirected, ASCII in a C locale), which is not JSON's; and a buffered file
that is cut short by a full disk may say it wrote what it did not.  So data
is encoded here, as UTF-8 whatever the locale, and written to the descriptor
in a loop that checks each count: a full disk is an `OSError` (exit 74), a
reader that left a `BrokenPipeError` (exit 141), never a short file and 0.
"""

from __future__ import annotations

import errno
import io
import os
import select
from typing import TextIO

PIECE = 1 << 16
"""How many bytes are gathered before they are written."""


class DataOutput(io.TextIOBase):
    """Standard output for data: text in, UTF-8 bytes out, each write whole or an `OSError`."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream
        try:
            self._fd: int | None = stream.fileno()
        except (OSError, AttributeError, ValueError):  # a test's capture: no descriptor
            self._fd = None
        self._pending = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        # A lone surrogate becomes its JSON escape, \udcff, which reads back as itself.
        self._pending += text.encode("utf-8", "backslashreplace")
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
                self._stream.write(data.decode())
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
