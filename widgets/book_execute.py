"""Execute the book's notebooks in parallel before Jupyter Book reads them.

Jupyter Book 1 (myst-nb, ``execute_notebooks: cache``) executes notebooks one at a time while Sphinx
reads the pages, so a clean build used one of the machine's cores for most of its time. This step runs
first (``make book`` and ``make test`` call it): it executes every notebook of ``_toc.yml`` whose outputs
are missing or stale, ``--jobs`` at a time, in the same conditions myst-nb would (working directory = the
notebook's folder, ``CX_BOOK_BUILD=1``, the configured live URL, the configured timeout, errors not
allowed) and stores the result in the same jupyter-cache (``_build/.jupyter_cache``). myst-nb then finds
every notebook in the cache and only renders it.

Stale means more than myst-nb's own test (the notebook's code changed): a page's outputs also depend on the
``widgets`` package and on ``data/`` (question banks, activities, cases, data sets). Each cached record
carries a digest of those inputs (``cx_inputs``); when it differs, the notebook is executed again. So a
changed question bank reaches every page that shows it, and the practice and mock-exam pages no longer need
``execution_mode: force``.

A notebook that fails here is left out of the cache and reported; myst-nb then executes it itself during
the build and reports the error in its usual way, so the build still fails where it should.

Run: ``python -m widgets.book_execute [--jobs N]`` from the repository root.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

from widgets.charts import BOOK_BUILD_ENV
from widgets.live import LIVE_URL_ENV

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "_build" / ".jupyter_cache"
INPUTS_KEY = "cx_inputs"
# What a page's outputs can depend on besides its own code cells.
INPUT_DIRS = ("widgets", "data")
INPUT_SUFFIXES = {".py", ".yml", ".yaml", ".json", ".csv", ".js", ".css", ".html", ".j2", ".txt"}


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """The notebooks listed in ``_toc.yml`` (root, chapters and their sections), in book order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    files.append(node[key])
            for value in node.values():
                if isinstance(value, list | dict):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    found = []
    for name in files:
        path = root / name
        if path.suffix != ".ipynb":
            path = path.with_suffix(".ipynb")
        if path.is_file():
            found.append(path)
    return found


def inputs_digest(root: Path = ROOT) -> str:
    """One digest of every file under ``widgets/`` and ``data/`` that a page's output can depend on."""
    digest = hashlib.sha256()
    for folder in INPUT_DIRS:
        for path in sorted((root / folder).rglob("*")):
            if not path.is_file() or path.suffix not in INPUT_SUFFIXES or "__pycache__" in path.parts:
                continue
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def book_settings(root: Path = ROOT) -> tuple[int, str]:
    """The execution timeout and the live URL that ``_config.yml`` gives the build."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    timeout = int((config.get("execute") or {}).get("timeout", 30))
    live = ((config.get("sphinx") or {}).get("config") or {}).get("cx_live_url", "")
    return timeout, str(live)


def _read(path: Path):
    import nbformat

    return nbformat.read(str(path), as_version=4)


MANIFEST = "cx-manifest.json"


def _file_key(path: Path, digest: str) -> str:
    return hashlib.sha256(path.read_bytes() + digest.encode()).hexdigest()


def read_manifest(cache_path: Path) -> dict[str, str]:
    """What the last run executed: notebook path → hash of its file and the inputs. Kept in the cache
    folder, so clearing the cache clears it too."""
    try:
        data = json.loads((cache_path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_manifest(cache_path: Path, paths: list[Path], digest: str, failed: list[Path]) -> None:
    keys = {str(p): _file_key(p, digest) for p in paths if p not in failed}
    cache_path.mkdir(parents=True, exist_ok=True)
    (cache_path / MANIFEST).write_text(json.dumps(keys, indent=1, sort_keys=True), encoding="utf-8")


def stale_notebooks(paths: list[Path], cache_path: Path, digest: str) -> list[Path]:
    """The notebooks with no cached outputs, or outputs made from other inputs. A notebook whose file and
    inputs are those of the last run is taken as cached without opening the cache (importing nbformat and
    jupyter-cache alone takes seconds)."""
    manifest = read_manifest(cache_path)
    unknown = [p for p in paths if manifest.get(str(p)) != _file_key(p, digest)]
    if not unknown:
        return []
    from jupyter_cache import get_cache

    paths = unknown

    cache = get_cache(str(cache_path))
    stale = []
    for path in paths:
        try:
            record = cache.match_cache_notebook(_read(path))
        except KeyError:
            stale.append(path)
            continue
        if (record.data or {}).get(INPUTS_KEY) != digest:
            stale.append(path)
    return stale


def _set_environment(env: dict[str, str]) -> None:
    """In each worker (and so in the kernels it starts), the environment the book build gives kernels."""
    os.environ.update(env)


def _execute(path_text: str, timeout: int) -> tuple[str, object, float, str]:
    """Execute one notebook (in a worker process); return it with its run time, or the error."""
    from jupyter_cache.executors.utils import single_nb_execution

    path = Path(path_text)
    nb = _read(path)
    result = single_nb_execution(nb, cwd=str(path.parent), allow_errors=False, timeout=timeout,
                                 meta_override=True)
    if result.err is not None:
        return path_text, None, result.time, f"{type(result.err).__name__}: {result.err}"
    return path_text, nb, result.time, ""


def execute(paths: list[Path], cache_path: Path, digest: str, jobs: int, timeout: int, live_url: str,
            log=print) -> list[Path]:
    """Execute ``paths`` ``jobs`` at a time and cache them; return the ones that failed."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    env = {BOOK_BUILD_ENV: "1", **({LIVE_URL_ENV: live_url} if live_url else {})}
    cache_path.mkdir(parents=True, exist_ok=True)
    cache = get_cache(str(cache_path))
    failed = []
    # Longest first keeps both workers busy until the end (the order is only a heuristic).
    order = sorted(paths, key=lambda p: -p.stat().st_size)
    with ProcessPoolExecutor(max_workers=max(1, jobs), initializer=_set_environment, initargs=(env,)) as pool:
        futures = [pool.submit(_execute, str(p), timeout) for p in order]
        for future in futures:
            path_text, nb, seconds, error = future.result()
            name = Path(path_text).relative_to(ROOT).as_posix() if path_text.startswith(str(ROOT)) else path_text
            if error:
                failed.append(Path(path_text))
                log(f"  failed  {name} ({error.splitlines()[0][:200]}); the build will execute it again")
                continue
            cache.cache_notebook_bundle(
                CacheBundleIn(nb, str(Path(path_text)), data={"execution_seconds": seconds, INPUTS_KEY: digest}),
                check_validity=False, overwrite=True)
            # Sphinx re-reads a page only when its source is newer than its last read; outputs that changed
            # because of their inputs need that too.
            os.utime(path_text)
            log(f"  {seconds:5.1f} s  {name}")
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="notebooks executed at once (default: 2, or 1 on a one-core machine)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="the jupyter-cache folder Jupyter Book uses")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    notebooks = toc_notebooks()
    digest = inputs_digest()
    stale = stale_notebooks(notebooks, args.cache, digest)
    failed: list[Path] = []
    if stale:
        timeout, live_url = book_settings()
        print(f"book_execute: executing {len(stale)} of {len(notebooks)} notebooks, {args.jobs} at a time")
        failed = execute(stale, args.cache, digest, args.jobs, timeout, live_url)
    write_manifest(args.cache, notebooks, digest, failed)
    if not stale:
        print(f"book_execute: all {len(notebooks)} notebooks are up to date in the cache")
        return 0
    print(f"book_execute: done in {time.perf_counter() - start:.1f} s"
          + (f"; {len(failed)} failed (see above)" if failed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
