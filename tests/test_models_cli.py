"""`transcheck models list|install|remove` on a real tiny package, and on hostile archives."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest
from conftest_argos import copy_package, rewrite_archive

from transcheck.cli import main
from transcheck.mt.apertium import ApertiumEngine
from transcheck.mt.argos import ArgosEngine
from transcheck.mt.base import Pair


@pytest.fixture(autouse=True)
def _argos_only(request, monkeypatch):
    """Listing Apertium pairs costs ~1.5 s a call; only the Apertium listing test pays it."""
    if request.node.name != "test_list_includes_apertium_pairs":
        monkeypatch.setattr(ApertiumEngine, "models", classmethod(lambda cls: ([], [])))


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["models", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _argos_rows(capsys) -> list[dict]:
    code, out, _ = _run(capsys, "list", "--json")
    assert code == 0
    return [r for r in json.loads(out)["models"] if r["engine"] == "argos"]


def _leftovers(folder: Path) -> list[str]:
    """Everything in the packages folder (hidden temp folders included)."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_install_list_remove_roundtrip(argosmodel, homes, capsys):
    ours, _ = homes
    assert _argos_rows(capsys) == []
    code, _, err = _run(capsys, "install", str(argosmodel))
    assert code == 0, err
    assert "installed xx-en 1.0" in err
    assert _leftovers(ours) == ["translate-xx_en-1_0"]

    rows = _argos_rows(capsys)
    assert [(r["pair"], r["version"], r["source"]) for r in rows] == [
        ("xx-en", "1.0", "transcheck")
    ]
    assert Path(rows[0]["path"]) == ours / "translate-xx_en-1_0"
    code, out, _ = _run(capsys, "list")
    assert code == 0
    assert "xx-en" in out
    assert "argos" in out

    engine = ArgosEngine.discover()
    assert engine.translate(["Tal ven dor."], Pair("xx", "en"))[0]

    code, _, err = _run(capsys, "remove", "xx-en")
    assert code == 0
    assert "removed xx-en" in err
    assert _leftovers(ours) == []
    assert _argos_rows(capsys) == []


def test_reinstall_replaces_cleanly(argosmodel, homes, capsys):
    ours, _ = homes
    assert _run(capsys, "install", str(argosmodel))[0] == 0
    marker = ours / "translate-xx_en-1_0" / "stale.txt"
    marker.write_text("from the first install")
    assert _run(capsys, "install", str(argosmodel))[0] == 0
    assert _leftovers(ours) == ["translate-xx_en-1_0"]
    assert not marker.exists()
    assert len(_argos_rows(capsys)) == 1


def _assert_rejected(capsys, archive: Path, ours: Path, message: str) -> None:
    code, out, err = _run(capsys, "install", str(archive))
    assert code == 1
    assert message in err
    assert "nothing was installed" in err
    assert len(err.strip().splitlines()) == 1  # one clear line
    assert _leftovers(ours) == []


def test_corrupt_archive_is_rejected(argosmodel, homes, tmp_path, capsys):
    ours, _ = homes
    truncated = tmp_path / "truncated.argosmodel"
    truncated.write_bytes(argosmodel.read_bytes()[: argosmodel.stat().st_size // 2])
    _assert_rejected(capsys, truncated, ours, "not a valid .argosmodel")

    text = tmp_path / "text.argosmodel"
    text.write_text("hello")
    _assert_rejected(capsys, text, ours, "not a valid .argosmodel")


def test_bad_crc_is_rejected(argosmodel, homes, tmp_path, capsys):
    ours, _ = homes
    data = bytearray(argosmodel.read_bytes())
    with zipfile.ZipFile(argosmodel) as zf:
        info = zf.getinfo("translate-xx_en-1_0/model/model.bin")
    # flip bytes in the middle of model.bin's compressed data
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 100, start + 110):
        data[i] ^= 0xFF
    bad = tmp_path / "badcrc.argosmodel"
    bad.write_bytes(bytes(data))
    _assert_rejected(capsys, bad, ours, "corrupt archive")


@pytest.mark.parametrize(
    "evil_name",
    ["../evil.txt", "translate-xx_en-1_0/../../evil.txt", "/tmp/evil-abs.txt"],
)
def test_zip_slip_is_rejected(argosmodel, homes, tmp_path, capsys, evil_name):
    ours, _ = homes
    evil = rewrite_archive(argosmodel, tmp_path / "evil.argosmodel", extra={evil_name: b"x"})
    _assert_rejected(capsys, evil, ours, "unsafe path")
    assert not (tmp_path / "evil.txt").exists()
    assert not (ours.parent / "evil.txt").exists()
    assert not Path("/tmp/evil-abs.txt").exists()


def test_symlink_member_is_rejected(argosmodel, homes, tmp_path, capsys):
    ours, _ = homes
    archive = tmp_path / "link.argosmodel"
    rewrite_archive(argosmodel, archive)
    link = zipfile.ZipInfo("translate-xx_en-1_0/model/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr(link, "/etc/passwd")
    _assert_rejected(capsys, archive, ours, "link or special file")


@pytest.mark.parametrize(
    ("drop", "message"),
    [("sentencepiece.model", "sentencepiece.model"), ("metadata.json", "metadata.json")],
)
def test_incomplete_package_is_rejected(argosmodel, homes, tmp_path, capsys, drop, message):
    ours, _ = homes
    archive = rewrite_archive(argosmodel, tmp_path / "partial.argosmodel", drop=drop)
    _assert_rejected(capsys, archive, ours, message)


def test_two_top_folders_are_rejected(argosmodel, homes, tmp_path, capsys):
    ours, _ = homes
    archive = rewrite_archive(argosmodel, tmp_path / "two.argosmodel", extra={"other/x": b"1"})
    _assert_rejected(capsys, archive, ours, "one top folder")


def test_unreadable_sentencepiece_is_rejected(argosmodel, homes, tmp_path, capsys):
    ours, _ = homes
    archive = rewrite_archive(
        argosmodel,
        tmp_path / "badspm.argosmodel",
        drop="sentencepiece.model",
        extra={"translate-xx_en-1_0/sentencepiece.model": b"not a model"},
    )
    _assert_rejected(capsys, archive, ours, "sentencepiece.model is unreadable")


def test_usage_errors_exit_2(homes, tmp_path, capsys):
    code, _, err = _run(capsys, "install", str(tmp_path / "missing.argosmodel"))
    assert code == 2
    assert "no such file" in err
    code, _, err = _run(capsys, "install", str(tmp_path))
    assert code == 2
    assert "folder" in err
    assert main(["models", "install"]) == 2
    capsys.readouterr()


def test_remove_refuses_argostranslate_folder(unpacked, homes, capsys):
    _, theirs = homes
    pkg_dir = copy_package(unpacked, theirs, "xx_en")
    rows = _argos_rows(capsys)
    assert [(r["pair"], r["source"], r["path"]) for r in rows] == [
        ("xx-en", "argostranslate", str(pkg_dir))
    ]
    code, _, err = _run(capsys, "remove", "xx-en")
    assert code == 1
    assert "argostranslate's folder" in err
    assert (pkg_dir / "model" / "model.bin").is_file()


def test_remove_unknown_pair(homes, capsys):
    code, _, err = _run(capsys, "remove", "de-en")
    assert code == 1
    assert "no such package" in err


def test_list_reports_broken_package(unpacked, homes, capsys):
    ours, _ = homes
    broken = copy_package(unpacked, ours, "broken")
    (broken / "model" / "model.bin").unlink()
    code, out, _ = _run(capsys, "list", "--json")
    data = json.loads(out)
    assert code == 0
    assert [r for r in data["models"] if r["engine"] == "argos"] == []
    assert any(str(broken) in p and "model.bin" in p for p in data["problems"])
    code, _, err = _run(capsys, "list")
    assert code == 0
    assert "warning" in err
    assert "model.bin" in err


def test_list_includes_apertium_pairs(homes, capsys):
    from transcheck.mt.apertium import ApertiumEngine

    expected = [str(p) for p in ApertiumEngine().pairs()]
    code, out, _ = _run(capsys, "list", "--json")
    rows = [r for r in json.loads(out)["models"] if r["engine"] == "apertium"]
    assert code == 0
    assert sorted(r["pair"] for r in rows) == sorted(expected)
    assert all(r["path"].endswith(".mode") and r["version"] for r in rows)


def test_oversized_archive_is_rejected(argosmodel, homes, monkeypatch, capsys):
    ours, _ = homes
    monkeypatch.setattr("transcheck.mt.packages.MAX_UNPACKED_BYTES", 1000)
    _assert_rejected(capsys, argosmodel, ours, "more than the")


def test_fixture_script_builds_an_installable_package(homes, tmp_path, capsys):
    import runpy

    script = Path(__file__).resolve().parent.parent / "scripts" / "make-fixture-model.py"
    make = runpy.run_path(str(script), run_name="make_fixture")["main"]
    out_file = tmp_path / "fixture.argosmodel"
    assert make([str(out_file), "--from", "de", "--to", "en", "--version", "2.1"]) == 0
    assert "transcheck models install" in capsys.readouterr().out
    code, _, err = _run(capsys, "install", str(out_file))
    assert code == 0, err
    rows = _argos_rows(capsys)
    assert [(r["pair"], r["version"]) for r in rows] == [("de-en", "2.1")]


def test_zip_bomb_is_rejected_by_ratio(homes, tmp_path, capsys):
    """A small archive that unpacks to far more than it weighs (the 4.5 MB -> 3.9 GiB case)."""
    ours, _ = homes
    bomb = tmp_path / "bomb.argosmodel"
    with (
        zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf,
        zf.open("translate-xx_en/model/model.bin", "w") as fh,
    ):
        for _ in range(80):  # 80 MiB of zeros, about 80 KB packed
            fh.write(bytes(1 << 20))
    _assert_rejected(capsys, bomb, ours, "refused as a zip bomb")


def test_too_many_members_is_rejected(argosmodel, homes, tmp_path, monkeypatch, capsys):
    ours, _ = homes
    with zipfile.ZipFile(argosmodel) as zin:
        top = zin.infolist()[0].filename.split("/")[0]
    many = rewrite_archive(
        argosmodel, tmp_path / "many.argosmodel", extra={f"{top}/x/{i}": b"" for i in range(300)}
    )
    monkeypatch.setattr("transcheck.mt.packages.MAX_MEMBERS", 200)
    _assert_rejected(capsys, many, ours, "more than the 200 a package may hold")
