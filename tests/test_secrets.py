"""A known secret, put in every secret-bearing place, never comes out where it should not."""

import json
import logging
import pickle
import subprocess
import sys

import attrs
import pytest

from pat_models import (
    BulkUpdatePersonalAccessTokensRequest,
    CreatePersonalAccessTokenRequest,
    CreatePersonalAccessTokenResponse,
    ErrorMessageDto,
    ErrorResponseDto,
    JsonPatchOperation,
    PatOwner,
    ValidationError,
    basic_authorization,
    client_credentials,
    dumps,
    load_error_response,
    loads,
    make_converter,
    redacted,
    structure,
)

from .payloads import SEED

SECRET = "Zq9-this-is-the-secret-7f3a1c"
DOC = {
    **json.loads(SEED),
    "secret": SECRET,
    "owner": {"id": "x", "apiSecret": SECRET},
    "clientSecret": SECRET,
}
TOKEN = structure(DOC, CreatePersonalAccessTokenResponse)
REQUEST = CreatePersonalAccessTokenRequest(name="x", extra={"secret": SECRET})

SURFACES = [repr, str, format, "{}".format, "{!r}".format, lambda o: f"{o}", lambda o: f"{o!r:>20}"]


@pytest.mark.parametrize("show", SURFACES)
@pytest.mark.parametrize("obj", [TOKEN, TOKEN.owner, REQUEST], ids=["token", "owner", "request"])
def test_no_text_form_of_a_model_shows_a_secret(obj, show):
    """repr, str, format and f-strings of the models leave every secret out."""
    assert SECRET not in show(obj)


def test_logging_a_model_or_credentials_shows_no_secret(caplog):
    """Objects and credentials passed to logging are logged without the secret."""
    with caplog.at_level(logging.DEBUG):
        log = logging.getLogger("service")
        log.info("token %s", TOKEN)
        log.info("token %r", TOKEN)
        log.info("auth %r %r", basic_authorization(TOKEN), client_credentials(TOKEN))
        log.info("extra %s", TOKEN.owner)

    assert SECRET not in caplog.text
    assert basic_authorization(TOKEN).reveal().split()[1] not in caplog.text


FIELDS = [
    "id",
    "secret",
    "scope",
    "name",
    "owner",
    "created",
    "accessTokenValiditySeconds",
    "expirationDate",
]


@pytest.mark.parametrize("key", FIELDS)
@pytest.mark.parametrize(
    "wrap",
    [lambda s: [s], lambda s: {"v": s}, lambda s: s + "-not-a-time", lambda _: 7],
    ids=["array", "object", "string", "int"],
)
def test_errors_never_hold_the_secret_wherever_it_is_put(key, wrap):
    """The secret as the bad value of any field, under any strictness, stays out of errors and their chains."""
    doc = {**DOC, key: wrap(SECRET), "secret": SECRET if key != "secret" else wrap(SECRET)}
    for converter in (None, make_converter(extra="forbid", sub_millisecond="reject")):
        for text in (json.dumps(doc), json.dumps(doc)[:-3], json.dumps(doc).replace(":", "=", 1)):
            error = _error_of(text, converter)
            if error is None:  # the whole text is valid with this value: nothing to show
                continue
            assert SECRET not in str(pickle.loads(pickle.dumps(error)))  # noqa: S301
            while error is not None:
                assert SECRET not in str(error)
                assert SECRET not in repr(error)
                error = error.__cause__ or error.__context__


def _error_of(text, converter):
    try:
        loads(text, CreatePersonalAccessTokenResponse, converter=converter, duplicate_keys="reject")
    except ValidationError as error:
        return error
    return None


def test_pickles_keep_the_secret_because_it_is_the_data():
    """Pickling is storage, not display: the secret survives it, as documented."""
    again = pickle.loads(pickle.dumps(TOKEN))  # noqa: S301

    assert again.secret == SECRET
    assert again == TOKEN
    assert attrs.asdict(again)["secret"] == SECRET


@pytest.mark.parametrize(
    "args",
    [["check"], ["check", "--strict"], ["audit"], ["audit", "--json"], ["normalize", "--redact"]],
)
def test_no_command_prints_the_secret(tmp_path, args):
    """Every command's stdout and stderr, for valid and invalid input, hide the secret."""
    bad = {**DOC, "accessTokenValiditySeconds": SECRET}
    path = tmp_path / "tokens.ndjson"
    path.write_text(json.dumps(DOC) + "\n" + json.dumps(bad) + "\n")

    result = subprocess.run(
        [sys.executable, "-m", "pat_models", *args, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode in (0, 1, 3)
    assert SECRET not in result.stdout + result.stderr


def test_normalize_without_redact_writes_the_data_as_it_is(tmp_path):
    """The one exception: normalize writes the secret, as it is the data."""
    path = tmp_path / "token.json"
    path.write_text(json.dumps(DOC))

    result = subprocess.run(
        [sys.executable, "-m", "pat_models", "normalize", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )

    assert json.loads(result.stdout)["secret"] == SECRET


HIDDEN = {"token": "s3cr3t", "nested": {"key": ["s3cr3t"]}}
MASKED = {"token": "********", "nested": "********"}


@pytest.mark.parametrize(
    ("obj", "inner"),
    [
        (ErrorResponseDto(messages=[ErrorMessageDto(text="a"), ErrorMessageDto(extra=HIDDEN)],
                          causes=[ErrorMessageDto(extra=HIDDEN)]),
         lambda dto: [dto.messages[1].extra, dto.causes[0].extra]),
        (BulkUpdatePersonalAccessTokensRequest(
            ids=["a"], patch=[JsonPatchOperation(op="remove", path="/expirationDate",
                                                 extra=HIDDEN)]),
         lambda bulk: [bulk.patch[0].extra]),
        (CreatePersonalAccessTokenResponse(**{
            **attrs.asdict(loads(SEED, CreatePersonalAccessTokenResponse), recurse=False),
            "owner": PatOwner(id="x", extra=HIDDEN)}),
         lambda token: [token.owner.extra, {"secret": token.secret}]),
    ],
    ids=["error-messages", "bulk-patch", "owner"],
)  # fmt: skip
def test_redaction_masks_unknown_values_inside_every_nested_model(obj, inner):
    """An unknown key of a message, a patch operation or an owner keeps its name, not its value."""
    masked = redacted(obj)

    assert all(extra in (MASKED, {"secret": "********"}) for extra in inner(masked))
    assert "s3cr3t" not in dumps(masked)
    assert type(masked) is type(obj)


def test_an_object_in_an_open_ended_value_shows_its_keys_not_its_values():
    """The 401 error, the 429 message and a patch value may hold an object: its keys are unknown."""
    body = load_error_response(
        401, b'{"error": {"token": "FAKE-SECRET", "list": [{"k": "FAKE-2"}]}}'
    )

    assert "FAKE" not in repr(body)
    assert "'token'" in repr(body)
