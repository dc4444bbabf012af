"""CRM explorer view (BTEC HN Unit 16, LO3): filter the guest database, plan a retention and an acquisition
campaign (consent enforced), see which type of CRM does each step, evaluate a CRM system with weights, scores
and reasons, download and reopen. It never writes a reason, objective or offer for the learner."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.common import build
from widgets.activities.crm_explorer import (
    Campaign,
    CrmPlan,
    CrmTask,
    Score,
    band_table_html,
    campaign_html,
    evaluation_html,
    new_campaign,
    new_plan,
)
from widgets.activities.guest_profiles import figures_table
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

KINDS = (("Retention campaign (guests who have stayed)", "retention"), ("Acquisition campaign (new guests)",
                                                                        "acquisition"))
SCORES = [("Not scored yet", 0)] + [(f"{n} – {w}", n) for n, w in
                                      ((1, "very poor"), (2, "poor"), (3, "adequate"), (4, "good"), (5, "very good"))]


class CrmExplorerView(ActivityView):
    @classmethod
    def example(cls) -> CrmExplorerView:
        from widgets.activities.crm_explorer import load_crm_task

        return cls(load_crm_task("hn-l4-u16", "millbrook-crm"))

    def __init__(self, task: CrmTask, plan: CrmPlan | None = None):
        super().__init__()
        self.task = task
        self.plan = plan or CrmPlan(organisation=task.organisation, scores=task.blank_scores())
        self.drafts: dict[str, Campaign] = {}  # unsaved forms of the campaign kind not shown
        self.kind = dropdown("Campaign", list(KINDS), "retention")
        self.on_change(self.kind, lambda c: self._kind_changed(c["old"]))
        self.builder = RuleBuilder(self, task, self._show_audience)
        self.audience = w.HTML(layout=WIDE)
        self.name = text("Campaign name", placeholder="e.g. Come back to York")
        self.channel = dropdown("Channel", [("", "")], "")
        self.on_change(self.channel, lambda _c: self._show_audience())
        self.texts = {"objective": area("Objective", rows=2), "offer": area("Offer", rows=2),
                      "measure": area("Measure (how you will know it worked)", rows=2)}
        self.save = button("Save this campaign", style="primary")
        self.on_click(self.save, self.save_campaign)
        self.campaigns = w.HTML(layout=WIDE)
        self.system = text("CRM system", value="")
        self.scores: dict[str, tuple[w.Text, w.Dropdown, w.Textarea, w.HTML]] = {}
        rows: list[w.Widget] = []
        for c in task.criteria_list:
            weight, pick = text(f"{c.label}: weight", value=f"{c.weight:g}"), dropdown(f"{c.label}: score", SCORES, 0)
            why, msg = area(f"{c.label}: your reason", rows=2), w.HTML(layout=WIDE)
            self.on_change(weight, lambda _c, c=c: self._read_weight(c.id), msg)
            self.scores[c.id] = (weight, pick, why, msg)
            rows += [w.HTML(f"<p class='cx-hint'>{esc(c.label)}: {esc(c.explanation)}</p>", layout=WIDE), weight, msg,
                     pick, why]
        self.conclusion = area("Your conclusion", rows=4)
        self.score_button = button("Work out the weighted score")
        self.on_click(self.score_button, self.work_out)
        self.result = w.HTML(layout=WIDE)
        self.prepare, self.downloads = button("Prepare files to download"), w.HTML(layout=WIDE)
        self.on_click(self.prepare, self.prepare_downloads)
        self.example_button = button("Open the worked example")
        self.on_click(self.example_button, self.open_example)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Open a saved plan", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self._uploaded, self.upload_message)
        types = "".join(f"<li><strong>{esc(t.label)}</strong>: {esc(t.explanation)}</li>" for t in task.crm_types)
        self.view = w.VBox([
            style_tag(), heading(task.title), w.HTML(f"<p>{esc(task.instructions)}</p><ul>{types}</ul>", layout=WIDE),
            heading("1. Segment the guest database", 4), w.HTML(band_table_html(task), layout=WIDE), self.kind,
            self.builder.box, self.audience, heading("2. Plan the campaign", 4),
            w.HTML(f"<p class='cx-hint'>Consent: {esc(task.consent_rule)}</p>", layout=WIDE), self.name, self.channel,
            *self.texts.values(), self.save, self.error, self.status, self.campaigns,
            heading("3. Evaluate a CRM system", 4), self.system, *rows, self.conclusion, self.score_button, self.result,
            heading("Save and open", 4), self.prepare, self.downloads, w.HBox([self.upload, self.example_button]),
            self.upload_message])
        self._kind_changed()
        self._render()

    # -- campaigns ------------------------------------------------------------------------------------------
    def _kind_changed(self, old: str | None = None) -> None:
        """Show the campaign of the chosen kind: the learner's unsaved draft of it if there is one, else the
        saved campaign; the form just left is kept as a draft, so switching loses nothing."""
        if self._quiet:
            return
        if old in ("retention", "acquisition"):
            self.drafts[old] = Campaign.model_construct(
                kind=old, name=self.name.value, rules=list(self.builder.rules), channel=self.channel.value,
                **{k: box.value for k, box in self.texts.items()})
        kind = self.kind.value
        shown = self.drafts.pop(kind, None) or self.plan.campaigns.get(kind)
        with self._silent():
            self.channel.options = [("Choose a channel…", "")] + [(c.label, c.id) for c in self.task.channels_for(kind)]
            known = shown is not None and any(shown.channel == v for _l, v in self.channel.options)
            self.channel.value = shown.channel if known else ""
        self.name.value = shown.name if shown else ""
        self.builder.set_rules(shown.rules if shown else [])
        for key, box in self.texts.items():
            box.value = getattr(shown, key) if shown else ""
        self._show_audience()

    def _show_audience(self) -> None:
        if self._quiet:
            return
        if not self.builder.rules:
            self.audience.value = "<p>Add a rule to see the audience.</p>"
            return
        try:
            a = self.task.audience(self.builder.rules, self.channel.value)
        except ValueError as exc:
            self.audience.value = error_html(str(exc))
            return
        table = figures_table(["Audience"], [a.figures], "The audience in figures")
        self.audience.value = (f"<p><strong>{a.figures.size:,} guests</strong> meet every rule; <strong>"
                               f"{a.reachable:,}</strong> can be reached. {esc(a.note)}</p>{table}")

    def _form_campaign(self) -> Campaign:
        campaign = new_campaign(self.kind.value, self.name.value, self.builder.rules, self.channel.value,
                                {k: box.value for k, box in self.texts.items()})
        return self.task.check_campaign(campaign)

    def save_campaign(self) -> None:
        try:
            campaign = self._form_campaign()
            plan = new_plan(self.plan.organisation, {**self.plan.campaigns, campaign.kind: campaign}, self.plan.system,
                            self.plan.scores, self.plan.conclusion)
        except ValueError as exc:
            self.fail(exc)
            return
        self.clear_error()
        self.plan = plan
        self._render()
        self.say(f"Saved the {campaign.kind} campaign “{campaign.name}”.")

    # -- the evaluation -----------------------------------------------------------------------------------------
    def _read_weight(self, cid: str) -> float | None:
        weight, _pick, _why, msg = self.scores[cid]
        try:
            value = self.task.read_weight(weight.value, next(c.label for c in self.task.criteria_list if c.id == cid))
        except ValueError as exc:
            self.fail(exc, msg)
            return None
        msg.value = ""
        return value

    def _form_scores(self) -> dict[str, Score]:
        scores = {}
        for c in self.task.criteria_list:
            weight = self._read_weight(c.id)
            if weight is None:
                raise ValueError(f"{c.label}: the weight is not a number from 0 to 100 (see the message beside it).")
            _w, pick, why, _m = self.scores[c.id]
            scores[c.id] = build(Score, weight=weight, score=pick.value or None, reason=why.value.strip())
        return scores

    def _form_plan(self) -> CrmPlan:
        plan = new_plan(self.plan.organisation, self.plan.campaigns, self.system.value, self._form_scores(),
                        self.conclusion.value)
        self.task.check_scores(plan)
        return plan

    def work_out(self) -> None:
        try:
            self.plan = self._form_plan()
        except ValueError as exc:
            self.fail(exc, self.result)
            return
        self.result.value = evaluation_html(self.task, self.plan)
        ws = self.task.weighted_score(self.plan)
        self.say("No criterion scored yet." if ws is None else f"Weighted score: {ws:.2f} out of 5.")

    def _render(self) -> None:
        parts = [campaign_html(self.task, c) for c in self.plan.campaigns.values()]
        self.campaigns.value = "".join(parts) or "<p>No campaign saved yet.</p>"
        self.result.value = evaluation_html(self.task, self.plan) if self.task.weighted_score(self.plan) else ""
        self.downloads.value = ""

    # -- saving and opening --------------------------------------------------------------------------------------
    def prepare_downloads(self) -> None:
        try:
            self.plan = self._form_plan()
        except ValueError as exc:
            self.fail(exc)
            return
        task, plan = self.task, self.plan
        self.downloads.value = download_links([
            ("crm-plan.csv", "text/csv", task.to_csv(plan), "Download the plan as a spreadsheet (.csv)"),
            ("crm-plan.html", "text/html", task.document_html(plan), "Download it as a web page (.html)"),
            ("crm-plan.json", "application/json", task.to_json(plan), "Download it to open again later (.json)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    def _open(self, plan: CrmPlan, where: str) -> None:
        self.plan, self.drafts = plan, {}
        self.system.value, self.conclusion.value = plan.system, plan.conclusion
        for cid, (weight, pick, why, msg) in self.scores.items():
            s = plan.scores.get(cid) or Score(weight=next(c.weight for c in self.task.criteria_list if c.id == cid))
            weight.value, pick.value, why.value, msg.value = f"{s.weight:g}", s.score or 0, s.reason, ""
        self._kind_changed()
        self._render()
        self.say(f"Opened the plan from {where}: {len(plan.campaigns)} campaign(s).")

    def open_example(self) -> None:
        self._open(self.task.worked_example, "the worked example")

    def _uploaded(self, change) -> None:
        self.reopen(change, self.task.from_json, self._open, "CRM plan")
