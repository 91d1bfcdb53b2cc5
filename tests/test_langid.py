"""Language identification: accuracy on held-out paragraphs, policy for short/mixed text."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest
from conftest import require

from transcheck import langid
from transcheck.langid import get_detector, identify, normalize_lang_code
from transcheck.model import Document, Paragraph

SAMPLES = Path(__file__).parent / "data" / "langid" / "samples.tsv"
HAS_LINGUA = importlib.util.find_spec("lingua") is not None


def samples() -> list[tuple[str, str]]:
    rows = []
    for line in SAMPLES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, text = line.split("\t", 1)
            rows.append((lang, text))
    return rows


def make_doc(text: str, declared: str | None = None, doc_id: str = "d") -> Document:
    blocks = text.split("\n\n")
    paragraphs, pos = [], 0
    for i, block in enumerate(blocks):
        paragraphs.append(Paragraph(i, pos, pos + len(block)))
        pos += len(block) + 2
    return Document(id=doc_id, path=f"{doc_id}.txt", text=text, declared_lang=declared,
                    paragraphs=paragraphs)  # fmt: skip


def accuracy(detector: str) -> tuple[float, list[tuple[str, str | None]]]:
    misses = []
    rows = samples()
    for lang, text in rows:
        doc = make_doc(text)
        identify(doc, detector)
        if doc.lang != lang:
            misses.append((lang, doc.lang))
    return 1 - len(misses) / len(rows), misses


def test_samples_cover_many_languages():
    langs = Counter(lang for lang, _ in samples())
    assert len(langs) >= 25
    assert "kk" in langs  # not in langdetect's profiles


def test_langdetect_accuracy_on_held_out_paragraphs():
    acc, misses = accuracy("langdetect")
    assert acc >= 0.95, misses


def test_lingua_accuracy_on_held_out_paragraphs():
    # the fast (trigram) mode; full "lingua" loads 1 GB of models, measured in the report
    require(HAS_LINGUA, "lingua-language-detector")
    acc, misses = accuracy("lingua-fast")
    assert acc >= 0.95, misses
    assert get_detector("lingua").name == "lingua"  # building is lazy and cheap


def test_iso_639_1_codes_only():
    doc = make_doc("市长星期一宣布，新的室内市场将在今年春天开始营业，附近的居民对此表示欢迎。")
    identify(doc)
    assert doc.lang == "zh"
    assert get_detector("langdetect").supports("zh")


def test_deterministic_and_order_independent():
    texts = [t for _, t in samples()]
    first = []
    for t in texts:
        doc = make_doc(t)
        identify(doc)
        first.append((doc.lang, doc.lang_confidence))
    second = []
    for t in reversed(texts):
        doc = make_doc(t)
        identify(doc)
        second.append((doc.lang, doc.lang_confidence))
    assert first == list(reversed(second))


ES_1 = (
    "La alcaldesa anunció el lunes que el nuevo mercado municipal abrirá sus puertas a "
    "principios de la primavera, después de dos años de obras."
)
ES_2 = (
    "Los comerciantes del barrio celebraron la noticia, aunque muchos lamentan que el "
    "aparcamiento prometido todavía no tenga fecha de inauguración."
)
EN_LONG = (
    "The council said the budget for the project had doubled since the first plans were "
    "drawn up, and that the extra money would come from the regional government."
)


def test_short_paragraph_inherits_document_language():
    doc = make_doc(f"{ES_1}\n\nOK, thanks.\n\n{ES_2}")
    notices = identify(doc)
    assert doc.lang == "es"
    assert [p.lang for p in doc.paragraphs] == ["es", "es", "es"]
    assert notices == []


def test_long_foreign_paragraph_is_marked_and_noticed():
    doc = make_doc(f"{ES_1}\n\n{EN_LONG}\n\n{ES_2}", doc_id="story")
    notices = identify(doc)
    assert doc.lang == "es"
    assert [p.lang for p in doc.paragraphs] == ["es", "en", "es"]
    assert doc.paragraphs[1].lang_confidence >= 0.9
    assert len(notices) == 1
    assert notices[0].code == "mixed-language"
    assert notices[0].doc == "story"
    assert notices[0].lang == "en"
    # offsets are kept: paragraphs are copies with a language, same spans
    assert doc.text[doc.paragraphs[1].start : doc.paragraphs[1].end] == EN_LONG


def test_names_and_titles_do_not_make_a_paragraph_foreign():
    names = (
        "El tribunal citó a Alexander Whitfield, Margaret O'Donnell, Christopher Hayes, "
        'Jonathan Pemberton y Elizabeth Crawford, autores del informe "The Long Road Home '
        'And Other Stories About Bridges".'
    )
    doc = make_doc(f"{ES_1}\n\n{names}\n\n{ES_2}")
    assert identify(doc) == []
    assert {p.lang for p in doc.paragraphs} == {"es"}


def test_short_paragraph_in_another_script_gets_its_own_language():
    doc = make_doc(f"{ES_1}\n\nМинистр заявил.\n\n{ES_2}")
    identify(doc)
    assert doc.paragraphs[1].lang in ("ru", "bg", "uk", "mk")
    assert doc.paragraphs[0].lang == "es"


def test_declared_language_wins_when_detection_is_unsure():
    doc = make_doc("Vale.", declared="es")
    identify(doc)
    assert doc.lang == "es"


def test_confident_detection_beats_a_wrong_declaration():
    doc = make_doc(f"{EN_LONG}\n\n{EN_LONG.replace('council', 'mayor')}", declared="de")
    identify(doc)
    assert doc.lang == "en"
    assert doc.lang_confidence >= 0.9


def test_kazakh_with_langdetect():
    kk = [t for lang, t in samples() if lang == "kk"]
    doc = make_doc("\n\n".join(kk))
    identify(doc, "langdetect")
    assert doc.lang == "kk"
    # a declared language the detector does not know is trusted when the script fits
    doc = make_doc("Бұл қысқа мәтін.", declared="kk")
    identify(doc, "langdetect")
    assert doc.lang == "kk"
    assert not get_detector("langdetect").supports("kk")


def test_kazakh_letters_versus_other_cyrillic_alphabets():
    det = get_detector("langdetect")
    kazakh = "Ол бүгін кешке жаңа кітапханаға барып, екі кітап алды."
    ukrainian = "Він сказав, що місто відновить старий міст до кінця осені."
    russian = "Он сказал, что город восстановит старый мост до конца осени."
    assert langid._detect(kazakh, det)[0][0] == "kk"
    assert langid._detect(ukrainian, det)[0][0] == "uk"
    assert langid._detect(russian, det)[0][0] == "ru"


def test_kazakh_paragraphs_are_not_foreign_in_a_kazakh_document():
    kk = [t for lang, t in samples() if lang == "kk"]
    ru = [t for lang, t in samples() if lang == "ru"]
    # paragraphs with few Kazakh letters read as Russian to langdetect; not a foreign passage
    doc = make_doc("\n\n".join(kk + [kk[0] + " " + kk[1]]), declared="kk")
    assert identify(doc, "langdetect") == []
    assert doc.lang == "kk"
    assert ru  # the Russian samples differ from the Kazakh ones
    assert set(ru).isdisjoint(kk)


def test_no_text_at_all():
    doc = make_doc("12 345 — 2024", declared=None)
    assert identify(doc) == []
    assert doc.lang is None
    assert doc.paragraphs[0].lang is None


def test_unknown_detector_lists_known_names():
    with pytest.raises(ValueError, match="known: langdetect, lingua, lingua-fast"):
        get_detector("nope")


def test_missing_lingua_says_how_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "lingua", None)
    langid.get_detector.cache_clear()
    langid._lingua_detector.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"pip install 'transcheck\[lingua\]'"):
            get_detector("lingua")
    finally:
        langid.get_detector.cache_clear()
        langid._lingua_detector.cache_clear()


@pytest.mark.parametrize(
    ("code", "strict", "expected"),
    [
        ("pt-BR", False, "pt"),
        ("zh-cn", False, "zh"),
        ("zh_TW", True, "zh"),
        ("spa", True, "es"),
        ("iw", True, "he"),
        ("EN", True, "en"),
        ("v2", True, None),
        ("xx", True, None),
        ("final", True, None),
        ("", False, None),
    ],
)
def test_normalize_lang_code(code, strict, expected):
    assert normalize_lang_code(code, strict=strict) == expected
