"""How the two dumps lie in an output folder: whole files, or in parts for a big archive.

A small archive (up to WHOLE_MAX_DOCS documents) publishes `dataset.nq` and `dataset.ttl` as one
file each (`write_whole`). A bigger one publishes them in parts under `parts/` (`write_parts`), so
that a rebuild after one edit rewrites the part that holds the edited document, not gigabytes:

* `parts/dataset-NNN.nq`: the named graphs of the documents whose stem hashes to part NNN (each
  graph's lines sorted, the graphs in IRI order), and `parts/dataset-void.nq`: the VoID graph;
* `parts/dataset-NNN.ttl`: the prefixes, then those documents' own triples; and
  `parts/dataset-shared.ttl`: the prefixes, then the triples about shared entities and posts.

Each part parses on its own, and the parts concatenated in name order are the whole dump (N-Quads
concatenate; Turtle allows a prefix to be declared again), so loaders stay one command:
`oxigraph load --location db --file output/parts/*.nq` or `cat output/parts/*.ttl > dataset.ttl`.
`serve` and `site` offer the whole files for download, made from the parts. A part is reused from
the previous output (hard-linked) when the same documents with the same graphs are in it.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from pathlib import Path

WHOLE_MAX_DOCS = 256  # up to this many documents: one file per dump
PART_DOCS = 64  # above it: at most this many documents per part on average (a power of two of parts)
PARTS_DIR = "parts"


def part_count(n_docs: int, requested: int | None = None) -> int:
    """How many parts the dumps of `n_docs` documents are published in (1: whole files).
    Only the number of documents decides it, so the same input always gives the same layout."""
    if requested is not None:
        return max(1, int(requested))
    if n_docs <= WHOLE_MAX_DOCS:
        return 1
    parts = 1
    while parts * PART_DOCS < n_docs:
        parts *= 2
    return parts


def part_of(stem: str, parts: int) -> int:
    """The part a document's lines go to: stable while the number of parts is."""
    return int(hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8], 16) % parts


def dump_files(output: Path, name: str) -> list[Path]:
    """The files that make up the dump `name` ("dataset.nq" or "dataset.ttl") of an output folder,
    in order: the whole file, or its parts; [] when there is neither."""
    whole = output / name
    if whole.is_file():
        return [whole]
    stem, _, ext = name.partition(".")
    folder = output / PARTS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{stem}-*.{ext}") if p.is_file())


def has_dump(output: Path, name: str) -> bool:
    return bool(dump_files(output, name))


def bulk_load_dump(store, output: Path, name: str, **kwargs) -> None:
    """Load every file of a dump into a pyoxigraph store (the format from the name)."""
    import pyoxigraph as ox

    fmt = ox.RdfFormat.N_QUADS if name.endswith(".nq") else ox.RdfFormat.TURTLE
    for path in dump_files(output, name):
        store.bulk_load(path=str(path), format=fmt, **kwargs)


def copy_dump(output: Path, name: str, fh) -> None:
    """Write the whole dump into the open binary file `fh` (its parts one after the other)."""
    for path in dump_files(output, name):
        _copy_file(fh, path)


class DumpReader(io.RawIOBase):
    """The whole dump as one readable stream (for a download made from parts)."""

    def __init__(self, files: list[Path]):
        self._files = list(files)
        self._fh = None

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        while True:
            if self._fh is None:
                if not self._files:
                    return 0
                self._fh = self._files.pop(0).open("rb")
            n = self._fh.readinto(buf)
            if n:
                return n
            self._fh.close()
            self._fh = None

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
        super().close()


def write_whole(out: Path, docs, shared, void_graph: str, header: bytes, void_quads: bytes) -> None:
    """`out/dataset.nq` and `out/dataset.ttl` as one file each (a small archive)."""
    # dataset.nq: graph by graph (in IRI order), each graph's lines sorted.
    chunks = sorted([(d.graph, d.path("quads.nq")) for d in docs] + [(void_graph, void_quads)], key=lambda c: c[0])
    with (out / "dataset.nq").open("wb") as fh:
        for _, chunk in chunks:
            if isinstance(chunk, bytes):
                fh.write(chunk)
            else:
                _copy_file(fh, chunk)
    # dataset.ttl: the merged graph; the shared triples once (sorted), then each document's own.
    with (out / "dataset.ttl").open("wb") as fh:
        fh.write(header)
        fh.writelines(shared.turtle)  # diplograph.shared: one body per subject, in order
        for d in docs:
            _copy_file(fh, d.path("own.ttl"))


def part_key(docs) -> str:
    """What a part's files are made from: its documents and their graphs' hashes."""
    from diplograph.docgraph import FORMAT  # a new way of writing the pieces makes new parts

    h = hashlib.sha256(FORMAT.encode("utf-8"))
    for d in docs:
        h.update(f"{d.stem}\t{d.sha256}\n".encode("utf-8"))
    return h.hexdigest()


def write_parts(out: Path, docs, header: bytes, shared, void_quads: bytes, parts: int,
                previous: dict[str, tuple[str, Path]]) -> list[dict]:
    """Write `out/parts/` for the document graphs `docs` (sorted by stem) and the shared blocks
    `shared` (diplograph.shared); `previous`: part file → (key, path) of the output being replaced,
    whose unchanged parts are linked, not written. Returns the manifest's entries for the parts."""
    folder = out / PARTS_DIR
    folder.mkdir()
    groups: dict[int, list] = {}
    for d in docs:
        groups.setdefault(part_of(d.stem, parts), []).append(d)
    width = max(3, len(str(parts - 1)))
    entries = []
    for index in sorted(groups):
        members = groups[index]
        key = part_key(members)
        names = [f"{PARTS_DIR}/dataset-{index:0{width}d}.nq", f"{PARTS_DIR}/dataset-{index:0{width}d}.ttl"]
        if not all(_link_previous(previous.get(n), key, out / n) for n in names):
            for n in names:  # never write through a link into the output being replaced
                (out / n).unlink(missing_ok=True)
            with (out / names[0]).open("wb") as fh:
                for d in sorted(members, key=lambda d: d.graph):
                    _copy_file(fh, d.path("quads.nq"))
            with (out / names[1]).open("wb") as fh:
                fh.write(header)
                for d in members:
                    _copy_file(fh, d.path("own.ttl"))
        entries += [{"file": n, "key": key, "documents": len(members)} for n in names]
    (folder / "dataset-void.nq").write_bytes(void_quads)  # its counts change with every edit
    name = f"{PARTS_DIR}/dataset-shared.ttl"
    digest = hashlib.sha256(header)
    for body in shared.turtle:
        digest.update(body)
    key = digest.hexdigest()  # of its bytes: hashing is cheaper than writing 100 MB at 10k documents
    if not _link_previous(previous.get(name), key, out / name):
        with (out / name).open("wb") as fh:
            fh.write(header)
            fh.writelines(shared.turtle)
    entries.append({"file": name, "key": key})
    return entries


def previous_parts(previous: Path | None, manifest: dict | None) -> dict[str, tuple[str, Path]]:
    if previous is None or not isinstance(manifest, dict):
        return {}
    try:
        return {e["file"]: (e["key"], previous / e["file"]) for e in manifest.get("parts", [])}
    except (KeyError, TypeError):
        return {}


def _link_previous(old: tuple[str, Path] | None, key: str, target: Path) -> bool:
    if old is None or old[0] != key:
        return False
    try:
        os.link(old[1], target)
        return True
    except OSError:
        return False


def _copy_file(fh, path: Path) -> None:
    """Append the file at `path` to `fh`: in the kernel (sendfile) where `fh` is a file, so the
    hundreds of megabytes of an archive's dumps are not copied through this process."""
    with path.open("rb") as src:
        # Only a plain file: a gzip or other wrapping stream has the fileno of the file under it.
        out_fd = fh.fileno() if type(fh) in (io.BufferedWriter, io.FileIO) else None
        if out_fd is not None and hasattr(os, "sendfile"):
            fh.flush()  # what was written before goes first
            size, sent = os.fstat(src.fileno()).st_size, 0
            try:
                while sent < size:
                    n = os.sendfile(out_fd, src.fileno(), sent, size - sent)
                    if n == 0:
                        break
                    sent += n
            except OSError:
                if sent:  # part of it went: the rest the plain way, from where it stopped
                    src.seek(sent)
            else:
                if sent == size:
                    return
                src.seek(sent)
        shutil.copyfileobj(src, fh, 1 << 20)


__all__ = ["WHOLE_MAX_DOCS", "PART_DOCS", "PARTS_DIR", "part_count", "part_of", "dump_files", "has_dump",
           "bulk_load_dump", "copy_dump", "DumpReader", "write_whole", "write_parts", "previous_parts"]
