"""Sphinx extension for the book: offline charts, criterion references, styles.

* Copies ``cx-charts.js``/``cx-book.css`` (package data) and a Vega bundle made
  by ``vl-convert-python`` into ``_static/cx/`` of the build. Nothing is loaded
  from a CDN.
* Adds the Vega bundle only to pages that contain a chart (``figure.cx-chart``),
  so pages without charts stay small.
* Adds ``quiz.js``/``quiz.css`` (the quiz renderer, package data) only to pages that contain a
  quiz (``div.cx-quiz``, written by ``widgets.show.show_quiz``/``show_mock_exam`` in the book build).
* Adds ``cx-activities.css`` only to pages that contain an activity (``class="cx-activity ..."``,
  written by the ``widgets.activities.show_*`` functions in the book build).
* Provides the ``{ac}`` role: ``{ac}`ocr-l2-u10:P1``` marks that the section it
  appears in teaches that criterion, and renders as a link to the criterion on
  the specification's overview page. An unknown criterion is a build error.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.util import logging

from widgets.charts import BOOK_BUILD_ENV, CHART_CLASS
from widgets.curriculum import resolve_key
from widgets.live import DEFAULT_LIVE_URL, LIVE_URL_ENV

logger = logging.getLogger(__name__)

STATIC_SUBDIR = "cx"
VEGA_BUNDLE = "vega-bundle.js"
QUIZ_CLASS = "cx-quiz"
QUIZ_ASSETS = ("quiz.js", "quiz.css")
ACTIVITY_CLASS = "cx-activity"
ACTIVITY_ASSETS = ("cx-activities.css",)


def criterion_label(key: str) -> str:
    """The Sphinx label of a criterion on its overview page: ``ac-ocr-l2-u10-p1``."""
    spec_id, _, cid = key.partition(":")
    return f"ac-{spec_id}-{cid.replace('.', '-')}".lower()


def ac_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    key = text.strip()
    try:
        _spec, criterion = resolve_key(key)
    except ValueError as exc:
        msg = inliner.reporter.error(f"{{ac}} role: {exc}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    label = f"{key.split(':', 1)[1]} {criterion.statement}"
    ref = pending_xref(
        rawtext, reftype="ref", refdomain="std", reftarget=criterion_label(key), refexplicit=True, refwarn=True
    )
    inner = nodes.inline(label, label, classes=["cx-ac-ref"])
    ref += inner
    return [ref], []


def _asset_bytes(name: str) -> bytes:
    return resources.files("widgets").joinpath("assets", name).read_bytes()


def vegalite_version() -> str:
    """The Vega-Lite minor version Altair writes (``5.20``), so the book's bundle matches the specs."""
    from widgets.charts import import_altair

    return import_altair().SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]


def _vega_bundle_text() -> str:
    import vl_convert as vlc

    return vlc.javascript_bundle(vl_version=vegalite_version())


def _minified(name: str) -> bytes:
    """The quiz renderer minified by esbuild (npm package, ``npm install``): it keeps each quiz page
    within its size budget (``benchmarks/quiz.py``). JupyterLab and Voila load the readable source."""
    import subprocess

    from sphinx.errors import ExtensionError

    esbuild = Path(__file__).resolve().parent.parent / "node_modules" / ".bin" / "esbuild"
    if not esbuild.exists():
        raise ExtensionError("esbuild is missing: run `npm install` in the repository root (make book does this)")
    loader = "css" if name.endswith(".css") else "js"
    args = [str(esbuild), "--minify", f"--loader={loader}", "--charset=utf8", "--log-level=warning"]
    if loader == "js":
        args += ["--format=esm", "--target=es2020"]
    done = subprocess.run(args, input=_asset_bytes(name), capture_output=True, check=False)
    if done.returncode != 0:
        raise ExtensionError(f"esbuild could not minify {name}: {done.stderr.decode(errors='replace')}")
    return done.stdout


def write_static_assets(outdir: Path) -> None:
    """Write our JS/CSS and the Vega bundle into ``<outdir>/_static/cx`` (only when changed)."""
    import vl_convert as vlc

    target = outdir / "_static" / STATIC_SUBDIR
    target.mkdir(parents=True, exist_ok=True)
    for name in ("cx-charts.js", "cx-book.css", "cx-book.js", *QUIZ_ASSETS, *ACTIVITY_ASSETS):
        data = _minified(name) if name in QUIZ_ASSETS else _asset_bytes(name)
        path = target / name
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    stamp = target / "vega-bundle.version"
    version = f"{getattr(vlc, '__version__', 'unknown')} vega-lite {vegalite_version()}"
    bundle = target / VEGA_BUNDLE
    if not bundle.exists() or not stamp.exists() or stamp.read_text() != version:
        bundle.write_text(_vega_bundle_text(), encoding="utf-8")
        stamp.write_text(version)


def copy_mathjax(srcdir: Path, outdir: Path) -> None:
    """Copy MathJax 3 (npm package ``mathjax``) into ``_static/cx/mathjax`` once per version."""
    import json
    import shutil

    from sphinx.errors import ExtensionError

    package = srcdir / "node_modules" / "mathjax"
    if not (package / "es5" / "tex-chtml.js").exists():
        raise ExtensionError("MathJax is missing: run `npm install` in the repository root (make book does this)")
    version = json.loads((package / "package.json").read_text())["version"]
    target = outdir / "_static" / STATIC_SUBDIR / "mathjax"
    stamp = target / ".version"
    if stamp.exists() and stamp.read_text() == version:
        return
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(package / "es5", target)
    stamp.write_text(version)


def _on_builder_inited(app: Sphinx) -> None:
    _write_quiz_listing(app)
    if app.builder.format == "html":
        write_static_assets(Path(app.outdir))
        copy_mathjax(Path(app.srcdir), Path(app.outdir))


def _script_mentions(script, needle: str) -> bool:
    """Whether a page script's file name or inline body mentions ``needle`` (case-insensitive)."""
    filename = getattr(script, "filename", None) or ""
    body = (getattr(script, "attributes", None) or {}).get("body", "")
    return needle in filename.lower() or needle in body.lower()


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body") or ""
    if f'class="{CHART_CLASS}"' in body:
        # Called inside html-page-context, add_js_file adds to this page only. Module scripts keep
        # the bundle's top-level names out of the global scope and run in order after parsing.
        app.add_js_file(f"{STATIC_SUBDIR}/{VEGA_BUNDLE}", priority=600, type="module")
        app.add_js_file(f"{STATIC_SUBDIR}/cx-charts.js", priority=601, type="module")
    if f'class="{QUIZ_CLASS}"' in body:
        app.add_css_file(f"{STATIC_SUBDIR}/quiz.css", priority=600)
        app.add_js_file(f"{STATIC_SUBDIR}/quiz.js", priority=602, type="module")
    if f'class="{ACTIVITY_CLASS}' in body:
        app.add_css_file(f"{STATIC_SUBDIR}/cx-activities.css", priority=600)
    _name_toc_toggles(context)
    # Live code in the page (Thebe) is not offered: its loader names a CDN and declares its
    # configuration twice (a script error on every page). Learners use the Voila apps instead.
    scripts = context.get("script_files")
    if scripts is not None:
        scripts[:] = [s for s in scripts if not _script_mentions(s, "thebe")]
        # myst-nb asks for MathJax on every page; load it only where there is maths.
        if 'class="math' not in body:
            scripts[:] = [s for s in scripts if not _script_mentions(s, "mathjax")]


TOC_TOGGLE = '<summary><span class="toctree-toggle" role="presentation">'
NAMED_TOC_TOGGLE = ('<summary aria-label="Show or hide the pages of this chapter"><span class="toctree-toggle" '
                    'role="presentation">')


def _name_toc_toggles(context: dict) -> None:
    """The theme's sidebar shows a chapter's sections (a CIM unit's outcome pages) behind a ``<summary>``
    holding only an icon, which has no accessible name (axe: summary-name). Give each one a name."""
    generate = context.get("generate_toctree_html")
    if generate is None or getattr(generate, "_cx_named", False):
        return

    def named(*args, **kwargs):
        return str(generate(*args, **kwargs)).replace(TOC_TOGGLE, NAMED_TOC_TOGGLE)

    named._cx_named = True
    context["generate_toctree_html"] = named


QUIZ_LISTING = "cx-quiz-sources.txt"


def _quiz_sources(srcdir: Path) -> tuple[list[Path], list[Path]]:
    """What quiz pages depend on: every question bank and, for a mock exam's links back to the
    sections that teach each criterion, every chapter."""
    from widgets.quiz.models import quizzes_dir

    return (sorted(p.resolve() for p in quizzes_dir().glob("*/*.yml")),
            sorted(p.resolve() for p in (srcdir / "chapters").glob("*/*.ipynb")))


def _write_quiz_listing(app: Sphinx) -> Path:
    """Find the quiz sources once per build (``app.cx_quiz_sources``, used for every page) and write a
    file naming them, rewritten only when a bank or chapter is added or removed: a dependency on it
    re-reads quiz pages then. (Sphinx treats a directory dependency as always changed, which
    re-executed every quiz page on every build.)"""
    banks, chapters = app.cx_quiz_sources = _quiz_sources(Path(app.srcdir))
    listing = Path(app.doctreedir) / QUIZ_LISTING
    text = "".join(f"{p}\n" for p in sorted([*banks, *chapters]))
    if not listing.exists() or listing.read_text(encoding="utf-8") != text:
        listing.parent.mkdir(parents=True, exist_ok=True)
        listing.write_text(text, encoding="utf-8")
    return listing


def _on_doctree_read(app: Sphinx, doctree) -> None:
    """A page showing a quiz depends on the question banks (and, for exam links, the chapters): when
    one changes, is added or is removed, Sphinx re-reads the page. ``widgets.book_execute`` (run before
    the build) has then already executed the page again, since its cached outputs record the inputs they
    were made from."""
    quizzes = [text for text in (node.astext() for node in doctree.findall(nodes.raw))
               if f'class="{QUIZ_CLASS}"' in text]
    if not quizzes:
        return
    banks, chapters = app.cx_quiz_sources
    exam = any('data-cx-mode="exam"' in text for text in quizzes)
    for path in [(Path(app.doctreedir) / QUIZ_LISTING).resolve(), *banks, *(chapters if exam else [])]:
        app.env.note_dependency(str(path))


def _on_config_inited(app: Sphinx, config) -> None:
    # Chapters executed for the book link their interactives to this Voila server (widgets.live).
    os.environ[LIVE_URL_ENV] = str(config.cx_live_url)


def setup(app: Sphinx) -> dict:
    # Kernels that execute chapters inherit this: charts then emit offline HTML (widgets.charts).
    os.environ[BOOK_BUILD_ENV] = "1"
    app.add_config_value("cx_live_url", DEFAULT_LIVE_URL, "env")
    app.connect("config-inited", _on_config_inited)
    app.add_role("ac", ac_role)
    app.add_css_file(f"{STATIC_SUBDIR}/cx-book.css")
    app.add_js_file(f"{STATIC_SUBDIR}/cx-book.js", loading_method="defer")
    app.connect("builder-inited", _on_builder_inited)
    app.connect("doctree-read", _on_doctree_read)
    # after Sphinx's own MathJax hook (priority 500), so its script can be dropped where unused
    app.connect("html-page-context", _on_page_context, priority=900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
