"""Optional comparison engine driving argostranslate's own API (``pip install 'transcheck[argos]'``).

transcheck's default Argos engine (:mod:`transcheck.mt.argos`) runs the same packages directly
with CTranslate2 and batches every sentence of a call; this adapter goes through
``argostranslate.translate`` instead (one ``translate()`` per passage, stanza sentence
splitting from the package's ``stanza/`` folder), so results can be compared with the
reference implementation. argostranslate is imported lazily: without the extra, constructing
the engine raises :class:`EngineError` naming the extra to install.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from transcheck.mt.base import Engine, EngineError, EngineSettings, Pair

EXTRA_HINT = "the argostranslate engine needs the extra: pip install 'transcheck[argos]'"


def _import_argostranslate() -> tuple[Any, Any]:
    try:
        import argostranslate.package as package
        import argostranslate.translate as translate
    except ImportError as exc:
        raise EngineError(f"{EXTRA_HINT} ({exc})") from None
    return package, translate


class ArgostranslateEngine(Engine):
    """Translate through argostranslate's installed packages (direct pairs only)."""

    name = "argostranslate"
    in_auto = False  # a comparison engine: only when asked for by name

    def __init__(self) -> None:
        self._package, self._translate = _import_argostranslate()
        self._packages: dict[Pair, Any] | None = None
        self._translations: dict[Pair, Any] = {}

    @classmethod
    def discover(cls, **_opts: Any) -> ArgostranslateEngine:
        """Same as the constructor; options are accepted for symmetry and ignored."""
        return cls()

    @classmethod
    def available(cls) -> tuple[bool, str]:
        import importlib.util

        if importlib.util.find_spec("argostranslate") is None:
            return False, EXTRA_HINT
        return True, ""

    @classmethod
    def build(cls, settings: EngineSettings) -> ArgostranslateEngine:
        return cls()

    @classmethod
    def models(cls) -> tuple[list[dict[str, str]], list[str]]:
        """Nothing of its own: its packages sit in argostranslate's folder, which the argos
        engine lists already."""
        return [], []

    def _installed(self) -> dict[Pair, Any]:
        if self._packages is None:
            found: dict[Pair, Any] = {}
            try:
                packages = self._package.get_installed_packages()
            except Exception as exc:  # argostranslate raises plain Exceptions
                raise EngineError(f"argostranslate: cannot list packages: {exc}") from None
            for pkg in packages:
                src, tgt = getattr(pkg, "from_code", None), getattr(pkg, "to_code", None)
                if isinstance(src, str) and isinstance(tgt, str):
                    found.setdefault(Pair(src.lower(), tgt.lower()), pkg)
            self._packages = dict(sorted(found.items(), key=lambda kv: str(kv[0])))
        return self._packages

    def pairs(self) -> list[Pair]:
        return list(self._installed())

    def identity(self, pair: Pair) -> str:
        pkg = self._installed().get(pair)
        if pkg is None:
            raise EngineError(f"argostranslate: no package installed for {pair}")
        stamp = ""
        path = getattr(pkg, "package_path", None)
        if path is not None:
            model_bin = Path(path) / "model" / "model.bin"
            try:
                st = model_bin.stat()
                stamp = hashlib.sha1(f"{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:12]
            except OSError:
                stamp = "nostat"
        version = getattr(pkg, "package_version", "") or "0"
        return f"argostranslate:{pair}@{version}+{stamp}"

    def _translation(self, pair: Pair) -> Any:
        if pair not in self._translations:
            if pair not in self._installed():
                raise EngineError(f"argostranslate: no package installed for {pair}")
            try:
                translation = self._translate.get_translation_from_codes(pair.src, pair.tgt)
            except Exception as exc:
                raise EngineError(f"argostranslate {pair}: cannot load: {exc}") from None
            if translation is None:
                raise EngineError(f"argostranslate {pair}: no translation available")
            self._translations[pair] = translation
        return self._translations[pair]

    def translate(self, texts: list[str], pair: Pair) -> list[str]:
        translation = self._translation(pair)
        out = []
        for text in texts:
            if not text.strip():
                out.append("")
                continue
            try:
                result = translation.translate(text)
            except Exception as exc:
                raise EngineError(f"argostranslate {pair}: translation failed: {exc}") from None
            out.append(str(result))
        return out

    def close(self) -> None:
        self._translations.clear()
