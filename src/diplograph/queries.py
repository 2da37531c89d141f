"""Named SPARQL queries: the registry, safe parameter binding, running and formatting results.

A named query is a ``.rq`` file in ``src/diplograph/queries/`` (package data). Its header comments
say what it is and which parameters it takes::

    # description: Who met on a date in a city, in which posts, for what, on which topics
    # param: date (date) default=2024-03-14
    # param: place (string) default="Mexico City"

A parameter is the SPARQL variable of the same name (``?date``). Values are never pasted into the
query text: each is checked against its type (iri | string | name | date | lang | integer), written
as an escaped RDF term and bound with a ``VALUES`` block injected at the start of the first
``WHERE`` group (so use the variables in that group, not only inside a UNION branch or another
sub-select; a paged query writes its outer group without ``WHERE`` so that the block lands in the
sub-select that pages). A ``name`` is normalised as ``dip:nameKey`` is (``ns.name_key``) and matched
with ``?node dip:nameKey ?param``, an exact, indexed lookup. Two exceptions: ``SERVICE ?var``, where a
variable endpoint is replaced by the checked ``<IRI>``, and ``LIMIT ?n`` / ``OFFSET ?n``, where an
integer parameter is written in as a non-negative number (the paged queries cq04 and cq08).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from diplograph.errors import InputError
from diplograph.ns import DEFAULT_BASE, PREFIXES, name_key
from diplograph.safetext import csv_cell
from diplograph.querylimits import MAX_CHAIN, MAX_NESTING, MAX_PATH_STEPS, check_shape  # noqa: F401 (re-exported)
from diplograph.store import QueryResult, check_iri, sparql_string

QUERY_DIR = Path(__file__).resolve().parent / "queries"
PARAM_TYPES = ("iri", "string", "name", "date", "lang", "integer")
FORMATS = ("table", "csv", "json", "turtle")
XSD = "http://www.w3.org/2001/XMLSchema#"

_PARAM_RE = re.compile(
    r'^#\s*param:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?P<type>\w+)\s*\)'
    r'(?:\s+default=(?P<default>"(?:[^"\\]|\\.)*"|\S+))?\s*(?P<doc>.*)$')
_LANG_RE = re.compile(r"^(\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)$")
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


@dataclass
class Param:
    name: str
    type: str
    default: str | None = None
    doc: str = ""


@dataclass
class NamedQuery:
    name: str
    text: str
    description: str = ""
    params: list[Param] = field(default_factory=list)
    path: Path | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_query_text(text: str, name: str, path: Path | None = None) -> NamedQuery:
    """Read the ``# description:`` and ``# param:`` header lines of a query."""
    description = ""
    params: list[Param] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break  # the header ends at the first line of SPARQL
        if re.match(r"^#\s*description:", stripped):
            description = stripped.split(":", 1)[1].strip()
        elif re.match(r"^#\s*param:", stripped):
            m = _PARAM_RE.match(stripped)
            if not m or m["type"] not in PARAM_TYPES:
                raise InputError(f"bad param header (want `# param: name ({'|'.join(PARAM_TYPES)}) "
                                 f"default=value`): {stripped}", path=str(path or name), line=lineno)
            default = m["default"]
            if default is not None and default.startswith('"'):
                default = json.loads(default)
            params.append(Param(m["name"], m["type"], default, m["doc"].strip()))
    return NamedQuery(name=name, text=text, description=description, params=params, path=path)


def list_queries() -> list[NamedQuery]:
    return [load_named(p.stem) for p in sorted(QUERY_DIR.glob("*.rq"))]


def load_named(name: str) -> NamedQuery:
    if not _NAME_RE.match(name):
        raise InputError(f"bad query name {name!r}")
    path = QUERY_DIR / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(p.stem for p in sorted(QUERY_DIR.glob("*.rq")))
        raise InputError(f"no named query {name!r} (known: {known}; see `diplograph query --list`)")
    return parse_query_text(path.read_text(encoding="utf-8"), name, path)


def load_file(path: str | Path) -> NamedQuery:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read query: {exc}", path=str(p)) from exc
    return parse_query_text(text, p.stem, p)


# --------------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------------

def term_for(param: Param, value: str) -> str:
    """The value as a SPARQL term of the parameter's type; InputError when it does not fit."""
    what = f"parameter {param.name} ({param.type})"
    if param.type == "iri":
        v = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        return f"<{check_iri(v, what)}>"
    if param.type == "string":
        return sparql_string(value)
    if param.type == "name":  # matched against dip:nameKey, which is normalised the same way
        return sparql_string(name_key(value))
    if param.type == "date":
        try:
            _dt.date.fromisoformat(value)
        except ValueError as exc:
            raise InputError(f"{what}: {value!r} is not an ISO date YYYY-MM-DD") from exc
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise InputError(f"{what}: {value!r} is not an ISO date YYYY-MM-DD")
        return f'"{value}"^^<{XSD}date>'
    if param.type == "lang":
        if not _LANG_RE.match(value):
            raise InputError(f"{what}: {value!r} is not a language tag")
        return sparql_string(value.lower())
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", value):
            raise InputError(f"{what}: {value!r} is not an integer")
        return f'"{int(value)}"^^<{XSD}integer>'
    raise InputError(f"{what}: unknown type")  # pragma: no cover - checked when parsing


def parse_param_args(args: list[str] | tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for arg in args:
        if "=" not in arg:
            raise InputError(f"--param wants name=value, got {arg!r}")
        name, value = arg.split("=", 1)
        name = name.strip()
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise InputError(f"--param: bad parameter name {name!r}")
        values[name] = value
    return values


def _skip_to_where(text: str) -> int | None:
    """Index just after the ``{`` of the first ``WHERE {`` outside comments, strings and IRIs."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            triple = text[i:i + 3] == c * 3
            quote = c * 3 if triple else c
            j = i + len(quote)
            while j < n:
                if text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    break
                j += 1
            i = j + len(quote)
            continue
        if c == "<":
            m = re.match(r"<[^<>\"{}|^`\\\x00-\x20]*>", text[i:])
            if m:
                i += m.end()
                continue
        if c in "Ww" and text[i:i + 5].upper() == "WHERE" and (i == 0 or not (text[i - 1].isalnum()
                                                                             or text[i - 1] in "_?$:")):
            m = re.match(r"WHERE\s*\{", text[i:], re.IGNORECASE)
            if m:
                return i + m.end()
        i += 1
    return None


def bind(query: NamedQuery, values: dict[str, str] | None = None, *, strict: bool = True) -> str:
    """The query text with every declared parameter bound (given value or default).

    `strict`: an undeclared ``--param`` is an error (named queries). Otherwise (ad-hoc queries) it is
    bound as an IRI when written ``<…>`` and as a string otherwise.
    """
    values = dict(values or {})
    params = list(query.params)
    for name in values:
        if query.param(name) is None:
            if strict:
                known = ", ".join(p.name for p in query.params) or "none"
                raise InputError(f"query {query.name} has no parameter {name!r} (parameters: {known})")
            v = values[name]
            params.append(Param(name, "iri" if v.startswith("<") and v.endswith(">") else "string"))
    terms: dict[str, str] = {}
    for p in params:
        value = values.get(p.name, p.default)
        if value is None:
            raise InputError(f"query {query.name} needs --param {p.name}=… ({p.type})")
        terms[p.name] = term_for(p, value)
    if not terms:
        return query.text
    text = query.text
    # SERVICE ?endpoint: a variable endpoint is the one place where the checked IRI is written in.
    for name, term in terms.items():
        pattern = re.compile(r"(\bSERVICE\s+(?:SILENT\s+)?)[?$]" + re.escape(name) + r"\b", re.IGNORECASE)
        if pattern.search(text):
            if not term.startswith("<"):
                raise InputError(f"parameter {name} is used as a SERVICE endpoint and must be an iri")
            text = pattern.sub(lambda m: m.group(1) + term, text)
    # LIMIT ?n / OFFSET ?n (paged queries): the checked integer is written in.
    for name, term in list(terms.items()):
        pattern = re.compile(r"\b(LIMIT|OFFSET)(\s+)[?$]" + re.escape(name) + r"\b", re.IGNORECASE)
        if pattern.search(text):
            if query.param(name) is None or query.param(name).type != "integer":
                raise InputError(f"parameter {name} is used as a LIMIT or OFFSET and must be an integer")
            n = int(term.split('"')[1])
            if n < 0:
                raise InputError(f"parameter {name} must not be negative")
            text = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}{n}", text)
            del terms[name]
    if not terms:
        return text
    at = _skip_to_where(text)
    if at is None:
        raise InputError(f"cannot bind parameters of {query.name}: the query has no `WHERE {{`")
    names = " ".join(f"?{name}" for name in terms)
    row = " ".join(terms.values())
    return f"{text[:at]}\n  VALUES ({names}) {{ ({row}) }}\n{text[at:]}"


# --------------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------------

def compact(iri: str, base: str = DEFAULT_BASE) -> str:
    """Short form of an IRI for tables: a prefixed name, ``id:kind/slug`` under the base, or <iri>."""
    base = base.rstrip("/") + "/"
    if iri.startswith(base):
        return "id:" + iri[len(base):]
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            local = iri[len(ns):]
            if re.fullmatch(r"[A-Za-z0-9_\-.]*", local) and not local.endswith("."):
                return f"{prefix}:{local}"
    return f"<{iri}>"


def _cell(term: dict | None, base: str) -> str:
    if not term:
        return ""
    if term.get("type") == "uri":
        return compact(term["value"], base)
    if term.get("type") == "bnode":
        return "_:" + term["value"]
    return " ".join(term.get("value", "").split())


def _graph_rows(result: QueryResult) -> QueryResult:
    """CONSTRUCT/DESCRIBE results as ?s ?p ?o rows (for table/csv output)."""
    g = rdf_graph(result)
    bindings = []

    def term(t):
        from rdflib import BNode, Literal, URIRef
        if isinstance(t, URIRef):
            return {"type": "uri", "value": str(t)}
        if isinstance(t, BNode):
            return {"type": "bnode", "value": str(t)}
        out = {"type": "literal", "value": str(t)}
        if isinstance(t, Literal) and t.language:
            out["xml:lang"] = t.language
        elif isinstance(t, Literal) and t.datatype:
            out["datatype"] = str(t.datatype)
        return out

    for s, p, o in sorted(g):
        bindings.append({"s": term(s), "p": term(p), "o": term(o)})
    return QueryResult("select", json={"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": bindings}})


def rdf_graph(result: QueryResult):
    from rdflib import Graph

    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    data = result.rdf or b""
    if data.strip():
        g.parse(data=data.decode("utf-8"), format="nt" if result.rdf_format == "ntriples" else "turtle")
    return g


def format_result(result: QueryResult, fmt: str = "table", *, base: str = DEFAULT_BASE) -> str:
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if result.kind == "graph":
        if fmt == "turtle":
            return rdf_graph(result).serialize(format="turtle")
        if fmt == "json":
            raise InputError("json is for SELECT/ASK results; use --format turtle for CONSTRUCT/DESCRIBE")
        result = _graph_rows(result)
    if result.kind == "ask":
        value = bool(result.json.get("boolean"))
        if fmt == "json":
            return json.dumps(result.json, ensure_ascii=False, indent=2) + "\n"
        if fmt == "csv":
            return f"boolean\r\n{str(value).lower()}\r\n"
        if fmt == "table":
            return f"{str(value).lower()}\n"
        raise InputError("turtle is for CONSTRUCT/DESCRIBE results; this is an ASK query")
    if fmt == "turtle":
        raise InputError("turtle is for CONSTRUCT/DESCRIBE results; use table, csv or json for SELECT")
    if fmt == "json":
        return json.dumps(result.json, ensure_ascii=False, indent=2) + "\n"
    vars_ = result.vars
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)  # RFC 4180, CRLF line ends as the SPARQL CSV results format wants
        writer.writerow(vars_)
        for row in result.bindings:
            # Cells a spreadsheet would run as formulas are neutralised (diplograph.safetext).
            writer.writerow([csv_cell((row.get(v) or {}).get("value", "")) for v in vars_])
        return buf.getvalue()
    rows = [[_cell(row.get(v), base) for v in vars_] for row in result.bindings]
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(vars_)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(vars_, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines) + "\n"


def run(target, sparql: str) -> QueryResult:
    """Run `sparql` on an OxigraphStore, SparqlEndpoint or GraphStoreClient (union default graph)."""
    return target.query(sparql)


def rows(result: QueryResult) -> list[tuple]:
    """Bindings as comparable tuples (normalised terms, one per variable), in result order."""
    from diplograph.store import normalize_binding

    out = []
    for row in result.bindings:
        out.append(tuple(
            json.dumps(normalize_binding(row[v]), sort_keys=True) if v in row else None for v in result.vars))
    return out
