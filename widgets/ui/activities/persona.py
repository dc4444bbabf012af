"""Persona builder view (CIM L6 1.2 and 2.1): a segment's figures from the orders data or an upload, research
statements each with its evidence, the evidence check, the persona card to download, save and reopen.
Every rule is in :mod:`widgets.activities.persona`; a refused entry gets its message beside its form and every
box keeps what the learner typed."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.persona import (
    KINDS,
    MAX_CSV_BYTES,
    MAX_SAVED_BYTES,
    SECTIONS,
    Persona,
    PersonaTask,
    Statement,
    blank_persona,
    card_body_html,
    card_html,
    check_statement,
    course_orders,
    flags_html,
    from_json,
    load_persona_task,
    read_orders_csv,
    segment_figures,
    segments_in,
    to_json,
    with_details,
    with_statement,
    without_statement,
)
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
from widgets.ui.common import error_html, uploaded_bytes

esc = html.escape


class PersonaView(ActivityView):
    @classmethod
    def example(cls) -> PersonaView:
        return cls(load_persona_task("cim-l6-cjo", "fern-persona"))

    def __init__(self, task: PersonaTask):
        super().__init__()
        self.task = task
        self.persona: Persona = blank_persona()
        self.frame = course_orders(task.dataset)
        self.source = f"{task.dataset}.csv" if self.frame is not None else ""
        self.figures: list[Statement] = []
        self.start_blank = button("Start a blank persona")
        self.start_worked = button(f"Open the worked example ({task.worked.name})")
        self.on_click(self.start_blank, lambda: self.replace(blank_persona(), "Blank persona started."))
        self.on_click(self.start_worked, lambda: self.replace(task.worked, "Worked example opened: change it or "
                                                                           "build your own."))
        # who
        self.name = text("Persona name", self.persona.name)
        self.segment_text = text("Segment", placeholder="e.g. Urban renters")
        self.profile = area("Profile (age, job, situation)", rows=2)
        self.details_msg = w.HTML(layout=WIDE)
        self.save_details = button("Save name, segment and profile")
        self.on_click(self.save_details, self.update_details, self.details_msg)
        # data
        self.data_note = w.HTML(layout=WIDE)
        self.segment = dropdown("Segment in the data", [])
        self.compute = button("Compute the segment's figures")
        self.data_msg = w.HTML(layout=WIDE)
        self.on_click(self.compute, self.compute_figures, self.data_msg)
        self.csv_upload = w.FileUpload(accept=".csv,text/csv", multiple=False,
                                       description="Use your own orders (.csv)", layout=w.Layout(width="auto"))
        self.on_change(self.csv_upload, self.csv_uploaded, self.data_msg)
        self.figure_choice = dropdown("Figure to add", [])
        self.add_figure = button("Add this figure to the persona")
        self.on_click(self.add_figure, self.add_chosen_figure, self.data_msg)
        self.figures_table = w.HTML(layout=WIDE)
        # research
        self.section = dropdown("Part of the persona", [(v, k) for k, v in SECTIONS.items() if k != "figures"],
                                "goals")
        self.statement = area("Statement", rows=2)
        self.kind = dropdown("Backed by", [(v, k) for k, v in KINDS.items()], "research")
        self.evidence = text("Evidence (source or figure)",
                             placeholder="e.g. interview 4 of 14; NPS verbatim, Q3 2026")
        self.sources_hint = w.HTML(
            f"<p class='cx-hint'>Sources for {esc(task.organisation)}: {esc('; '.join(task.sources))}.</p>"
            if task.sources else "", layout=WIDE)
        self.research_msg = w.HTML(layout=WIDE)
        self.add_statement = button("Add to the persona")
        self.on_click(self.add_statement, self.add_research, self.research_msg)
        self.on_hand = dropdown("Statements on the persona", [])
        self.remove = button("Remove the selected statement")
        self.on_click(self.remove, self.remove_statement, self.research_msg)
        # card and files
        self.card = w.HTML(layout=WIDE)
        self.flags = w.HTML(layout=WIDE)
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Reopen a saved persona (.json)", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self.uploaded, self.upload_message)
        self.view = w.VBox([
            style_tag(), heading(task.title), w.HTML(f"<p>{esc(task.instructions)}</p>", layout=WIDE),
            w.HBox([self.start_blank, self.start_worked]),
            heading("1. Who the persona is", 4), self.name, self.segment_text, self.profile, self.details_msg,
            self.save_details,
            heading("2. Figures from data", 4), self.data_note, self.segment, self.compute, self.csv_upload,
            self.data_msg, self.figures_table, self.figure_choice, self.add_figure,
            heading("3. Research: goals, pain points, behaviours, channels, quotes", 4), self.section,
            self.statement, self.kind, self.evidence, self.sources_hint, self.research_msg, self.add_statement,
            self.on_hand, self.remove,
            heading("The persona card", 4), self.card, heading("Evidence check", 4), self.flags,
            heading("Save, reopen and download", 4), self.error, self.status, self.prepare, self.downloads,
            self.upload, self.upload_message])
        self.use_frame(self.frame, self.source)
        self.refresh()

    # -- data
    def use_frame(self, frame, source: str) -> None:
        self.frame, self.source = frame, source
        case = self.task.case_figures()
        if frame is None:
            self.segment.options = []
            self.data_note.value = ("<p class='cx-hint'>The orders data set is not available here: use the case "
                                    "figures below or upload your own orders CSV.</p>")
        else:
            self.segment.options = segments_in(frame)
            self.data_note.value = (f"<p>Data: <strong>{esc(source)}</strong>, {len(frame):,} orders. Choose a "
                                    "segment and compute its figures; then add the ones that describe the persona."
                                    "</p>")
        self.figures = list(case)
        self.show_figures()

    def show_figures(self) -> None:
        self.figure_choice.options = [(s.text[:90], i) for i, s in enumerate(self.figures)]
        self.figure_choice.value = 0 if self.figures else None
        rows = "".join(f"<tr><td>{esc(s.text)}</td><td>{esc(s.evidence)}</td></tr>" for s in self.figures)
        self.figures_table.value = ("<table class='cx-activity-table'><caption>Figures you can add</caption><thead>"
                                    "<tr><th scope='col'>Figure</th><th scope='col'>Source</th></tr></thead><tbody>"
                                    f"{rows}</tbody></table>") if rows else ""

    def compute_figures(self) -> None:
        if self.frame is None or self.segment.value is None:
            self.data_msg.value = error_html("There is no data to compute from: upload an orders CSV with a "
                                             "“segment” column first.")
            return
        try:
            figures = segment_figures(self.frame, self.segment.value, source=self.source)
        except ValueError as exc:
            self.data_msg.value = error_html(str(exc))
            self.say("Please check the message beside the data.")
            return
        self.data_msg.value = ""
        self.figures = [*figures.statements(), *self.task.case_figures()]
        self.show_figures()
        self.say(f"{len(figures.statements())} figures computed for {figures.segment} from {self.source}.")

    def csv_uploaded(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        name = str(upload.get("name", "your file"))
        try:
            frame = read_orders_csv(uploaded_bytes(upload, MAX_CSV_BYTES, "an orders file"), name)
            if not segments_in(frame):
                raise ValueError(f"“{name}” has a segment column with no values in it.")
        except ValueError as exc:
            self.data_msg.value = error_html(f"{exc} The data in use is unchanged.")
            self.say("Please check the message beside the data.")
            return
        finally:
            try:
                self.csv_upload.value = ()
            except Exception:  # noqa: BLE001 - clearing the upload is a courtesy
                pass
        self.data_msg.value = ""
        self.use_frame(frame, name)
        self.say(f"Using {name}: {len(frame):,} rows. Choose a segment and compute its figures.")

    def add_chosen_figure(self) -> None:
        index = self.figure_choice.value
        if index is None:
            self.data_msg.value = error_html("Compute the segment's figures first, then choose one to add.")
            return
        self.change(self.data_msg, "Figure added to the persona.",
                    lambda: with_statement(self.persona, "figures", self.figures[index]))

    # -- research and details
    def change(self, where: w.HTML, done: str, make) -> bool:
        return self.apply_change(where, make, done, attr="persona")

    def update_details(self) -> None:
        self.change(self.details_msg, "Name, segment and profile saved.",
                    lambda: with_details(self.persona, self.name.value, self.segment_text.value, self.profile.value))

    def add_research(self) -> None:
        section = self.section.value

        def make() -> Persona:
            s = check_statement(section, self.statement.value, self.kind.value, self.evidence.value)
            return with_statement(self.persona, section, s)

        if self.change(self.research_msg, f"Added to {SECTIONS[section].lower()}.", make):
            self.statement.value, self.evidence.value = "", ""

    def remove_statement(self) -> None:
        chosen = self.on_hand.value
        if chosen is None:
            self.research_msg.value = error_html("Choose a statement on the persona to remove.")
            return
        section, index = chosen
        self.change(self.research_msg, "Statement removed.", lambda: without_statement(self.persona, section, index))

    def replace(self, persona: Persona, done: str) -> None:
        self.persona = persona
        self.name.value, self.segment_text.value, self.profile.value = persona.name, persona.segment, persona.profile
        for message in (self.details_msg, self.data_msg, self.research_msg, self.upload_message):
            message.value = ""
        self.refresh()
        self.say(done)

    # -- showing it
    def refresh(self) -> None:
        p = self.persona
        self.on_hand.options = [(f"{SECTIONS[sec]}: {s.text[:70]}", (sec, i)) for sec in SECTIONS
                                for i, s in enumerate(getattr(p, sec))]
        self.on_hand.value = None
        self.card.value = f"<div class='cx-persona-card'>{card_body_html(p)}</div>"
        self.flags.value = f"<div aria-live='polite'>{flags_html(p)}</div>"
        self.downloads.value = ""

    def prepare_downloads(self) -> None:
        slug = "".join(c if c.isalnum() else "-" for c in self.persona.name.lower()).strip("-")[:40] or "persona"
        self.downloads.value = download_links([
            (f"persona-{slug}.html", "text/html", card_html(self.persona), "Download the persona card (.html)"),
            (f"persona-{slug}.json", "application/json", to_json(self.persona, self.task.id),
             "Save the persona to reopen later (.json)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    def uploaded(self, change: dict) -> None:
        self.reopen(change, from_json, self._opened, "persona", work="persona", limit=MAX_SAVED_BYTES)

    def _opened(self, persona: Persona, _name: str) -> None:
        self.replace(persona, f"Reopened the persona “{persona.name}” from your file.")


def persona_static(spec_id: str, name: str) -> str:
    """The book's form: the worked persona with its evidence, the evidence check and the link to the live app."""
    from widgets.activities.persona import persona_static_html
    from widgets.live import live_link_html

    task = load_persona_task(spec_id, name)
    link = live_link_html("journey-optimiser", "Open the live persona builder to build your own persona from the "
                                               "data and research")
    return persona_static_html(task, link)
