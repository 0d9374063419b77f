"""
The libraries users would otherwise pick, on the same job, each written as its docs advise.

Every peer reads the same JSON into objects and writes them back.  pydantic-exact and
mashumaro get a serializer that writes the API's ``…mmmZ`` timestamps, so that they
do the same job exactly; msgspec cannot be told to, and is reported as inexact.
"""

import dataclasses
import datetime as dt
import json
from typing import Any, Optional

UTC = dt.timezone.utc


def wire_timestamp(value: dt.datetime) -> str:
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def sdk() -> Optional[dict[str, Any]]:
    """The official SDK: from_json, and model_dump_json, its one working writer."""
    try:
        from sailpoint.personal_access_tokens.models.create_personal_access_token_response import (  # noqa: PLC0415
            CreatePersonalAccessTokenResponse,
        )
        from sailpoint.personal_access_tokens.models.get_personal_access_token_response import (  # noqa: PLC0415
            GetPersonalAccessTokenResponse,
        )
    except ImportError:
        return None

    def load_listing(text: str) -> list[Any]:
        return [GetPersonalAccessTokenResponse.from_dict(item) for item in json.loads(text)]

    def dump_listing(items: list[Any]) -> str:
        return "[" + ",".join(item.model_dump_json(by_alias=True) for item in items) + "]"

    return {
        "loads": CreatePersonalAccessTokenResponse.from_json,
        "dumps": lambda obj: obj.model_dump_json(by_alias=True),
        "loads_listing": load_listing,
        "dumps_listing": dump_listing,
        "validate_json": CreatePersonalAccessTokenResponse.model_validate_json,
        "exact": False,
    }


def pydantic_exact() -> Optional[dict[str, Any]]:
    """A hand-written pydantic v2 model with aliases and an exact millisecond serializer."""
    try:
        import pydantic  # noqa: PLC0415
    except ImportError:
        return None
    from typing import Annotated  # noqa: PLC0415

    from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter  # noqa: PLC0415
    from pydantic.alias_generators import to_camel  # noqa: PLC0415

    Stamp = Annotated[AwareDatetime, pydantic.PlainSerializer(wire_timestamp)]

    class Model(BaseModel):
        model_config = ConfigDict(
            alias_generator=to_camel, populate_by_name=True, frozen=True, strict=True,
            extra="allow",
        )  # fmt: skip

    class Owner(Model):
        type: Optional[str] = None
        id: Optional[str] = None
        name: Optional[str] = None

    class Create(Model):
        id: str
        secret: str = Field(repr=False)
        scope: Optional[tuple[str, ...]]
        name: str
        owner: Owner
        created: Stamp
        access_token_validity_seconds: int
        expiration_date: Optional[Stamp]

    class Get(Model):
        id: str
        name: str
        scope: Optional[tuple[str, ...]]
        owner: Owner
        created: Stamp
        last_used: Optional[Stamp] = None
        managed: bool = False
        access_token_validity_seconds: int = 43200
        expiration_date: Optional[Stamp] = None
        user_aware_token_never_expires: bool = False

    listing = TypeAdapter(list[Get])
    return {
        "loads": Create.model_validate_json,
        "dumps": lambda obj: obj.model_dump_json(by_alias=True, exclude_unset=True),
        "loads_listing": listing.validate_json,
        "dumps_listing": lambda items: listing.dump_json(
            items, by_alias=True, exclude_unset=True
        ).decode(),
        "exact": True,
    }


def mashumaro_exact() -> Optional[dict[str, Any]]:
    """Mashumaro dataclasses with aliases, orjson and the same exact serializer."""
    try:
        from mashumaro import field_options  # noqa: PLC0415
        from mashumaro.config import BaseConfig  # noqa: PLC0415
        from mashumaro.mixins.orjson import DataClassORJSONMixin  # noqa: PLC0415
    except ImportError:
        return None

    def camel(name: str) -> dict[str, Any]:
        head, *rest = name.split("_")
        return field_options(alias=head + "".join(word.capitalize() for word in rest))

    class WireConfig(BaseConfig):
        serialize_by_alias = True
        omit_none = False
        serialization_strategy = {  # noqa: RUF012
            dt.datetime: {"serialize": wire_timestamp, "deserialize": dt.datetime.fromisoformat}
        }

    @dataclasses.dataclass(frozen=True, slots=True)
    class Owner(DataClassORJSONMixin):
        type: Optional[str] = None
        id: Optional[str] = None
        name: Optional[str] = None
        Config = WireConfig

    @dataclasses.dataclass(frozen=True, slots=True)
    class Create(DataClassORJSONMixin):
        id: str
        secret: str = dataclasses.field(repr=False)
        scope: Optional[tuple[str, ...]]
        name: str
        owner: Owner
        created: dt.datetime
        access_token_validity_seconds: int = dataclasses.field(
            metadata=camel("access_token_validity_seconds")
        )
        expiration_date: Optional[dt.datetime] = dataclasses.field(
            metadata=camel("expiration_date")
        )
        Config = WireConfig

    @dataclasses.dataclass(frozen=True, slots=True)
    class Get(DataClassORJSONMixin):
        id: str
        name: str
        scope: Optional[tuple[str, ...]]
        owner: Owner
        created: dt.datetime
        last_used: Optional[dt.datetime] = dataclasses.field(
            default=None, metadata=camel("last_used")
        )
        managed: bool = False
        access_token_validity_seconds: int = dataclasses.field(
            default=43200, metadata=camel("access_token_validity_seconds")
        )
        expiration_date: Optional[dt.datetime] = dataclasses.field(
            default=None, metadata=camel("expiration_date")
        )
        user_aware_token_never_expires: bool = dataclasses.field(
            default=False, metadata=camel("user_aware_token_never_expires")
        )
        Config = WireConfig

    import orjson  # noqa: PLC0415

    return {
        "loads": Create.from_json,
        "dumps": Create.to_json,
        "loads_listing": lambda text: [Get.from_dict(item) for item in orjson.loads(text)],
        "dumps_listing": lambda items: orjson.dumps([item.to_dict() for item in items]).decode(),
        "exact": True,
    }


def msgspec_structs() -> Optional[dict[str, Any]]:
    """Msgspec Structs renamed to camelCase: fastest, but it writes …37.098000Z."""
    try:
        import msgspec  # noqa: PLC0415
    except ImportError:
        return None

    class Owner(msgspec.Struct, rename="camel", frozen=True, omit_defaults=True):
        type: Optional[str] = None
        id: Optional[str] = None
        name: Optional[str] = None

    class Create(msgspec.Struct, rename="camel", frozen=True):
        id: str
        secret: str
        scope: Optional[tuple[str, ...]]
        name: str
        owner: Owner
        created: dt.datetime
        access_token_validity_seconds: int
        expiration_date: Optional[dt.datetime]

    class Get(msgspec.Struct, rename="camel", frozen=True, omit_defaults=True):
        id: str
        name: str
        scope: Optional[tuple[str, ...]]
        owner: Owner
        created: dt.datetime
        last_used: Optional[dt.datetime] = None
        managed: bool = False
        access_token_validity_seconds: int = 43200
        expiration_date: Optional[dt.datetime] = None
        user_aware_token_never_expires: bool = False

    create, listing = msgspec.json.Decoder(Create), msgspec.json.Decoder(list[Get])
    encode = msgspec.json.Encoder().encode
    return {
        "loads": create.decode,
        "dumps": lambda obj: encode(obj).decode(),
        "loads_listing": listing.decode,
        "dumps_listing": lambda items: encode(items).decode(),
        "exact": False,
    }


PEERS = {
    "sailpoint SDK": sdk,
    "pydantic-exact": pydantic_exact,
    "mashumaro": mashumaro_exact,
    "msgspec": msgspec_structs,
}
