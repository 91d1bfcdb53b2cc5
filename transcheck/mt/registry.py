"""The engine table: every translation engine by name, imported only when used.

Each entry maps the name given to ``--engine`` to ``"module:Class"``, a subclass of
:class:`transcheck.mt.base.Engine` (as sacrebleu keeps its tokenizers). The router, the CLI's
``--engine`` choices and help, and ``transcheck models list`` all read this table, so adding
an engine is one module plus one line here (plus its tests). ``--engine auto`` uses the
engines whose class says ``in_auto``, in table order (the first is preferred on ties).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from transcheck.mt.base import Engine

ENGINES: dict[str, str] = {
    "argos": "transcheck.mt.argos:ArgosEngine",
    "apertium": "transcheck.mt.apertium:ApertiumEngine",
    "argostranslate": "transcheck.mt.argostranslate_engine:ArgostranslateEngine",
}
# Names that are not engines: every usable one, or translation off.
AUTO = "auto"
NONE = "none"


def engine_names() -> list[str]:
    """Every engine in the table, sorted."""
    return sorted(ENGINES)


def engine_choices() -> tuple[str, ...]:
    """What ``--engine`` accepts: ``auto``, each engine, ``none``."""
    return (AUTO, *engine_names(), NONE)


def engine_help() -> str:
    return " | ".join(engine_choices())


def engine_class(name: str) -> type[Engine]:
    """The class registered as ``name`` (imported now); ImportError when it cannot load."""
    target = ENGINES[name]
    module_name, _, attribute = target.partition(":")
    module = importlib.import_module(module_name)
    try:
        return getattr(module, attribute)
    except AttributeError:
        raise ImportError(f"{module_name} has no {attribute}") from None
