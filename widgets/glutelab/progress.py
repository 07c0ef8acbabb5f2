"""The learner's progress store: one small JSON file, written atomically.

Where it lives
--------------
``$GLUTELAB_PROGRESS_FILE`` when set, otherwise ``~/.glutelab/progress.json``. The default
sits in the learner's home, never in the course repository, so a ``git pull`` or a fresh
Binder image cannot wipe it.

Safety rules
------------
* Every write goes to a temporary file in the same folder, is flushed to disk and then
  renamed over the old file (``os.replace`` is atomic on POSIX and Windows), so a crash
  mid-write leaves the previous version intact.
* A lock file serialises writers: two lessons open at once cannot lose each other's answers,
  because each write re-reads the file under the lock and merges its one change into it.
* A file that cannot be parsed is moved aside (``progress.json.corrupt-<time>``) and the
  learner is told where it went. It is never silently overwritten.
* A file that cannot be read or written at all (permissions, a full disk) puts the store in
  memory-only mode with a message; answers still work for the session.
* Resetting progress (:meth:`ProgressStore.reset`) moves the file aside as
  ``progress.json.backup-<time>`` and starts afresh: it never deletes anything.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

__all__ = ["ENV_VAR", "SCHEMA_VERSION", "ProgressStore", "default_path"]

ENV_VAR = "GLUTELAB_PROGRESS_FILE"
SCHEMA_VERSION = 1


def default_path() -> Path:
    """Return the progress file's location: ``$GLUTELAB_PROGRESS_FILE`` or the home default.

    Returns
    -------
    pathlib.Path
        Path of the JSON progress file (it may not exist yet).
    """
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    return Path.home() / ".glutelab" / "progress.json"


def _empty() -> dict[str, Any]:
    return {"version": SCHEMA_VERSION, "lessons": {}}


def _valid(data: object) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("lessons"), dict)
        and all(isinstance(v, dict) for v in data["lessons"].values())
    )


class ProgressStore:
    """Read and write a learner's saved answers.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        Where the JSON file lives; defaults to :func:`default_path`.

    Attributes
    ----------
    notices : list of str
        Messages for the learner (a file moved aside, a failed write). Views show them.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.notices: list[str] = []
        self._memory_only = False
        self._data = self._read()

    # -- reading ---------------------------------------------------------------------
    def _lock(self) -> FileLock:
        return FileLock(str(self.path) + ".lock", timeout=10)

    def _read(self) -> dict[str, Any]:
        """Load the file; move a corrupt one aside and report it."""
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return _empty()
        except OSError as exc:
            self._memory_only = True
            self.notices.append(
                f"Your saved progress at {self.path} could not be read ({exc.strerror}). "
                "Answers will work but will not be saved this session; the file was left "
                "untouched."
            )
            return _empty()
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            data = None
        if not _valid(data):
            self._set_aside("it is not valid progress data")
            return _empty()
        return data

    def _aside_name(self, kind: str) -> Path:
        """Return an unused ``<name>.<kind>-<time>`` path next to the progress file."""
        stamp = time.strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.{kind}-{stamp}")
        n = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.{kind}-{stamp}-{n}")
            n += 1
        return target

    def _set_aside(self, why: str) -> None:
        target = self._aside_name("corrupt")
        try:
            os.replace(self.path, target)
        except OSError as exc:
            self._memory_only = True
            self.notices.append(
                f"Your progress file {self.path} could not be read because {why}, and it "
                f"could not be moved aside ({exc.strerror}). It was left as it is and nothing "
                "will be saved this session."
            )
            return
        self.notices.append(
            f"Your progress file could not be read because {why}. It was kept as {target} "
            "(nothing was deleted) and a fresh progress file was started."
        )

    def reload(self) -> dict[str, Any]:
        """Re-read the file from disk and return the data (another lesson may have written)."""
        if not self._memory_only:
            self._data = self._read()
        return self._data

    @property
    def memory_only(self) -> bool:
        """Whether the store has stopped using its file this session (a notice says why)."""
        return self._memory_only

    @property
    def data(self) -> dict[str, Any]:
        """All saved progress, as last read or written."""
        return self._data

    def lesson(self, lesson: str) -> dict[str, Any]:
        """Return the saved record for one lesson (empty if none)."""
        return self._data["lessons"].get(lesson, {})

    def answer(self, lesson: str, question_id: str) -> dict[str, Any] | None:
        """Return the saved answer record for one self-check question, or ``None``."""
        return self.lesson(lesson).get("answers", {}).get(question_id)

    # -- writing ---------------------------------------------------------------------
    def record_answer(
        self, lesson: str, question_id: str, response: Any, result: Mapping[str, Any]
    ) -> bool:
        """Save one self-check answer at once.

        Parameters
        ----------
        lesson : str
            Lesson key, e.g. ``"01-the-gluteal-complex"``.
        question_id : str
            The question's stable id.
        response : JSON-serialisable
            What the learner answered (an option index, a list of indices, a number).
        result : mapping
            ``{"correct": bool, "score": float}`` from the scoring function.

        Returns
        -------
        bool
            ``True`` if the answer reached the disk, ``False`` if it is held in memory only
            (a notice says why).
        """
        record = {
            "response": response,
            "correct": bool(result["correct"]),
            "score": float(result["score"]),
            "saved_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }

        def change(data: dict[str, Any]) -> None:
            entry = data["lessons"].setdefault(lesson, {})
            entry.setdefault("answers", {})[question_id] = record

        return self.update(change)

    def record_item(self, lesson: str, section: str, key: str, value: Mapping[str, Any]) -> bool:
        """Save one non-quiz record (a field-test result, a symptom checklist) at once.

        Stored as ``lessons[lesson][section][key]`` with a ``saved_at`` time added; the
        return value means the same as for :meth:`record_answer`. ``value`` must be
        JSON-serialisable.
        """
        record = {**dict(value), "saved_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}

        def change(data: dict[str, Any]) -> None:
            entry = data["lessons"].setdefault(lesson, {})
            entry.setdefault(section, {})[key] = record

        return self.update(change)

    def items(self, lesson: str, section: str) -> dict[str, Any]:
        """Return every saved record of one section of a lesson (empty if none)."""
        return dict(self.lesson(lesson).get(section, {}))

    def update(self, change) -> bool:
        """Apply ``change(data)`` to the freshest on-disk data and write it atomically."""
        if self._memory_only:
            change(self._data)
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock():
                self._data = self._read()
                if self._memory_only:  # the re-read found a file it could not move aside
                    change(self._data)
                    return False
                change(self._data)
                self._write(self._data)
        except (OSError, Timeout) as exc:
            change(self._data)
            self.notices.append(
                f"Your answer could not be saved to {self.path} ({exc}); it is kept for this "
                "session only."
            )
            return False
        return True

    def reset(self) -> Path | None:
        """Start afresh: move the progress file aside as a backup, then hold no progress.

        The file is renamed to ``progress.json.backup-<time>`` in the same folder (never
        deleted), under the same lock as every write, so an answer saved from another tab
        at that moment lands either in the backup or in the fresh file, never nowhere.

        Returns
        -------
        pathlib.Path or None
            Where the old progress now lives, or ``None`` when there was no file to back up
            (nothing saved yet, or the store is in memory-only mode, in which case the file
            is left untouched and only this session's progress is cleared).

        Raises
        ------
        OSError
            When the file exists but could not be moved (or the lock not taken); nothing
            was changed, in memory or on disk.
        """
        if self._memory_only or not self.path.parent.is_dir():
            self._data = _empty()
            return None
        try:
            with self._lock():
                if not self.path.exists():
                    self._data = _empty()
                    return None
                backup = self._aside_name("backup")
                os.replace(self.path, backup)
        except Timeout as exc:
            msg = f"the progress file {self.path} is busy (locked by another lesson); try again"
            raise OSError(msg) from exc
        self._data = _empty()
        return backup

    def _write(self, data: Mapping[str, Any]) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
