"""Online refresh of the pinned slice through a SPARQL endpoint (Wikidata Query Service shape).

Checks that every pinned item still exists, still carries the expected label (or one of our
aliases) and has not been merged (redirects appear as `wd:Qold owl:sameAs wd:Qnew`), and looks up
candidates for the unlinked entities of the last build by exact English label/alias and type. The
slice is rewritten atomically with the new dip:checkedOn date; problem items get a status the linker
never links (merged, deleted, label-changed) and new candidates come in as status "candidate" for a
person to review (`diplograph links set KEY QID --force`, or add them to the pinned list). Any
endpoint failure (down, timeout, 429/5xx after bounded retries, malformed JSON) raises RemoteError
(exit code 4) before anything is written.
"""

from __future__ import annotations

import email.utils
import json
import socket
import time
import urllib.error
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

from diplograph import __version__
from diplograph.deadline import deadline
from diplograph.errors import RemoteError
from diplograph.linking.normalize import fold
from diplograph.linking.slice import (
    CLASS_KIND, QID_RE, SliceItem, WikidataSlice, load_slice, qid_of, write_slice_atomic,
)

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = (f"diplograph/{__version__} (https://w3id.org/diplograph; linked-data publisher for "
              f"diplomatic documents; pinned-slice refresh)")
MAX_RETRY_AFTER = 60.0
BATCH = 100

# entity kind -> acceptable wdt:P31 classes for a new candidate (None: any type)
KIND_CLASSES: dict[str, set[str] | None] = {
    "person": {"Q5"}, "country": {"Q6256", "Q3624078"},
}
NOT_LINKABLE_KINDS = {"person": {"Q6256", "Q3624078", "Q484652"}}


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class SparqlClient:
    """SPARQLWrapper with a descriptive User-Agent, a timeout, bounded retries with exponential backoff
    on 429/5xx/timeouts/connection errors (honouring Retry-After), and strict JSON checking."""

    def __init__(self, endpoint: str, timeout: float = 20.0, retries: int = 4, backoff: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep, log: Callable[[str], None] | None = None):
        self.endpoint = endpoint
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff
        self.sleep = sleep
        self.log = log or (lambda _m: None)
        self.requests = 0

    def select(self, query: str) -> list[dict[str, dict]]:
        from SPARQLWrapper import JSON, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, SPARQLWrapperException

        attempt = 0
        while True:
            retry_after: float | None = None
            try:
                self.requests += 1
                sp = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
                sp.setQuery(query)
                sp.setReturnFormat(JSON)
                sp.setTimeout(max(1, int(self.timeout)))
                sp.timeout = self.timeout  # SPARQLWrapper rounds to int; urllib takes a float
                with deadline(self.timeout):  # the whole answer: a trickling server cannot hold us
                    result = sp.query()
                    raw = result.response.read()
                return _bindings(raw, self.endpoint)
            except urllib.error.HTTPError as exc:
                if exc.code != 429 and not 500 <= exc.code < 600:
                    raise RemoteError(f"{self.endpoint} answered HTTP {exc.code} {exc.reason}") from exc
                problem = f"HTTP {exc.code}"
                retry_after = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
            except EndPointInternalError as exc:
                problem = "HTTP 500 (endpoint internal error)"
            except SPARQLWrapperException as exc:
                raise RemoteError(f"{self.endpoint} refused the query: {str(exc).splitlines()[0]}") from exc
            except (socket.timeout, TimeoutError) as exc:
                problem = f"no answer within {self.timeout:g} s"
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, (socket.timeout, TimeoutError)):
                    problem = f"no answer within {self.timeout:g} s"
                else:
                    problem = f"cannot reach the endpoint ({exc.reason})"
            except (ConnectionError, OSError) as exc:
                problem = f"connection failed ({exc})"
            attempt += 1
            if attempt > self.retries:
                raise RemoteError(f"{self.endpoint}: {problem}; gave up after {attempt} attempt(s)")
            delay = self.backoff * (2 ** (attempt - 1))
            if retry_after is not None:
                delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
            self.log(f"{self.endpoint}: {problem}; retry {attempt}/{self.retries} in {delay:.1f} s")
            self.sleep(delay)


def _bindings(raw: bytes, endpoint: str) -> list[dict[str, dict]]:
    try:
        data = json.loads(raw.decode("utf-8"))
        bindings = data["results"]["bindings"]
        if not isinstance(bindings, list) or not all(isinstance(b, dict) for b in bindings):
            raise TypeError("bindings is not a list of objects")
        return bindings
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise RemoteError(f"{endpoint} sent a malformed SPARQL JSON result ({exc.__class__.__name__}: {exc})") from exc


def _values(qids: Iterable[str]) -> str:
    return " ".join(f"wd:{q}" for q in qids)


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"@en'


PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


@dataclass
class Finding:
    kind: str  # ok | merged | deleted | label-changed | candidate
    qid: str
    message: str


@dataclass
class RefreshResult:
    findings: list[Finding] = field(default_factory=list)
    written: bool = False
    path: str = ""
    requests: int = 0

    def lines(self) -> list[str]:
        counts: dict[str, int] = {}
        for f in self.findings:
            counts[f.kind] = counts.get(f.kind, 0) + 1
        out = [f"{f.kind}: {f.message}" for f in self.findings if f.kind != "ok"]
        out.append(("rewrote " if self.written else "did not rewrite ") + self.path + ": "
                   + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + f" ({self.requests} requests)")
        return out


def check_pinned(client: SparqlClient, data: WikidataSlice) -> dict[str, tuple[str, str]]:
    """qid -> (state, detail) with state ok | merged | deleted | label-changed."""
    qids = [it.qid for it in data.sorted_items() if it.status not in ("deleted",)]
    labels: dict[str, set[str]] = {}
    same: dict[str, str] = {}
    exists: set[str] = set()
    for i in range(0, len(qids), BATCH):
        chunk = qids[i:i + BATCH]
        vals = _values(chunk)
        for b in client.select(PREFIXES + f"SELECT DISTINCT ?item WHERE {{ VALUES ?item {{ {vals} }} ?item ?p ?o }}"):
            q = qid_of(b.get("item", {}).get("value", ""))
            if q:
                exists.add(q)
        for b in client.select(PREFIXES + f"SELECT ?item ?target WHERE {{ VALUES ?item {{ {vals} }} "
                                          f"?item owl:sameAs ?target }}"):
            q, t = qid_of(b["item"]["value"]), qid_of(b.get("target", {}).get("value", ""))
            if q and t:
                same[q] = t
        for b in client.select(PREFIXES + f"SELECT ?item ?label WHERE {{ VALUES ?item {{ {vals} }} "
                                          f"{{ ?item rdfs:label ?label }} UNION {{ ?item skos:altLabel ?label }} "
                                          f"FILTER(LANGMATCHES(LANG(?label), \"en\")) }}"):
            q = qid_of(b["item"]["value"])
            if q:
                labels.setdefault(q, set()).add(b["label"]["value"])
    states: dict[str, tuple[str, str]] = {}
    for q in qids:
        it = data.items[q]
        if q in same:
            states[q] = ("merged", same[q])
        elif q not in exists:
            states[q] = ("deleted", "")
        else:
            theirs = {fold(x) for x in labels.get(q, set())}
            ours = {fold(x) for x in it.names()}
            if theirs & ours:
                states[q] = ("ok", "")
            else:
                states[q] = ("label-changed", " | ".join(sorted(labels.get(q, set()))) or "(no English label)")
    return states


def find_candidates(client: SparqlClient, names_by_kind: list[tuple[str, str, str]]) -> dict[str, dict]:
    """names_by_kind: (mention, kind, key). Returns qid -> {label, types, mentions:[(mention, kind, key)]}."""
    found: dict[str, dict] = {}
    for i in range(0, len(names_by_kind), BATCH):
        chunk = names_by_kind[i:i + BATCH]
        by_name: dict[str, list[tuple[str, str, str]]] = {}
        for m in chunk:
            by_name.setdefault(m[0], []).append(m)
        vals = " ".join(_lit(n) for n in sorted(by_name))
        query = (PREFIXES + f"SELECT ?item ?name ?label ?type WHERE {{ VALUES ?name {{ {vals} }} "
                 f"{{ ?item rdfs:label ?name }} UNION {{ ?item skos:altLabel ?name }} "
                 f"OPTIONAL {{ ?item wdt:P31 ?type }} "
                 f"OPTIONAL {{ ?item rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), \"en\")) }} }} LIMIT 2000")
        for b in client.select(query):
            q = qid_of(b.get("item", {}).get("value", ""))
            name = b.get("name", {}).get("value")
            if not q or name not in by_name:
                continue
            rec = found.setdefault(q, {"label": "", "types": set(), "mentions": set()})
            if b.get("label"):
                rec["label"] = rec["label"] or b["label"]["value"]
            if b.get("type"):
                t = qid_of(b["type"]["value"])
                if t:
                    rec["types"].add(t)
            for m in by_name[name]:
                rec["mentions"].add(m)
    # type filter
    for q in list(found):
        rec = found[q]
        keep = set()
        for m in rec["mentions"]:
            want = KIND_CLASSES.get(m[1])
            bad = NOT_LINKABLE_KINDS.get(m[1], set())
            if rec["types"] & bad:
                continue
            if want is not None and not (rec["types"] & want):
                continue
            if m[1] != "person" and "Q5" in rec["types"]:
                continue
            keep.add(m)
        if keep:
            rec["mentions"] = keep
        else:
            del found[q]
    return found


def refresh(path: Path, endpoint: str, unlinked: list, *, checked_on: str, timeout: float = 20.0,
            retries: int = 4, backoff: float = 1.0, write: bool = True,
            log: Callable[[str], None] | None = None,
            sleep: Callable[[float], None] = time.sleep) -> RefreshResult:
    """Check pinned ids and look up candidates; rewrite the slice only when every request worked."""
    path = Path(path)
    data = load_slice(path)
    client = SparqlClient(endpoint, timeout=timeout, retries=retries, backoff=backoff, sleep=sleep, log=log)
    result = RefreshResult(path=str(path))
    states = check_pinned(client, data)
    mentions = sorted({(d.mention, d.kind, d.key) for d in unlinked if d.mention})
    cands = find_candidates(client, mentions) if mentions else {}
    result.requests = client.requests

    items = dict(data.items)
    for q, (state, detail) in sorted(states.items(), key=lambda kv: int(kv[0][1:])):
        it = items[q]
        if state == "ok":
            items[q] = replace(it, checked_on=checked_on,
                               status="verified" if it.status == "label-changed" else it.status)
            result.findings.append(Finding("ok", q, f"{q} {it.label}"))
        elif state == "merged":
            items[q] = replace(it, status="merged", checked_on=checked_on,
                               source=f"owl:sameAs wd:{detail} at {endpoint} on {checked_on}")
            result.findings.append(Finding("merged", q, f"{q} ({it.label}) was merged into {detail}: no longer "
                                                        f"linked; review and pin {detail}"))
        elif state == "deleted":
            items[q] = replace(it, status="deleted", checked_on=checked_on,
                               source=f"no triples at {endpoint} on {checked_on}")
            result.findings.append(Finding("deleted", q, f"{q} ({it.label}) no longer exists: no longer linked"))
        else:
            items[q] = replace(it, status="label-changed", checked_on=checked_on,
                               source=f"English labels now {detail!r} at {endpoint} on {checked_on}")
            result.findings.append(Finding("label-changed", q, f"{q} expected \"{it.label}\", endpoint has "
                                                               f"{detail}: no longer linked until reviewed"))
    for q in sorted(cands, key=lambda x: int(x[1:])):
        rec = cands[q]
        ms = sorted(rec["mentions"])
        if q in items:
            it = items[q]
            result.findings.append(Finding("candidate", q, f"{q} {it.label} (already in the slice, status "
                                                           f"{it.status}) matches {', '.join(m[2] for m in ms)}"))
            continue
        kinds = {m[1] for m in ms}
        pinned_kind = next((CLASS_KIND[t] for t in sorted(rec["types"]) if t in CLASS_KIND), "")
        if not pinned_kind and len(kinds) == 1:
            k = next(iter(kinds))
            pinned_kind = {"city": "place", "agreement": "concept", "initiative": "concept",
                           "topic": "concept"}.get(k, k)
        label = rec["label"] or ms[0][0]
        aliases = tuple(sorted({m[0] for m in ms} - {label}))
        p31 = tuple(sorted((t for t in rec["types"] if t in CLASS_KIND), key=lambda t: int(t[1:])))
        items[q] = SliceItem(qid=q, label=label, aliases=aliases, p31=p31, status="candidate",
                             checked_on=checked_on, source=f"label match at {endpoint} on {checked_on}",
                             kind=pinned_kind)
        result.findings.append(Finding("candidate", q, f"{q} \"{label}\" for "
                                       + ", ".join(f"{m[1]} {m[2]} \"{m[0]}\"" for m in ms)
                                       + " (status candidate: review, then `diplograph links set KEY QID --force` "
                                         "or pin it)"))
    if write:
        write_slice_atomic(WikidataSlice(items, path), path)
        result.written = True
    return result
