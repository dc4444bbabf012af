"""Disconfirmation and satisfaction view (CIM L4 Customer Experience, 2.1 and 2.4): expected and perceived
performance per attribute with the outcome and chart, the post-purchase dissonance check, two retention scenarios
with CLV, and the learner's own demonstration and appraisal; download, save and reopen. Every check is in
:mod:`widgets.activities.disconfirmation`; a refusal is shown beside its form and every box keeps its text."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.disconfirmation import (
    DISSONANCE_FACTORS,
    MAX_FILE_BYTES,
    SCENARIO_FIELDS,
    DisconfirmationTask,
    DisconfirmationWork,
    add_attribute,
    analyse,
    analysis_html,
    check_score,
    compare_scenarios,
    completeness,
    dissonance_check,
    dissonance_html,
    document_html,
    from_json,
    gap_chart,
    load_disconfirmation,
    notes_html,
    remove_attribute,
    scenarios_html,
    to_csv,
    to_json,
    with_changes,
)
from widgets.charts import show_in
from widgets.numeric import parse_number
from widgets.ui.activities.common import (
    WIDE,
    ActivityView,
    area,
    button,
    download_links,
    dropdown,
    heading,
    style_tag,
    text,
)


class DisconfirmationView(ActivityView):
    @classmethod
    def example(cls) -> DisconfirmationView:
        view = cls(load_disconfirmation("cim-l4-cx", "hartwell-disconfirmation"))
        view.replace(view.task.worked, "Worked example opened.")
        return view

    def __init__(self, task: DisconfirmationTask):
        super().__init__()
        self.task = task
        self.work = DisconfirmationWork()
        self.start_blank = button("Start a blank analysis")
        self.start_worked = button("Open the worked example (Hartwell)")
        self.on_click(self.start_blank, lambda: self.replace(DisconfirmationWork(), "Blank analysis started."))
        self.on_click(self.start_worked, lambda: self.replace(self.task.worked, "Worked example opened."))
        self.organisation = text("Organisation")
        self.experience = area("The experience (who bought what)", rows=2)
        self.about_msg = w.HTML(layout=WIDE)
        self.save_about = button("Save organisation and experience")
        self.on_click(self.save_about, self.update_about, self.about_msg)
        # attributes
        self.attr_name = text("Attribute", placeholder="e.g. Delivery on the promised day")
        self.expected = text("Expected performance (1–7)", placeholder="e.g. 6")
        self.perceived = text("Perceived performance (1–7)", placeholder="e.g. 4")
        self.importance = text("Importance weight (optional)", placeholder="e.g. 25; blank = equal weights")
        self.attr_msg = w.HTML(layout=WIDE)
        for box in (self.expected, self.perceived, self.importance):
            self.on_change(box, self._check_attr_numbers, self.attr_msg)
        self.add = button("Add the attribute")
        self.on_click(self.add, self.add_attr, self.attr_msg)
        self.attr_list = dropdown("Attributes", [])
        self.drop = button("Remove the selected attribute")
        self.on_click(self.drop, self.remove_attr, self.attr_msg)
        self.chart = w.Output(layout=WIDE)
        self.analysis = w.HTML(layout=WIDE)
        # dissonance
        self.factors = {key: w.Checkbox(description=label, indent=False, layout=WIDE)
                        for key, label in DISSONANCE_FACTORS}
        self.dis_msg = w.HTML(layout=WIDE)
        for box in self.factors.values():
            self.on_change(box, self.update_dissonance, self.dis_msg)
        self.dissonance = w.HTML(layout=WIDE)
        # scenarios
        self.scenario_boxes: list[dict[str, w.Text]] = []
        scenario_rows: list[w.Widget] = []
        self.scen_msg = w.HTML(layout=WIDE)
        for n in (1, 2):
            boxes = {"label": text(f"Scenario {n}: name")}
            boxes.update({key: text(f"Scenario {n}: {label}") for key, label in SCENARIO_FIELDS})
            boxes["source"] = text(f"Scenario {n}: source of the figures", placeholder="case file, your data, or "
                                                                                      "“Suppose…”")
            for key, _label in SCENARIO_FIELDS:
                self.on_change(boxes[key], self._check_scenario_numbers, self.scen_msg)
            self.scenario_boxes.append(boxes)
            scenario_rows += list(boxes.values())
        self.compare = button("Compare the two scenarios")
        self.on_click(self.compare, self.compare_now, self.scen_msg)
        self.scenarios = w.HTML(layout=WIDE)
        # writing
        self.demonstration = area("Demonstration for your organisation (2.1)", rows=6)
        self.appraisal = area("Appraisal of the financial effect (2.4)", rows=6)
        self.write_msg = w.HTML(layout=WIDE)
        self.save_writing = button("Save my writing")
        self.on_click(self.save_writing, self.update_writing, self.write_msg)
        self.check = button("Check my work for completeness")
        self.notes = w.HTML(layout=WIDE)
        self.on_click(self.check, self.show_notes)
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Reopen a saved analysis (.json)", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self.uploaded, self.upload_message)
        self.view = w.VBox([
            style_tag(), heading(task.title), w.HTML(f"<p>{html.escape(task.instructions)}</p>", layout=WIDE),
            w.HBox([self.start_blank, self.start_worked]), self.organisation, self.experience, self.about_msg,
            self.save_about,
            heading("1. Expected and perceived performance", 4), self.attr_name, self.expected, self.perceived,
            self.importance, self.attr_msg, self.add, self.attr_list, self.drop, self.chart, self.analysis,
            heading("2. Post-purchase dissonance", 4), *self.factors.values(), self.dis_msg, self.dissonance,
            heading("3. The financial effect of retention", 4), *scenario_rows, self.scen_msg, self.compare,
            self.scenarios,
            heading("4. Your organisation", 4), self.demonstration, self.appraisal, self.write_msg, self.save_writing,
            self.check, self.notes, self.error, self.status, self.prepare, self.downloads, self.upload,
            self.upload_message])
        self.refresh()

    # -- checks as the learner types (a number box answers at once; the text stays)
    def _check_attr_numbers(self, _change) -> None:
        """The first problem in the three number boxes of the attribute form, or no message."""
        try:
            for box, label in ((self.expected, "Expected performance"), (self.perceived, "Perceived performance")):
                if box.value.strip():
                    check_score(box.value, label)
            if self.importance.value.strip():
                parse_number(self.importance.value, "Importance weight", example="25", limit=1e6,
                             allow_negative=False)
        except ValueError as exc:
            self.fail(exc, self.attr_msg)
            return
        self.attr_msg.value = ""

    def _check_scenario_numbers(self, _change) -> None:
        """The first number box of either scenario that does not hold a usable number, or no message."""
        try:
            for n, boxes in enumerate(self.scenario_boxes, 1):
                for key, label in SCENARIO_FIELDS:
                    parse_number(boxes[key].value, f"Scenario {n}, {label.lower()}", example="40", limit=1e9,
                                 allow_negative=False)
        except ValueError as exc:
            self.fail(exc, self.scen_msg)
            return
        self.scen_msg.value = ""


    def update_about(self) -> None:
        org, exp = self.organisation.value, self.experience.value
        self.apply_change(self.about_msg, lambda: with_changes(self.work, organisation=org, experience=exp), "Saved.")

    def add_attr(self) -> None:
        values = (self.attr_name.value, self.expected.value, self.perceived.value, self.importance.value)
        if self.apply_change(self.attr_msg, lambda: add_attribute(self.work, *values),
                       f"Attribute added: {len(self.work.attributes) + 1} in the analysis."):
            self.attr_name.value = ""

    def remove_attr(self) -> None:
        index = self.attr_list.value
        if index is None:
            self.fail("Choose an attribute to remove.", self.attr_msg)
            return
        self.apply_change(self.attr_msg, lambda: remove_attribute(self.work, index), "Attribute removed.")

    def update_dissonance(self, _change) -> None:
        if self._quiet:
            return
        flags = {key: bool(box.value) for key, box in self.factors.items()}
        self.apply_change(self.dis_msg, lambda: with_changes(self.work, dissonance=flags), "Dissonance check updated.")

    def _typed_scenarios(self) -> list[dict[str, str]]:
        return [{key: box.value for key, box in boxes.items()} for boxes in self.scenario_boxes]

    def compare_now(self) -> None:
        rows = self._typed_scenarios()
        if self.apply_change(self.scen_msg, lambda: with_changes(self.work, scenarios=rows), "Scenarios saved."):
            try:
                compare_scenarios(self.work)
            except ValueError as exc:
                self.fail(f"{exc} Your figures are kept.", self.scen_msg)
                return
            self.say("Scenarios compared: see the table under the button.")

    def update_writing(self) -> None:
        demo, appr = self.demonstration.value, self.appraisal.value
        self.apply_change(self.write_msg, lambda: with_changes(self.work, demonstration=demo, appraisal=appr),
                    "Your writing is saved.")

    def show_notes(self) -> None:
        self.notes.value = notes_html(completeness(self.work))
        self.say("Completeness checked: see the list under the button.")

    def replace(self, work: DisconfirmationWork, done: str) -> None:
        self.work = work
        with self._silent():
            self.organisation.value, self.experience.value = work.organisation, work.experience
            for key, box in self.factors.items():
                box.value = getattr(work.dissonance, key)
            for boxes, scenario in zip(self.scenario_boxes, work.scenarios, strict=True):
                for key, box in boxes.items():
                    box.value = getattr(scenario, key)
            self.demonstration.value, self.appraisal.value = work.demonstration, work.appraisal
        for message in (self.about_msg, self.attr_msg, self.dis_msg, self.scen_msg, self.write_msg,
                        self.upload_message):
            message.value = ""
        self.notes.value = ""
        self.refresh()
        self.say(done)

    def refresh(self) -> None:
        wk = self.work
        self.attr_list.options = [(f"{n}. {a.name[:50]}", n - 1) for n, a in enumerate(wk.attributes, 1)]
        self.attr_list.value = None
        if wk.attributes:
            result = analyse(wk)
            show_in(self.chart, gap_chart(wk, result))
            self.analysis.value = analysis_html(result)
        else:
            show_in(self.chart)
            self.analysis.value = "<p class='cx-hint'>Add an attribute to see the outcome.</p>"
        self.dissonance.value = dissonance_html(dissonance_check(wk.dissonance, self.task.dissonance_actions))
        try:
            self.scenarios.value = scenarios_html(compare_scenarios(wk))
        except ValueError:
            self.scenarios.value = ("<p class='cx-hint'>Fill in both scenarios and press “Compare the two "
                                    "scenarios”.</p>")
        self.downloads.value = ""

    def prepare_downloads(self) -> None:
        t, wk = self.task, self.work
        self.downloads.value = download_links([
            ("disconfirmation.html", "text/html", document_html(t, wk), "Download the analysis as a web page (.html)"),
            ("disconfirmation.csv", "text/csv", to_csv(wk), "Download the analysis as a spreadsheet (.csv)"),
            ("disconfirmation.json", "application/json", to_json(wk), "Save the analysis to reopen later (.json)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    def uploaded(self, change: dict) -> None:
        self.reopen(change, from_json, self._opened, "analysis", work="analysis", limit=MAX_FILE_BYTES)

    def _opened(self, work: DisconfirmationWork, name: str) -> None:
        self.replace(work, f"Reopened your analysis from “{name}”.")


def disconfirmation_tab(spec_id: str, name: str) -> DisconfirmationView:
    """The view for a tab of the customer-context app (starts on the worked example)."""
    view = DisconfirmationView(load_disconfirmation(spec_id, name))
    view.replace(view.task.worked, "Worked example opened: change it or start a blank analysis.")
    return view
