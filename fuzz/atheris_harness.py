"""
Coverage-guided fuzzing of pat_models with atheris (pip install atheris).

    python fuzz/atheris_harness.py -max_total_time=600 -max_len=4096

Any exception but `pat_models.ValidationError` is a crash atheris reports with the input.
"""

import sys

import atheris

with atheris.instrument_imports():
    import pat_models
    from pat_models import (
        CreatePersonalAccessTokenResponse,
        GetPersonalAccessTokenResponse,
        JsonPatchOperation,
        ValidationError,
    )

TARGETS = [
    CreatePersonalAccessTokenResponse,
    list[GetPersonalAccessTokenResponse],
    list[JsonPatchOperation],
    pat_models.BulkUpdatePersonalAccessTokensRequest,
    pat_models.CreatePersonalAccessTokenRequest,
    pat_models.ErrorResponseDto,
]


def test_one_input(data: bytes) -> None:
    if not data:
        return
    cls = TARGETS[data[0] % len(TARGETS)]
    strict = data[0] & 0x80
    try:
        obj = pat_models.loads(data[1:], cls, duplicate_keys="reject" if strict else "last")
    except ValidationError:
        return
    text = pat_models.dumps(obj)
    if pat_models.loads(text, cls) != obj:
        msg = "the round trip changed the object"
        raise AssertionError(msg)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
