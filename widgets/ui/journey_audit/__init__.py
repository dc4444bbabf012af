"""The journey audit's parts (CIM L6 1.2 and 2.1): the forms for the learner's additions
(:mod:`widgets.ui.journey_audit.additions`); the view that holds them is :mod:`widgets.ui.activities.journey_audit`."""
