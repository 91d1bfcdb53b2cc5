"""Write transcheck/data/calendar_names.json: the calendar names of the calendar languages
as the installed Babel gives them (``transcheck.languages.calendar_names`` reads them from
this file while Babel is the version it names; run this after upgrading Babel)."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

from transcheck import languages


def main() -> None:
    names = {
        f"{lang}|{kind}|{width}": languages.read_calendar_names(lang, kind, width)
        for lang in languages.CALENDAR_LANGUAGES
        for kind, width in languages.CALENDAR_KINDS
    }
    data = {"babel": metadata.version("babel"), "names": names}
    path = Path(languages.__file__).parent / languages.CALENDAR_FILE
    path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(names)} tables, Babel {data['babel']})")


if __name__ == "__main__":
    main()
