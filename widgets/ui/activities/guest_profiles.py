"""Segment profile view (BTEC HN Unit 16, LO1): groups of guests by segment or rules, figures from the data,
the learner's profile of each (five parts, all required), the groups side by side, downloads and reopening.
It never writes any part of a profile for the learner."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.common import Rule
from widgets.activities.guest_profiles import (
    FIELDS,
    MAX_PROFILES,
    Profile,
    ProfileSet,
    ProfileTask,
    comparison_html,
    figures_table,
    new_profile,
    profiles_chart,
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
)
from widgets.ui.common import error_html
from widgets.ui.guest_insight import RuleBuilder

NEW = -1


class SegmentProfileView(ActivityView):
    @classmethod
    def example(cls) -> SegmentProfileView:
        from widgets.activities.guest_profiles import load_profile_task

        return cls(load_profile_task("hn-l4-u16", "millbrook-segments"))

    def __init__(self, task: ProfileTask, profiles: ProfileSet | None = None):
        super().__init__()
        self.task = task
        self.profiles = profiles or ProfileSet(organisation=task.organisation)
        self.chooser = dropdown("Group", [("New group", NEW)], NEW)
        self.on_change(self.chooser, lambda _c: self._chosen())
        self.segment = dropdown("Start from a segment", [("Choose a segment…", "")]
                                + [(s, s) for s in task.segments()], "")
        self.use_segment = button("Use this segment")
        self.segment_message = w.HTML(layout=WIDE)
        self.on_click(self.use_segment, self.start_from_segment, self.segment_message)
        self.name = text("Group name", placeholder="e.g. Leisure couples at York")
        self.builder = RuleBuilder(self, task, self._show_figures)
        self.figures = w.HTML(layout=WIDE)
        self.texts: dict[str, w.Textarea] = {}
        boxes: list[w.Widget] = []
        for fid in FIELDS:
            info = task.field(fid)
            self.texts[fid] = area(info.label, rows=3)
            hint = w.HTML(f"<p class='cx-hint'>{esc(info.label)}: {esc(info.hint)}</p>", layout=WIDE)
            boxes += [hint, self.texts[fid]]
        self.save, self.delete = button("Save this group", style="primary"), button("Remove this group")
        self.on_click(self.save, self.save_profile)
        self.on_click(self.delete, self.remove_profile)
        self.comparison, self.chart = w.HTML(layout=WIDE), w.Output(layout=WIDE)
        self.evaluation = area("Your evaluation of the groups", rows=5,
                               placeholder="How do the groups' needs, expectations and engagement differ?")
        self.prepare, self.downloads = button("Prepare files to download"), w.HTML(layout=WIDE)
        self.on_click(self.prepare, self.prepare_downloads)
        self.example_button = button("Open the worked example")
        self.on_click(self.example_button, self.open_example)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Open saved profiles", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self._uploaded, self.upload_message)
        self.view = w.VBox([
            style_tag(), heading(task.title), w.HTML(f"<p>{esc(task.instructions)}</p>", layout=WIDE), self.chooser,
            w.HBox([self.segment, self.use_segment]), self.segment_message, self.name,
            heading("Rules: who is in the group", 4), self.builder.box, heading("Figures from the data", 4),
            self.figures, heading("Your profile of the group", 4), *boxes, w.HBox([self.save, self.delete]),
            self.error, self.status, heading("Groups side by side", 4), self.comparison, self.chart,
            self.evaluation, heading("Save and open", 4), self.prepare, self.downloads,
            w.HBox([self.upload, self.example_button]), self.upload_message])
        self._render()
        self._show_figures()

    # -- the group being edited ---------------------------------------------------------------------------
    def start_from_segment(self) -> None:
        if not self.segment.value:
            self.fail("Choose a segment in the list first.", self.segment_message)
            return
        self.segment_message.value = ""
        self.builder.set_rules([Rule(column=self.task.segment_column, values=[self.segment.value])])
        if not self.name.value.strip():
            self.name.value = self.segment.value
        self._show_figures()
        self.say(f"The group is now every guest in the {self.segment.value} segment; add rules to narrow it.")

    def _show_figures(self) -> None:
        rules = self.builder.rules
        if not rules:
            self.figures.value = "<p>Choose a segment or add a rule to see the figures.</p>"
            return
        try:
            label = self.name.value.strip()[:80] or "This group"
            self.figures.value = figures_table([label], [self.task.figures(rules)], f"{label}: figures from the data")
        except ValueError as exc:
            self.figures.value = error_html(str(exc))

    def _form(self) -> Profile:
        profile = new_profile(self.name.value, self.builder.rules, {f: box.value for f, box in self.texts.items()})
        return self.task.check_profile(profile)

    def save_profile(self) -> None:
        try:
            profile = self._form()
            items, index = list(self.profiles.profiles), self.chooser.value
            if index == NEW:
                if len(items) >= MAX_PROFILES:
                    raise ValueError(f"You can compare at most {MAX_PROFILES} groups: remove one first.")
                items.append(profile)
                index = len(items) - 1
            else:
                items[index] = profile
            profiles = self._with(items)
        except ValueError as exc:
            self.fail(exc)
            return
        self.clear_error()
        self.profiles = profiles
        self._render(select=index)
        self.say(f"Saved “{profile.name}”: {len(profiles.profiles)} of {MAX_PROFILES} groups.")

    def _with(self, items: list[Profile]) -> ProfileSet:
        from widgets.activities.common import build

        return build(ProfileSet, organisation=self.profiles.organisation, profiles=[p.model_dump() for p in items],
                     comparison=self.evaluation.value.strip())

    def remove_profile(self) -> None:
        index = self.chooser.value
        if index == NEW:
            self.fail("Choose a saved group in the list first.")
            return
        gone = self.profiles.profiles[index]
        self.profiles = self.profiles.model_copy(update={"profiles": [p for i, p in enumerate(self.profiles.profiles)
                                                                      if i != index]})
        self._render(select=NEW)
        self._fill(None)
        self.say(f"Removed “{gone.name}”.")

    def _chosen(self) -> None:
        if self._quiet:
            return
        index = self.chooser.value
        profile = None if index == NEW else self.profiles.profiles[index]
        self._fill(profile)
        self.say("A new, empty group." if profile is None else f"Showing “{profile.name}”.")

    def _fill(self, profile: Profile | None) -> None:
        self.name.value = profile.name if profile else ""
        self.builder.set_rules(profile.rules if profile else [])
        for fid, box in self.texts.items():
            box.value = getattr(profile, fid) if profile else ""
        self._show_figures()

    def _render(self, select: int | None = None) -> None:
        with self._silent():
            self.chooser.options = [("New group", NEW)] + [(p.name, i) for i, p in enumerate(self.profiles.profiles)]
            if select is not None:
                self.chooser.value = select
        self.comparison.value = comparison_html(self.task, self.profiles)
        show_in(self.chart, *([profiles_chart(self.task, self.profiles)] if self.profiles.profiles else []))
        self.downloads.value = ""

    # -- saving and opening ------------------------------------------------------------------------------
    def prepare_downloads(self) -> None:
        try:
            self.profiles = self._with(list(self.profiles.profiles))
        except ValueError as exc:
            self.fail(exc)
            return
        task, ps = self.task, self.profiles
        self.downloads.value = download_links([
            ("segment-profiles.csv", "text/csv", task.to_csv(ps), "Download the profiles as a spreadsheet (.csv)"),
            ("segment-profiles.html", "text/html", task.document_html(ps), "Download them as a web page (.html)"),
            ("segment-profiles.json", "application/json", task.to_json(ps),
             "Download them to open again later (.json)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    def _open(self, profiles: ProfileSet, where: str) -> None:
        self.profiles = profiles
        self.evaluation.value = profiles.comparison
        self._render(select=NEW)
        self._fill(None)
        self.say(f"Opened {len(profiles.profiles)} group(s) from {where}.")

    def open_example(self) -> None:
        self._open(self.task.worked_example, "the worked example")

    def _uploaded(self, change) -> None:
        self.reopen(change, self.task.from_json, self._open, "profiles file")
