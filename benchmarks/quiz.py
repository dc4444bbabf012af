"""Quiz benchmarks: gzipped quiz assets per page, and how soon a 45-question exam is interactive.

* **Size per page**: quiz.js + quiz.css + the page's quiz data (the JSON in its
  ``script.cx-quiz-data`` blocks), each gzipped (level 9) as a web server would send them. Target:
  at most 40 KB per page.
* **Interactive**: a page is interactive when quiz.js has built every question's fieldset, attached
  its handlers and set ``data-ready`` on the quiz root. For the exam page the attempt is in progress
  (as after a reload during the exam), so all 45 fieldsets are built on load. The time reported is
  from ``domContentLoadedEventStart`` to ``data-ready`` (a negative value means the module script,
  which runs before DOMContentLoaded fires, finished first), median of 5 cold page loads in
  Chromium. Also reported: the time from pressing *Start the exam* to 45 built fieldsets. Target:
  within 200 ms.

Run after building the book (``make build-book``): ``.venv/bin/python benchmarks/quiz.py`` (``make bench``
runs it). Writes ``RESULTS-quiz.md``.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import re
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import BUILD, CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

EXAM_PAGE = "chapters/cim-l6-cjo/99-mock-exam.html"
LIMIT_KB = 40
TARGET_MS = 200
RUNS = 5
DATA = re.compile(r'<script type="application/json" class="cx-quiz-data">(.*?)</script>', re.S)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def sizes() -> list[dict]:
    js = (BUILD / "_static" / "cx" / "quiz.js").read_bytes()
    css = (BUILD / "_static" / "cx" / "quiz.css").read_bytes()
    rows = []
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for name in re.findall(r"file: (chapters/\S+)", toc):  # every page in the book that holds a quiz
        path = BUILD / f"{name}.html"
        html = path.read_text(encoding="utf-8")
        if 'class="cx-quiz-data"' not in html:
            continue
        page = path.relative_to(BUILD).as_posix()
        data = "".join(DATA.findall(html)).encode()
        questions = sum(len(json.loads(d)["questions"]) for d in DATA.findall(html))
        rows.append({"page": page, "questions": questions, "js": gz(js), "css": gz(css), "data": gz(data),
                     "total": gz(js) + gz(css) + gz(data)})
    return rows


READY_PROBE = """
window.__cx = {};
new MutationObserver((records, obs) => {
  const root = document.querySelector('.cx-quiz-root[data-ready]');
  if (root && !window.__cx.ready) {
    window.__cx.ready = performance.now();
    window.__cx.fieldsets = root.querySelectorAll('fieldset.cx-q').length;
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready']});
"""


def interactive() -> dict:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
        type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None}), directory=str(BUILD)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/{EXAM_PAGE}"
    loads, starts, fieldsets = [], [], []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
            for _ in range(RUNS):
                # Press Start on a fresh page and time building the 45 fieldsets.
                context = browser.new_context()
                page = context.new_page()
                page.goto(url, wait_until="load")
                page.wait_for_selector(".cx-quiz-root[data-ready]")
                starts.append(page.evaluate("""() => { const b = [...document.querySelectorAll('.cx-quiz button')]
                    .find(x => x.textContent === 'Start the exam'); const t0 = performance.now(); b.click();
                    return [performance.now() - t0, document.querySelectorAll('fieldset.cx-q').length]; }""")[0])
                # Now the attempt is in progress: a cold reload builds all 45 fieldsets on load.
                page.close()
                page = context.new_page()
                page.add_init_script(READY_PROBE)
                page.goto(url, wait_until="load")
                page.wait_for_function("() => window.__cx.ready")
                ready, count, dcl = page.evaluate("""() => [window.__cx.ready, window.__cx.fieldsets,
                    performance.getEntriesByType('navigation')[0].domContentLoadedEventStart]""")
                loads.append(ready - dcl)
                fieldsets.append(count)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return {"load": loads, "start": starts, "fieldsets": fieldsets}


def main() -> int:
    if not (BUILD / EXAM_PAGE).exists():
        print("build the book first: make build-book", file=sys.stderr)
        return 1
    size_rows = sizes()
    timing = interactive()
    load_median = statistics.median(timing["load"])
    start_median = statistics.median(timing["start"])
    lines = [
        "# Quiz benchmarks", "",
        f"Recorded {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by `benchmarks/quiz.py` on "
        f"{platform.node() or 'this machine'} ({platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, Chromium headless)."
        " One run; medians of 5.", "",
        "Banks in the built book: " + (f"`{os.environ['CX_QUIZ_DIR']}` (`CX_QUIZ_DIR`)" if os.environ.get("CX_QUIZ_DIR")
                                       else "`data/quizzes`") + ". quiz.js and quiz.css as the book serves them "
        "(minified by esbuild).", "",
        f"## Quiz assets per page, gzipped (target ≤ {LIMIT_KB} KB)", "",
        "| page | questions | quiz.js | quiz.css | quiz data | total | within target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in size_rows:
        lines.append(f"| `{r['page']}` | {r['questions']} | {r['js'] / 1024:.1f} KB | {r['css'] / 1024:.1f} KB | "
                     f"{r['data'] / 1024:.1f} KB | {r['total'] / 1024:.1f} KB | "
                     f"{'yes' if r['total'] <= LIMIT_KB * 1024 else 'NO'} |")
    lines += [
        "", f"## 45-question exam interactive (target ≤ {TARGET_MS} ms after DOMContentLoaded)", "",
        "| measure | median | all runs (ms) |", "| --- | ---: | --- |",
        f"| DOMContentLoaded → `data-ready` with {timing['fieldsets'][0]} fieldsets (attempt in progress, cold load) "
        f"| {load_median:.1f} ms | {', '.join(f'{x:.1f}' for x in timing['load'])} |",
        f"| *Start the exam* pressed → 45 fieldsets built | {start_median:.1f} ms | "
        f"{', '.join(f'{x:.1f}' for x in timing['start'])} |",
        "", "A negative first figure means quiz.js (a module script, which runs before DOMContentLoaded fires) had "
        "already built the exam.", "",
        f"Result: {'within' if max(load_median, start_median) <= TARGET_MS else 'OVER'} the {TARGET_MS} ms target.", "",
    ]
    (ROOT / "benchmarks" / "RESULTS-quiz.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
