"""Offer and mix builder view (CIM Level 4 Customer Experience, 4.1–4.3): the offer at three levels, the seven
Ps against the value proposition with a chart, and promotion-mix messages by audience; checks as the learner
writes; download, save and reopen. The model and every check are in :mod:`widgets.activities.offer_builder`;
a refused entry gets its message beside its form and every box keeps what the learner typed."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities import offer_builder as ob
from widgets.charts import show_in
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
    tool_tabs,
)

SPEC, NAME = "cim-l4-cx", "hartwell-offer"
esc = html.escape
NOT_RATED = "— not rated yet —"


def _hint(text_: str) -> w.HTML:
    return w.HTML(f"<p class='cx-hint'>{esc(text_)}</p>", layout=WIDE)


class OfferBuilderView(ActivityView):
    @classmethod
    def example(cls) -> OfferBuilderView:
        return cls(ob.load_offer_task(SPEC, NAME))

    def __init__(self, task: ob.OfferTask, part: str | None = None):
        super().__init__()
        self.task, self.part = task, ob.check_part(part)
        self.parts = ob.PARTS if part is None else (part,)
        self.work = ob.blank_work()
        self.start_blank, self.start_worked = button("Start blank"), button("Open the worked example")
        self.on_click(self.start_blank, lambda: self.replace(ob.blank_work(), "Blank offer and mix started."))
        self.on_click(self.start_worked, lambda: self.replace(self.task.worked, "Worked example opened: read it, "
                                                              "then start blank to write your own."))
        self.organisation = text("Organisation", self.work.organisation)
        self.group = text("Customer group", placeholder="the customer group the offer is for")
        self.org_msg, self.group_msg = w.HTML(layout=WIDE), w.HTML(layout=WIDE)
        self.on_change(self.organisation, lambda _c: self.update(
            self.org_msg, "Organisation updated.",
            lambda: ob.with_changes(self.work, organisation=self.organisation.value)), self.org_msg)
        self.on_change(self.group, lambda _c: self.update(
            self.group_msg, "Customer group updated.",
            lambda: ob.with_changes(self.work, customer_group=self.group.value)), self.group_msg)
        sections: list[w.Widget] = []
        if "offer" in self.parts:
            sections.append(self._offer_section())
        if "mix" in self.parts:
            sections.append(self._mix_section())
        if "messages" in self.parts:
            sections.append(self._messages_section())
        if len(sections) == 1:
            body: w.Widget = sections[0]
        else:
            body = tool_tabs(sections, [ob.PART_TITLES[p] for p in self.parts])
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Reopen saved work (.json)", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self.uploaded, self.upload_message)
        title = task.title + ("" if part is None else f": {ob.PART_TITLES[part]}")
        intro = " ".join(task.instructions.get(p, "") for p in self.parts) if part else (
            "Recommend an offer (4.1), discuss the marketing mix (4.2) and recommend promotion-mix messages (4.3) for "
            "your organisation. Choose a part from the tabs (use the arrow keys to move between tabs).")
        self.view = w.VBox([
            style_tag(), heading(title),
            w.HTML(f"<p>{esc(intro)} The checks flag common slips; the tool never writes your answer. Nothing is "
                   "saved on the server: download your work before you close the page.</p>", layout=WIDE),
            w.HBox([self.start_blank, self.start_worked]), self.organisation, self.org_msg, self.group,
            self.group_msg, body,
            heading("Save, reopen and download", 4), self.error, self.status, self.prepare, self.downloads,
            self.upload, self.upload_message])
        self.refresh()

    # -- sections
    def _offer_section(self) -> w.VBox:
        self.offer_boxes: dict[str, w.Textarea] = {}
        self.offer_msgs: dict[str, w.HTML] = {}
        rows: list[w.Widget] = [w.HTML(f"<p>{esc(self.task.instructions.get('offer', ''))}</p>", layout=WIDE)]
        for key, label in ob.LEVEL_LABELS.items():
            box = area(label, rows=3)
            msg = w.HTML(layout=WIDE)
            self.offer_boxes[key], self.offer_msgs[key] = box, msg
            self.on_change(box, lambda _c, k=key: self.update(
                self.offer_msgs[k], f"{ob.LEVEL_LABELS[k]} updated.",
                lambda: ob.with_offer(self.work, k, self.offer_boxes[k].value)), msg)
            rows += [box, _hint(ob.LEVEL_PROMPTS[key]), msg]
        self.offer_checks = w.HTML(layout=WIDE)
        return w.VBox([*rows, heading("Checks on your offer", 4), self.offer_checks])

    def _mix_section(self) -> w.VBox:
        self.vp_msg, self.fa_msg = w.HTML(layout=WIDE), w.HTML(layout=WIDE)
        self.mix_msgs: dict[str, w.HTML] = {}
        self.vp = area("Value proposition", rows=2)
        self.on_change(self.vp, lambda _c: self.update(
            self.vp_msg, "Value proposition updated.",
            lambda: ob.with_changes(self.work, value_proposition=self.vp.value)), self.vp_msg)
        rows: list[w.Widget] = [w.HTML(f"<p>{esc(self.task.instructions.get('mix', ''))}</p>", layout=WIDE),
                                self.vp, _hint("What the organisation promises this customer group, in a sentence."),
                                self.vp_msg]
        self.ratings: dict[str, w.Dropdown] = {}
        self.discussions: dict[str, w.Textarea] = {}
        options = [(NOT_RATED, "")] + [(r.capitalize(), r) for r in ob.RATINGS]
        for e in ob.ELEMENTS:
            label = ob.ELEMENT_LABELS[e]
            rating = dropdown(f"{label}: rating", options, "")
            talk = area(f"{label}: discussion", rows=2)
            msg = w.HTML(layout=WIDE)
            self.ratings[e], self.discussions[e], self.mix_msgs[e] = rating, talk, msg
            self.on_change(rating, lambda _c, k=e: self.update(
                self.mix_msgs[k], f"{ob.ELEMENT_LABELS[k]} rated.",
                lambda: ob.with_mix(self.work, k, rating=self.ratings[k].value)), msg)
            self.on_change(talk, lambda _c, k=e: self.update(
                self.mix_msgs[k], f"{ob.ELEMENT_LABELS[k]} discussion updated.",
                lambda: ob.with_mix(self.work, k, discussion=self.discussions[k].value)), msg)
            rows += [heading(label, 5), _hint(ob.ELEMENT_PROMPTS[e]), rating, talk, msg]
        self.for_against = area("For and against", rows=3)
        self.on_change(self.for_against, lambda _c: self.update(
            self.fa_msg, "Discussion updated.", lambda: ob.with_changes(self.work, for_against=self.for_against.value)),
            self.fa_msg)
        self.chart, self.chart_text = w.Output(layout=WIDE), w.HTML(layout=WIDE)
        self.mix_checks = w.HTML(layout=WIDE)
        return w.VBox([*rows, self.for_against, _hint("Where the mix supports the proposition, where it undermines "
                                                      "it, and what you conclude."),
                       self.fa_msg, heading("The mix against the proposition", 4), self.chart, self.chart_text,
                       heading("Checks on your mix", 4), self.mix_checks])

    def _messages_section(self) -> w.VBox:
        self.msg_msg = w.HTML(layout=WIDE)
        self.audience = dropdown("Audience", [(ob.AUDIENCE_LABELS[a], a) for a in ob.AUDIENCES], "new")
        self.channel_boxes = {c: w.Checkbox(value=False, description=ob.CHANNEL_LABELS[c], indent=False)
                              for c in ob.CHANNELS}
        self.role = dropdown("Role of the message (DRIP)", [(ob.ROLE_LABELS[r], r) for r in ob.ROLES], "inform")
        self.message = area("Message", rows=2)
        self.reason = area("Reason", rows=2)
        self.add = button("Add the message")
        self.on_click(self.add, self.add_message, self.msg_msg)
        self.chosen = dropdown("Messages", [])
        self.remove = button("Remove the selected message")
        self.on_click(self.remove, self.remove_message, self.msg_msg)
        self.msg_table, self.msg_checks = w.HTML(layout=WIDE), w.HTML(layout=WIDE)
        channels = w.VBox([w.HTML("<p><strong>Channels</strong> (choose one or more)</p>"),
                           *self.channel_boxes.values()], layout=WIDE)
        return w.VBox([w.HTML(f"<p>{esc(self.task.instructions.get('messages', ''))}</p>", layout=WIDE),
                       self.audience, channels, self.role,
                       _hint("Differentiate from competitors, remind, inform or persuade (Fill)."),
                       self.message, _hint("Write the message in your own words."), self.reason,
                       _hint("Why this message, role and channel suit this audience."), self.msg_msg, self.add,
                       self.chosen, self.remove, self.msg_table, heading("Checks on your messages", 4),
                       self.msg_checks])

    # -- changing the work: every change goes through the model, so a refusal leaves everything as it was
    def update(self, where: w.HTML, done: str, make) -> bool:
        if self._quiet:
            return False
        return self.apply_change(where, make, done, ask="Please check the message beside the box you changed.")

    def add_message(self) -> None:
        chosen = [c for c, box in self.channel_boxes.items() if box.value]
        if self.update(self.msg_msg, f"Message added for {ob.AUDIENCE_LABELS[self.audience.value].lower()}.",
                       lambda: ob.add_message(self.work, self.audience.value, chosen, self.role.value,
                                           self.message.value, self.reason.value)):
            self.message.value, self.reason.value = "", ""

    def remove_message(self) -> None:
        self.update(self.msg_msg, "Message removed.", lambda: ob.remove_message(self.work, self.chosen.value))

    def replace(self, work: ob.OfferWork, done: str) -> None:
        self.work = work
        with self._silent():
            self.organisation.value, self.group.value = work.organisation, work.customer_group
            if "offer" in self.parts:
                for key, box in self.offer_boxes.items():
                    box.value = getattr(work.offer, key)
            if "mix" in self.parts:
                self.vp.value, self.for_against.value = work.value_proposition, work.for_against
                for entry in work.mix:
                    self.ratings[entry.element].value = entry.rating
                    self.discussions[entry.element].value = entry.discussion
        for message in self._messages():
            message.value = ""
        self.refresh()
        self.say(done)

    def _messages(self) -> list[w.HTML]:
        found = [self.org_msg, self.group_msg, self.upload_message]
        for name in ("vp_msg", "fa_msg", "msg_msg"):
            if hasattr(self, name):
                found.append(getattr(self, name))
        for name in ("offer_msgs", "mix_msgs"):
            found += list(getattr(self, name, {}).values())
        return found

    # -- showing it
    def refresh(self) -> None:
        work = self.work
        if "offer" in self.parts:
            self.offer_checks.value = ob.notes_html(ob.offer_notes(work))
        if "mix" in self.parts:
            show_in(self.chart, ob.mix_chart(work))
            self.chart_text.value = f"<p><strong>Chart description:</strong> {esc(ob.mix_description(work))}</p>"
            self.mix_checks.value = ob.notes_html(ob.mix_notes(work))
        if "messages" in self.parts:
            self.chosen.options = [(f"{n}. {ob.AUDIENCE_LABELS[m.audience]}: {m.message[:50]}", n - 1)
                                   for n, m in enumerate(work.messages, 1)]
            self.chosen.value = None
            self.msg_table.value = ob.messages_html(work)
            self.msg_checks.value = ob.notes_html(ob.message_notes(work))
        if hasattr(self, "downloads"):
            self.downloads.value = ""

    def prepare_downloads(self) -> None:
        work = self.work
        self.downloads.value = download_links([
            ("offer-and-mix.html", "text/html", ob.document_html(work, self.part),
             "Download your work as a web page (.html)"),
            ("offer-and-mix.csv", "text/csv", ob.to_csv(work), "Download your work as a spreadsheet (.csv)"),
            ("offer-and-mix.json", "application/json", ob.to_json(work, self.task.id),
             "Save your work to reopen later (.json)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    def uploaded(self, change: dict) -> None:
        self.reopen(change, ob.from_json, self._opened, "offer and mix", work="work")

    def _opened(self, work: ob.OfferWork, name: str) -> None:
        self.replace(work, f"Reopened your work on “{work.organisation}” from {name}.")


def offer_builder_static(spec_id: str, name: str, part: str | None = None) -> str:
    """The book's static HTML for ``part`` (or all three) with the link to the live app."""
    from widgets.live import live_link_html

    task = ob.load_offer_task(spec_id, name)
    link = live_link_html("experience-design", "Open the live offer and mix builder to write your own offer, mix "
                                               "and messages, check them and download them")
    return ob.offer_builder_html(task, part, link)


def offer_builder_tab(spec_id: str, name: str) -> OfferBuilderView:
    """The view for a tab of the experience-design app (all three parts)."""
    return OfferBuilderView(ob.load_offer_task(spec_id, name))
