"""Loading the published output into a triple store, and talking to stores and SPARQL endpoints.

Three targets share one small interface (`put_graph`, `delete_graph`, `graph_counts`, `query`):

* `OxigraphStore`: an embedded pyoxigraph (RocksDB) store on disk, no server needed;
* `GraphStoreClient`: any SPARQL 1.1 Graph Store Protocol service (Oxigraph ``/store``, Fuseki
  ``/ds/data``, …) driven with httpx; counts and graph listings go through its SPARQL query endpoint;
* `SparqlEndpoint`: a read-only SPARQL 1.1 Protocol endpoint queried through SPARQLWrapper.

`load_output(input_dir, target)` reads ``manifest.json`` of a published output folder, replaces one
named graph per document (and the VoID graph) with the file's triples, drops graphs under
``{base}/graph/`` that are no longer published, then checks the per-graph triple counts in the store
against what was sent. Loading is idempotent: loading twice, or after one document changed, never
duplicates anything.

Credentials come from the environment (``DIPLOGRAPH_STORE_USER`` / ``DIPLOGRAPH_STORE_PASSWORD``) or
from ``~/.netrc`` (or the file named by ``NETRC``), never from the command line.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import netrc
import os
import re
import socket
import urllib.error
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from diplograph.deadline import deadline
from diplograph.errors import InputError, RemoteError
from diplograph.ns import DEFAULT_BASE

DEFAULT_TIMEOUT = 60.0
USER_ENV = "DIPLOGRAPH_STORE_USER"
PASSWORD_ENV = "DIPLOGRAPH_STORE_PASSWORD"
TURTLE = "text/turtle"
_SNIPPET = 300

# Characters that may not appear in an IRI written between < and > (SPARQL IRIREF).
_FORBIDDEN_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def check_iri(value: str, what: str = "IRI") -> str:
    """Return `value` if it is an absolute IRI safe to write as ``<value>``; else raise InputError."""
    if _FORBIDDEN_IRI_CHARS.search(value):
        raise InputError(f"{what} {value!r} contains a character not allowed in an IRI")
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", value):
        raise InputError(f"{what} {value!r} is not an absolute IRI (no scheme)")
    return value


def check_service_url(value: str, what: str) -> str:
    """An absolute IRI without user:password@ in it: credentials never go on the command line."""
    try:
        has_userinfo = "@" in urlsplit(value).netloc
    except ValueError:
        has_userinfo = False  # not a URL at all: check_iri says why
    if has_userinfo:  # the message does not repeat the URL: it holds a password
        raise InputError(f"{what} holds credentials (user:password@); put them in "
                         f"{USER_ENV}/{PASSWORD_ENV} or ~/.netrc instead, never on the command line")
    return check_iri(value, what)


def sparql_string(value: str) -> str:
    """A SPARQL string literal (double-quoted, escaped) for `value`."""
    out = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    out = out.replace("\t", "\\t").replace("\b", "\\b").replace("\f", "\\f")
    return f'"{out}"'


# --------------------------------------------------------------------------------------------------
# Credentials
# --------------------------------------------------------------------------------------------------

def credentials_for(url: str) -> tuple[str, str] | None:
    """(user, password) for `url`: from the environment first, else from the netrc file."""
    user = os.environ.get(USER_ENV)
    password = os.environ.get(PASSWORD_ENV)
    if user:
        return user, password or ""
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    host = urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        raise InputError(f"cannot read credentials: {exc}", path=str(path)) from exc
    if not entry:
        return None
    login, _account, password = entry
    return (login or "", password or "")


# --------------------------------------------------------------------------------------------------
# The published output
# --------------------------------------------------------------------------------------------------

@dataclass
class GraphFile:
    """One named graph of the output and the Turtle file that holds its triples."""

    stem: str
    graph: str
    path: Path
    triples: int | None = None  # as stated by the manifest
    sha256: str | None = None

    def read(self) -> bytes:
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read graph file: {exc.strerror}", path=str(self.path)) from exc
        if self.sha256 and hashlib.sha256(data).hexdigest() != self.sha256:
            raise InputError("sha256 differs from manifest.json (rebuild the output)", path=str(self.path))
        return data


@dataclass
class Output:
    base: str
    graphs: list[GraphFile]  # documents first, then the VoID graph
    root: Path
    merged_triples: int | None = None  # distinct triples over the document graphs (manifest.json)

    @property
    def graph_prefix(self) -> str:
        return f"{self.base}/graph/"


def _strip_iri(value: str) -> str:
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    return value


def read_output(input_dir: str | os.PathLike, base: str | None = None) -> Output:
    """Read ``manifest.json`` of a published output folder (or, without one, its ``graphs/*.ttl``)."""
    root = Path(input_dir)
    if not root.is_dir():
        raise InputError("no such output folder (run `diplograph build` first)", path=str(root))
    manifest_path = root / "manifest.json"
    graphs: list[GraphFile] = []
    merged_triples = None
    if manifest_path.is_file():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            base = (base or manifest.get("base") or DEFAULT_BASE).rstrip("/")
            merged_triples = manifest.get("triples")
            for entry in manifest.get("graphs", []):
                graphs.append(GraphFile(
                    stem=entry["stem"], graph=check_iri(_strip_iri(entry["graph"]), "graph IRI"),
                    path=root / entry["file"], triples=entry.get("triples"), sha256=entry.get("sha256"),
                ))
            void = manifest.get("void")
            if void:
                graphs.append(GraphFile(
                    stem="void", graph=check_iri(_strip_iri(void["graph"]), "graph IRI"),
                    path=root / void["file"], triples=void.get("triples"), sha256=void.get("sha256"),
                ))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"malformed manifest: {exc}", path=str(manifest_path)) from exc
    else:
        base = (base or DEFAULT_BASE).rstrip("/")
        for path in sorted((root / "graphs").glob("*.ttl")):
            graphs.append(GraphFile(stem=path.stem, graph=f"{base}/graph/{path.stem}", path=path))
        if (root / "void.ttl").is_file():
            graphs.append(GraphFile(stem="void", graph=f"{base}/graph/void", path=root / "void.ttl"))
        if not graphs:
            raise InputError("no manifest.json and no graphs/*.ttl (run `diplograph build` first)",
                             path=str(root))
    seen: set[str] = set()
    for g in graphs:
        if g.graph in seen:
            raise InputError(f"graph {g.graph} listed twice", path=str(manifest_path))
        seen.add(g.graph)
    return Output(base=base, graphs=graphs, root=root,
                  merged_triples=merged_triples if isinstance(merged_triples, int) else None)


def count_triples(data: bytes, path: str = "") -> int:
    """Distinct triples in a Turtle document (what a store will hold after loading it)."""
    try:
        return len({(q.subject, q.predicate, q.object) for q in ox.parse(data, format=ox.RdfFormat.TURTLE)})
    except SyntaxError as exc:
        raise InputError(f"not valid Turtle: {exc}", path=path or None) from exc


# --------------------------------------------------------------------------------------------------
# Query results (one shape whatever answered)
# --------------------------------------------------------------------------------------------------

@dataclass
class QueryResult:
    """SELECT/ASK: SPARQL JSON results in `json`; CONSTRUCT/DESCRIBE: RDF bytes in `rdf`."""

    kind: str  # "select" | "ask" | "graph"
    json: dict | None = None
    rdf: bytes | None = None
    rdf_format: str = "ntriples"  # or "turtle"

    @property
    def vars(self) -> list[str]:
        return list((self.json or {}).get("head", {}).get("vars", []))

    @property
    def bindings(self) -> list[dict]:
        return list((self.json or {}).get("results", {}).get("bindings", []))


def normalize_binding(term: dict) -> dict:
    """SPARQL JSON term without the differences servers are allowed to make."""
    out = dict(term)
    if out.get("type") == "typed-literal":
        out["type"] = "literal"
    if out.get("datatype") == "http://www.w3.org/2001/XMLSchema#string":
        del out["datatype"]
    if out.get("type") == "literal" and "xml:lang" in out:
        out["xml:lang"] = out["xml:lang"].lower()
    return out


# --------------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------------

class Target(Protocol):
    def describe(self) -> str: ...
    def put_graph(self, graph: str, data: bytes) -> None: ...
    def put_default(self, data: bytes) -> None: ...
    def delete_graph(self, graph: str) -> None: ...
    def graph_counts(self, prefix: str) -> dict[str, int]: ...
    def default_count(self) -> int: ...


# The default graph holds every published triple once (the merged dataset plus VoID), so queries
# need no union over the named graphs. With a union, an entity described in N documents matches
# N times per triple pattern and joins grow as N^k: on a 1,000-document archive some named queries
# ran for minutes over the union and take milliseconds over the merged default graph.
_DEFAULT_COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
_DEFAULT_HAS_DATA = "ASK { ?s ?p ?o }"


def _single_count(result: "QueryResult") -> int:
    rows = result.bindings
    return int(rows[0]["n"]["value"]) if rows and "n" in rows[0] else 0


def _counts_query(prefix: str) -> str:
    return ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(STRSTARTS(STR(?g), {sparql_string(prefix)})) }} GROUP BY ?g")


def _counts_from(result: QueryResult) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in result.bindings:
        counts[row["g"]["value"]] = int(row["n"]["value"])
    return counts


class OxigraphStore:
    """An embedded pyoxigraph store in a folder (created if missing). One process at a time."""

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False):
        self.path = Path(path)
        try:
            if read_only:
                if not self.path.is_dir():
                    raise InputError("no store here (run `diplograph load` first)", path=str(self.path))
                self.store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(self.path))
        except OSError as exc:
            raise RemoteError(f"cannot open the store at {self.path}: {exc} "
                              "(is another process using it?)") from exc

    def describe(self) -> str:
        return f"embedded store {self.path}"

    def put_graph(self, graph: str, data: bytes) -> None:
        g = ox.NamedNode(graph)
        try:
            self.store.remove_graph(g)
            self.store.load(data, format=ox.RdfFormat.TURTLE, to_graph=g)
        except SyntaxError as exc:
            raise InputError(f"not valid Turtle for {graph}: {exc}") from exc
        except OSError as exc:
            raise RemoteError(f"writing graph {graph} to {self.path} failed: {exc}") from exc

    def put_default(self, data: bytes) -> None:
        try:
            self.store.clear_graph(ox.DefaultGraph())
            self.store.load(data, format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
        except SyntaxError as exc:
            raise InputError(f"not valid Turtle for the default graph: {exc}") from exc
        except OSError as exc:
            raise RemoteError(f"writing the default graph to {self.path} failed: {exc}") from exc
        self._default_has_data = None

    def delete_graph(self, graph: str) -> None:
        try:
            self.store.remove_graph(ox.NamedNode(graph))
        except OSError as exc:
            raise RemoteError(f"dropping graph {graph} in {self.path} failed: {exc}") from exc

    def graph_counts(self, prefix: str) -> dict[str, int]:
        return _counts_from(self.query(_counts_query(prefix), union_default_graph=False))

    def default_count(self) -> int:
        return _single_count(self.query(_DEFAULT_COUNT_QUERY, union_default_graph=False))

    _default_has_data: bool | None = None

    def query(self, sparql: str, *, union_default_graph: bool | None = None) -> QueryResult:
        """`union_default_graph` None: the default graph if `load` filled it, else the union of
        the named graphs (a store loaded by other means, e.g. a bulk load of dataset.nq alone)."""
        if union_default_graph is None:
            if self._default_has_data is None:
                self._default_has_data = bool(self.store.query(_DEFAULT_HAS_DATA))
            union_default_graph = not self._default_has_data
        from diplograph.querylimits import check_shape

        check_shape(sparql)  # nesting that would crash the engine (a segfault) is refused first
        try:
            result = self.store.query(sparql, use_default_graph_as_union=union_default_graph)
            # Results are lazy: a SERVICE call fails while they are read.
            return _from_pyoxigraph(result)
        except SyntaxError as exc:
            raise InputError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, RuntimeError) as exc:
            raise RemoteError(f"query on {self.path} failed: {exc}") from exc

    def flush(self) -> None:
        try:
            self.store.flush()
        except (OSError, AttributeError):  # pragma: no cover - read-only stores
            pass

    def close(self) -> None:
        self.flush()
        self.store = None  # RocksDB lock released when the object is collected

    def __enter__(self) -> "OxigraphStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _from_pyoxigraph(result) -> QueryResult:
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", json={"head": {}, "boolean": bool(result)})
    if isinstance(result, ox.QueryTriples):
        return QueryResult("graph", rdf=result.serialize(format=ox.RdfFormat.N_TRIPLES) or b"",
                           rdf_format="ntriples")
    data = result.serialize(format=ox.QueryResultsFormat.JSON)
    return QueryResult("select", json=json.loads(data))


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text[:_SNIPPET] + ("…" if len(text) > _SNIPPET else "")


def derive_query_endpoint(graph_store_url: str) -> str:
    """The SPARQL query endpoint next to a Graph Store Protocol URL.

    Oxigraph ``…/store`` → ``…/query``; Fuseki ``…/ds/data`` → ``…/ds/sparql``; otherwise the same URL
    (Fuseki's dataset URL ``…/ds`` answers both protocols).
    """
    parts = urlsplit(graph_store_url)
    path = parts.path.rstrip("/")
    if path.endswith("/store"):
        path = path[: -len("store")] + "query"
    elif path.endswith("/data"):
        path = path[: -len("data")] + "sparql"
    return urlunsplit((parts.scheme, parts.netloc, path or "/", parts.query, ""))


class GraphStoreClient:
    """A SPARQL 1.1 Graph Store Protocol service (indirect graph identification, ``?graph=IRI``)."""

    def __init__(self, url: str, *, query_endpoint: str | None = None, update_endpoint: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT, auth: tuple[str, str] | None | bool = True):
        self.url = check_service_url(url, "graph store URL")
        if auth is True:
            auth = credentials_for(url)
        self.auth = auth or None
        self.timeout = timeout
        self.update_endpoint = check_service_url(update_endpoint, "update endpoint URL") if update_endpoint else None
        self.endpoint = SparqlEndpoint(query_endpoint or derive_query_endpoint(url), timeout=timeout,
                                       auth=self.auth, union_default_graph=False)
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            auth=httpx.BasicAuth(*self.auth) if self.auth else None,
            follow_redirects=True, trust_env=False,
        )

    def describe(self) -> str:
        return f"graph store {self.url}"

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "GraphStoreClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _request(self, method: str, graph: str | None, *, url: str | None = None, ok_missing: bool = False,
                 **kwargs) -> httpx.Response:
        url = url or self.url
        params = {"graph": graph} if graph else None
        what = f"{method} {url}" + (f" (graph {graph})" if graph else "")
        try:
            with deadline(self.timeout):  # the whole exchange, not each read: no trickling forever
                response = self.client.request(method, url, params=params, **kwargs)
        except httpx.ConnectTimeout as exc:
            raise RemoteError(f"{what}: connection timed out after {self.timeout:g}s") from exc
        except httpx.TimeoutException as exc:
            raise RemoteError(f"{what}: no answer within {self.timeout:g}s (timed out)") from exc
        except httpx.ConnectError as exc:
            raise RemoteError(f"{what}: cannot connect (server down or refusing connections): {exc}") from exc
        except httpx.HTTPError as exc:
            raise RemoteError(f"{what}: {type(exc).__name__}: {exc}") from exc
        if ok_missing and response.status_code == 404:
            return response
        if response.status_code in (401, 403):
            hint = (f"set {USER_ENV}/{PASSWORD_ENV} or a ~/.netrc entry" if not self.auth
                    else "the credentials were not accepted")
            raise RemoteError(f"{what}: refused with HTTP {response.status_code} "
                              f"{response.reason_phrase} ({hint}): {_snippet(response.text)}")
        if response.status_code >= 400:
            raise RemoteError(f"{what}: HTTP {response.status_code} {response.reason_phrase}: "
                              f"{_snippet(response.text)}")
        return response

    def put_graph(self, graph: str, data: bytes) -> None:
        self._request("PUT", graph, content=data, headers={"Content-Type": f"{TURTLE}; charset=utf-8"})

    def put_default(self, data: bytes) -> None:
        sep = "&" if "?" in self.url else "?"
        self._request("PUT", None, url=f"{self.url}{sep}default", content=data,
                      headers={"Content-Type": f"{TURTLE}; charset=utf-8"})

    def delete_graph(self, graph: str) -> None:
        if self.update_endpoint:
            self._request("POST", None, url=self.update_endpoint,
                          content=f"DROP SILENT GRAPH <{check_iri(graph)}>".encode(),
                          headers={"Content-Type": "application/sparql-update"})
        else:
            self._request("DELETE", graph, ok_missing=True)

    def graph_counts(self, prefix: str) -> dict[str, int]:
        return _counts_from(self.endpoint.query(_counts_query(prefix)))

    def default_count(self) -> int:
        return _single_count(self.endpoint.query(_DEFAULT_COUNT_QUERY))

    def query(self, sparql: str, *, union_default_graph: bool | None = None) -> QueryResult:
        return SparqlEndpoint(self.endpoint.url, timeout=self.timeout, auth=self.auth,
                              union_default_graph=union_default_graph).query(sparql)


class SparqlEndpoint:
    """A SPARQL 1.1 Protocol query endpoint, through SPARQLWrapper.

    Queries run on the default graph, which `diplograph load` fills with the merged dataset.
    `union_default_graph` True adds Oxigraph's ``union-default-graph`` request parameter so that
    queries without GRAPH see all named graphs instead (other servers ignore it; Fuseki has
    ``tdb2:unionDefaultGraph true``); None (the default) does so only when the default graph is empty.
    """

    def __init__(self, url: str, *, timeout: float = DEFAULT_TIMEOUT,
                 auth: tuple[str, str] | None | bool = True, union_default_graph: bool | None = None):
        self.url = check_service_url(url, "endpoint URL")
        self.timeout = timeout
        self.auth = credentials_for(url) if auth is True else (auth or None)
        self.union_default_graph = union_default_graph

    _default_has_data: bool | None = None

    def describe(self) -> str:
        return f"SPARQL endpoint {self.url}"

    def query(self, sparql: str, *, union_default_graph: bool | None = None) -> QueryResult:
        from SPARQLWrapper import JSON, POST, TURTLE as SW_TURTLE, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        union = self.union_default_graph if union_default_graph is None else union_default_graph
        if union is None:
            if self._default_has_data is None:
                answer = self.query(_DEFAULT_HAS_DATA, union_default_graph=False)
                self._default_has_data = bool(answer.json.get("boolean"))
            union = not self._default_has_data
        sw = SPARQLWrapper(self.url, agent="diplograph")
        sw.setOnlyConneg(True)  # no format=/output= parameters that strict servers reject
        sw.setTimeout(max(1, int(round(self.timeout))))
        if self.auth:
            sw.setCredentials(*self.auth)
        if union:
            sw.addParameter("union-default-graph", "")
        sw.setQuery(sparql)
        if len(sparql) > 1500:
            sw.setMethod(POST)
        kind = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}.get(
            sw.queryType, "select")
        sw.setReturnFormat(SW_TURTLE if kind == "graph" else JSON)
        what = f"query {self.url}"
        try:
            with deadline(self.timeout):  # the whole exchange, not each read: no trickling forever
                response = sw.query()
                data = response.response.read()
            if kind == "graph":
                return QueryResult("graph", rdf=data, rdf_format="turtle")
        except SPARQLWrapperException as exc:
            raise RemoteError(f"{what}: {_sw_message(exc)}") from exc
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace") if exc.fp else ""
            hint = ""
            if exc.code in (401, 403):
                hint = f" (refused; set {USER_ENV}/{PASSWORD_ENV} or a ~/.netrc entry)"
            raise RemoteError(f"{what}: HTTP {exc.code} {exc.reason}{hint}: {_snippet(body)}") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise RemoteError(f"{what}: no answer within {self.timeout:g}s (timed out)") from exc
            raise RemoteError(f"{what}: cannot connect (server down or refusing connections): "
                              f"{exc.reason}") from exc
        except (TimeoutError, socket.timeout) as exc:
            raise RemoteError(f"{what}: no answer within {self.timeout:g}s (timed out)") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise RemoteError(f"{what}: {type(exc).__name__}: {exc}") from exc
        try:
            parsed = json.loads(data)
        except ValueError as exc:
            raise RemoteError(f"{what}: the answer is not SPARQL JSON results: "
                              f"{_snippet(data.decode('utf-8', 'replace'))}") from exc
        if "boolean" in parsed:
            return QueryResult("ask", json=parsed)
        return QueryResult("select", json=parsed)


def _sw_message(exc: Exception) -> str:
    name = type(exc).__name__
    text = str(exc)
    status = {"Unauthorized": "HTTP 401 (refused; set credentials)", "EndPointNotFound": "HTTP 404 not found",
              "QueryBadFormed": "HTTP 400 bad query", "EndPointInternalError": "HTTP 500 internal error",
              "URITooLong": "HTTP 414 URI too long"}.get(name, name)
    return f"{status}: {_snippet(text)}"


# --------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------

@dataclass
class GraphLoad:
    stem: str
    graph: str
    sent: int  # distinct triples in the file
    stored: int | None = None  # triples found in the store afterwards


@dataclass
class LoadReport:
    target: str
    base: str
    graphs: list[GraphLoad] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # stale graphs deleted from the store
    default_sent: int = 0  # distinct triples of the merged default graph
    default_stored: int | None = None
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches

    @property
    def triples(self) -> int:
        return sum(g.sent for g in self.graphs)


def _merged_count(output: Output, prepared: list[tuple[GraphFile, bytes, int]]) -> int:
    """Distinct triples over all published graphs: manifest.json's merged count plus the VoID graph
    (whose subjects are the dataset's own IRIs, never a document's), or counted when there is no
    manifest."""
    void = [n for gf, _, n in prepared if gf.stem == "void"]
    if output.merged_triples is not None and len(void) == 1:
        return output.merged_triples + void[0]
    seen: set = set()
    for gf, data, _ in prepared:
        seen.update((q.subject, q.predicate, q.object) for q in ox.parse(data, format=ox.RdfFormat.TURTLE))
    return len(seen)


def load_output(input_dir: str | os.PathLike, target: Target, *, base: str | None = None,
                drop_stale: bool = True, log: Callable[[str], None] | None = None) -> LoadReport:
    """Replace every published named graph in `target`, drop stale ones, replace the default graph
    with the merged dataset (every published triple once: what queries run on), verify the counts.

    Raises RemoteError when the store fails or, after loading, holds other counts than were sent.
    """
    log = log or (lambda _msg: None)
    output = read_output(input_dir, base=base)
    report = LoadReport(target=target.describe(), base=output.base)
    # Read and check every file before touching the store: a bad file loads nothing.
    prepared: list[tuple[GraphFile, bytes, int]] = []
    for gf in output.graphs:
        data = gf.read()
        n = count_triples(data, str(gf.path))
        if gf.triples is not None and gf.triples != n:
            raise InputError(f"holds {n} triples but manifest.json says {gf.triples} (rebuild the output)",
                             path=str(gf.path))
        prepared.append((gf, data, n))
    for i, (gf, data, n) in enumerate(prepared, 1):
        target.put_graph(gf.graph, data)
        report.graphs.append(GraphLoad(stem=gf.stem, graph=gf.graph, sent=n))
        log(f"[{i}/{len(prepared)}] {gf.graph}: {n} triples")
    # Last, so that a load cut short leaves the old merged view (and the next load replaces it).
    default_data = b"\n".join(data for _, data, _ in prepared)
    target.put_default(default_data)
    log(f"default graph: the merged dataset, {len(default_data):,} bytes")
    published = {gf.graph for gf, _, _ in prepared}
    counts = target.graph_counts(output.graph_prefix)
    for graph in sorted(set(counts) - published):
        target.delete_graph(graph)
        report.dropped.append(graph)
        log(f"dropped {graph} ({counts[graph]} triples): no longer in the manifest")
    if report.dropped:
        counts = target.graph_counts(output.graph_prefix)
    for g in report.graphs:
        g.stored = counts.get(g.graph, 0)
        if g.stored != g.sent:
            report.mismatches.append(f"{g.graph}: sent {g.sent} triples, the store holds {g.stored}")
    for graph in sorted(set(counts) - published):
        report.mismatches.append(f"{graph}: still in the store ({counts[graph]} triples) after DELETE")
    report.default_sent = _merged_count(output, prepared)
    report.default_stored = target.default_count()
    if report.default_stored != report.default_sent:
        report.mismatches.append(f"default graph: sent {report.default_sent} distinct triples, "
                                 f"the store holds {report.default_stored}")
    if report.mismatches:
        raise RemoteError("the store does not hold what was loaded: " + "; ".join(report.mismatches))
    return report
