"""Deterministic, atomic export of the published dataset.

Each document graph is written into its folder (diplograph.docgraph, with diplograph.rdfterms'
deterministic serialization). The published files are made by
concatenating those pieces: nothing is re-serialized or sorted across the archive. The whole output
folder is written beside the target and swapped in only when complete, so a failed build never
leaves a half-written or missing `output/`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from diplograph.rdfterms import GraphFile, TripleList, nt_keys, sorted_triples, to_ox, turtle_body, turtle_bytes

from diplograph.dumpfiles import part_count, previous_parts, write_parts, write_whole
from diplograph.ns import PREFIXES
from diplograph.outputdir import _umask
__all__ = ["GraphFile", "TripleList", "nt_keys", "sorted_triples", "to_ox", "turtle_bytes", "write_streamed_publication",
           "write_text_atomic"]


def write_streamed_publication(base: str, docs, shared, void: GraphFile, ontology_version: str,
                               extra_json: dict[str, object], output: Path, parts: int | None = None) -> dict:
    """Write the publication from the document-graph folders (diplograph.docgraph) into a fresh
    folder beside `output`, then swap it in. Files are concatenated, never re-serialized whole."""
    from diplograph.outputdir import check_output_dir, staged, write_marker

    output = output.resolve()
    check_output_dir(output)  # the swap below removes what is there: only ever a build's own output
    with staged(output) as tmp:
        manifest = _write_streamed(base, docs, shared, void, ontology_version, extra_json, tmp,
                                   previous=output if output.is_dir() else None, parts=parts)
        write_marker(tmp)
    return manifest


def _previous_manifest(previous: Path | None) -> dict | None:
    if previous is None:
        return None
    try:
        manifest = json.loads((previous / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _unchanged_graphs(previous: Path | None, manifest: dict | None) -> dict[str, tuple[str, Path]]:
    """stem → (sha256, file) of the graphs the previous output published (its manifest)."""
    if previous is None or manifest is None:
        return {}
    try:
        return {e["stem"]: (e["sha256"], previous / e["file"]) for e in manifest["graphs"]}
    except (KeyError, TypeError):
        return {}


def _write_streamed(base, docs, shared, void: GraphFile, ontology_version, extra_json, out: Path,
                    previous: Path | None = None, parts: int | None = None) -> dict:
    (out / "graphs").mkdir()
    docs = sorted(docs, key=lambda d: d.stem)
    entries = []
    old_manifest = _previous_manifest(previous)
    old = _unchanged_graphs(previous, old_manifest)
    for d in docs:
        target = out / "graphs" / f"{d.stem}.ttl"
        sha, old_file = old.get(d.stem, (None, None))
        try:
            if sha != d.sha256 or old_file.stat().st_size != d.path("graph.ttl").stat().st_size:
                raise OSError
            # Unchanged since the previous output (which is about to be replaced): link, not copy.
            os.link(old_file, target)
        except OSError:
            shutil.copyfile(d.path("graph.ttl"), target)
        entries.append({"stem": d.stem, "graph": d.graph, "file": f"graphs/{d.stem}.ttl",
                        "triples": d.triples, "sha256": d.sha256})
    void_data = turtle_bytes(void.triples)
    (out / "void.ttl").write_bytes(void_data)
    void_quads = "".join(k + f" <{void.graph}> .\n" for k in void.keys()).encode("utf-8")
    header, _ = turtle_body(void.triples)
    n_parts = part_count(len(docs), parts)
    part_entries = None
    if n_parts > 1:  # a big archive: dumps in parts (diplograph.dumpfiles), unchanged ones linked
        part_entries = write_parts(out, docs, header, shared, void_quads, n_parts,
                                   previous_parts(previous, old_manifest))
    else:
        write_whole(out, docs, shared, void.graph, header, void_quads)
    merged_count = shared.count + sum(d.own_triples for d in docs)
    manifest = {
        "base": base,
        "ontology_version": ontology_version,
        "triples": merged_count,
        "graphs": entries,
        "void": {"graph": void.graph, "file": "void.ttl", "triples": len(void.triples),
                 "sha256": hashlib.sha256(void_data).hexdigest()},
    }
    if part_entries is not None:
        manifest["parts"] = part_entries
    for name, obj in sorted(extra_json.items()):
        (out / name).write_text(json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def write_text_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.fchmod(fd, 0o666 & ~_umask())  # mkstemp's 0600 would hide a published file from the web server
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
