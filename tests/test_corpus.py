"""Corpus loading on hostile input: encodings, binary files, markup, odd names and folders."""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transcheck import corpus
from transcheck.corpus import iter_corpus, load_document, read_document_text
from transcheck.model import Document, FileError

RU = (
    "Министр финансов заявил во вторник, что правительство снизит налоги "
    "для малого бизнеса в следующем году.\n\nОппозиция назвала это решение запоздалым."
)
FR = (
    "Le maire a annoncé jeudi que la bibliothèque municipale rouvrira ses portes "
    "après des travaux d'été.\n\nLes habitants étaient nombreux à attendre cette décision."
)


def paragraphs(doc: Document) -> list[str]:
    return [doc.text[p.start : p.end] for p in doc.paragraphs]


def load_all(*paths, **kw) -> dict[str, Document | FileError]:
    out: dict[str, Document | FileError] = {}
    for item in iter_corpus([str(p) for p in paths], **kw):
        key = item.id if isinstance(item, Document) else "ERR:" + os.path.basename(item.path)
        out[key] = item
    return out


def load_one(path) -> Document | FileError:
    return load_document(path)


def assert_offsets(doc: Document) -> None:
    for i, p in enumerate(doc.paragraphs):
        assert p.index == i
        chunk = doc.text[p.start : p.end]
        assert chunk == chunk.strip()
        assert chunk
        assert p.lang is None


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        (RU.encode("utf-16-le"), "utf-16-le", RU),
        (RU.encode("utf-16-be"), "utf-16-be", RU),
        (FR.encode("utf-16-le"), "utf-16-le", FR),
        (FR.encode("utf-16-be"), "utf-16-be", FR),
        (b"\xff\xfe" + RU.encode("utf-16-le"), "utf-16-le", RU),
        (b"\xfe\xff" + FR.encode("utf-16-be"), "utf-16-be", FR),
        (b"\xef\xbb\xbf" + FR.encode(), "utf-8-sig", FR),
        (b"\xff\xfe\x00\x00" + RU.encode("utf-32-le"), "utf-32-le", RU),
        (FR.encode(), "utf-8", FR),
    ],
)
def test_unicode_encodings(tmp_path, data, encoding, expected):
    f = tmp_path / "a.txt"
    f.write_bytes(data)
    doc = load_one(f)
    assert isinstance(doc, Document), doc
    assert doc.encoding == encoding
    assert doc.text == expected
    assert paragraphs(doc) == expected.split("\n\n")
    assert_offsets(doc)


def test_cp1251_russian(tmp_path):
    f = tmp_path / "ru.txt"
    f.write_bytes(RU.encode("cp1251"))
    doc = load_one(f)
    assert isinstance(doc, Document)
    assert doc.text == RU
    assert doc.encoding == "cp1251"


def test_latin1_french(tmp_path):
    f = tmp_path / "fr_latin1.txt"
    f.write_bytes(FR.encode("latin-1"))
    doc = load_one(f)
    assert isinstance(doc, Document)
    assert doc.text == FR
    assert doc.encoding in ("cp1252", "iso8859-1", "iso8859-15")
    assert doc.declared_lang is None  # "fr_latin1" is not a language tag


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        (
            "latin-1",
            "El alcalde de Peñaranda dijo que los niños volverán el miércoles, según Ibáñez.",
        ),
        ("cp1250", "Prezydent powiedział, że żółta jaźń i gęśla to zdanie testowe dla nas."),
        ("cp1250", "Příliš žluťoučký kůň úpěl ďábelské ódy, řekl starosta v pondělí ráno."),
        ("cp1252", "Ministeren sa at brøden var for høy, og at næringslivet må få støtte."),
        ("latin-1", "Der Bürgermeister sagte, dass die Straße für Fußgänger gesperrt wird."),
        ("iso8859-7", "Ο δήμαρχος ανακοίνωσε τη Δευτέρα ότι η νέα αγορά θα ανοίξει σύντομα."),
        ("koi8-r", "Мэр города объявила в понедельник, что новый рынок откроется весной."),
        ("iso8859-2", "Burmistrz ogłosiła w poniedziałek, że nowa hala zostanie otwarta."),
        ("cp1254", "Belediye başkanı pazartesi günü yeni çarşının açılacağını duyurdu."),
        ("gb18030", "市长星期一宣布，新的室内市场将在今年春天开始营业。"),
        ("shift_jis", "市長は月曜日、新しい屋内市場が春の初めに開業すると発表した。"),
        ("euc-kr", "시장은 월요일에 새 실내 시장이 문을 열 것이라고 발표했다."),
        # short texts, where guessers are weakest
        ("latin-1", "El niño comió."),
        ("cp1250", "Příliš žluťoučký kůň"),
        ("cp1251", "Привет мир"),
        ("latin-1", "été"),
        ("cp1251", "Да"),
        ("gb18030", "中国"),
    ],
)
def test_legacy_single_byte_encodings(tmp_path, encoding, text):
    f = tmp_path / "a.txt"
    f.write_bytes(text.encode(encoding))
    doc = load_one(f)
    assert isinstance(doc, Document)
    assert doc.text == text, doc.encoding


def test_mostly_utf8_with_stray_bytes(tmp_path):
    mixed = "Première partie : le maire a déclaré.\n\n".encode() + "Señor Ibáñez.".encode("latin-1")
    f = tmp_path / "mixed.txt"
    f.write_bytes(mixed)
    doc = load_one(f)
    assert doc.text == "Première partie : le maire a déclaré.\n\nSeñor Ibáñez."
    assert doc.encoding == "utf-8+cp1252"
    truncated = tmp_path / "cut.txt"
    truncated.write_bytes("Él dijo «sí» y se fue.".encode() + "é".encode()[:1])
    doc = load_one(truncated)
    assert doc.text == "Él dijo «sí» y se fue.\ufffd"


def test_html_meta_charset_wins_over_guess(tmp_path):
    f = tmp_path / "p.html"
    body = "<p>Привет, мир! Это проверка кодировки.</p>"
    f.write_bytes(('<meta charset="koi8-r">' + body).encode("koi8-r"))
    doc = load_one(f)
    assert isinstance(doc, Document)
    assert doc.encoding == "koi8-r"
    assert doc.text == "Привет, мир! Это проверка кодировки."


def test_newlines_and_nfc(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("Cafe\u0301 one.\r\n\r\nTwo\rthree.\n".encode())
    doc = load_one(f)
    assert doc.text == "Café one.\n\nTwo\nthree.\n"
    assert paragraphs(doc) == ["Café one.", "Two\nthree."]


# ---------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"hello\x00world, this is text", "not text: binary content (NUL bytes)"),
        (bytes(range(256)) * 40, "not text: binary content (NUL bytes)"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" * 50, "not text: binary content (NUL bytes)"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 200, "not text: binary content"),
        (b"", "empty file"),
        (b"  \n\n\t \r\n", "empty file"),
    ],
)
def test_bad_content(tmp_path, data, error):
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    item = load_one(f)
    assert isinstance(item, FileError)
    assert item.error.startswith(error)
    assert "\n" not in item.error
    assert item.error[0].islower()


def test_too_large_is_rejected_by_size(tmp_path):
    f = tmp_path / "big.txt"
    f.write_bytes(b"word " * 300_000)  # 1.5 MB
    item = next(iter_corpus([f], max_bytes=1_000_000))
    assert isinstance(item, FileError)
    assert item.error == "too large: 1.5 MB (limit 1.0 MB)"


def test_one_megabyte_line(tmp_path):
    f = tmp_path / "line.txt"
    f.write_text("mot " * 250_000)
    doc = load_one(f)
    assert isinstance(doc, Document)
    assert len(doc.paragraphs) == 1
    assert paragraphs(doc)[0] == ("mot " * 250_000).strip()


def test_iteration_continues_past_bad_files(tmp_path):
    (tmp_path / "a.txt").write_text("First good file.")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02\x00\x00\x03" * 10)
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.md").write_text("Last good file.")
    items = list(iter_corpus([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Document", "FileError", "FileError", "Document"]
    assert [i.id for i in items if isinstance(i, Document)] == ["a", "d"]


def test_unreadable_file(tmp_path, monkeypatch):
    f = tmp_path / "secret.txt"
    f.write_text("You cannot read me.")
    (tmp_path / "ok.txt").write_text("But me you can.")
    f.chmod(0)
    try:
        if os.geteuid() == 0:
            # root reads mode-000 files: simulate the permission error at open()
            real_open = open

            def fake_open(path, *args, **kwargs):
                if os.fspath(path).endswith("secret.txt"):
                    raise PermissionError(13, "Permission denied")
                return real_open(path, *args, **kwargs)

            monkeypatch.setattr("builtins.open", fake_open)
        items = load_all(tmp_path)
    finally:
        f.chmod(0o644)
    assert items["ERR:secret.txt"].error == "permission denied"
    assert isinstance(items["ok"], Document)


def test_file_vanishing_between_listing_and_reading(tmp_path):
    (tmp_path / "a.txt").write_text("Here now.")
    (tmp_path / "b.txt").write_text("Gone soon.")
    seen = []
    for item in iter_corpus([tmp_path]):
        seen.append(item)
        if isinstance(item, Document) and item.id == "a":
            (tmp_path / "b.txt").unlink()
    assert isinstance(seen[1], FileError)
    assert seen[1].error.startswith("vanished")


def test_missing_root_and_directory_reasons(tmp_path):
    items = list(iter_corpus([tmp_path / "nope.txt"]))
    assert items == [FileError(items[0].path, "no such file or folder")]
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "missing-target.txt")
    err = list(iter_corpus([tmp_path]))
    assert [e.error for e in err] == ["broken symbolic link"]


# ---------------------------------------------------------------- folders and names


def test_folder_walk_order_ids_and_skips(tmp_path, monkeypatch):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Zed.")
    (tmp_path / "b" / "a.html").write_text("<p>Ay.</p>")
    (tmp_path / "a.md").write_text("Top.")
    (tmp_path / "story.es.txt").write_text("Hola.")
    (tmp_path / "notes.pdf").write_text("ignored")
    (tmp_path / ".hidden.txt").write_text("hidden")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("hidden")
    for skipped in ("reports", "glossaries"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "r.txt").write_text("not an article")
    (tmp_path / "b" / "reports").mkdir()  # only skipped at the corpus root
    (tmp_path / "b" / "reports" / "r.txt").write_text("An article.")
    monkeypatch.chdir(tmp_path)
    docs = list(iter_corpus(["."]))
    assert [d.id for d in docs] == ["a", "b/a", "b/reports/r", "b/z", "story.es"]
    assert [d.path for d in docs] == [
        "a.md",
        os.path.join("b", "a.html"),
        os.path.join("b", "reports", "r.txt"),
        os.path.join("b", "z.txt"),
        "story.es.txt",
    ]
    assert docs[-1].declared_lang == "es"


def test_paths_outside_cwd_are_absolute(tmp_path, monkeypatch):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("Text.")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    (doc,) = iter_corpus([tmp_path / "c"])
    assert doc.path == str(tmp_path / "c" / "a.txt")
    assert doc.id == "a"


def test_explicit_file_with_other_extension_and_hidden_name(tmp_path):
    f = tmp_path / ".notes.text"
    f.write_text("Plain words.")
    (doc,) = iter_corpus([f])
    assert doc.id == ".notes"
    assert doc.text == "Plain words."


def test_symlink_loop_terminates(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Once.")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    (tmp_path / "self").symlink_to(tmp_path / "self")  # a link to itself
    docs = list(iter_corpus([tmp_path]))
    assert [d.id for d in docs if isinstance(d, Document)] == ["sub/a"]


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems reject non-UTF-8 names")
def test_non_utf8_file_name(tmp_path):
    name = os.fsencode(str(tmp_path)) + b"/caf\xe9.txt"
    with open(name, "wb") as fh:
        fh.write(b"Une phrase.")
    (doc,) = iter_corpus([tmp_path])
    assert doc.id == "caf\ufffd"
    assert doc.path.endswith("caf\ufffd.txt")
    doc.path.encode("utf-8")  # printable and writable as UTF-8
    assert doc.text == "Une phrase."


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("story.es.txt", "es"),
        ("story.pt-BR.md", "pt"),
        ("story.zh_CN.txt", "zh"),
        ("kk.txt", "kk"),
        ("01_wire_en.txt", "en"),
        ("story-de.html", "de"),
        ("story_pt_BR.md", "pt"),
        ("photo_id.txt", None),
        ("fr_latin1.txt", None),
        ("story_ES.txt", None),
        ("report.v2.txt", None),
        ("story.final.txt", None),
        ("story.bak.txt", None),
        ("story.spa.txt", "es"),
        ("story.txt", None),
    ],
)
def test_language_from_file_name(tmp_path, name, lang):
    f = tmp_path / name
    f.write_text("Some words here.")
    doc = load_one(f)
    assert doc.declared_lang == lang
    assert doc.id == name.rsplit(".", 1)[0]


# ---------------------------------------------------------------- markup


def test_front_matter_is_removed_and_declares_language(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("---\ntitle: Test\nlang: es\n---\nPrimer párrafo.\n\nSegundo párrafo.\n")
    doc = load_one(f)
    assert doc.declared_lang == "es"
    assert doc.text == "Primer párrafo.\n\nSegundo párrafo.\n"
    assert paragraphs(doc) == ["Primer párrafo.", "Segundo párrafo."]
    unclosed = tmp_path / "b.txt"
    unclosed.write_text("---\nlang: es\nNo closing line.")
    assert load_one(unclosed).text.startswith("---")


def test_markdown_is_reduced_to_text(tmp_path):
    f = tmp_path / "a.md"
    f.write_text(
        "---\nlang: pt-BR\n---\n# Título\n\nUm *texto* com [ligação](http://x.example) "
        "e **negrito**.\n\n> Uma citação\n\n- item um\n- item dois\n"
    )
    doc = load_one(f)
    assert doc.declared_lang == "pt"
    assert paragraphs(doc) == [
        "Título",
        "Um texto com ligação e negrito.",
        "Uma citação",
        "item um",
        "item dois",
    ]
    assert_offsets(doc)
    assert read_document_text(str(f)) == doc.text


def test_html_drops_scripts_and_splits_blocks(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(
        '<!DOCTYPE html><html lang="es-ES"><head><title>Título</title>'
        "<style>p { color: red }</style></head><body>"
        '<script>var s = "<p>no</p>";</script><noscript>Activa JS</noscript>'
        "<h1>Caf&eacute; &amp; t&#233;</h1><p>Primer <b>párrafo</b>,\n  en dos líneas."
        "<br>Después del salto</p><ul><li>uno</li><li>dos</li></ul>"
        "<template><p>plantilla</p></template><div>fin</div></body></html>"
    )
    doc = load_one(f)
    assert isinstance(doc, Document)
    assert doc.declared_lang == "es"
    assert paragraphs(doc) == [
        "Café & té",
        "Primer párrafo, en dos líneas.",
        "Después del salto",
        "uno",
        "dos",
        "fin",
    ]
    assert_offsets(doc)


def test_html_without_closing_head(tmp_path):
    f = tmp_path / "p.htm"
    f.write_text("<html><head><title>x</title><body><p>Visible text.</p>")
    assert paragraphs(load_one(f)) == ["Visible text."]


def test_html_with_no_text(tmp_path):
    f = tmp_path / "p.html"
    f.write_text("<html><script>only()</script></html>")
    item = load_one(f)
    assert isinstance(item, FileError)
    assert item.error == "no text after removing markup"


def test_deeply_nested_markup(tmp_path):
    html = tmp_path / "deep.html"
    html.write_text("<div>" * 10_000 + "Deep text" + "</div>" * 10_000)
    assert paragraphs(load_one(html)) == ["Deep text"]
    md = tmp_path / "deep.md"
    md.write_text(">" * 10_000 + " deep quote\n")
    doc = load_one(md)
    assert isinstance(doc, Document)
    assert "deep quote" in doc.text


def test_read_document_text(tmp_path):
    f = tmp_path / "a.html"
    f.write_text("<p>One.</p><p>Two.</p>")
    assert read_document_text(str(f)) == "One.\n\nTwo."
    assert read_document_text(str(tmp_path / "missing.txt")) is None
    assert read_document_text(str(tmp_path)) is None
    assert read_document_text("") is None
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01" * 100)
    assert read_document_text(str(tmp_path / "bin.txt")) is None


def test_charset_guesser_failure_is_an_error_not_a_crash(tmp_path, monkeypatch):
    import charset_normalizer

    def boom(*args, **kwargs):
        raise RuntimeError("guesser broke")

    monkeypatch.setattr(charset_normalizer, "from_bytes", boom)
    f = tmp_path / "a.txt"
    f.write_bytes("Déjà vu, à côté.".encode("latin-1"))
    item = load_one(f)
    assert isinstance(item, FileError)
    assert item.error.startswith("not text: unknown encoding")


def test_module_constants():
    assert {".txt", ".md", ".markdown", ".html", ".htm"} | {
        ".xlf",
        ".xliff",
        ".po",
        ".pot",
        ".tmx",
    } == corpus.SUPPORTED_SUFFIXES


def test_folder_reached_twice_keeps_its_first_name(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_text("Once only.")
    (tmp_path / "a").symlink_to(tmp_path / "b")  # sorts first, so its name wins
    (tmp_path / "z").symlink_to(tmp_path / "b")
    assert [d.id for d in iter_corpus([tmp_path])] == ["a/x"]


def test_unlistable_folder_is_reported_and_the_rest_read(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text("Hidden away.")
    (tmp_path / "ok.txt").write_text("Readable.")
    locked.chmod(0)
    try:
        if os.geteuid() == 0:  # root lists mode-000 folders: simulate the refusal
            real_scandir = os.scandir

            def fake_scandir(path):
                if os.fspath(path).endswith("locked"):
                    raise PermissionError(13, "Permission denied")
                return real_scandir(path)

            monkeypatch.setattr(os, "scandir", fake_scandir)
        items = list(iter_corpus([tmp_path]))
    finally:
        locked.chmod(0o755)
    assert [(type(i).__name__, getattr(i, "error", None)) for i in items] == [
        ("FileError", "cannot list folder: permission denied"),
        ("Document", None),
    ]


# ---------------------------------------------------------------- properties

_FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _check_item(item) -> None:
    if isinstance(item, FileError):
        assert item.error
        assert "\n" not in item.error
        return
    assert isinstance(item, Document)
    assert item.text.strip()
    assert "\r" not in item.text
    previous_end = -1
    for p in item.paragraphs:
        assert previous_end < p.start < p.end <= len(item.text)
        chunk = item.text[p.start : p.end]
        assert chunk == chunk.strip()
        assert chunk
        previous_end = p.end


@_FUZZ
@given(data=st.binary(max_size=3000))
def test_any_bytes_give_a_document_or_an_error(tmp_path, data):
    f = tmp_path / "fuzz.txt"
    f.write_bytes(data)
    _check_item(load_one(f))


@_FUZZ
@given(
    text=st.text(
        alphabet=st.sampled_from(list("ab é<>/&;#\n\r\t-*_[]()!`>pdivscrhtml=\"'ñж中\u00a0\u0301")),
        max_size=400,
    ),
    suffix=st.sampled_from([".txt", ".md", ".html"]),
)
def test_any_markup_gives_valid_paragraph_offsets(tmp_path, text, suffix):
    f = tmp_path / ("fuzz" + suffix)
    f.write_text(text, encoding="utf-8")
    _check_item(load_one(f))
