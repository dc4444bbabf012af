"""The tutor's class view (``dashboards/class-progress.ipynb``): upload learners' progress files (exported
from *My progress*), then see the criterion × learner grid (a table and a chart), who needs help, the
class's weakest criteria and the item analysis of each question, and download each as CSV. The figures
come from :mod:`widgets.progress`; this module only shows them."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.charts import show_in
from widgets.curriculum import SPEC_IDS, load_spec
from widgets.progress import (
    DISCRIMINATION_LOW,
    FACILITY_HIGH,
    FACILITY_LOW,
    HELP_BELOW,
    MAX_BYTES,
    MAX_FILES,
    MIN_LEARNERS,
    ClassProgress,
    criterion_grid,
    grid_chart,
    grid_csv,
    help_csv,
    item_analysis,
    items_csv,
    load_class,
    needs_help,
    skipped_csv,
    weakest_criteria,
)
from widgets.ui.common import download_link, download_list, error_html, uploaded_bytes
from widgets.ui.view import View

_STYLE = {"description_width": "initial"}
_E = html.escape


def _pct(v: float | None) -> str:
    return "not tried" if v is None else f"{v:.0%}"


class ClassProgressView(View):
    """Upload several progress files; choose a specification; read the class's results."""

    @classmethod
    def example(cls) -> ClassProgressView:
        return cls()

    def __init__(self, spec_id: str = "cim-l6-cjo") -> None:
        super().__init__()
        self.cls = ClassProgress([], [])
        self.upload = w.FileUpload(accept=".json,application/json", multiple=True,
                                   description="Upload progress files", tooltip="Choose learners' progress files")
        self.upload_message = w.HTML()
        self.error = self.upload_message
        self.status = w.HTML(layout=w.Layout(width="100%"))
        self.spec_picker = w.Dropdown(options=[(load_spec(s).title, s) for s in SPEC_IDS], value=spec_id,
                                      description="Specification", style=_STYLE, layout=w.Layout(width="100%"))
        self.grid = w.HTML(layout=w.Layout(width="100%"))
        self.chart = w.Output()
        self.help = w.HTML(layout=w.Layout(width="100%"))
        self.items = w.HTML(layout=w.Layout(width="100%"))
        self.downloads = w.HTML()
        self.on_change(self.upload, self._on_upload, where=self.upload_message)
        self.on_change(self.spec_picker, lambda _change: self.refresh(), where=self.upload_message)
        intro = (f"<h2>1. Load your learners' progress files</h2><p>Each learner exports their progress from the "
                 f"book's <em>My progress</em> page and gives you the file. Choose up to {MAX_FILES} files at once "
                 f"(each up to {MAX_BYTES // 1048576} MB). A file that is not a progress file is named below with the "
                 "reason and skipped; the others still load. Files stay in this session: nothing is saved on the "
                 "server.</p>")
        self.view = w.VBox([w.HTML(intro), self.upload, self.upload_message, self.status,
                            w.HTML("<h2>2. Choose the specification</h2>"), self.spec_picker,
                            w.HTML("<h2>3. Criteria by learner</h2>"), self.grid, self.chart,
                            w.HTML("<h2>4. Who needs help, and where the class is weakest</h2>"), self.help,
                            w.HTML("<h2>5. Item analysis of each question</h2>"), self.items,
                            w.HTML("<h2>6. Download</h2>"), self.downloads],
                           layout=w.Layout(width="100%"))
        self.refresh()

    # -- loading ----------------------------------------------------------------------------------
    def load_files(self, files: list[tuple[str, bytes]], too_large: list[tuple[str, str]] | None = None) -> None:
        """Load ``(name, content)`` pairs (the tests and the upload both call this)."""
        try:
            cls = load_class(files)
        except ValueError as exc:
            self.upload_message.value = error_html(str(exc))
            return
        cls.skipped[:0] = too_large or []
        self.cls = cls
        self.upload_message.value = ""
        self.refresh()

    def _on_upload(self, change) -> None:
        files, too_large = [], []
        for item in change["new"] or ():
            name = str(item.get("name", "progress.json"))
            try:
                files.append((name, uploaded_bytes(item, MAX_BYTES, "a progress file")))
            except ValueError as exc:
                too_large.append((name, str(exc)))
        if files or too_large:
            self.load_files(files, too_large)

    # -- showing ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        cls, spec_id = self.cls, self.spec_picker.value
        n = len(cls.learners)
        parts = [f"<p class='cx-class-loaded'><strong>{n} learner{'s' if n != 1 else ''} loaded</strong>"
                 + (": " + ", ".join(_E(x) for x in cls.names) if n else "") + ".</p>"]
        if cls.skipped:
            parts.append("<div class='cx-error' role='alert'><p><strong>&#9888; Skipped "
                         f"{len(cls.skipped)} file{'s' if len(cls.skipped) != 1 else ''}:</strong></p><ul>"
                         + "".join(f"<li><strong>{_E(f)}</strong>: {_E(why)}.</li>" for f, why in cls.skipped)
                         + "</ul></div>")
        self.status.value = "".join(parts)
        if not n:
            self.grid.value = "<p>Load at least one progress file to see the class's results.</p>"
            self.chart.outputs = ()
            self.help.value = self.items.value = self.downloads.value = ""
            return
        self._grid(cls, spec_id)
        show_in(self.chart, grid_chart(cls, spec_id))
        self._help(cls, spec_id)
        items = self._items(cls)
        title = load_spec(spec_id).title
        links = [download_link(f"{spec_id}-criteria-by-learner.csv", "text/csv", grid_csv(cls, spec_id),
                               f"Criteria by learner, {title} (CSV)"),
                 download_link(f"{spec_id}-needs-help.csv", "text/csv", help_csv(cls, spec_id),
                               f"Learners needing help, {title} (CSV)"),
                 download_link("item-analysis.csv", "text/csv", items_csv(cls, items),
                               "Item analysis of every question (CSV)")]
        if cls.skipped:
            links.append(download_link("skipped-files.csv", "text/csv", skipped_csv(cls), "Files skipped (CSV)"))
        self.downloads.value = download_list(links)

    def _grid(self, cls: ClassProgress, spec_id: str) -> None:
        rows = criterion_grid(cls, spec_id)
        head = "".join(f"<th scope='col'>{_E(n)}</th>" for n in cls.names)
        body = []
        for r in rows:
            cells = []
            for n in cls.names:
                v = r[n]
                note = " (needs help)" if v is None or v < HELP_BELOW - 1e-12 else ""
                cells.append(f"<td>{_pct(v)}{note}</td>")
            body.append(f"<tr><th scope='row'>{_E(r['label'])}</th>{''.join(cells)}</tr>")
        self.grid.value = (
            "<div class='cx-table-scroll' role='region' tabindex='0' aria-label='Criteria by learner'>"
            f"<table class='cx-table'><caption>{_E(load_spec(spec_id).title)}: share of practice questions right "
            f"at the latest attempt, by criterion and learner. Needs help: below {HELP_BELOW:.0%} or not tried."
            f"</caption><thead><tr><th scope='col'>Criterion</th>{head}</tr></thead><tbody>{''.join(body)}</tbody>"
            "</table></div>")

    def _help(self, cls: ClassProgress, spec_id: str) -> None:
        helpers = needs_help(cls, spec_id)
        weak = weakest_criteria(cls, spec_id)
        items = "".join(f"<li><strong>{_E(k.split(':', 1)[1])}</strong>: "
                        f"{_E(', '.join(names)) if names else 'nobody'}</li>" for k, names in helpers.items())
        weak_items = "".join(
            f"<li><strong>{_E(r['criterion'].split(':', 1)[1])}</strong>: {r['need_help']} of {len(cls.learners)} "
            f"need help; {r['tried']} tried" + (f", mean {r['mean_share']:.0%} right" if r["mean_share"] is not None
                                                else "") + "</li>" for r in weak)
        self.help.value = (f"<h3>Learners needing help on each criterion</h3><p>Rule: share right below "
                           f"{HELP_BELOW:.0%} at the latest attempt, or not tried yet.</p><ul>{items}</ul>"
                           f"<h3>The class's weakest criteria</h3><p>Most learners needing help first, then the "
                           f"lowest mean share right.</p><ol>{weak_items}</ol>")

    def _items(self, cls: ClassProgress) -> list[dict]:
        rows = item_analysis(cls)
        body = "".join(
            f"<tr><th scope='row'>{_E(r['question'])}</th><td>{r['learners']}</td><td>{r['facility']:.2f}</td>"
            f"<td>{'–' if r['discrimination'] is None else format(r['discrimination'], '.2f')}</td>"
            f"<td>{_E(r['flag']) or '–'}</td></tr>" for r in rows)
        flagged = sum(1 for r in rows if r["flag"])
        self.items.value = (
            f"<p>Facility index: the mean score of the learners who answered the question (0 to 1). Discrimination "
            f"index: the correlation between the score on the question and the learner's score on the rest of "
            f"their questions, as Moodle's quiz statistics report defines it. With {MIN_LEARNERS} or more learners "
            f"a question is flagged when its facility is below {FACILITY_LOW:.2f} or above {FACILITY_HIGH:.2f}, or its "
            f"discrimination is below {DISCRIMINATION_LOW:.2f}: it may be faulty, ambiguous or wrongly keyed. "
            f"{flagged} of {len(rows)} questions flagged.</p>"
            "<div class='cx-table-scroll' role='region' tabindex='0' aria-label='Item analysis'>"
            "<table class='cx-table'><caption>Item analysis by question</caption><thead><tr>"
            "<th scope='col'>Question</th><th scope='col'>Learners</th><th scope='col'>Facility index</th>"
            "<th scope='col'>Discrimination index</th><th scope='col'>Flag</th></tr></thead>"
            f"<tbody>{body}</tbody></table></div>")
        return rows


def class_progress_app(spec_id: str = "cim-l6-cjo") -> w.Widget:
    return ClassProgressView(spec_id).view
