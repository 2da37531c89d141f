"""The registry of mapping modules, one per genre, loaded from the project's `mappings/` folder.

A module registers a function with `@mapping("joint-statement", version="joint-statement.v1")`;
it takes a `DocContext` and fills `ctx.extraction`. The version string is published with each
document so data mapped by an older module can be found and re-mapped.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from diplograph.errors import InputError, MappingError

_REGISTRY: dict[str, "MappingModule"] = {}


@dataclass(frozen=True)
class MappingModule:
    genre: str
    version: str
    func: Callable
    path: str


def mapping(genre: str, *, version: str) -> Callable:
    def register(func: Callable) -> Callable:
        _REGISTRY[genre] = MappingModule(genre, version, func, getattr(sys.modules.get(func.__module__), "__file__", ""))
        return func
    return register


def load_project_mappings(mappings_dir: Path) -> dict[str, MappingModule]:
    """Import every `*.py` of the project's mappings folder (as the `mappings` package)."""
    init = mappings_dir / "__init__.py"
    if not init.exists():
        raise InputError("mappings package not found (mappings/__init__.py)", path=str(mappings_dir))
    existing = sys.modules.get("mappings")
    if existing is None or Path(getattr(existing, "__file__", "") or "").resolve() != init.resolve():
        for name in [m for m in sys.modules if m == "mappings" or m.startswith("mappings.")]:
            del sys.modules[name]
        _REGISTRY.clear()
        spec = importlib.util.spec_from_file_location("mappings", init, submodule_search_locations=[str(mappings_dir)])
        module = importlib.util.module_from_spec(spec)
        sys.modules["mappings"] = module
        spec.loader.exec_module(module)
        for py in sorted(mappings_dir.glob("*.py")):
            if py.name != "__init__.py":
                importlib.import_module(f"mappings.{py.stem}")
    return dict(_REGISTRY)


def get(genre: str, mappings_dir: Path) -> MappingModule:
    modules = load_project_mappings(mappings_dir)
    if genre not in modules:
        raise MappingError(f"no mapping module for genre {genre!r}; available: {', '.join(sorted(modules))}")
    return modules[genre]


def code_hash(mappings_dir: Path) -> str:
    """A hash of the mapping code and data tables (for caches)."""
    h = hashlib.sha256()
    for p in sorted(list(mappings_dir.rglob("*.py")) + list(mappings_dir.rglob("*.csv"))):
        h.update(p.name.encode()); h.update(p.read_bytes())
    return h.hexdigest()
