"""The package's layering (DESIGN.md): models never import views; chapters and dashboards come in by one
front door, :mod:`widgets.show`; activity views live one module per kind."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "widgets"
VIEW_LIBRARIES = ("ipywidgets", "anywidget", "widgets.ui")


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
    return found


def test_models_never_import_views():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "ui" or rel.name == "show.py":
            continue
        for line, name in _imports(path):
            if name.startswith(VIEW_LIBRARIES):
                offenders.append(f"widgets/{rel}:{line} imports {name}")
    assert not offenders, offenders


def test_importing_every_model_loads_no_view():
    models = sorted({".".join(("widgets", *p.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
                     for p in PACKAGE.rglob("*.py")
                     if p.relative_to(PACKAGE).parts[0] != "ui" and p.name not in ("show.py", "__main__.py")})
    code = ("import sys\n" + "".join(f"import {m}\n" for m in models)
            + "bad = sorted(m for m in sys.modules if m.startswith(('widgets.ui', 'ipywidgets', 'anywidget')))\n"
            + "print(','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "", f"importing the models loaded views: {out.stdout.strip()}"


def _notebook_imports(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    names = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        try:
            tree = ast.parse("\n".join(lines))
        except SyntaxError:
            continue
        names += [name for _, name in _imports_from_tree(tree)]
    return names


def _imports_from_tree(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return found


def test_chapters_and_dashboards_use_only_the_front_door():
    notebooks = [*ROOT.glob("chapters/*/*.ipynb"), *ROOT.glob("dashboards/*.ipynb"), *ROOT.glob("book/*.ipynb")]
    assert notebooks
    offenders = [f"{nb.relative_to(ROOT)}: {name}" for nb in notebooks for name in _notebook_imports(nb)
                 if name.startswith("widgets") and name != "widgets.show"]
    assert not offenders, f"import from widgets.show only: {offenders}"


def test_one_view_module_per_activity_kind():
    views = {p.stem for p in (PACKAGE / "ui" / "activities").glob("*.py")}
    kinds = {p.stem for p in (PACKAGE / "activities").glob("*.py")} - {"__init__", "common", "static", "charts"}
    assert kinds <= views, f"activity kinds without a view module of their own: {sorted(kinds - views)}"
    for path in (PACKAGE / "ui" / "activities").glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 300, f"{path.name} is becoming a catch-all"
