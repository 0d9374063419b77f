"""
Frozen attrs models and one strict cattrs converter for SailPoint personal access tokens.
"""

from ._absent import ABSENT, Absent
from ._api import dumps, loads, structure, unstructure
from ._converter import configure_converter, make_converter
from ._errors import ValidationError
from ._frozen import JsonValue
from ._models import CreatePersonalAccessTokenResponse, OwnerType, PatOwner

__version__ = "0.1.0.dev0"

__all__ = [
    "ABSENT",
    "Absent",
    "CreatePersonalAccessTokenResponse",
    "JsonValue",
    "OwnerType",
    "PatOwner",
    "ValidationError",
    "configure_converter",
    "dumps",
    "loads",
    "make_converter",
    "structure",
    "unstructure",
]
