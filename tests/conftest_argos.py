"""Shared helpers for the Argos tests: a tiny real package built once per session.

Its fixtures are registered for every test by ``pytest_plugins`` in tests/conftest.py; the
helper functions (``copy_package``, ``rewrite_archive``) are imported where they are used.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from transcheck.mt.fixture import build_argosmodel


@pytest.fixture(scope="session")
def argosmodel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real ``xx-en`` .argosmodel (2+2 layers, d_model 64, ~500 pieces, random weights)."""
    return build_argosmodel(tmp_path_factory.mktemp("argos") / "translate-xx_en-1_0.argosmodel")


@pytest.fixture(scope="session")
def unpacked(argosmodel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same package unpacked (read-only by convention: copy it before changing it)."""
    dest = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(argosmodel) as zf:
        zf.extractall(dest)
    (top,) = list(dest.iterdir())
    return top


@pytest.fixture
def homes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Isolated TRANSCHECK_HOME and ARGOS_PACKAGES_DIR; returns (our packages, argos dir)."""
    home = tmp_path / "home"
    argos = tmp_path / "argos-packages"
    monkeypatch.setenv("TRANSCHECK_HOME", str(home))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(argos))
    return home / "packages", argos


def copy_package(src: Path, dest_parent: Path, name: str | None = None) -> Path:
    dest_parent.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copytree(src, dest_parent / (name or src.name)))


def rewrite_archive(
    src: Path, dest: Path, drop: str | None = None, extra: dict[str, bytes] | None = None
) -> Path:
    """Copy an archive, leaving out members ending in ``drop`` and adding ``extra`` members."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for item in zin.infolist():
            if drop and item.filename.rstrip("/").endswith(drop):
                continue
            zout.writestr(item, zin.read(item.filename))
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dest
