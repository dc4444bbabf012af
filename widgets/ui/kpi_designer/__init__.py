"""Parts of the KPI designer view (:mod:`widgets.ui.activities.kpi_designer`): the KPI form, the analysis panel,
the insight report form and the files, one module each."""
