"""The progress store: atomic writes, restarts, corrupt files set aside, concurrent writers."""

import json
import multiprocessing as mp
from pathlib import Path

import pytest
from glutelab.progress import ProgressStore, default_path


def test_default_path_is_in_home_not_repo(monkeypatch, tmp_path):
    monkeypatch.delenv("GLUTELAB_PROGRESS_FILE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_path() == tmp_path / ".glutelab" / "progress.json"
    monkeypatch.setenv("GLUTELAB_PROGRESS_FILE", str(tmp_path / "x.json"))
    assert default_path() == tmp_path / "x.json"


def test_answers_survive_a_new_store(tmp_path):
    path = tmp_path / "p" / "progress.json"
    store = ProgressStore(path)
    assert store.record_answer("01", "q1", 2, {"correct": True, "score": 1.0})
    again = ProgressStore(path)  # as after a kernel restart
    saved = again.answer("01", "q1")
    assert saved["response"] == 2 and saved["correct"] is True
    assert json.loads(path.read_text())["version"] == 1
    assert not list(path.parent.glob(".progress-*"))  # no temp files left behind


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"lessons": 3}', "\x00\xff"])
def test_corrupt_file_is_moved_aside_and_reported(tmp_path, content):
    path = tmp_path / "progress.json"
    path.write_bytes(
        content.encode("utf-8", "surrogateescape") if isinstance(content, str) else content
    )
    store = ProgressStore(path)
    assert store.notices and "kept as" in store.notices[0]
    kept = list(tmp_path.glob("progress.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == content.encode("utf-8", "surrogateescape")
    assert store.record_answer("01", "q", 0, {"correct": False, "score": 0})
    assert ProgressStore(path).answer("01", "q")["response"] == 0


def test_unreadable_file_is_left_alone(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    path.write_text('{"version": 1, "lessons": {}}')
    real_read_text = Path.read_text

    def denied(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", denied)  # root ignores chmod, so simulate it
    store = ProgressStore(path)
    assert store.notices and "untouched" in store.notices[0]
    assert not store.record_answer("01", "q", 1, {"correct": True, "score": 1})
    monkeypatch.undo()
    assert json.loads(path.read_text()) == {"version": 1, "lessons": {}}


def test_write_failure_keeps_answer_in_memory(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    assert store.record_answer("01", "q0", 0, {"correct": False, "score": 0})
    before = path.read_text()

    def disk_full(_data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "_write", disk_full)
    assert not store.record_answer("01", "q", 1, {"correct": True, "score": 1})
    assert store.answer("01", "q")["response"] == 1
    assert "could not be saved" in store.notices[-1]
    assert path.read_text() == before  # the old file is intact


def test_path_that_cannot_be_a_file_works_in_memory(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where a folder should be")
    store = ProgressStore(blocker / "progress.json")
    assert not store.record_answer("01", "q", 1, {"correct": True, "score": 1})
    assert store.answer("01", "q")["response"] == 1
    assert store.notices


def _writer(path: str, lesson: str, n: int) -> None:
    store = ProgressStore(path)
    for i in range(n):
        store.record_answer(lesson, f"q{i}", i, {"correct": True, "score": 1.0})


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "progress.json")
    procs = [
        mp.get_context("spawn").Process(target=_writer, args=(path, lesson, 15))
        for lesson in ("01", "02")
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    data = ProgressStore(Path(path)).data
    assert len(data["lessons"]["01"]["answers"]) == 15
    assert len(data["lessons"]["02"]["answers"]) == 15


def test_record_item_round_trips_and_keeps_answers(tmp_path):
    path = tmp_path / "p.json"
    store = ProgressStore(path)
    store.record_answer("02-x", "q1", 1, {"correct": True, "score": 1.0})
    assert store.record_item("02-x", "field_tests", "single_leg_stance/left", {"hold_s": 30.0})
    again = ProgressStore(path)
    assert again.items("02-x", "field_tests")["single_leg_stance/left"]["hold_s"] == 30.0
    assert "saved_at" in again.items("02-x", "field_tests")["single_leg_stance/left"]
    assert again.answer("02-x", "q1")["correct"] is True
    assert again.items("02-x", "nothing") == {}


def test_reset_backs_the_file_up_and_starts_empty(tmp_path):
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.record_answer("01", "q1", 2, {"correct": True, "score": 1.0})
    store.record_item("02-x", "field_tests", "trendelenburg/left", {"hold_s": 30.0})
    before = path.read_bytes()

    backup = store.reset()

    assert backup is not None and backup.parent == tmp_path
    assert backup.name.startswith("progress.json.backup-")
    assert backup.read_bytes() == before  # the old progress, byte for byte
    assert not path.exists()
    assert store.data == {"version": 1, "lessons": {}}
    assert ProgressStore(path).data == {"version": 1, "lessons": {}}  # a new kernel agrees
    assert store.record_answer("01", "q2", 0, {"correct": False, "score": 0.0})
    assert list(ProgressStore(path).lesson("01")["answers"]) == ["q2"]
    assert backup.read_bytes() == before  # later writes never touch the backup


def test_two_resets_in_one_second_keep_both_backups(tmp_path):
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.record_answer("01", "first", 1, {"correct": True, "score": 1.0})
    one = store.reset()
    store.record_answer("01", "second", 1, {"correct": True, "score": 1.0})
    two = store.reset()
    assert one != two
    assert "first" in one.read_text() and "second" in two.read_text()


def test_reset_without_a_file_changes_nothing_on_disk(tmp_path):
    store = ProgressStore(tmp_path / "missing" / "progress.json")
    assert store.reset() is None
    assert not (tmp_path / "missing").exists()
    store = ProgressStore(tmp_path / "progress.json")
    assert store.reset() is None
    assert not (tmp_path / "progress.json").exists()
    assert not list(tmp_path.glob("*.backup-*"))


def test_reset_that_cannot_move_the_file_raises_and_keeps_everything(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.record_answer("01", "q1", 2, {"correct": True, "score": 1.0})
    before = path.read_bytes()

    def refuse(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("glutelab.progress.os.replace", refuse)
    with pytest.raises(OSError, match="Permission denied"):
        store.reset()
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert store.answer("01", "q1")["response"] == 2
    assert not list(tmp_path.glob("*.backup-*"))


def test_reset_in_memory_only_mode_leaves_the_file_alone(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    path.write_text('{"version": 1, "lessons": {"01": {"answers": {}}}}')
    real_read_text = Path.read_text

    def denied(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", denied)
    store = ProgressStore(path)
    assert store.memory_only
    store.record_answer("01", "q", 1, {"correct": True, "score": 1.0})  # held in memory
    assert store.reset() is None
    assert store.data == {"version": 1, "lessons": {}}
    monkeypatch.undo()
    assert json.loads(path.read_text()) == {"version": 1, "lessons": {"01": {"answers": {}}}}
    assert not list(tmp_path.glob("*.backup-*"))
