"""YAML text -> plain dicts, lists and scalars that remember where they stood.

Containers carry ``.lc`` positions in the style of ruamel.yaml (0-based); :func:`pos` and
:func:`key_pos` turn them into the 1-based line and column of a problem. Parsed with libyaml
(PyYAML's C parser) when available, else ruamel.yaml; scalars follow YAML 1.2 either way.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from typing import Any

Report = Callable[[tuple[int, int], str], None]  # (1-based line, column), message


def pos(node: Any, key: Any = None, index: int | None = None) -> tuple[int, int]:
    """1-based (line, column) of a mapping key's value, a sequence item, or the node itself."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return 0, 0
    try:
        if key is not None:
            line, col = lc.value(key) if key in node else (lc.line, lc.col)
        elif index is not None:
            line, col = lc.item(index)
        else:
            line, col = lc.line, lc.col
    except (KeyError, IndexError, TypeError, AttributeError):
        line, col = lc.line, lc.col
    return line + 1, col + 1


def key_pos(node: Any, key: Any) -> tuple[int, int]:
    try:
        line, col = node.lc.key(key)
    except (KeyError, AttributeError, TypeError):
        return pos(node)
    return line + 1, col + 1


def yaml_error_message(exc: Exception) -> tuple[int, int, str]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}"
    context_mark = getattr(exc, "context_mark", None)
    if context:
        message += f" ({context}"
        if context_mark is not None and mark is not None and context_mark.line != mark.line:
            message += f" that starts at {context_mark.line + 1}:{context_mark.column + 1}"
        message += ")"
    if "alias" in f"{problem} {context}" or "'*'" in str(problem) or "anchor" in str(problem):
        message += '; write "*" in quotes for "any language"'
    if mark is None:
        return 0, 0, message
    return mark.line + 1, mark.column + 1, message


class YAMLSyntax(Exception):
    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def parse_yaml(text: str, report: Report) -> Any:
    """YAML text -> dicts/lists/scalars whose containers carry ``.lc`` positions (0-based).

    libyaml (PyYAML's C parser, ~25x faster) when installed, else ruamel.yaml round-trip.
    Scalars are read with YAML 1.2 rules either way (``no`` is Norwegian, not false).
    """
    try:
        import yaml as pyyaml

        loader = pyyaml.CSafeLoader
    except (ImportError, AttributeError):
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        try:
            return YAML(typ="rt").load(text)
        except YAMLError as exc:
            raise YAMLSyntax(exc) from None
    # The node tree is large and acyclic: collecting garbage while building it costs 2x.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        node = pyyaml.compose(text, Loader=loader)
        return None if node is None else _NodeConverter(report).convert(node)
    except pyyaml.YAMLError as exc:
        raise YAMLSyntax(exc) from None
    finally:
        if was_enabled:
            gc.enable()


class _LC:
    """Positions in the style of ruamel.yaml's ``.lc`` (0-based line and column)."""

    def __init__(self, line: int, col: int) -> None:
        self.line = line
        self.col = col
        self.keys: dict[Any, tuple[int, int]] = {}
        self.values: dict[Any, tuple[int, int]] = {}
        self.items: list[tuple[int, int]] = []

    def key(self, k: Any) -> tuple[int, int]:
        return self.keys[k]

    def value(self, k: Any) -> tuple[int, int]:
        return self.values[k]

    def item(self, i: int) -> tuple[int, int]:
        return self.items[i]


class _Map(dict):
    lc: _LC


class _Seq(list):
    lc: _LC


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


class _NodeConverter:
    """PyYAML nodes -> _Map/_Seq/scalars; aliases shared, not expanded (no billion laughs)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.memo: dict[int, Any] = {}

    def convert(self, node: Any) -> Any:
        if id(node) in self.memo:
            return self.memo[id(node)]
        mark = node.start_mark
        kind = node.id  # "scalar" | "sequence" | "mapping"
        if kind == "scalar":
            return self.scalar(node)
        if kind == "sequence":
            seq = _Seq()
            seq.lc = _LC(mark.line, mark.column)
            self.memo[id(node)] = seq
            for child in node.value:
                seq.lc.items.append((child.start_mark.line, child.start_mark.column))
                seq.append(self.convert(child))
            return seq
        out = _Map()
        out.lc = _LC(mark.line, mark.column)
        self.memo[id(node)] = out
        for key_node, value_node in node.value:
            key = self.scalar(key_node) if key_node.id == "scalar" else f"<{key_node.id}>"
            if not isinstance(key, (str, int, float, bool, type(None))):
                key = str(key)
            where = (key_node.start_mark.line, key_node.start_mark.column)
            if key in out:
                first = out.lc.keys[key]
                self.report(
                    (where[0] + 1, where[1] + 1),
                    f"duplicate key {key!r} (first at {first[0] + 1}:{first[1] + 1}); "
                    "the second is ignored",
                )
                continue
            out.lc.keys[key] = where
            out.lc.values[key] = (value_node.start_mark.line, value_node.start_mark.column)
            out[key] = self.convert(value_node)
        return out

    @staticmethod
    def scalar(node: Any) -> Any:
        value = node.value
        if node.style or node.tag == "tag:yaml.org,2002:str":
            return value  # quoted, literal or folded: always text
        if _NULL.match(value):
            return None
        if value in _BOOL:
            return _BOOL[value]
        if _INT.match(value):
            return int(value, 0) if value.lstrip("+-")[:2] in ("0o", "0x") else int(value)
        if _FLOAT.match(value):
            return float(value)
        if value in (".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN"):
            return float(value.replace(".", "").lower().replace("inf", "inf"))
        return value
