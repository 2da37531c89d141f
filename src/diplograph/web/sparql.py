"""The read-only SPARQL 1.1 Protocol endpoint: run a query with a time limit and result caps.

pyoxigraph cannot cancel a running query, so each query runs in a forked child process (the
store is shared copy-on-write; a trivial query costs a few milliseconds more than in-process). The
child collects at most `max_rows` rows / `max_bytes`, stops iterating shortly before the time limit
(answering with the rows collected so far, marked truncated "time"), and sends the result back
through a pipe. When the limit is reached with nothing sent, the child is killed (SIGKILL) and
reaped, so its slot is free at once. At most `slots` queries run at the same time; more get 503.
A child also arms its own alarm, so it can never outlive the limit by much, even if the server dies.
Where `os.fork` is missing the query runs in a thread that cannot be stopped (the old behaviour).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import pickle
import re
import signal
import threading
import time
import warnings
from dataclasses import dataclass, field
from typing import Callable
from xml.sax.saxutils import escape as xml_escape, quoteattr

import pyoxigraph as ox

from diplograph.safetext import csv_cell

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
    from diplograph.errors import InputError
    from diplograph.querylimits import check_shape

    try:
        check_shape(query)  # nesting that would crash the query process
    except InputError as exc:
        raise QueryRefused(exc.message, 400) from exc
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


def _size(term) -> int:
    if term is None:
        return 4
    if isinstance(term, ox.Triple):
        return _size(term.subject) + _size(term.predicate) + _size(term.object)
    return len(getattr(term, "value", "")) + 24


DEFAULT_QUERY_MEMORY = 1 << 30


def _vm_size() -> int | None:
    """This process's address space in bytes (Linux), what RLIMIT_AS counts."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _limit_memory(extra: int | None) -> None:
    """In a query process: cap its address space at what it has now plus `extra` bytes."""
    if not extra:
        return
    try:
        import resource

        now = _vm_size()
        if now is None:
            return
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = now + extra if hard == resource.RLIM_INFINITY else min(now + extra, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):
        pass


class QueryRunner:
    """Runs queries with a hard time limit (a killed child process), a row cap and a byte cap."""

    def __init__(self, store: ox.Store, *, timeout: float = 10.0, max_rows: int = 10_000,
                 max_bytes: int = 16 * 1024 * 1024, slots: int = 2, use_fork: bool | None = None,
                 union_default_graph: bool = False, max_memory: int | None = DEFAULT_QUERY_MEMORY):
        self.store = store
        # Address space a query process may add to what it inherits (RLIMIT_AS): a cross product
        # with ORDER BY grows by gigabytes a second, far past the row caps, before the time limit.
        self.max_memory = max_memory
        self._status: dict[int, int] = {}  # wait status of children that exited, for the error
        # False: the default graph is the store's own (the merged dataset); True: the union of the
        # named graphs (a store whose default graph is empty)
        self.union_default_graph = union_default_graph
        self.timeout = timeout
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        self.slots = slots
        self.use_fork = hasattr(os, "fork") if use_fork is None else use_fork
        self._lock = threading.Lock()
        self._active = 0
        self._children: set[int] = set()  # running or not yet reaped
        self.started: list[int] = []  # pids of the last children started (for tests and logs)

    # ---- collecting a result (in the child, or in the thread fallback) ---------------------------
    def _collect(self, query: str, expired: Callable[[], bool], out_holder: list | None = None) -> QueryResult:
        res = self.store.query(query, use_default_graph_as_union=self.union_default_graph)
        if isinstance(res, ox.QueryBoolean):
            return QueryResult("boolean", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            out = QueryResult("solutions", variables=[v.value for v in res.variables])
            items = ([solution[v] for v in out.variables] for solution in res)
            sink, size_of = out.rows, lambda row: sum(_size(t) for t in row)
        else:
            out = QueryResult("graph")
            items = (ox.Triple(t.subject, t.predicate, t.object) for t in res)
            sink, size_of = out.triples, _size
        if out_holder is not None:
            out_holder.append(out)
        size = 0
        for item in items:
            if expired():
                out.truncated = "time"
                break
            if len(sink) >= self.max_rows:
                out.truncated = "rows"
                break
            size += size_of(item)
            if size > self.max_bytes:
                out.truncated = "bytes"
                break
            sink.append(item)
        return out

    # ---- the public entry point ------------------------------------------------------------------
    async def run(self, query: str) -> QueryResult:
        check_query(query)
        with self._lock:
            if self._active >= self.slots:
                raise QueryBusy("the query slots are all taken by running queries; try again later")
            self._active += 1
        try:
            if self.use_fork:
                return await self._run_forked(query)
            return await self._run_threaded(query)
        finally:
            with self._lock:
                self._active -= 1

    # ---- a forked child per query ----------------------------------------------------------------
    def _child(self, query: str, w: int) -> None:
        """In the child: run, pickle the outcome into `w`, exit. Never returns."""
        try:
            try:
                signal.set_wakeup_fd(-1)  # the server's event loop must not hear our signals
            except (ValueError, OSError):
                pass
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM):
                signal.signal(sig, signal.SIG_DFL)
            # backstop: die by SIGALRM even if the parent never kills us (e.g. it crashed)
            signal.setitimer(signal.ITIMER_REAL, self.timeout + 2.0)
            _limit_memory(self.max_memory)
            try:
                import faulthandler
                faulthandler.disable()  # an abort at the memory cap is expected: no stack dump
            except (ImportError, RuntimeError):
                pass
            # stop iterating a little before the parent's limit, leaving time to send the rows
            deadline = time.monotonic() + max(self.timeout - min(0.5, self.timeout / 4), 0.0)
            try:
                result = self._collect(query, lambda: time.monotonic() >= deadline)
                payload = pickle.dumps(("ok", result), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # noqa: BLE001 - reported to the client
                kind = ("memory" if isinstance(exc, MemoryError) else
                        "syntax" if isinstance(exc, (SyntaxError, ValueError)) else "error")
                payload = pickle.dumps(("error", kind, str(exc)))
            view = memoryview(payload)
            while view:
                view = view[os.write(w, view):]
            os.close(w)
        finally:
            os._exit(0)

    def _reap(self, pid: int, wait: float) -> bool:
        """waitpid without blocking the event loop for long; True once the child is gone."""
        end = time.monotonic() + wait
        while True:
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done, status = pid, 0
            if done:
                self._status[pid] = status
                if len(self._status) > 64:
                    self._status.pop(next(iter(self._status)))
                self._children.discard(pid)
                return True
            if time.monotonic() >= end:
                return False
            time.sleep(0.001)

    def _reap_leftovers(self) -> None:
        for pid in list(self._children):
            self._reap(pid, 0)

    def close(self) -> None:
        """Kill and reap every child still running (server shutdown)."""
        for pid in list(self._children):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._reap(pid, 1.0)

    async def _run_forked(self, query: str) -> QueryResult:
        self._reap_leftovers()
        loop = asyncio.get_running_loop()
        r, w = os.pipe()
        with warnings.catch_warnings():  # 3.12+: "fork() in a multi-threaded process"; the child only queries
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os.close(r)
            self._child(query, w)
        os.close(w)
        self._children.add(pid)
        self.started = (self.started + [pid])[-32:]
        chunks: list[bytes] = []
        eof = loop.create_future()

        def readable() -> None:
            try:
                data = os.read(r, 1 << 20)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if data:
                chunks.append(data)
            elif not eof.done():
                eof.set_result(None)

        os.set_blocking(r, False)
        loop.add_reader(r, readable)
        try:
            await asyncio.wait_for(asyncio.shield(eof), self.timeout)
        except (asyncio.TimeoutError, TimeoutError):
            raise QueryTimeout(f"the query ran past the time limit of {self.timeout:g} s") from None
        finally:
            loop.remove_reader(r)
            os.close(r)
            if not eof.done():  # timed out, or the request was cancelled: stop the query now
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if not self._reap(pid, 0.5):  # killed or exiting: gone in a moment
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self._reap(pid, 0.5)  # else reaped by a later query or close()
        status = self._status.pop(pid, None)
        if not chunks:
            if self.max_memory and status is not None and os.WIFSIGNALED(status) and \
                    os.WTERMSIG(status) in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS):
                # An allocation past RLIMIT_AS aborts the engine (Rust): the query needed too much.
                raise QueryRefused(f"the query needed more than the {(self.max_memory or 0) >> 20} MB of memory a "
                                   "query may use; narrow it down (LIMIT, fewer variables, no cross product)",
                                   503)
            raise QueryRefused("query failed: the query process died (out of memory?)", 500)
        outcome = pickle.loads(b"".join(chunks))
        if outcome[0] == "ok":
            return outcome[1]
        _, kind, message = outcome
        if kind == "memory":
            raise QueryRefused(f"the query needed more than the {(self.max_memory or 0) >> 20} MB of memory a query "
                               "may use; narrow it down (LIMIT, fewer variables, no cross product)", 503)
        raise QueryRefused(f"query {'error' if kind == 'syntax' else 'failed'}: {message}", 400)

    # ---- fallback: a thread that cannot be stopped -------------------------------------------------
    async def _run_threaded(self, query: str) -> QueryResult:
        loop = asyncio.get_running_loop()
        finished = asyncio.Event()
        holder: list[QueryResult] = []
        state: dict = {"stop": False}

        def done() -> None:
            try:
                loop.call_soon_threadsafe(finished.set)
            except RuntimeError:  # loop closed: nobody is waiting any more
                pass

        def work() -> None:
            try:
                state["result"] = self._collect(query, lambda: state["stop"], holder)
            except BaseException as exc:  # noqa: BLE001
                state["error"] = exc
            finally:
                with self._lock:
                    self._active -= 1
                done()

        with self._lock:
            self._active += 1  # held by the thread until the query really ends
        threading.Thread(target=work, daemon=True, name="diplograph-sparql").start()
        try:
            await asyncio.wait_for(finished.wait(), self.timeout)
        except (asyncio.TimeoutError, TimeoutError):
            state["stop"] = True
            if holder and (holder[0].rows or holder[0].triples):
                r = holder[0]
                return QueryResult(r.kind, list(r.variables), list(r.rows), list(r.triples), r.boolean, "time")
            raise QueryTimeout(f"the query ran past the time limit of {self.timeout:g} s") from None
        if "error" in state:
            exc = state["error"]
            raise QueryRefused(f"query {'error' if isinstance(exc, (SyntaxError, ValueError)) else 'failed'}: {exc}", 400)
        return state["result"]


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
            # Cells a spreadsheet would run as formulas are neutralised (diplograph.safetext).
            w.writerow(["" if t is None else csv_cell(f"_:{t.value}" if isinstance(t, ox.BlankNode)
                                                      else getattr(t, "value", str(t)))
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
