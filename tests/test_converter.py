import collections
import datetime as dt
import inspect
import json
import linecache
import re
import sys
import traceback
from collections.abc import Sequence

import attrs
import cattrs
import pendulum
import pytest

import pat_models
from pat_models import (
    ABSENT,
    CreatePersonalAccessTokenResponse,
    PatOwner,
    ValidationError,
    configure_converter,
    make_converter,
    structure,
    unstructure,
)
from pat_models._fields import wire_name

from .payloads import CREATE_RESPONSES, SECRET, SEED, seed

Response = CreatePersonalAccessTokenResponse


@pytest.mark.parametrize(
    ("attribute", "key"),
    [
        ("id", "id"),
        ("access_token_validity_seconds", "accessTokenValiditySeconds"),
        ("expiration_date", "expirationDate"),
        ("from_", "from"),
    ],
)
def test_wire_names_are_camel_case(attribute, key):
    """snake_case attributes map to the API's camelCase keys; a trailing underscore is dropped."""
    assert wire_name(attribute) == key


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        (
            {"accessTokenValiditySeconds": "36900"},
            "$.accessTokenValiditySeconds",
            "expected an integer, got string",
        ),
        (
            {"accessTokenValiditySeconds": True},
            "$.accessTokenValiditySeconds",
            "expected an integer, got boolean",
        ),
        (
            {"accessTokenValiditySeconds": 3.7},
            "$.accessTokenValiditySeconds",
            "expected an integer, got number",
        ),
        (
            {"accessTokenValiditySeconds": 36900.0},
            "$.accessTokenValiditySeconds",
            "expected an integer, got number",
        ),
        (
            {"accessTokenValiditySeconds": None},
            "$.accessTokenValiditySeconds",
            "expected an integer, got null",
        ),
        ({"name": None}, "$.name", "expected a string, got null"),
        ({"name": 1}, "$.name", "expected a string, got integer"),
        ({"id": ["x"]}, "$.id", "expected a string, got array"),
        ({"secret": 12345}, "$.secret", "expected a string, got integer"),
        ({"secret": None}, "$.secret", "expected a string, got null"),
        ({"scope": "sp:scopes:all"}, "$.scope", "expected an array or null, got string"),
        ({"scope": {"0": "x"}}, "$.scope", "expected an array or null, got object"),
        ({"scope": ["a", 1]}, "$.scope[1]", "expected a string, got integer"),
        ({"scope": [None]}, "$.scope[0]", "expected a string, got null"),
        ({"owner": None}, "$.owner", "expected an object, got null"),
        ({"owner": "Support"}, "$.owner", "expected an object, got string"),
        ({"owner": {"id": 7}}, "$.owner.id", "expected a string or null, got integer"),
        ({"owner": {"type": 1}}, "$.owner.type", "expected a string or null, got integer"),
        ({"created": "now"}, "$.created", "RFC 3339"),
        ({"created": "2017-07-11"}, "$.created", "RFC 3339"),
        ({"created": "2017-07-11T18:45:37.098"}, "$.created", "RFC 3339"),
        ({"created": 1499798737098}, "$.created", "got integer"),
        ({"created": None}, "$.created", "got null"),
        ({"expirationDate": "2018-02-30T00:00:00Z"}, "$.expirationDate", "not a valid date"),
        ({"expirationDate": ""}, "$.expirationDate", "RFC 3339"),
        ({"id": ...}, "$.id", "missing required key"),
        ({"secret": ...}, "$.secret", "missing required key"),
        ({"name": ...}, "$.name", "missing required key"),
        ({"owner": ...}, "$.owner", "missing required key"),
        ({"created": ...}, "$.created", "missing required key"),
    ],
)
def test_every_rejection_names_its_wire_path(changes, path, message):
    """A wrong type, a null where none is allowed or a missing key is reported at its path."""
    with pytest.raises(ValidationError) as info:
        structure(seed(**changes), Response)

    assert info.value.problems == ((path, info.value.problems[0][1]),)
    assert message in info.value.problems[0][1]
    assert f"{path}: " in str(info.value)
    assert SECRET not in str(info.value)


@pytest.mark.parametrize("data", [[], "x", 1, None, True, [json.loads(SEED)]])
def test_a_top_level_that_is_not_an_object_is_rejected(data):
    """Only a JSON object can be a model."""
    with pytest.raises(ValidationError, match=r"\$: expected an object, got "):
        structure(data, Response)


def test_every_problem_is_reported_at_once():
    """One error lists every problem in document order, so one round of fixes is enough."""
    doc = seed(secret=SECRET.encode().hex(), name=..., scope=["a", 2, None])
    doc["owner"] = {"id": 1, "name": False}
    doc["accessTokenValiditySeconds"] = "36900"

    with pytest.raises(ValidationError) as info:
        structure(doc, Response)

    assert [path for path, _ in info.value.problems] == [
        "$.scope[1]",
        "$.scope[2]",
        "$.name",
        "$.owner.id",
        "$.owner.name",
        "$.accessTokenValiditySeconds",
    ]
    assert str(info.value).startswith("invalid CreatePersonalAccessTokenResponse: 6 problems\n")


def test_a_malformed_secret_is_named_but_never_shown():
    """Even when the secret itself is the bad value, the message shows its path only."""
    for bad in ([SECRET], {"value": SECRET}):
        with pytest.raises(ValidationError) as info:
            structure(seed(secret=bad), Response)
        error = info.value
        assert error.problems[0][0] == "$.secret"
        assert SECRET not in str(error)
        assert error.__cause__ is None
        assert error.__context__ is None
        assert not getattr(error, "__notes__", None)


@pytest.mark.parametrize("name", list(CREATE_RESPONSES))
def test_absent_keys_stay_absent_and_nulls_stay_null(name):
    """Keys missing from an old version's payload load as ABSENT and are not written back."""
    doc = json.loads(CREATE_RESPONSES[name])

    tok = structure(doc, Response)

    assert unstructure(tok) == doc
    assert (tok.scope is ABSENT) == ("scope" not in doc)
    assert (tok.scope is None) == (doc.get("scope", ...) is None)
    assert (tok.expiration_date is ABSENT) == ("expirationDate" not in doc)
    assert (tok.expiration_date is None) == (doc.get("expirationDate", ...) is None)


def test_unknown_keys_are_kept_at_every_level_by_default():
    """Keys a newer API version adds survive a round trip, nested ones included."""
    doc = seed(rotation={"every": "P90D", "at": [1, None]}, owner={"id": "x", "email": "a@b.c"})

    tok = structure(doc, Response)

    assert tok.extra == {"rotation": {"every": "P90D", "at": (1, None)}}
    assert tok.owner.extra == {"email": "a@b.c"}
    assert unstructure(tok) == doc


def test_unknown_keys_are_dropped_when_ignored():
    """extra="ignore" reads the known keys only."""
    doc = seed(rotation=1, owner={"id": "x", "email": "a@b.c"})

    tok = structure(doc, Response, converter=make_converter(extra="ignore"))

    assert tok.extra == {}
    assert tok.owner.extra == {}
    assert unstructure(tok) == seed(owner={"id": "x"})


def test_unknown_keys_are_errors_when_forbidden():
    """extra="forbid" reports every unknown key by its path."""
    doc = seed(rotation=1, owner={"id": "x", "e-mail": "a@b.c"})

    with pytest.raises(ValidationError) as info:
        structure(doc, Response, converter=make_converter(extra="forbid"))

    assert info.value.problems == (
        ('$.owner["e-mail"]', "unknown key"),
        ("$.rotation", "unknown key"),
    )


def test_sub_millisecond_policy_is_a_converter_option():
    """Finer digits are truncated by default and refused with sub_millisecond="reject"."""
    doc = seed(created="2017-07-11T18:45:37.098765Z")

    assert unstructure(structure(doc, Response))["created"] == "2017-07-11T18:45:37.098Z"
    with pytest.raises(ValidationError, match=r"\$\.created: .*milliseconds"):
        structure(doc, Response, converter=make_converter(sub_millisecond="reject"))


@pytest.mark.parametrize(
    "options", [{"extra": "allow"}, {"extra": None}, {"sub_millisecond": "round"}]
)
def test_unknown_policies_are_refused(options):
    """A misspelt policy fails when the converter is made, not on the first payload."""
    with pytest.raises(ValueError, match="must be"):
        make_converter(**options)


def test_an_extra_key_may_not_shadow_a_field():
    """An extra key that repeats a field's wire name is refused when the object is built."""
    tok = structure(seed(), Response)

    message = (
        "CreatePersonalAccessTokenResponse.extra: 'accessTokenValiditySeconds' is the wire "
        "name of a field; set the field instead"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        attrs.evolve(tok, extra={"accessTokenValiditySeconds": 1})


def test_every_extra_key_that_shadows_a_field_is_named():
    """Each key that repeats a field's wire name is named, in the order given."""
    tok = structure(seed(), Response)

    with pytest.raises(
        ValueError, match=r"^[^:]+\.extra: 'scope', 'name' are the wire names of fields; "
    ) as info:
        attrs.evolve(tok, extra={"scope": [], "future": 1, "name": "x"})

    assert "future" not in str(info.value)


def test_lists_of_models_report_paths_with_indexes():
    """A list endpoint's body is checked item by item: $[1].owner.id."""
    docs = [seed(), seed(owner={"id": 1}), seed(name=...)]

    with pytest.raises(ValidationError) as info:
        structure(docs, list[Response])

    assert [path for path, _ in info.value.problems] == ["$[1].owner.id", "$[2].name"]
    assert str(info.value).startswith("invalid list[CreatePersonalAccessTokenResponse]: 2 problems")
    with pytest.raises(ValidationError) as info:
        structure(seed(), tuple[Response, ...])
    assert str(info.value) == (
        "invalid tuple[CreatePersonalAccessTokenResponse]: $: expected an array, got object"
    )


@pytest.mark.parametrize("container", [list, tuple])
def test_an_array_is_read_from_a_list_or_a_tuple(container):
    """A tuple built in Python is an array too; what is returned is of the type asked for."""
    owners = container([{"id": "a"}, {"id": "b"}])

    assert structure(owners, list[PatOwner]) == [PatOwner(id="a"), PatOwner(id="b")]
    assert structure(owners, tuple[PatOwner, ...]) == (PatOwner(id="a"), PatOwner(id="b"))
    scope = structure(seed(scope=container(["sp:scopes:all", "idn:x"])), Response).scope
    assert scope == ("sp:scopes:all", "idn:x")


def test_a_hosts_own_item_hook_reads_each_item_of_a_list():
    """A host's hook for the item type is called with each item and the type, as cattrs does."""
    converter = make_converter()
    calls = []

    def owner(value, tp):
        calls.append((value, tp))
        return PatOwner(id=value["id"].upper())

    converter.register_structure_hook(PatOwner, owner)

    owners = structure([{"id": "a"}, {"id": "b"}], list[PatOwner], converter=converter)

    assert owners == [PatOwner(id="A"), PatOwner(id="B")]
    assert calls == [({"id": "a"}, PatOwner), ({"id": "b"}, PatOwner)]


def test_make_converter_leaves_cattrs_global_converter_alone():
    """Using pat_models registers nothing on cattrs' global converter."""
    tok = structure(seed(), Response)

    assert "access_token_validity_seconds" in cattrs.unstructure(tok)


def test_configure_converter_touches_only_pat_models_types():
    """A host's converter keeps its own behaviour for its own classes."""

    @attrs.frozen
    class Host:
        some_count: int
        owner: PatOwner

    converter = cattrs.Converter()
    configure_converter(converter)

    host = converter.structure({"some_count": "3", "owner": {"type": "IDENTITY"}}, Host)

    assert host.some_count == 3
    assert host.owner == PatOwner(type="IDENTITY")
    assert converter.unstructure(host) == {"some_count": 3, "owner": {"type": "IDENTITY"}}


@pytest.mark.parametrize(
    ("value", "tp"),
    [
        ([1, "x"], tuple[int, str]),
        (["a", "b"], tuple[str, ...]),
        ([[1], [2]], list[tuple[int, ...]]),
        (dt.datetime(2017, 7, 11, 18, 45, 37, 98765, tzinfo=dt.timezone.utc), dt.datetime),
    ],
    ids=["pair", "strings", "nested", "datetime"],
)
def test_configure_converter_leaves_tuples_and_datetimes_of_other_types_to_cattrs(value, tp):
    """Only tuples of models and pendulum's DateTime are pat_models'; the rest reads as before."""
    plain, configured = cattrs.Converter(), cattrs.Converter()
    configure_converter(configured)

    if tp is dt.datetime:
        assert configured.unstructure(value) == plain.unstructure(value)
    else:
        assert configured.structure(value, tp) == plain.structure(value, tp)


def test_converters_are_independent():
    """Each make_converter call gives a converter of its own."""
    strict = make_converter(extra="forbid")
    lenient = make_converter()

    assert strict is not lenient
    assert structure(seed(x=1), Response, converter=lenient).extra == {"x": 1}


def test_a_hosts_own_timestamp_hook_still_yields_utc_milliseconds():
    """Values from a hook that is not pat_models' own go through the model's normalization."""
    converter = make_converter()
    converter.register_structure_hook(pendulum.DateTime, lambda value, _: pendulum.parse(value))

    tok = structure(seed(created="2017-07-11T20:45:37.098765+02:00"), Response, converter=converter)

    assert tok.created == pendulum.datetime(2017, 7, 11, 18, 45, 37, 98000)
    assert tok.created.tzinfo is pendulum.UTC


def test_a_hosts_own_owner_hook_builds_a_model_that_keeps_every_rule():
    """A host's hook for a nested model is called, and what it returns is checked like any value."""
    converter = make_converter()
    types = []

    def owner(value, tp):
        types.append(tp)
        return PatOwner(id=value["id"].upper(), name="from the host")

    converter.register_structure_hook(PatOwner, owner)

    token = structure(seed(), Response, converter=converter)

    assert token.owner == PatOwner(id="2C9180A46FAADEE4016FB4E018C20639", name="from the host")
    assert types == [PatOwner]  # called as cattrs calls a hook: with the type

    converter.register_structure_hook(PatOwner, lambda _value, _: "not an owner")
    with pytest.raises(ValidationError) as info:
        structure(seed(), Response, converter=converter)
    assert info.value.problems == (
        ("$.owner", "CreatePersonalAccessTokenResponse.owner: expected a PatOwner, got str"),
    )


def test_a_hosts_own_owner_hook_writes_the_owner_of_a_token():
    """A host's unstructure hook for a nested model is called in place of pat_models' own."""
    converter = make_converter()
    converter.register_unstructure_hook(PatOwner, lambda owner: {"id": owner.id.upper()})

    doc = unstructure(structure(seed(), Response), converter=converter)

    assert doc["owner"] == {"id": "2C9180A46FAADEE4016FB4E018C20639"}
    assert doc == {**seed(), "owner": doc["owner"]}


def test_a_sequence_of_models_of_a_hosts_type_hint_is_structured_by_the_models_hooks():
    """A host's own converter, asked for a Sequence of models, builds each by the models' hooks."""
    owners = make_converter().structure([{"id": "a"}, {"id": "b", "x": 1}], Sequence[PatOwner])

    assert owners == (PatOwner(id="a"), PatOwner(id="b", extra={"x": 1}))


def test_an_error_from_generated_code_has_a_readable_traceback():
    """The generated functions' source is kept, so a traceback shows their lines."""
    with pytest.raises(ValidationError):
        structure({"id": 1}, PatOwner)
    try:
        structure({"id": 1}, PatOwner)
    except ValidationError:
        text = traceback.format_exc()

    assert re.search(
        r'<pat_models generated structure_PatOwner #\d+>", line \d+, in structure_PatOwner', text
    )
    assert "raise ValidationError(problems(d), name)" in text


def test_every_converter_names_its_generated_code_apart():
    """Two converters' functions for one class have files of their own, each with its own source."""
    strict, lenient = make_converter(extra="forbid"), make_converter(extra="ignore")
    hooks = [converter.get_structure_hook(PatOwner) for converter in (strict, lenient)]

    files = [hook.__code__.co_filename for hook in hooks]

    assert files[0] != files[1]
    assert all(linecache.getlines(name) for name in files)


def test_the_source_of_generated_code_can_be_read_back():
    """`inspect` and debuggers read the source of generated functions line by line, as a file's."""
    hook = make_converter().get_unstructure_hook(PatOwner)

    source = inspect.getsource(hook)

    assert source.startswith("def unstructure_PatOwner(o):\n")
    assert source.endswith("  return wire\n")


def test_an_unknown_key_no_json_text_could_hold_is_reported_at_its_path():
    """A dict built in Python may hold what JSON cannot; its unknown key is named, with why."""
    with pytest.raises(ValidationError) as info:
        structure({"id": "a", "x": {1: 2}}, PatOwner)

    assert info.value.problems == (("$.x", "JSON object keys are strings, not int"),)


def test_a_field_no_json_text_could_hold_is_reported_at_its_path():
    """An integer too long to write, or a surrogate pair, in a dict built in Python, is named."""
    pair = "holds a high and a low surrogate side by side, which JSON reads back as one character"
    digits = "has more digits than Python reads or writes in JSON text"
    doc = seed(
        name="\ud83d\ude00", accessTokenValiditySeconds=10**5000, scope=["日本", "\ud83d\ude00"]
    )

    for converter in (None, make_converter()):  # the shared hooks, and ones generated anew
        with pytest.raises(ValidationError) as info:
            structure(doc, Response, converter=converter)

        assert sorted(info.value.problems) == [
            ("$.accessTokenValiditySeconds", digits),
            ("$.name", pair),
            ("$.scope[1]", pair),
        ]


# The keys the spec leaves optional but does not call nullable, where the
# server sends null anyway (pat-api.md); each read as None by default.
_LISTED = {"id": "t", "name": "n", "owner": {}, "created": "2017-07-11T18:45:37.098Z"}
_SERVER_NULLS = [
    (pat_models.PatOwner, {}, "type", "$.type"),
    (pat_models.PatOwner, {}, "id", "$.id"),
    (pat_models.PatOwner, {}, "name", "$.name"),
    (pat_models.CreatePersonalAccessTokenResponse, {**_LISTED, "secret": "s"}, "expirationDate", "$.expirationDate"),
    (pat_models.GetPersonalAccessTokenResponse, _LISTED, "managed", "$.managed"),
    (pat_models.GetPersonalAccessTokenResponse, _LISTED, "accessTokenValiditySeconds", "$.accessTokenValiditySeconds"),
    (pat_models.GetPersonalAccessTokenResponse, _LISTED, "userAwareTokenNeverExpires", "$.userAwareTokenNeverExpires"),
    (pat_models.JsonPatchOperation, {"op": "remove", "path": "/name"}, "from", "$.from"),
    (pat_models.ErrorResponseDto, {}, "detailCode", "$.detailCode"),
    (pat_models.ErrorResponseDto, {}, "trackingId", "$.trackingId"),
    (pat_models.ErrorResponseDto, {}, "messages", "$.messages"),
    (pat_models.ErrorResponseDto, {}, "causes", "$.causes"),
    (pat_models.ErrorMessageDto, {}, "text", "$.text"),
]  # fmt: skip


@pytest.mark.parametrize(("cls", "base", "key", "path"), _SERVER_NULLS)
def test_null_reject_refuses_each_null_only_the_server_sends(cls, base, key, path):
    """Tolerated by default, each such null is refused by null="reject", at its wire path."""
    doc = {**base, key: None}
    assert json.loads(pat_models.dumps(pat_models.structure(doc, cls))) == doc
    with pytest.raises(ValidationError) as info:
        structure(doc, cls, converter=make_converter(null="reject"))
    assert info.value.problems == ((path, "null, which the spec does not allow here"),)


def test_null_reject_refuses_no_null_the_spec_allows():
    """A null the spec allows (scope, lastUsed, expirationDate) reads under null="reject" too."""
    doc = {**_LISTED, "scope": None, "lastUsed": None, "expirationDate": None}
    strict = make_converter(null="reject")
    for key in ("type", "id", "name"):
        doc["owner"] = {key: "x"}
        assert (
            structure(doc, pat_models.GetPersonalAccessTokenResponse, converter=strict).scope
            is None
        )


def test_forbid_reports_an_unknown_key_even_beside_a_missing_one():
    """The typo strict reading exists to catch is named, not hidden behind the key it misspells."""
    with pytest.raises(ValidationError) as info:
        structure(
            {"nmae": "ci"},
            pat_models.CreatePersonalAccessTokenRequest,
            converter=make_converter(extra="forbid"),
        )
    assert info.value.problems == (("$.name", "missing required key"), ("$.nmae", "unknown key"))


_PAIR_IN_KEY = (
    "the key holds a high and a low surrogate side by side, which JSON reads back as one character"
)


class _Lying(dict):
    def __len__(self):
        return 5


def test_a_dict_subclass_is_read_from_a_copy_so_it_can_neither_fill_nor_hide_keys():
    """A defaultdict does not fill in a missing key, nor a lying len() hide an unknown one."""
    filling = collections.defaultdict(str, {k: v for k, v in seed().items() if k != "name"})
    hiding = _Lying({"id": "a", "nmae": "ci"})

    with pytest.raises(ValidationError) as info:
        structure(filling, CreatePersonalAccessTokenResponse)
    assert info.value.problems == (("$.name", "missing required key"),)
    assert "name" not in filling
    with pytest.raises(ValidationError) as info:
        structure(hiding, PatOwner, converter=make_converter(extra="forbid"))
    assert info.value.problems == (("$.nmae", "unknown key"),)


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"id": ABSENT}, ("$.id", "expected a string or null, got Absent")),
        ({"type": ABSENT, "id": "a"}, ("$.type", "expected a string or null, got Absent")),
        ({"zz": ABSENT}, ("$.zz", "an Absent is not a JSON value")),
        ({"\ud83d\ude00": 1}, ('$["\\ud83d\\ude00"]', _PAIR_IN_KEY)),
        ({1: "a", None: "b"}, ("$", "JSON object keys are strings, not NoneType, int")),
    ],
    ids=["ABSENT known", "ABSENT enum", "ABSENT unknown", "surrogate pair key", "non-str keys"],
)  # fmt: skip
def test_what_no_json_text_holds_is_refused_in_a_dict_built_in_python(document, problem):
    """ABSENT is not a JSON value, nor is a key JSON cannot carry: every instance read can be written."""
    for extra in ("keep", "ignore", "forbid"):
        if extra != "keep" and problem[1].startswith(("an Absent", "the key")):
            continue  # an unknown key's value or name is read only where it is kept
        with pytest.raises(ValidationError) as info:
            structure(document, PatOwner, converter=make_converter(extra=extra))
        assert info.value.problems == (problem,)


def test_a_host_hook_s_error_text_is_never_repeated_it_may_quote_the_value():
    converter = cattrs.Converter()
    configure_converter(converter)
    converter.register_structure_hook(pendulum.DateTime, lambda value, _: pendulum.parse(value))

    with pytest.raises(ValidationError) as info:
        structure(seed(created=SECRET), CreatePersonalAccessTokenResponse, converter=converter)

    assert info.value.problems == (
        ("$.created", "refused by the converter's own hook for DateTime"),
    )
    assert SECRET not in traceback.format_exc()


@pytest.mark.parametrize(
    "hook", [lambda value, _: value, lambda value, _: list(value)], ids=["as is", "a list"]
)
def test_what_a_host_s_json_value_hook_returns_is_frozen_as_if_it_were_built(hook):
    converter = cattrs.Converter()
    configure_converter(converter)
    converter.register_structure_hook_func(lambda tp: tp is pat_models.JsonValue, hook)

    owner = structure({"id": "a", "more": [1, {"b": [2]}]}, PatOwner, converter=converter)

    assert owner.extra["more"] == (1, {"b": (2,)})
    assert hash(owner) == hash(PatOwner(id="a", extra={"more": [1, {"b": [2]}]}))
    assert pat_models.loads(pat_models.dumps(owner), PatOwner) == owner


def test_a_subclass_of_a_model_reads_and_writes_as_its_base():
    @attrs.frozen(kw_only=True)
    class Owner(PatOwner):
        pass

    @attrs.frozen(kw_only=True)
    class Bigger(PatOwner):
        more: int = 1

    assert structure({"id": "a", "x": 1}, Owner) == Owner(id="a", extra={"x": 1})
    assert unstructure(Owner(id="a")) == {"id": "a"}
    with pytest.raises(TypeError, match=r"^Bigger adds fields to a pat_models class"):
        structure({}, Bigger)


def test_an_unknown_option_is_the_caller_s_error_before_the_document_s():
    with pytest.raises(ValueError, match=r"^duplicate_keys must be one of") as info:
        pat_models.loads(b"\xef\xbb\xbf{", PatOwner, duplicate_keys="first")

    assert type(info.value) is ValueError


def test_an_integer_read_before_the_digit_limit_was_lowered_is_refused_when_written():
    owner = pat_models.loads('{"n": 1' + "0" * 700 + "}", PatOwner)
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        with pytest.raises(
            ValidationError, match="an integer has more digits than Python now writes"
        ):
            pat_models.dumps(owner)
    finally:
        sys.set_int_max_str_digits(limit)


def test_a_host_hook_for_a_nested_model_that_fails_is_told_as_a_wrong_object():
    converter = cattrs.Converter()
    configure_converter(converter)

    def owner(value, _):
        msg = f"no owner {value}"  # quotes the value, as hooks may
        raise ValueError(msg)

    converter.register_structure_hook(PatOwner, owner)

    with pytest.raises(ValidationError) as info:
        structure(
            seed(owner={"id": SECRET}), CreatePersonalAccessTokenResponse, converter=converter
        )

    assert info.value.problems == (("$.owner", "refused by the converter's own hook for PatOwner"),)


class _Ghost(dict):
    """A dict that says it holds a key it does not, and hides one it holds."""

    def __iter__(self):
        return iter(["ghost"])

    def keys(self):
        return ["ghost"]

    def __getitem__(self, key):
        msg = f"no {key} but {SECRET}"
        raise ValueError(msg)


def test_a_dict_subclass_is_read_by_what_it_holds_whatever_its_methods_say():
    ghost = _Ghost({"id": "a"})

    assert structure(ghost, PatOwner) == PatOwner(id="a")
    assert structure({"id": "a", "owner": ghost}, pat_models.ErrorResponseDto).extra == {
        "id": "a", "owner": {"id": "a"},
    }  # fmt: skip


@pytest.mark.parametrize(
    "fail",
    [KeyError, AttributeError, IndexError, RuntimeError, OverflowError, ValueError],
    ids=lambda error: error.__name__,
)
def test_whatever_a_host_hook_raises_is_told_in_words_of_ours(fail):
    converter = cattrs.Converter()
    configure_converter(converter)

    def read(value, _):
        raise fail(value)

    converter.register_structure_hook(pendulum.DateTime, read)
    converter.register_structure_hook_func(lambda tp: tp is pat_models.JsonValue, read)

    with pytest.raises(ValidationError) as info:
        structure(
            seed(created=SECRET, more=SECRET),
            CreatePersonalAccessTokenResponse,
            converter=converter,
        )

    assert info.value.problems == (
        ("$.created", "refused by the converter's own hook for DateTime"),
        ("$.expirationDate", "refused by the converter's own hook for DateTime"),
        ("$.more", "refused by the converter's own hook for JSON values"),
    )
    assert SECRET not in traceback.format_exc()


def test_a_host_hook_that_gives_absent_for_a_key_that_was_sent_is_refused():
    converter = cattrs.Converter()
    configure_converter(converter)
    converter.register_structure_hook_func(
        lambda tp: tp is pat_models.JsonValue, lambda _value, _type: ABSENT
    )

    with pytest.raises(ValidationError) as info:
        structure(
            {"op": "remove", "path": "/a", "value": 1},
            pat_models.JsonPatchOperation,
            converter=converter,
        )

    assert info.value.problems == (
        ("$.value", "refused by the converter's own hook for JSON values"),
    )
