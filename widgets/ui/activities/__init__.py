"""Live views of the activity kinds, one module per kind (or family of kinds).

The views hold no logic: every check, sum and export is in :mod:`widgets.activities`. Each view

* labels every input (ipywidgets links the description to the control);
* shows a model's ``ValueError`` next to the form with :func:`widgets.ui.common.error_html` and keeps
  every value the learner typed;
* escapes learner text before it becomes HTML (the models' HTML exports escape, and so does
  everything built here);
* announces results in an ``aria-live`` status line;
* offers the learner's work as ``<a download>`` links with ``data:`` URIs: nothing is written on the
  server.

Chapters and dashboards reach these views through :mod:`widgets.show`, never directly.
"""
