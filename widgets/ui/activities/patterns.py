"""Patterns, trends and prediction view (CIM Level 6, 1.3 and 2.2): five parts on an orders file (the sample
``fern_orders.csv`` or an upload), each with labelled options, a button, a chart with its text description,
tables, the questions, the learner's interpretation and downloads. The tool runs the analysis; the
interpretation is the learner's own and is never written for them."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from widgets.activities.common import MAX_TEXT
from widgets.activities.patterns import (
    DIMENSIONS,
    MEASURES,
    PART_TITLES,
    PARTS,
    PartResult,
    PatternsTask,
    load_patterns_task,
    notes_page,
    questions_html,
    read_orders_upload,
    read_threshold,
    read_whole,
    run_part,
)
from widgets.charts import show_in
from widgets.ui.activities.common import (
    WIDE,
    ActivityView,
    area,
    button,
    download_links,
    dropdown,
    esc,
    heading,
    style_tag,
    text,
    tool_tabs,
)
from widgets.ui.common import error_html, uploaded_bytes

MAX_UPLOAD = 5_000_000
"""Largest orders file the lab reads (the course's CSV reader has the same limit)."""


class Part:
    """The widgets of one part."""

    def __init__(self, name: str):
        self.name = name
        self.options: dict[str, w.Widget] = {}
        self.run = button("")
        self.message = w.HTML(layout=WIDE)
        self.chart = w.Output(layout=WIDE)
        self.result = w.HTML(layout=WIDE)
        self.notes = area("Your interpretation", rows=5, placeholder="What do the figures show, what might "
                                                                     "explain them, and what would you do?")
        self.notes_message = w.HTML(layout=WIDE)
        self.prepare = button("Prepare files to download")
        self.downloads = w.HTML(layout=WIDE)
        self.box: w.VBox | None = None


class PatternsView(ActivityView):
    @classmethod
    def example(cls) -> PatternsView:
        return cls(load_patterns_task("cim-l6-cjo", "fern-patterns"))

    def __init__(self, task: PatternsTask, part: str | None = None):
        super().__init__()
        if part is not None:
            task.part(part)
        self.task = task
        self.orders = task.sample()
        self.source = f"the sample data ({task.dataset}.csv)"
        self.results: dict[str, PartResult] = {}
        self.shown = [part] if part else list(PARTS)
        self.source_line = w.HTML(layout=WIDE)
        self.upload = w.FileUpload(accept=".csv,text/csv", multiple=False, description="Upload orders (.csv)",
                                   layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self._uploaded, self.upload_message)
        self.sample_button = button("Use the sample data again")
        self.on_click(self.sample_button, self.use_sample, self.upload_message)
        self.parts = {p: self._build(p) for p in self.shown}
        data_box = [heading("Data", 4), self.source_line,
                    w.HTML("<p class='cx-hint'>Upload a CSV of orders with a heading row (order_date, customer_id, "
                           "order_value, segment, channel, product_category, content_engaged, device, "
                           "delivered_first_attempt, damaged, review_score, repeat_within_90_days); each part says "
                           "which columns it needs. Files up to 5 MB.</p>", layout=WIDE),
                    w.HBox([self.upload, self.sample_button]), self.upload_message]
        if part:
            self.view = w.VBox([style_tag(), heading(task.part(part).title), *data_box, self.parts[part].box,
                                self.error, self.status])
        else:
            tabs = tool_tabs([self.parts[p].box for p in PARTS], [PART_TITLES[p] for p in PARTS])
            self.view = w.VBox([style_tag(), heading(task.title), w.HTML(f"<p>{esc(task.instructions)}</p>",
                                                                         layout=WIDE), *data_box, tabs, self.error,
                                self.status])
        self._show_source()

    # -- building a part --------------------------------------------------------------------------------------
    def _build(self, name: str) -> Part:
        p = Part(name)
        text_ = self.task.part(name)
        if name == "trend":
            p.options = {
                "measure": dropdown("Show", [(v, k) for k, v in MEASURES.items()], "orders"),
                "window": dropdown("Moving-average window", [(f"{n} months", str(n)) for n in range(2, 13)],
                                   str(self.task.window)),
                "centred": dropdown("Moving average", [("Trailing (this month and the months before)", False),
                                                       ("Centred (months either side)", True)], False),
                "segment": dropdown("Segment", [("All segments", "")], ""),
            }
            p.run.description = p.run.tooltip = "Show the trend"
        elif name == "preferences":
            p.options = {
                "dimension": dropdown("Compare segments by", [(v, k) for k, v in DIMENSIONS.items()], "channel"),
                "min_group": text("Smallest group to trust (orders)", str(self.task.min_group)),
            }
            p.run.description = p.run.tooltip = "Compare the segments"
        elif name == "correlation":
            p.options = {"exposure": dropdown("Content to test", [(self.task.exposure, self.task.exposure)],
                                              self.task.exposure)}
            p.run.description = p.run.tooltip = "Work out the correlations"
        elif name == "rfm":
            p.run.description = p.run.tooltip = "Score the customers"
        else:
            p.options = {
                "holdout_from": text("Hold-out starts (YYYY-MM-DD)", self.task.holdout_from.isoformat()),
                "threshold": text("Cut-off probability (0.05 to 0.95)", f"{self.task.threshold:g}"),
            }
            p.run.description = p.run.tooltip = "Fit and test the model"
        for key, check in (("min_group", lambda v: read_whole(v, "Smallest group to trust", 1, 10_000)),
                           ("threshold", read_threshold), ("holdout_from", read_date)):
            if key in p.options:
                self.on_change(p.options[key], lambda c, check=check, p=p: self._check(check, c["new"], p), p.message)
        p.run.button_style = "primary"
        self.on_click(p.run, lambda n=name: self.run(n), p.message)
        self.on_click(p.prepare, lambda n=name: self.prepare(n), p.notes_message)
        p.box = w.VBox([
            heading(text_.title, 4), w.HTML(f"<p>{esc(text_.instructions)}</p>", layout=WIDE),
            *p.options.values(), p.run, p.message, p.chart, p.result,
            w.HTML(questions_html(self.task, name), layout=WIDE), p.notes, p.notes_message, p.prepare, p.downloads])
        return p

    def _refresh_options(self) -> None:
        frame = self.orders
        if "trend" in self.parts:
            seg = self.parts["trend"].options["segment"]
            values = sorted(frame["segment"].unique()) if "segment" in frame.columns else []
            with self._silent():
                seg.options = [("All segments", "")] + [(str(v), str(v)) for v in values]
                seg.value = ""
        if "correlation" in self.parts:
            exp = self.parts["correlation"].options["exposure"]
            values = (frame["content_engaged"].value_counts().index.tolist() if "content_engaged" in frame.columns
                      else [])
            values = [v for v in values if v not in ("None", "(blank)")] or [self.task.exposure]
            with self._silent():
                exp.options = [(str(v), str(v)) for v in values]
                exp.value = self.task.exposure if self.task.exposure in values else values[0]

    def _show_source(self) -> None:
        f = self.orders
        span = ""
        if "order_date" in f.columns:
            span = f", {f['order_date'].min():%d %B %Y} to {f['order_date'].max():%d %B %Y}"
        self.source_line.value = (f"<p>Using <strong>{esc(self.source)}</strong>: {len(f):,} orders{esc(span)}.</p>")
        self._refresh_options()

    def _check(self, check, value: str, p: Part) -> None:
        """Check a typed value as soon as it changes: a message beside the part, the text kept."""
        try:
            check(value)
        except ValueError as exc:
            self.fail(f"{exc} Your text is kept.", p.message)
            return
        p.message.value = ""

    # -- running a part -------------------------------------------------------------------------------------------
    def _options(self, name: str) -> dict[str, object]:
        opts = {k: wid.value for k, wid in self.parts[name].options.items()}
        if name == "prediction":
            opts["holdout_from"] = read_date(str(opts["holdout_from"]))
        return opts

    def run(self, name: str) -> None:
        p = self.parts[name]
        try:
            result = run_part(self.task, self.orders, name, **self._options(name))
        except ValueError as exc:
            self.fail(f"{exc} Your choices are kept.", p.message)
            return
        p.message.value = ""
        self.results[name] = result
        show_in(p.chart, *result.charts)
        p.result.value = result.html
        p.downloads.value = ""
        self.say(result.summary)

    def prepare(self, name: str) -> None:
        p = self.parts[name]
        notes = p.notes.value or ""
        if len(notes) > MAX_TEXT:
            self.fail(f"Please keep your interpretation under {MAX_TEXT:,} characters (it has {len(notes):,}). "
                      "Your text is kept.", p.notes_message)
            return
        result = self.results.get(name)
        if result is None:
            self.fail(f"Press “{p.run.description}” first, then prepare the files.", p.notes_message)
            return
        p.notes_message.value = ""
        page = notes_page(self.task, name, result, notes.strip(), self.source)
        p.downloads.value = download_links([
            (f"fern-{name}.csv", "text/csv", result.csv, "Download the result as a spreadsheet (.csv)"),
            (f"fern-{name}.html", "text/html", page, "Download the result and your interpretation (.html)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    # -- data -----------------------------------------------------------------------------------------------------
    def _clear_results(self) -> None:
        self.results = {}
        for p in self.parts.values():
            show_in(p.chart)
            p.result.value = p.downloads.value = p.message.value = ""

    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        try:
            frame, notes = read_orders_upload(uploaded_bytes(upload, MAX_UPLOAD, "an orders file"),
                                              str(upload.get("name", "upload.csv")))
        except ValueError as exc:
            self.upload_message.value = error_html(f"{exc} The data in use is unchanged.")
            self.say("Please check the message beside the upload.")
            return
        finally:
            try:
                self.upload.value = ()
            except Exception:  # noqa: BLE001 - clearing is a courtesy
                pass
        self.orders, self.source = frame, f"your file {upload.get('name', 'upload.csv')}"
        self._clear_results()
        self._show_source()
        missing = missing_by_part(frame)
        lines = [f"{PART_TITLES[k]}: needs {', '.join(v)}" for k, v in missing.items() if k in self.parts and v]
        extra = " ".join(notes)
        self.upload_message.value = (
            f"<p class='cx-status'>{esc(extra)} " + ("Parts that cannot run on this file: " + esc("; ".join(lines))
                                                     + "." if lines else "Every part can run on this file.") + "</p>")
        self.say(f"Loaded {len(frame):,} orders from your file. Press a part's button to analyse them.")

    def use_sample(self) -> None:
        self.orders, self.source = self.task.sample(), f"the sample data ({self.task.dataset}.csv)"
        self.upload_message.value = ""
        self._clear_results()
        self._show_source()
        self.say("Using the sample data again.")


def read_date(value: str) -> dt.date:
    """A date typed as YYYY-MM-DD; ``ValueError`` in words otherwise."""
    text_ = (value or "").strip()
    try:
        return dt.date.fromisoformat(text_)
    except ValueError:
        raise ValueError(f"The hold-out start “{text_[:20]}” is not a date: write it as YYYY-MM-DD, for example "
                         "2026-01-01.") from None


def missing_by_part(frame) -> dict[str, list[str]]:
    from widgets.activities.patterns import runnable_parts

    return runnable_parts(frame)


def patterns_view(spec_id: str, name: str, part: str | None = None) -> w.VBox:
    return PatternsView(load_patterns_task(spec_id, name), part).view


def patterns_static(spec_id: str, name: str, part: str | None = None) -> str:
    """The book's form: the worked result on the sample data with a link to the live lab."""
    from widgets.activities.patterns import APP, patterns_static_html
    from widgets.live import live_link_html

    task = load_patterns_task(spec_id, name)
    label = ("Open the live journey data lab to run this analysis yourself, change the options and upload your "
             "own orders")
    return patterns_static_html(task, part, live_link_html(APP, label))
