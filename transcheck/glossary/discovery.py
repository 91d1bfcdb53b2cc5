"""Which glossary files an audit uses: ``--glossary`` files, else ``[tool.transcheck]
glossaries`` in ./pyproject.toml, else ``glossaries/*.yaml`` beside or inside each corpus
folder."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def configured_glossaries(cwd: Path) -> list[Path] | None:
    """``[tool.transcheck] glossaries = [...]`` from ./pyproject.toml, or None."""
    pyproject = cwd / "pyproject.toml"
    if not pyproject.is_file():
        return None
    try:
        import tomllib  # Python >= 3.11
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            return None
    from transcheck.safety import MAX_GLOSSARY_BYTES, read_limited

    try:
        raw = read_limited(pyproject, MAX_GLOSSARY_BYTES, "pyproject.toml")
        data = tomllib.loads(raw.decode("utf-8"))
    except (OSError, ValueError, tomllib.TOMLDecodeError):  # UnicodeDecodeError included
        return None
    listed = data.get("tool", {}).get("transcheck", {}).get("glossaries")
    if isinstance(listed, str):
        listed = [listed]
    if not isinstance(listed, list) or not listed:
        return None
    out: list[Path] = []
    for item in listed:
        if not isinstance(item, str):
            continue
        if any(c in item for c in "*?["):
            base = cwd if not os.path.isabs(item) else Path("/")
            pattern = item if not os.path.isabs(item) else item.lstrip("/")
            out.extend(sorted(base.glob(pattern)))
        else:
            out.append(Path(item) if cwd == Path.cwd() else cwd / item)
    return out


def find_glossary_files(
    corpus_paths: list[Path], explicit: list[Path] | None = None, discover: bool = True
) -> list[Path]:
    """The glossary files to use, first rule that gives any wins.

    1. ``explicit`` (``--glossary`` files); 2. ``[tool.transcheck] glossaries`` in
    ``./pyproject.toml``; 3. every ``*.yaml``/``*.yml`` in ``glossaries/`` beside or inside each
    corpus folder. ``discover=False`` keeps only the explicit files.
    """
    if explicit:
        return _unique([Path(p) for p in explicit])
    if not discover:
        return []
    configured = configured_glossaries(Path.cwd())
    if configured is not None:
        return _unique(configured)
    found: list[Path] = []
    for corpus in corpus_paths:
        corpus = Path(corpus)
        folder = corpus if corpus.is_dir() else corpus.parent
        for candidate in (folder.parent / "glossaries", folder / "glossaries"):
            if candidate.is_dir():
                found.extend(
                    sorted(
                        p
                        for p in candidate.iterdir()
                        if p.suffix.lower() in (".yaml", ".yml") and p.is_file()
                    )
                )
    return _unique(found)


def _unique(paths: Iterable[Path]) -> list[Path]:
    seen: set[str] = set()
    out: list[Path] = []
    for p in paths:
        try:
            key = str(p.resolve())
        except OSError:
            key = str(p)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
