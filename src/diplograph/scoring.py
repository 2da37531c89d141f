"""Scoring one document's published graph against its gold file.

The matching rules (docs/evaluate.md) are those of the development set's scorer
(`../shared/devset/score.py`), so that the figures agree exactly; besides the counts, this module
keeps the items behind them: the gold items not found and the output items that match no gold item,
with the output's source sentence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from diplograph.errors import InputError

CATEGORIES = ("persons", "posts", "dated posts", "events", "quotations", "metadata")

# Words that are no part of a name (titles, honorifics) and that say nothing about a post.
TITLES = {"mr", "mrs", "ms", "dr", "prof", "professor", "ambassador", "dame", "sir", "lord", "lady", "president",
          "secretary", "minister", "h", "e", "he", "his", "her", "excellency", "hon", "honourable", "honorable",
          "the", "rt", "mp", "senator", "congressman", "congresswoman", "rep", "general", "sheikh"}
STOP = {"of", "the", "to", "for", "and", "in", "at", "a", "an", "on", "un", "s"}
QUOTE_WORDS = 5  # a gold quotation is found when its first five words are in an output quotation

_PREFIXES = """PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
"""
_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}


@dataclass
class Tally:
    found: int = 0   # gold items found
    gold: int = 0    # gold items asked for
    right: int = 0   # output items that are some gold item
    output: int = 0  # output items

    def add(self, other: "Tally") -> None:
        self.found += other.found
        self.gold += other.gold
        self.right += other.right
        self.output += other.output

    def as_list(self) -> list[int]:
        return [self.found, self.gold, self.right, self.output]


@dataclass
class Item:
    category: str
    text: str
    sentence: str | None = None  # the output's source sentence, where the graph has it


@dataclass
class DocScore:
    stem: str
    tallies: dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in CATEGORIES})
    missed: list[Item] = field(default_factory=list)  # gold items not found
    wrong: list[Item] = field(default_factory=list)   # output items that match no gold item
    has_graph: bool = True


# --- the matching rules ------------------------------------------------------------------------

def norm(s) -> list[str]:
    """Lower-case ASCII words: accents dropped, hyphens and punctuation are spaces."""
    s = unicodedata.normalize("NFKD", str(s)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9 ]+", " ", s.replace("-", " ")).split()


def name_tokens(s) -> list[str]:
    return [t for t in norm(s) if t not in TITLES]


def same_person(gold: dict, out_name: str) -> bool:
    """All name words of the gold name (or of one alias), titles ignored, are in the output name."""
    out = set(norm(out_name)) - TITLES
    for g in (gold["name"], *(gold.get("aliases") or [])):
        toks = name_tokens(g)
        if toks and set(toks) <= out:
            return True
    return False


def role_keys(role: str) -> set[str]:
    return {t for t in norm(re.sub(r"\(.*?\)", " ", role or "")) if t not in STOP}


def same_post(gold_role: str, out_role: str) -> bool:
    """Most (60 %) of the shorter wording's words, stop words and brackets left out, in the longer one."""
    keys, out = role_keys(gold_role), role_keys(out_role)
    return bool(keys and out) and len(keys & out) >= 0.6 * min(len(keys), len(out))


def counted_role(role: str) -> bool:
    """Gold positions that name no post ('worked in (role unspecified)', 'joined …', none) are not asked for."""
    return bool(role) and not re.search(r"unspecified|joined|posting", role)


def counted_person(ent: dict) -> bool:
    """Persons the gold marks optional (a column pseudonym) or unnamed are not asked for; finding them is no error."""
    return not re.search(r"\b(?:optional|unnamed)\b", str(ent.get("note") or ""))


def dates_agree(gold, out) -> bool:
    """A date agrees at the precision of the less precise one; a gold '--MM-DD' leaves the year open."""
    gold, out = str(gold), str(out)
    if gold.startswith("--"):
        return out.endswith(gold[1:]) or out == gold
    return out.startswith(gold) or (len(out) >= 4 and gold.startswith(out))


def quote_key(text) -> str:
    return " ".join(norm(text)[:QUOTE_WORDS])


# --- reading a build ---------------------------------------------------------------------------

def load_graph(path: Path, store: ox.Store | None = None) -> ox.Store:
    """`path` parsed into `store` (a new one by default); a parse error names the file and line."""
    store = ox.Store() if store is None else store
    try:
        store.load(path=str(path), format=_FORMATS[path.suffix])
    except SyntaxError as exc:  # pyoxigraph's parse error: "Parser error at line L column C: …"
        m = re.search(r"line (\d+)", str(exc))
        raise InputError(f"not valid RDF: {exc.msg if hasattr(exc, 'msg') else exc}", path=str(path),
                         line=int(m.group(1)) if m else None) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    return store


def doc_graph(out_dir: Path, stem: str) -> ox.Store | None:
    for cand in (out_dir / "graphs" / f"{stem}.ttl", out_dir / "graphs" / f"{stem}.trig"):
        if cand.is_file():
            return load_graph(cand)
    return None


def whole_dataset(out_dir: Path) -> ox.Store | None:
    """For a build with no graphs/ folder: the whole dataset, scored for each document."""
    from diplograph.dumpfiles import dump_files

    for name in ("dataset.nq", "dataset.ttl"):
        files = dump_files(out_dir, name)
        if files:
            store = ox.Store()
            for path in files:
                load_graph(path, store)
            return store
    return None


def _select(store: ox.Store, query: str) -> list:
    return list(store.query(_PREFIXES + query, use_default_graph_as_union=True))


def _sentences(store: ox.Store) -> dict[str, str]:
    """Node → the first (by offset) sentence of the spans it was derived from."""
    best: dict[str, tuple[int, str]] = {}
    for node, begin, text in _select(store, """SELECT ?x ?b ?t WHERE { ?x prov:wasDerivedFrom ?sp .
            ?sp nif:sentence ?s . ?s nif:anchorOf ?t . OPTIONAL { ?s nif:beginIndex ?b } }"""):
        at = int(begin.value) if begin is not None else 0
        if node.value not in best or (at, text.value) < best[node.value]:
            best[node.value] = (at, text.value)
    return {k: v[1] for k, v in best.items()}


def _short(text: str, most: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= most else text[: most - 1] + "…"


# --- scoring -----------------------------------------------------------------------------------

def score_document(store: ox.Store, gold: dict, meta: dict, stem: str) -> DocScore:
    """Counts and items of every category for one document's graph (`store`)."""
    score = DocScore(stem)
    t = score.tallies
    sentence = _sentences(store)

    def miss(cat: str, text: str) -> None:
        score.missed.append(Item(cat, text))

    def wrong(cat: str, text: str, node: str | None = None) -> None:
        score.wrong.append(Item(cat, text, sentence.get(node) if node else None))

    names: dict[str, list[str]] = {}
    for p, n in _select(store, "SELECT DISTINCT ?p ?n WHERE { ?p a schema:Person ; (schema:name|rdfs:label) ?n }"):
        names.setdefault(p.value, []).append(n.value)
    posts = _select(store, """SELECT ?p ?rn ?s ?r WHERE { ?p a schema:Person ; schema:memberOf ?r .
                              ?r schema:roleName ?rn . OPTIONAL { ?r schema:startDate ?s } }""")
    events = _select(store, "SELECT DISTINCT ?e ?d WHERE { ?e a schema:Event ; schema:startDate ?d }")
    quotes = _select(store, """SELECT ?q ?t ?n WHERE { ?q a schema:Quotation ; schema:text ?t .
                               OPTIONAL { ?q schema:creator ?c . ?c (schema:name|rdfs:label) ?n } }""")
    heads = [str(h.value) for (h,) in _select(store, "SELECT ?h WHERE { ?d (schema:headline|schema:name) ?h }")]
    docs = _select(store, """SELECT ?dp ?an WHERE { ?d schema:datePublished ?dp .
                             OPTIONAL { ?d schema:author ?a . ?a (schema:name|rdfs:label) ?an } }""")

    gold_persons = [e for e in gold.get("entities") or [] if e.get("type") == "Person"]
    who = {p: [g for g in gold_persons if any(same_person(g, n) for n in ns)] for p, ns in names.items()}
    label = {p: " / ".join(sorted(set(ns))) for p, ns in names.items()}

    # persons
    for g in gold_persons:
        if not counted_person(g):
            continue
        t["persons"].gold += 1
        if any(g in gs for gs in who.values()):
            t["persons"].found += 1
        else:
            miss("persons", str(g["name"]))
    for p, gs in sorted(who.items(), key=lambda kv: label[kv[0]]):
        t["persons"].output += 1
        if gs:
            t["persons"].right += 1
        else:
            wrong("persons", label[p], p)

    # posts and dated posts
    for g in gold_persons:
        if not counted_person(g):
            continue
        found = any(g in gs for gs in who.values())
        mine = [(str(rn.value), s) for p, rn, s, _ in posts if g in who.get(p.value, [])]
        for pos in g.get("positions") or []:
            role = pos.get("role") or ""
            if not counted_role(role):
                continue
            ok = [(rn, s) for rn, s in mine if same_post(role, rn)]
            t["posts"].gold += 1
            if ok:
                t["posts"].found += 1
            else:
                miss("posts", f"{g['name']}: {role}" + ("" if found else " (person not found)"))
            start = str(pos.get("start") or "")
            if re.fullmatch(r"\d{4}(-\d\d)?(-\d\d)?", start):
                t["dated posts"].gold += 1
                if any(s is not None and str(s.value).startswith(start) for _, s in ok):
                    t["dated posts"].found += 1
                else:
                    starts = sorted({str(s.value) for _, s in ok if s is not None})
                    why = (f"output starts {', '.join(starts)}" if starts else "found without a start") if ok \
                        else "post not found"
                    miss("dated posts", f"{g['name']}: {role}, from {start} ({why})")
    for p, rn, s, r in posts:
        t["posts"].output += 1
        gs = who.get(p.value, [])
        if any(same_post(pos.get("role") or "", str(rn.value)) for g in gs for pos in g.get("positions") or []):
            t["posts"].right += 1
        else:
            holder = label.get(p.value, p.value)
            since = f", from {s.value}" if s is not None else ""
            why = "" if gs else " (holder is no gold person)"
            wrong("posts", f"{holder}: {rn.value}{since}{why}", r.value)

    # events
    gold_dates: list = []
    for ev in gold.get("events") or []:
        ds = [d for d in (ev.get("date"), ev.get("date_implied")) if d]
        gold_dates += ds
        if not ev.get("date"):
            continue
        t["events"].gold += 1
        if any(dates_agree(d, e[1].value) for d in ds for e in events):
            t["events"].found += 1
        else:
            miss("events", f"{ev['date']}: {ev.get('what') or '(no description)'}")
    event_names = {e.value: n.value for e, n in _select(store, "SELECT ?e ?n WHERE { ?e a schema:Event ; schema:name ?n }")}
    for e, d in events:
        t["events"].output += 1
        if any(dates_agree(g, d.value) for g in gold_dates):
            t["events"].right += 1
        else:
            wrong("events", f"{d.value}: {event_names.get(e.value, e.value)}", e.value)

    # quotations
    gold_quotes = gold.get("quotations") or []
    for q in gold_quotes:
        words = quote_key(q["starts"])
        spk = {"name": q["speaker"], "aliases": [q["speaker"].split()[-1]]}
        t["quotations"].gold += 1
        texts = [(" ".join(norm(tx.value)), n) for _, tx, n in quotes]
        if any(words in tx and n is not None and same_person(spk, n.value) for tx, n in texts):
            t["quotations"].found += 1
        else:
            by = sorted({n.value if n is not None else "no speaker" for tx, n in texts if words in tx})
            why = f" (found, attributed to {', '.join(by)})" if by else ""
            miss("quotations", f"{q['speaker']}: \u201c{_short(q['starts'], 60)}\u201d{why}")
    first: dict[str, tuple] = {}
    for q, tx, n in quotes:
        first.setdefault(q.value, (tx.value, n))
    for qid, (text, n) in sorted(first.items(), key=lambda kv: kv[1][0]):
        t["quotations"].output += 1
        if any(quote_key(g["starts"]) in " ".join(norm(text)) for g in gold_quotes):
            t["quotations"].right += 1
        else:
            speaker = n.value if n is not None else "no speaker"
            wrong("quotations", f"{speaker}: \u201c{_short(text, 60)}\u201d", qid)

    # metadata: each stated field is one item, found or not (precision counts the same items)
    md = gold.get("document_metadata") or {}
    title, date, author = (md.get("title") or meta.get("title"), md.get("date") or meta.get("date_published"),
                           md.get("author") or meta.get("author"))
    checks = (
        ("title", title, lambda: any(" ".join(norm(title)) in " ".join(norm(h)) for h in heads),
         _select(store, "SELECT ?h WHERE { ?d schema:headline ?h }")),
        ("date", date, lambda: any(str(dp.value).startswith(str(date)) for dp, _ in docs), [(dp,) for dp, _ in docs]),
        ("author", author, lambda: any(an is not None and same_person({"name": author}, an.value) for _, an in docs),
         [(an,) for _, an in docs if an is not None]),
    )
    for what, want, ok, have in checks:
        if not want:
            continue
        t["metadata"].gold += 1
        t["metadata"].output += 1
        if ok():
            t["metadata"].found += 1
            t["metadata"].right += 1
            continue
        miss("metadata", f"{what}: {_short(want)}")
        values = sorted({str(v.value) for (v,) in have})
        wrong("metadata", f"{what}: " + ("; ".join(_short(v) for v in values) if values else "none in the output"))
    return score
