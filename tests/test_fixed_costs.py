"""Small per-document savings that must not change what is shown."""

from __future__ import annotations

import bisect
import os

from transcheck.corpus.walk import user_path
from transcheck.model import Document


def test_user_path_with_the_callers_working_directory_is_the_same(tmp_path, monkeypatch):
    inside = tmp_path / "work"
    (inside / "corpus").mkdir(parents=True)
    monkeypatch.chdir(inside)
    cwd = os.getcwd()
    for path in (
        "corpus/a.txt",
        "./corpus/../corpus/b.txt",
        str(inside / "corpus" / "c.txt"),
        str(tmp_path / "elsewhere" / "d.txt"),
        "../elsewhere/e.txt",
        ".",
        "..",
        "/",
        "corpus/caf\udce9.txt",  # an undecodable file name
    ):
        assert user_path(path, cwd) == user_path(path), path


def _line_of_each_character(text: str, offset: int) -> int:
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return bisect.bisect_right(starts, offset)


def test_line_numbers_as_counted_character_by_character():
    for text in ("", "one line", "\n", "a\nb\n", "\n\nthird\n\nfifth", "x\n" * 50 + "end"):
        doc = Document(id="d", path="d.txt", text=text)
        for offset in range(len(text) + 2):
            assert doc.line_of(offset) == _line_of_each_character(text, offset), (text, offset)
