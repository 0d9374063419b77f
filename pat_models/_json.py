"""
JSON text in and out: the standard library, or orjson when it is installed.

Numbers are kept exactly: a number whose value a double would change (more
digits than a double holds, beyond its range, or an integer of more digits
than Python's `int` reads) is read as the `decimal.Decimal` of its text and
written back as that text.

orjson (the ``fast`` extra) parses and writes several times faster, but it
reads integers beyond 64 bits and long fractions as rounded floats, writes
some floats differently and refuses a few inputs the standard library takes.
Its result is used only where it is the same; everywhere else the standard
library's is.
"""

from __future__ import annotations

import decimal
import importlib
import json
import math
import secrets
from collections.abc import Callable, Iterator
from typing import Any, Literal, TypeVar

from ._errors import Problem, ValidationError, key_path
from ._values import FLOATS_REFUSED, WireFloat, exact_integer, exact_number

DuplicateKeys = Literal["last", "reject"]
_T = TypeVar("_T")


try:
    # import_module, not an import statement: a type checker in an
    # environment without orjson has nothing to look for.
    ORJSON: Any = importlib.import_module("orjson")
except ImportError:  # without the fast extra: the standard library alone
    ORJSON = None


def parse(
    data: str | bytes,
    build: Callable[[Any], _T],
    duplicate_keys: DuplicateKeys = "last",
) -> _T:
    """
    Return *build* applied to the value of the JSON text *data*, strictly.

    orjson, where it is installed, reads the text first; but it reads an
    integer beyond 64 bits, or a float of more digits than a double holds, as
    a rounded float.  So its value is built with floats refused (see
    `FLOATS_REFUSED`), and if *build* raises anything, the text is read again
    by the standard library and built again: the result, and any error, are
    always the standard library's, and common input costs orjson's parse.

    Args:
        data: JSON text, as str or as bytes in UTF-8, UTF-16 or UTF-32.
        build: What to make of the value: run once, or twice on the rare
            path.  Open-ended values it keeps go through `freeze`.
        duplicate_keys: An object with a key twice keeps the last value
            (``"last"``, what JSON parsers and the API's server do), or is an
            error (``"reject"``: two parsers that disagree on which value
            wins is how values get smuggled past a check).

    Raises:
        ValidationError: *data* is not JSON.  The message gives the position,
            never the text, which may hold a secret.
    """
    if duplicate_keys == "reject":
        return build(_parse_unique(data))
    # Exact str and bytes only: orjson takes more types, and what is accepted
    # must not depend on whether it is installed.
    if ORJSON is not None and (type(data) is str or type(data) is bytes):
        refusing = FLOATS_REFUSED.set(True)
        try:
            return build(ORJSON.loads(data))
        except Exception:  # noqa: BLE001, S110 - the standard library's reading decides
            pass
        finally:
            FLOATS_REFUSED.reset(refusing)
    return build(parse_stdlib(data))


def parse_stdlib(data: str | bytes, **options: Any) -> Any:
    """
    Return the value of the JSON text *data*, read by the standard library alone.

    *options* go to the decoder.  Raises `ValidationError` as `parse` does.
    """
    problem = None
    try:
        return _read(data, **options)
    except json.JSONDecodeError as error:
        problem = not_json(error.msg, f"line {error.lineno} column {error.colno}")
    except UnicodeDecodeError as error:
        problem = f"not valid {error.encoding.upper()} at byte {error.start}"
    except UnicodeEncodeError as error:
        problem = f"not Unicode text: a lone surrogate at character {error.start}"
    except (RecursionError, ValueError) as error:
        problem = not_json_here(error)
    except TypeError:
        problem = f"expected JSON text as str or bytes, got {type(data).__name__}"
    raise ValidationError([("$", problem)])


def not_json(message: str, where: str) -> str:
    """Say what the parser found wrong, and *where*: its messages may end in "at" already."""
    return f"not valid JSON: {message.removesuffix(' at')} at {where}"


def not_json_here(error: RecursionError | ValueError) -> str:
    """Say why text the parser read is not JSON pat_models takes: too deep, or NaN."""
    if isinstance(error, RecursionError):
        return "not valid JSON here: nested too deeply"
    return f"not valid JSON here: {error}"


def _read(data: str | bytes, **options: Any) -> Any:
    """Do what `json.loads` does, with one decoder made once instead of one a call."""
    if isinstance(data, (bytes, bytearray)):
        # Strictly, unlike json.loads: UTF-8 that encodes a surrogate is not
        # UTF-8, and two such halves would be read back as one character.
        data = data.decode(json.detect_encoding(data))
    elif not isinstance(data, str):
        raise TypeError
    elif data.startswith("\ufeff"):
        msg = "Unexpected UTF-8 BOM (decode using utf-8-sig)"
        raise json.JSONDecodeError(msg, data, 0)
    elif not data.isascii():
        data.encode()  # text with a raw lone surrogate is not Unicode text
    if options:
        return _decoder(**options).decode(data)
    try:
        return _DECODE(data)
    except ValueError as error:
        if isinstance(error, json.JSONDecodeError):
            raise
    return _decoder().decode(data)  # an integer of more digits than int reads, or a constant


def _decoder(**options: Any) -> json.JSONDecoder:
    """Return a decoder that reads every number exactly (see `exact_integer`)."""
    return json.JSONDecoder(
        parse_constant=_reject_constant,
        parse_float=exact_number,
        parse_int=exact_integer,
        **options,
    )


def value_at(text: str, at: int, duplicate_keys: DuplicateKeys = "last") -> tuple[Any, int]:
    """
    Read the JSON value that starts at ``text[at]``; return it, and where it ends.

    For a reader of many values in one text; numbers are read exactly, and
    with ``"reject"`` objects that gave a key twice are marked for
    `duplicate_problems`.

    Raises:
        json.JSONDecodeError: the text there is not a JSON value.
        RecursionError: it nests too deeply to read.
        ValueError: it holds NaN or an infinity.
    """
    decoder = _UNIQUE if duplicate_keys == "reject" else _EXACT
    return decoder.raw_decode(text, at)


def duplicate_problems(value: Any) -> list[Problem]:
    """Return a problem for each key given twice in an object of *value*, read by `value_at`."""
    try:
        return list(_duplicates(value, "$"))
    except RecursionError:
        return [("$", "not valid JSON here: nested too deeply")]


def _parse_unique(data: str | bytes) -> Any:
    value = parse_stdlib(data, object_pairs_hook=_pairs)
    problems = duplicate_problems(value)
    if problems:
        raise ValidationError(problems)
    return value


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
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _duplicates(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        if isinstance(value, _Duplicated):
            for key in dict.fromkeys(value.duplicated):
                yield key_path(path, key), "duplicate key"
        for key, item in value.items():
            yield from _duplicates(item, key_path(path, key))


def write(data: Any) -> str:
    """
    Write *data* as compact JSON text, non-ASCII as is.

    Raises:
        ValidationError: *data* is nested too deeply to write.
    """
    if ORJSON is not None:
        try:
            return ORJSON.dumps(data, default=_fragment).decode()  # type: ignore[no-any-return]
        except TypeError:
            pass  # integers beyond 64 bits, lone surrogates, depth: the standard library decides
    return write_stdlib(data)


def write_stdlib(data: Any) -> str:
    """Do what `write` does, with the standard library alone."""
    problem = None
    try:
        text = _encode(data, ensure_ascii=False)
    except RecursionError:
        problem = "nested too deeply to write"
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
            if _read(text) == data:
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


def _fragment(value: object) -> Any:
    if type(value) is WireFloat and math.isfinite(value):
        return ORJSON.Fragment(float.__repr__(value))
    if type(value) is decimal.Decimal:
        return ORJSON.Fragment(str(value))
    msg = f"{type(value).__name__} is not a JSON value"
    raise TypeError(msg)


def _reject_constant(name: str) -> Any:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


# One decoder and two encoders, made once: json.loads and json.dumps make a
# new one on every call that passes an option.  Nothing they write can hold
# a cycle (it comes from unstructuring frozen objects), so none is looked for.
# A number beyond a double (1e400) is read as an infinity, as JSON text allows:
# where it stands, it is not the integer or the finite number a model takes,
# and the error says so at its key.
_DECODE = json.JSONDecoder(parse_constant=_reject_constant, parse_float=exact_number).decode
_EXACT = _decoder()
_UNIQUE = _decoder(object_pairs_hook=_pairs)
_ENCODE = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False
).encode
_ENCODE_ASCII = json.JSONEncoder(
    separators=(",", ":"), allow_nan=False, check_circular=False
).encode
