"""Which tokens need attention: each boundary of each status, and the order of a report."""

import datetime as dt
import json

import attrs
import pendulum
import pytest

from pat_models import (
    ABSENT,
    CreatePersonalAccessTokenResponse,
    GetPersonalAccessTokenResponse,
    loads,
)
from pat_models._timestamps import format_timestamp
from pat_models.cli import main
from pat_models.cli._audit import columns, contradiction, horizon, judge, parse_duration, urgency

from ..payloads import LISTINGS, SECRET, SEED, listed_item
from .console import AT as AT_TEXT
from .console import EXAMPLE, TOKENS, console, peak_rss_kib, run, write

AT = pendulum.datetime(2026, 12, 1)
MS = dt.timedelta(milliseconds=1)
WITHIN = dt.timedelta(days=30)
STALE = dt.timedelta(days=90)
FAR = "2030-01-01T00:00:00.000Z"


def _stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def listed(**keys):
    item = {
        **LISTINGS["2025-07 expiry"][0],
        "created": "2026-11-01T00:00:00.000Z",
        "lastUsed": "2026-11-30T00:00:00.000Z",
        "managed": False,
        "expirationDate": FAR,
        "userAwareTokenNeverExpires": False,
        **keys,
    }
    return loads(json.dumps(item), GetPersonalAccessTokenResponse)


def created(**keys):
    return loads(json.dumps({**json.loads(SEED), **keys}), CreatePersonalAccessTokenResponse)


def status(token):
    return judge(token, horizon(AT, WITHIN, STALE))[0]


@pytest.mark.parametrize(
    ("expires", "expected"),
    [
        (AT - MS, "expired"),
        (AT, "expired"),  # expiring at the very instant judged: gone
        (AT + MS, "expiring"),
        (AT + WITHIN, "expiring"),  # the last instant of the window is in it
        (AT + WITHIN + MS, "ok"),
    ],
)
def test_expiry_boundaries(expires, expected):
    assert status(listed(expirationDate=_stamp(expires))) == expected
    assert status(created(expirationDate=_stamp(expires))) == expected


@pytest.mark.parametrize(
    ("last_used", "expected"),
    [
        (AT - STALE + MS, "ok"),
        (AT - STALE, "ok"),  # used exactly the stale window ago: not yet stale
        (AT - STALE - MS, "stale"),
    ],
)
def test_staleness_boundary(last_used, expected):
    assert status(listed(lastUsed=_stamp(last_used))) == expected


def test_a_token_never_used_is_stale_by_its_creation():
    old = _stamp(AT - STALE - MS)

    assert status(listed(lastUsed=None, created=old)) == "stale"
    assert status(listed(lastUsed=None, created=_stamp(AT - STALE))) == "ok"


def test_a_token_whose_use_is_not_on_record_is_never_stale():
    """Versions before lastUsed existed say nothing of use: no guess is made."""
    token = listed(created="2000-01-01T00:00:00.000Z", lastUsed=None)
    unrecorded = attrs.evolve(token, last_used=ABSENT)

    assert status(token) == "stale"
    assert status(unrecorded) == "ok"


def test_a_created_token_is_judged_by_expiry_alone():
    """A create response has no lastUsed: old and unexpired, it is ok, never stale."""
    assert status(created(created="2000-01-01T00:00:00.000Z", expirationDate=FAR)) == "ok"


def _without(token_keys, *keys):
    item = {**LISTINGS["2025-07 expiry"][0], "created": "2026-11-01T00:00:00.000Z",
            "lastUsed": "2026-11-30T00:00:00.000Z", **token_keys}  # fmt: skip
    for key in keys:
        item.pop(key, None)
    return loads(json.dumps(item), GetPersonalAccessTokenResponse)


def test_the_remaining_statuses():
    assert status(_without({"userAwareTokenNeverExpires": True}, "expirationDate")) == (
        "never-expires"
    )
    assert status(listed(expirationDate=None)) == "never-expires"
    assert status(listed(managed=True)) == "managed"
    assert status(listed(managed=True, expirationDate=_stamp(AT))) == "expired"


@pytest.mark.parametrize("flag", [True, False])
@pytest.mark.parametrize(
    ("expires", "expected"),
    [
        ("2026-06-01T00:00:00.000Z", "expired"),
        ("2026-12-15T00:00:00.000Z", "expiring"),
        (FAR, "ok"),
    ],
)
def test_a_stated_date_decides_whatever_the_never_expires_flag_says(flag, expires, expected):
    """The raw API lets a PATCH set the date alone: a date that has passed is expired."""
    token = listed(expirationDate=expires, userAwareTokenNeverExpires=flag)

    assert status(token) == expected
    assert (contradiction(token) is not None) is flag


@pytest.mark.parametrize(
    "token",
    [
        _without({}, "expirationDate", "userAwareTokenNeverExpires"),
        _without({"userAwareTokenNeverExpires": False}, "expirationDate"),
        _without({"userAwareTokenNeverExpires": None}, "expirationDate"),
        loads(
            json.dumps({k: v for k, v in json.loads(SEED).items() if k != "expirationDate"}),
            CreatePersonalAccessTokenResponse,
        ),
    ],
    ids=["listed-before-july-2025", "flag-false", "flag-null", "created-before-july-2025"],
)
def test_a_token_that_says_nothing_of_its_expiry_is_expiry_unknown(token):
    """Neither ok nor never-expires: tokens expire after six months unless the server says otherwise."""
    assert status(token) == "expiry-unknown"


def test_a_contradiction_is_named_in_the_table_and_in_json(tmp_path, capsys):
    item = listed_item(expires="2026-06-01T00:00:00.000Z") | {"userAwareTokenNeverExpires": True}
    path = write(tmp_path / "one.json", json.dumps([item]))

    assert main(["audit", "--at", AT_TEXT, path]) == 1
    row = capsys.readouterr().out.splitlines()[1]
    assert main(["audit", "--json", "--at", AT_TEXT, path]) == 1
    shown = json.loads(capsys.readouterr().out)[0]

    assert row.endswith("  2026-06-01 00:00  expired (its date, though flagged never-expires)")
    assert (shown["status"], shown["expirationDate"]) == ("expired", "2026-06-01T00:00:00.000Z")
    assert shown["userAwareTokenNeverExpires"] is True
    assert shown["contradiction"] == (
        "userAwareTokenNeverExpires is true, yet an expirationDate is stated"
    )


@pytest.mark.parametrize(("flag", "contradicts"), [(False, True), (True, False), (None, False)])
def test_a_null_date_never_expires_and_a_flag_of_false_beside_it_is_named(
    tmp_path, capsys, flag, contradicts
):
    item = listed_item() | {"expirationDate": None, "userAwareTokenNeverExpires": flag}
    path = write(tmp_path / "one.json", json.dumps([item]))

    assert main(["audit", "--at", AT_TEXT, path]) == 0
    row = capsys.readouterr().out.splitlines()[1]
    assert main(["audit", "--json", "--at", AT_TEXT, path]) == 0
    shown = json.loads(capsys.readouterr().out)[0]

    assert shown["status"] == "never-expires"
    if contradicts:
        assert row.endswith("  never-expires (no date, though not flagged never-expires)")
        assert shown["contradiction"] == (
            "expirationDate is null, yet userAwareTokenNeverExpires is false"
        )
    else:
        assert row.endswith("  never-expires")
        assert "contradiction" not in shown


def test_expiry_unknown_exits_0_unless_asked_to_fail(tmp_path, capsys):
    item = {key: value for key, value in listed_item().items() if key != "expirationDate"}
    item.pop("userAwareTokenNeverExpires", None)
    path = write(tmp_path / "one.json", json.dumps([item]))

    assert main(["audit", "--at", AT_TEXT, path]) == 0
    assert capsys.readouterr().out.splitlines()[1].split()[-2:] == ["-", "expiry-unknown"]
    assert main(["audit", "--fail-unknown-expiry", "--at", AT_TEXT, path]) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30d", dt.timedelta(days=30)),
        ("12h", dt.timedelta(hours=12)),
        ("90m", dt.timedelta(minutes=90)),
        ("45s", dt.timedelta(seconds=45)),
        ("2w", dt.timedelta(weeks=2)),
        ("1w2d3h4m5s", dt.timedelta(weeks=1, days=2, hours=3, minutes=4, seconds=5)),
    ],
)
def test_durations_in_every_unit(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "30", "d", "1y", "1.5d", "-1d", "1d ", "１d"])
def test_what_is_not_a_duration(text):
    with pytest.raises(ValueError, match=r"^expected a duration such as 30d, 12h, 90m or 1w2d"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["1000000000d", "142857143w", "9" * 5000 + "s"])
def test_a_duration_longer_than_python_holds_is_refused_by_name(text):
    with pytest.raises(ValueError, match=r"^expected a duration of at most 999999999 days$"):
        parse_duration(text)


END = pendulum.datetime(9999, 12, 31, 23)
START = pendulum.datetime(1, 1, 1, 1)


@pytest.mark.parametrize(
    ("at", "expires", "within", "expected"),
    [
        (END, END + dt.timedelta(minutes=30), dt.timedelta(hours=2), "expiring"),
        (END, END + dt.timedelta(minutes=30), dt.timedelta(days=30), "expiring"),
        (END, END + dt.timedelta(minutes=30), dt.timedelta(minutes=10), "ok"),
    ],
)
def test_a_window_past_the_end_of_time_ends_there(at, expires, within, expected):
    """An hour before year 10000, a two-hour window holds every later instant, not none."""
    token = listed(expirationDate=format_timestamp(expires), lastUsed=format_timestamp(at))

    assert judge(token, horizon(at, within, STALE))[0] == expected


@pytest.mark.parametrize(
    ("last_used", "stale", "expected"),
    [
        (START - dt.timedelta(minutes=30), dt.timedelta(hours=2), "ok"),
        (START - dt.timedelta(minutes=30), dt.timedelta(days=90), "ok"),
        (START - dt.timedelta(minutes=30), dt.timedelta(minutes=10), "stale"),
    ],
)
def test_a_staleness_reaching_before_the_start_of_time_is_never_reached(last_used, stale, expected):
    """An hour after year 1 began, nothing can have been unused for two hours yet."""
    created, last_used = START - dt.timedelta(hours=1), format_timestamp(last_used)
    token = listed(created=format_timestamp(created), lastUsed=last_used)

    assert judge(token, horizon(START, WITHIN, stale))[0] == expected


def test_a_report_sorts_by_status_then_soonest_expiry_then_name():
    soon, later = AT + dt.timedelta(days=1), AT + dt.timedelta(days=2)
    findings = [
        ("ok", later, "a"),
        ("expiring", later, "a"),
        ("expiring", soon, "z"),
        ("expired", later, "b"),
        ("expiring", soon, "m"),
        ("never-expires", None, "c"),
        ("expired", later, "a"),
    ]

    ordered = sorted(findings, key=lambda finding: urgency(*finding))

    assert ordered == [
        ("expired", later, "a"),
        ("expired", later, "b"),
        ("expiring", soon, "m"),
        ("expiring", soon, "z"),
        ("expiring", later, "a"),
        ("never-expires", None, "c"),
        ("ok", later, "a"),
    ]


# The audit command, run as a user runs it.


def _table_rows(tmp_path, capsys, tokens):
    """The rows, without the header, of the audit table of *tokens* as of AT_TEXT."""
    path = write(tmp_path / "tokens.json", json.dumps(tokens))
    main(["audit", "--at", AT_TEXT, path])
    return capsys.readouterr().out.splitlines()[1:]


def test_audit_sorts_tokens_by_urgency():
    """Every status appears, most urgent first, and exit 1 flags expired and expiring tokens."""
    result = run("audit", "--at", AT_TEXT, str(TOKENS))

    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "NAME                  OWNER     CREATED           LAST USED         EXPIRES           STATUS",
        "Nightly export        Support   2026-05-15 09:00  2026-11-14 02:00  2026-11-15 09:00  expired",
        "Terraform             Platform  2026-06-10 12:30  2026-11-30 18:00  2026-12-10 12:30  expiring",
        "Never used            Security  2026-01-20 10:00  never             2027-01-20 10:00  stale",
        "Old reporting script  Support   2026-03-01 08:00  2026-06-01 08:00  2027-03-01 08:00  stale",
        "SIEM connector        Security  2026-02-02 16:45  2026-11-30 23:59  never             never-expires",
        "Workflow: onboarding  Platform  2026-09-01 07:00  2026-11-29 07:00  2027-03-01 07:00  managed",
        "CI pipeline           Platform  2026-10-01 07:00  2026-11-30 11:20  2027-04-01 07:00  ok",
    ]
    assert result.stderr == (
        "7 tokens as of 2026-12-01T00:00:00.000Z: 1 expired, 1 expiring, 2 stale, "
        "1 never-expires, 1 managed, 1 ok\n"
    )


def test_audit_windows_change_the_verdict():
    """--within and --stale move tokens between statuses; nothing urgent means exit 0."""
    result = run(
        "audit", "--at", "2026-10-01T00:00:00Z", "--within", "1d", "--stale", "52w", str(TOKENS)
    )

    assert result.returncode == 0
    statuses = [line.rsplit(maxsplit=1)[-1] for line in result.stdout.splitlines()[1:]]
    assert statuses == ["never-expires", "managed", "ok", "ok", "ok", "ok", "ok"]


def test_audit_json_is_for_machines_and_never_holds_a_secret():
    """--json writes the same findings as wire-form objects with a status, without secrets."""
    result = run("audit", "--json", "--at", AT_TEXT, str(TOKENS), str(EXAMPLE))

    rows = json.loads(result.stdout)
    assert [row["status"] for row in rows][:3] == ["expired", "expired", "expiring"]
    assert rows[0]["name"] in {"NodeJS Integration", "Nightly export"}
    assert rows[0]["expirationDate"].endswith("Z")
    assert all("secret" not in row for row in rows)
    assert SECRET not in result.stdout + result.stderr


def test_audit_reports_documents_that_are_not_tokens():
    """A patch operation in an audit's input is reported, and the run exits 1."""
    result = run("audit", "--at", AT_TEXT, stdin='{"op": "remove", "path": "/name"}')

    assert result.returncode == 3
    assert result.stderr.startswith(
        "-: $: audit reads token and create-response documents, not patch\n"
    )


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"])
def test_audit_at_the_ends_of_time_judges_without_overflowing(at):
    """--at near year 1 or 9999 still gives every token a status."""
    result = console("audit", "--at", at, str(TOKENS))

    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert "7 tokens as of" in result.stderr


def test_audit_names_the_element_that_is_not_a_token(tmp_path):
    """An operation in an array of tokens is reported at its index."""
    items = [json.loads(SEED), {"op": "remove", "path": "/name"}]
    path = write(tmp_path / "array.json", json.dumps(items))

    result = console("audit", "--at", AT_TEXT, path)

    assert (
        f"{path}: $[1]: audit reads token and create-response documents, not patch" in result.stderr
    )
    assert result.returncode == 3


def test_audit_keeps_what_it_prints_not_the_tokens(tmp_path):
    """Ten times the tokens costs the audit far less than ten times the models would."""
    item = json.dumps(LISTINGS["2025-07 expiry"][0])
    small, large = tmp_path / "small.ndjson", tmp_path / "large.ndjson"
    small.write_text((item + "\n") * 2_000)
    large.write_text((item + "\n") * 20_000)

    audit = ("audit", "--json", "--at", AT_TEXT)
    growth = peak_rss_kib(*audit, str(large), statuses=(0, 1)) - peak_rss_kib(
        *audit, str(small), statuses=(0, 1)
    )

    # A kept model is about 1.5 KB a token: 18,000 of them would be 26 MiB.
    assert growth < 14 * 1024


@pytest.mark.parametrize(
    ("expires", "status", "code"),
    [
        ("2026-11-15T00:00:00.000Z", "expired", 1),
        ("2026-12-15T00:00:00.000Z", "expiring", 1),
        ("2027-06-01T00:00:00.000Z", "ok", 0),
    ],
)
def test_audit_exits_1_for_an_expired_or_an_expiring_token_alone(
    tmp_path, capsys, expires, status, code
):
    path = write(tmp_path / "one.json", json.dumps(listed_item(expires=expires)))

    assert main(["audit", "--at", AT_TEXT, path]) == code
    assert capsys.readouterr().out.splitlines()[1].endswith(f"  {status}")


def test_audit_of_no_token_writes_an_empty_table_and_an_empty_array(tmp_path, capsys):
    path = write(tmp_path / "none.json", "[]")

    assert main(["audit", "--at", AT_TEXT, path]) == 0
    assert capsys.readouterr() == ("", f"0 tokens as of {AT_TEXT}: none\n")
    assert main(["audit", "--json", "--at", AT_TEXT, path]) == 0
    assert capsys.readouterr() == ("[]\n", f"0 tokens as of {AT_TEXT}: none\n")


def test_audit_json_writes_one_token_a_line(tmp_path, capsys):
    """Line tools (grep, wc -l) see a token a line, between the array's brackets."""
    tokens = [listed_item("a"), listed_item("b", expires="2026-12-15T00:00:00.000Z")]
    path = write(tmp_path / "two.json", json.dumps(tokens))

    main(["audit", "--json", "--at", AT_TEXT, path])
    lines = capsys.readouterr().out.splitlines()

    assert (lines[0], lines[-1]) == ("[", "]")
    rows = [json.loads(line.strip().removesuffix(",")) for line in lines[1:-1]]
    assert [(row["name"], row["status"]) for row in rows] == [("b", "expiring"), ("a", "ok")]
    keys = ["id", "name", "owner", "created", "lastUsed", "managed", "expirationDate", "status"]
    assert [list(row) for row in rows] == [keys, keys]  # as the README lists them
    assert rows[1] == {key: tokens[0][key] for key in keys[:-1]} | {"status": "ok"}


def test_audit_sorts_a_status_by_expiry_then_by_name(tmp_path, capsys):
    soon, later = "2026-12-10T00:00:00.000Z", "2026-12-20T00:00:00.000Z"
    tokens = [
        listed_item("b", expires=later),
        listed_item("a", expires=later),
        listed_item("c", expires=soon),
    ]

    names = [row.split()[0] for row in _table_rows(tmp_path, capsys, tokens)]

    assert names == ["c", "a", "b"]


def test_audit_shows_an_owner_without_name_or_id_as_a_question_mark(tmp_path, capsys):
    """The owner's name, else its id, else "?": the API may leave both out."""
    owners = [{"name": "Ann", "id": "a1"}, {"id": "b2"}, {"type": "IDENTITY"}]
    tokens = [{**listed_item(str(index)), "owner": owner} for index, owner in enumerate(owners)]

    rows = _table_rows(tmp_path, capsys, tokens)

    assert [row.split()[1] for row in rows] == ["Ann", "b2", "?"]


def test_audit_escapes_control_characters_so_that_a_name_cannot_break_the_table(tmp_path, capsys):
    rows = _table_rows(tmp_path, capsys, [listed_item("two\nlines\x1b[2J"), listed_item("日本")])

    assert [row.split()[0] for row in rows] == ["two\\u000alines\\u001b[2J", "日本"]


def test_escaping_is_one_to_one_so_a_backslash_in_a_name_cannot_pass_for_a_control(
    tmp_path, capsys
):
    r"""A name that holds the six characters \u001b prints apart from one that holds an ESC."""
    rows = _table_rows(tmp_path, capsys, [listed_item("a\\u001b"), listed_item("a\x1b")])

    assert sorted(row.split()[0] for row in rows) == ["a\\\\u001b", "a\\u001b"]


def test_the_table_aligns_by_terminal_columns(tmp_path, capsys):
    """Wide East Asian characters take two columns, combining ones none: every owner lines up."""
    names = ["ascii", "日本語", "cafe\u0301", "ｆｕｌｌ"]
    rows = _table_rows(tmp_path, capsys, [listed_item(name) for name in names])

    starts = {columns(row[: row.index("Support")]) for row in rows}
    assert len(starts) == 1


def test_audit_shows_an_unknown_last_use_apart_from_never(capsys):
    """A create response does not say when it was used: "-", not "never" (a listed null)."""
    assert main(["audit", "--at", AT_TEXT, str(EXAMPLE)]) == 1
    header, row = capsys.readouterr().out.splitlines()

    assert row[header.index("LAST USED") :].split()[0] == "-"


def test_audit_reports_problems_on_stderr_and_counts_each_as_invalid(tmp_path, capsys):
    """A token that did not load is still a row; a non-token is a problem; either exits 3."""
    lines = [{**listed_item(), "id": 1}, {"op": "remove", "path": "/name"}, listed_item()]
    path = write(tmp_path / "mixed.ndjson", "".join(json.dumps(line) + "\n" for line in lines))

    assert main(["audit", "--at", AT_TEXT, path]) == 3
    out, err = capsys.readouterr()

    assert [line.split()[-1] for line in out.splitlines()] == ["STATUS", "invalid", "ok"]
    assert f"{path}:1: $.id: expected a string, got integer" in err.splitlines()
    assert (
        f"{path}:2: $: audit reads token and create-response documents, not patch"
        in err.splitlines()
    )


def test_audit_keeps_the_input_order_of_tokens_that_tie(tmp_path, capsys):
    """Same status, expiry and name: the order they came in, whatever else differs."""
    rows = _table_rows(tmp_path, capsys, [listed_item(owner="Zed"), listed_item(owner="Ann")])

    owners = [row.split()[1] for row in rows]

    assert owners == ["Zed", "Ann"]


def test_a_token_the_audit_cannot_fully_read_is_a_row_of_its_own(tmp_path, capsys):
    """What could be read is shown, the status is invalid, the tally counts it, the exit is 3."""
    broken = {**listed_item(name="Broken"), "created": "yesterday", "managed": "yes", "x": "s3cr3t"}
    tokens = [listed_item(name="Fine"), broken, {**listed_item(name="Nulls"), "managed": None}]
    path = write(tmp_path / "tokens.json", json.dumps(tokens))

    assert main(["audit", "--at", AT_TEXT, path]) == 3
    out, err = capsys.readouterr()

    rows = [line.split() for line in out.splitlines()[1:]]
    assert [(row[0], row[-1]) for row in rows] == [
        ("Broken", "invalid"),
        ("Fine", "ok"),
        ("Nulls", "ok"),
    ]
    assert rows[0][1:-1] == ["Support", "-", "2026-11-30", "00:00", "2027-06-01", "00:00"]
    assert err.splitlines()[-1] == f"3 tokens as of {AT_TEXT}: 1 invalid, 2 ok"
    assert "s3cr3t" not in out + err


def test_audit_json_shows_what_could_be_read_of_an_invalid_token(tmp_path, capsys):
    broken = {**listed_item(name="Broken"), "id": 5, "owner": {"name": "Ops", "pin": "1234"}}
    path = write(tmp_path / "tokens.json", json.dumps([broken]))

    assert main(["audit", "--json", "--at", AT_TEXT, path]) == 3
    (row,) = json.loads(capsys.readouterr().out)

    assert row == {
        "name": "Broken",
        "owner": {"name": "Ops"},
        "created": broken["created"],
        "lastUsed": broken["lastUsed"],
        "managed": broken["managed"],
        "expirationDate": broken["expirationDate"],
        "status": "invalid",
    }


def test_a_token_that_expired_still_exits_1_when_every_token_was_read(tmp_path):
    """1 is "a token needs action", 3 "the input is not what it should be": a CI gate tells them apart."""
    path = write(
        tmp_path / "tokens.json", json.dumps([listed_item(expires="2026-01-01T00:00:00.000Z")])
    )

    assert run("audit", "--at", AT_TEXT, path).returncode == 1
