"""Shared fixtures: repository paths and a private progress file for every test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The session's live Voila server (fixtures voila_server, voila_url), the Chromium page
# fixture (browser_page) and a throwaway PostgreSQL server (postgres_server, postgres_url),
# shared by every module.
pytest_plugins = ["voila_server", "browser_support", "postgres_server"]

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
ASSESSMENTS = ROOT / "assessments"
OUTPUT = ROOT / "test-output"


@pytest.fixture(autouse=True, scope="session")
def _private_progress_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Point the progress store at a temporary file so no test touches the real home."""
    path = tmp_path_factory.mktemp("progress") / "progress.json"
    old = os.environ.get("GLUTELAB_PROGRESS_FILE")
    os.environ["GLUTELAB_PROGRESS_FILE"] = str(path)
    yield path
    if old is None:
        os.environ.pop("GLUTELAB_PROGRESS_FILE", None)
    else:
        os.environ["GLUTELAB_PROGRESS_FILE"] = old


@pytest.fixture
def output_dir(request: pytest.FixtureRequest) -> Path:
    """A per-test folder under ``test-output/`` for screenshots and other artefacts."""
    path = OUTPUT / request.node.name
    path.mkdir(parents=True, exist_ok=True)
    return path
