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


def test_credentials_never_print(caplog):
    """repr, str, format, %-formatting and logging of the helpers' results show a mask."""
    header = basic_authorization(token())
    form = client_credentials(token())
    encoded = header.reveal().removeprefix("Basic ")

    with caplog.at_level(logging.INFO):
        logging.getLogger("app").info("auth %s form %s %r", header, form, header)
    shown = [
        repr(header),
        str(header),
        f"{header}",
        f"{header!r}",
        "%s" % header,  # noqa: UP031
        repr(form),
        str(form),
    ]

    for text in [*shown, caplog.text]:
        assert SECRET not in text
        assert encoded not in text
    assert header.startswith("Basic ")  # the characters are still the credential


def test_a_secret_is_a_real_string_for_http_libraries():
    """Encoding and comparing use the credential's characters, so headers and forms work."""
    header = basic_authorization(token("Aladdin", "open sesame"))

    assert isinstance(header, str)
    assert header.encode("latin-1") == b"Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    assert Secret("x") == "x"


def test_a_secret_shows_its_mask_and_honours_a_format_spec():
    """The mask itself is shown, not nothing and not None, and formatting treats it as text."""
    secret = Secret("hunter2")

    assert repr(secret) == "Secret('********')"
    assert str(secret) == "********"
    assert f"{secret}" == "********"
    assert f"[{secret:>10}]" == "[  ********]"
    assert f"[{secret:.3}]" == "[***]"
    assert secret.reveal() == "hunter2"
    assert type(secret.reveal()) is str
