#!/usr/bin/env python3
"""How many of the countries the gold files name carry their countries.csv id in a build.

usage: scripts/measure_country_links.py OUTPUT_DIR [GOLD_DIR]

After `diplograph build --seeds ../shared/devset/docs --output OUTPUT_DIR --keep-going`: for each
gold file's Country entities, whether the document's graph (OUTPUT_DIR/graphs/STEM.ttl) has an
owl:sameAs to the id countries.csv gives that name; and every country node of the dataset whose id
differs from countries.csv's (a wrong id). Needs PyYAML and pyoxigraph (the project's environment).
"""
import csv
import re
import sys
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import yaml

REPO = Path(__file__).resolve().parents[1]
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
COUNTRIES_QUERY = """PREFIX schema: <https://schema.org/> PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?c ?n ?q WHERE { ?c a schema:Country ; schema:name ?n . OPTIONAL { ?c owl:sameAs ?q } }"""


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\s+", " ", s).strip()


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    gold = Path(argv[1]) if len(argv) > 1 else REPO.parent / "shared" / "devset" / "gold"
    table = gold.parent.parent / "wikidata" / "countries.csv"
    by_name: dict[str, str] = {}
    for r in csv.DictReader(table.open(encoding="utf-8")):
        if r["wikidata"]:
            for n in [r["name"], r["wikidata_label"], *r["aliases"].split("|")]:
                if n:
                    by_name.setdefault(fold(n), r["wikidata"])
    pairs = hits = 0
    missing = []
    per_country: dict[str, list[bool]] = {}
    for g in sorted(gold.glob("*.gold.yaml")):
        stem = g.name[:-len(".gold.yaml")]
        graph = out / "graphs" / f"{stem}.ttl"
        qids = set()
        if graph.exists():
            qids = {t.object.value.rsplit("/", 1)[1] for t in ox.parse(path=str(graph), format=ox.RdfFormat.TURTLE)
                    if t.predicate.value == SAME_AS}
        for e in yaml.safe_load(g.read_text(encoding="utf-8")).get("entities", []):
            if e.get("type") != "Country":
                continue
            names = [e["name"], *(e.get("aliases") or [])]
            want = next((by_name[fold(n)] for n in names if fold(n) in by_name), None)
            ok = want in qids
            pairs += 1
            hits += ok
            per_country.setdefault(e["name"], []).append(ok)
            if not ok:
                missing.append((stem, e["name"], want, "" if graph.exists() else "no graph"))
    store = ox.Store()
    from diplograph.dumpfiles import dump_files

    for path in dump_files(out, "dataset.ttl"):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    wrong, nodes = [], 0
    for r in store.query(COUNTRIES_QUERY):
        nodes += 1
        got = r["q"].value.rsplit("/", 1)[1] if r["q"] else None
        want = by_name.get(fold(r["n"].value))
        if got and want and got != want:
            wrong.append((r["n"].value, got, want))
    print(f"gold country mentions (document, country): {hits}/{pairs} = {100 * hits / pairs:.1f} % carry the "
          f"countries.csv id")
    print(f"distinct gold countries linked in every document naming them: "
          f"{sum(all(v) for v in per_country.values())}/{len(per_country)}")
    for m in missing:
        print("  missing:", *m)
    print(f"country nodes in the build: {nodes}; with an id other than countries.csv's: {len(wrong)} {wrong}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
