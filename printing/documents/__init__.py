"""Document kinds: each is a plain dataclass spec plus a function rendering it to PDF bytes.

A kind registers itself with :func:`register_kind`; every module of this package is
imported by :func:`kinds`, so adding a kind means adding one module (spec + render) and
one test — nothing else lists them. Rendering never touches the database: workflows
build the spec from stored data, and the archive keeps the spec so any document can be
reproduced.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import pkgutil
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from printing.layout import Footer

Render = Callable[[Any, Footer], bytes]


@dataclass(frozen=True)
class DocumentKind:
    """What the archive needs to know about a kind of document."""

    key: str
    label: str  # Chinese name shown to the clerk, e.g. “工作日程公告”
    spec_type: type
    render: Render
    numbered: bool = False  # notices carry the election's running number (（第×号）)
    public: bool = True  # posted on the wall: personal data must be masked


_KINDS: dict[str, DocumentKind] = {}
_loaded = False


def register_kind(kind: DocumentKind) -> DocumentKind:
    """Make a kind known to the archive."""
    _KINDS[kind.key] = kind
    return kind


def kinds() -> dict[str, DocumentKind]:
    """Every registered kind (importing all modules of this package once)."""
    global _loaded
    if not _loaded:
        for info in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{info.name}")
        _loaded = True
    return _KINDS


def kind(key: str) -> DocumentKind:
    """One registered kind."""
    return kinds()[key]


def spec_to_json(spec: Any) -> str:
    """Serialise a spec dataclass (dates as ISO strings)."""
    return json.dumps(dataclasses.asdict(spec), ensure_ascii=False, sort_keys=True,
                      default=_encode)


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def spec_from_json(spec_type: type, text: str) -> Any:
    """Rebuild a spec dataclass from :func:`spec_to_json` output, using its type hints."""
    return _decode(spec_type, json.loads(text))


def _decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        fields = {f.name: _decode(hints[f.name], value[f.name])
                  for f in dataclasses.fields(hint) if f.name in value}
        return hint(**fields)
    origin = typing.get_origin(hint)
    if origin in (list, tuple):
        (inner, *_rest) = typing.get_args(hint) or (Any,)
        items = [_decode(inner, item) for item in value]
        return tuple(items) if origin is tuple else items
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _decode(options[0], value)
    if hint is date:
        return date.fromisoformat(value)
    return value
