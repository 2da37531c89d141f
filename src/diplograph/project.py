"""Finds the publication project's folders (seeds/, ontology/, shapes/, mappings/, output/)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _find_root(start: Path) -> Path:
    for candidate in [start, *start.parents]:
        if (candidate / "ontology").is_dir() and (candidate / "shapes").is_dir():
            return candidate
    return start


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def discover(cls, start: str | os.PathLike | None = None) -> "Project":
        env = os.environ.get("DIPLOGRAPH_PROJECT")
        base = Path(start or env or Path.cwd()).resolve()
        return cls(_find_root(base))

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def ontology_file(self) -> Path:
        return self.ontology_dir / "diplograph.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.root / "shapes" / "diplograph.shapes.ttl"

    @property
    def mappings_dir(self) -> Path:
        return self.root / "mappings"

    @property
    def data_dir(self) -> Path:
        return self.mappings_dir / "data"

    @property
    def output(self) -> Path:
        return self.root / "output"
