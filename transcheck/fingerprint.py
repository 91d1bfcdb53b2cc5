"""Fingerprints of transcheck's own code and of the packages it runs on: the version part of
cache keys (an analysis, a kept cross-document result), so a change of either is a miss."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path


def fingerprint(root: Path, paths: Iterable[Path], packages: Iterable[str], salt: str = "") -> str:
    """SHA-256 over ``salt``, each file (its path under ``root``, then a Python file's bytes or
    another file's size and modification time) and each package's installed version."""
    digest = hashlib.sha256(salt.encode())
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode("utf-8", "surrogatepass") + b"\0")
        if path.suffix == ".py":
            digest.update(path.read_bytes())
        else:
            stat = path.stat()
            digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    for name in packages:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()
