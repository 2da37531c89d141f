"""The reconciliation service (/reconcile): every response validated against the W3C Reconciliation
API 0.2 JSON Schemas (../shared/reconciliation-api-0.2/, offline), the matches on the seeds'
published output, suggest, preview, data extension and bad requests.

The OpenRefine client test is tests/test_reconcile_openrefine.py.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest

with warnings.catch_warnings():  # starlette 1.x suggests httpx2 for its test client
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from diplograph.web import create_app
from diplograph.web.describe import Dataset, PostRow
from diplograph.web.reconcile import latest_post
from diplograph.web.reconcile_routes import MAX_BATCH

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO.parent / "shared" / "reconciliation-api-0.2"

# The spreadsheet: names as a newsroom would type them, with a country column.
SPREADSHEET = [("Enrique Ochoa", "Mexico", "person/enrique-ochoa"),
               ("Kravik", "Norway", "person/andreas-motzfeld-kravik"),
               ("Juan Ramon de la Fuente", "Mexico", "person/juan-ramon-de-la-fuente"),
               ("Zorblat Quenton", "Mexico", None)]


class Schemas:
    """The nine schemas registered under their $id, so that `type.json` resolves offline (Draft 7:
    the schemas declare no draft, and manifest.json needs `contains`)."""

    def __init__(self, folder: Path):
        from jsonschema import Draft7Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT7

        self.docs = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}
        registry = Registry().with_resources(
            (doc["$id"], Resource(doc, specification=DRAFT7)) for doc in self.docs.values())
        self.validators = {name: Draft7Validator(doc, registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER)
                           for name, doc in self.docs.items()}

    def check(self, name: str, data) -> None:
        errors = sorted(self.validators[name].iter_errors(data), key=lambda e: list(e.path))
        assert not errors, f"{name}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


@pytest.fixture(scope="module")
def schemas() -> Schemas:
    if not (SCHEMAS / "manifest.json").is_file():
        pytest.skip(f"the Reconciliation API schemas are not at {SCHEMAS} (shared/ beside the checkout)")
    return Schemas(SCHEMAS)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(REPO / "output", ontology_path=REPO / "ontology" / "diplograph.ttl", warm=True))


def reconcile(client, queries: dict, schemas: Schemas | None = None, via: str = "post") -> dict:
    if via == "post":
        r = client.post("/reconcile", data={"queries": json.dumps(queries)})
    else:
        r = client.get("/reconcile", params={"queries": json.dumps(queries)})
    assert r.status_code == 200, r.text
    assert r.headers["access-control-allow-origin"] == "*"
    data = r.json()
    if schemas:
        schemas.check("reconciliation-result-batch.json", data)
    return data


def test_manifest_validates(client, schemas):
    r = client.get("/reconcile")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    m = r.json()
    schemas.check("manifest.json", m)
    assert "0.2" in m["versions"]
    assert m["identifierSpace"] == "https://w3id.org/diplograph/id/"
    assert m["schemaSpace"] == "https://w3id.org/diplograph/ontology#"
    assert m["view"]["url"] == "http://testserver/id/{{id}}"
    assert [t["id"] for t in m["defaultTypes"]] == ["Person", "Country", "Organization", "Post", "Event", "Document"]
    # the view template leads to the entity's page
    assert client.get(m["view"]["url"].replace("{{id}}", "person/enrique-ochoa")).status_code == 200
    for service in ("entity", "type", "property"):
        s = m["suggest"][service]
        assert client.get(s["service_url"].replace("http://testserver", "") + s["service_path"],
                          params={"prefix": "m"}).status_code == 200


@pytest.mark.parametrize("via", ["post", "get"])
def test_the_spreadsheet_reconciles_to_the_right_entities(client, schemas, via):
    queries = {f"q{i}": {"query": name, "type": "Person", "limit": 5,
                         "properties": [{"pid": "country", "v": country}]}
               for i, (name, country, _) in enumerate(SPREADSHEET)}
    data = reconcile(client, queries, schemas, via)
    for i, (name, _, expected) in enumerate(SPREADSHEET):
        result = data[f"q{i}"]["result"]
        if expected is None:
            assert not any(c["match"] for c in result), (name, result)
            continue
        best = result[0]
        assert best["id"] == expected and best["match"] is True, (name, result)
        assert best["type"] == [{"id": "Person", "name": "Person"}]
        assert {"id": "country", "value": True} in best["features"]
    # the description says the latest post and the country
    first = data["q0"]["result"][0]
    assert first["description"].startswith("Under-Secretary for Multilateral Affairs") and "Mexico" in first["description"]


def test_without_type_or_properties_and_with_a_title(client, schemas):
    data = reconcile(client, {"a": {"query": "ENRIQUE OCHOA"}, "b": {"query": "Ambassador Kravik", "type": "Person"},
                              "c": {"query": "Mexico"}, "d": {"query": "Mexico", "type": "Person"},
                              "e": {"query": "   "}}, schemas)
    assert data["a"]["result"][0]["id"] == "person/enrique-ochoa" and data["a"]["result"][0]["match"]
    b = data["b"]["result"][0]
    assert b["id"] == "person/andreas-motzfeld-kravik" and b["match"]  # title stripped, then the alias
    assert data["c"]["result"][0]["id"] == "country/mexico"
    assert all(c["id"].startswith("person/") for c in data["d"]["result"])  # the type restricts
    assert data["e"]["result"] == []


def test_a_disagreeing_country_is_never_certain(client, schemas):
    data = reconcile(client, {"x": {"query": "Enrique Ochoa", "type": "Person",
                                    "properties": [{"pid": "country", "v": "Norway"}]},
                              "y": {"query": "Enrique Ochoa", "type": "Person",
                                    "properties": [{"pid": "country", "v": {"id": "country/mexico"}}]}}, schemas)
    x, y = data["x"]["result"][0], data["y"]["result"][0]
    assert x["id"] == y["id"] == "person/enrique-ochoa"
    assert x["match"] is False and {"id": "country", "value": False} in x["features"]
    assert y["match"] is True and x["score"] < y["score"]


def test_a_surname_alone_is_not_certain_when_two_entities_have_it(client, schemas):
    # No two seed persons share a surname: a store of two namesakes shows it.
    ds = _tiny_dataset([("ana-lopez", "Ana López", "López"), ("jose-lopez", "José López", "López")])
    c = TestClient(create_app(dataset=ds))
    data = reconcile(c, {"q": {"query": "Lopez", "type": "Person"}}, schemas)
    result = data["q"]["result"]
    assert {r["id"] for r in result} == {"person/ana-lopez", "person/jose-lopez"}
    assert not any(r["match"] for r in result)


def test_suggest_services_validate(client, schemas):
    r = client.get("/reconcile/suggest/entity", params={"prefix": "fuen"}).json()
    schemas.check("suggest-entities-response.json", r)
    assert r["result"][0]["id"] == "person/juan-ramon-de-la-fuente"  # a word of the name, persons first
    r = client.get("/reconcile/suggest/entity", params={"prefix": "Krav", "type": "Person"}).json()
    schemas.check("suggest-entities-response.json", r)
    assert [e["id"] for e in r["result"]] == ["person/andreas-motzfeld-kravik"]
    assert client.get("/reconcile/suggest/entity", params={"prefix": ""}).json() == {"result": []}
    r = client.get("/reconcile/suggest/type", params={"prefix": "Co"}).json()
    schemas.check("suggest-types-response.json", r)
    assert [t["id"] for t in r["result"]] == ["Country"]
    r = client.get("/reconcile/suggest/property", params={"prefix": "coun"}).json()
    schemas.check("suggest-properties-response.json", r)
    assert [p["id"] for p in r["result"]] == ["country"]


def test_data_extension_validates_and_fills_the_columns(client, schemas):
    props = ["post", "organization", "country", "wikidata", "startDate", "documents", "source"]
    query = {"ids": ["person/enrique-ochoa", "person/juan-ramon-de-la-fuente", "country/mexico", "person/nobody"],
             "properties": [{"id": p} for p in props]}
    schemas.check("data-extension-query.json", query)
    r = client.post("/reconcile", data={"extend": json.dumps(query)})
    assert r.status_code == 200
    data = r.json()
    schemas.check("data-extension-response.json", data)
    assert [m["id"] for m in data["meta"]] == props
    ochoa = data["rows"]["person/enrique-ochoa"]
    assert ochoa["post"][0]["name"] == "Under-Secretary for Multilateral Affairs and Human Rights"
    assert ochoa["country"] == [{"id": "country/mexico", "name": "Mexico"}]
    assert ochoa["documents"] == [{"int": 2}]
    assert ochoa["source"][0]["str"].startswith("https://w3id.org/diplograph/id/document/")
    fuente = data["rows"]["person/juan-ramon-de-la-fuente"]
    assert fuente["organization"][0]["id"] == "organization/permanent-mission-of-mexico-to-the-united-nations"
    assert fuente["country"][0]["id"] == "country/mexico" and fuente["startDate"] == [{"str": "2019-02"}]
    assert data["rows"]["country/mexico"]["wikidata"] == [{"str": "Q96"}]
    assert all(v == [] for v in data["rows"]["person/nobody"].values())
    r = client.get("/reconcile/propose_properties", params={"type": "Person"}).json()
    assert r["type"] == "Person" and {"post", "country", "wikidata", "documents", "source"} <= {p["id"] for p in r["properties"]}


def test_preview_card(client):
    r = client.get("/reconcile/preview", params={"id": "person/enrique-ochoa"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Enrique Ochoa" in r.text and 'href="/id/person/enrique-ochoa"' in r.text and "Mexico" in r.text
    assert "<script" not in r.text and "http" not in r.text.split("<body>", 1)[1]  # nothing from elsewhere
    assert client.get("/reconcile/preview", params={"id": "person/nobody"}).status_code == 404


def test_preview_escapes_names():
    ds = _tiny_dataset([("odd", "Ana <b>Bold</b> & \"Co\"", None)])
    r = TestClient(create_app(dataset=ds)).get("/reconcile/preview", params={"id": "person/odd"})
    assert "<b>" not in r.text and "Ana &lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Co&quot;" in r.text


@pytest.mark.parametrize("form, message", [
    ({"queries": "{not json"}, "not JSON"),
    ({"queries": "[1]"}, "needs a `query` string"),
    ({"queries": json.dumps({"a": {"query": "x", "limit": "ten"}})}, "`limit` must be a number"),
    ({"queries": json.dumps({"a": {"query": "x", "properties": [{"v": "x"}]}})}, "`pid` and `v`"),
    ({"queries": json.dumps({f"q{i}": {"query": "x"} for i in range(MAX_BATCH + 1)})}, f"at most {MAX_BATCH}"),
    ({"queries": json.dumps({"a": {"query": "x" * 501}})}, "longer than 500 characters"),
    ({"extend": json.dumps({"ids": "person/x"})}, "`extend` must be"),
])
def test_bad_requests_are_400_with_a_message(client, form, message):
    r = client.post("/reconcile", data=form)
    assert r.status_code == 400 and message in r.json()["error"]


def test_multipart_form_is_a_400_not_a_crash(client):
    r = client.post("/reconcile", files={"queries": ("q.json", b'{"a": {"query": "x"}}')})
    assert r.status_code == 400 and "urlencoded" in r.json()["error"]


def test_an_empty_property_value_is_no_property(client, schemas):
    data = reconcile(client, {"q": {"query": "Enrique Ochoa", "type": "Person",
                                    "properties": [{"pid": "country", "v": ""}]}}, schemas)
    assert data["q"]["result"][0]["match"] is True


def test_jsonp_callback_and_json_body(client, schemas):
    r = client.get("/reconcile", params={"callback": "jQuery123_456"})
    assert r.text.startswith("jQuery123_456(") and r.text.endswith(");")
    assert r.headers["content-type"].startswith("text/javascript")
    assert client.get("/reconcile", params={"callback": "alert(1)//"}).headers["content-type"].startswith("application/json")
    pre = client.options("/reconcile", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert pre.status_code == 204 and pre.headers["access-control-allow-origin"] == "*"
    r = client.post("/reconcile", content=json.dumps({"a": {"query": "Kravik"}}), headers={"content-type": "application/json"})
    schemas.check("reconciliation-result-batch.json", r.json())
    assert r.json()["a"]["result"][0]["id"] == "person/andreas-motzfeld-kravik"


def test_latest_post_prefers_current_dated_posts():
    def row(role, start=None, end=None, attested=None, former=False):
        return PostRow(f"p/{role}", role, None, start, end, attested, former)

    assert latest_post([]) is None
    assert latest_post([row("a", "2019"), row("b", attested="2021-11-02"), row("c", "2010", "2012")]).role == "b"
    assert latest_post([row("old", "2001", "2004"), row("older", "1990", "1994")]).role == "old"
    assert latest_post([row("undated"), row("dated", "2015")]).role == "dated"
    assert latest_post([row("gone", "2020", former=True), row("undated")]).role == "undated"


def _tiny_dataset(people: list[tuple[str, str, str | None]]) -> Dataset:
    base = "https://w3id.org/diplograph/id"
    name = ox.NamedNode("https://schema.org/name")
    store = ox.Store()
    for slug, full, alias in people:
        node = ox.NamedNode(f"{base}/person/{slug}")
        store.add(ox.Quad(node, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                          ox.NamedNode("https://w3id.org/diplograph/ontology#Person")))
        store.add(ox.Quad(node, name, ox.Literal(full)))
        if alias:
            store.add(ox.Quad(node, ox.NamedNode("https://schema.org/alternateName"), ox.Literal(alias)))
    return Dataset(store, base)


def test_a_misspelt_name_finds_the_entity_but_is_not_certain(client, schemas):
    """The linker's spelling fallback, run over the entities sharing trigrams with the query."""
    data = reconcile(client, {"q": {"query": "Andreas Motzfeld Kravick", "type": "Person"}}, schemas)
    best = data["q"]["result"][0]
    assert best["id"] == "person/andreas-motzfeld-kravik" and not best["match"] and 80 <= best["score"] < 95
