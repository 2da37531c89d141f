"""Finds the publication project's folders (seeds/, ontology/, shapes/, mappings/, output/) and
makes new projects (`diplograph init`).

A project is a folder with `ontology/` and `shapes/`. Which one a command works in: the global
`--project DIR` option, else the `DIPLOGRAPH_PROJECT` variable, else the current folder or the
nearest folder above it that is a project. Outside any project, commands that need one say how to
make or name one (`ProjectError`, exit 2).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from diplograph.errors import DiplographError

ENV = "DIPLOGRAPH_PROJECT"
HOW = ("make one with `diplograph init DIR`, or name one with `diplograph --project DIR …` "
       f"or the {ENV} variable")

_chosen: Path | None = None  # set by the global --project option


class ProjectError(DiplographError):
    """No publication project where the command was asked to work."""

    exit_code = 2


def is_project(path: Path) -> bool:
    return (path / "ontology").is_dir() and (path / "shapes").is_dir()


def _find_root(start: Path) -> Path:
    for candidate in [start, *start.parents]:
        if is_project(candidate):
            return candidate
    return start


def use(path: str | os.PathLike | None) -> None:
    """The project every later `Project.discover()` returns (the global --project option)."""
    global _chosen
    if path is None:
        _chosen = None
        return
    root = Path(path).resolve()
    if not is_project(root):
        raise ProjectError(f"{root} is not a diplograph project (no ontology/ and shapes/ there); {HOW}")
    _chosen = root


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def discover(cls, start: str | os.PathLike | None = None) -> "Project":
        if start is None and _chosen is not None:
            return cls(_chosen)
        env = os.environ.get(ENV)
        if start is None and env:
            return cls(_find_root(Path(env).resolve()))  # `require` says when it is not a project
        base = Path(start or Path.cwd()).resolve()
        return cls(_find_root(base))

    @classmethod
    def require(cls) -> "Project":
        """The project to work in; ProjectError (with how to make or name one) when there is none."""
        found = cls.discover()
        if not found.exists:
            where = f"{ENV}={os.environ[ENV]}" if os.environ.get(ENV) and _chosen is None else str(Path.cwd())
            raise ProjectError(f"not in a diplograph project ({where}: no ontology/ and shapes/ there or above); {HOW}")
        return found

    @property
    def exists(self) -> bool:
        return is_project(self.root)

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


# --------------------------------------------------------------------------------------------------
# New projects

TEMPLATE_DIRS = ("mappings", "ontology", "shapes")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")

README = """# {name}: a diplograph publication

Made with `diplograph init`. The folders:

| folder | what |
|---|---|
| `seeds/` | the documents: `NAME.txt` and, beside it, `NAME.meta.yaml` (title, genre, url, …) |
| `mappings/` | one mapping module per genre (`joint_statement.py`, `opinion.py`, `news_profile.py`) and the data tables in `mappings/data/` (gazetteer, roles, office holders, page furniture, Wikidata slice and link decisions) |
| `ontology/` | the ontology the data is written in |
| `shapes/` | the SHACL shapes a build must pass |
| `output/` | what `diplograph build` publishes (made by the first build) |

```sh
diplograph build            # from this folder (or: diplograph --project {path} build)
diplograph serve            # http://127.0.0.1:8000/
diplograph site public/     # the same pages as static files
```

Outside this folder, name it with `--project {path}` or `DIPLOGRAPH_PROJECT={path}`.
"""


def template_root() -> Project:
    """The project a new one is copied from: the current project, else the checkout this copy of
    diplograph is installed from (an editable install)."""
    found = Project.discover()
    if found.exists and (found.mappings_dir / "data").is_dir():
        return found
    checkout = Project(Path(__file__).resolve().parents[2])
    if checkout.exists and (checkout.mappings_dir / "data").is_dir():
        return checkout
    raise ProjectError("no project to copy: run `diplograph init` inside a project, or install diplograph "
                       "from a checkout (`pip install -e .`), whose mappings/, ontology/ and shapes/ it copies")


def init_project(target: str | os.PathLike, *, with_seeds: bool = False) -> tuple[Project, Project]:
    """A new project in `target` (new or empty): the template's mappings/ (modules and data
    tables), ontology/ and shapes/, an empty seeds/ (or the template's seeds with `with_seeds`)
    and a README. Returns (new project, template)."""
    root = Path(target).resolve()
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ProjectError(f"{root} exists and is not an empty folder; choose a new or empty one")
    template = template_root()
    root.mkdir(parents=True, exist_ok=True)
    for name in TEMPLATE_DIRS:
        shutil.copytree(template.root / name, root / name, ignore=_IGNORE)
    if with_seeds and template.seeds.is_dir():
        shutil.copytree(template.seeds, root / "seeds", ignore=_IGNORE)
    else:
        (root / "seeds").mkdir()
    (root / "README.md").write_text(README.format(name=root.name, path=root), encoding="utf-8")
    (root / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    return Project(root), template


__all__ = ["Project", "ProjectError", "init_project", "template_root", "use", "is_project", "ENV"]
