"""The read-only SPARQL 1.1 Protocol endpoint: run a query with a time limit and result caps.

pyoxigraph cannot cancel a query, so each query runs in its own daemon thread that holds one of a
few slots until it really ends; the request waits at most `timeout` seconds and then answers with
what was collected (or an error). While every slot is taken by runaway queries, new queries get 503
and the rest of the site keeps working.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import threading
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as xml_escape, quoteattr

import pyoxigraph as ox

# SELECT/ASK result formats: key -> media type; CONSTRUCT/DESCRIBE use the RDF formats of render.py.
RESULT_FORMATS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "html": "text/html",
}
RESULT_ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml"}

UPDATE_RE = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
                       r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_TOKENS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*', re.DOTALL)


class QueryRefused(Exception):
    """The query is not allowed (update, SERVICE) or malformed: status 400/403."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class QueryBusy(Exception):
    """Every query slot is held by a running query."""


class QueryTimeout(Exception):
    """The query ran past the time limit before producing anything."""


def _strip(query: str) -> str:
    return _TOKENS.sub(" ", query)


def check_query(query: str) -> None:
    bare = _strip(query)
    if UPDATE_RE.search(bare):
        raise QueryRefused("this endpoint is read-only: SPARQL updates are refused", 403)
    if re.search(r"\bSERVICE\b", bare, re.IGNORECASE):
        raise QueryRefused("federated queries (SERVICE) are not allowed here", 400)


@dataclass
class QueryResult:
    kind: str  # "solutions" | "boolean" | "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)  # list of terms (or None) per variable
    triples: list[ox.Triple] = field(default_factory=list)
    boolean: bool | None = None
    truncated: str | None = None  # None, "rows", "bytes" or "time"


@dataclass
class _State:
    result: QueryResult | None = None
    error: BaseException | None = None
    stop: bool = False


def _size(term) -> int:
    if term is None:
        return 4
    if isinstance(term, ox.Triple):
        return _size(term.subject) + _size(term.predicate) + _size(term.object)
    return len(getattr(term, "value", "")) + 24


class QueryRunner:
    def __init__(self, store: ox.Store, *, timeout: float = 10.0, max_rows: int = 10_000,
                 max_bytes: int = 16 * 1024 * 1024, slots: int = 2):
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        self._slots = threading.BoundedSemaphore(slots)

    def _work(self, query: str, state: _State, done) -> None:
        try:
            res = self.store.query(query, use_default_graph_as_union=True)
            if isinstance(res, ox.QueryBoolean):
                state.result = QueryResult("boolean", boolean=bool(res))
                return
            if isinstance(res, ox.QuerySolutions):
                out = QueryResult("solutions", variables=[v.value for v in res.variables])
                state.result = out
                size = 0
                for solution in res:
                    if state.stop:
                        out.truncated = out.truncated or "time"
                        break
                    if len(out.rows) >= self.max_rows:
                        out.truncated = "rows"
                        break
                    row = [solution[v] for v in out.variables]
                    size += sum(_size(t) for t in row)
                    if size > self.max_bytes:
                        out.truncated = "bytes"
                        break
                    out.rows.append(row)
                return
            out = QueryResult("graph")
            state.result = out
            size = 0
            for triple in res:
                if state.stop:
                    out.truncated = out.truncated or "time"
                    break
                if len(out.triples) >= self.max_rows:
                    out.truncated = "rows"
                    break
                size += _size(triple)
                if size > self.max_bytes:
                    out.truncated = "bytes"
                    break
                out.triples.append(ox.Triple(triple.subject, triple.predicate, triple.object))
        except BaseException as exc:  # noqa: BLE001 - reported to the client
            state.error = exc
        finally:
            self._slots.release()
            done()

    async def run(self, query: str) -> QueryResult:
        check_query(query)
        if not self._slots.acquire(blocking=False):
            raise QueryBusy("the query slots are all taken by running queries; try again later")
        loop = asyncio.get_running_loop()
        finished = asyncio.Event()
        state = _State()

        def done() -> None:
            try:
                loop.call_soon_threadsafe(finished.set)
            except RuntimeError:  # loop closed: nobody is waiting any more
                pass

        thread = threading.Thread(target=self._work, args=(query, state, done), daemon=True,
                                  name="diplograph-sparql")
        thread.start()
        try:
            await asyncio.wait_for(finished.wait(), self.timeout)
        except (asyncio.TimeoutError, TimeoutError):
            state.stop = True
            result = state.result
            if result is not None and (result.rows or result.triples):
                partial = QueryResult(result.kind, list(result.variables), list(result.rows),
                                      list(result.triples), result.boolean, "time")
                return partial
            raise QueryTimeout(f"the query ran past the time limit of {self.timeout:g} s")
        if state.error is not None:
            if isinstance(state.error, (SyntaxError, ValueError)):
                raise QueryRefused(f"query error: {state.error}", 400)
            raise QueryRefused(f"query failed: {state.error}", 400)
        assert state.result is not None
        return state.result


# --------------------------------------------------------------------------------------------------
# Result serializations

def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype is not None and t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            d["datatype"] = t.datatype.value
        return d
    return {"type": "triple", "value": str(t)}


def to_json(r: QueryResult) -> bytes:
    if r.kind == "boolean":
        return json.dumps({"head": {}, "boolean": r.boolean}).encode()
    bindings = [{v: _json_term(t) for v, t in zip(r.variables, row) if t is not None} for row in r.rows]
    return json.dumps({"head": {"vars": r.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")


def to_xml(r: QueryResult) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    if r.kind == "boolean":
        out.append("</head>\n<boolean>%s</boolean>\n</sparql>\n" % ("true" if r.boolean else "false"))
        return "".join(out).encode("utf-8")
    out.extend(f"<variable name={quoteattr(v)}/>" for v in r.variables)
    out.append("</head>\n<results>\n")
    for row in r.rows:
        out.append("<result>")
        for v, t in zip(r.variables, row):
            if t is None:
                continue
            if isinstance(t, ox.NamedNode):
                inner = f"<uri>{xml_escape(t.value)}</uri>"
            elif isinstance(t, ox.BlankNode):
                inner = f"<bnode>{xml_escape(t.value)}</bnode>"
            elif isinstance(t, ox.Literal):
                attr = ""
                if t.language:
                    attr = f" xml:lang={quoteattr(t.language)}"
                elif t.datatype is not None and t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                    attr = f" datatype={quoteattr(t.datatype.value)}"
                inner = f"<literal{attr}>{xml_escape(t.value)}</literal>"
            else:
                inner = f"<literal>{xml_escape(str(t))}</literal>"
            out.append(f"<binding name={quoteattr(v)}>{inner}</binding>")
        out.append("</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out).encode("utf-8")


def to_csv(r: QueryResult) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if r.kind == "boolean":
        w.writerow(["boolean"])
        w.writerow(["true" if r.boolean else "false"])
    else:
        w.writerow(r.variables)
        for row in r.rows:
            w.writerow(["" if t is None else (f"_:{t.value}" if isinstance(t, ox.BlankNode) else getattr(t, "value", str(t)))
                        for t in row])
    return buf.getvalue().encode("utf-8")


def to_tsv(r: QueryResult) -> bytes:
    if r.kind == "boolean":
        return ("?boolean\n" + ("true" if r.boolean else "false") + "\n").encode()
    lines = ["\t".join(f"?{v}" for v in r.variables)]
    for row in r.rows:
        lines.append("\t".join("" if t is None else str(t) for t in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


SERIALIZERS = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}

__all__ = ["QueryRunner", "QueryResult", "QueryRefused", "QueryBusy", "QueryTimeout", "RESULT_FORMATS",
           "RESULT_ALIASES", "SERIALIZERS", "check_query"]
