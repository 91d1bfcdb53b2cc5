"""A table of hostile corpus files for tests/test_hostile.py, each with its expected outcome.

Every case writes one (or a few) bad files into a corpus folder that already holds two good
articles. The expected outcome is one of:

* ``audited``  — the file is read as a document (``contains`` must appear in its text);
* ``error``    — the file is reported once in ``errors`` with a reason matching ``reason``;
* ``either``   — audited or reported, but never silently dropped and never a traceback;
* ``ignored``  — not an article at all (nothing to report), the run just goes on;
* ``notice``   — skipped on purpose (a link out of the corpus) with a notice matching ``reason``.

All text here is invented for these tests.
"""

from __future__ import annotations

import codecs
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from transcheck.mt.base import Engine, Pair

GOOD = {
    "good_en.txt": (
        "Valmora evacuates the river quarter\n\n"
        "The mayor of Valmora, Estela Quintero, said on Monday that 1,250 residents had been "
        "moved to safer ground. \u201cWe will not leave anyone behind,\u201d Quintero told "
        "reporters.\n\nThe river rose by 2.5 metres overnight, according to the Northern Water "
        "Board.\n"
    ),
    "good_es.txt": (
        "Valmora evacúa el barrio del río\n\n"
        "La alcaldesa de Valmora, Estela Quintero, dijo el lunes que 1.250 vecinos habían sido "
        "trasladados a zonas seguras. \u00abNo dejaremos a nadie atrás\u00bb, declaró Quintero "
        "a los periodistas.\n\nEl río subió 2,5 metros durante la noche, según la Junta del "
        "Agua del Norte.\n"
    ),
}

FRENCH = (
    "Le maire de Montclerc a déclaré\u202f: \u00ab\u00a0Nous reconstruirons l'école avant "
    "l'été.\u00a0\u00bb Environ 300 élèves attendent leur rentrée depuis le 3 mars.\n"
)
SPANISH = (
    "El alcalde de Peñaranda dijo que la situación era \u00abmuy grave\u00bb. Los niños "
    "volverán a la escuela el miércoles, según informó el señor Ibáñez a las 9:30.\n"
)
RUSSIAN = (
    "Мэр города Вальмора заявил в понедельник, что 1250 жителей были эвакуированы. "
    "\u00abМы никого не оставим\u00bb, \u2014 сказал он журналистам. Река поднялась на два с "
    "половиной метра за ночь, сообщили спасатели.\n"
)

Builder = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    id: str
    build: Builder  # writes the hostile file(s) into the corpus folder
    name: str  # file name fragment that identifies the hostile file in the report
    expect: str  # audited | error | either | ignored | notice
    reason: str = ""  # regex (case-insensitive) the error message must match
    contains: str = ""  # text the decoded document must contain (audited)


def _write(name: str | bytes, data: bytes) -> Builder:
    def build(corpus: Path) -> None:
        target = os.path.join(os.fsencode(corpus), os.fsencode(name))
        with open(target, "wb") as fh:
            fh.write(data)

    return build


def _sparse(name: str, size: int, head: bytes) -> Builder:
    def build(corpus: Path) -> None:
        with open(corpus / name, "wb") as fh:
            fh.write(head)
            fh.truncate(size)

    return build


def _symlink_loop(corpus: Path) -> None:
    os.symlink("loop_b.txt", corpus / "loop_a.txt")
    os.symlink("loop_a.txt", corpus / "loop_b.txt")


def _folder_loop(corpus: Path) -> None:
    sub = corpus / "sub"
    sub.mkdir()
    (sub / "inside.txt").write_text("A short article inside a folder with a link loop.\n")
    os.symlink("..", sub / "up")


def _dangling(corpus: Path) -> None:
    os.symlink("does-not-exist.txt", corpus / "dangling.txt")


def _dev_null(corpus: Path) -> None:
    os.symlink(os.devnull, corpus / "devnull.txt")


def _folder_named_txt(corpus: Path) -> None:
    (corpus / "folder.txt").mkdir()


def _deep_html(depth: int) -> bytes:
    inner = "<p>Deep text about the Valmora dam, 42 metres high.</p>"
    return ("<html><body>" + "<div>" * depth + inner + "</div>" * depth + "</body></html>").encode()


def _long_line() -> bytes:
    """About 1 MB of prose on one line (no newline), with a figure and a name now and then."""
    filler = (
        "The council discussed the budget for the new bridge and the repairs of the old "
        "road. Residents waited outside in the rain for news about their homes. "
    )
    parts, size, i = [], 0, 0
    while size < 1_000_000:
        part = filler * 12 + f"Sentence {i} says that {i * 7 % 1000} people met Estela Quintero. "
        parts.append(part)
        size += len(part)
        i += 1
    return "".join(parts).encode()


def _max_bytes() -> int:
    from transcheck import corpus

    return int(getattr(corpus, "DEFAULT_MAX_BYTES", 50_000_000))


UNBALANCED = (
    "The minister said \u201cwe will rebuild the bridge and then stopped.\n\n"
    "A second paragraph \u00ab opens again without closing. And \u201cnested \u2018inner "
    "\u201cdeeper\u201d\u2019 outer\u201d then \u201d a stray closer and a \u201c.\n\n"
    'Plain "straight quotes "inside" straight" and don\'t l\u2019\u00c9tat O\'Neill.\n'
)
RTL = (
    "\u05e8\u05d0\u05e9 \u05d4\u05e2\u05d9\u05e8 \u05d0\u05de\u05e8: \u201c\u05e0\u05d1\u05e0\u05d4"
    " \u05d0\u05ea \u05d4\u05d2\u05e9\u05e8\u201d. \u202eEvil override\u202c 1,250 "
    "\u0627\u0644\u0639\u0645\u062f\u0629 \u0642\u0627\u0644\u062a \u00ab\u0633\u0646\u0639\u064a"
    "\u062f \u0627\u0644\u0628\u0646\u0627\u0621\u00bb \u0665\u0660\u0660 \u0634\u062e\u0635.\n"
)
COMBINING = (
    "Cafe\u0301 owner Jose\u0301 Ni\u0303o said \u201cZ\u0351\u0352a\u0353\u0354l\u0355g\u0356o"
    "\u0357 is coming\u201d to Valmora on 3 March; 12\u0301 people agreed.\n\n"
    "A lone combining mark \u0301 at a word start, and \u0e01\u0e34\u0e4a Thai stacks.\n"
)
EMOJI = (
    "The mayor \U0001f468\u200d\U0001f469\u200d\U0001f467 of Valmora \U0001f1ea\U0001f1f8 said "
    "\u201cwe will rebuild \U0001f309 by May\u201d \U0001f44d\U0001f3fd. 1,250 \U0001f3e0 "
    "were lost.\n\n\U0001f525\U0001f525\U0001f525 Estela Quintero \u2764\ufe0f\n"
)
HTML_MESSY = (
    b"<html><head><title>Valmora</title><script>var s='<p>not text</p>';</script>"
    b"<style>p{color:red}</style></head><body><p>Unclosed <b>bold <i>italic"
    b"<p>Second &amp; third &unknown; &#x1F600; &#99999999; paragraph with 1,250 people."
    b"<div><p>The mayor said &ldquo;we will rebuild&rdquo;</div></p></p></body>"
)
MIXED_ENCODINGS = (
    "Première partie en UTF-8 : le maire a déclaré que 300 élèves attendent.\n\n".encode()
    + "Segunda parte en latin-1: el señor Ibáñez dijo que la situación es grave.\n".encode(
        "latin-1"
    )
)

CASES: tuple[Case, ...] = (
    Case(
        "binary-png",
        _write("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64),
        "image.txt",
        "error",
        r"binary|not text",
    ),
    Case(
        "nul-bytes-in-text",
        _write("nuls.txt", b"An article with a NUL\x00 byte\x00 in\x00 the\x00 middle.\n" * 20),
        "nuls.txt",
        "error",
        r"nul|binary",
    ),
    Case(
        "utf16-le-bom",
        _write("u16le_bom.txt", codecs.BOM_UTF16_LE + FRENCH.encode("utf-16-le")),
        "u16le_bom",
        "audited",
        contains="reconstruirons l'école",
    ),
    Case(
        "utf16-be-bom",
        _write("u16be_bom.txt", codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be")),
        "u16be_bom",
        "audited",
        contains="reconstruirons l'école",
    ),
    Case(
        "utf16-le-no-bom",
        _write("u16le.txt", FRENCH.encode("utf-16-le")),
        "u16le",
        "audited",
        contains="reconstruirons l'école",
    ),
    Case(
        "utf16-be-no-bom",
        _write("u16be.txt", SPANISH.encode("utf-16-be")),
        "u16be",
        "audited",
        contains="Peñaranda",
    ),
    Case(
        "utf8-bom",
        _write("u8bom.txt", codecs.BOM_UTF8 + SPANISH.encode()),
        "u8bom",
        "audited",
        contains="El alcalde de Peñaranda",
    ),
    Case(
        "cp1251",
        _write("russian.txt", (RUSSIAN * 3).encode("cp1251")),
        "russian",
        "audited",
        contains="эвакуированы",
    ),
    Case(
        "latin-1",
        _write("latin1.txt", (SPANISH * 2).encode("latin-1")),
        "latin1",
        "audited",
        contains="señor Ibáñez",
    ),
    Case(
        "mixed-encodings",
        _write("mixed.txt", MIXED_ENCODINGS),
        "mixed",
        "either",
        r"encoding|decode|not text",
    ),
    Case(
        "truncated-utf8",
        _write("truncated.txt", SPANISH.encode()[:-1] + "é".encode()[:1]),
        "truncated",
        "either",
        r"encoding|decode|not text",
    ),
    Case("empty", _write("empty.txt", b""), "empty.txt", "error", r"empty"),
    Case(
        "whitespace-only",
        _write("blank.txt", b" \n\t\r\n  \n\xc2\xa0\n"),
        "blank.txt",
        "error",
        r"empty|no text",
    ),
    Case("bom-only", _write("bomonly.txt", codecs.BOM_UTF8), "bomonly.txt", "error", r"empty"),
    Case(
        "control-bytes",
        _write("ctrl.txt", bytes(range(1, 32)) * 200),
        "ctrl.txt",
        "error",
        r"binary|not text|control",
    ),
    Case(
        "huge-file",
        lambda corpus: _sparse("huge.txt", _max_bytes() + 1, b"A huge article. " * 100)(corpus),
        "huge.txt",
        "error",
        r"too large|size|limit",
    ),
    Case(
        "one-mb-line",
        _write("longline.txt", _long_line()),
        "longline",
        "audited",
        contains="Sentence 456 says",
    ),
    Case(
        "hundred-kb-word",
        _write("longword.txt", b"Start. " + b"x" * 100_000 + b" end of the word.\n"),
        "longword",
        "audited",
        contains="end of the word",
    ),
    Case(
        "deep-html",
        _write("deep.html", _deep_html(20_000)),
        "deep",
        "audited",
        contains="Deep text about the Valmora dam",
    ),
    Case(
        "messy-html",
        _write("messy.html", HTML_MESSY),
        "messy",
        "audited",
        contains="Second & third",
    ),
    Case(
        "symlink-loop",
        _symlink_loop,
        "loop_a.txt",
        "error",
        r"symbolic link|symlink|loop|levels",
    ),
    Case(
        "folder-symlink-loop",
        _folder_loop,
        "inside",
        "audited",
        contains="link loop",
    ),
    Case("dangling-symlink", _dangling, "dangling.txt", "error", r"broken|no such|missing"),
    Case(
        "symlink-to-device",
        _dev_null,
        "devnull.txt",
        "notice",
        r"symbolic link to outside the corpus",
    ),
    Case("folder-named-like-a-file", _folder_named_txt, "folder.txt", "ignored"),
    Case(
        "non-utf8-file-name",
        _write(b"caf\xe9-\xff.txt", "Un café à Valmora: 12 personnes.\n".encode()),
        "caf",
        "audited",
        contains="Un café à Valmora",
    ),
    Case(
        "unbalanced-and-nested-quotes",
        _write("quotes.txt", UNBALANCED.encode()),
        "quotes",
        "audited",
        contains="stray closer",
    ),
    Case(
        "rtl-and-bidi-controls",
        _write("rtl.txt", RTL.encode()),
        "rtl",
        "audited",
        contains="Evil override",
    ),
    Case(
        "combining-characters",
        _write("combining.txt", COMBINING.encode()),
        "combining",
        "audited",
        contains="Valmora on 3 March",
    ),
    Case("emoji", _write("emoji.txt", EMOJI.encode()), "emoji", "audited", contains="Quintero"),
    Case(
        "crlf-and-lone-cr",
        _write("crlf.txt", b"First line.\r\nSecond line.\rThird\r\n\r\nNew paragraph 12.\r\n"),
        "crlf",
        "audited",
        contains="New paragraph 12.",
    ),
)


# ---------------------------------------------------------------------------- fake engines


class FakeEngine(Engine):
    """A deterministic stand-in engine: ok, crash, short (drops a line) or interrupt."""

    name = "fake"

    def __init__(self, behaviour: str = "ok", delay: float = 0.0) -> None:
        self.behaviour = behaviour
        self.delay = delay
        self.calls = 0

    def pairs(self) -> list[Pair]:
        return [Pair("es", "en"), Pair("fr", "en")]

    def identity(self, pair: Pair) -> str:
        return f"fake:{pair}:1"

    def translate(self, texts: list[str], pair: Pair) -> list[str]:
        self.calls += 1
        if self.delay:
            time.sleep(self.delay)
        if self.behaviour == "crash":
            raise RuntimeError("fake engine crashed (simulated segfault)")
        if self.behaviour == "interrupt":
            raise KeyboardInterrupt
        out = [f"[{pair}] {t}" for t in texts]
        return out[:-1] if self.behaviour == "short" else out


def plug_engines(monkeypatch, *engines: Engine) -> None:
    """Make every audit use ``engines`` instead of the installed ones (``monkeypatch`` is
    anything with a ``setattr(obj, name, value)``)."""
    from transcheck.mt import router

    real = router.build_translator

    def build(engine="auto", pivot="en", **kwargs):
        kwargs["engines"] = list(engines)
        return real("auto", pivot, **kwargs)

    monkeypatch.setattr(router, "build_translator", build)


assert len({c.id for c in CASES}) == len(CASES)
assert all(c.expect in ("audited", "error", "either", "ignored", "notice") for c in CASES)
assert all(not c.reason or re.compile(c.reason) for c in CASES)
