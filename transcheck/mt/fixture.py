"""Build a tiny but real Argos Translate package (``.argosmodel``) offline.

No model can be downloaded at run time, so tests and the MT benchmark build their own: a
SentencePiece model trained on invented sentences generated from syllable word lists, and a
CTranslate2 Transformer with seeded random weights whose vocabulary is exactly the
SentencePiece pieces. Translations are nonsense, but every file is in the real format and goes
through the real loading, tokenising, batching and decoding path.

Presets: ``tiny`` (2+2 layers, d_model 64, ~500 pieces; builds in a few seconds) for tests and
``realistic`` (6+6 layers, d_model 512, 8k pieces) for the benchmark.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FixtureConfig:
    """Size of the generated model."""

    encoder_layers: int = 2
    decoder_layers: int = 2
    d_model: int = 64
    heads: int = 4
    ffn: int = 128
    vocab_size: int = 500
    sentences: int = 600
    seed: int = 1234


PRESETS: dict[str, FixtureConfig] = {
    "tiny": FixtureConfig(),
    "realistic": FixtureConfig(
        encoder_layers=6,
        decoder_layers=6,
        d_model=512,
        heads=8,
        ffn=2048,
        vocab_size=8000,
        sentences=20000,
    ),
}

_ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st", "tr"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou"]
_CODAS = ["", "", "n", "r", "s", "l", "k"]


def _words(rng: random.Random, count: int) -> list[str]:
    words: set[str] = set()
    while len(words) < count:
        syllables = rng.randint(1, 4)
        words.add(
            "".join(
                rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                for _ in range(syllables)
            )
        )
    return sorted(words)


def make_sentences(count: int, seed: int = 1234, lexicon: int | None = None) -> list[str]:
    """Invented sentences in an invented language: deterministic for a given seed."""
    rng = random.Random(seed)
    words = _words(rng, lexicon or max(300, count // 3))
    out = []
    for _ in range(count):
        n = rng.randint(3, 18)
        tokens = [rng.choice(words) for _ in range(n)]
        if rng.random() < 0.3:
            tokens.insert(rng.randrange(len(tokens)), str(rng.randint(1, 9999)))
        sentence = " ".join(tokens)
        out.append(sentence[0].upper() + sentence[1:] + rng.choice([".", ".", "?", "!"]))
    return out


def _train_sentencepiece(sentences: list[str], vocab_size: int) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def _build_ctranslate2(model_dir: Path, vocabulary: list[str], cfg: FixtureConfig) -> None:
    import numpy as np
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(cfg.seed)
    d, f, v = cfg.d_model, cfg.ffn, len(vocabulary)

    def weight(rows: int, cols: int) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) / np.sqrt(cols)).astype(np.float32)

    def bias(n: int) -> np.ndarray:
        return (rng.standard_normal(n) * 0.02).astype(np.float32)

    def norm(spec) -> None:
        spec.gamma = np.ones(d, dtype=np.float32)
        spec.beta = np.zeros(d, dtype=np.float32)

    def linear(spec, rows: int, cols: int) -> None:
        spec.weight = weight(rows, cols)
        spec.bias = bias(rows)

    def ffn(spec) -> None:
        norm(spec.layer_norm)
        linear(spec.linear_0, f, d)
        linear(spec.linear_1, d, f)

    spec = transformer_spec.TransformerSpec.from_config(
        (cfg.encoder_layers, cfg.decoder_layers), cfg.heads
    )
    spec.encoder.embeddings[0].weight = weight(v, d)
    norm(spec.encoder.layer_norm)
    for layer in spec.encoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)  # fused query/key/value
        linear(layer.self_attention.linear[1], d, d)
        ffn(layer.ffn)
    spec.decoder.embeddings.weight = weight(v, d)
    norm(spec.decoder.layer_norm)
    linear(spec.decoder.projection, v, d)
    for layer in spec.decoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d, d)  # query
        linear(layer.attention.linear[1], 2 * d, d)  # fused key/value
        linear(layer.attention.linear[2], d, d)
        ffn(layer.ffn)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization="int8")
    spec.save(str(model_dir))


def build_package_dir(
    dest: Path,
    from_code: str = "xx",
    to_code: str = "en",
    version: str = "1.0",
    config: FixtureConfig | str = "tiny",
) -> Path:
    """Write an unpacked Argos package into ``dest`` (created; must not exist) and return it."""
    import sentencepiece as spm

    cfg = PRESETS[config] if isinstance(config, str) else config
    dest = Path(dest)
    dest.mkdir(parents=True)
    sentences = make_sentences(cfg.sentences, cfg.seed)
    sp_bytes = _train_sentencepiece(sentences, cfg.vocab_size)
    (dest / "sentencepiece.model").write_bytes(sp_bytes)
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    vocabulary = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    (dest / "model").mkdir()
    _build_ctranslate2(dest / "model", vocabulary, cfg)
    metadata = {
        "package_version": version,
        "argos_version": "1.9",
        "from_code": from_code,
        "from_name": f"Fixture ({from_code})",
        "to_code": to_code,
        "to_name": f"Fixture ({to_code})",
        "type": "translate",
        "description": "Random-weight test fixture built by transcheck; output is nonsense.",
    }
    (dest / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    (dest / "README.md").write_text(
        "Fixture package built by transcheck's make-fixture-model; not a real translator.\n",
        encoding="utf-8",
    )
    return dest


def zip_package(package_dir: Path, archive: Path) -> Path:
    """Zip an unpacked package like real ``.argosmodel`` files: one top folder."""
    package_dir = Path(package_dir)
    top = package_dir.name
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(package_dir.rglob("*")):
            rel = path.relative_to(package_dir).as_posix()
            if path.is_dir():
                zf.writestr(f"{top}/{rel}/", "")
            else:
                zf.write(path, f"{top}/{rel}")
    return Path(archive)


def build_argosmodel(
    archive: Path,
    from_code: str = "xx",
    to_code: str = "en",
    version: str = "1.0",
    config: FixtureConfig | str = "tiny",
) -> Path:
    """Build a complete ``.argosmodel`` file at ``archive`` and return its path."""
    archive = Path(archive)
    archive.parent.mkdir(parents=True, exist_ok=True)
    name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    with tempfile.TemporaryDirectory(prefix="transcheck-fixture-") as tmp:
        package_dir = build_package_dir(Path(tmp) / name, from_code, to_code, version, config)
        partial = archive.with_name(archive.name + ".part")
        zip_package(package_dir, partial)
        shutil.move(str(partial), archive)
    return archive
