"""Data-cleaning lab view (CIM Level 6, criterion 1.3): choose cleaning steps, run them on Fern & Field's messy
export or an uploaded CSV, read the rows each step affected, the cleaning log and the figures before and after,
write down the decisions, and download the clean file and the log.

Every rule and every check is in :mod:`widgets.activities.cleaning`; this view only collects choices and shows
results. A refused upload, column choice, channel mapping or run gets its message beside its own field, and
nothing the learner chose or typed is lost (the last good result stays on screen)."""

from __future__ import annotations

import contextlib
import html

import ipywidgets as w

from widgets.activities import cleaning as model
from widgets.activities.cleaning import ROLE_LABELS, ROLES, CleaningTask, CleanResult, LabChoices
from widgets.activities.common import MAX_TEXT
from widgets.charts import show_in
from widgets.ui.activities.common import WIDE, ActivityView, area, button, download_links, dropdown, heading, style_tag
from widgets.ui.common import error_html, uploaded_bytes

esc = html.escape
NONE = ""


class CleaningLabView(ActivityView):
    @classmethod
    def example(cls) -> CleaningLabView:
        return cls(model.load_cleaning_task("cim-l6-cjo", "fern-cleaning"))

    def __init__(self, task: CleaningTask):
        super().__init__()
        self.task = task
        self.sample = task.raw_frame()
        self.data = self.sample
        self.data_name = f"{task.organisation} customer export (sample)"
        self.result: CleanResult | None = None
        # the data: the sample or an upload, and which column is which
        self.source = w.HTML(layout=WIDE)
        self.csv_upload = w.FileUpload(accept=".csv,.txt,.tsv,text/csv", multiple=False,
                                       description="Upload your own CSV", layout=w.Layout(width="auto"))
        self.csv_message = w.HTML(layout=WIDE)
        self.on_change(self.csv_upload, self.uploaded_csv, self.csv_message)
        self.use_sample = button("Use the sample export again")
        self.on_click(self.use_sample, self.back_to_sample, self.csv_message)
        self.column_boxes = {role: dropdown(ROLE_LABELS[role], [("(none)", NONE)]) for role in ROLES}
        self.columns_message = w.HTML(layout=WIDE)
        self.columns_box = w.VBox([w.HTML("<p class='cx-hint'>Which column of your file holds each item? The lab "
                                          "guessed from the headings; change any that are wrong. Channel, orders "
                                          "and spend are needed.</p>", layout=WIDE),
                                   *self.column_boxes.values(), self.columns_message])
        self.preview = w.HTML(layout=WIDE)
        # the steps, in the order they run
        self.checks: dict[str, w.Checkbox] = {}
        self.option_boxes: dict[str, w.Dropdown] = {}
        rows: list[w.Widget] = []
        for info in task.steps:
            box = w.Checkbox(value=False, description=info.label, indent=False, layout=WIDE)
            self.checks[info.key] = box
            self.on_change(box, self.show_order)
            rows.append(box)
            if info.options:
                self.option_boxes[info.key] = dropdown(*model.option_choices(info), info.options[0])
                rows.append(self.option_boxes[info.key])
            rows.append(w.HTML(model.step_help_html(info), layout=WIDE))
        self.all_steps, self.no_steps = button("Choose every step"), button("Clear the choices")
        self.on_click(self.all_steps, lambda: self.set_steps(True))
        self.on_click(self.no_steps, lambda: self.set_steps(False))
        self.order = w.HTML(layout=WIDE)
        self.mapping = area("Channel mapping (label = channel, one a line)", model.mapping_text(task.channel_mapping),
                            rows=8)
        self.mapping_message = w.HTML(layout=WIDE)
        self.on_change(self.mapping, self.check_mapping_text, self.mapping_message)
        self.run = button("Run the cleaning", style="primary")
        self.run_message = w.HTML(layout=WIDE)
        self.on_click(self.run, self.run_cleaning, self.run_message)
        # results
        self.log = w.HTML(layout=WIDE)
        self.chart = w.Output(layout=WIDE)
        self.notes = area("Your decisions and why", rows=6,
                          placeholder="Which steps did you run, which not, and why? What does each choice risk?")
        self.notes_message = w.HTML(layout=WIDE)
        self.on_change(self.notes, self.check_notes, self.notes_message)
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads, self.run_message)
        self.downloads = w.HTML(layout=WIDE)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Reopen saved choices (.json)", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self.uploaded_choices, self.upload_message)
        self.view = w.VBox([
            style_tag(), heading(task.title), w.HTML(f"<p>{esc(task.instructions)}</p>", layout=WIDE),
            heading("1. The data", 4), self.source, self.csv_upload, self.csv_message, self.use_sample,
            self.columns_box, self.preview,
            heading("2. Choose the cleaning steps", 4),
            w.HTML("<p class='cx-hint'>Tick the steps you think are justified (Tab to move, Space to tick). They run "
                   "in the order listed. Open each “What … does” line to read the rule and its risk.</p>",
                   layout=WIDE),
            w.HBox([self.all_steps, self.no_steps]), *rows, self.order, self.mapping, self.mapping_message,
            self.run, self.run_message,
            heading("3. What the cleaning did", 4), self.chart, self.log,
            heading("4. Your decisions", 4), w.HTML(model.questions_html(task), layout=WIDE), self.notes,
            self.notes_message,
            heading("Save, reopen and download", 4), self.error, self.status, self.prepare, self.downloads,
            self.upload, self.upload_message])
        self.view.add_class("cx-cleaning-lab")
        self.show_data()
        self.show_order()

    # -- the data --------------------------------------------------------------------------------------------
    def show_data(self) -> None:
        uploaded = self.data is not self.sample
        self.source.value = (f"<p><strong>Using:</strong> {esc(self.data_name)}, {len(self.data):,} rows and "
                             f"{len(self.data.columns)} columns.</p>")
        self.columns_box.layout.display = None if uploaded else "none"
        self.use_sample.layout.display = None if uploaded else "none"
        self.preview.value = model.sample_table_html(self.data, 8, f"The first rows of {self.data_name}")

    def uploaded_csv(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        try:
            loaded = model.read_upload(uploaded_bytes(upload, model.MAX_UPLOAD_BYTES, "a CSV file for the lab"),
                                 str(upload.get("name", "upload.csv")))
        except ValueError as exc:
            self.csv_message.value = error_html(f"{exc} The data you were using is unchanged.")
            self.say("Please check the message beside the upload.")
            return
        finally:
            with contextlib.suppress(Exception):  # clearing the upload is a courtesy
                self.csv_upload.value = ()
        self.data, self.data_name = loaded.frame, loaded.name
        guessed = model.guess_columns(loaded.frame.columns)
        options = [("(none)", NONE)] + [(str(c)[:60], str(c)) for c in loaded.frame.columns]
        with self._silent():
            for role, box in self.column_boxes.items():
                box.options = options
                box.value = guessed.get(role, NONE)
        notes = " ".join(loaded.notes)
        missing = [ROLE_LABELS[r] for r in ("acquisition_channel", "orders", "total_spend") if r not in guessed]
        self.csv_message.value = (f"<p class='cx-hint' role='status'>Read {esc(loaded.name)}: {len(loaded.frame):,} "
                                  f"rows. {esc(notes)}</p>")
        self.columns_message.value = (error_html(f"The lab did not recognise a column for {', '.join(missing)}. "
                                                 "Choose it in the list above before you run the cleaning.")
                                      if missing else "")
        self.result = None
        self.clear_results()
        self.show_data()
        self.say(f"Your file {loaded.name} is ready: check the columns, choose the steps and run the cleaning.")

    def back_to_sample(self) -> None:
        self.data, self.data_name = self.sample, f"{self.task.organisation} customer export (sample)"
        self.csv_message.value = self.columns_message.value = ""
        self.result = None
        self.clear_results()
        self.show_data()
        self.say("Back to the sample export.")

    def column_map(self) -> dict[str, str] | None:
        if self.data is self.sample:
            return None
        return {role: box.value or "" for role, box in self.column_boxes.items()}

    # -- the steps -------------------------------------------------------------------------------------------
    def chosen(self) -> list[str]:
        return [s.key for s in self.task.steps if self.checks[s.key].value]

    def options(self) -> dict[str, str]:
        return {k: box.value for k, box in self.option_boxes.items()}

    def set_steps(self, on: bool) -> None:
        with self._silent():
            for box in self.checks.values():
                box.value = on
        self.show_order()
        self.say("Every step chosen." if on else "No steps chosen.")

    def show_order(self, _change: dict | None = None) -> None:
        if self._quiet:
            return
        self.order.value = model.order_html(self.task, self.chosen())

    def read_mapping(self) -> dict[str, str] | None:
        try:
            mapping = model.parse_mapping_text(self.mapping.value)
        except ValueError as exc:
            self.mapping_message.value = error_html(f"{exc} Your mapping text is kept.")
            return None
        self.mapping_message.value = ""
        return mapping

    def check_mapping_text(self, _change: dict) -> None:
        ok = self.read_mapping() is not None
        self.say("Channel mapping read." if ok else "Please check the message beside the channel mapping.")

    def check_notes(self, _change: dict) -> None:
        too_long = len(self.notes.value) > MAX_TEXT * 2
        self.notes_message.value = error_html(f"Please keep your notes under {MAX_TEXT * 2:,} characters; they are "
                                              "kept as you typed them, but the files need them shorter.") * too_long

    # -- running ---------------------------------------------------------------------------------------------
    def clear_results(self) -> None:
        self.log.value = self.downloads.value = ""
        show_in(self.chart)

    def run_cleaning(self) -> None:
        mapping = self.read_mapping()
        if mapping is None:
            self.run_message.value = error_html("The channel mapping has a problem (see the message beside it); "
                                                "nothing was run.")
            self.say("Please check the message beside the channel mapping.")
            return
        column_map = self.column_map()
        if column_map is not None:
            try:
                model.prepare(self.data.head(1), column_map)
            except ValueError as exc:
                self.columns_message.value = error_html(str(exc))
                self.run_message.value = error_html("A column choice needs fixing (see the message above); nothing "
                                                    "was run.")
                self.say("Please check the message beside the column choices.")
                return
            self.columns_message.value = ""
        try:
            result = model.clean(self.data, self.chosen(), task=self.task, options=self.options(), mapping=mapping,
                           column_map=column_map)
        except ValueError as exc:
            self.run_message.value = error_html(f"{exc} Your choices are kept; the last result is still shown.")
            self.say("Please check the message beside the Run button.")
            return
        self.run_message.value = ""
        self.result = result
        show_in(self.chart, model.repeat_chart(result, self.task.min_buyers))
        notes = "".join(f"<p class='cx-note'>{esc(n)}</p>" for n in result.notes)
        self.log.value = notes + model.result_body_html(result, self.task.min_buyers)
        self.downloads.value = ""
        steps = len(result.log)
        self.say(f"Cleaning run: {steps} step{'s' if steps != 1 else ''}, {result.before.rows:,} rows before and "
                 f"{result.after.rows:,} after. {result.insight.sentence()}")

    # -- files -----------------------------------------------------------------------------------------------
    def choices(self) -> LabChoices:
        mapping = model.parse_mapping_text(self.mapping.value)
        return LabChoices(steps=self.chosen(), options=self.options(), mapping=mapping,
                          notes=self.notes.value[:MAX_TEXT * 2])

    def prepare_downloads(self) -> None:
        files = []
        try:
            choices = self.choices()
        except ValueError as exc:
            self.run_message.value = error_html(f"{exc} Fix it to save your choices.")
            return
        files.append(("cleaning-choices.json", "application/json", model.to_json(self.task, choices),
                      "Save your choices and notes to reopen later (.json)"))
        if self.result is not None:
            files[:0] = [("clean-customers.csv", "text/csv", model.clean_csv(self.result),
                          "Download the clean file (.csv)"),
                         ("cleaning-log.csv", "text/csv", model.log_csv(self.result, self.notes.value),
                          "Download the cleaning log (.csv)"),
                         ("cleaning-log.html", "text/html",
                          model.log_html_document(self.task, self.result, self.notes.value),
                          "Download the log, figures and your notes as a web page (.html)")]
        self.downloads.value = download_links(files)
        more = "" if self.result is not None else " Run the cleaning to download the clean file and the log too."
        self.say("Your files are ready: the download links are under “Prepare files to download”." + more)

    def uploaded_choices(self, change: dict) -> None:
        self.reopen(change, lambda content: model.from_json(content, self.task), self._opened, "set of choices",
                    work="choices")

    def _opened(self, choices: LabChoices, name: str) -> None:
        with self._silent():
            for key, box in self.checks.items():
                box.value = key in choices.steps
            for key, option in choices.options.items():
                if key in self.option_boxes:
                    self.option_boxes[key].value = option
        self.mapping.value = model.mapping_text(model.check_mapping(choices.mapping or self.task.channel_mapping))
        self.notes.value = choices.notes
        self.show_order()
        self.say(f"Reopened your choices from {name}. Run the cleaning to see the result.")


def cleaning_lab_tab(spec_id: str = "cim-l6-cjo", name: str = "fern-cleaning") -> CleaningLabView:
    """The lab as a tab of the journey data lab app (``tools_app([...])``)."""
    return CleaningLabView(model.load_cleaning_task(spec_id, name))
