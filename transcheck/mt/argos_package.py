"""The Argos package format: one ``.argosmodel`` archive or unpacked folder, read and checked.

An Argos package (``.argosmodel``) is a zip with one top folder holding ``metadata.json``, a
CTranslate2 model in ``model/`` and ``sentencepiece.model``. This module only reads and
checks packages; :mod:`transcheck.mt.packages` finds, installs and removes them and
:mod:`transcheck.mt.argos` runs them.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from transcheck.mt.base import Pair

VOCABULARY_FILES = (
    ("shared_vocabulary.json",),
    ("shared_vocabulary.txt",),
    ("source_vocabulary.json", "target_vocabulary.json"),
    ("source_vocabulary.txt", "target_vocabulary.txt"),
)


class PackageError(Exception):
    """A package (folder or ``.argosmodel``) is missing a part or is malformed."""


class NotTranslationPackage(PackageError):
    """A valid Argos package of another type (e.g. ``sbd``, sentence boundaries): not used."""


@dataclass(frozen=True)
class ArgosPackage:
    """One installed (or archived) Argos package for one language pair."""

    from_code: str
    to_code: str
    version: str
    path: Path  # the package folder, or the .argosmodel file for an archive
    model_dir: Path  # for an archive: the path inside the archive
    sp_model: Path
    identity: str  # changes whenever the output may change
    name: str = ""
    source: str = "path"  # transcheck | argostranslate | path | archive
    target_prefix: str = ""
    metadata: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def pair(self) -> Pair:
        return Pair(self.from_code, self.to_code)


def _parse_metadata(raw: bytes, where: str) -> dict:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise PackageError(f"{where}: metadata.json is not UTF-8 ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise PackageError(
            f"{where}: metadata.json:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}"
        ) from None
    if not isinstance(data, dict):
        raise PackageError(f"{where}: metadata.json must hold a JSON object")
    kind = data.get("type", "translate")
    if kind != "translate":
        raise NotTranslationPackage(f"{where}: not a translation package (type {kind!r})")
    for key in ("from_code", "to_code"):
        value = data.get(key)
        if not isinstance(value, str) or not re.fullmatch(
            r"[A-Za-z]{2,3}([_-][A-Za-z0-9]+)*", value
        ):
            raise PackageError(f"{where}: metadata.json: {key!r} missing or not a language code")
    version = data.get("package_version", "")
    if not isinstance(version, (str, int, float)):
        raise PackageError(f"{where}: metadata.json: 'package_version' must be a string")
    return data


def _code(value: str) -> str:
    return value.lower().replace("_", "-")


def _short_hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


def _missing_vocabulary(names: set[str]) -> bool:
    return not any(all(n in names for n in group) for group in VOCABULARY_FILES)


def load_package(path: Path | str, source: str = "path") -> ArgosPackage:
    """Validate an unpacked package folder or a ``.argosmodel`` archive.

    Raises :class:`PackageError` saying which part is missing or malformed.
    """
    path = Path(path)
    if path.is_dir():
        return _load_folder(path, source)
    if path.is_file():
        return _load_archive(path)
    raise PackageError(f"{path}: no such package folder or file")


def _load_folder(path: Path, source: str) -> ArgosPackage:
    meta_path = path / "metadata.json"
    if not meta_path.is_file():
        raise PackageError(f"{path}: not an Argos package (no metadata.json)")
    try:
        meta = _parse_metadata(meta_path.read_bytes(), str(path))
    except OSError as exc:
        raise PackageError(f"{path}: cannot read metadata.json: {exc.strerror}") from None
    model_dir = path / "model"
    if not (model_dir / "model.bin").is_file():
        raise PackageError(f"{path}: missing model/model.bin (CTranslate2 model)")
    names = {p.name for p in model_dir.iterdir()}
    if _missing_vocabulary(names):
        raise PackageError(f"{path}: missing model vocabulary (model/shared_vocabulary.json)")
    sp_model = path / "sentencepiece.model"
    if not sp_model.is_file():
        raise PackageError(f"{path}: missing sentencepiece.model")
    stats = []
    for p in (model_dir / "model.bin", sp_model, meta_path):
        st = p.stat()
        stats += [st.st_size, st.st_mtime_ns]
    version = str(meta.get("package_version", ""))
    return ArgosPackage(
        from_code=_code(meta["from_code"]),
        to_code=_code(meta["to_code"]),
        version=version,
        path=path,
        model_dir=model_dir,
        sp_model=sp_model,
        identity=f"{version or '0'}+{_short_hash(*stats)}",
        name=path.name,
        source=source,
        target_prefix=str(meta.get("target_prefix") or ""),
        metadata=meta,
    )


def _load_archive(path: Path) -> ArgosPackage:
    """Validate an archive without extracting it (the installer extracts it safely)."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            top = archive_top_folder(members, str(path))
            names = {m.filename.rstrip("/") for m in members}
            for part in ("metadata.json", "model/model.bin", "sentencepiece.model"):
                if f"{top}/{part}" not in names:
                    raise PackageError(f"{path}: archive has no {top}/{part}")
            model_names = {n.rsplit("/", 1)[-1] for n in names if n.startswith(f"{top}/model/")}
            if _missing_vocabulary(model_names):
                raise PackageError(f"{path}: archive has no model vocabulary in {top}/model/")
            meta = _parse_metadata(zf.read(f"{top}/metadata.json"), str(path))
            crcs = [
                zf.getinfo(f"{top}/{p}").CRC for p in ("model/model.bin", "sentencepiece.model")
            ]
    except zipfile.BadZipFile as exc:
        raise PackageError(f"{path}: not a valid .argosmodel (zip) archive: {exc}") from None
    except OSError as exc:
        raise PackageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    version = str(meta.get("package_version", ""))
    inner = Path(path) / top
    return ArgosPackage(
        from_code=_code(meta["from_code"]),
        to_code=_code(meta["to_code"]),
        version=version,
        path=path,
        model_dir=inner / "model",
        sp_model=inner / "sentencepiece.model",
        identity=f"{version or '0'}+{_short_hash(*crcs)}",
        name=top,
        source="archive",
        target_prefix=str(meta.get("target_prefix") or ""),
        metadata=meta,
    )


def archive_top_folder(members: Sequence[zipfile.ZipInfo], where: str) -> str:
    """The single top folder of a package archive; rejects unsafe or odd member names."""
    tops = set()
    for m in members:
        name = m.filename
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\\" in name:
            raise PackageError(f"{where}: unsafe path in archive: {name!r}")
        parts = PurePosixPath(name).parts
        if any(p in ("..", ".") for p in parts) or not parts:
            raise PackageError(f"{where}: unsafe path in archive: {name!r}")
        mode = (m.external_attr >> 16) & 0o170000
        if mode and mode not in (0o100000, 0o040000):
            raise PackageError(f"{where}: archive member is a link or special file: {name!r}")
        tops.add(parts[0])
        if len(parts) == 1 and not m.is_dir():
            raise PackageError(
                f"{where}: not an Argos package: files must sit in one top folder ({name!r})"
            )
    if len(tops) != 1:
        raise PackageError(
            f"{where}: not an Argos package: expected one top folder, found {len(tops)}"
        )
    return tops.pop()
