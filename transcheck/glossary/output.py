"""Glossary text out: deterministic YAML in the glossary file style, and JSON.

Every writer starts from :meth:`Entry.to_dict <transcheck.glossary.model.Entry.to_dict>` (through
:meth:`Glossary.to_dict <transcheck.glossary.model.Glossary.to_dict>`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from transcheck.glossary.model import Entry, Glossary


def _yamlify(value: Any, flow_lists: bool = True) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _yamlify(v, flow_lists)
        return out
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq([_yamlify(v, flow_lists) for v in value])
        if flow_lists and all(isinstance(v, str) for v in value):
            seq.fa.set_flow_style()
        return seq
    return value


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    return yaml


def dump_yaml(data: Any, header: str | None = None) -> str:
    """Deterministic YAML text in the glossary file style."""
    buf = io.StringIO()
    if header:
        buf.write("".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()))
    _yaml().dump(data if hasattr(data, "fa") else _yamlify(data), buf)
    return buf.getvalue()


def glossary_yaml(glossary: Glossary, with_sources: bool = True) -> str:
    """The merged glossary as one YAML file, each entry preceded by where it came from."""
    data = _yamlify(glossary.to_dict())
    if with_sources:
        entries = data["entries"]
        for i, entry in enumerate(glossary.entries):
            where = f"{entry.file}:{entry.line}" if entry.line else entry.file
            entries.yaml_set_comment_before_after_key(i, before=f"from {where}", indent=2)
    return dump_yaml(data)


def glossary_json(glossary: Glossary) -> str:
    import json

    data = glossary.to_dict()
    for out, entry in zip(data["entries"], glossary.entries, strict=True):
        out["file"] = entry.file
        out["line"] = entry.line
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def imported_yaml(entries: Sequence[Entry], source: str) -> str:
    """A glossary file of entries imported from ``source`` (a file name)."""
    return dump_yaml(
        Glossary(entries=list(entries)).to_dict(),
        header=f"Imported by transcheck from {source}.",
    )
