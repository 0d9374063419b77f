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


@pytest.mark.parametrize(
    ("obj", "version", "path", "message"),
    [
        (
            NEVER,
            "v2025",
            "$.userAwareTokenNeverExpires",
            "must be true in v2025 when expirationDate is null or absent",
        ),
        (
            CreatePersonalAccessTokenRequest(name="x", expiration_date=None),
            "v1",
            "$.userAwareTokenNeverExpires",
            "must be true",
        ),
        (
            CreatePersonalAccessTokenRequest(name="x", user_aware_token_never_expires=False),
            "v2026",
            "$.userAwareTokenNeverExpires",
            "must be true",
        ),
        (ACKNOWLEDGED, "v2024", "$.userAwareTokenNeverExpires", "v2024 does not know this key"),
        (patch_expiration(None), "v2024", "$[0].path", "v2024 patches only /name, /scope"),
        (patch_name("x") + patch_expiration(None), "beta", "$[1].path", "beta patches only"),
        (
            JsonPatchOperation(op="remove", path="/managed"),
            "v2025",
            "$.path",
            "/expirationDate, /name, /scope, /userAwareTokenNeverExpires",
        ),
        (BULK, "v2025", "$", "the bulk update exists in v1 only"),
    ],
)
def test_version_rules_are_checked_on_request(obj, version, path, message):
    """A rule one version has and another lacks is reported only when that version is named."""
    with pytest.raises(ValidationError) as info:
        check_version(obj, version)

    assert info.value.problems[0][0] == path
    assert message in info.value.problems[0][1]


def test_structuring_never_applies_a_version_rule():
    """A body without the acknowledgement is valid input: the version is the caller's to name."""
    assert structure({"name": "x"}, CreatePersonalAccessTokenRequest) == NEVER


def test_an_unknown_version_is_a_usage_error():
    """A misspelt version fails loudly instead of checking nothing."""
    with pytest.raises(ValueError, match="unknown API version 'v2023'"):
        check_version(NEVER, "v2023")  # type: ignore[arg-type]
