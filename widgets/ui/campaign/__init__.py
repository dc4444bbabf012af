"""The campaign planner's part views (CIM Level 3 Unit 3, criteria 5.1 to 6.4), one module per part; the
planner that holds them is :mod:`widgets.ui.activities.campaign`."""
