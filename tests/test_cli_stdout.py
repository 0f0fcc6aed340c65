"""
Standard output of every subcommand holds its own report and nothing else: no solver
banner (HiGHS prints one from C code), no library chatter. Run as real processes so
that output written by C libraries to file descriptor 1 is seen.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = str(ROOT / "examples" / "nets" / "demo_net.json")
NOISE = ("HiGHS", "Copyright", "THIRD_PARTY", "Running", "Coefficient ranges", "WARNING")


def _run(args):
    return subprocess.run([sys.executable, "-m", "tropsage.cli", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


CASES = {
    "info": (["info", DEMO, "--point", "1/2,-1/3"], ("network", "file", "weights", "tropical",
                                                       "  output", "value at", "check")),
    "regions": (["regions", DEMO, "--domain", "-2,2"], ("network", "domain", "activation",
                                                        "  bounded", "linear", "volumes", "time")),
    "bounds": (["bounds", DEMO, "--milp", "highs"], ("architecture", "  ", "exact", "MILP")),
    "hoffman": (["hoffman", DEMO], ("network", "tropical", "  H_", "effective", "  ")),
    "plot": (["plot", DEMO, "-o", "{tmp}/p.png"], None),
    "crosscheck": (["crosscheck", DEMO, "--tool", "sampling", "--samples", "300"], None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_stdout_is_only_the_report(tmp_path, name):
    args, starts = CASES[name]
    args = [a.replace("{tmp}", str(tmp_path)) if isinstance(a, str) else a for a in args]
    p = _run(args)
    # (crosscheck exits 1 when sampling finds a disagreement)
    assert p.returncode in ((0, 1) if name == "crosscheck" else (0,)), p.stderr
    assert not any(word in p.stdout for word in NOISE), p.stdout
    assert "Traceback" not in p.stderr
    if starts is not None:
        for line in p.stdout.splitlines():
            assert line.startswith(starts), f"unexpected line {line!r} in\n{p.stdout}"


def test_json_to_stdout_is_only_json():
    """``--json -`` (and ``/dev/stdout``): the whole of standard output is one JSON document."""
    for target in ("-", "/dev/stdout"):
        j = _run(["regions", DEMO, "--domain", "-2,2", "--json", target])
        assert j.returncode == 0, j.stderr
        data = json.loads(j.stdout)
        assert data["activation_regions"] == len(data["regions"]) == 22
