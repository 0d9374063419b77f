"""
Frozen attrs models and one strict cattrs converter for SailPoint personal access tokens.

The core is the models, `ABSENT`, `ValidationError` and the functions that
read and write them (`loads`, `dumps`, `structure`, `unstructure`, and the
converter they use).  Around it sit helpers, each in a module of its own:
credentials, PATCH bodies, expiry, the API's defaults, its versions, its
error bodies, and the JSON Schema.  orjson, for those who install it, is
`pat_models.orjson`, a module apart.
"""

# The core: the models and the wire.
from ._absent import ABSENT, Absent
from ._converter import configure_converter, make_converter
from ._errors import ValidationError
from ._json import read_json
from ._models import (
    CreatePersonalAccessTokenRequest,
    CreatePersonalAccessTokenResponse,
    GetPersonalAccessTokenResponse,
    OwnerType,
    PatOwner,
)
from ._timestamps import format_timestamp, parse_timestamp
from ._values import MASK, JsonValue
from ._wire import dumps, loads, structure, unstructure

# The helpers, each on top of the core.
from ._credentials import Secret, basic_authorization, client_credentials  # isort: skip
from ._defaults import value_or_default
from ._error_bodies import (
    ErrorBody,
    ErrorMessageDto,
    ErrorResponseDto,
    ListPersonalAccessTokensV1401Response,
    ListPersonalAccessTokensV1429Response,
    LocaleOrigin,
    UnreadableErrorBody,
    error_body_type,
    load_error_response,
)
from ._expiry import Token, expires_at, is_expired, time_left
from ._patches import (
    BulkUpdatePersonalAccessTokensRequest,
    JsonPatchOperation,
    PatchOp,
    patch_expiration,
    patch_name,
    patch_scope,
)
from ._redaction import redacted
from ._schema import json_schema
from ._versions import ApiVersion, check_version

__version__ = "0.1.0.dev0"

__all__ = [
    "ABSENT",
    "MASK",
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
    "Token",
    "UnreadableErrorBody",
    "ValidationError",
    "basic_authorization",
    "check_version",
    "client_credentials",
    "configure_converter",
    "dumps",
    "error_body_type",
    "expires_at",
    "format_timestamp",
    "is_expired",
    "json_schema",
    "load_error_response",
    "loads",
    "make_converter",
    "parse_timestamp",
    "patch_expiration",
    "patch_name",
    "patch_scope",
    "read_json",
    "redacted",
    "structure",
    "time_left",
    "unstructure",
    "value_or_default",
]

# The public classes go by their public name (in repr, and in pickles, which
# then outlive a move between the private modules).
for _name in __all__:
    if isinstance(_public := globals()[_name], type):
        _public.__module__ = __name__
del _name, _public
