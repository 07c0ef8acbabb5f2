"""Every committed notebook is clean (no outputs, no widget state); every lesson runs top to bottom."""

import json

import nbformat
import pytest
from conftest import ASSESSMENTS, LESSONS, ROOT
from nbclient import NotebookClient

LESSON_NOTEBOOKS = sorted(LESSONS.glob("*.ipynb"))
SOURCE_NOTEBOOKS = sorted((ASSESSMENTS / "source").glob("*/*.ipynb"))
ALL = LESSON_NOTEBOOKS + SOURCE_NOTEBOOKS


def _ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


def test_there_is_something_to_check():
    assert LESSON_NOTEBOOKS, "no lessons found"
    assert SOURCE_NOTEBOOKS, "no assessment sources found"


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


# Assessment sources are executed by test_assessment_pipeline.py, which also demands that
# their test cells stay silent; running them here as well would only double the time.
@pytest.mark.slow
@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=_ids(LESSON_NOTEBOOKS))
def test_lesson_executes_without_error(path, tmp_path, monkeypatch):
    nb = nbformat.read(path, as_version=4)
    monkeypatch.setenv(
        "GLUTELAB_PROGRESS_FILE", str(tmp_path / "progress.json")
    )  # the kernel inherits it
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    errors = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
        or (
            o.get("output_type") == "stream"
            and o.get("name") == "stderr"
            and "Traceback" in o.get("text", "")
        )
    ]
    assert not errors, errors
