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
from pat_models.cli._reading import CHUNK, UNDECODABLE, _model_of, detect, read


def _read(raw, duplicate_keys="last"):
    source = read(io.BytesIO(raw), duplicate_keys)
    documents = [
        (d.line, d.value if d.error is None else d.error.problems) for d in source.documents
    ]
    return source.framing, documents


BAD = (("$", UNDECODABLE),)
START = "not valid JSON: Expecting '{' or '[' at column"


@pytest.mark.parametrize(
    ("raw", "framing", "documents"),
    [
        (b"", "empty", []),
        (b" \n\t\r\n", "empty", []),
        (b'{"a": 1}', "json", [(None, {"a": 1})]),
        (b'\n\n  [{"a": 1},\n {"b": 2}]\n', "json", [(None, [{"a": 1}, {"b": 2}])]),
        (b'{"a": 1}\n{"b": 2}\n', "stream", [(1, {"a": 1}), (2, {"b": 2})]),
        (b'{"a": 1}\r\n\r\n{"b": 2}', "stream", [(1, {"a": 1}), (3, {"b": 2})]),
        (b"[1]\n[2, 3]\n", "stream", [(1, [1]), (2, [2, 3])]),
        (b'{"a":\n 1}{"b": 2}\n\n{"c": 3}', "stream",
         [(1, {"a": 1}), (2, {"b": 2}), (4, {"c": 3})]),
        (b'{"a": "}\\"{["}  {"b": ["]"]}', "stream",
         [(1, {"a": '}"{['}), (1, {"b": ["]"]})]),
        (b'"text" 5 true', "json", [(None, (("$", f"{START} 1"),))]),
        (b'{"a": 1} {"b": 2}\n{"c": 3}\n', "stream",
         [(1, {"a": 1}), (1, {"b": 2}), (2, {"c": 3})]),
        (b'[X,\n 1]\n{"b": 2}', "stream",
         [(1, (("$", "not valid JSON: Expecting value at column 2"),)), (3, {"b": 2})]),
        (b'{"a":\n "\xff"}\n{"b": 2}', "stream", [(1, BAD), (3, {"b": 2})]),
        (b'{"a": 1}\n{"b": 2}X\n', "stream",
         [(1, {"a": 1}), (2, {"b": 2}), (2, (("$", f"{START} 9"),))]),
        # What PowerShell's > writes for no output: a byte order mark alone.
        (codecs.BOM_UTF8, "empty", []),
        (codecs.BOM_UTF16_LE, "empty", []),
    ],
    ids=["nothing", "blank", "object", "array", "ndjson", "blank-line", "arrays-a-line",
         "concatenated", "brackets-in-strings", "bare-values", "two-values-a-line",
         "a-bare-word-in-an-array", "bytes-not-utf-8", "garbage-after-a-value", "utf-8-bom-alone",
         "utf-16-bom-alone"],
)  # fmt: skip
def test_every_value_is_read_with_the_line_it_starts_on(raw, framing, documents):
    """One value, a value a line, or values one after another: one reader, each at its line."""
    assert _read(raw) == (framing, documents)


ONE = json.dumps({"id": "a", "name": "t", "owner": {"id": "x"}}, indent=2)  # 7 lines


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ('{\n  "id": "b",\n  "owner": {"id": "y"\n', "Expecting ',' delimiter at line 11 column 1"),
        ('[\n  {"id": "b"},\n', "Expecting ',' delimiter at line 17 column 1"),
        ('[\n{"id": "b"},\n', "Expecting ',' delimiter at line 17 column 1"),
        ('{\n  "id": "b,\n  "name": "t"\n}\n', "Invalid control character at line 9 column 12"),
        ('"b\n', "Expecting '{' or '[' at column 1"),
    ],
    ids=["unterminated-object", "unterminated-array", "unterminated-array-at-column-0",
         "unterminated-string", "a-stray-quote"],
)  # fmt: skip
def test_a_broken_value_costs_itself_and_nothing_after_it(broken, message):
    """
    Reading goes on at the next line that starts a value: the ones the broken value swallowed too.

    Not a value after an element at column 0 that ends with a comma: that
    one is the array's, and skipped with it; after an indented element, a
    value at column 0 is not one of the array's.  The parser's complaint
    names the file's line where it gave up.
    """
    _, documents = _read(f"{ONE}\n{broken}{ONE}\n{ONE}\n".encode())

    valid = json.loads(ONE)
    assert documents == [
        (1, valid),
        (8, (("$", f"not valid JSON: {message}"),)),
        *([] if broken.endswith('\n{"id": "b"},\n') else [(8 + broken.count("\n"), valid)]),
        (15 + broken.count("\n"), valid),
    ]


def test_ndjson_whose_first_line_is_cut_short_loses_that_line_alone():
    """What tail -c or a rotated log leaves: the first record is broken, every later one is read."""
    lines = [json.dumps({"id": str(number)}) for number in range(5)]

    _, documents = _read(("\n".join([lines[0][3:], *lines[1:]]) + "\n").encode())

    assert documents[0][0] == 1
    assert documents[0][1][0][1].startswith("not valid JSON: ")
    assert documents[1:] == [(number + 1, {"id": str(number)}) for number in range(1, 5)]


@pytest.mark.parametrize("cut", [5, 9, 14, 30], ids=["in-a-key", "a-string", "a-number", "late"])
def test_a_record_cut_at_its_start_is_one_problem_whatever_it_starts_with(cut):
    """What tail -c leaves: a number, a string or a word first is no document, but one problem."""
    lines = [json.dumps({"id": str(number), "n": 12345, "name": "x y"}) for number in range(3)]

    _, documents = _read(("\n".join([lines[0][cut:], *lines[1:]]) + "\n").encode())

    assert documents[0][0] == 1
    assert documents[0][1][0][1].startswith("not valid JSON")
    assert documents[1:] == [(2, json.loads(lines[1])), (3, json.loads(lines[2]))]


def test_lines_of_opening_brackets_are_one_problem_read_once():
    """Deeper than any document nests: one problem, and reading goes on after the run."""
    raw = b"[\n" * 100_000 + b'{"a": 1}\n' + b"[" * 100_000 + b'\n{"b": 2}\n'

    assert _read(raw)[1][:2] == [
        (1, (("$", "not valid JSON here: nested too deeply"),)),
        (100_001, {"a": 1}),
    ]


def test_a_byte_order_mark_between_joined_files_is_space():
    """Two files joined with cat that each start with a byte order mark: both documents are read."""
    raw = codecs.BOM_UTF8 + b'{"a": 1}\n' + codecs.BOM_UTF8 + b'{"b": 2}\n'

    assert _read(raw)[1] == [(1, {"a": 1}), (2, {"b": 2})]


def test_a_line_then_a_pretty_value_is_two_documents():
    """Framing is never told from the first line: a compact value, then an indented one."""
    _, documents = _read(f'{{"a": 1}}\n{ONE}\n'.encode())

    assert documents == [(1, {"a": 1}), (2, json.loads(ONE))]


def test_a_run_of_text_that_is_not_json_is_one_problem():
    """A gateway's HTML error page is one document that is not JSON, whatever its words."""
    page = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center>\n</center>\n"

    _, documents = _read(f'{page}</body>\n</html>\n{{"a": 1}}\n'.encode())

    assert documents == [(1, (("$", f"{START} 1"),)), (8, {"a": 1})]


@pytest.mark.parametrize(
    ("encoding", "bad"),
    [
        ("utf-8", b"\xff"),
        ("utf-8-sig", b"\xc3"),
        ("utf-16", b"\x00\xdc"),  # a low surrogate alone, little-endian after its mark
        ("utf-16-le", b"\x00\xd8"),
        ("utf-16-be", b"\xd8\x00"),
        ("utf-32", b"\x00\x00\x11\x00"),  # beyond U+10FFFF
        ("utf-32-le", b"\x00\xd8\x00\x00"),
        ("utf-32-be", b"\x00\x00\xd8\x00"),
    ],
)
def test_bytes_that_do_not_decode_cost_their_document_in_every_encoding(encoding, bad):
    """The same input in every encoding: the same documents, problems and lines."""
    head = '{"a": 1}\n{\n  "name": "'.encode(encoding)
    tail_encoding = encoding.replace("-sig", "") if encoding != "utf-16" else "utf-16-le"
    tail_encoding = "utf-32-le" if encoding == "utf-32" else tail_encoding
    tail = '"\n}\n{"b": 2}\n'.encode(tail_encoding)

    _, documents = _read(head + bad + tail)

    assert documents == [(1, {"a": 1}), (2, BAD), (5, {"b": 2})]


def test_bytes_that_do_not_decode_between_values_cost_one_document():
    """Outside a string too: the value they break is one problem, and reading goes on."""
    raw = codecs.BOM_UTF16_LE + '{"a": 1}\n{"b": '.encode("utf-16-le") + b"\x00\xd8"
    raw += '}\n{"c": 3}\n'.encode("utf-16-le")

    assert _read(raw)[1] == [(1, {"a": 1}), (2, BAD), (3, {"c": 3})]


def test_values_longer_than_a_read_are_found_whole():
    """A value that spans many reads is read whole, and the line count goes on after it."""
    long = "x\\n" * CHUNK
    raw = f'{{"a": "{long}",\n"b": [[[[1]]]]}}\n{{"c": ["{"]" * CHUNK}"]}}\n{{"d": 4}}'.encode()

    _, documents = _read(raw)

    assert documents == [
        (1, {"a": long.replace("\\n", "\n"), "b": [[[[1]]]]}),
        (3, {"c": ["]" * CHUNK]}),
        (4, {"d": 4}),
    ]


def test_a_value_over_many_reads_is_found_whole():
    """A value of more lines than a read holds is read whole; lines count on."""
    pretty = json.dumps({"a": [f"item {i:05}" for i in range(CHUNK // 8)], "b": [[1]]}, indent=1)
    lines = pretty.count("\n") + 1

    _, documents = _read(f'{pretty}\n{pretty} {{"c":\n"x"}}\n{{"d": 4}}'.encode())

    assert documents == [
        (1, json.loads(pretty)),
        (lines + 1, json.loads(pretty)),
        (2 * lines, {"c": "x"}),
        (2 * lines + 2, {"d": 4}),
    ]


def test_the_framing_is_known_after_two_documents_and_the_rest_read_when_asked():
    """Memory stays flat: telling a file of one value from a stream reads two values, no more."""
    stream = io.BytesIO(b'{"a": 1}\n' * (8 * CHUNK))

    source = read(stream)

    assert source.framing == "stream"
    assert stream.tell() < 4 * CHUNK
    assert sum(1 for _ in source.documents) == 8 * CHUNK


def test_a_read_holds_a_chunk_not_the_whole_input():
    """Memory stays flat for pretty values: the first ones are found before the end is read."""
    value = json.dumps({"name": "x" * 1000}, indent=1)
    stream = io.BytesIO(f"{value}\n".encode() * 1000)

    documents = read(stream).documents
    next(documents)

    assert stream.tell() < 4 * CHUNK < len(stream.getvalue())


def test_a_string_that_never_ends_is_reported_at_its_line():
    """An unterminated quote at the end of the input is one bad document, at its line."""
    _, documents = _read(b'{"a":\n 1}\n\n "abc')

    assert documents == [(1, {"a": 1}), (4, (("$", f"{START} 2"),))]
    _, documents = _read(b'{"a":\n 1}\n\n {"b": "abc')

    assert documents == [
        (1, {"a": 1}),
        (4, (("$", "not valid JSON: Unterminated string starting at column 8"),)),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_a_lone_carriage_return_ends_a_line_in_every_encoding(encoding):
    """Old Mac exports end lines with a carriage return alone: it counts as a line feed does."""
    raw = '{"a":\r1}\r{"b":\r\n2}\r\n{"c": 3}'.encode(encoding)

    assert _read(raw) == ("stream", [(1, {"a": 1}), (3, {"b": 2}), (5, {"c": 3})])


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                 "utf-32-be"],
)  # fmt: skip
def test_every_unicode_encoding_is_read(encoding):
    """RFC 8259 asks for UTF-8; Windows tools write UTF-16, told by a BOM or by its zero bytes."""
    raw = '{"name": "日本 🚀"}\n{"name": "b"}\n'.encode(encoding)

    assert _read(raw) == ("stream", [(1, {"name": "日本 🚀"}), (2, {"name": "b"})])


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_one_character_of_utf16_is_told_by_its_zero_byte_as_longer_text_is(encoding):
    """Two bytes, one of them zero, are one UTF-16 character, as json.loads reads them."""
    assert _read("[5]".encode(encoding)) == ("json", [(None, [5])])
    assert _read("\n".encode(encoding)) == _read("\n\n".encode(encoding)) == ("empty", [])
    framing, documents = _read("]".encode(encoding))
    assert (framing, len(documents)) == ("json", 1)


def test_a_key_given_twice_is_a_problem_of_its_document_when_asked():
    _, documents = _read(b'{"a": 1, "a": 2}\n{"b": 1}\n', "reject")

    assert documents == [(1, (("$.a", "duplicate key"),)), (2, {"b": 1})]
    assert _read(b'{"a": 1, "a": 2}\n')[1] == [(None, {"a": 2})]


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
