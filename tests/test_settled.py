"""Names settled against earlier documents, kept in the analysis cache (transcheck.settled)."""

from __future__ import annotations

import json
from pathlib import Path

from transcheck.analysis import Analyser, NameSettler
from transcheck.analysis_cache import AnalysisCache
from transcheck.extract import names
from transcheck.extract.names import find_names
from transcheck.model import Document, Paragraph
from transcheck.settled import KeptNameSettler, looked_up, stems_of


def _doc(doc_id: str, text: str, lang: str = "en") -> Document:
    return Document(
        id=doc_id,
        path=doc_id,
        text=text,
        declared_lang=lang,
        paragraphs=[Paragraph(0, 0, len(text))],
    )


def _settle(texts: list[str], settler_for, lang: str = "en"):
    """Names and kept names of each document after settling ``texts`` in order."""
    analyser = Analyser("en")
    docs = [_doc(f"d{i}", t, lang) for i, t in enumerate(texts)]
    records = analyser.analyse_documents(docs)
    settler = settler_for({doc.id: analyser.key(doc) for doc in docs})
    settler.begin(docs[:1])  # (the others' rows are read one by one)
    for doc, rec in zip(docs, records, strict=True):
        settler.settle(doc, rec)
    if isinstance(settler, KeptNameSettler):
        settler.save()
    return [([m.text for m in r.extraction.names], r.protect) for r in records]


TEXTS = [
    "The harbour volunteers met on Monday. Mayor Ana Ortiz spoke first.",
    "Volunteers complained about the noise. Rescuers said Ana Ortiz agreed.",
    "Rescuers met again. Volunteers of Portwell were late, said Rescuers Union.",
]


def test_kept_names_are_those_settled_again_and_follow_earlier_documents(tmp_path: Path):
    store = AnalysisCache(tmp_path / "c.sqlite3")
    try:

        def kept(keys):
            return KeptNameSettler(store, keys)

        def plain(keys):
            return NameSettler()

        expected = _settle(TEXTS, plain)
        assert _settle(TEXTS, kept) == expected  # computed and kept
        (rows,) = store._conn.execute(
            "SELECT count(*) FROM analyses WHERE key LIKE 'settled/%'"
        ).fetchone()
        assert rows >= 1  # the redone names were kept
        assert _settle(TEXTS, kept) == expected  # taken from the cache
        # an earlier document now writes "rescuers" lowercase: the third one's names change,
        # and the kept names of the third document must not be taken
        changed = [TEXTS[0] + " The rescuers came later.", *TEXTS[1:]]
        expected_changed = _settle(changed, plain)
        assert expected_changed[2] != expected[2]
        assert _settle(changed, kept) == expected_changed
        assert _settle(TEXTS, kept) == expected  # and back
    finally:
        store.close()


def test_a_group_s_kept_names_are_read_in_one_query(tmp_path: Path, monkeypatch):
    store = AnalysisCache(tmp_path / "c.sqlite3")
    try:
        analyser = Analyser("en")
        docs = [_doc(f"d{i}", t) for i, t in enumerate(TEXTS)]
        keys = {doc.id: analyser.key(doc) for doc in docs}

        def settle() -> tuple[list, int]:
            records = analyser.analyse_documents(docs)
            settler = KeptNameSettler(store, keys)
            settler.begin(docs)
            for doc, rec in zip(docs, records, strict=True):
                settler.settle(doc, rec)
            settler.save()
            return [([m.text for m in r.extraction.names], r.protect) for r in records], len(
                settler.new
            )

        first, _ = settle()
        queries = []
        real = store.get_settled
        monkeypatch.setattr(store, "get_settled", lambda keys: queries.append(keys) or real(keys))
        again, _ = settle()
        assert again == first
        assert len(queries) == 1
        assert len(queries[0]) == len(docs)
    finally:
        store.close()


def test_kept_names_in_an_inflected_language_compare_stems(tmp_path: Path):
    """Russian: a sentence-initial word whose stem an earlier document writes lowercase."""
    texts = [
        "Вчера спасатели приехали в город. Мэр Анна Ортис говорила долго.",
        "Спасателями гордится город. Анна Ортис согласилась с ними.",
        "Вчера Спасательный отряд уехал. Волонтёры Портуэлла остались.",
    ]
    store = AnalysisCache(tmp_path / "c.sqlite3")
    try:
        expected = _settle(texts, lambda keys: NameSettler(), "ru")
        assert _settle(texts, lambda keys: KeptNameSettler(store, keys), "ru") == expected
        rows = store._conn.execute(
            "SELECT record FROM analyses WHERE key LIKE 'settled/%'"
        ).fetchall()
        assert len(rows) == 1
        assert json.loads(rows[0][0])[3]  # the stems the earlier documents held
        assert _settle(texts, lambda keys: KeptNameSettler(store, keys), "ru") == expected
    finally:
        store.close()


class _Recording(set):
    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.asked: set[str] = set()

    def __contains__(self, word) -> bool:
        self.asked.add(word)
        return super().__contains__(word)


def test_name_finding_looks_up_no_word_outside_looked_up(monkeypatch):
    """The kept names are keyed by the earlier documents' words among ``looked_up``: name
    finding must read no other word of the vocabulary (nor stem, in an inflected language)."""
    cases = [
        ("en", "Volunteers met. Declared-Winner Ana Ortiz spoke: Yesterday it rained. «Rescuers»"),
        ("pt", "Declarou-se culpado. Finalmente, Ana Ortiz falou. Voluntários chegaram."),
        ("ru", "Спасатели приехали. Вчера Анна Ортис сказала: «Волонтёры устали»."),
        ("de", "Die Helfer kamen. Freiwillige sprachen mit Anna Ortiz in der Stadt."),
    ]
    made: list[_Recording] = []
    real = names.vocab_stems

    def recording_stems(lang, words):
        out = real(lang, words)
        if out is None:
            return None
        made.append(_Recording(out))
        return made[-1]

    monkeypatch.setattr(names, "vocab_stems", recording_stems)
    for lang, text in cases:
        made.clear()
        vocab = _Recording({"volunteers", "yesterday", "finalmente", "спасатели", "gestern"})
        find_names(text, lang, None, vocab)
        allowed = looked_up(text)
        assert vocab.asked, lang
        assert vocab.asked <= allowed, (lang, vocab.asked - allowed)
        asked_stems = {s for m in made for s in m.asked}
        assert (lang == "ru") == bool(asked_stems)
        assert asked_stems <= stems_of(allowed), (lang, asked_stems - stems_of(allowed))
