"""Glute Lab: models, figures and widget views for a course on the glutes in running.

Layers, from the bottom up: pure models (:mod:`glutelab.anatomy`, :mod:`glutelab.selfcheck`,
:mod:`glutelab.progress`), figure builders (:mod:`glutelab.figures`) and thin widget views
(:mod:`glutelab.views`, :mod:`glutelab.quiz`). Lessons import what they show.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
