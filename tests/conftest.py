"""Shared fixtures: the repository, a fresh build of the seeds, and throw-away projects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from diplograph.build import build
from diplograph.project import Project

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(REPO)


@pytest.fixture(scope="session")
def fresh_output(tmp_path_factory, project) -> Path:
    """The seeds built from scratch into a temporary folder (once per test session)."""
    out = tmp_path_factory.mktemp("fresh") / "output"
    build(seeds=project.seeds, output=out, project=project)
    return out


def make_project(root: Path, seeds: dict[str, tuple[bytes | str, str | None]] | None = None,
                 shapes_extra: str = "") -> Project:
    """A project folder sharing this repository's ontology and mappings, with its own seeds/shapes."""
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "ontology", root / "ontology", dirs_exist_ok=True)
    shutil.copytree(REPO / "mappings", root / "mappings", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (root / "shapes").mkdir(exist_ok=True)
    shapes = (REPO / "shapes" / "diplograph.shapes.ttl").read_text(encoding="utf-8")
    (root / "shapes" / "diplograph.shapes.ttl").write_text(shapes + shapes_extra, encoding="utf-8")
    for name, (text, meta) in (seeds or {}).items():
        data = text.encode("utf-8") if isinstance(text, str) else text
        (root / "seeds" / f"{name}.txt").write_bytes(data)
        if meta is not None:
            (root / "seeds" / f"{name}.meta.yaml").write_text(meta, encoding="utf-8")
    return Project(root)


def map_and_link(pairs, project: Project) -> list:
    """(Extraction, DocContext) of each seed pair, unified and linked across them as a build does."""
    from diplograph.linkstage import link, unify_entities
    from diplograph.mapstage import map_document
    from diplograph.extract.context import Tables
    from diplograph.seeds import read_document

    tables = Tables.load(project.data_dir)
    mapped = [map_document(read_document(p), tables, project) for p in pairs]
    xs = [x for x, _ in mapped]
    unify_entities(xs)
    link(xs, project)
    return mapped


def map_text(folder: Path, stem: str, text: str, genre: str, **sidecar):
    """The Extraction of one invented document written into `folder` (title: its first line; the
    sidecar keys given override the defaults)."""
    import yaml

    from diplograph.extract.context import Tables
    from diplograph.mapstage import map_document
    from diplograph.seeds import SeedPair, read_document

    path, side = folder / f"{stem}.txt", folder / f"{stem}.meta.yaml"
    path.write_text(text, encoding="utf-8")
    side.write_text(yaml.safe_dump({"genre": genre, "title": text.split("\n", 1)[0], "language": "en", **sidecar}),
                    encoding="utf-8")
    project = Project(REPO)
    x, _ = map_document(read_document(SeedPair(path, side)), Tables.load(project.data_dir), project)
    return x
