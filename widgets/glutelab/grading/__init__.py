"""The instructor's grading job (``glutelab grade``), built on nbgrader.

Commands and the modules that implement them:

- ``release`` (:mod:`.release`): learner versions, checked for leaked solutions and hidden
  tests;
- ``collect`` (:mod:`.collect`): submissions from an LMS download or the nbgrader exchange;
- ``preflight`` (:mod:`.preflight`): can the grading environment import and run an
  assignment;
- ``autograde`` (:mod:`.autograde`): a class graded by nbgrader in parallel, resumably, with
  broken and hostile submissions rejected or flagged;
- ``feedback``, ``export``, ``items``: feedback, grade export and item analysis.

:mod:`.course` resolves the course root, its nbgrader configuration and the gradebook URL;
:mod:`.cli` is the command line (``glutelab grade --help``). Nothing here imports nbgrader
at import time: it takes seconds, and only the commands that grade need it.
"""
