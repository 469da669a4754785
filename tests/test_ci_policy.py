"""CI never skips in silence: unexplained skips fail, and so does a required but missing browser."""

import subprocess
import sys

import pytest

from .support.processes import ROOT

pytest_plugins = ["pytester"]

SKIPS = """
import pytest

def test_allowed():
    pytest.skip("pool sizing applies to PostgreSQL")

def test_unexplained():
    pytest.skip("no reason given")
"""


@pytest.mark.parametrize(("ci", "failed"), [("true", True), ("", False)])
def test_only_allowed_skips_pass_in_ci(pytester, monkeypatch, ci, failed):
    monkeypatch.setenv("CI", ci)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makepyfile(SKIPS)
    result = pytester.runpytest_subprocess("-p", "tests.skip_policy")
    result.assert_outcomes(skipped=2)
    assert result.ret == (pytest.ExitCode.TESTS_FAILED if failed else pytest.ExitCode.OK)
    if failed:
        result.stdout.fnmatch_lines(["*test_unexplained: no reason given"])
    assert "test_allowed:" not in result.stdout.str()


@pytest.mark.parametrize(
    ("required", "outcome", "said"),
    [
        ("1", "1 error", "THESET_REQUIRE_BROWSER=1 but there is no Chromium at /no/chromium"),
        ("", "1 skipped", "BROWSER TESTS NOT RUN: no Chromium at /no/chromium"),
    ],
)
def test_a_missing_chromium_fails_only_when_the_browser_is_required(required, outcome, said):
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "tests/browser/test_smoke.py"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "THESET_CHROMIUM": "/no/chromium",
            "THESET_REQUIRE_BROWSER": required,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert outcome in run.stdout.splitlines()[-1], run.stdout
    assert said in run.stdout
