"""The parallel pre-execution of the book's notebooks (widgets.book_execute): which notebooks it finds,
when it counts cached outputs as stale, and that myst-nb would match what it caches."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from tests.conftest import code_notebook
from widgets import book_execute as be

ROOT = Path(__file__).resolve().parent.parent


def test_toc_notebooks_are_every_notebook_of_the_toc():
    found = be.toc_notebooks()
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert found, "no notebooks found in _toc.yml"
    assert all(p.suffix == ".ipynb" and p.is_file() for p in found)
    for path in sorted((ROOT / "chapters").glob("*/*.ipynb")):
        listed = path.relative_to(ROOT).with_suffix("").as_posix() in toc
        assert (path in found) == listed, path


def _mini_project(tmp_path: Path) -> Path:
    (tmp_path / "widgets").mkdir()
    (tmp_path / "widgets" / "a.py").write_text("X = 1\n")
    (tmp_path / "data" / "quizzes").mkdir(parents=True)
    (tmp_path / "data" / "quizzes" / "bank.yml").write_text("questions: []\n")
    return tmp_path


def test_inputs_digest_changes_with_code_and_data_but_not_with_caches(tmp_path):
    root = _mini_project(tmp_path)
    first = be.inputs_digest(root)
    (root / "widgets" / "__pycache__").mkdir()
    (root / "widgets" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0\1")
    assert be.inputs_digest(root) == first, "a byte-code cache must not count as a changed input"
    (root / "data" / "quizzes" / "bank.yml").write_text("questions: [1]\n")
    second = be.inputs_digest(root)
    assert second != first, "an edited question bank must make cached pages stale"
    (root / "widgets" / "a.py").write_text("X = 2\n")
    assert be.inputs_digest(root) not in {first, second}


def test_book_settings_come_from_config():
    timeout, live = be.book_settings()
    assert timeout >= 60
    assert live.startswith("http://127.0.0.1:")


def test_executed_notebook_is_cached_where_myst_nb_finds_it_and_goes_stale_with_inputs(tmp_path):
    pytest.importorskip("jupyter_cache")
    from jupyter_cache import get_cache

    nb_path = tmp_path / "page.ipynb"
    nb = code_notebook("import os", "print(os.environ.get('CX_BOOK_BUILD'), 6 * 7)")
    nbformat.write(nb, nb_path)
    cache_dir = tmp_path / "cache"
    assert be.stale_notebooks([nb_path], cache_dir, "digest-1") == [nb_path]

    before = os.environ.get("CX_BOOK_BUILD")
    failed = be.execute([nb_path], cache_dir, "digest-1", jobs=1, timeout=120, live_url="", log=lambda *_: None)
    assert failed == []
    be.write_manifest(cache_dir, [nb_path], "digest-1", failed)
    # myst-nb matches the notebook as it reads it from disk, by its code cells
    record = get_cache(str(cache_dir)).match_cache_notebook(nbformat.read(str(nb_path), as_version=4))
    assert record.data[be.INPUTS_KEY] == "digest-1"
    _, merged = get_cache(str(cache_dir)).merge_match_into_notebook(nbformat.read(str(nb_path), as_version=4))
    assert "1 42" in merged.cells[-1].outputs[0]["text"], "executed with CX_BOOK_BUILD=1, as the build does"
    assert os.environ.get("CX_BOOK_BUILD") == before, "the test process's own environment is left alone"

    assert be.stale_notebooks([nb_path], cache_dir, "digest-1") == []
    assert be.stale_notebooks([nb_path], cache_dir, "digest-2") == [nb_path], "new inputs: stale"
    (cache_dir / be.MANIFEST).unlink()
    assert be.stale_notebooks([nb_path], cache_dir, "digest-1") == [], "found in the cache without the manifest"
    nb.cells.append(nbformat.v4.new_code_cell("1 + 1"))
    nbformat.write(nb, nb_path)
    assert be.stale_notebooks([nb_path], cache_dir, "digest-1") == [nb_path], "edited code: stale"


def test_a_failing_notebook_is_reported_and_left_for_the_build(tmp_path):
    nb_path = tmp_path / "broken.ipynb"
    nbformat.write(code_notebook("raise ValueError('broken on purpose')"), nb_path)
    lines: list[str] = []
    failed = be.execute([nb_path], tmp_path / "cache", "d", jobs=1, timeout=120, live_url="", log=lines.append)
    assert failed == [nb_path]
    assert any("failed" in line and "broken.ipynb" in line for line in lines)
    assert be.stale_notebooks([nb_path], tmp_path / "cache", "d") == [nb_path]
