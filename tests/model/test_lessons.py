"""What servers taught us, kept between runs; and the live progress line."""

from __future__ import annotations

import io
import json
from pathlib import Path

from reviewer.model.lessons import FILE_NAME, Lessons
from reviewer.terminal import LiveProgress

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


def test_live_progress_draws_one_line_and_clears_it() -> None:
    out = io.StringIO()
    live = LiveProgress(out)
    live("app.py", 12, 1.25)
    assert out.getvalue() == "\r\x1b[Kapp.py: 12 tokens, 1.2 s"
    live.close()
    assert out.getvalue().endswith("\r\x1b[K")
    before = out.getvalue()
    live.close()  # nothing shown: nothing to erase
    live.INTERVAL = 0.0
    live("app.py", 40, 9.0)  # a request abandoned by an interrupt: drawn no more
    assert out.getvalue() == before
