"""The measurement plan's part views (CIM Level 4, 5.1–5.4): :mod:`.measures` (measures and research methods),
:mod:`.feedback` (complaints, compliments and other feedback) and :mod:`.stakeholders` (four perspectives). Each
builds its section on the :class:`widgets.ui.activities.measurement_plan.MeasurementPlanView` it is given, whose
``update`` passes every change through the model."""
