"""Binder: the lock cannot drift from pyproject.toml, repo2docker understands the repo, badges point at real files."""

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from conftest import ROOT

BIN = Path(sys.executable).parent


def _body(text):
    return [line for line in text.splitlines() if not line.startswith("#")]


@pytest.mark.slow
def test_lock_regenerates_identically(tmp_path):
    lock = ROOT / "binder" / "requirements.txt"
    out = tmp_path / "requirements.txt"
    shutil.copy(lock, out)  # uv keeps existing pins unless pyproject.toml forces a change
    result = subprocess.run(
        [
            str(BIN / "uv"),
            "pip",
            "compile",
            "pyproject.toml",
            "--python-version",
            "3.11",
            "--quiet",
            "--custom-compile-command",
            "bash binder/lock.sh",
            "-o",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert _body(out.read_text()) == _body(lock.read_text()), (
        "binder/requirements.txt is stale: run bash binder/lock.sh"
    )


def test_every_runtime_dependency_is_pinned_in_the_lock():
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pinned = {
        line.split("==")[0].lower()
        for line in _body((ROOT / "binder" / "requirements.txt").read_text())
        if "==" in line
    }
    for dep in deps:
        name = re.split(r"[<>=!~\[ ;]", dep, maxsplit=1)[0].lower()
        assert name in pinned, f"{name} missing from binder/requirements.txt"


def test_binder_python_matches_project():
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    post = (ROOT / "binder" / "postBuild").read_text()
    assert "pip install" in post and "-e ." in post and "glutelab install-template" in post


@pytest.mark.slow
def test_repo2docker_writes_a_dockerfile(tmp_path):
    result = subprocess.run(
        [str(BIN / "jupyter-repo2docker"), "--no-build", "--debug", str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=tmp_path,
    )
    text = result.stdout + result.stderr
    assert result.returncode == 0, text[-3000:]
    assert "FROM " in text and "binder/requirements.txt" in text and "postBuild" in text
    assert re.search(r"python3?[=-]?3\.11|PYTHON_VERSION=3\.11", text), (
        "Binder would not use Python 3.11"
    )


def test_readme_badges_open_real_lessons():
    readme = (ROOT / "README.md").read_text()
    urls = re.findall(r"\((https://mybinder\.org/v2/gh/[^)]+)\)", readme)
    assert len(urls) >= 2
    targets = [unquote(parse_qs(urlparse(u).query)["urlpath"][0]) for u in urls]
    assert any(t.startswith("lab") for t in targets)
    voila = [t for t in targets if t.startswith("voila/render/")]
    assert voila, "no badge opens a lesson in Voila"
    for target in voila:
        assert (ROOT / target.removeprefix("voila/render/")).is_file(), target
    for target in targets:
        if target.startswith("lab/tree/"):
            assert (ROOT / target.removeprefix("lab/tree/")).exists(), target


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "bash scripts/test.sh" in readme and "exec bash scripts/test.sh" in ci


def test_voila_json_matches_the_course_server_settings():
    # Binder serves Voila as a server extension, which reads voila.json but not the command
    # line that `glutelab serve` builds: the two must not drift apart.
    import json

    from glutelab.cli import LAB_EXTENSIONS, TEMPLATE_NAME

    conf = json.loads((ROOT / "voila.json").read_text())["VoilaConfiguration"]
    assert conf["template"] == TEMPLATE_NAME
    assert conf["strip_sources"] is True and conf["show_tracebacks"] is False
    assert conf["extension_allowlist"] == list(LAB_EXTENSIONS)


def test_readme_lists_every_lesson_with_a_voila_link():
    readme = (ROOT / "README.md").read_text()
    for lesson in sorted((ROOT / "lessons").glob("*.ipynb")):
        assert f"(lessons/{lesson.name})" in readme, f"{lesson.name} missing from the table"
        assert f"voila%2Frender%2Flessons%2F{lesson.name})" in readme, f"{lesson.name}: no app link"
