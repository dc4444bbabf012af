"""A clone with no ``../shared`` beside it passes ``make test``: it collects without errors, and the
tests that need the specification texts (``../shared/seeds/``) or vendored files (``../shared/vendor/``)
are skipped with their reason instead of erroring.

The repository's files (tracked, plus untracked files that are not ignored, i.e. what the next commit
holds) are copied into a temporary folder that has no ``shared`` folder beside it, and pytest runs there
with this virtualenv's Python and the arguments of the Makefile's ``test`` target."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED_FIXTURES

# The Makefile's `test` target: `python -m pytest --nbval-lax tests dashboards $(wildcard chapters)`.
MAKE_TEST_ARGS = ["--nbval-lax", "tests", "dashboards", "chapters"]

# A pytest plugin for the copy: keep only the tests that request a fixture reading ../shared.
ONLY_SHARED_PLUGIN = f"""
SHARED_FIXTURES = {sorted(SHARED_FIXTURES)!r}

def pytest_collection_modifyitems(config, items):
    keep = [i for i in items if set(SHARED_FIXTURES) & set(getattr(i, "fixturenames", ()))]
    config.hook.pytest_deselected(items=[i for i in items if i not in keep])
    items[:] = keep


def pytest_terminal_summary(terminalreporter):
    import widgets
    terminalreporter.write_line(f"widgets imported from {{widgets.__file__}}")
"""


def _repository_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout to list the repository's files")
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=ROOT, capture_output=True, check=True).stdout.decode()
    return [name for name in out.split("\0") if name and (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """The repository's files in ``<tmp>/cx-clone``, with no ``<tmp>/shared`` beside it."""
    base = tmp_path_factory.mktemp("clone")
    copy = base / "cx-clone"
    for name in _repository_files():
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    assert not (base / "shared").exists()
    plugin_dir = base / "plugins"
    plugin_dir.mkdir()
    (plugin_dir / "cx_only_shared.py").write_text(textwrap.dedent(ONLY_SHARED_PLUGIN), encoding="utf-8")
    return copy


def _pytest_in(copy: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "CX_BOOK_BUILD"))}
    env.update(JUPYTER_PATH=str(copy / "share" / "jupyter"), PYDEVD_DISABLE_FILE_VALIDATION="1",
               PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(copy.parent / "plugins"))
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args], cwd=copy,
                          env=env, capture_output=True, text=True, timeout=timeout)


def test_make_test_collects_without_errors_in_a_clone_without_shared(clone):
    result = _pytest_in(clone, "--collect-only", "-q", *MAKE_TEST_ARGS)
    tail = (result.stdout + result.stderr)[-4000:]
    assert result.returncode == 0, f"collection failed in a clone without ../shared:\n{tail}"
    summary = result.stdout.strip().splitlines()[-1]
    assert "error" not in summary.lower(), tail
    assert "tests/test_curriculum.py" in result.stdout


def test_tests_needing_shared_are_skipped_with_their_reason_in_a_clone(clone):
    report = clone.parent / "shared-tests.xml"
    result = _pytest_in(clone, "-p", "cx_only_shared", "--continue-on-collection-errors", "-q",
                        f"--junitxml={report}", "tests")
    tail = (result.stdout + result.stderr)[-4000:]
    assert report.exists(), tail
    # The copy's own package ran, not this checkout's (the virtualenv holds an editable install of it).
    assert f"widgets imported from {clone / 'widgets' / '__init__.py'}" in result.stdout, tail
    # Files that failed to import appear with no class name: the collection test above reports them.
    cases = [c for c in ET.parse(report).getroot().iter("testcase") if c.get("classname")]
    # The curriculum's comparisons with the specification texts, at least (7 when this test was written).
    assert len(cases) >= 7, tail
    outcomes = {}
    for case in cases:
        name = f"{case.get('classname')}::{case.get('name')}"
        skipped = case.find("skipped")
        if skipped is None:
            outcomes[name] = "not skipped: " + (", ".join(child.tag for child in case) or "passed")
        elif "../shared/" not in (skipped.get("message") or ""):
            outcomes[name] = f"skipped without the reason: {skipped.get('message')}"
    assert not outcomes, f"{outcomes}\n{tail}"
