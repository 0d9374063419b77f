import logging
import re

import pytest

from pat_models import (
    Secret,
    basic_authorization,
    client_credentials,
)

from .payloads import SECRET, make_created


def token(id_="86f1dc6fe8f54414950454cbb11278fa", secret=SECRET):
    return make_created(id=id_, secret=secret)


@pytest.mark.parametrize(
    ("id_", "secret", "expected"),
    [
        # RFC 7617, section 2 and section 2.1 (UTF-8).
        ("Aladdin", "open sesame", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
        ("test", "123\u00a3", "Basic dGVzdDoxMjPCow=="),
        # Standard base64, not URL-safe: "+" and "/" (printf 'a:??>~' | base64).
        ("a", "??>~", "Basic YTo/Pz5+"),
    ],
)
def test_basic_authorization_follows_rfc_7617(id_, secret, expected):
    """The header value is Basic and the base64 of id:secret in UTF-8."""
    assert basic_authorization(token(id_, secret)).reveal() == expected


def test_a_colon_in_the_id_is_refused_without_the_secret():
    """RFC 7617 user ids cannot hold a colon; the error names neither the id nor the secret."""
    message = "a Basic Auth user name (the token id) may not contain a colon"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        basic_authorization(token("a:b"))


def test_client_credentials_form():
    """The form is the OAuth client-credentials grant with the token's id and secret."""
    form = client_credentials(token())

    assert form == {
        "grant_type": "client_credentials",
        "client_id": "86f1dc6fe8f54414950454cbb11278fa",
        "client_secret": SECRET,
    }


def test_the_reprs_of_credentials_never_show_them(caplog):
    """A dict or header logged with %r, or shown in a traceback, holds the mask, not the secret."""
    header = basic_authorization(token())
    form = client_credentials(token())
    encoded = header.reveal().removeprefix("Basic ")

    with caplog.at_level(logging.INFO):
        logging.getLogger("app").info("auth %r form %s %r", header, form, form)
    shown = [repr(header), f"{header!r}", repr(form), str(form), f"{form}", str([header])]

    for text in [*shown, caplog.text]:
        assert SECRET not in text
        assert encoded not in text
    assert "Secret('********')" in repr(form)


def test_a_secret_is_a_real_string_for_http_libraries():
    """Encoding and comparing use the credential's characters, so headers and forms work."""
    header = basic_authorization(token("Aladdin", "open sesame"))

    assert isinstance(header, str)
    assert header.encode("latin-1") == b"Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    assert Secret("x") == "x"


def test_a_secret_is_its_text_everywhere_but_its_repr():
    """str, f-strings and + give the credential, as HTTP libraries need; repr alone masks it."""
    secret = Secret("hunter2")

    assert repr(secret) == "Secret('********')"
    assert str(secret) == f"{secret}" == "%s" % secret == "hunter2"  # noqa: UP031
    assert "Bearer " + secret == "Bearer hunter2"
    assert f"[{secret:>9}]" == "[  hunter2]"
    assert secret.reveal() == "hunter2"
    assert type(secret.reveal()) is str


@pytest.mark.parametrize("point", [0xD800, 0xDBFF, 0xDC00, 0xDFFF], ids=hex)
def test_a_lone_surrogate_in_the_secret_is_refused_with_nothing_of_it_chained(point):
    """UTF-8 cannot carry it; neither the error nor anything it chains holds the secret."""
    message = "the token id or secret holds a lone surrogate, which UTF-8 cannot encode"
    with pytest.raises(ValueError, match=f"^{message}$") as info:
        basic_authorization(token(secret=f"SEKRET{chr(point)}"))
    assert info.value.__context__ is None
    assert info.value.__cause__ is None
    assert "SEKRET" not in repr(info.value.args)
