"""nbgrader configuration for the Glute Lab course (run ``nbgrader`` from this folder).

nbgrader reads this file from the working directory and injects ``get_config()``. Every
path is anchored to this file rather than the working directory, so the course can be
copied elsewhere (the pipeline tests do exactly that) and still find its own gradebook.
"""

from pathlib import Path

c = get_config()

COURSE_ROOT = Path(__file__).resolve().parent

c.CourseDirectory.course_id = "glutelab"
c.CourseDirectory.root = str(COURSE_ROOT)
# sqlite wants an absolute path after the third slash: sqlite:////abs/path/gradebook.db
c.CourseDirectory.db_url = f"sqlite:///{COURSE_ROOT / 'gradebook.db'}"

# A learner's cell may loop forever; cut it after 30 s so one submission cannot stall a
# whole autograde run. Tests pass a shorter value on the command line.
c.ExecutePreprocessor.timeout = 30

# nbgrader's own stubs, stated here so the release version does not change if a future
# nbgrader changes its defaults.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# No Exchange settings: submissions reach submitted/ by `nbgrader collect` on a hub with
# the default exchange, or by `nbgrader zip_collect` from an LMS download (see README.md).
