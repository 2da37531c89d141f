"""The data tables the mapping modules read: mappings/data/gazetteer.csv and mappings/data/roles.csv.

Fast, offline checks of shape and vocabularies, and that every Wikidata id agrees with the pinned
list (../shared/wikidata/pinned-qids.csv; those checks are skipped when it is absent).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "mappings" / "data"
GAZETTEER = DATA / "gazetteer.csv"
ROLES = DATA / "roles.csv"
PINNED = REPO.parent / "shared" / "wikidata" / "pinned-qids.csv"

GAZ_HEADER = ["key", "kind", "label", "aliases", "demonyms", "wikidata_id", "status", "source", "subtypes",
              "country", "description"]
ROLE_HEADER = ["title", "aliases", "category", "implies_org"]
KINDS = {"person", "country", "city", "place", "organization", "agreement", "initiative", "topic"}
STATUSES = {"verified", "likely", "no-verified-id", "do-not-link", "unchecked"}
LINKABLE = {"verified", "likely"}
SUBTYPES = {"subnational", "building", "government", "ministry", "mission", "international", "un-organ", "un-agency", "regional", "university",
            "company", "media", "ngo", "think-tank", "court", "legislature", "vaccine", "conference"}
CATEGORIES = {"head-of-state", "head-of-government", "minister", "deputy-minister", "official", "diplomat",
              "un-official", "academic", "journalist", "other"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QID = re.compile(r"^Q[1-9][0-9]*$")
# Single words that must never be an alias on their own: too common or too ambiguous.
FORBIDDEN_ALIASES = {"America", "Council", "Secretariat", "Congress", "Assembly", "Ministry", "Foreign Ministry",
                     "Government", "Organization", "Mission", "Union", "Court", "Agenda", "Compact", "Korea",
                     "Congo", "Guardian", "Times", "Amnesty", "the", "The", "Washington State"}
# Pinned kinds that correspond to gazetteer entities (the rest are properties, classes and positions).
PINNED_ENTITY_KINDS = {"country", "place", "organization", "person", "concept"}


def fold(text: str) -> str:
    """The matching key the gazetteer matcher uses for multi-word and lower-case forms."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("´", "'").replace("‐", "-").replace("–", "-")
    text = re.sub(r"[-\s]+", " ", text)
    return text.strip().lower()


def split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


@pytest.fixture(scope="module")
def gaz() -> list[dict[str, str]]:
    header, rows = read(GAZETTEER)
    assert header == GAZ_HEADER
    return rows


@pytest.fixture(scope="module")
def roles() -> list[dict[str, str]]:
    header, rows = read(ROLES)
    assert header == ROLE_HEADER
    return rows


@pytest.fixture(scope="module")
def pinned() -> list[dict[str, str]]:
    if not PINNED.is_file():
        pytest.skip(f"{PINNED} not present")
    return read(PINNED)[1]


# ---------------------------------------------------------------- gazetteer shape and vocabularies

def test_gazetteer_is_utf8_with_exact_header() -> None:
    raw = GAZETTEER.read_bytes()
    raw.decode("utf-8")
    assert raw.split(b"\n", 1)[0].decode().rstrip("\r") == ",".join(GAZ_HEADER)


def test_every_row_is_complete(gaz) -> None:
    for row in gaz:
        assert None not in row, f"extra fields in row {row}"
        assert all(row[c] is not None for c in GAZ_HEADER), f"missing fields in row {row}"
        assert row["key"] and row["label"], row
        for col in GAZ_HEADER:
            assert row[col] == row[col].strip(), f"{row['key']}: stray whitespace in {col}"


def test_keys_are_slugs_unique_per_kind(gaz) -> None:
    seen = Counter((r["kind"], r["key"]) for r in gaz)
    dupes = [k for k, n in seen.items() if n > 1]
    assert not dupes, dupes
    bad = [r["key"] for r in gaz if not SLUG.match(r["key"])]
    assert not bad, bad


def test_kind_status_subtype_vocabularies(gaz) -> None:
    for r in gaz:
        assert r["kind"] in KINDS, (r["key"], r["kind"])
        assert r["status"] in STATUSES, (r["key"], r["status"])
        for s in split(r["subtypes"]):
            assert s in SUBTYPES, (r["key"], s)
        assert r["source"], f"{r['key']}: empty source"


def test_wikidata_ids_and_statuses_agree(gaz) -> None:
    for r in gaz:
        qid, status = r["wikidata_id"], r["status"]
        if qid:
            assert QID.match(qid), (r["key"], qid)
            assert status in LINKABLE, f"{r['key']}: id {qid} with status {status}"
            assert r["source"] and r["source"] != "unverified", f"{r['key']}: id without a source"
        else:
            assert status not in LINKABLE, f"{r['key']}: status {status} but no id"
        if status == "unchecked":
            assert not qid and r["source"] == "unverified", r["key"]


def test_demonyms_only_on_countries_and_unambiguous(gaz) -> None:
    owner: dict[str, str] = {}
    for r in gaz:
        dems = split(r["demonyms"])
        if r["kind"] != "country":
            assert not dems, f"{r['key']}: demonyms on a {r['kind']}"
        for d in dems:
            assert owner.setdefault(d, r["key"]) == r["key"], f"demonym {d!r}: {owner[d]} and {r['key']}"


def test_no_surface_form_names_two_entities_of_one_kind(gaz) -> None:
    """Labels, aliases and demonyms: exact forms, and the folded forms the matcher also uses."""
    exact: dict[tuple[str, str], str] = {}
    folded: dict[tuple[str, str], str] = {}
    clashes = []
    for r in gaz:
        forms = [r["label"]] + split(r["aliases"]) + split(r["demonyms"])
        for f in forms:
            prev = exact.setdefault((r["kind"], f), r["key"])
            if prev != r["key"]:
                clashes.append((r["kind"], f, prev, r["key"]))
            if " " in f or f.islower():
                prev = folded.setdefault((r["kind"], fold(f)), r["key"])
                if prev != r["key"]:
                    clashes.append((r["kind"], f, prev, r["key"]))
    assert not clashes, clashes


def test_no_forbidden_bare_aliases(gaz) -> None:
    bad = [(r["key"], a) for r in gaz for a in split(r["aliases"]) if a in FORBIDDEN_ALIASES]
    assert not bad, bad


def test_no_the_form_hides_a_longer_name(gaz) -> None:
    """Matching is longest-leftmost from the first word, so a form "the X" swallows "the X Y…" of
    another entity: "the UN" once hid "the UN University (Council)" and "the UN Development
    Programme". Such a form exists only when "X" alone cannot be an alias (a bare "Gulf"); the
    longer entity then carries its own "the X Y…" form."""
    from diplograph.text.gazetteer import load_gazetteer

    matcher = load_gazetteer(str(GAZETTEER))
    forms = [(r["kind"], r["key"], f) for r in gaz for f in [r["label"], *split(r["aliases"])]]
    the_forms = [(kind, key, f[4:]) for kind, key, f in forms if f.lower().startswith("the ")]
    assert any(key == "gulf-region" for _, key, _ in the_forms)  # the check has something to check
    hidden = []
    for kind, key, rest in the_forms:
        for okind, okey, other in forms:
            if okey != key and other.startswith(rest + " "):
                text = f"They met the {other} today."
                if (okind, okey) not in {(m.entry.kind, m.entry.key) for m in matcher.find(text)}:
                    hidden.append((f"the {rest}", f"{okind}:{okey} {other!r}"))
    assert not hidden, hidden
    un = next(r for r in gaz if r["key"] == "united-nations")
    assert not [a for a in split(un["aliases"]) if a.lower().startswith("the ")]


def test_referenced_country_keys_exist(gaz) -> None:
    countries = {r["key"] for r in gaz if r["kind"] == "country"}
    missing = [(r["key"], r["country"]) for r in gaz if r["country"] and r["country"] not in countries]
    assert not missing, missing
    assert not [r["key"] for r in gaz if r["kind"] == "country" and r["country"]], "a country names a country"


def test_coverage(gaz) -> None:
    kinds = Counter(r["kind"] for r in gaz)
    assert kinds["country"] >= 197  # 193 UN members, 2 observers, Kosovo, Taiwan
    for kind in KINDS:
        assert kinds[kind] > 0, kind
    keys = {(r["kind"], r["key"]) for r in gaz}
    for needed in [("country", "mexico"), ("country", "norway"), ("country", "united-states"),
                   ("country", "united-kingdom"), ("country", "holy-see"), ("country", "state-of-palestine"),
                   ("city", "mexico-city"), ("city", "new-york-city"), ("city", "geneva"),
                   ("organization", "united-nations"), ("organization", "un-security-council"),
                   ("organization", "un-general-assembly"), ("agreement", "paris-agreement"),
                   ("initiative", "un80-initiative"), ("topic", "climate-change"),
                   ("person", "juan-ramon-de-la-fuente"), ("place", "sahel")]:
        assert needed in keys, needed


@pytest.mark.parametrize("surface,kind,key", [
    ("UNSC", "organization", "un-security-council"),
    ("Security Council", "organization", "un-security-council"),
    ("General Assembly", "organization", "un-general-assembly"),
    ("U.N.", "organization", "united-nations"),
    ("Unam", "organization", "national-autonomous-university-of-mexico"),
    ("Unaids", "organization", "unaids"),
    ("Unesco", "organization", "unesco"),
    ("Unama", "organization", "unama"),
    ("G-20", "organization", "g20"),
    ("COVAX Facility", "organization", "covax"),
    ("UN Development Program", "organization", "un-development-programme"),
    ("UN University", "organization", "united-nations-university"),
    ("Department of Social and Economic Affairs", "organization", "un-department-of-economic-and-social-affairs"),
    ("Mexico Institute", "organization", "wilson-center-mexico-institute"),
    ("Matías Romero Diplomatic Academy", "organization", "matias-romero-institute"),
    ("State Department", "organization", "united-states-department-of-state"),
    ("Iran nuclear deal", "agreement", "joint-comprehensive-plan-of-action"),
    ("Global Compact on Migration", "agreement", "global-compact-for-safe-orderly-and-regular-migration"),
    ("2030 agenda", "agreement", "2030-agenda-for-sustainable-development"),
    ("Pact of the Future", "agreement", "pact-for-the-future"),
    ("UN80 initiative", "initiative", "un80-initiative"),
    ("Central America’s Northern Triangle", "place", "northern-triangle-of-central-america"),
    ("Central America's Northern Triangle", "place", "northern-triangle-of-central-america"),
    ("Britain", "country", "united-kingdom"),
    ("U.S.", "country", "united-states"),
    ("Ellen Johnson-Sirleaf", "person", "ellen-johnson-sirleaf"),
    ("Juan Ramon de la Fuente", "person", "juan-ramon-de-la-fuente"),
    ("Julian Ventura", "person", "julian-ventura"),
    ("women, peace and security", "topic", "women-peace-and-security"),
    ("New York", "city", "new-york-city"),
])
def test_seed_surface_forms_resolve(gaz, surface, kind, key) -> None:
    hits = {r["key"] for r in gaz if r["kind"] == kind and surface in [r["label"]] + split(r["aliases"])}
    assert hits == {key}, (surface, hits)


def test_demonyms_of_seed_countries(gaz) -> None:
    dem = {r["key"]: split(r["demonyms"]) for r in gaz if r["kind"] == "country"}
    for key, d in [("mexico", "Mexican"), ("norway", "Norwegian"), ("liberia", "Liberian"),
                   ("south-korea", "South Korean"), ("nigeria", "Nigerian"), ("united-states", "American"),
                   ("united-kingdom", "British"), ("new-zealand", "New Zealand")]:
        assert d in dem[key], (key, d)
    assert "America" not in split(next(r["aliases"] for r in gaz if r["key"] == "united-states"))


# ---------------------------------------------------------------- agreement with pinned-qids.csv

def _match_pinned(gaz, label: str) -> list[dict[str, str]]:
    """Gazetteer rows a pinned label names: the whole label; else the part before ' (' or the
    parenthesis as a whole ("Matías Romero Institute (Instituto Matías Romero)") or its first
    comma part ("Secretariat of Foreign Affairs (Mexico, SRE)"); else the
    ' / '-separated parts ("Women, Peace and Security agenda / UNSC Resolution 1325")."""
    index: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in gaz:
        for f in {r["label"], *split(r["aliases"])}:
            index[f.casefold()].append(r)
    hits = index.get(label.casefold(), [])
    m = re.match(r"^(.*?) \((.*)\)$", label)
    if not hits and m:
        hits = (index.get(m.group(1).casefold(), []) or index.get(m.group(2).casefold(), [])
                or index.get(f"{m.group(1)} ({m.group(2).split(', ')[0]})".casefold(), []))
    if not hits and " / " in label:
        hits = [r for part in label.split(" / ") for r in index.get(part.casefold(), [])]
    return hits


def test_ids_copied_from_pinned_match_it(gaz, pinned) -> None:
    by_qid = {p["wikidata_id"]: p for p in pinned if p["wikidata_id"]}
    for r in gaz:
        if r["source"] == "pinned-qids.csv" and r["wikidata_id"]:
            p = by_qid.get(r["wikidata_id"])
            assert p, f"{r['key']}: {r['wikidata_id']} is not in pinned-qids.csv"
            assert p["status"] == r["status"], (r["key"], p["status"], r["status"])


def test_pinned_entities_are_in_the_gazetteer_with_the_same_id(gaz, pinned) -> None:
    missing, wrong = [], []
    for p in pinned:
        if p["kind"] not in PINNED_ENTITY_KINDS:
            continue
        hits = _match_pinned(gaz, p["label"])
        if not hits:
            missing.append(p["label"])
            continue
        for r in hits:
            if r["wikidata_id"] != p["wikidata_id"] or r["status"] != p["status"]:
                wrong.append((p["label"], r["kind"], r["key"], r["wikidata_id"], r["status"]))
    assert not missing, missing
    assert not wrong, wrong


def test_every_verified_id_comes_from_a_named_source(gaz, pinned) -> None:
    pinned_ids = {p["wikidata_id"] for p in pinned if p["wikidata_id"]}
    for r in gaz:
        if r["wikidata_id"] and r["wikidata_id"] not in pinned_ids:
            # verified outside the pinned list: the source must say where
            assert r["source"] not in ("", "unverified", "pinned-qids.csv"), r["key"]


# ---------------------------------------------------------------- roles

def test_roles_shape_and_vocabulary(roles, gaz) -> None:
    orgs = {r["key"] for r in gaz if r["kind"] == "organization"}
    titles = Counter(r["title"] for r in roles)
    assert not [t for t, n in titles.items() if n > 1]
    for r in roles:
        assert None not in r and r["title"], r
        assert r["category"] in CATEGORIES, (r["title"], r["category"])
        if r["implies_org"]:
            assert r["implies_org"] in orgs, (r["title"], r["implies_org"])


def test_role_forms_are_unambiguous(roles) -> None:
    owner: dict[str, str] = {}
    for r in roles:
        for f in [r["title"]] + split(r["aliases"]):
            low = fold(f)
            assert owner.setdefault(low, r["title"]) == r["title"], f"{f!r}: {owner[low]} and {r['title']}"
            # the role regex is \b-delimited: a form must start and end with a word character
            assert re.match(r"^\w.*\w$|^\w$", f), f


def test_role_titles_the_grammar_needs(roles) -> None:
    forms = {fold(f) for r in roles for f in [r["title"]] + split(r["aliases"])}
    for t in ["President", "Prime Minister", "Foreign Minister", "Deputy Foreign Minister", "State Secretary",
              "Under-Secretary", "Undersecretary", "Under Secretary", "Deputy Secretary of Foreign Affairs",
              "Secretary of Health", "Foreign Affairs Secretary", "Secretary-General", "Secretary General",
              "Director-General", "Ambassador", "Permanent Representative", "Deputy Permanent Representative",
              "Deputy Ambassador", "Chargé d'affaires", "Political Coordinator", "Head of State", "Rector", "Dean",
              "Chairman", "Vice President", "Adviser", "Advisor", "Trade Minister", "Reporter"]:
        assert fold(t) in forms, t


# ---------------------------------------------------------------- Wikidata ids (issue 14)

COUNTRIES = REPO.parent / "shared" / "wikidata" / "countries.csv"
SLICE = DATA / "wikidata-slice.ttl"


def test_each_wikidata_id_names_one_entity(gaz) -> None:
    owners: dict[str, list[str]] = defaultdict(list)
    for r in gaz:
        if r["wikidata_id"]:
            owners[r["wikidata_id"]].append(f"{r['kind']}:{r['key']}")
    assert not {q: o for q, o in owners.items() if len(o) > 1}


def test_ids_are_slice_items_of_the_right_kind(gaz) -> None:
    """Every verified/likely id is a linkable item of the committed slice (rebuild it with `diplograph
    links slice --rebuild` after editing the gazetteer) whose kind can stand for the row's kind."""
    from diplograph.linking.linker import type_factor
    from diplograph.linking.slice import load_slice

    data = load_slice(SLICE)
    bad = []
    for r in gaz:
        if r["wikidata_id"] and r["status"] in LINKABLE:
            item = data.get(r["wikidata_id"])
            if item is None or not item.linkable or r["key"] not in item.keys:
                bad.append((r["key"], r["wikidata_id"], "not a linkable slice item with this key"))
            elif (type_factor(r["kind"], item) <= 0 and not (r["kind"] == "topic" and item.kind == "class")
                  or (r["kind"] == "country") != (item.kind == "country")):  # a topic may be a class on purpose
                bad.append((r["key"], r["wikidata_id"], f"a {r['kind']} cannot be the {item.kind} item"))
    assert not bad, bad


def test_ids_outside_the_pinned_list_name_their_sources(gaz) -> None:
    """verified: two public sources that agree ("a; b"); likely: the one source; an entity looked up
    without a verified id (no-verified-id) says where it was looked up or why none was taken."""
    for r in gaz:
        if r["source"] == "pinned-qids.csv":
            continue
        if r["status"] == "verified":
            assert len([s for s in r["source"].split(";") if s.strip()]) >= 2, (r["key"], r["source"])
        if r["status"] in ("likely", "no-verified-id"):
            assert r["source"] not in ("", "unverified") and len(r["source"]) > 12, (r["key"], r["source"])


def test_un_members_and_observers_carry_an_id(gaz) -> None:
    countries = {r["key"]: r for r in gaz if r["kind"] == "country"}
    without = sorted(k for k, r in countries.items() if not r["wikidata_id"])
    # The Holy See: the table's VAT row is Vatican City (Q237), another entity; Kosovo is not in it.
    assert without == ["holy-see", "kosovo"], without


@pytest.fixture(scope="module")
def countries_table():
    if not COUNTRIES.is_file():
        pytest.skip(f"{COUNTRIES} not present")
    from diplograph.linking.countries import read_countries

    return read_countries(COUNTRIES)


def test_country_ids_agree_with_countries_table(countries_table) -> None:
    """Rerunning scripts/import_countries.py changes nothing: every country, territory and capital
    carries the table's id with the status its sources give (verified / likely), pinned ids agree."""
    from diplograph.linking.countries import new_territories, plan_countries
    from diplograph.linking.gazetteer import read_gazetteer

    rows = read_gazetteer(GAZETTEER)
    plan, _ = plan_countries(rows, countries_table)
    by_key = {(r.kind, r.key): r for r in rows}
    diff = [(a.kind, a.key, a.wikidata_id, a.status) for a in plan
            if (by_key[(a.kind, a.key)].wikidata_id, by_key[(a.kind, a.key)].status) != (a.wikidata_id, a.status)]
    assert not diff, diff
    assert not [a for a in plan if a.note and a.note != "pinned"], "a pinned id disagrees with countries.csv"
    assert not new_territories(rows, countries_table, plan)
    table_ids = {rec.wikidata for rec in countries_table} | {rec.capital_wikidata for rec in countries_table}
    for r in rows:
        if r.source.startswith("countries.csv") and r.wikidata_id:
            assert r.wikidata_id in table_ids, r.key
    assert len([a for a in plan if a.kind == "country"]) >= 195


def test_country_aliases_from_the_table_are_safe(countries_table) -> None:
    """The table's aliases the import takes: no abbreviations, inverted or bracketed forms, no typos
    or bare words ("Congo", "Micronesia"), no single word unless a reviewed exonym or an acronym."""
    from diplograph.linking.countries import SAFE_SINGLE_WORDS, UNSAFE_ALIASES, safe_aliases
    from diplograph.linking.gazetteer import GazetteerRow

    taken: set[str] = set()
    taken_forms = [a for rec in countries_table for a in safe_aliases(rec, GazetteerRow(key="x", kind="country",
                                                                                         label=""), taken)]
    assert "Ivory Coast" in taken_forms and "Burma" in taken_forms  # the check has something to check
    for a in taken_forms:
        assert a not in UNSAFE_ALIASES and a not in FORBIDDEN_ALIASES, a
        assert not re.search(r"[.,&/()\[\]:]", a), a
        assert " " in a or a in SAFE_SINGLE_WORDS or a.isupper(), a


@pytest.mark.parametrize("text, key", [
    ("They reaffirmed their support for the Commonwealth.", "commonwealth-of-nations"),
    ("The Commonwealth of Australia signed.", "australia"),
    ("Leaders of the Commonwealth of Independent States met.", "commonwealth-of-independent-states"),
    ("Officials of the Commonwealth of Puerto Rico spoke.", "puerto-rico"),
])
def test_the_commonwealth_is_the_commonwealth_of_nations_only_alone(text, key):
    from diplograph.text.gazetteer import load_gazetteer

    hits = [m.entry.key for m in load_gazetteer(str(GAZETTEER)).find(text) if "ommonwealth" in m.surface]
    assert hits == [key], hits
