"""Argos Translate packages run directly with CTranslate2 + SentencePiece.

An Argos package (``.argosmodel``) is a zip with one top folder holding ``metadata.json``, a
CTranslate2 model in ``model/`` and ``sentencepiece.model`` (an optional ``stanza/`` folder is
ignored: sentences are split by our own splitter, nothing is downloaded). Packages are used in
place, both from transcheck's data dir and from argostranslate's package folder.

Translation is batched: every sentence of a call is tokenised, sorted by length and sent to
``Translator.translate_batch`` in batches of ``max_batch_size``, with a decoding limit
relative to the input length so a bad model cannot loop forever.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from transcheck.mt.argos_package import ArgosPackage
from transcheck.mt.base import Engine, EngineError, EngineSettings, Pair

# --- sentence splitting -------------------------------------------------------------------

_SPLIT = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+|(?<=[。！？])")


def _fallback_split(text: str) -> list[str]:
    """Split after sentence punctuation when the next sentence starts with no lowercase."""
    out: list[str] = []
    start = 0
    for m in _SPLIT.finditer(text):
        nxt = text[m.end() : m.end() + 1]
        if not nxt or nxt.islower():
            continue
        piece = text[start : m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def split_sentences(text: str, lang: str | None = None) -> list[str]:
    """Sentences of one line of text: the project splitter if present, else a regex."""
    try:
        from transcheck.extract.sentences import split_sentences as project_split
    except ImportError:
        return _fallback_split(text)
    try:
        pieces = project_split(text, lang)
    except Exception:  # a splitter bug must not stop translation
        return _fallback_split(text)
    out = []
    for p in pieces:
        if isinstance(p, str):
            s = p
        elif hasattr(p, "start") and hasattr(p, "end"):
            s = text[p.start : p.end]
        elif hasattr(p, "text"):
            s = p.text
        elif isinstance(p, tuple) and len(p) >= 2 and isinstance(p[0], int):
            s = text[p[0] : p[1]]
        else:
            return _fallback_split(text)
        if s.strip():
            out.append(s.strip())
    return out


def _chunk_tokens(tokens: list[str], limit: int) -> list[list[str]]:
    """Cut an over-long token sequence into pieces of at most ``limit``, at word starts."""
    if len(tokens) <= limit:
        return [tokens]
    chunks = []
    start = 0
    while len(tokens) - start > limit:
        cut = start + limit
        for j in range(cut, start + limit // 2, -1):
            if tokens[j].startswith("\u2581"):
                cut = j
                break
        chunks.append(tokens[start:cut])
        start = cut
    chunks.append(tokens[start:])
    return chunks


# --- the engine ---------------------------------------------------------------------------


def _version_key(version: str) -> tuple:
    return tuple(int(x) if x.isdigit() else -1 for x in re.split(r"[._-]", version or "0"))


_SOURCE_RANK = {"path": 0, "transcheck": 1, "argostranslate": 2}


class _Loaded:
    __slots__ = ("translator", "sp")

    def __init__(self, translator: Any, sp: Any) -> None:
        self.translator = translator
        self.sp = sp


class ArgosEngine(Engine):
    """Translate with installed Argos packages, one package per language pair."""

    name = "argos"

    def __init__(
        self,
        packages: Iterable[ArgosPackage],
        *,
        compute_type: str = "int8",
        beam_size: int = 2,
        max_batch_size: int = 32,
        threads: int = 1,
        max_length_ratio: float = 2.0,
        max_length_extra: int = 10,
        max_decoding_length: int = 512,
        max_input_tokens: int = 200,
        length_penalty: float = 0.2,
    ) -> None:
        chosen: dict[Pair, ArgosPackage] = {}
        for pkg in packages:
            old = chosen.get(pkg.pair)
            if old is None or _rank(pkg) < _rank(old):
                chosen[pkg.pair] = pkg
        self.packages = dict(sorted(chosen.items(), key=lambda kv: str(kv[0])))
        self.compute_type = compute_type
        self.beam_size = max(1, int(beam_size))
        self.max_batch_size = max(1, int(max_batch_size))
        self.threads = max(1, int(threads))
        self.max_length_ratio = max_length_ratio
        self.max_length_extra = max_length_extra
        self.max_decoding_length = max_decoding_length
        self.max_input_tokens = max(8, int(max_input_tokens))
        self.length_penalty = float(length_penalty)
        self.problems: list[str] = []  # broken packages seen by discover(), one line each
        self._loaded: dict[Pair, _Loaded] = {}
        self._lock = threading.Lock()

    @classmethod
    def discover(cls, dirs: Iterable[Path | str] | None = None, **opts: Any) -> ArgosEngine:
        """Find packages in ``dirs`` (default: transcheck's and argostranslate's folders).

        Options: compute_type, beam_size, max_batch_size, threads (or jobs). Unknown options
        are ignored so a router can pass its own settings. Broken packages are skipped and
        described in ``engine.problems``.
        """
        from transcheck.mt.packages import scan

        if "jobs" in opts and "threads" not in opts:
            opts["threads"] = opts["jobs"]
        known = {
            "compute_type",
            "beam_size",
            "max_batch_size",
            "threads",
            "max_length_ratio",
            "max_length_extra",
            "max_decoding_length",
            "max_input_tokens",
            "length_penalty",
        }
        kwargs = {k: v for k, v in opts.items() if k in known and v is not None}
        result = scan(dirs)
        engine = cls(result.packages, **kwargs)
        engine.problems = list(result.problems)
        return engine

    @classmethod
    def build(cls, settings: EngineSettings) -> ArgosEngine:
        options = {
            k: v for k, v in settings.options.items() if k not in ("argos_dirs", "apertium_dirs")
        }
        return cls.discover(settings.options.get("argos_dirs"), jobs=settings.jobs, **options)

    @classmethod
    def models(cls) -> tuple[list[dict[str, str]], list[str]]:
        """Every package in transcheck's and argostranslate's folders, broken ones as lines."""
        from transcheck.mt.packages import scan

        result = scan()
        rows = [
            {
                "engine": cls.name,
                "pair": f"{p.from_code}-{p.to_code}",
                "version": p.version,
                "identity": p.identity,
                "path": str(p.path),
                "source": p.source,
                "name": p.name,
            }
            for p in result.packages
        ]
        return rows, list(result.problems)

    def pairs(self) -> list[Pair]:
        return list(self.packages)

    def package(self, pair: Pair) -> ArgosPackage:
        try:
            return self.packages[pair]
        except KeyError:
            raise EngineError(f"argos: no package installed for {pair}") from None

    def identity(self, pair: Pair) -> str:
        pkg = self.package(pair)
        return (
            f"argos:{pkg.from_code}-{pkg.to_code}@{pkg.identity};beam={self.beam_size};"
            f"lp={self.length_penalty};max_in={self.max_input_tokens};"
            f"max_out={self.max_length_ratio}x+{self.max_length_extra}<={self.max_decoding_length};"
            f"{self.compute_type}"
        )

    def _load(self, pair: Pair) -> _Loaded:
        with self._lock:
            loaded = self._loaded.get(pair)
            if loaded is not None:
                return loaded
            pkg = self.package(pair)
            try:
                import ctranslate2
                import sentencepiece
            except ImportError as exc:  # pragma: no cover - both are core dependencies
                raise EngineError(f"argos: {exc}; reinstall transcheck") from None
            try:
                sp = sentencepiece.SentencePieceProcessor(model_file=str(pkg.sp_model))
            except (OSError, RuntimeError, ValueError) as exc:
                raise EngineError(f"argos {pair}: bad {pkg.sp_model}: {exc}") from None
            try:
                translator = ctranslate2.Translator(
                    str(pkg.model_dir),
                    device="cpu",
                    compute_type=self.compute_type,
                    inter_threads=1,
                    intra_threads=self.threads,
                )
            except (OSError, RuntimeError, ValueError) as exc:
                raise EngineError(
                    f"argos {pair}: cannot load model {pkg.model_dir}: {_one_line(exc)}"
                ) from None
            loaded = self._loaded[pair] = _Loaded(translator, sp)
            return loaded

    def translate(self, texts: list[str], pair: Pair) -> list[str]:
        if not texts:
            return []
        loaded = self._load(pair)
        pkg = self.packages[pair]
        # for every passage, for every line: the indexes of its sentences, in reading order
        layout: list[list[list[int]]] = []
        sentences: list[str] = []
        for text in texts:
            lines = []
            for line in text.split("\n"):
                ids = []
                for sent in split_sentences(line, pair.src):
                    ids.append(len(sentences))
                    sentences.append(sent)
                lines.append(ids)
            layout.append(lines)
        translated = self._translate_sentences(loaded, pkg, sentences)
        out = []
        for lines in layout:
            out.append("\n".join(" ".join(translated[i] for i in ids) for ids in lines))
        return out

    def _translate_sentences(
        self, loaded: _Loaded, pkg: ArgosPackage, sentences: list[str]
    ) -> list[str]:
        if not sentences:
            return []
        try:
            encoded = loaded.sp.encode(sentences, out_type=str)
        except (RuntimeError, ValueError, TypeError) as exc:
            raise EngineError(
                f"argos {pkg.pair}: tokenizer failed ({pkg.sp_model}): {exc}"
            ) from None
        # over-long sentences are cut into pieces so the model never truncates them silently
        owner: list[int] = []
        tokens: list[list[str]] = []
        for i, toks in enumerate(encoded):
            for piece in _chunk_tokens(toks, self.max_input_tokens):
                if piece:
                    owner.append(i)
                    tokens.append(piece)
        decoded = self._translate_tokens(loaded, pkg, tokens)
        parts: list[list[str]] = [[] for _ in sentences]
        for i, text in zip(owner, decoded, strict=True):
            if text:
                parts[i].append(text)
        return [" ".join(p) for p in parts]

    def _translate_tokens(
        self, loaded: _Loaded, pkg: ArgosPackage, tokens: list[list[str]]
    ) -> list[str]:
        """Length-sorted batches, one ``translate_batch`` call per batch."""
        order = sorted(range(len(tokens)), key=lambda i: (len(tokens[i]), i))
        results: list[str] = [""] * len(tokens)
        prefix = [pkg.target_prefix] if pkg.target_prefix else None
        for start in range(0, len(order), self.max_batch_size):
            batch_ids = order[start : start + self.max_batch_size]
            batch = [tokens[i] for i in batch_ids]
            longest = max(len(t) for t in batch)
            limit = min(
                self.max_decoding_length,
                int(longest * self.max_length_ratio) + self.max_length_extra,
            )
            try:
                hyps = loaded.translator.translate_batch(
                    batch,
                    beam_size=self.beam_size,
                    length_penalty=self.length_penalty,
                    max_batch_size=self.max_batch_size,
                    max_decoding_length=limit,
                    replace_unknowns=True,
                    target_prefix=[prefix] * len(batch) if prefix else None,
                )
            except (RuntimeError, ValueError, TypeError, OSError) as exc:
                raise EngineError(
                    f"argos {pkg.pair}: translation failed ({pkg.path}): {_one_line(exc)}"
                ) from None
            if len(hyps) != len(batch):
                raise EngineError(
                    f"argos {pkg.pair}: model returned {len(hyps)} results for {len(batch)} "
                    f"sentences ({pkg.path})"
                )
            for i, hyp in zip(batch_ids, hyps, strict=True):
                pieces = hyp.hypotheses[0] if hyp.hypotheses else []
                if prefix and pieces[:1] == prefix:
                    pieces = pieces[1:]
                results[i] = loaded.sp.decode(pieces).strip()
        return results

    def close(self) -> None:
        with self._lock:
            self._loaded.clear()


def _rank(pkg: ArgosPackage) -> tuple:
    """Sort key: our own packages first, then the highest version, then the name."""
    neg_version = tuple(-x for x in _version_key(pkg.version))
    return (_SOURCE_RANK.get(pkg.source, 3), neg_version, pkg.name, str(pkg.path))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
