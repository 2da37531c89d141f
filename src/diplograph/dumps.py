"""The downloadable dumps: what the VoID/DCAT description advertises and how the files are made.

A build publishes `dataset.ttl` (the merged graph) and `dataset.nq` (every named graph plus the
VoID graph). They are offered for download beside the instance base, like the ontology:
`https://w3id.org/diplograph/id` → `https://w3id.org/diplograph/dump/dataset.ttl`, plain and
gzipped. The distributions themselves (what DCAT describes) keep their own IRIs under the base
(`…/id/dataset/distribution/turtle`), so that a description page and a download never share an
address. `serve` answers the downloads from the output folder; `site` copies them.
"""

from __future__ import annotations

import gzip
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID

IANA = "http://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class Dump:
    name: str         # file name under /dump/
    source: str       # the file of the output folder it is made from
    media: str        # what the file is
    slug: str         # the distribution's IRI: {base}/dataset/distribution/{slug}
    title: str
    gzip: bool = False

    @property
    def content_type(self) -> str:
        if self.gzip:
            return "application/gzip"
        return self.media + ("; charset=utf-8" if self.media == "text/turtle" else "")


DUMPS: tuple[Dump, ...] = (
    Dump("dataset.ttl", "dataset.ttl", "text/turtle", "turtle", "The whole dataset as one Turtle file"),
    Dump("dataset.ttl.gz", "dataset.ttl", "text/turtle", "turtle-gzip", "The whole dataset as Turtle, gzipped", True),
    Dump("dataset.nq", "dataset.nq", "application/n-quads", "n-quads",
         "Every document's named graph and the VoID graph as N-Quads"),
    Dump("dataset.nq.gz", "dataset.nq", "application/n-quads", "n-quads-gzip",
         "Every named graph as N-Quads, gzipped", True),
)
BY_NAME = {d.name: d for d in DUMPS}


def site_root(base: str) -> str:
    """Where the site lives: the base IRI minus its last segment (…/diplograph/id → …/diplograph)."""
    base = base.rstrip("/")
    if not urlsplit(base).path.strip("/"):
        return base  # a base at the host root: the dumps go beside its resources
    return base.rsplit("/", 1)[0]


def download_url(base: str, dump: Dump) -> str:
    return f"{site_root(base)}/dump/{dump.name}"


def sparql_endpoint(base: str) -> str:
    return f"{site_root(base)}/sparql"


def distribution_iri(base: str, dump: Dump) -> str:
    return f"{base.rstrip('/')}/dataset/distribution/{dump.slug}"


def void_dump_triples(base: str) -> list[tuple]:
    """void:dataDump / dcat:distribution of every dump and the SPARQL endpoint (rdflib terms)."""
    ds = URIRef(f"{base.rstrip('/')}/dataset")
    out: list[tuple] = [(ds, VOID.sparqlEndpoint, URIRef(sparql_endpoint(base)))]
    for d in DUMPS:
        url, dist = URIRef(download_url(base, d)), URIRef(distribution_iri(base, d))
        out += [(ds, VOID.dataDump, url), (ds, DCAT.distribution, dist), (dist, RDF.type, DCAT.Distribution),
                (dist, DCTERMS.title, Literal(d.title)), (dist, DCAT.downloadURL, url),
                (dist, DCAT.accessURL, url), (dist, DCAT.mediaType, URIRef(IANA + d.media))]
        if d.gzip:
            out.append((dist, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
    return out


def write_dump(output: Path, dump: Dump, target: Path) -> Path:
    """The file of a dump made from a published output folder: a copy (a hard link where the file
    system allows; the parts one after the other for a dump in parts) or a gzip with no name and
    no time in its header, so that the same data gives the same bytes."""
    from diplograph.dumpfiles import copy_dump, dump_files

    sources = dump_files(output, dump.source)  # the whole file, or its parts (diplograph.dumpfiles)
    if not sources:
        raise FileNotFoundError(output / dump.source)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    if dump.gzip:
        with tmp.open("wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz:
                copy_dump(output, dump.source, gz)
    elif len(sources) > 1:
        with tmp.open("wb") as fh:
            copy_dump(output, dump.source, fh)
    else:
        source = sources[0]
        try:
            tmp.unlink(missing_ok=True)
            tmp.hardlink_to(source)
        except OSError:
            shutil.copyfile(source, tmp)
    tmp.replace(target)
    return target


__all__ = ["Dump", "DUMPS", "BY_NAME", "site_root", "download_url", "sparql_endpoint", "distribution_iri",
           "void_dump_triples", "write_dump"]
