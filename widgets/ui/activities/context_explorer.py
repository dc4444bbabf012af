"""Organisation context explorer view (CIM L4 Customer Experience, 1.1 and 1.2): choose two to four organisation
forms, see them side by side with the learner's own organisation, profile that organisation, write the
implications for the customer experience, check completeness, download, save and reopen. Every check is in
:mod:`widgets.activities.context_explorer`; a refusal is shown beside its form and every box keeps its text."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.context_explorer import (
    MAX_CHOSEN,
    MAX_FILE_BYTES,
    MIN_CHOSEN,
    PROFILE_FIELDS,
    ContextTask,
    ContextWork,
    choose,
    comparison_table_html,
    completeness,
    document_html,
    from_json,
    implication_for,
    implications_html,
    load_context_task,
    notes_html,
    to_csv,
    to_json,
    with_implication,
    with_profile,
)
from widgets.ui.activities.common import (
    STYLE,
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
from widgets.ui.common import error_html


class ContextExplorerView(ActivityView):
    @classmethod
    def example(cls) -> ContextExplorerView:
        return cls(load_context_task("cim-l4-cx", "organisation-contexts"))

    def __init__(self, task: ContextTask):
        super().__init__()
        self.task = task
        self.work = ContextWork()
        self.start_blank = button("Start a blank comparison")
        self.start_worked = button("Open the worked example (Hartwell)")
        self.on_click(self.start_blank, lambda: self.replace(ContextWork(), "Blank comparison started."))
        self.on_click(self.start_worked, lambda: self.replace(self.task.worked, "Worked example opened."))
        # 1. choose
        self.forms = w.SelectMultiple(options=[(f.name, f.id) for f in task.forms], rows=8,
                                      description=f"Organisation forms (choose {MIN_CHOSEN} to {MAX_CHOSEN})",
                                      style=STYLE, layout=WIDE)
        self.compare = button("Compare the chosen forms")
        self.choose_msg = w.HTML(layout=WIDE)
        self.on_click(self.compare, self.choose_forms, self.choose_msg)
        self.table = w.HTML(layout=w.Layout(width="100%"))
        # 2. own profile
        self.own_name = text("Your organisation", placeholder="the organisation you are writing about")
        self.own_fields = {key: area(label, rows=2) for key, label in PROFILE_FIELDS}
        self.save_profile = button("Save my profile")
        self.profile_msg = w.HTML(layout=WIDE)
        self.on_click(self.save_profile, self.update_profile, self.profile_msg)
        # 3. implications
        self.which = dropdown("Compared with", [])
        self.implication = area("Implications for the customer experience", rows=5,
                                placeholder="the difference, why it matters and what it means for the experience")
        self.save_implication = button("Save this implication")
        self.imp_msg = w.HTML(layout=WIDE)
        self.on_change(self.which, self.show_implication, self.imp_msg)
        self.on_click(self.save_implication, self.update_implication, self.imp_msg)
        self.implications = w.HTML(layout=WIDE)
        # 4. check, save, reopen
        self.check = button("Check my work for completeness")
        self.notes = w.HTML(layout=WIDE)
        self.on_click(self.check, self.show_notes)
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Reopen a saved comparison (.json)", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self.uploaded, self.upload_message)
        self.view = w.VBox([
            style_tag(), heading(task.title), w.HTML(f"<p>{html.escape(task.instructions)}</p>", layout=WIDE),
            w.HBox([self.start_blank, self.start_worked]),
            heading("1. Choose organisation forms to compare", 4), self.forms, self.choose_msg, self.compare,
            self.table,
            heading("2. Profile your own organisation", 4), self.own_name, *self.own_fields.values(),
            self.profile_msg, self.save_profile,
            heading("3. Implications for the customer experience", 4), self.which, self.implication, self.imp_msg,
            self.save_implication, self.implications,
            heading("4. Check, save and download", 4), self.check, self.notes, self.error, self.status,
            self.prepare, self.downloads, self.upload, self.upload_message])
        self.refresh()


    def choose_forms(self) -> None:
        ids = list(self.forms.value)
        self.apply_change(self.choose_msg, lambda: choose(self.task, self.work, ids),
                    f"Comparing {len(ids)} organisation forms with your organisation: the table is updated.")

    def update_profile(self) -> None:
        fields = {"name": self.own_name.value, **{k: box.value for k, box in self.own_fields.items()}}
        self.apply_change(self.profile_msg, lambda: with_profile(self.work, **fields),
                          "Your profile is saved in the table.")

    def show_implication(self, change: dict) -> None:
        """Show the saved implication for the form chosen, unless the box holds unsaved text (kept, with a note)."""
        if change["new"] is None or self._quiet:
            return
        typed = self.implication.value
        saved_before = implication_for(self.work, change["old"]) if change["old"] else ""
        if typed.strip() and typed != saved_before:
            self.imp_msg.value = ("<p class='cx-hint'>Your unsaved text is kept in the box: press “Save this "
                                  "implication” to save it for the form now chosen, or clear the box.</p>")
            return
        self.implication.value = implication_for(self.work, change["new"])

    def update_implication(self) -> None:
        form_id = self.which.value
        if form_id is None:
            self.imp_msg.value = error_html("Choose the forms to compare first (step 1), then write the implication "
                                            "for one of them. Your text is kept.")
            self.say("Please check the message beside the form you used.")
            return
        typed = self.implication.value
        self.apply_change(self.imp_msg, lambda: with_implication(self.task, self.work, form_id, typed),
                    "Implication saved.")
        self.implication.value = typed

    def show_notes(self) -> None:
        self.notes.value = notes_html(completeness(self.task, self.work))
        self.say("Completeness checked: see the list under the button.")

    def replace(self, work: ContextWork, done: str) -> None:
        self.work = work
        with self._silent():
            self.forms.value = tuple(work.chosen)
            self.own_name.value = work.own.name
            for key, box in self.own_fields.items():
                box.value = getattr(work.own, key)
            self.refresh()
        for message in (self.choose_msg, self.profile_msg, self.imp_msg, self.upload_message):
            message.value = ""
        self.notes.value = ""
        self.implication.value = implication_for(work, self.which.value) if self.which.value else ""
        self.say(done)

    def refresh(self) -> None:
        options = [(self.task.form(f).name, f) for f in self.work.chosen]
        current = self.which.value
        self.which.options = options
        ids = [f for _, f in options]
        self.which.value = current if current in ids else (ids[0] if ids else None)
        self.table.value = comparison_table_html(self.task, self.work)
        self.implications.value = implications_html(self.task, self.work)
        self.downloads.value = ""

    def prepare_downloads(self) -> None:
        t, wk = self.task, self.work
        self.downloads.value = download_links([
            ("organisation-contexts.html", "text/html", document_html(t, wk),
             "Download the comparison as a web page (.html)"),
            ("organisation-contexts.csv", "text/csv", to_csv(t, wk),
             "Download the comparison as a spreadsheet (.csv)"),
            ("organisation-contexts.json", "application/json", to_json(wk),
             "Save the comparison to reopen later (.json)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    def uploaded(self, change: dict) -> None:
        self.reopen(change, lambda raw: from_json(raw, self.task), self._opened, "comparison", work="comparison",
                    limit=MAX_FILE_BYTES)

    def _opened(self, work: ContextWork, name: str) -> None:
        self.replace(work, f"Reopened your comparison from “{name}”.")


def context_explorer_tab(spec_id: str, name: str) -> ContextExplorerView:
    """The view for a tab of the customer-context app."""
    return ContextExplorerView(load_context_task(spec_id, name))
