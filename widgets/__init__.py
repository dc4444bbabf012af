"""Customer-experience courseware: models, formulas and widgets.

Pure models and formulas live at the top of the package (``widgets.curriculum``,
``widgets.coverage``); ipywidgets views live in ``widgets.ui``; browser assets
are package data in ``widgets/assets``.
"""

__version__ = "0.1.0"
