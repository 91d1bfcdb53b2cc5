"""The gazetteer (GeoNames, CLDR, ISO) and the knowledge built on it: exonyms, former names,
near-synonyms for figures' frames, names cut short."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transcheck import gazetteer as gz


def test_current_and_former_names_resolve_to_one_place():
    assert gz.lookup("Kyiv") == gz.lookup("Kiev")
    assert gz.lookup("Bombay").name == "Mumbai"
    assert gz.lookup("Saigon").name == "Ho Chi Minh City"
    assert gz.lookup("Alma-Ata").name == "Almaty"
    assert gz.lookup("St. Petersburg").name == "Saint Petersburg"  # abbreviation expanded


def test_exonyms_across_languages_are_one_place():
    assert gz.is_exonym_pair("Greece", "en", "Grèce", "fr")
    assert gz.is_exonym_pair("Grecia", "es", "Griechenland", "de")
    assert gz.is_exonym_pair("Pyongyang", "en", "Pjöngjang", "de")
    assert gz.is_exonym_pair("Corea", "es", "Corée", "fr")  # core of North/South Korea
    assert gz.is_exonym_pair("Yugoslavia", "en", "Jugoslávia", "pt")  # transliterated
    assert gz.is_exonym_pair("Китай", "ru", "Қытай", "kk")
    assert not gz.is_exonym_pair("Greece", "en", "Grèce", "en")  # one language: no exonym
    assert not gz.same_place("Greece", "Turkey")
    assert not gz.same_place("Paris", "London")


def test_ambiguous_names_go_to_the_likeliest_place():
    assert gz.lookup("Paris").country == "FR"  # the capital, not the towns in Texas
    assert gz.lookup("Georgia").kind == "country"
    assert gz.lookup("Vietnam").kind == "country"  # not the historic Viet-Nam
    assert gz.lookup("Trump") is None
    assert gz.lookup("Moon") is None


def test_name_kind_says_what_the_other_name_is():
    kyiv = gz.lookup("Kyiv")
    assert gz.name_kind("Kyiv", kyiv) == "current name"
    assert gz.name_kind("Kiev", kyiv) == "transliteration"
    assert gz.name_kind("Bombay", gz.lookup("Mumbai")).startswith("alternate")
    assert gz.name_kind("Yugoslavia", gz.lookup("Yugoslavia")) == "current name"


def test_country_of_derived_words():
    assert gz.country_of_word("Bolivians") & gz.country_of_word("Boliviens")
    assert gz.country_of_word("Mazedoniens") == frozenset({"country:MK"})
    assert not gz.country_of_word("Tribunal")


@pytest.mark.slow
def test_index_is_kept_on_disk_and_answers_as_the_tables_in_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSCHECK_GAZETTEER_CACHE", str(tmp_path))
    gz.gazetteer.cache_clear()
    try:
        first = gz.gazetteer()
        files = list(tmp_path.glob("gazetteer-*.sqlite3"))
        assert len(files) == 1
        assert isinstance(first, gz.StoredGazetteer)  # read from the file, not held
        assert len(first) > 30000
        gz.gazetteer.cache_clear()
        assert len(gz.gazetteer()) == len(first)  # opened again
        data = gz._build()
        in_memory = gz.Gazetteer(data)
        for table, loose in ((data["names"], False), (data["loose"], True)):
            keys = sorted(table)
            for key in keys[:: max(1, len(keys) // 1500)]:
                assert first.matches(key, loose=loose) == in_memory.matches(key, loose=loose)
    finally:
        gz.gazetteer.cache_clear()


def test_a_broken_index_file_is_built_again(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSCHECK_GAZETTEER_CACHE", str(tmp_path))
    path = gz._cache_file(gz._sources())
    path.write_bytes(b"not an index")
    gz.gazetteer.cache_clear()
    try:
        assert gz.lookup("Bombay").name == "Mumbai"
        assert isinstance(gz.gazetteer(), gz.StoredGazetteer)
    finally:
        gz.gazetteer.cache_clear()


def _lookup_in_child(conn) -> None:
    import os

    name = gz.lookup("Saigon").name
    stored = gz.gazetteer()
    conn.send((name, not isinstance(stored, gz.StoredGazetteer) or stored._pid == os.getpid()))
    conn.close()


def test_a_forked_process_opens_its_own_connection():
    import multiprocessing

    assert gz.lookup("Kiev").name == "Kyiv"  # the parent's connection is open
    forking = multiprocessing.get_context("fork")
    reader, writer = forking.Pipe(duplex=False)
    child = forking.Process(target=_lookup_in_child, args=(writer,))
    child.start()
    writer.close()
    assert reader.recv() == ("Ho Chi Minh City", True)  # on a connection of its own
    child.join()
    assert child.exitcode == 0
    assert gz.lookup("Alma-Ata").name == "Almaty"  # and the parent's still answers


def test_near_synonyms_from_wordnet():
    from conftest import require

    from transcheck import wordnet
    from transcheck.synonyms import near_synonyms

    require(wordnet.available(), "wordnet-base")
    for a, b in [("detained", "arrested"), ("detain", "arrests"), ("injured", "wounded")]:
        assert near_synonyms(a, b), (a, b)
    for a, b in [("killed", "injured"), ("arrested", "released"), ("arrested", "killed")]:
        assert not near_synonyms(a, b), (a, b)


def test_governing_words_are_dictionary_forms():
    from transcheck.align.facts import governing_words, vague

    gov = governing_words("Police detained 112 people after the protest", "112", 112, "en")
    assert "detain" in gov
    assert "people" not in gov
    text = "Several hundred workers gathered"
    assert vague(text, text.index("hundred"), text.index("hundred") + 7)
    assert not vague("Two hundred workers", 4, 11)


_GOVERNING_WORDS = [
    "police",
    "detained",
    "the",
    "people",
    "after",
    "protest",
    "2024",
    "were",
    "rose",
    "to",
    "workers",
    "percent",
    "said",
    "a",
    "of",
    "figures",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_GOVERNING_WORDS), max_size=14),
    st.lists(st.sampled_from(_GOVERNING_WORDS), max_size=14),
)
def test_governing_words_look_up_only_the_nearest(before, after):
    """Only the nearest words on each side are looked up: the frame is the one that
    every word of the sentence looked up gives."""
    from transcheck.align import facts
    from transcheck.textnorm import content_words

    sentence = " ".join([*before, "112", *after])

    def everything(words):
        lemmas = (facts._lemma(w, "en") for w in words)
        return [w for w in lemmas if w not in facts.GENERIC and not w.isdigit() and len(w) > 2]

    at = sentence.index("112")
    expected = tuple(
        dict.fromkeys(
            everything(content_words(sentence[:at], "en"))[-facts.WINDOW :]
            + everything(content_words(sentence[at + 3 :], "en"))[: facts.WINDOW]
        )
    )
    assert facts.governing_words(sentence, "112", 112, "en") == expected


def _form(text: str, *docs: str):
    from collections import Counter

    from transcheck.align.names import NameForm
    from transcheck.model import NameMention
    from transcheck.textnorm import name_tokens, script_of

    form = NameForm(text, tuple(name_tokens(text)), script_of(text))
    form.mentions.extend((doc, NameMention(0, len(text), text)) for doc in docs)
    form.langs = Counter({"en": 1})
    form.mid_sentence = 1
    return form


def test_names_cut_short_are_variants_surnames_alone_are_not():
    from transcheck.align.names import find_name_variants

    forms = {
        f.text: f
        for f in [
            _form("Moon Jae-in", "a"),
            _form("Moon Jae", "b"),
            _form("Moon", "c"),
            _form("Nguyen Van Thanh", "a"),
            _form("Nguyen Thanh", "c"),
            _form("George W. Bush", "a"),
            _form("George Bush", "b"),
            _form("South Korean-owned", "a"),
            _form("South Korean", "b"),
            _form("Hanoi", "a", "b", "c"),  # the story they share
        ]
    }
    cut = {(p.shortened, p.a.text, p.b.text) for p in find_name_variants(forms) if p.shortened}
    assert ("Moon Jae", "Moon Jae", "Moon Jae-in") in cut
    assert ("Nguyen Thanh", "Nguyen Thanh", "Nguyen Van Thanh") in cut
    assert len(cut) == 2, cut  # not the surname alone, a dropped initial, or 'Korean-owned'


def test_place_groups_flag_two_names_in_one_language_only():
    from collections import Counter

    from transcheck.align.places import find_place_groups

    def form(text, lang, *docs, votes=1):
        f = _form(text, *docs)
        f.langs = Counter({lang: len(docs)})
        f.place_votes = votes
        return f

    doc_lang = {"e1": "en", "e2": "en", "e3": "en", "f1": "fr", "d1": "de"}
    forms = {
        f.text: f
        for f in [
            form("Kyiv", "en", "e1", "e2"),
            form("Kiev", "en", "e3"),
            form("Greece", "en", "e1"),
            form("Grèce", "fr", "f1"),
            form("Pyongyang", "en", "e1"),
            form("Pjöngjang", "de", "d1"),
            form("Czech Republic", "en", "e1"),
            form("Czechia", "en", "e2"),
            form("Burma", "en", "e1"),
            form("Myanmar", "en", "e2"),
        ]
    }
    groups = {g.place.name: g for g in find_place_groups(forms, doc_lang)}
    assert groups["Kyiv"].languages == ["en"]
    assert groups["Kyiv"].kinds == {"Kyiv": "current name", "Kiev": "transliteration"}
    assert groups["Greece"].languages == []
    assert groups["Pyongyang"].languages == []
    assert groups["Czechia"].languages == []  # short and official names, both current
    assert groups["Myanmar"].languages == ["en"]
    assert groups["Myanmar"].kinds["Burma"] == "former name"
    # 'Kiev' is the surname of someone named in full here, and never used as a place
    forms["Oleg Kiev"] = form("Oleg Kiev", "en", "e1", votes=0)
    forms["Kiev"].place_votes = 0
    assert "Kyiv" not in {g.place.name for g in find_place_groups(forms, doc_lang)}
    forms["Kiev"].place_votes = 1  # 'in Kiev': the place after all
    assert "Kyiv" in {g.place.name for g in find_place_groups(forms, doc_lang)}
