import re

import pendulum
import pytest

from pat_models import (
    BulkUpdatePersonalAccessTokensRequest,
    CreatePersonalAccessTokenRequest,
    JsonPatchOperation,
    ValidationError,
    check_version,
    patch_expiration,
    patch_name,
    structure,
)

NEVER = CreatePersonalAccessTokenRequest(name="x")
ACKNOWLEDGED = CreatePersonalAccessTokenRequest(
    name="x", expiration_date=None, user_aware_token_never_expires=True
)
DATED = CreatePersonalAccessTokenRequest(
    name="x", expiration_date=pendulum.datetime(2027, 1, 1), user_aware_token_never_expires=False
)
BULK = BulkUpdatePersonalAccessTokensRequest(
    ids=["a"], patch=[JsonPatchOperation(op="remove", path="/expirationDate")]
)


@pytest.mark.parametrize(
    ("obj", "version"),
    [
        (NEVER, "v3"),
        (NEVER, "beta"),
        (NEVER, "v2024"),
        (ACKNOWLEDGED, "v2025"),
        (ACKNOWLEDGED, "v2026"),
        (ACKNOWLEDGED, "v1"),
        (DATED, "v2025"),
        (patch_name("x"), "v3"),
        (patch_expiration(None), "v2025"),
        (patch_expiration(None)[0], "v1"),
        (BULK, "v1"),
    ],
)
def test_bodies_a_version_accepts_pass(obj, version):
    """check_version is silent about a body the version accepts."""
    check_version(obj, version)


NEVER_RULE = (
    "$.userAwareTokenNeverExpires: must be true in {} when expirationDate is null or absent"
)
V2024_PATHS = "v2024 patches only /name, /scope"


@pytest.mark.parametrize(
    ("obj", "version", "message"),
    [
        (NEVER, "v2025",
         "invalid CreatePersonalAccessTokenRequest for v2025: " + NEVER_RULE.format("v2025")),
        (CreatePersonalAccessTokenRequest(name="x", expiration_date=None), "v1",
         "invalid CreatePersonalAccessTokenRequest for v1: " + NEVER_RULE.format("v1")),
        (CreatePersonalAccessTokenRequest(name="x", user_aware_token_never_expires=False), "v2026",
         "invalid CreatePersonalAccessTokenRequest for v2026: " + NEVER_RULE.format("v2026")),
        (ACKNOWLEDGED, "v2024", ("invalid CreatePersonalAccessTokenRequest for v2024: "
         "$.userAwareTokenNeverExpires: v2024 does not know this key")),
        (patch_expiration(None), "v2024", ("invalid tuple for v2024: 2 problems\n"
         f"  $[0].path: {V2024_PATHS}\n  $[1].path: {V2024_PATHS}")),
        (patch_name("x") + patch_expiration(None), "beta", ("invalid tuple for beta: 2 problems\n"
         "  $[1].path: beta patches only /name, /scope\n"
         "  $[2].path: beta patches only /name, /scope")),
        (JsonPatchOperation(op="remove", path="/managed"), "v2025",
         ("invalid JsonPatchOperation for v2025: $.path: v2025 patches only /expirationDate, /name,"
         " /scope, /userAwareTokenNeverExpires")),
        (BULK, "v2025", ("invalid BulkUpdatePersonalAccessTokensRequest for v2025: "
         "$: the bulk update exists in v1 only, not in v2025")),
    ],
)  # fmt: skip
def test_version_rules_are_checked_on_request(obj, version, message):
    """A rule one version has and another lacks is reported only when that version is named."""
    with pytest.raises(ValidationError) as info:
        check_version(obj, version)

    assert str(info.value) == message


def test_structuring_never_applies_a_version_rule():
    """A body without the acknowledgement is valid input: the version is the caller's to name."""
    assert structure({"name": "x"}, CreatePersonalAccessTokenRequest) == NEVER


def test_an_unknown_version_is_a_usage_error():
    """A misspelt version fails loudly instead of checking nothing."""
    message = "unknown API version 'v2023'; one of v3, beta, v2024, v2025, v2026, v1"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        check_version(NEVER, "v2023")  # type: ignore[arg-type]
