"""The Argos engine on a real (tiny, random-weight) package: loading, discovery, batching."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest_argos import copy_package

from transcheck.mt.argos import ArgosEngine, _fallback_split
from transcheck.mt.argos_package import PackageError, load_package
from transcheck.mt.base import EngineError, Pair

XX_EN = Pair("xx", "en")

PASSAGES = [
    "Bravo tundra kelis. Zomar fenti lou!",
    "",
    "Stal vorn 1842 demi?\nSecond line of the same passage.",
    "One short.",
    "A much longer sentence with many many words that goes on and on for a while. Then a tail.",
]


class CountingTranslator:
    """Wraps a ctranslate2.Translator, recording every translate_batch call."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.calls: list[tuple[list[list[str]], dict]] = []

    def translate_batch(self, batch, **kwargs):
        self.calls.append((batch, kwargs))
        return self.inner.translate_batch(batch, **kwargs)


def _engine(unpacked: Path, **opts) -> ArgosEngine:
    return ArgosEngine([load_package(unpacked)], **opts)


def test_load_package_folder(unpacked):
    pkg = load_package(unpacked)
    assert (pkg.from_code, pkg.to_code, pkg.version) == ("xx", "en", "1.0")
    assert pkg.pair == XX_EN
    assert pkg.model_dir == unpacked / "model"
    assert pkg.sp_model == unpacked / "sentencepiece.model"
    assert pkg.identity.startswith("1.0+")
    assert len(pkg.identity) > 8


def test_load_package_archive(argosmodel):
    pkg = load_package(argosmodel)
    assert pkg.pair == XX_EN
    assert pkg.source == "archive"
    assert pkg.name == "translate-xx_en-1_0"


@pytest.mark.parametrize(
    ("remove", "message"),
    [
        ("metadata.json", "no metadata.json"),
        ("model/model.bin", "model/model.bin"),
        ("model/shared_vocabulary.json", "vocabulary"),
        ("sentencepiece.model", "sentencepiece.model"),
    ],
)
def test_load_package_reports_missing_part(unpacked, tmp_path, remove, message):
    pkg_dir = copy_package(unpacked, tmp_path)
    (pkg_dir / remove).unlink()
    with pytest.raises(PackageError, match=message) as info:
        load_package(pkg_dir)
    assert str(pkg_dir) in str(info.value)


def test_load_package_rejects_bad_metadata(unpacked, tmp_path):
    pkg_dir = copy_package(unpacked, tmp_path)
    (pkg_dir / "metadata.json").write_text('{"from_code": "xx",\n "to_code": }')
    with pytest.raises(PackageError, match=r"metadata.json:2:\d+: not valid JSON"):
        load_package(pkg_dir)
    (pkg_dir / "metadata.json").write_text(json.dumps({"from_code": "xx"}))
    with pytest.raises(PackageError, match="to_code"):
        load_package(pkg_dir)


def test_translate_returns_one_string_per_passage_in_order(unpacked):
    engine = _engine(unpacked)
    out = engine.translate(PASSAGES, XX_EN)
    assert len(out) == len(PASSAGES)
    assert out[1] == ""  # empty passage stays empty
    assert all(out[i].strip() for i in (0, 2, 3, 4))
    assert out[2].count("\n") == 1  # line structure of a passage is kept
    # each passage is translated independently of its neighbours' order
    again = engine.translate(list(reversed(PASSAGES)), XX_EN)
    assert list(reversed(again)) == out
    assert engine.translate([], XX_EN) == []


def test_translate_is_deterministic_across_engines(unpacked):
    a = _engine(unpacked).translate(PASSAGES, XX_EN)
    b = _engine(unpacked).translate(PASSAGES, XX_EN)
    assert a == b


def test_batches_are_length_sorted_and_bounded(unpacked):
    engine = _engine(unpacked, max_batch_size=4, beam_size=1)
    loaded = engine._load(XX_EN)
    counter = CountingTranslator(loaded.translator)
    loaded.translator = counter
    # 10 single-sentence passages of very different lengths, shuffled
    words = "tal ven dor kis mura pel zon fira gost lumi".split()
    texts = [" ".join(words[: (i * 7) % 10 + 1]).capitalize() + "." for i in range(10)]
    out = engine.translate(texts, XX_EN)
    assert len(out) == 10
    assert len(counter.calls) == 3  # ceil(10 / 4): one translate_batch call per batch
    assert [len(b) for b, _ in counter.calls] == [4, 4, 2]
    lengths = [len(seq) for b, _ in counter.calls for seq in b]
    assert lengths == sorted(lengths)  # all sentences of the call sorted by length
    for batch, kwargs in counter.calls:
        longest = max(len(seq) for seq in batch)
        assert kwargs["max_decoding_length"] <= 2 * longest + 10
        assert kwargs["beam_size"] == 1
    # the model loads once per engine
    assert engine._load(XX_EN) is loaded


def test_sentences_of_all_passages_share_batches(unpacked):
    engine = _engine(unpacked, max_batch_size=32)
    loaded = engine._load(XX_EN)
    counter = CountingTranslator(loaded.translator)
    loaded.translator = counter
    engine.translate(PASSAGES, XX_EN)
    assert len(counter.calls) == 1
    assert len(counter.calls[0][0]) == 7  # 2 + 0 + 2 + 1 + 2 sentences


def test_identity_changes_with_model_and_options(unpacked, tmp_path):
    pkg_dir = copy_package(unpacked, tmp_path)
    before = ArgosEngine([load_package(pkg_dir)]).identity(XX_EN)
    assert before != ArgosEngine([load_package(pkg_dir)], beam_size=4).identity(XX_EN)
    model_bin = pkg_dir / "model" / "model.bin"
    st = model_bin.stat()
    os.utime(model_bin, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert ArgosEngine([load_package(pkg_dir)]).identity(XX_EN) != before


def test_broken_model_is_engine_error_with_path(unpacked, tmp_path):
    pkg_dir = copy_package(unpacked, tmp_path)
    (pkg_dir / "model" / "model.bin").write_bytes(b"\x00garbage" * 100)
    engine = ArgosEngine([load_package(pkg_dir)])
    with pytest.raises(EngineError) as info:
        engine.translate(["Tal ven dor."], XX_EN)
    assert str(pkg_dir / "model") in str(info.value)


def test_unknown_pair_is_engine_error(unpacked):
    with pytest.raises(EngineError, match="no package"):
        _engine(unpacked).identity(Pair("de", "en"))


def test_discover_argostranslate_folder_in_place(unpacked, homes):
    ours, theirs = homes
    pkg_dir = copy_package(unpacked, theirs, "xx_en")
    engine = ArgosEngine.discover()
    assert engine.pairs() == [XX_EN]
    pkg = engine.package(XX_EN)
    assert pkg.path == pkg_dir
    assert pkg.source == "argostranslate"
    assert not ours.exists()  # used in place, nothing copied
    assert engine.translate(["Tal ven dor."], XX_EN)[0]


def test_discover_prefers_our_copy_and_skips_broken(unpacked, homes):
    ours, theirs = homes
    copy_package(unpacked, theirs, "xx_en")
    mine = copy_package(unpacked, ours)
    broken = copy_package(unpacked, ours, "broken")
    (broken / "sentencepiece.model").unlink()
    engine = ArgosEngine.discover(threads=1, beam_size=1, unknown_option=True)
    assert engine.package(XX_EN).path == mine
    assert engine.beam_size == 1
    assert len(engine.problems) == 1
    assert str(broken) in engine.problems[0]


def test_discover_explicit_dirs(unpacked, tmp_path):
    engine = ArgosEngine.discover([unpacked])
    assert engine.pairs() == [XX_EN]
    assert ArgosEngine.discover([tmp_path / "missing"]).pairs() == []


def test_fallback_sentence_splitter():
    assert _fallback_split("Hello there. How are you? Fine!") == [
        "Hello there.",
        "How are you?",
        "Fine!",
    ]
    assert _fallback_split("See e.g. this one. Next.") == ["See e.g. this one.", "Next."]
    assert _fallback_split("«Oui.» Puis il partit.") == ["«Oui.»", "Puis il partit."]
    assert _fallback_split("第一句。第二句！") == ["第一句。", "第二句！"]
    assert _fallback_split("   ") == []


def test_close_releases_models(unpacked):
    engine = _engine(unpacked)
    first = engine._load(XX_EN)
    engine.close()
    assert engine._load(XX_EN) is not first


def test_fixture_builder_is_deterministic(tmp_path):
    from transcheck.mt.fixture import build_package_dir

    a = build_package_dir(tmp_path / "a")
    b = build_package_dir(tmp_path / "b")
    for rel in ("model/model.bin", "sentencepiece.model", "model/shared_vocabulary.json"):
        assert (a / rel).read_bytes() == (b / rel).read_bytes()
    vocab = json.loads((a / "model" / "shared_vocabulary.json").read_text())
    assert vocab[:3] == ["<unk>", "<s>", "</s>"]
    shutil.rmtree(a)


def _fake_argostranslate(monkeypatch, tmp_path):
    """A stand-in for the optional argostranslate package (its API surface only)."""
    import types

    pkg_dir = tmp_path / "de_en"
    (pkg_dir / "model").mkdir(parents=True)
    (pkg_dir / "model" / "model.bin").write_bytes(b"x")
    installed = types.SimpleNamespace(
        from_code="de", to_code="en", package_version="1.1", package_path=pkg_dir
    )

    class FakeTranslation:
        def translate(self, text: str) -> str:
            if "boom" in text:
                raise RuntimeError("model exploded")
            return text.upper()

    package = types.ModuleType("argostranslate.package")
    package.get_installed_packages = lambda: [installed]
    translate = types.ModuleType("argostranslate.translate")
    translate.get_translation_from_codes = lambda src, tgt: FakeTranslation()
    root = types.ModuleType("argostranslate")
    root.package, root.translate = package, translate
    for name, module in (
        ("argostranslate", root),
        ("argostranslate.package", package),
        ("argostranslate.translate", translate),
    ):
        monkeypatch.setitem(sys.modules, name, module)


def test_argostranslate_adapter(monkeypatch, tmp_path):
    from transcheck.mt.argostranslate_engine import ArgostranslateEngine

    _fake_argostranslate(monkeypatch, tmp_path)
    engine = ArgostranslateEngine.discover()
    de_en = Pair("de", "en")
    assert engine.pairs() == [de_en]
    assert engine.identity(de_en).startswith("argostranslate:de-en@1.1+")
    assert engine.translate(["hallo welt", "", "zwei"], de_en) == ["HALLO WELT", "", "ZWEI"]
    with pytest.raises(EngineError, match="model exploded"):
        engine.translate(["boom"], de_en)
    with pytest.raises(EngineError, match="no package"):
        engine.translate(["x"], Pair("fr", "en"))


def test_argostranslate_missing_extra_names_it(monkeypatch):
    from transcheck.mt.argostranslate_engine import ArgostranslateEngine

    monkeypatch.setitem(sys.modules, "argostranslate", None)  # import fails
    monkeypatch.setitem(sys.modules, "argostranslate.package", None)
    with pytest.raises(EngineError, match=r"transcheck\[argos\]"):
        ArgostranslateEngine()


def test_overlong_sentence_is_cut_not_truncated(unpacked):
    engine = _engine(unpacked, max_input_tokens=40, beam_size=1)
    loaded = engine._load(XX_EN)
    counter = CountingTranslator(loaded.translator)
    loaded.translator = counter
    words = "tal ven dor kis mura pel zon fira gost lumi".split()
    long_sentence = " ".join(words * 12) + "."  # one sentence, well over 40 pieces
    out = engine.translate([long_sentence, "Tal ven."], XX_EN)
    assert len(out) == 2
    assert out[0]
    assert out[1]
    sent = [seq for batch, _ in counter.calls for seq in batch]
    assert all(len(seq) <= 40 for seq in sent)
    total = len(loaded.sp.encode(long_sentence)) + len(loaded.sp.encode("Tal ven."))
    assert sum(len(seq) for seq in sent) == total  # every piece of input was sent
    assert all(seq[0].startswith("\u2581") for seq in sent)  # cut at word starts


def test_non_translation_packages_are_ignored(unpacked, tmp_path):
    from transcheck.mt.packages import scan

    sbd = copy_package(unpacked, tmp_path, "sbd")
    meta = json.loads((sbd / "metadata.json").read_text())
    meta["type"] = "sbd"
    (sbd / "metadata.json").write_text(json.dumps(meta))
    copy_package(unpacked, tmp_path, "xx_en")
    result = scan([tmp_path])
    assert [p.name for p in result.packages] == ["xx_en"]
    assert result.problems == []
