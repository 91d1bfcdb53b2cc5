"""WordNet's index files read lazily (transcheck.wordnet.index): the same look-ups as reading
every line at once."""

from __future__ import annotations

from pathlib import Path

from conftest import require

from transcheck import wordnet


def _every_line(path: Path) -> dict[str, tuple[int, ...]]:
    """The index as it was read before: every line parsed at once."""
    out: dict[str, tuple[int, ...]] = {}
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith(" "):
                continue
            fields = line.split()
            if len(fields) < 4:
                continue
            synset_cnt = int(fields[2])
            out[fields[0]] = tuple(int(x) for x in fields[len(fields) - synset_cnt :])
    return out


def test_lazy_index_answers_as_every_line_read_at_once():
    require(wordnet.available(), "WordNet (Debian package wordnet-base)")
    folder = wordnet.wordnet_dir()
    assert folder is not None
    for pos in ("noun", "verb", "adj", "adv"):
        expected = _every_line(folder / f"index.{pos}")
        wordnet.index.cache_clear()
        lazy = wordnet.index(pos)
        assert isinstance(lazy, wordnet._Index)  # WordNet's own files take the lazy path
        assert "bank" in wordnet.index("noun")
        assert lazy.get("no such lemma here", ()) == ()
        assert "no such lemma here" not in lazy
        # before the first line, after the last, between two, a prefix of one, not ASCII
        for probe in ("", "!", "~~~", "zzzzzzzz", "bank_", "ban", "banq", "étoile", 42):
            assert (probe in lazy) == (probe in expected), probe
        assert dict(lazy.items()) == expected
        assert list(lazy) == list(expected)
    wordnet.index.cache_clear()


def test_odd_index_files_are_read_line_by_line(tmp_path, monkeypatch):
    """Tabs, a lemma twice, short lines: every line read at once, as before."""
    for name in ("data.adj", "data.noun"):
        (tmp_path / name).write_text("", encoding="utf-8")
    lines = [
        "  1 licence header line",
        "safe a 2 1 & 2 0 01234567 07654321",
        "odd\ta 1 1 & 1 0 00000042",
        "short a",
        "safe a 1 1 & 1 0 00000007",
        "",
    ]
    text = "\n".join(lines)
    (tmp_path / "index.adj").write_text(text, encoding="utf-8")
    (tmp_path / "index.noun").write_text(text.replace("\t", " "), encoding="utf-8")
    monkeypatch.setenv("TRANSCHECK_WORDNET", str(tmp_path))
    wordnet.clear_caches()
    try:
        for pos in ("adj", "noun"):
            got = wordnet.index(pos)
            assert not isinstance(got, wordnet._Index)
            assert dict(got) == _every_line(tmp_path / f"index.{pos}")
            assert got["safe"] == (7,)
            assert "short" not in got
    finally:
        monkeypatch.delenv("TRANSCHECK_WORDNET")
        wordnet.clear_caches()
