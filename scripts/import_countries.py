#!/usr/bin/env python3
"""Bring the ids of ../shared/wikidata/countries.csv into mappings/data/gazetteer.csv.

usage: scripts/import_countries.py [COUNTRIES_CSV] [--dry-run]

Countries and territories get the table's id (verified / likely), capitals the table's capital id
(likely), with the safe aliases (diplograph.linking.countries says which). Rows are rewritten in
place, nothing else changes; rerun `diplograph links slice --rebuild` afterwards. Prints what it
changed and what it left out (and why) on stderr.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from diplograph.linking.countries import new_territories, plan_countries, read_countries  # noqa: E402
from diplograph.linking.gazetteer import read_gazetteer  # noqa: E402

GAZETTEER = REPO / "mappings" / "data" / "gazetteer.csv"


def main(argv: list[str]) -> int:
    dry = "--dry-run" in argv
    args = [a for a in argv if a != "--dry-run"]
    table = Path(args[0]) if args else REPO.parent / "shared" / "wikidata" / "countries.csv"
    gaz, records = read_gazetteer(GAZETTEER), read_countries(table)
    plan, notes = plan_countries(gaz, records)
    added = new_territories(gaz, records, plan)
    by_key = {(a.kind, a.key): a for a in plan}
    raw = GAZETTEER.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(raw)))
    head = rows[0]
    col = {c: i for i, c in enumerate(head)}
    changed = 0
    for row in rows[1:]:
        a = by_key.get((row[col["kind"]], row[col["key"]]))
        if a is None:
            continue
        before = list(row)
        row[col["wikidata_id"]], row[col["status"]], row[col["source"]] = a.wikidata_id, a.status, a.source
        aliases = [x for x in row[col["aliases"]].split("|") if x]
        aliases += [x for x in a.add_aliases if x not in aliases]
        row[col["aliases"]] = "|".join(aliases)
        if row != before:
            changed += 1
            print(f"{a.kind}:{a.key}: {a.wikidata_id} {a.status}"
                  + (f" +aliases {'|'.join(a.add_aliases)}" if a.add_aliases else "")
                  + (f" ({a.note})" if a.note else ""), file=sys.stderr)
        elif a.note and a.note != "pinned":
            print(f"{a.kind}:{a.key}: {a.note}", file=sys.stderr)
    for new in added:
        # keep the place block sorted by key
        places = [i for i, r in enumerate(rows) if i and r[col["kind"]] == "place"]
        at = next((i for i in places if rows[i][col["key"]] > new["key"]), places[-1] + 1)
        rows.insert(at, [new[c] for c in head])
        print(f"place:{new['key']}: new row, {new['wikidata_id']} {new['status']}", file=sys.stderr)
    for n in notes:
        print(f"note: {n}", file=sys.stderr)
    print(f"{changed} rows changed, {len(added)} added; {len(plan) + len(added)} rows carry the table's ids",
          file=sys.stderr)
    if not dry:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        GAZETTEER.write_text(out.getvalue(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
