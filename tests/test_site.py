"""`diplograph site`: static pages + RDF files per resource + nginx/Apache negotiation config."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import rdflib
from bs4 import BeautifulSoup
from click.testing import CliRunner

from diplograph.cli import cli
from test_web import BASE, TEXT, write_fixture


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("site") / "output")


def run_site(published: Path, out: Path, *extra: str):
    result = CliRunner().invoke(cli, ["site", str(out), "--input", str(published), "--ontology",
                                      str(published.parent / "ontology.ttl"), "--quiet", *extra])
    return result


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(published, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "site"
    result = run_site(published, out, "--base-url", "https://example.org/")
    assert result.exit_code == 0, result.output
    return out


def test_layout(site):
    for rel in ("index.html", "404.html", "types/index.html", "types/person.html", "ontology.html", "ontology.ttl",
                "void.html", "void.ttl", "void.jsonld", "static/style.css", "nginx.conf", ".htaccess",
                "id/person/ada-example.html", "id/person/ada-example.ttl", "id/person/ada-example.jsonld",
                "id/person/ada-example.nt", "id/document/900_fixture.html", "id/city/東京.html"):
        assert (site / rel).is_file(), rel
    g = rdflib.Graph().parse(site / "id/person/ada-example.ttl", format="turtle")
    assert (rdflib.URIRef(f"{BASE}/person/ada-example"), None, None) in g
    assert len(rdflib.Graph().parse(data=(site / "id/person/ada-example.jsonld").read_bytes(), format="json-ld")) == len(g)
    assert len(rdflib.Graph().parse(site / "id/person/ada-example.nt", format="nt")) == len(g)


def test_pages_link_only_inside_the_site(site):
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("script") is None, page
        for tag in soup.find_all(src=True):
            pytest.fail(f"{page}: loads {tag['src']}")
        for tag in soup.find_all(href=True):
            href = tag["href"]
            if href.startswith(("http://", "https://", "//")):
                assert "wikidata.org" in href and tag.name == "a", (page, href)
                continue
            if href.startswith("#"):
                continue
            path = unquote(urlsplit(href).path)
            assert path.startswith("/"), (page, href)
            target = site / path.lstrip("/")
            ok = target.is_file() or Path(str(target) + ".html").is_file() or (target / "index.html").is_file()
            assert ok, (page, href)


def test_document_page_escaped(site):
    html = (site / "id/document/900_fixture.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("div.doctext").get_text() == TEXT
    assert soup.select_one("form.search") is None  # no server: no search form, no SPARQL link


def test_server_config(site):
    nginx = (site / "nginx.conf").read_text()
    assert "map $http_accept $diplograph_ext" in nginx
    assert "try_files $uri$diplograph_ext" in nginx and "add_header Vary Accept" in nginx
    assert nginx.count("{") == nginx.count("}")
    ht = (site / ".htaccess").read_text()
    assert "RewriteCond %{HTTP_ACCEPT}" in ht and "RewriteRule ^(.+)$ $1.ttl [L]" in ht
    assert "AddType text/turtle .ttl" in ht and "Header append Vary Accept" in ht


def test_deterministic_and_rerunnable(published, site, tmp_path):
    again = tmp_path / "again"
    assert run_site(published, again, "--base-url", "https://example.org/").exit_code == 0
    assert tree(again) == tree(site)
    # a second run into the same folder replaces it
    assert run_site(published, again, "--base-url", "https://example.org/").exit_code == 0
    assert tree(again) == tree(site)


def test_base_url_with_a_path(published, tmp_path):
    out = tmp_path / "sub"
    assert run_site(published, out, "--base-url", "https://example.org/diplograph/").exit_code == 0
    soup = BeautifulSoup((out / "id/person/ada-example.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in soup.find_all(href=True) if not a["href"].startswith("http")]
    assert hrefs and all(h.startswith("/diplograph/") for h in hrefs)
    assert "location /diplograph/id/" in (out / "nginx.conf").read_text()
    assert "RewriteBase /diplograph/" in (out / ".htaccess").read_text()


def test_refuses_a_foreign_folder(published, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    result = run_site(published, out)
    assert result.exit_code == 3
    assert (out / "precious.txt").read_text() == "keep me"
