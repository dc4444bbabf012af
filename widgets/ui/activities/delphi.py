"""The Delphi panel's live view (CIM L6, criterion 2.3): the learner sets a stopping rule, runs rounds of a
scripted anonymous panel choosing the feedback and a clarifying question each time, reads the median, quartiles
and IQR, judges consensus and when to stop, and downloads, saves and reopens the run. The rounds, every check
and the feedback are in :mod:`widgets.activities.delphi`; a refused entry gets its message beside its field and
every box keeps what the learner typed."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.delphi import (
    FEEDBACK,
    MAX_FILE_BYTES,
    VERDICT_HELP,
    VERDICTS,
    DelphiRun,
    DelphiTask,
    document_html,
    dot_plot,
    from_json,
    history_html,
    load_delphi,
    make_rule,
    new_run,
    next_round,
    panel_feedback_html,
    panel_html,
    read_max_rounds,
    read_threshold,
    round_table_html,
    run_rounds,
    stop,
    summary_html,
    to_csv,
    to_json,
    with_rule,
)
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
    tools_app,
)
from widgets.ui.common import error_html

COMBINE = [("both parts are met (IQR and median)", "both"), ("either part is met", "either")]
NO_QUESTION = ("No question this round", "")


class DelphiView(ActivityView):
    @classmethod
    def example(cls) -> DelphiView:
        return cls(load_delphi("cim-l6-cjo", "fern-delphi"))

    def __init__(self, task: DelphiTask):
        super().__init__()
        self.task = task
        self.run = new_run(task)
        rule = task.default_rule
        # 1. stopping rule
        self.max_iqr = text("IQR at most (points)", f"{rule.max_iqr:g}")
        self.max_change = text("Median moves at most (points)", f"{rule.max_median_change:g}")
        self.combine = dropdown("Stop when", COMBINE, rule.combine)
        self.max_rounds = text("Most rounds (2 to 6)", str(rule.max_rounds))
        self.iqr_msg, self.change_msg, self.rounds_msg = (w.HTML(layout=WIDE) for _ in range(3))
        self.rule_msg = w.HTML(layout=WIDE)
        for box, msg in ((self.max_iqr, self.iqr_msg), (self.max_change, self.change_msg),
                         (self.max_rounds, self.rounds_msg), (self.combine, self.rule_msg)):
            self.on_change(box, lambda _c, b=box, m=msg: self.rule_changed(b, m), msg)
        self.rule_line = w.HTML(layout=WIDE)
        # 2. rounds
        self.chart = w.Output(layout=WIDE)
        self.history, self.table = w.HTML(layout=WIDE), w.HTML(layout=WIDE)
        # 3. next round
        self.feedback = dropdown("Feedback to the panel", [(v, k) for k, v in FEEDBACK.items()], task.default_feedback)
        self.question = dropdown("Clarifying question", [NO_QUESTION])
        self.preview = w.HTML(layout=WIDE)
        self.on_change(self.feedback, lambda _c: self.show_preview())
        self.next_msg = w.HTML(layout=WIDE)
        self.run_next = button("Run the next round", style="primary")
        self.on_click(self.run_next, self.next_round, self.next_msg)
        self.answer = w.HTML(layout=WIDE)
        # 4. judgement
        verdicts = [("Choose…", "")] + [(f"{v}: {VERDICT_HELP[v]}", v) for v in VERDICTS]
        self.verdict = dropdown("Your judgement", verdicts, "")
        self.judgement = area("Your judgement of consensus, with reasons", rows=4,
                              placeholder="What do the rounds show: consensus, conformity or stable disagreement? Why?")
        self.stop_reason = area("Why stop now", rows=3,
                                placeholder="Which part of your rule is met, or why stop anyway?")
        self.verdict_msg, self.judgement_msg, self.stop_msg = (w.HTML(layout=WIDE) for _ in range(3))
        self.stop_button = button("Stop and show the summary")
        self.on_click(self.stop_button, self.stop_panel, self.stop_msg)
        self.summary = w.HTML(layout=WIDE)
        # start again, worked run, files
        self.restart, self.worked = button("Start again"), button("Open the worked example")
        self.on_click(self.restart, self.start_again)
        self.on_click(self.worked, self.show_worked)
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Reopen a saved run (.json)", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self.uploaded, self.upload_message)
        self.view = w.VBox([
            style_tag(), heading(task.title), w.HTML(f"<p>{html.escape(task.instructions)}</p>", layout=WIDE),
            w.HTML(panel_html(task), layout=WIDE), w.HBox([self.restart, self.worked]),
            heading("1. Your stopping rule (set it before round 2)", 4),
            self.max_iqr, self.iqr_msg, self.max_change, self.change_msg, self.combine, self.rule_msg,
            self.max_rounds, self.rounds_msg, self.rule_line,
            heading("2. The rounds", 4), self.chart, self.history, self.table,
            heading("3. The next round", 4), self.feedback, self.question,
            w.HTML("<p class='cx-hint'>What the panel will be shown:</p>", layout=WIDE), self.preview,
            self.next_msg, self.run_next, self.answer,
            heading("4. Your judgement and when to stop", 4), self.verdict, self.verdict_msg, self.judgement,
            self.judgement_msg, self.stop_reason, self.stop_msg, self.stop_button, self.summary,
            heading("Save, reopen and download", 4), self.error, self.status, self.prepare, self.downloads,
            self.upload, self.upload_message])
        self.refresh()

    # -- the stopping rule: each box checked as it changes; the rule changes only when all four are valid
    def rule_changed(self, box: w.Widget, msg: w.HTML) -> None:
        if self._quiet:
            return
        readers = {self.max_iqr: lambda v: read_threshold(v, "IQR at most (points)"),
                   self.max_change: lambda v: read_threshold(v, "Median moves at most (points)"),
                   self.max_rounds: read_max_rounds}
        if box in readers:
            try:
                readers[box](box.value)
            except ValueError as exc:
                msg.value = error_html(f"{exc} Your rule is unchanged: {self.run.rule.describe()}.")
                self.say("Please check the message beside the box you changed.")
                return
        msg.value = ""
        try:
            rule = read_threshold(self.max_iqr.value, "IQR"), read_threshold(self.max_change.value, "Median")
            rounds = read_max_rounds(self.max_rounds.value)
        except ValueError:
            return  # another box still has its own message
        try:
            self.run = with_rule(self.run, make_rule(rule[0], rule[1], self.combine.value, rounds))
        except ValueError as exc:
            msg.value = error_html(f"{exc} Your rule is unchanged: {self.run.rule.describe()}.")
            self.say("Please check the message beside the box you changed.")
            return
        self.refresh()
        self.say("Stopping rule set: " + self.run.rule.describe() + ".")

    def fill_rule(self) -> None:
        rule = self.run.rule
        with self._silent():
            self.max_iqr.value, self.max_change.value = f"{rule.max_iqr:g}", f"{rule.max_median_change:g}"
            self.combine.value, self.max_rounds.value = rule.combine, str(rule.max_rounds)
        locked = bool(self.run.choices)
        for box in (self.max_iqr, self.max_change, self.combine, self.max_rounds):
            box.disabled = locked
        for msg in (self.iqr_msg, self.change_msg, self.rule_msg, self.rounds_msg):
            msg.value = ""

    # -- rounds
    def next_round(self) -> None:
        if not self.run.choices and any(m.value for m in (self.iqr_msg, self.change_msg, self.rounds_msg)):
            self.next_msg.value = error_html("Your stopping rule has a box to correct first (see the message beside "
                                             "it): the rule must be settled before round 2.")
            self.say("Please check the message beside the button.")
            return
        try:
            run = next_round(self.task, self.run, self.feedback.value, self.question.value or "")
        except ValueError as exc:
            self.next_msg.value = error_html(str(exc))
            self.say("Please check the message beside the button.")
            return
        self.next_msg.value = ""
        asked = run.choices[-1].question
        self.run = run
        self.refresh()
        self.answer.value = ("" if not asked else
                             f"<p><strong>Answer given to the panel:</strong> "
                             f"{html.escape(self.task.question_by_id(asked).answer)}</p>")
        rounds = run_rounds(self.task, run)
        self.say(f"Round {rounds[-1].number} done: median {rounds[-1].summary.median:g}, IQR "
                 f"{rounds[-1].summary.iqr:g}. {rounds[-1].stop_why}")

    def stop_panel(self) -> None:
        for m in (self.verdict_msg, self.judgement_msg, self.stop_msg):
            m.value = ""
        problems = [(self.verdict_msg, "Choose your judgement: consensus, conformity, stable disagreement or no "
                                       "agreement yet.") if not self.verdict.value else None,
                    (self.judgement_msg, "Write your judgement of consensus with its reasons: what do the rounds "
                                         "show, and why?") if not self.judgement.value.strip() else None,
                    (self.stop_msg, "Write why you stop now: which part of your stopping rule is met, or why you "
                                    "stop anyway.") if not self.stop_reason.value.strip() else None]
        problems = [p for p in problems if p]
        if problems:
            for where, message in problems:
                where.value = error_html(message + " Nothing else was changed.")
            self.say("Please check the messages beside the boxes.")
            return
        try:
            run = stop(self.run, self.verdict.value, self.judgement.value, self.stop_reason.value)
        except ValueError as exc:
            self.stop_msg.value = error_html(f"{exc} Your text is kept.")
            self.say("Please check the message beside the button.")
            return
        self.run = run
        self.refresh()
        self.say("Panel stopped: the summary and the feedback on your choices are under the button.")

    def start_again(self) -> None:
        self.replace(new_run(self.task, self.run.rule), "Started again from round 1 with your stopping rule.")

    def show_worked(self) -> None:
        if self.task.worked is None:
            self.fail("There is no worked run for this panel.")
            return
        self.replace(self.task.worked, "The worked run is shown: start again to run your own.")

    def replace(self, run: DelphiRun, done: str) -> None:
        self.run = run
        with self._silent():
            self.verdict.value = run.verdict if run.verdict in VERDICTS else ""
            self.judgement.value, self.stop_reason.value = run.judgement, run.stop_reason
        for m in (self.next_msg, self.verdict_msg, self.judgement_msg, self.stop_msg, self.upload_message, self.answer):
            m.value = ""
        self.refresh()
        self.say(done)

    # -- showing it
    def show_preview(self) -> None:
        rounds = run_rounds(self.task, self.run)
        self.preview.value = panel_feedback_html(self.task, rounds, self.feedback.value)

    def refresh(self) -> None:
        task, run = self.task, self.run
        rounds = run_rounds(task, run)
        self.fill_rule()
        self.rule_line.value = f"<p>Your rule: {html.escape(run.rule.describe())}.</p>"
        show_in(self.chart, dot_plot(task, rounds))
        self.history.value = history_html(task, rounds)
        self.table.value = round_table_html(task, rounds)
        asked = {c.question for c in run.choices if c.question}
        with self._silent():
            self.question.options = [NO_QUESTION] + [(q.question, q.id) for q in task.questions if q.id not in asked]
            self.question.value = ""
        self.show_preview()
        done = run.stopped or len(rounds) >= run.rule.max_rounds
        self.run_next.disabled = run.stopped
        self.stop_button.disabled = run.stopped
        self.run_next.tooltip = ("The panel has stopped" if run.stopped else
                                 "Your round limit is reached: judge and stop" if done else "Run the next round")
        self.summary.value = summary_html(task, run, rounds) if run.stopped else \
            "<p class='cx-hint'>" + html.escape(rounds[-1].stop_why) + " When you stop, the summary and feedback on " \
            "your choices appear here.</p>"
        self.downloads.value = ""

    def prepare_downloads(self) -> None:
        t, r = self.task, self.run
        self.downloads.value = download_links([
            ("delphi-panel.html", "text/html", document_html(t, r), "Download the rounds as a web page (.html)"),
            ("delphi-panel.csv", "text/csv", to_csv(t, r), "Download the estimates as a spreadsheet (.csv)"),
            ("delphi-panel.json", "application/json", to_json(t, r), "Save the run to reopen later (.json)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    def uploaded(self, change: dict) -> None:
        self.reopen(change, lambda data: from_json(self.task, data), self._opened, "Delphi run", work="run",
                    limit=MAX_FILE_BYTES)

    def _opened(self, run: DelphiRun, name: str) -> None:
        self.replace(run, f"Reopened your Delphi run from “{name}”.")


def delphi_static(spec_id: str, name: str) -> str:
    """The book's static form: the worked three-round run with the default feedback and a link to the live app."""
    from widgets.activities.delphi import delphi_html
    from widgets.live import live_link_html

    task = load_delphi(spec_id, name)
    link = live_link_html("journey-optimiser", "Open the live Delphi panel to run the rounds yourself")
    return delphi_html(task, task.worked, link)


def delphi_tab(spec_id: str = "cim-l6-cjo", name: str = "fern-delphi") -> DelphiView:
    """The view for a tab of the journey optimiser app (``tools_app([... , view], titles, intro)``)."""
    return DelphiView(load_delphi(spec_id, name))


__all__ = ["DelphiView", "delphi_static", "delphi_tab", "tools_app"]
