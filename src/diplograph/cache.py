"""The build cache: per-document results keyed by content hashes, so a rebuild redoes only what changed.

Five kinds of entries, content-addressed (`{kind}/{key[:2]}/{key}.pickle`, or a folder for `doc`):

* `map`: the `Extraction` of one document (plus its sentence spans), keyed by the document bytes,
  its sidecar bytes, its file name, the mapping modules and data tables (`registry.code_hash`), the
  source of the extraction toolkit (`diplograph/extract`, `diplograph/text`, the model and the seeds
  reader), the base IRI and the diplograph version. Linking, cross-document unification and rdfize
  always run on all documents afterwards (they are cross-document and cheap), so the Wikidata slice,
  link decisions, ontology and shapes need not be part of this key.
* `summary`: the small record of the same document (diplograph.mapped: its entities for
  unification and linking), same key; a rebuild reads these, not the Extractions.
* `doc/KEY/`: one document's graph folder (diplograph.docgraph: its Turtle, its sorted N-Quads
  lines, own-node Turtle body, shared triples and fast SHACL results on its own nodes), keyed by its
  map key, what cross-document unification and Wikidata linking set on its entities
  (`mapped.linked_state`: so a change of an entity's unified name or Wikidata id in another
  document re-derives it), the RDF-writing and validating code, the shapes and the ontology.
* `validate`: the pySHACL results of one document graph (small builds and `--validator pyshacl`),
  keyed by the exact N-Triples of the graph as validated, the shapes file, the ontology files
  (when they are used) and the pyshacl version.
* `shapes-local`: whether the shapes look only at a node's own triples (diplograph.docvalidate),
  keyed by the shapes file and the code that decides it.

A cache entry is written atomically; an unreadable or stale entry is simply a miss. The cache can be
deleted at any time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from diplograph import __version__

CACHE_FORMAT = "2"  # 2: entity records carry their posts' role names
_PKG = Path(__file__).resolve().parent
# Source files whose code decides what a mapping produces (besides the project's mappings/).
_TOOLKIT = ("extract", "text")
_TOOLKIT_FILES = ("model.py", "seeds.py", "registry.py", "cache.py", "mapstage.py", "mapped.py", "linking/patterns.py")


def sha256(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for p in parts:
        b = p.encode("utf-8") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


def files_hash(paths) -> str:
    h = hashlib.sha256()
    for p in sorted(Path(x) for x in paths):
        h.update(str(p.name).encode() + b"\0")
        try:
            h.update(p.read_bytes())
        except OSError:
            h.update(b"<missing>")
        h.update(b"\0")
    return h.hexdigest()


def toolkit_hash() -> str:
    files = [_PKG / f for f in _TOOLKIT_FILES]
    for d in _TOOLKIT:
        files += sorted((_PKG / d).rglob("*.py"))
    return files_hash(files)


def mapping_env_hash(mappings_dir: Path, base: str) -> str:
    """What every document's map key shares: mapping code + tables, toolkit source, base, version."""
    from diplograph.registry import code_hash

    return sha256(CACHE_FORMAT, __version__, base, code_hash(mappings_dir), toolkit_hash())


def docgraph_env_hash(map_env: str, project) -> str:
    """What every document-graph folder key shares: the rdfize environment, the code that splits,
    serializes and validates a document graph, and the shapes and ontology it is validated with."""
    from diplograph.validate import ontology_paths

    return sha256(rdfize_env_hash(map_env),
                  files_hash([_PKG / "docgraph.py", _PKG / "graphstage.py", _PKG / "shared.py", _PKG / "validate.py",
                              _PKG / "fastshacl.py", _PKG / "xsdlex.py"]),
                  validation_env_hash(project.shapes_file, ontology_paths(project)))


def rdfize_env_hash(map_env: str) -> str:
    """What every rdfize key shares: the map environment plus the RDF-writing code."""
    return sha256(map_env, files_hash([_PKG / "rdfize.py", _PKG / "ns.py", _PKG / "rdfterms.py"]))


@lru_cache(maxsize=8)
def _pyshacl_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:  # from the installed metadata: importing pyshacl costs a rebuild a quarter of a second
        return version("pyshacl")
    except PackageNotFoundError:  # pragma: no cover
        return "?"


def validation_env_hash(shapes_file: Path, ontology_files: list[Path] | None) -> str:
    return sha256(CACHE_FORMAT, __version__, _pyshacl_version(), files_hash([shapes_file]),
                  files_hash(ontology_files) if ontology_files else "no-ontology")


class BuildCache:
    """A folder of content-addressed pickles. `BuildCache(None)` is a cache that never hits."""

    def __init__(self, root: Path | None):
        self.root = Path(root) if root is not None else None

    @property
    def enabled(self) -> bool:
        return self.root is not None

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / f"{key}.pickle"

    def get(self, kind: str, key: str):
        if self.root is None:
            return None
        try:
            return pickle.loads(self._path(kind, key).read_bytes())
        except Exception:  # noqa: BLE001 - missing, truncated or from another version: a miss
            return None

    def has(self, kind: str, key: str) -> bool:
        return self.root is not None and self._path(kind, key).is_file()

    def get_bytes(self, kind: str, key: str) -> bytes | None:
        if self.root is None:
            return None
        try:
            return self._path(kind, key).read_bytes()
        except OSError:
            return None

    def put_bytes(self, kind: str, key: str, data: bytes) -> None:
        self._write(kind, key, lambda fh: fh.write(data))

    def put(self, kind: str, key: str, value) -> None:
        """Pickle straight into the file (a big value is not copied into memory as bytes first)."""
        self._write(kind, key, lambda fh: pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL))

    def _write(self, kind: str, key: str, write) -> None:
        """Atomically: a temp file beside the entry, renamed into place."""
        if self.root is None:
            return
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                write(fh)
            os.replace(tmp, path)
        except OSError:  # a read-only or full disk only costs speed
            pass
