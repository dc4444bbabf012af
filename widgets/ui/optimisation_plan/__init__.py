"""The optimisation plan builder's parts (CIM Level 6, LO3), one module per part: the plan's own form, the
improvement form, the list of improvements, the metric's calculator and the files; the view that holds them
is :mod:`widgets.ui.activities.optimisation_plan`."""
