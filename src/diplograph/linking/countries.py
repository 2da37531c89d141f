"""Countries, territories and capitals from the cross-checked table ../shared/wikidata/countries.csv.

`plan_countries` says, for every gazetteer row the table names, which id, status, source and extra
aliases it should carry; `scripts/import_countries.py` writes that into mappings/data/gazetteer.csv
and tests/test_data_tables.py checks that the gazetteer still agrees with it. The rules (issue 14):

* a country (or a territory's `place`/`city` row) takes the table's id: `verified` where both of
  the table's sources agree, `likely` where one source has it and its Wikidata label is our label;
  otherwise the row is left as it was (never a guess);
* a capital takes the table's capital id as `likely` (one source) where the gazetteer has a city of
  that name in that country;
* rows whose id comes from the pinned list keep it (and must agree with the table);
* aliases only where safe: no abbreviations, inverted or bracketed forms, no single word unless
  it is a reviewed exonym, nothing another row already uses.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from diplograph.errors import InputError
from diplograph.linking.gazetteer import LINKABLE, GazetteerRow
from diplograph.linking.normalize import fold
from diplograph.text.gazetteer import slugify

TABLE_NAME = "countries.csv"
SOURCE_BOTH = "countries.csv (owid/owid-grapher CountriesRegions.ts; waldenn/conzept countries.js)"
SOURCE_ONE = "countries.csv (owid/owid-grapher CountriesRegions.ts; one source, label matches)"
SOURCE_CAPITAL = "countries.csv capital (waldenn/conzept countries.js; one source, name matches)"

# Table rows that name something else than the gazetteer row of the same name: VAT is Q237,
# Vatican City (the city-state), while our `holy-see` is the Holy See, the UN observer.
NOT_THE_SAME = {("country", "holy-see"): "VAT"}

# Single-word aliases of the table that are established exonyms, not words, typos or truncations.
SAFE_SINGLE_WORDS = {"Burma", "Swaziland", "Timor-Leste", "Curaçao", "Réunion", "Åland", "Macau", "Macao"}
# Forms of the table that are misspellings, truncations or name something broader/other.
UNSAFE_ALIASES = {"United Arab Em", "Saint Barthlemy", "French Guyana", "Guadaloupe", "Northern Mariana",
                  "West Bank and Gaza", "Occupied Palestinian Territory", "Palestinian Territories",
                  "Holy See", "Micronesia", "Macedonia", "Congo", "Korea", "Lao", "Pitcairn", "Autralia",
                  "TFYR Macedonia", "TFYR of Macedonia", "Timor", "Vatican", "Zaire"}
_ABBREVIATION_CHARS = set(".,&/()[]:")
# Capitals whose name many other places (or people) share: a mention is not evidence enough for the
# capital's id ("Victoria" the Australian state or a first name, Kingston upon Thames, San José in
# California, Tripoli in Lebanon, St. John's in Newfoundland, Nassau County, Santiago de Compostela).
SHARED_CAPITAL_NAMES = {"Victoria", "Kingston", "Georgetown", "Santiago", "San José", "San Jose", "Tripoli",
                        "St. John's", "Nassau", "Hamilton", "Saint John's"}
SOURCE_SHARED = "countries.csv capital {qid} left out: many places share the name"


@dataclass(frozen=True)
class CountryRecord:
    iso3: str
    name: str
    wikidata: str
    wikidata_label: str
    aliases: tuple[str, ...]
    capital: str
    capital_wikidata: str
    status: str  # verified | one-source | conflict | no-qid
    line: int

    def names(self) -> tuple[str, ...]:
        return (self.name, self.wikidata_label, *self.aliases)


@dataclass(frozen=True)
class Assignment:
    """What the table says one gazetteer row should carry."""
    kind: str
    key: str
    wikidata_id: str
    status: str
    source: str
    iso3: str
    add_aliases: tuple[str, ...] = ()
    note: str = ""  # why a row keeps what it has (pinned) or is left out


def read_countries(path: Path) -> list[CountryRecord]:
    need = {"iso3", "name", "wikidata", "wikidata_label", "aliases", "capital", "capital_wikidata", "status"}
    try:
        with Path(path).open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if not need <= set(reader.fieldnames or []):
                raise InputError(f"columns must include {sorted(need)}", path=str(path), line=1)
            return [CountryRecord(
                iso3=r["iso3"].strip(), name=r["name"].strip(), wikidata=r["wikidata"].strip(),
                wikidata_label=r["wikidata_label"].strip(),
                aliases=tuple(a.strip() for a in r["aliases"].split("|") if a.strip()),
                capital=r["capital"].strip(), capital_wikidata=r["capital_wikidata"].strip(),
                status=r["status"].strip(), line=reader.line_num) for r in reader]
    except OSError as exc:
        raise InputError(f"cannot read the countries table: {exc}", path=str(path)) from exc


def _forms(row: GazetteerRow) -> set[str]:
    return {fold(f) for f in (row.label, *row.aliases)}


def _match(row: GazetteerRow, records: list[CountryRecord]) -> CountryRecord | None:
    """The table row whose name or Wikidata label is this row's label, else one of its aliases;
    None when none or several do."""
    for wanted in ({fold(row.label)}, _forms(row)):
        hits = [r for r in records if r.wikidata and wanted & {fold(r.name), fold(r.wikidata_label)}]
        if len(hits) == 1:
            return hits[0]
        if hits:
            return None
    return None


def safe_aliases(rec: CountryRecord, row: GazetteerRow, taken: set[str]) -> tuple[str, ...]:
    out = []
    for form in (rec.wikidata_label, rec.name, *rec.aliases):
        if not form or form in UNSAFE_ALIASES or _ABBREVIATION_CHARS & set(form):
            continue
        if " " not in form and form not in SAFE_SINGLE_WORDS and not (len(form) >= 2 and form.isupper()):
            continue
        if fold(form) in taken or fold(form) in _forms(row) or form in row.demonyms:
            continue
        taken.add(fold(form))
        out.append(form)
    return tuple(out)


def _status(rec: CountryRecord, row: GazetteerRow) -> tuple[str, str] | None:
    if rec.status == "verified":
        return "verified", SOURCE_BOTH
    if rec.status == "one-source" and fold(rec.wikidata_label) == fold(row.label):
        return "likely", SOURCE_ONE
    return None


def plan_countries(rows: list[GazetteerRow], records: list[CountryRecord]) -> tuple[list[Assignment], list[str]]:
    """Assignments for the gazetteer's countries, territories and capitals, and notes on the table
    rows and gazetteer rows that are left out (with the reason)."""
    notes: list[str] = []
    out: list[Assignment] = []
    taken = {fold(f) for r in rows for f in (r.label, *r.aliases, *r.demonyms)}
    used: dict[str, str] = {}

    def assign(row: GazetteerRow, rec: CountryRecord, qid: str, status: str, source: str,
               aliases: tuple[str, ...] = ()) -> None:
        if row.source == "pinned-qids.csv" and row.wikidata_id:
            note = "pinned" if row.wikidata_id == qid else f"pinned {row.wikidata_id}, table {qid}"
            out.append(Assignment(row.kind, row.key, row.wikidata_id, row.status, row.source, rec.iso3, aliases, note))
        else:
            out.append(Assignment(row.kind, row.key, qid, status, source, rec.iso3, aliases))
        used[rec.iso3] = row.key

    countries = [r for r in rows if r.kind == "country"]
    by_key = {r.key: r for r in countries}
    for row in countries:
        if ("country", row.key) in NOT_THE_SAME:
            notes.append(f"{row.key}: left out: the table's {NOT_THE_SAME[('country', row.key)]} is another entity")
            continue
        rec = _match(row, records)
        if rec is None:
            notes.append(f"{row.key}: left out: not in {TABLE_NAME}")
            continue
        st = _status(rec, row)
        if st is None:
            notes.append(f"{row.key}: left out: {rec.iso3} is {rec.status} and its label {rec.wikidata_label!r} "
                         f"is not ours")
            continue
        assign(row, rec, rec.wikidata, *st, safe_aliases(rec, row, taken))

    # Territories (and city-states) the gazetteer has as places or cities.
    others = [r for r in rows if r.kind in ("place", "city")]
    for rec in records:
        if rec.iso3 in used or not rec.wikidata:
            continue
        hits = [r for r in others if fold(r.label) in {fold(rec.name), fold(rec.wikidata_label)}]
        if len(hits) != 1:
            continue
        st = _status(rec, hits[0])
        if st is None:
            notes.append(f"{hits[0].key}: left out: {rec.iso3} is {rec.status} and its label "
                         f"{rec.wikidata_label!r} is not ours")
            continue
        assign(hits[0], rec, rec.wikidata, *st)

    # Capitals: one source, so `likely`, and only a city of that name in that country.
    iso_by_country = {key: iso for iso, key in used.items() if key in by_key}
    rec_by_iso = {r.iso3: r for r in records}
    cities = [r for r in rows if r.kind == "city"]
    for ckey, iso in sorted(iso_by_country.items()):
        rec = rec_by_iso[iso]
        if not (rec.capital and rec.capital_wikidata):
            continue
        hits = [c for c in cities if c.country == ckey and fold(rec.capital) in _forms(c)]
        if len(hits) != 1:
            notes.append(f"{ckey}: capital {rec.capital!r} ({rec.capital_wikidata}) left out: "
                         f"{'no' if not hits else 'several'} gazetteer cities of that name in that country")
            continue
        city = hits[0]
        if rec.capital in SHARED_CAPITAL_NAMES or city.label in SHARED_CAPITAL_NAMES:
            out.append(Assignment("city", city.key, "", "no-verified-id",
                                  SOURCE_SHARED.format(qid=rec.capital_wikidata), iso))
            continue
        if city.source == "pinned-qids.csv" and city.wikidata_id:
            note = "pinned" if city.wikidata_id == rec.capital_wikidata else \
                f"pinned {city.wikidata_id}, table {rec.capital_wikidata}"
            out.append(Assignment("city", city.key, city.wikidata_id, city.status, city.source, iso, note=note))
        elif city.wikidata_id and city.status in LINKABLE and city.wikidata_id != rec.capital_wikidata:
            notes.append(f"{city.key}: keeps {city.wikidata_id}; the table's capital id is {rec.capital_wikidata}")
        else:
            out.append(Assignment("city", city.key, rec.capital_wikidata, "likely", SOURCE_CAPITAL, iso))
    return out, notes


# Territory names that are also part of other names the gazetteer lacks ("New Jersey").
UNSAFE_TERRITORY_LABELS = {"Jersey"}


def new_territories(rows: list[GazetteerRow], records: list[CountryRecord],
                    plan: list[Assignment]) -> list[dict[str, str]]:
    """Gazetteer rows (column -> value) for the table's territories the gazetteer lacks, as
    `place` rows labelled with their Wikidata label: only those a row can carry (`verified`, or
    one source whose name is that label)."""
    used = {a.iso3 for a in plan}
    keys = {r.key for r in rows if r.kind == "place"}
    taken = {fold(f) for r in rows for f in (r.label, *r.aliases, *r.demonyms)}
    out = []
    for rec in records:
        if rec.iso3 in used or not rec.wikidata or rec.wikidata_label in UNSAFE_TERRITORY_LABELS:
            continue
        if fold(rec.wikidata_label) in taken:
            continue
        if rec.status == "verified":
            status, source = "verified", SOURCE_BOTH
        elif rec.status == "one-source" and fold(rec.name) == fold(rec.wikidata_label):
            status, source = "likely", SOURCE_ONE
        else:
            continue
        key = slugify(rec.wikidata_label)
        if key in keys:
            continue
        row = GazetteerRow(key=key, kind="place", label=rec.wikidata_label)
        taken.add(fold(rec.wikidata_label))
        out.append({"key": key, "kind": "place", "label": rec.wikidata_label,
                    "aliases": "|".join(safe_aliases(rec, row, taken)), "demonyms": "",
                    "wikidata_id": rec.wikidata, "status": status, "source": source, "subtypes": "subnational",
                    "country": "", "description": f"territory (ISO 3166-1 {rec.iso3})"})
    return out
