"""The engine table (transcheck.mt.registry): one line adds an engine that the router, the
CLI's ``--engine`` and ``transcheck models list`` all know.

The example engine below is the whole cost of a new engine: a class and one table line."""

from __future__ import annotations

import json

import pytest

from transcheck.cli import main
from transcheck.mt import registry
from transcheck.mt.base import Engine, EngineError, EngineSettings, Pair
from transcheck.mt.router import build_translator


class ShoutEngine(Engine):
    """A toy es->en engine: every word upper-cased, 'hola' read as 'hello'."""

    name = "shout"
    in_auto = False

    def pairs(self) -> list[Pair]:
        return [Pair("es", "en")]

    def identity(self, pair: Pair) -> str:
        return f"shout:{pair}@1"

    def translate(self, texts: list[str], pair: Pair) -> list[str]:
        return [t.replace("Hola", "Hello").upper() for t in texts]


class MissingEngine(ShoutEngine):
    """An engine whose library is not installed here."""

    name = "missing"

    @classmethod
    def available(cls) -> tuple[bool, str]:
        return False, "the missing engine needs: pip install missing-mt"

    @classmethod
    def build(cls, settings: EngineSettings) -> Engine | None:
        raise EngineError(cls.available()[1])


@pytest.fixture
def shout(monkeypatch):
    monkeypatch.setitem(registry.ENGINES, "shout", f"{__name__}:ShoutEngine")
    monkeypatch.setitem(registry.ENGINES, "missing", f"{__name__}:MissingEngine")


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_the_table_names_every_engine_class() -> None:
    for name in registry.ENGINES:
        cls = registry.engine_class(name)
        assert issubclass(cls, Engine)
        assert cls.name == name
        ok, why = cls.available()
        assert isinstance(ok, bool)
        assert ok or why
    assert registry.engine_choices() == ("auto", "apertium", "argos", "argostranslate", "none")


def test_the_cli_help_lists_the_table() -> None:
    import typer.main

    from transcheck.cli import app

    audit = typer.main.get_command(app).commands["audit"]
    (option,) = [p for p in audit.params if p.name == "engine"]
    assert option.help == "auto | apertium | argos | argostranslate | none"


def test_a_registered_engine_is_a_choice_and_builds(shout) -> None:
    assert "shout" in registry.engine_choices()
    t = build_translator("shout", use_cache=False)
    assert [e.name for e in t.engines] == ["shout"]
    assert t.describe_route("es") == "shout:es-en"
    # not in auto: ``in_auto = False``
    auto = build_translator("auto", use_cache=False)
    assert "shout" not in [e.name for e in auto.engines]


def test_an_engine_that_cannot_run_says_why(shout, capsys, tmp_path) -> None:
    (tmp_path / "a_es.txt").write_text("Hola amigos.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="pip install missing-mt"):
        build_translator("missing", use_cache=False)
    code, _, err = _run(capsys, "audit", tmp_path, "--engine", "missing", "-q")
    assert code == 2
    assert "pip install missing-mt" in err
    # auto skips it silently
    assert "missing" not in [e.name for e in build_translator("auto", use_cache=False).engines]


def test_the_cli_lists_and_uses_a_registered_engine(shout, capsys, tmp_path, monkeypatch) -> None:
    from transcheck.mt.apertium import ApertiumEngine
    from transcheck.mt.argos import ArgosEngine

    monkeypatch.setattr(ApertiumEngine, "models", classmethod(lambda cls: ([], [])))
    monkeypatch.setattr(ArgosEngine, "models", classmethod(lambda cls: ([], [])))
    code, out, _ = _run(capsys, "models", "list", "--json")
    assert code == 0
    assert json.loads(out)["models"] == [
        {
            "engine": "shout",
            "pair": "es-en",
            "version": "shout:es-en@1",
            "identity": "shout:es-en@1",
            "path": "",
            "source": "system",
        }
    ]

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note_es.txt").write_text("Hola, dijo María García en Madrid.\n", encoding="utf-8")
    (corpus / "note_en.txt").write_text("Hello, said Maria Garcia in Madrid.\n", encoding="utf-8")
    report = tmp_path / "r.json"
    code, _, err = _run(
        capsys,
        "audit",
        corpus,
        "--engine",
        "shout",
        "--no-cache",
        "-f",
        "json",
        "-o",
        report,
        "--fail-on",
        "never",
        "-q",
    )
    assert code == 0, err
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["engines"] == [{"name": "shout", "pairs": ["es-en"]}]
    by_id = {d["id"]: d for d in data["documents"]}
    assert by_id["note_es"]["translated_by"] == "shout:es-en"
    assert by_id["note_en"]["translated_by"] is None
