"""
Frozen attrs models and one strict cattrs converter for SailPoint personal access tokens.
"""

from ._absent import ABSENT, Absent
from ._api import (
    ErrorBody,
    UnreadableErrorBody,
    dumps,
    load_error_response,
    loads,
    structure,
    unstructure,
)
from ._converter import configure_converter, make_converter
from ._credentials import Secret, basic_authorization, client_credentials
from ._defaults import value_or_default
from ._errors import ValidationError
from ._expiry import expires_at, is_expired, time_left
from ._models import (
    BulkUpdatePersonalAccessTokensRequest,
    CreatePersonalAccessTokenRequest,
    CreatePersonalAccessTokenResponse,
    ErrorMessageDto,
    ErrorResponseDto,
    GetPersonalAccessTokenResponse,
    JsonPatchOperation,
    ListPersonalAccessTokensV1401Response,
    ListPersonalAccessTokensV1429Response,
    LocaleOrigin,
    OwnerType,
    PatchOp,
    PatOwner,
)
from ._patches import patch_expiration, patch_name, patch_scope
from ._schema import json_schema
from ._values import JsonValue
from ._versions import ApiVersion, check_version

__version__ = "0.1.0.dev0"

__all__ = [
    "ABSENT",
    "Absent",
    "ApiVersion",
    "BulkUpdatePersonalAccessTokensRequest",
    "CreatePersonalAccessTokenRequest",
    "CreatePersonalAccessTokenResponse",
    "ErrorBody",
    "ErrorMessageDto",
    "ErrorResponseDto",
    "GetPersonalAccessTokenResponse",
    "JsonPatchOperation",
    "JsonValue",
    "ListPersonalAccessTokensV1401Response",
    "ListPersonalAccessTokensV1429Response",
    "LocaleOrigin",
    "OwnerType",
    "PatOwner",
    "PatchOp",
    "Secret",
    "UnreadableErrorBody",
    "ValidationError",
    "basic_authorization",
    "check_version",
    "client_credentials",
    "configure_converter",
    "dumps",
    "expires_at",
    "is_expired",
    "json_schema",
    "load_error_response",
    "loads",
    "make_converter",
    "patch_expiration",
    "patch_name",
    "patch_scope",
    "structure",
    "time_left",
    "unstructure",
    "value_or_default",
]
