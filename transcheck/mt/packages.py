"""Where Argos packages live, and installing, listing and removing them.

Two folders are searched:

* transcheck's own: ``$TRANSCHECK_HOME/packages`` (default
  ``platformdirs.user_data_dir("transcheck")/packages``) — ``install``/``remove`` act here;
* argostranslate's: ``$ARGOS_PACKAGES_DIR`` (else ``$XDG_DATA_HOME/argos-translate/packages``,
  else ``~/.local/share/argos-translate/packages``) — used in place, read-only for transcheck.

Installing extracts into a temporary folder inside the packages folder, validates the result
and renames it into place, so a failure never leaves a half-installed package behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from transcheck.mt.argos_package import (
    ArgosPackage,
    NotTranslationPackage,
    PackageError,
    archive_top_folder,
    load_package,
)

__all__ = [
    "PackageError",
    "ScanResult",
    "argos_packages_dir",
    "data_dir",
    "default_dirs",
    "install",
    "packages_dir",
    "remove",
    "scan",
]

_TEMP_PREFIXES = (".installing-", ".removing-")
# Real Argos packages unpack to well under 1 GB; anything far larger is refused (zip bombs).
MAX_UNPACKED_BYTES = 4 << 30
# Model weights barely compress: an archive that unpacks to more than this many times its size
# is a zip bomb (checked above a floor, so small, highly compressible fixtures still pass).
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 64 << 20
# Real packages hold a few dozen files; thousands of members only cost time.
MAX_MEMBERS = 10_000


def data_dir() -> Path:
    """transcheck's data folder: ``$TRANSCHECK_HOME`` or the platform's user data dir."""
    home = os.environ.get("TRANSCHECK_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("transcheck"))


def packages_dir() -> Path:
    """Where ``transcheck models install`` puts Argos packages."""
    return data_dir() / "packages"


def argos_packages_dir() -> Path:
    """argostranslate's package folder (same environment variables as argostranslate)."""
    for var in ("ARGOS_PACKAGES_DIR", "ARGOS_TRANSLATE_PACKAGES_DIR"):
        value = os.environ.get(var)
        if value:
            return Path(value).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "argos-translate" / "packages"


def default_dirs() -> list[tuple[Path, str]]:
    """The package folders searched by default, with their source label."""
    ours, theirs = packages_dir(), argos_packages_dir()
    dirs = [(ours, "transcheck")]
    if theirs.resolve() != ours.resolve():
        dirs.append((theirs, "argostranslate"))
    return dirs


@dataclass(frozen=True)
class ScanResult:
    packages: list[ArgosPackage] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line per broken package


def scan(dirs: Iterable[Path | str] | None = None) -> ScanResult:
    """Every valid package in the given folders (default: :func:`default_dirs`).

    Each folder may itself be a package or hold packages one level down. Broken packages are
    reported in ``problems``; missing folders are simply empty.
    """
    labelled = default_dirs() if dirs is None else [(Path(d), "path") for d in dirs]
    packages: list[ArgosPackage] = []
    problems: list[str] = []
    seen: set[Path] = set()
    for folder, source in labelled:
        try:
            if (folder / "metadata.json").is_file():
                candidates = [folder]
            elif folder.is_dir():
                candidates = sorted(
                    p
                    for p in folder.iterdir()
                    if p.is_dir() and not p.name.startswith(".") and p.name != "__pycache__"
                )
            else:
                continue
        except OSError as exc:
            problems.append(f"{folder}: cannot read: {exc.strerror or exc}")
            continue
        for candidate in candidates:
            key = candidate.resolve()
            if key in seen:
                continue
            seen.add(key)
            try:
                packages.append(load_package(candidate, source=source))
            except NotTranslationPackage:
                continue  # e.g. argostranslate's sentence-boundary packages
            except PackageError as exc:
                problems.append(str(exc))
            except OSError as exc:
                problems.append(f"{candidate}: cannot read: {exc.strerror or exc}")
    packages.sort(key=lambda p: (p.from_code, p.to_code, p.source, p.version, str(p.path)))
    return ScanResult(packages, problems)


def _folder_name(pkg: ArgosPackage) -> str:
    version = "".join(c if c.isalnum() else "_" for c in pkg.version) or "0"
    return f"translate-{pkg.from_code}_{pkg.to_code}-{version}"


def _extract_safely(zf: zipfile.ZipFile, dest: Path) -> None:
    """Extract regular files and folders only; names were checked by archive_top_folder."""
    root = dest.resolve()
    for member in zf.infolist():
        target = (dest / PurePosixPath(member.filename)).resolve()
        if target != root and root not in target.parents:
            raise PackageError(f"unsafe path in archive: {member.filename!r}")
        if member.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(member) as src, open(target, "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)


def _check_archive_size(archive: Path) -> None:
    """Refuse a zip bomb from its central directory alone: members, total size, ratio."""
    try:
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise PackageError(f"{archive}: corrupt archive: {exc}") from None
    except OSError as exc:
        raise PackageError(f"{archive}: cannot read: {exc.strerror or exc}") from None
    if len(members) > MAX_MEMBERS:
        raise PackageError(
            f"{archive}: {len(members):,} files in the archive, more than the {MAX_MEMBERS:,} "
            "a package may hold"
        )
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        raise PackageError(
            f"{archive}: unpacks to {total >> 20} MiB, more than the "
            f"{MAX_UNPACKED_BYTES >> 20} MiB a package may use"
        )
    size = max(archive.stat().st_size, 1)
    if total > RATIO_FLOOR_BYTES and total > MAX_RATIO * size:
        raise PackageError(
            f"{archive}: unpacks to {total >> 20} MiB from {size >> 10} KiB "
            f"({total // size}:1, more than {MAX_RATIO}:1): refused as a zip bomb"
        )


def install(archive: Path | str, dest_dir: Path | str | None = None) -> ArgosPackage:
    """Install a ``.argosmodel`` file into transcheck's packages folder (or ``dest_dir``).

    Re-installing the same pair and version replaces the old copy. Raises
    :class:`PackageError` on any problem, leaving the packages folder as it was.
    """
    archive = Path(archive)
    dest_dir = Path(dest_dir) if dest_dir is not None else packages_dir()
    if not archive.is_file():
        raise PackageError(f"{archive}: no such file")
    if not zipfile.is_zipfile(archive):
        raise PackageError(f"{archive}: not a valid .argosmodel (zip) archive")
    _check_archive_size(archive)
    info = load_package(archive)  # checks member names, layout and metadata before extracting
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackageError(f"{dest_dir}: cannot create: {exc.strerror or exc}") from None
    staging = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIXES[0], dir=dest_dir))
    try:
        try:
            with zipfile.ZipFile(archive) as zf:
                top = archive_top_folder(zf.infolist(), str(archive))
                total = sum(m.file_size for m in zf.infolist())
                if total > MAX_UNPACKED_BYTES:
                    raise PackageError(
                        f"{archive}: unpacks to {total >> 20} MiB, more than the "
                        f"{MAX_UNPACKED_BYTES >> 20} MiB a package may use"
                    )
                bad = zf.testzip()
                if bad is not None:
                    raise PackageError(f"{archive}: corrupt archive (bad CRC in {bad})")
                _extract_safely(zf, staging)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
            raise PackageError(f"{archive}: corrupt archive: {exc}") from None
        except (OSError, zipfile.LargeZipFile) as exc:
            raise PackageError(f"{archive}: cannot extract: {exc}") from None
        unpacked = load_package(staging / top, source="transcheck")
        _check_model_loads(unpacked, archive)
        final = dest_dir / _folder_name(info)
        _replace(staging / top, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return load_package(final, source="transcheck")


def _check_model_loads(pkg: ArgosPackage, archive: Path) -> None:
    """Open the SentencePiece model and read the CTranslate2 model header before installing."""
    import ctranslate2
    import sentencepiece

    try:
        sentencepiece.SentencePieceProcessor(model_file=str(pkg.sp_model))
    except (OSError, RuntimeError, ValueError) as exc:
        raise PackageError(f"{archive}: sentencepiece.model is unreadable: {exc}") from None
    try:
        if not ctranslate2.contains_model(str(pkg.model_dir)):
            raise PackageError(f"{archive}: model/ is not a CTranslate2 model")
    except (OSError, RuntimeError) as exc:
        raise PackageError(f"{archive}: model/ is unreadable: {exc}") from None


def _replace(new: Path, final: Path) -> None:
    """Move ``new`` to ``final``; an existing ``final`` is swapped out, then deleted."""
    old = None
    try:
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIXES[1], dir=final.parent)) / "old"
            os.replace(final, old)
        os.replace(new, final)
    except OSError as exc:
        if old is not None and old.exists() and not final.exists():
            os.replace(old, final)
        raise PackageError(f"{final}: cannot install: {exc.strerror or exc}") from None
    if old is not None:
        shutil.rmtree(old.parent, ignore_errors=True)


def _matches(pkg: ArgosPackage, spec: str) -> bool:
    spec_norm = spec.strip().lower().replace("_", "-")
    return spec_norm in (f"{pkg.from_code}-{pkg.to_code}", pkg.name.lower().replace("_", "-"))


def remove(spec: str, dest_dir: Path | str | None = None) -> list[ArgosPackage]:
    """Remove packages matching ``FROM-TO`` or a package folder name from transcheck's folder.

    Refuses packages that live in argostranslate's folder. Returns what was removed.
    """
    dest_dir = Path(dest_dir) if dest_dir is not None else packages_dir()
    ours = [p for p in scan([dest_dir]).packages if _matches(p, spec)]
    if not ours:
        theirs_dir = argos_packages_dir()
        theirs = [p for p in scan([theirs_dir]).packages if _matches(p, spec)]
        if theirs:
            raise PackageError(
                f"{spec}: installed in argostranslate's folder ({theirs[0].path}); transcheck "
                "only removes packages it installed (use argospm to remove it)"
            )
        raise PackageError(f"{spec}: no such package installed in {dest_dir}")
    for pkg in ours:
        trash = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIXES[1], dir=dest_dir))
        try:
            os.replace(pkg.path, trash / "old")
        except OSError as exc:
            shutil.rmtree(trash, ignore_errors=True)
            raise PackageError(f"{pkg.path}: cannot remove: {exc.strerror or exc}") from None
        shutil.rmtree(trash, ignore_errors=True)
    return ours
