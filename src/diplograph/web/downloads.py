"""The dump files behind `/dump/{name}` on the server (diplograph.dumps says which).

From an output folder the plain files are served as they are (a dump in parts, see
diplograph.dumpfiles, as its parts one after the other) and the gzipped ones are made on the first
request into a temporary folder (removed when the server stops). Over a store (`--store`)
every file is made from the store on its first request: the default graph as Turtle, the named
graphs (not the ontology's) as N-Quads. Responses carry the media type, Content-Length, an ETag
(and answer 304 to a matching If-None-Match) and a Content-Disposition with the file name.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import FileResponse, Response, StreamingResponse

from diplograph.dumpfiles import DumpReader, dump_files
from diplograph.dumps import BY_NAME, Dump, write_dump
from diplograph.ns import ONTOLOGY_IRI


class Downloads:
    def __init__(self, store: ox.Store, output_dir: Path | None, merged: bool, void_graph: ox.NamedNode | None = None):
        self.store = store
        self.void_graph = void_graph
        self.output_dir = output_dir
        self.merged = merged
        self._tmp: Path | None = None
        self._lock = threading.Lock()

    def _workdir(self) -> Path:
        if self._tmp is None:
            self._tmp = Path(tempfile.mkdtemp(prefix="diplograph-dumps-"))
        return self._tmp

    def path(self, dump: Dump) -> Path | None:
        """The file of a dump, made now when it has not been yet; None when it cannot be made."""
        with self._lock:  # two first requests must not both write the same file
            if self.output_dir is not None:
                sources = dump_files(self.output_dir, dump.source)
                if not sources:
                    return None
                if not dump.gzip and len(sources) == 1:
                    return sources[0]
                target = self._workdir() / dump.name  # a gzip, or the parts as one file
                if not target.is_file() or target.stat().st_mtime < max(s.stat().st_mtime for s in sources):
                    write_dump(self.output_dir, dump, target)
                return target
            work = self._workdir()
            target = work / dump.name
            if not target.is_file():
                plain = work / dump.source
                if not plain.is_file():
                    self._from_store(dump.source, plain)
                if dump.gzip:
                    write_dump(work, dump, target)
            return target

    def _from_store(self, name: str, target: Path) -> None:
        tmp = target.with_name(f".{target.name}.tmp")
        if name == "dataset.ttl":
            graph = ox.DefaultGraph() if self.merged else None
            # as in an output folder: the data without the VoID description (that is in the N-Quads)
            void = {ox.Triple(q.subject, q.predicate, q.object)
                    for q in self.store.quads_for_pattern(None, None, None, self.void_graph)} if self.void_graph else set()
            triples = (t for t in (ox.Triple(q.subject, q.predicate, q.object)
                                   for q in self.store.quads_for_pattern(None, None, None, graph)) if t not in void)
            ox.serialize(triples, output=str(tmp), format=ox.RdfFormat.TURTLE)
        else:
            onto = ox.NamedNode(ONTOLOGY_IRI)
            quads = (q for q in self.store if not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name != onto)
            ox.serialize(quads, output=str(tmp), format=ox.RdfFormat.N_QUADS)
        tmp.replace(target)

    def response(self, request: Request, name: str) -> Response | None:
        dump = BY_NAME.get(name)
        if dump is None:
            return None
        headers = {"Content-Disposition": f'attachment; filename="{dump.name}"'}
        parts = dump_files(self.output_dir, dump.source) if self.output_dir is not None and not dump.gzip else []
        if len(parts) > 1:
            resp = self._parts_response(parts, dump, headers)
        else:
            path = self.path(dump)
            if path is None:
                return None
            resp = FileResponse(path, media_type=dump.content_type, headers=headers, stat_result=os.stat(path))
        etag = resp.headers.get("etag")
        wanted = [t.strip() for t in request.headers.get("if-none-match", "").split(",") if t.strip()]
        if etag and ("*" in wanted or etag in wanted):
            return Response(status_code=304, headers={"ETag": etag})
        return resp

    @staticmethod
    def _parts_response(parts: list[Path], dump: Dump, headers: dict) -> Response:
        """A dump published in parts, streamed as one file; its ETag from the parts' names, sizes and
        times (as Starlette makes a file's)."""
        stats = [(p.name, p.stat()) for p in parts]
        tag = hashlib.md5("".join(f"{n}-{s.st_size}-{s.st_mtime_ns};" for n, s in stats).encode(),
                          usedforsecurity=False).hexdigest()
        length = sum(s.st_size for _, s in stats)
        reader = DumpReader(parts)

        def chunks():
            try:
                while block := reader.read(1 << 20):
                    yield block
            finally:
                reader.close()

        return StreamingResponse(chunks(), media_type=dump.content_type,
                                 headers={**headers, "Content-Length": str(length), "ETag": f'"{tag}"'})

    def close(self) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


__all__ = ["Downloads"]
