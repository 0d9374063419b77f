"""
The ``pat-models`` command line: check, normalize, audit and describe PAT payloads.

It sits on top of the library, which never imports it: a copy of pat_models
without this folder (and ``__main__.py``, which only starts it) loads and
dumps as well.
"""

from ._main import main

__all__ = ["main"]
