"""Every committed notebook is clean (no outputs, no widget state) and follows the naming rules."""

import json

import pytest
from conftest import ASSESSMENTS, LESSONS, ROOT

LESSON_NOTEBOOKS = sorted(LESSONS.glob("*.ipynb"))
SOURCE_NOTEBOOKS = sorted((ASSESSMENTS / "source").glob("*/*.ipynb"))
DASHBOARDS = sorted(ASSESSMENTS.glob("*.ipynb"))  # the instructor's item-analysis dashboard
ALL = LESSON_NOTEBOOKS + SOURCE_NOTEBOOKS + DASHBOARDS


def _ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


def test_there_is_something_to_check():
    assert LESSON_NOTEBOOKS, "no lessons found"
    assert SOURCE_NOTEBOOKS, "no assessment sources found"
    assert DASHBOARDS, "no instructor dashboard found"


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_committed_without_outputs_or_widget_state(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        i
        for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))
    ]
    assert not dirty, f"cells {dirty} hold outputs or execution counts: run nbstripout"
    assert "widgets" not in nb.get("metadata", {}), (
        "saved widget state (megabytes of FigureWidget JSON)"
    )


@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=_ids(LESSON_NOTEBOOKS))
def test_lesson_name_follows_convention(path):
    stem = path.stem
    assert stem[:2].isdigit() and stem[2] == "-" and " " not in stem and stem == stem.lower()


# Where each notebook is executed (once, by the stricter of the possible checks):
# - lessons: tests/test_voila_render.py renders every lesson through Voila, which runs it in
#   a real kernel and fails on any error output, stderr or traceback in the page;
# - assessment sources: tests/test_assessment_pipeline.py, which also demands that their test
#   cells stay silent;
# - the instructor dashboard: tests/test_grading_items.py.
# Running them here as well only doubled the suite's time.
