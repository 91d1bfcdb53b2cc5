"""Bytes to text: reading a file within a size limit, and decoding it.

A BOM decides first, then strict UTF-8, BOM-less UTF-16, UTF-8 with stray legacy bytes, an
HTML meta charset, and last a guess among legacy encodings (charset-normalizer, with the
accented letters that read as some language breaking ties). Text is normalised to ``\\n``
newlines and NFC.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Unicode category Cc (C0, DEL, C1) less the white-space controls \t \n \v \f \r.
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


class NotText(Exception):
    """Raised by readers with the user-facing reason a file cannot be audited."""


def read_bytes(path: str, max_bytes: int) -> bytes:
    st = os.stat(path)
    if stat.S_ISDIR(st.st_mode):
        raise NotText("is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise NotText("not a regular file")
    if st.st_size > max_bytes:
        size, limit = _mb(st.st_size), _mb(max_bytes)
        if size == limit:
            size, limit = f"{st.st_size:,} bytes", f"{max_bytes:,} bytes"
        raise NotText(f"too large: {size} (limit {limit})")
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew since stat()
        raise NotText(f"too large: more than {_mb(max_bytes)} (limit {_mb(max_bytes)})")
    return data


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I
)


def decode(data: bytes, *, html: bool = False) -> Decoded:
    """Bytes to text: BOM, strict UTF-8, BOM-less UTF-16, HTML meta charset, then a guess."""
    if not data.strip():
        raise NotText("empty file")
    for bom, name in _BOMS:
        if data.startswith(bom):
            codec = "utf-8" if name == "utf-8-sig" else name
            text = data[len(bom) :].decode(codec, errors="replace")
            return _checked(Decoded(text, name))
    if b"\x00" in data:
        guess = _guess_utf16(data)
        if guess is None:
            raise NotText("not text: binary content (NUL bytes)")
        return _checked(guess)
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return _checked(mostly)
    if html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            try:
                name = codecs.lookup(m.group(1).decode("ascii")).name
                return _checked(Decoded(data.decode(name), name))
            except (LookupError, UnicodeDecodeError, ValueError):
                pass
    return _checked(_guess_legacy(data))


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few stray bytes (a truncated file, a paragraph pasted from cp1252).

    Valid sequences stay UTF-8; each stray byte is read as cp1252 (a cut sequence at the
    very end becomes U+FFFD). Plain legacy text has almost no valid UTF-8 sequences.
    """
    valid = len(_UTF8_SEQUENCE.findall(data))
    stray = len(_NON_ASCII.findall(_UTF8_SEQUENCE.sub(b"", data)))
    if valid < 3 or stray > valid:
        return None
    _register_fallback()
    return Decoded(data.decode("utf-8", errors=_FALLBACK), "utf-8+cp1252")


_FALLBACK = "transcheck-cp1252-fallback"


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    if exc.reason == "unexpected end of data":
        return "\ufffd", exc.end
    return exc.object[exc.start : exc.end].decode("cp1252", errors="replace"), exc.end


@lru_cache(maxsize=1)
def _register_fallback() -> None:
    codecs.register_error(_FALLBACK, _cp1252_fallback)


def _guess_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without a BOM: NUL bytes concentrated on one parity (ASCII spaces, digits...)."""
    sample = data[:65536]
    if len(sample) < 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    units = len(sample) // 2
    nuls = max(even, odd)
    if nuls < max(4, units * 0.05) or min(even, odd) > nuls * 0.02:
        return None
    codec = "utf-16-le" if odd > even else "utf-16-be"
    body = data[: len(data) - len(data) % 2]
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        return None
    if _control_ratio(text) > 0.02:
        return None
    # real text has spaces (their high byte is the NUL); byte soup read as UTF-16 has not
    spaces = sum(1 for ch in text[:32768] if ch.isspace())
    if nuls < units * 0.3 and spaces < len(text[:32768]) * 0.05:
        return None
    return Decoded(text, codec)


# How common each legacy encoding is (log prior): on short text it decides the close calls.
_ENCODING_LOG_PRIOR = {"cp1252": -0.7, "iso8859-1": -1.5, "cp1251": -1.9, "cp1250": -2.3}
# Legacy encodings always tried besides the guesser's picks (Windows code pages, KOI8-R).
_COMMON_LEGACY = ("cp1252", "cp1250", "cp1251", "koi8-r", "cp1253", "cp1254", "cp1257")


def _guess_legacy(data: bytes) -> Decoded:
    """A legacy 8-bit (or CJK) encoding, guessed by charset-normalizer."""
    from charset_normalizer import from_bytes

    try:
        matches = list(from_bytes(data))
    except Exception:  # a guesser must never take the run down
        matches = []
    best = matches[0] if matches else None
    if best is not None:
        # guessers often tie (cp1250/cp1252) or miss on short text: among the clean
        # candidates and the common legacy encodings, keep the decoding whose accented
        # letters read as some language (niño, not nińo)
        sample = data[:65536]
        candidates: dict[str, str] = {}  # codec -> decoded sample
        for m in matches[:8]:
            if m.chaos <= best.chaos + 0.05 and m.encoding and _ascii_compatible(m.encoding):
                name = _codec_name(m.encoding)
                try:
                    candidates.setdefault(name, sample.decode(name, errors="ignore"))
                except (LookupError, ValueError):
                    continue
        for name in _COMMON_LEGACY:
            if name not in candidates:
                try:
                    candidates[name] = sample.decode(name)
                except UnicodeDecodeError:
                    continue
        if len(candidates) > 1:
            from transcheck.langid import letter_plausibility

            order = list(candidates)
            scores = {
                name: letter_plausibility(text) + _ENCODING_LOG_PRIOR.get(name, -4.0)
                for name, text in candidates.items()
            }
            name = min(order, key=lambda n: (-scores[n], order.index(n)))
            try:
                return Decoded(data.decode(name, errors="replace"), name)
            except (LookupError, ValueError):
                pass
    if best is None or best.encoding is None:
        if _control_ratio(data.decode("latin-1")) > 0.1:
            raise NotText("not text: binary content (control bytes)")
        raise NotText("not text: unknown encoding (not utf-8, utf-16 or a legacy encoding)")
    return Decoded(str(best), _codec_name(best.encoding))


_ASCII_PROBE = bytes(range(0x20, 0x7F))


@lru_cache(maxsize=64)
def _ascii_compatible(name: str) -> bool:
    """Whether ASCII bytes mean ASCII in this codec (not EBCDIC, not UTF-16)."""
    try:
        return _ASCII_PROBE.decode(name) == _ASCII_PROBE.decode("ascii")
    except (LookupError, ValueError):
        return False


def _codec_name(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    return len(_BAD_CONTROL.findall(sample)) / len(sample)


def _checked(decoded: Decoded) -> Decoded:
    if _control_ratio(decoded.text) > 0.1:
        raise NotText("not text: binary content (control bytes)")
    return decoded


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return unicodedata.normalize("NFC", text)
