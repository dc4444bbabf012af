"""Activity kinds: each serves any specification whose chapters need it (data files choose the content).

Pure models and logic live in the submodules (no ipywidgets):

* :mod:`~widgets.activities.sorting` — sorting task (1.1, P1)
* :mod:`~widgets.activities.cx_model` — customer experience model with reasons (2.1, P4, M1)
* :mod:`~widgets.activities.reaction_log` — customer reaction log and summary (3.1, 3.2, P5, P6, M2)
* :mod:`~widgets.activities.action_plan` — action plan and timeline (4.1, P7, P8, M3)
* :mod:`~widgets.activities.skills` — skills self-review and the guidance document from the learner's
  own development activities (4.2, P9, D1)
* :mod:`~widgets.activities.skills_evidence` — observation checklist and witness testimony (4.2, P9, D2)
* :mod:`~widgets.activities.scenario` — branching scenario (OCR 4.2, D2; CIM L3 2.4 with its own principles)
* :mod:`~widgets.activities.segments` — segment evaluator on a customer data set (CIM L3 1.2)
* :mod:`~widgets.activities.satisfaction` — importance-weighted customer satisfaction index (CIM L3 2.5)
* :mod:`~widgets.activities.campaign` — marketing communications campaign planner (CIM L3 5.1–6.4)
* :mod:`~widgets.activities.static` — the static HTML the book shows for the OCR kinds (newer kinds keep
  theirs in their own module)

Chapters do not import this package: they call the ``show_*`` functions of :mod:`widgets.show`, which
return the static HTML during a book build and the live view (:mod:`widgets.ui.activities`) in
JupyterLab and Voila. Data comes from ``data/activities/<spec>/<name>.yml`` (shapes in ``data/activities/README.md``).
"""
