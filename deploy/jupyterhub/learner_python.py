"""Print the Python that learners' single-user servers run; make one if the course's own is out of their reach.

Each learner's server runs as the learner's own system account, so that account must be able to run the
course's Python. A ``.venv`` made from a system Python (``/usr/bin/python3.11``, or a course installed under
``/opt``) is fine as it is and this prints its interpreter. A ``.venv`` made from a Python under a private
home directory (pyenv under ``/root``, as on the project's CI machines) is not: its interpreter and standard
library cannot be read by anyone else. Then this makes a small overlay environment beside it from a system
Python of the same version, with a ``.pth`` file that adds the ``.venv``'s packages, and prints that one.

Usage (``make hub`` and the hub tests run it): ``.venv/bin/python deploy/jupyterhub/learner_python.py DIR``
where DIR is where an overlay goes if one is needed (e.g. ``.venv-learners``).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import sysconfig
from pathlib import Path


def reachable_by_others(path: Path) -> bool:
    """True if any account can reach ``path`` (every directory above it searchable by others) and read it."""
    path = Path(os.path.realpath(path))
    for parent in path.parents:
        if not os.stat(parent).st_mode & stat.S_IXOTH:
            return False
    return bool(os.stat(path).st_mode & stat.S_IROTH)


def system_python(version: tuple[int, int]) -> Path | None:
    for folder in ("/usr/bin", "/usr/local/bin"):
        candidate = Path(folder) / f"python{version[0]}.{version[1]}"
        if candidate.exists() and reachable_by_others(candidate):
            return candidate
    return None


def learner_python(overlay: Path) -> Path:
    own = Path(sys.executable)
    stdlib = Path(sysconfig.get_path("stdlib"))
    if reachable_by_others(own) and reachable_by_others(stdlib / "os.py"):
        return own
    base = system_python(sys.version_info[:2])
    if base is None:
        raise SystemExit(f"Learners' accounts cannot run {os.path.realpath(own)} and there is no system "
                         f"python{sys.version_info[0]}.{sys.version_info[1]} to use instead: make the course's "
                         ".venv from a Python every account can read (make install PYTHON=/usr/bin/python3.X).")
    python = overlay / "bin" / "python"
    if not python.exists():
        subprocess.run([str(base), "-m", "venv", "--without-pip", str(overlay)], check=True)
    packages = Path(sysconfig.get_path("purelib"))
    site_dir = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                   check=True, capture_output=True, text=True).stdout.strip())
    (site_dir / "cx-course.pth").write_text(f"import site; site.addsitedir({str(packages)!r})\n", encoding="utf-8")
    return python


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    print(learner_python(Path(sys.argv[1]).resolve()))
