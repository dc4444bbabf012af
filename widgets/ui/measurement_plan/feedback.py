"""Complaints, compliments and other feedback (5.3): findings and charts (each with its description) from Hartwell's
data or an uploaded CSV in the same shape, and the learner's evaluation with its checks."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities import measurement_plan as mp
from widgets.charts import show_in
from widgets.ui.activities.common import WIDE, area, button, heading
from widgets.ui.common import error_html, uploaded_bytes

esc = html.escape


def build(view) -> w.VBox:
    view.complaints_frame, view.feedback_frame = mp.hartwell_complaints(), mp.hartwell_feedback_frame()
    view.source_line = w.HTML(layout=WIDE)
    view.data_upload = w.FileUpload(accept=".csv,text/csv", multiple=False,
                                    description="Upload a complaints log or feedback file (.csv)",
                                    layout=w.Layout(width="auto"))
    view.data_msg = w.HTML(layout=WIDE)
    view.on_change(view.data_upload, lambda change: uploaded(view, change), view.data_msg)
    view.use_hartwell = button("Use Hartwell's data again")
    view.on_click(view.use_hartwell, lambda: use_hartwell(view), view.data_msg)
    view.findings, view.charts = w.HTML(layout=WIDE), w.Output(layout=WIDE)
    view.chart_texts = w.HTML(layout=WIDE)
    view.eval_boxes: dict[str, w.Textarea] = {}
    view.eval_msgs: dict[str, w.HTML] = {}
    rows: list[w.Widget] = []
    for key, label in mp.EVALUATION_FIELDS.items():
        box, msg = area(label, rows=3), w.HTML(layout=WIDE)
        view.eval_boxes[key], view.eval_msgs[key] = box, msg
        view.on_change(box, lambda _c, k=key: view.update(
            view.eval_msgs[k], "Evaluation updated.",
            lambda: mp.with_evaluation(view.work, k, view.eval_boxes[k].value)), msg)
        rows += [box, msg]
    view.eval_checks = w.HTML(layout=WIDE)
    analyse(view, "Hartwell's 2025 complaints log and feedback")
    return w.VBox([w.HTML(f"<p>{esc(view.task.instructions.get('feedback', ''))}</p>", layout=WIDE),
                   view.source_line, view.data_upload, view.data_msg, view.use_hartwell,
                   heading("What the data shows", 4), view.findings, view.charts, view.chart_texts,
                   heading("Your evaluation", 4), *rows, heading("Checks on your evaluation", 4), view.eval_checks])


def analyse(view, source: str) -> None:
    target = view.task.target_hours
    s = mp.complaint_summary(view.complaints_frame, target)
    f = mp.feedback_summary(view.feedback_frame, view.complaints_frame, target)
    view.findings.value = (mp.findings_html(mp.complaint_findings(s), "Complaints: numbers, nature and response times")
                           + mp.findings_html(mp.feedback_findings(f, target), "Compliments and other feedback"))
    charts = [mp.complaints_chart(s), mp.feedback_chart(f)]
    if f.satisfied_within_pct is not None:
        charts.append(mp.satisfaction_chart(f, target))
    show_in(view.charts, *charts)
    view.chart_texts.value = "".join(f"<p><strong>Chart description:</strong> {esc(c.description)}</p>"
                                     for c in charts)
    view.source_line.value = f"<p><strong>Data:</strong> {esc(source)}.</p>"


def uploaded(view, change) -> None:
    files = change["new"]
    if not files:
        return
    upload = files[0]
    name = str(upload.get("name", "your file"))
    try:
        kind, frame = mp.read_upload(uploaded_bytes(upload, mp.MAX_UPLOAD_BYTES, "a data file"), name)
        before = view.complaints_frame, view.feedback_frame
        if kind == "complaints":
            view.complaints_frame = frame
        else:
            view.feedback_frame = frame
        try:
            analyse(view, f"{'complaints log' if kind == 'complaints' else 'feedback'} from {name}")
        except ValueError:
            view.complaints_frame, view.feedback_frame = before
            raise
    except ValueError as exc:
        view.data_msg.value = error_html(f"{exc} The analysis shown is unchanged.")
        view.say("Please check the message beside the upload.")
        return
    finally:
        try:
            view.data_upload.value = ()
        except Exception:  # noqa: BLE001 - clearing the upload is a courtesy
            pass
    view.data_msg.value = ""
    view.say(f"Analysed {name}.")


def use_hartwell(view) -> None:
    view.complaints_frame, view.feedback_frame = mp.hartwell_complaints(), mp.hartwell_feedback_frame()
    analyse(view, "Hartwell's 2025 complaints log and feedback")
    view.data_msg.value = ""
    view.say("Hartwell's data is shown again.")


def fill(view, work: mp.MeasurementWork) -> None:
    for key, box in view.eval_boxes.items():
        box.value = getattr(work.evaluation, key)


def refresh(view, work: mp.MeasurementWork) -> None:
    view.eval_checks.value = mp.notes_html(mp.evaluation_notes(work))
