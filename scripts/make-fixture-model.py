#!/usr/bin/env python3
"""Build a tiny, real Argos Translate package with random weights (output is nonsense).

Usage: scripts/make-fixture-model.py [OUT.argosmodel] [--from xx] [--to en] [--preset tiny|realistic]

Then: transcheck models install OUT.argosmodel
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transcheck.mt.fixture import PRESETS, build_argosmodel  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default="fixture.argosmodel", type=Path)
    parser.add_argument("--from", dest="from_code", default="xx", help="source language code")
    parser.add_argument("--to", dest="to_code", default="en", help="target language code")
    parser.add_argument("--version", default="1.0", help="package_version in metadata.json")
    parser.add_argument("--preset", choices=sorted(PRESETS), default="tiny")
    args = parser.parse_args(argv)
    path = build_argosmodel(
        args.output, args.from_code, args.to_code, args.version, config=args.preset
    )
    print(
        f"wrote {path} ({path.stat().st_size} bytes); install it with: "
        f"transcheck models install {path}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
