"""Segment evaluator view (CIM L3 Customer Communications 1.2): segments by rules, evidence from the data,
ratings with reasons, comparison, targeting, downloads, reopening. It never writes a reason for the learner."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.common import Rule, build
from widgets.activities.segments import (
    MAX_RULES,
    MAX_SEGMENTS,
    RATINGS,
    CriterionRating,
    Evaluation,
    Segment,
    SegmentTask,
    comparison_html,
    new_segment,
    notes_html,
    segment_html,
    segments_chart,
)
from widgets.charts import show_in
from widgets.ui.activities.common import (
    STYLE,
    WIDE,
    ActivityView,
    area,
    button,
    download_links,
    dropdown,
    esc,
    heading,
    show_rule_inputs,
    style_tag,
    text,
)
from widgets.ui.common import error_html

NEW = -1


class SegmentEvaluatorView(ActivityView):
    @classmethod
    def example(cls) -> SegmentEvaluatorView:
        from widgets.activities.segments import load_segment_task

        return cls(load_segment_task("cim-l3-cc", "kettleby-segments"))

    def __init__(self, task: SegmentTask, evaluation: Evaluation | None = None):
        super().__init__()
        self.task = task
        self.evaluation = evaluation or Evaluation(organisation=task.organisation)
        self.rules: list[Rule] = []  # the rules of the segment being edited
        self.chooser = dropdown("Segment", [("New segment", NEW)], NEW)
        self.on_change(self.chooser, lambda _c: self._chosen())
        self.name = text("Segment name", placeholder="e.g. Pod-owning ethical subscribers")
        self.market = dropdown("Market", [(m.label, k) for k, m in task.markets.items()], "consumer")
        self.on_change(self.market, lambda _c: self._market_changed())
        self.column = dropdown("Segment by", [("", "")])
        self.on_change(self.column, lambda _c: self._column_changed())
        self.values = w.SelectMultiple(description="Values (choose one or more)", rows=6, style=STYLE,
                                       layout=w.Layout(width="100%", max_width="46rem"))  # its own: it is hidden
        self.low, self.high = text("From (lowest)"), text("To (highest)")
        self.rule_message = w.HTML(layout=WIDE)
        for box in (self.low, self.high):
            box.layout = w.Layout(width="100%", max_width="46rem")  # its own: hidden for category columns
            self.on_change(box, lambda _c: self._read_range(), self.rule_message)
        self.add_rule, self.drop_rule = button("Add this rule"), button("Remove the last rule")
        self.on_click(self.add_rule, self.add_this_rule, self.rule_message)
        self.on_click(self.drop_rule, self.remove_last_rule, self.rule_message)
        self.rules_html, self.evidence = w.HTML(layout=WIDE), w.HTML(layout=WIDE)
        self.ratings: dict[str, tuple[w.Dropdown, w.Textarea]] = {}
        rating_boxes: list[w.Widget] = []
        for c in task.criteria_list:
            pick = dropdown(c.label, [("Not rated yet", "")] + [(v, k) for k, v in RATINGS.items()], "")
            why = area(f"{c.label}: your reason", rows=2)
            self.ratings[c.id] = (pick, why)
            rating_boxes += [w.HTML(f"<p class='cx-hint'>{esc(c.label)}: {esc(c.explanation)}</p>", layout=WIDE),
                             pick, why]
        self.save, self.delete = button("Save this segment", style="primary"), button("Remove this segment")
        self.on_click(self.save, self.save_segment)
        self.on_click(self.delete, self.remove_segment)
        self.comparison, self.chart = w.HTML(layout=WIDE), w.Output(layout=WIDE)
        self.strategy = dropdown("Targeting strategy", [("Choose a strategy…", "")]
                                 + [(s.label, s.id) for s in task.strategies], "")
        self.targets = w.SelectMultiple(description="Segments to target", rows=4, style=STYLE, layout=WIDE)
        self.reasons = area("Reasons for your strategy", rows=4)
        self.check = button("Check my targeting")
        self.on_click(self.check, self.check_targeting)
        self.notes = w.HTML(layout=WIDE)
        self.prepare, self.downloads = button("Prepare files to download"), w.HTML(layout=WIDE)
        self.on_click(self.prepare, self.prepare_downloads)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Open a saved evaluation", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self._uploaded, self.upload_message)
        strategies = "".join(f"<li><strong>{esc(s.label)}</strong>: {esc(s.explanation)}</li>" for s in task.strategies)
        self.view = w.VBox([
            style_tag(), heading(task.title), w.HTML(f"<p>{esc(task.instructions)}</p>", layout=WIDE),
            w.HTML("".join(f"<p class='cx-hint'>{esc(m.label)}: {esc(m.sample_note)}.</p>"
                           for m in task.markets.values()), layout=WIDE),
            self.chooser, self.name, self.market, heading("Rules", 4), self.column, self.values, self.low, self.high,
            w.HBox([self.add_rule, self.drop_rule]), self.rule_message, self.rules_html,
            heading("Evidence from the data", 4), self.evidence, heading("Rate the segment", 4), *rating_boxes,
            w.HBox([self.save, self.delete]), self.error, self.status, heading("Segments side by side", 4),
            self.comparison, self.chart, heading("Targeting", 4), w.HTML(f"<ul>{strategies}</ul>", layout=WIDE),
            self.strategy, self.targets, self.reasons, self.check, self.notes, heading("Save and open", 4),
            self.prepare, self.downloads, self.upload, self.upload_message])
        self._market_changed()
        self._render()

    # -- the rule being built ------------------------------------------------------------------------------
    def _market_changed(self) -> None:
        cols = self.task.columns_for(self.market.value)
        with self._silent():
            self.column.options = [(self.task.column_label(c), c.column) for c in cols]
            self.column.value = cols[0].column
        self._column_changed()
        self._show_rules()

    def _column_changed(self) -> None:
        show_rule_inputs(self.task, self.column.value, self.values, self.low, self.high)
        self.rule_message.value = ""

    def _read_range(self) -> None:
        try:
            self.task.read_range(self.column.value, self.low.value, self.high.value)
        except ValueError as exc:
            self.fail(exc, self.rule_message)
            return
        self.rule_message.value = ""

    def add_this_rule(self) -> None:
        try:
            rule = self.task.make_rule(self.market.value, self.column.value, self.values.value, self.low.value,
                                       self.high.value)
            if len(self.rules) >= MAX_RULES:
                raise ValueError(f"A segment can have at most {MAX_RULES} rules: remove one first.")
        except ValueError as exc:
            self.fail(exc, self.rule_message)
            return
        self.rules.append(rule)
        self._show_rules()
        self.say(f"Rule added: {self.task.describe_rule(rule)}.")

    def remove_last_rule(self) -> None:
        if self.rules:
            gone = self.rules.pop()
            self.say(f"Rule removed: {self.task.describe_rule(gone)}.")
        self._show_rules()

    def _show_rules(self) -> None:
        if not self.rules:
            self.rules_html.value = "<p>No rules yet: choose a column and values, then press “Add this rule”.</p>"
            self.evidence.value = ""
            return
        items = "".join(f"<li>{esc(self.task.describe_rule(r))}</li>" for r in self.rules)
        self.rules_html.value = f"<p>Customers who meet every rule:</p><ul>{items}</ul>"
        try:
            probe = Segment(name=self.name.value.strip()[:80] or "This segment", market=self.market.value,
                            rules=self.rules)
            self.evidence.value = segment_html(self.task, probe).split("<table", 1)[0]
        except ValueError as exc:
            self.evidence.value = error_html(str(exc))

    # -- segments --------------------------------------------------------------------------------------------
    def _form_segment(self) -> Segment:
        ratings = {cid: (pick.value or None, why.value) for cid, (pick, why) in self.ratings.items()}
        return self.task.check_segment(new_segment(self.name.value, self.market.value, self.rules, ratings))

    def save_segment(self) -> None:
        try:
            segment = self._form_segment()
            segments = list(self.evaluation.segments)
            index = self.chooser.value
            if index == NEW:
                if len(segments) >= MAX_SEGMENTS:
                    raise ValueError(f"You can compare at most {MAX_SEGMENTS} segments: remove one first.")
                segments.append(segment)
                index = len(segments) - 1
            else:
                segments[index] = segment
            evaluation = Evaluation(**{**self.evaluation.model_dump(), "segments": [s.model_dump() for s in segments]})
        except ValueError as exc:
            self.fail(exc)
            return
        self.clear_error()
        self.evaluation = evaluation
        self._render(select=index)
        self.say(f"Saved “{segment.name}”: {len(self.evaluation.segments)} of {MAX_SEGMENTS} segments.")

    def remove_segment(self) -> None:
        index = self.chooser.value
        if index == NEW:
            self.fail("Choose a saved segment in the list first.")
            return
        gone = self.evaluation.segments[index]
        keep = [s.model_dump() for i, s in enumerate(self.evaluation.segments) if i != index]
        targets = [t for t in self.evaluation.targets if t != gone.name]
        self.evaluation = Evaluation(**{**self.evaluation.model_dump(), "segments": keep, "targets": targets})
        self._render(select=NEW)
        self.say(f"Removed “{gone.name}”.")

    def _chosen(self) -> None:
        if self._quiet:
            return
        index = self.chooser.value
        segment = None if index == NEW else self.evaluation.segments[index]
        self._fill(segment)
        self.say("A new, empty segment." if segment is None else f"Showing “{segment.name}”.")

    def _fill(self, segment: Segment | None) -> None:
        self.name.value = segment.name if segment else ""
        self.market.value = segment.market if segment else "consumer"
        self.rules = list(segment.rules) if segment else []
        self._market_changed()
        for cid, (pick, why) in self.ratings.items():
            rated = (segment.ratings.get(cid) if segment else None) or CriterionRating()
            pick.value, why.value = rated.rating or "", rated.reason

    def _render(self, select: int | None = None) -> None:
        segments = self.evaluation.segments
        with self._silent():
            self.chooser.options = [("New segment", NEW)] + [(s.name, i) for i, s in enumerate(segments)]
            if select is not None:
                self.chooser.value = select
            self.targets.options = [s.name for s in segments]
            self.targets.value = tuple(t for t in self.evaluation.targets if t in self.targets.options)
            self.strategy.value = self.evaluation.strategy or ""
            self.reasons.value = self.evaluation.strategy_reasons
        self.comparison.value = comparison_html(self.task, self.evaluation)
        show_in(self.chart, *([segments_chart(self.task, self.evaluation)] if segments else []))
        self.downloads.value = ""

    # -- targeting, saving and opening ------------------------------------------------------------------------
    def _with_strategy(self) -> Evaluation:
        data = {**self.evaluation.model_dump(), "strategy": self.strategy.value or None,
                "targets": list(self.targets.value), "strategy_reasons": self.reasons.value.strip()}
        return build(Evaluation, **data)  # a ValueError in plain words

    def check_targeting(self) -> None:
        try:
            self.evaluation = self._with_strategy()
        except ValueError as exc:
            self.fail(exc, self.notes)
            return
        notes = self.task.strategy_notes(self.evaluation)
        self.notes.value = notes_html(notes)
        self.say(f"Targeting checked: {sum(n.level == 'problem' for n in notes)} thing(s) to fix.")

    def prepare_downloads(self) -> None:
        try:
            self.evaluation = self._with_strategy()
        except ValueError as exc:
            self.fail(exc)
            return
        task, ev = self.task, self.evaluation
        self.downloads.value = download_links([
            ("segment-evaluation.csv", "text/csv", task.to_csv(ev), "Download the evaluation as a spreadsheet (.csv)"),
            ("segment-evaluation.html", "text/html", task.document_html(ev), "Download it as a web page (.html)"),
            ("segment-evaluation.json", "application/json", task.to_json(ev),
             "Download it to open again later (.json)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    def _uploaded(self, change) -> None:
        self.reopen(change, self.task.evaluation_from_json, self._open, "evaluation", work="evaluation")

    def _open(self, evaluation: Evaluation, name: str) -> None:
        self.evaluation = evaluation
        self._render(select=NEW)
        self._fill(None)
        self.say(f"Opened {len(evaluation.segments)} segment(s) from {name}.")
