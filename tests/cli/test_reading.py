"""Files as the command line reads them: framing, encodings, line numbers, and which model."""

import codecs
import io
import json

import pytest

from pat_models import (
    BulkUpdatePersonalAccessTokensRequest,
    CreatePersonalAccessTokenRequest,
    CreatePersonalAccessTokenResponse,
    ErrorResponseDto,
    GetPersonalAccessTokenResponse,
    JsonPatchOperation,
    ListPersonalAccessTokensV1401Response,
    ListPersonalAccessTokensV1429Response,
    ValidationError,
)
from pat_models._json import parse
from pat_models.cli._reading import CHUNK, _model_of, detect, read


def _load(data):
    return parse(data, lambda value: value)


def _read(raw):
    source = read(io.BytesIO(raw), _load)
    documents = [
        (d.line, d.value if d.error is None else d.error.problems) for d in source.documents
    ]
    return source.framing, documents


@pytest.mark.parametrize(
    ("raw", "framing", "documents"),
    [
        (b"", "empty", []),
        (b" \n\t\r\n", "empty", []),
        (b'{"a": 1}', "json", [(None, {"a": 1})]),
        (b'\n\n  [{"a": 1},\n {"b": 2}]\n', "json", [(None, [{"a": 1}, {"b": 2}])]),
        (b'{"a": 1}\n{"b": 2}\n', "ndjson", [(1, {"a": 1}), (2, {"b": 2})]),
        (b'{"a": 1}\r\n\r\n{"b": 2}', "ndjson", [(1, {"a": 1}), (3, {"b": 2})]),
        (b"[1]\n[2, 3]\n", "ndjson", [(1, [1]), (2, [2, 3])]),
        (b'{"a":\n 1}{"b": 2}\n\n{"c": 3}', "concatenated",
         [(1, {"a": 1}), (2, {"b": 2}), (4, {"c": 3})]),
        (b'{"a": "}\\"{["}  {"b": ["]"]}', "concatenated",
         [(1, {"a": '}"{['}), (1, {"b": ["]"]})]),
        (b'"text" 5 true', "concatenated", [(1, "text"), (1, 5), (1, True)]),
        (b'{"a": 1} {"b": 2}\n{"c": 3}\n', "concatenated",
         [(1, {"a": 1}), (1, {"b": 2}), (2, {"c": 3})]),
        (b'[X,\n 1]\n{"b": 2}', "concatenated",
         [(1, (("$", "not valid JSON: Expecting value at line 1 column 2"),)), (3, {"b": 2})]),
        (b'{"a":\n "\xff"}\n{"b": 2}', "concatenated",
         [(1, (("$", "not valid UTF-8 at byte 8"),)), (3, {"b": 2})]),
        (b'{"a": 1}\n{"b": 2}X\n', "ndjson",
         [(1, {"a": 1}), (2, (("$", "not valid JSON: Extra data at column 9"),))]),
        # What PowerShell's > writes for no output: a byte order mark alone.
        (codecs.BOM_UTF8, "empty", []),
        (codecs.BOM_UTF16_LE, "empty", []),
    ],
    ids=["nothing", "blank", "object", "array", "ndjson", "blank-line", "arrays-a-line",
         "concatenated", "brackets-in-strings", "bare-values", "two-values-a-line",
         "a-bare-word-in-an-array", "bytes-not-utf-8", "garbage-after-a-line", "utf-8-bom-alone",
         "utf-16-bom-alone"],
)  # fmt: skip
def test_the_framing_is_told_from_the_text(raw, framing, documents):
    """One value, a value a line, or values one after another: each with the line it starts on."""
    assert _read(raw) == (framing, documents)


def test_a_bad_line_of_ndjson_is_reported_at_its_line_and_column():
    """The parser's "line 1" is the line's own: the file's line is named, and its column."""
    framing, documents = _read(b'{"a": 1}\n{"b": }\n{"c": 3}\n')

    assert framing == "ndjson"
    assert documents == [
        (1, {"a": 1}),
        (2, (("$", "not valid JSON: Expecting value at column 7"),)),
        (3, {"c": 3}),
    ]


def test_an_unclosed_value_is_one_bad_document_at_its_line():
    """The scan reads to the end for its closing bracket; the parser then says what is missing."""
    framing, documents = _read(b'{"a":\n 1}\n{"b": [1,\n')

    assert framing == "concatenated"
    assert documents == [
        (1, {"a": 1}),
        (3, (("$", "not valid JSON: Expecting value at line 2 column 1"),)),
    ]


def test_values_longer_than_a_read_are_found_whole():
    """A value that spans many reads is sought to its end, and the line count goes on after it."""
    long = "x\\n" * CHUNK
    raw = f'{{"a": "{long}",\n"b": [[[[1]]]]}}\n{{"c": ["{"]" * CHUNK}"]}}\n{{"d": 4}}'.encode()

    framing, documents = _read(raw)

    assert framing == "concatenated"
    assert documents == [
        (1, {"a": long.replace("\\n", "\n"), "b": [[[[1]]]]}),
        (3, {"c": ["]" * CHUNK]}),
        (4, {"d": 4}),
    ]


def test_a_value_over_many_reads_is_found_whole():
    """A value of more lines than a read holds is sought read after read; lines count on."""
    pretty = json.dumps({"a": [f"item {i:05}" for i in range(CHUNK // 8)], "b": [[1]]}, indent=1)
    lines = pretty.count("\n") + 1

    framing, documents = _read(f'{pretty}\n{pretty} {{"c":\n"x"}}\n{{"d": 4}}'.encode())

    assert framing == "concatenated"
    assert documents == [
        (1, json.loads(pretty)),
        (lines + 1, json.loads(pretty)),
        (2 * lines, {"c": "x"}),
        (2 * lines + 2, {"d": 4}),
    ]


def test_the_framing_is_known_after_two_documents_and_the_rest_read_when_asked():
    """Memory stays flat: telling the framing loads two documents, and each other one on demand."""
    loaded = []

    def load(data):
        loaded.append(data)
        return _load(data)

    source = read(io.BytesIO(b'{"a":\n 1} 2 3 4'), load)

    assert (source.framing, len(loaded)) == ("concatenated", 2)
    assert [document.value for document in source.documents] == [{"a": 1}, 2, 3, 4]
    assert len(loaded) == 4


def test_lines_count_on_when_a_read_ends_just_after_a_value():
    """The line feed left at the end of a read is counted once the next read comes."""
    long = "x" * (CHUNK // 60)
    pretty = "[\n" + f' "{long}",\n' * 61 + ' "x"\n]'  # 64 lines, one read

    framing, documents = _read(f'{pretty}\n{{"b":\n 2}}\n'.encode())

    assert framing == "concatenated"
    assert [line for line, _ in documents] == [1, 65]


def test_a_read_holds_a_chunk_not_the_whole_input():
    """Memory stays flat for concatenated values: the first ones are found before the end is read."""
    value = json.dumps({"name": "x" * 1000}, indent=1)
    stream = io.BytesIO(f"{value}\n".encode() * 1000)

    documents = read(stream, _load).documents
    next(documents)

    assert stream.tell() < 4 * CHUNK < len(stream.getvalue())


def test_a_string_that_never_ends_is_reported_at_its_line():
    """The rest of the input after an unterminated quote is one bad document, at its line."""
    framing, documents = _read(b'{"a":\n 1}\n\n "abc\ndef\n')

    assert framing == "concatenated"
    assert documents[0] == (1, {"a": 1})
    assert documents[1][0] == 4


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_a_lone_carriage_return_is_space_not_a_line_in_every_encoding(encoding):
    """Lines are counted by line feeds alone, whatever the encoding, as the UTF-8 path counts them."""
    raw = '{"a":\r1}\r{"b":\r\n2}\r\n{"c": 3}'.encode(encoding)

    assert _read(raw) == ("concatenated", [(1, {"a": 1}), (1, {"b": 2}), (3, {"c": 3})])


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                 "utf-32-be"],
)  # fmt: skip
def test_every_unicode_encoding_is_read(encoding):
    """RFC 8259 asks for UTF-8; Windows tools write UTF-16, told by a BOM or by its zero bytes."""
    raw = '{"name": "日本 🚀"}\n{"name": "b"}\n'.encode(encoding)

    assert _read(raw) == ("ndjson", [(1, {"name": "日本 🚀"}), (2, {"name": "b"})])


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_one_character_of_utf16_is_told_by_its_zero_byte_as_longer_text_is(encoding):
    """Two bytes, one of them zero, are one UTF-16 character, as json.loads reads them."""
    assert _read("5".encode(encoding)) == ("json", [(None, 5)])
    assert _read("\n".encode(encoding)) == _read("\n\n".encode(encoding)) == ("empty", [])
    framing, documents = _read("]".encode(encoding))
    assert (framing, len(documents)) == ("json", 1)


def test_bytes_that_are_not_the_encoding_announced_cannot_be_read():
    raw = codecs.BOM_UTF16_LE + '{"a": 1}'.encode("utf-16-le") + b"\x00\xd8"

    with pytest.raises(OSError, match=r"^not valid UTF-16-LE$") as info:
        _read(raw)

    assert info.value.strerror == "not valid UTF-16-LE"  # what the command line prints


@pytest.mark.parametrize(
    ("keys", "model"),
    [
        ({"id", "secret", "name", "owner", "created"}, CreatePersonalAccessTokenResponse),
        ({"secret"}, CreatePersonalAccessTokenResponse),
        ({"id", "name", "owner", "created", "scope"}, GetPersonalAccessTokenResponse),
        ({"name", "scope"}, CreatePersonalAccessTokenRequest),
        ({"op", "path", "value"}, JsonPatchOperation),
        ({"ids", "patch"}, BulkUpdatePersonalAccessTokensRequest),
        ({"detailCode"}, ErrorResponseDto),
        ({"trackingId", "messages"}, ErrorResponseDto),
        ({"causes"}, ErrorResponseDto),
        ({"error"}, ListPersonalAccessTokensV1401Response),
        ({"message"}, ListPersonalAccessTokensV1429Response),
    ],
)
def test_each_model_is_told_by_its_keys(keys, model):
    assert detect(dict.fromkeys(keys)) is model


@pytest.mark.parametrize(
    ("keys", "problem"),
    [
        (set(), "cannot tell which PAT object this is; name it with --type"),
        ({"id", "owner"}, "cannot tell which PAT object this is; name it with --type"),
        ({"name", "id"}, "cannot tell which PAT object this is; name it with --type"),
        ({"error", "message"},
         "ambiguous: it could be error-401, error-429; name one with --type"),
        ({"secret", "op", "path"},
         "ambiguous: it could be create-response, patch; name one with --type"),
    ],
)  # fmt: skip
def test_a_document_no_model_or_many_fit_is_reported_not_guessed(keys, problem):
    with pytest.raises(ValidationError) as info:
        detect(dict.fromkeys(keys))

    assert info.value.problems == (("$", problem),)


def test_a_set_of_keys_is_told_once():
    """A stream's documents share their keys: the second with the same set costs a lookup."""
    detect({"owner": 1, "created": 2, "zz-once": 3})
    hits = _model_of.cache_info().hits

    assert detect({"zz-once": 3, "created": 2, "owner": 1}) is GetPersonalAccessTokenResponse
    assert _model_of.cache_info().hits == hits + 1
