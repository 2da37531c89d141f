"""Name parameters of the named queries, matched like the web search: case- and accent-insensitive.

A query finds a name parameter by its `dip:nameKey` (type `name`: case-folded, indexed) or compares it
with `FILTER(LCASE(STR(?x)) = LCASE(STR(?param)))`; neither folds accents. Before binding, a value is looked up among the names the store holds
(schema:name, schema:alternateName, skos:prefLabel; not the rdfs:labels of posts and events): when one folds to the same text
(`Nunez Perez` → `Núñez Pérez`), that spelling is bound instead. When a query still gives no
row, `suggest` offers the closest names ("did you mean").
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from diplograph.queries import NamedQuery

NAMES_QUERY = """SELECT DISTINCT ?n WHERE {
  ?s <https://schema.org/name>|<https://schema.org/alternateName>|<http://www.w3.org/2004/02/skos/core#prefLabel> ?n
  FILTER(isLiteral(?n))
}"""
_COMPARED = re.compile(r"LCASE\s*\(\s*STR\s*\(\s*\?\w+\s*\)\s*\)\s*=\s*LCASE\s*\(\s*STR\s*\(\s*\?(\w+)\s*\)\s*\)",
                       re.IGNORECASE)


def fold(text: str) -> str:
    """Case- and accent-insensitive form, spaces collapsed (as the web search does)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def name_params(q: NamedQuery) -> list[str]:
    """The string parameters the query compares with a name."""
    compared = set(_COMPARED.findall(q.text))
    # `name` parameters are looked up by their dip:nameKey (case-folded, not accent-folded): the
    # stored spelling an accent-free value folds to is bound the same way.
    return [p.name for p in q.params if p.type == "name" or (p.type == "string" and p.name in compared)]


def resolve(q: NamedQuery, values: dict[str, str], names: list[str]) -> tuple[dict[str, str], list[str]]:
    """The values with each name parameter replaced by the stored spelling it folds to (if any),
    and a note per replacement."""
    by_fold: dict[str, str] = {}
    for n in sorted(names):
        by_fold.setdefault(fold(n), n)
    out, notes = dict(values), []
    for name in name_params(q):
        param = q.param(name)
        given = values.get(name, param.default if param else None)
        if given is None:
            continue
        found = by_fold.get(fold(given))
        if found is not None and found.casefold() != given.casefold():
            out[name] = found
            notes.append(f"{name}: matched {found!r}")
    return out, notes


def suggest(q: NamedQuery, values: dict[str, str], names: list[str], n: int = 3) -> dict[str, list[str]]:
    """For each name parameter, the closest stored names (folded comparison)."""
    folded: dict[str, str] = {}
    for name in sorted(names):
        folded.setdefault(fold(name), name)
    out = {}
    for name in name_params(q):
        param = q.param(name)
        given = values.get(name, param.default if param else None)
        if not given:
            continue
        close = difflib.get_close_matches(fold(given), list(folded), n=n, cutoff=0.6)
        # a part of a longer name ("Cruz" → "Ana María de la Cruz") counts too
        close += [f for f in sorted(folded) if fold(given) in f and f not in close][: max(0, n - len(close))]
        if close:
            out[name] = [folded[c] for c in close]
    return out


def names_of(rows) -> list[str]:
    """The ?n values of NAMES_QUERY's result rows (diplograph.store or pyoxigraph results)."""
    out = []
    for row in rows:
        v = row.get("n") if isinstance(row, dict) else row["n"]
        if isinstance(v, dict):
            v = v.get("value")
        elif v is not None and hasattr(v, "value"):
            v = v.value
        if v:
            out.append(v)
    return out


__all__ = ["NAMES_QUERY", "fold", "name_params", "resolve", "suggest", "names_of"]
