"""
JSON text in and out, with the standard library, every number exactly.

A number whose value a double would change (more digits than a double
holds, beyond its range, or an integer of more digits than Python's `int`
reads) is read as the `decimal.Decimal` of its text, and written back as that
Decimal's text: the same number, in `decimal`'s spelling (``1e-400`` comes
back as ``1E-400``).  orjson, for those who want it, is `pat_models.orjson`.
"""

from __future__ import annotations

import decimal
import json
import secrets
from collections.abc import Iterator
from typing import Any, Literal

from ._errors import Problem, ValidationError, check_choice, key_path
from ._values import exact_integer, exact_number

DuplicateKeys = Literal["last", "reject"]


def parse(data: str | bytes, duplicate_keys: DuplicateKeys = "last") -> Any:
    """
    Return the value of the JSON text *data*, strictly.

    Args:
        data: JSON text, as str or as bytes in UTF-8, UTF-16 or UTF-32.
        duplicate_keys: An object with a key twice keeps the last value
            (``"last"``, what JSON parsers and the API's server do), or is an
            error (``"reject"``: two parsers that disagree on which value
            wins is how values get smuggled past a check).

    Raises:
        ValidationError: *data* is not JSON.  The message gives the position,
            never the text, which may hold a secret.
        TypeError: *data* is neither str nor bytes.
    """
    if not isinstance(data, (str, bytes, bytearray)):
        # The caller's mistake, not the document's: a dict wants structure().
        msg = f"expected JSON text as str or bytes, got {type(data).__name__}"
        raise TypeError(msg)
    if duplicate_keys != "last":  # the caller's mistake is told before the document's
        check_choice("duplicate_keys", duplicate_keys, DuplicateKeys)
    problem = None
    try:
        text = _text(data)
        value, end = read_json(text, _skip_space(text, 0), duplicate_keys=duplicate_keys)
        if _skip_space(text, end) != len(text):
            msg = "Extra data"
            raise json.JSONDecodeError(msg, text, _skip_space(text, end))  # noqa: TRY301
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        problem = f"not valid JSON: {error.msg.removesuffix(' at')} at {where}"
    except UnicodeDecodeError as error:
        problem = f"not valid {error.encoding.upper()} at byte {error.start}"
    except UnicodeEncodeError as error:
        problem = f"not Unicode text: a lone surrogate at character {error.start}"
    else:
        return value
    raise ValidationError([("$", problem)])


def _text(data: str | bytes) -> str:
    if type(data) is str or isinstance(data, str):
        if data.startswith("\ufeff"):
            msg = "Unexpected UTF-8 BOM (decode using utf-8-sig)"
            raise json.JSONDecodeError(msg, data, 0)
        if not data.isascii():
            data.encode()  # text with a raw lone surrogate is not Unicode text
        return data
    # Strictly, unlike json.loads: UTF-8 that encodes a surrogate is not
    # UTF-8, and two such halves would be read back as one character.
    return data.decode(json.detect_encoding(data))


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\n\r":
        at += 1
    return at


def read_json(text: str, at: int = 0, *, duplicate_keys: DuplicateKeys = "last") -> tuple[Any, int]:
    """
    Read the JSON value at ``text[at]`` as `loads` reads it; return it and where it ends.

    For readers of many values in one text (NDJSON, a log): numbers are read
    exactly, ``NaN`` and ``Infinity`` refused, and with ``"reject"`` a key
    given twice in an object is an error.

    Raises:
        json.JSONDecodeError: the text there is not a JSON value; its
            position says where.
        ValidationError: the value holds ``NaN`` or an infinity, a number
            no `decimal.Decimal` holds, a key given twice (with
            ``"reject"``), or nests too deeply to read.
    """
    if duplicate_keys != "last":  # not on every read of the default
        check_choice("duplicate_keys", duplicate_keys, DuplicateKeys)
    try:
        value, end = (_UNIQUE if duplicate_keys == "reject" else _EXACT).raw_decode(text, at)
    except RecursionError:
        problem = "not valid JSON here: nested too deeply"
    except json.JSONDecodeError:
        raise
    except ValueError as error:
        problem = f"not valid JSON here: {error}"
    else:
        if duplicate_keys == "reject" and (problems := list(_duplicates(value, "$"))):
            raise ValidationError(problems)
        return value, end
    raise ValidationError([("$", problem)])


class _Duplicated(dict[str, Any]):
    """An object read from text that gave some of its keys twice."""

    __slots__ = ("duplicated",)
    duplicated: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) == len(pairs):
        return value
    marked = _Duplicated(value)
    seen: set[str] = set()
    marked.duplicated = [key for key, _ in pairs if key in seen or seen.add(key)]  # type: ignore[func-returns-value]
    return marked


def _duplicates(value: Any, path: str) -> Iterator[Problem]:
    # Iterative, not recursive: the decoder reads deeper than Python recurses.
    stack = [(value, path)]
    while stack:
        value, path = stack.pop()
        if isinstance(value, list):
            stack += reversed([(item, f"{path}[{index}]") for index, item in enumerate(value)])
        elif isinstance(value, dict):
            if isinstance(value, _Duplicated):
                for key in dict.fromkeys(value.duplicated):
                    yield key_path(path, key), "duplicate key"
            stack += reversed([(item, key_path(path, key)) for key, item in value.items()])


def write(data: Any) -> str:
    """
    Write *data* as compact JSON text, non-ASCII as is.

    Raises:
        ValidationError: *data* is nested too deeply to write, or holds a
            high and a low surrogate apart, which JSON reads back as one.
    """
    problem = None
    try:
        text = _encode(data, ensure_ascii=False)
    except RecursionError:
        problem = "nested too deeply to write"
    except ValueError:  # an integer read before sys.set_int_max_str_digits lowered the limit
        problem = "an integer has more digits than Python now writes"
    else:
        if text.isascii():
            return text
        try:
            text.encode()
        except UnicodeEncodeError:
            # A lone surrogate (read from a "\ud800" escape) cannot be UTF-8:
            # written as escapes, the text means the same and can be stored,
            # unless a high and a low one stand side by side, which JSON reads
            # back as one character.
            text = _encode(data, ensure_ascii=True)
            if _EXACT.decode(text) == data:
                return text
            problem = "a string holds a high and a low surrogate apart, which JSON cannot"
        else:
            return text
    raise ValidationError([("$", problem)])


def _encode(data: Any, *, ensure_ascii: bool) -> str:
    encode = _ENCODE_ASCII if ensure_ascii else _ENCODE
    try:
        return encode(data)
    except TypeError:  # a Decimal: the standard library cannot write a number's own text
        return _encode_with_decimals(data, ensure_ascii=ensure_ascii)


def _encode_with_decimals(data: Any, *, ensure_ascii: bool) -> str:
    """Write *data*, each `decimal.Decimal` in it as its text, through a placeholder."""
    numbers: list[str] = []
    # A string of the data cannot write as this: JSON writes a NUL as \u0000,
    # and the rest is drawn afresh each time.
    mark = f"\0{secrets.token_hex(16)}"

    def placeholder(value: object) -> str:
        if type(value) is not decimal.Decimal:
            msg = f"{type(value).__name__} is not a JSON value"
            raise TypeError(msg)
        numbers.append(str(value))
        return mark

    encoder = json.JSONEncoder(
        ensure_ascii=ensure_ascii,
        separators=(",", ":"),
        allow_nan=False,
        check_circular=False,
        default=placeholder,
    )
    pieces = encoder.encode(data).split(json.dumps(mark))
    text = pieces[0]
    for number, piece in zip(numbers, pieces[1:], strict=True):
        text += number + piece
    return text


def _reject_constant(name: str) -> Any:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


# One decoder each way and two encoders, made once: json.loads and json.dumps
# make a new one on every call that passes an option.  Nothing they write can
# hold a cycle (it comes from unstructuring frozen objects), so none is looked for.
_EXACT = json.JSONDecoder(
    parse_constant=_reject_constant, parse_float=exact_number, parse_int=exact_integer
)
_UNIQUE = json.JSONDecoder(
    parse_constant=_reject_constant,
    parse_float=exact_number,
    parse_int=exact_integer,
    object_pairs_hook=_pairs,
)
_ENCODE = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False
).encode
_ENCODE_ASCII = json.JSONEncoder(
    separators=(",", ":"), allow_nan=False, check_circular=False
).encode
