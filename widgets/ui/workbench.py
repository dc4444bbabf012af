"""The metrics workbench view: choose a sample or upload a CSV → map its columns → metrics by
segment and period with charts → download the results. Logic lives in ``widgets.workbench``."""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from widgets.charts import show_in
from widgets.sample_data import DATASETS
from widgets.ui.common import error_html
from widgets.ui.view import View
from widgets.workbench import (
    ANALYSES,
    CHOOSE,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    NOT_USED,
    SAMPLE_ANALYSIS,
    download_link_html,
    guess_mapping,
    load_sample,
    read_csv_bytes,
    run_analysis,
)

_FULL = w.Layout(width="100%", max_width="640px")
_STYLE = {"description_width": "initial"}
TABLE_ROWS_SHOWN = 60


def table_html(table: pd.DataFrame, caption: str) -> str:
    """The results table, escaped, with a caption (at most ``TABLE_ROWS_SHOWN`` rows shown)."""
    shown = table.head(TABLE_ROWS_SHOWN).round(1)
    body = shown.to_html(index=False, escape=True, border=0, classes="cx-table", na_rep="–")
    more = ""
    if len(table) > TABLE_ROWS_SHOWN:
        more = (f"<p>Showing the first {TABLE_ROWS_SHOWN} of {len(table):,} rows; the download has them all.</p>")
    body = body.replace(">", f"><caption>{html.escape(caption)}</caption>", 1)
    return f"<div class='cx-table-wrap' style='overflow-x:auto'>{body}</div>{more}"


class Workbench(View):
    """Widget tree and state: the current table (``frame``) only changes when a load succeeds."""

    @classmethod
    def example(cls) -> Workbench:
        return cls()

    def __init__(self, sample: str = "hotel_survey") -> None:
        super().__init__()
        self.frame: pd.DataFrame | None = None
        self.source_name = ""
        self.sample_picker = w.Dropdown(options=[(title, key) for key, title in DATASETS.items()], value=sample,
                                        description="Sample data set (synthetic)", style=_STYLE, layout=_FULL)
        self.sample_button = w.Button(description="Use this sample", tooltip="Load the chosen sample data set")
        self.upload = w.FileUpload(accept=".csv,text/csv,text/plain", multiple=False,
                                   description="Upload a CSV file", tooltip="Upload a CSV file of your own")
        self.upload_message = w.HTML()
        self.on_click(self.sample_button, lambda: self.load_sample(self.sample_picker.value),
                      where=self.upload_message)
        self.on_change(self.upload, self._on_upload, where=self.upload_message)
        self.data_status = w.HTML()
        self.analysis_picker = w.Dropdown(options=[(a.title, a.key) for a in ANALYSES.values()], value="survey",
                                          description="Analysis", style=_STYLE, layout=_FULL)
        self.analysis_help = w.HTML()
        self.mapping_box = w.VBox()
        self.mapping: dict[str, w.Dropdown] = {}
        self.mapping_message = w.HTML()
        self.error = self.mapping_message
        self.on_change(self.analysis_picker, self._on_analysis, where=self.mapping_message)
        self.summary = w.HTML()
        self.chart = w.Output()
        self.table = w.HTML()
        self.download = w.HTML()
        self._quiet = False
        limits = (f"CSV files up to {MAX_UPLOAD_BYTES / 1e6:.0f} MB and {MAX_ROWS:,} rows, with a heading row. "
                  "Commas, semicolons or tabs between values are all fine. Your file stays in this session: "
                  "nothing is saved on the server. Files over 30 MB cannot be sent at all: if nothing happens "
                  "after choosing a file, it is too large.")
        self.view = w.VBox([
            w.HTML("<h2>1. Choose your data</h2><p>Start with a sample, or upload your own survey, funnel, "
                   "transaction or complaints data.</p>"),
            self.sample_picker, self.sample_button,
            w.HTML(f"<p>{html.escape(limits)}</p>"), self.upload, self.upload_message, self.data_status,
            w.HTML("<h2>2. Choose the analysis and match your columns</h2>"),
            self.analysis_picker, self.analysis_help, self.mapping_box, self.mapping_message,
            w.HTML("<h2>3. Results</h2>"), self.summary, self.chart, self.table, self.download,
        ])
        self.load_sample(sample)

    # -- loading --------------------------------------------------------------------------------
    def load_sample(self, name: str) -> None:
        try:
            frame = load_sample(name)
        except (ValueError, OSError) as exc:
            self.upload_message.value = error_html(str(exc))
            return
        self._use(frame, f"{name}.csv (synthetic sample)", (), SAMPLE_ANALYSIS.get(name))

    def load_bytes(self, content: bytes, filename: str) -> bool:
        """Read an upload; on failure show why and keep the previous data. Returns success."""
        try:
            loaded = read_csv_bytes(content, filename)
        except ValueError as exc:
            self.upload_message.value = error_html(str(exc))
            return False
        self._use(loaded.frame, loaded.name, loaded.notes, None)
        return True

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        self.load_bytes(bytes(item["content"]), str(item.get("name", "upload.csv")))

    def _use(self, frame: pd.DataFrame, name: str, notes: tuple[str, ...], analysis: str | None) -> None:
        self.frame = frame
        self.source_name = name
        self.upload_message.value = ""
        note_html = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
        self.data_status.value = (
            f"<div role='status'><p><strong>Using {html.escape(name)}</strong>: {len(frame):,} rows, "
            f"{len(frame.columns)} columns ({html.escape(', '.join(map(str, frame.columns[:12])))}"
            f"{'…' if len(frame.columns) > 12 else ''}).</p>{f'<ul>{note_html}</ul>' if notes else ''}</div>")
        self._quiet = True
        try:
            if analysis:
                self.analysis_picker.value = analysis
            self._build_mapping()
        finally:
            self._quiet = False
        self.run()

    # -- mapping --------------------------------------------------------------------------------
    def _on_analysis(self, _change) -> None:
        if self._quiet:
            return
        self._build_mapping()
        self.run()

    def _build_mapping(self) -> None:
        spec = ANALYSES[self.analysis_picker.value]
        self.analysis_help.value = f"<p>{html.escape(spec.explanation)}</p>"
        columns = [] if self.frame is None else [str(c) for c in self.frame.columns]
        guess = guess_mapping(columns, spec.key)
        self.mapping = {}
        for role in spec.roles:
            blank = NOT_USED if not role.required else CHOOSE
            value = guess.get(role.key) or blank
            options = ([] if role.required and value != CHOOSE else [blank]) + columns
            dd = w.Dropdown(options=options, value=value, description=role.label, style=_STYLE, layout=_FULL)
            self.on_change(dd, self._on_mapping, where=self.mapping_message)
            self.mapping[role.key] = dd
        self.mapping_box.children = tuple(self.mapping.values())

    def _on_mapping(self, _change) -> None:
        if not self._quiet:
            self.run()

    # -- results --------------------------------------------------------------------------------
    def run(self) -> None:
        if self.frame is None:
            return
        self.mapping_message.value = ""
        chosen = {k: dd.value for k, dd in self.mapping.items()}
        try:
            result = run_analysis(self.frame, self.analysis_picker.value, chosen)
        except ValueError as exc:
            self.mapping_message.value = error_html(str(exc))
            return  # the previous results stay on screen
        self.summary.value = ("<div role='status'>" + "".join(f"<p>{html.escape(s)}</p>" for s in result.summary)
                              + "</div>")
        show_in(self.chart, *result.charts)
        self.table.value = table_html(result.table, f"{result.title} ({self.source_name})")
        self.download.value = download_link_html(result.table, result.filename)

