"""Every framing other tools write, with the tools themselves: jq --seq, values on one line, stray separators, holes, compression."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .console import PAT_MODELS
from .console import TOKENS as LISTING

TOKENS = [json.dumps(token, separators=(",", ":")) for token in json.loads(LISTING.read_text())]
COUNT = len(TOKENS)


def _sh(line, cwd, **options):
    """Run a shell line, the installed console script as pat-models."""
    return subprocess.run(
        ["sh", "-c", line.replace("pat-models", PAT_MODELS)],  # noqa: S607
        cwd=cwd, capture_output=True, text=True, check=False, **options,
    )  # fmt: skip


def _tally(result):
    return next(line for line in reversed(result.stderr.splitlines()) if " valid, " in line)


def _peak(path):
    """The peak memory GNU time wrote, in kilobytes: its last line."""
    return int(path.read_text().splitlines()[-1])


needs_jq = pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
needs_time = pytest.mark.skipif(
    not Path("/usr/bin/time").exists(), reason="GNU time, which measures peak memory, is not here"
)


@needs_jq
@pytest.mark.parametrize("compact", ["-c", ""], ids=["compact", "pretty"])
def test_jq_seq_records_are_read_each_apart(tmp_path, compact):
    (tmp_path / "tokens.json").write_text(LISTING.read_text())

    jq = f"jq {compact} -n --seq --slurpfile t tokens.json '$t[0][]'"

    result = _sh(f"{jq} | pat-models check --type token -", tmp_path)

    assert _tally(result) == f"{COUNT} valid, 0 invalid"


@needs_jq
def test_a_broken_record_of_a_sequence_costs_that_record_alone(tmp_path):
    (tmp_path / "tokens.json").write_text(LISTING.read_text())
    cut = "head -c 40"  # the third record cut short, as a killed writer leaves it

    jq = "jq -cn --seq --slurpfile t tokens.json"

    result = _sh(
        f"{{ {jq} '$t[0][0:2][]'; {jq} '$t[0][2]' | {cut}; {jq} '$t[0][3:][]'; }}"
        " | pat-models check --type token -",
        tmp_path,
    )

    assert _tally(result) == f"{COUNT - 1} valid, 1 invalid"


@pytest.mark.parametrize(
    ("broken", "lost"),
    [
        (lambda token: token[:30], 1),  # cut: it and the value it ran into
        (lambda token: token.replace('"name":', '"name":NaN,"n":'), 0),  # its end is known
        (lambda token: token[:-1] + ',"x":1,"x":2}', 0),  # a key given twice, under --strict
    ],
    ids=["cut", "nan", "duplicate"],
)
def test_values_joined_on_one_line_cost_the_broken_one_and_at_most_its_neighbour(
    tmp_path, broken, lost
):
    joined = "".join(broken(token) if index == 1 else token for index, token in enumerate(TOKENS))
    (tmp_path / "intact.json").write_text("".join(TOKENS) + "\n")
    (tmp_path / "joined.json").write_text(joined + "\n")

    intact = _sh("pat-models check --strict --type token intact.json", tmp_path)
    result = _sh("pat-models check --strict --type token joined.json", tmp_path)

    valid, invalid = (int(_tally(intact).split()[i]) for i in (0, 2))
    assert _tally(result) == f"{valid - 1 - lost} valid, {invalid + 1} invalid"


@pytest.mark.parametrize(
    "separator",
    [",", ",\n", "\f", "\u00a0", "\u0085", "\u2028", "\u2029"],
    ids=["comma", "trailing-comma", "form-feed", "nbsp", "nel", "line-separator", "paragraph"],
)
def test_a_stray_separator_between_values_loses_nothing(tmp_path, separator):
    (tmp_path / "tokens.txt").write_text(separator.join(TOKENS) + "\n", encoding="utf-8")

    result = _sh("pat-models check --type token tokens.txt", tmp_path)

    assert _tally(result) == f"{COUNT} valid, 0 invalid"


@needs_time
def test_a_sparse_hole_with_no_line_end_is_one_problem_in_bounded_memory(tmp_path):
    (tmp_path / "token.json").write_text(TOKENS[0] + "\n")
    result = _sh(
        "truncate -s 256M hole && cat token.json hole token.json > holed.json && "
        "/usr/bin/time -o peak -f '%M' pat-models check --type token holed.json",
        tmp_path,
    )

    assert _tally(result) == "2 valid, 1 invalid"
    assert _peak(tmp_path / "peak") < 200_000  # kilobytes: under 200 MB


@needs_time
def test_an_endless_input_is_read_in_flat_memory(tmp_path):
    result = _sh(
        "head -c 300000000 /dev/zero | /usr/bin/time -o peak -f '%M' pat-models check -", tmp_path
    )

    assert _tally(result) == "0 valid, 1 invalid"
    assert _peak(tmp_path / "peak") < 200_000


def test_brackets_nested_past_any_document_are_one_problem_and_the_next_is_read(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 2**22 + "]" * 2**22 + "\n" + TOKENS[0] + "\n")

    result = _sh("pat-models check --type token deep.json", tmp_path)

    assert result.stdout.splitlines()[0] == "deep.json:1: $: not valid JSON here: nested too deeply"
    assert _tally(result) == "1 valid, 1 invalid"


@pytest.mark.parametrize("tool", ["gzip", "zstd", "bzip2", "xz"])
def test_a_compressed_file_is_one_problem_that_names_its_compression(tmp_path, tool):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")
    (tmp_path / "tokens.json").write_text(LISTING.read_text())

    result = _sh(f"{tool} -c tokens.json > packed && pat-models check packed", tmp_path)

    assert (
        result.stdout == f"packed: $: compressed with {tool}, not JSON text: decompress it first\n"
    )
    assert _tally(result) == "0 valid, 1 invalid"


def test_zero_with_any_exponent_is_zero(tmp_path):
    patch = '{"op":"test","path":"/name","value":0e999999999999999999999}'

    result = _sh(f"printf '%s' '{patch}' | pat-models normalize -", tmp_path)

    assert json.loads(result.stdout)["value"] == 0
    assert _tally(result) == "1 valid, 0 invalid"


@pytest.mark.parametrize("junk", ["}", ";", "x", "]", '"', "1"])
def test_one_stray_character_after_a_value_costs_the_next_line_nothing(tmp_path, junk):
    (tmp_path / "junk.ndjson").write_text(f"{TOKENS[0]}{junk}\n{TOKENS[1]}\n")

    result = _sh("pat-models check --type token junk.ndjson", tmp_path)

    assert _tally(result) == "2 valid, 1 invalid"


def test_a_cut_value_running_into_a_hole_is_read_past_quickly(tmp_path):
    (tmp_path / "token.json").write_text(TOKENS[1] + "\n")
    result = _sh(
        f"printf '%s' '{TOKENS[0][:30]}' > cut && truncate -s 128M cut && "
        "printf '\\n' >> cut && cat token.json >> cut && pat-models check --type token cut",
        tmp_path,
        timeout=60,
    )

    assert _tally(result) == "1 valid, 1 invalid"
