"""What servers taught us, kept between runs."""

from __future__ import annotations

import json
from pathlib import Path

from reviewer.model.lessons import FILE_NAME, Lessons

URL = "http://127.0.0.1:8080/v1"


def test_lessons_survive_a_restart_and_merge_with_another_process(tmp_path: Path) -> None:
    one, two = Lessons(tmp_path), Lessons(tmp_path)
    one.learn(URL, "m", format="json_object")
    two.learn(URL, "m", drop=["seed"])  # started before one's lesson: must not lose it
    fresh = Lessons(tmp_path)
    assert fresh.get(URL + "/", "m") | {"at": 0} == {
        "format": "json_object", "drop": ["seed"], "at": 0,
    }  # fmt: skip
    assert fresh.get(URL, "other-model") == {}


def test_a_damaged_or_stale_file_is_ignored(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text("{not json")
    assert Lessons(tmp_path).get(URL, "m") == {}
    stale = {"version": 1, "servers": {f"{URL} m": {"format": "text", "at": 0}}}
    (tmp_path / FILE_NAME).write_text(json.dumps(stale))
    assert Lessons(tmp_path).get(URL, "m") == {}


def test_a_cache_path_that_is_a_file_keeps_the_lesson_for_the_run(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file, not a folder")
    lessons = Lessons(blocker)
    lessons.learn(URL, "m", format="text")
    assert lessons.get(URL, "m")["format"] == "text"
