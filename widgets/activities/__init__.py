"""Activities for the OCR Level 2 Unit 10 chapters (and any later unit that needs them).

Pure models and logic live in the submodules (no ipywidgets):

* :mod:`~widgets.activities.sorting` — sorting task (1.1, P1)
* :mod:`~widgets.activities.cx_model` — customer experience model with reasons (2.1, P4, M1)
* :mod:`~widgets.activities.reaction_log` — customer reaction log and summary (3.1, 3.2, P5, P6, M2)
* :mod:`~widgets.activities.action_plan` — action plan and timeline (4.1, P7, P8, M3)
* :mod:`~widgets.activities.skills` — skills self-review and the guidance document from the learner's
  own development activities (4.2, P9, D1)
* :mod:`~widgets.activities.skills_evidence` — observation checklist and witness testimony (4.2, P9, D2)
* :mod:`~widgets.activities.scenario` — branching scenario (4.2, D2)
* :mod:`~widgets.activities.static` — the static HTML the book shows for each of them

Chapters do not import this package: they call the ``show_*`` functions of :mod:`widgets.show`, which
return the static HTML during a book build and the live view (:mod:`widgets.ui.activities`) in
JupyterLab and Voila. Data comes from ``data/activities/<spec>/<name>.yml`` (shapes in ``data/activities/README.md``).
"""
