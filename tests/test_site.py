"""`diplograph site`: static pages + RDF files per resource + nginx/Apache negotiation config."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx
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
                assert tag.name == "a" and ("wikidata.org" in href or "source-url" in tag["class"]), (page, href)
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


def test_server_name_is_a_placeholder_or_the_sites_host(published, tmp_path, site):
    assert "server_name example.org;" in (site / "nginx.conf").read_text()
    out = tmp_path / "default"
    assert run_site(published, out).exit_code == 0
    conf = (out / "nginx.conf").read_text()
    assert "server_name _;" in conf and "w3id.org" not in conf.split("server {", 1)[1]
    out = tmp_path / "named"
    assert run_site(published, out, "--server-name", "data.example.net").exit_code == 0
    assert "server_name data.example.net;" in (out / "nginx.conf").read_text()


def test_404_in_every_format(site):
    assert json.loads((site / "404.jsonld").read_text())["@graph"] == []
    assert len(rdflib.Graph().parse(site / "404.ttl", format="turtle")) == 0
    assert len(rdflib.Graph().parse(site / "404.nt", format="nt")) == 0
    ht = (site / ".htaccess").read_text()
    assert "ErrorDocument 404 /404.ttl" in ht and "Header set Link" in ht and "%{THE_REQUEST}" in ht


# --------------------------------------------------------------------------------------------------
# The generated nginx.conf under a real nginx (skipped where nginx is not installed)

def run_paginated_site(published: Path, out: Path):
    """The site under /diplograph/, one resource per list page (types/person.html beside the
    folder types/person/ of the next pages)."""
    from diplograph.web import render

    size, render.LIST_PAGE = render.LIST_PAGE, 1
    try:
        return run_site(published, out, "--base-url", "https://example.org/diplograph/")
    finally:
        render.LIST_PAGE = size


@contextlib.contextmanager
def running(cmd: list[str], url: str, error_log: Path, name: str):
    """Start a server process, wait (10 s at most) until `url` answers, stop it afterwards."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while True:
            if proc.poll() is not None:
                log = error_log.read_text() if error_log.exists() else ""
                pytest.fail(f"{name} exited: " + proc.stdout.read().decode(errors="replace") + log)
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, f"{name} did not start within 10 s"
                time.sleep(0.05)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        proc.stdout.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).is_file()), None)


@pytest.fixture(scope="module")
def nginx_site(published, tmp_path_factory):
    nginx = _nginx()
    if nginx is None:
        pytest.skip("nginx is not installed (apt-get install -y nginx-light)")
    tmp = tmp_path_factory.mktemp("nginx")
    www = tmp / "www"
    result = run_paginated_site(published, www / "diplograph")
    assert result.exit_code == 0, result.output
    with nginx_serving(nginx, www, www / "diplograph", tmp) as client:
        yield client, www / "diplograph"


@contextlib.contextmanager
def nginx_serving(nginx: str, www: Path, site_dir: Path, tmp: Path):
    """A real nginx on a free port of 127.0.0.1 with the site's own nginx.conf (root: `www`)."""
    port = free_port()
    conf = (site_dir / "nginx.conf").read_text()
    assert conf.count("listen 80;") == 1 and conf.count("root /var/www/diplograph;") == 1
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(
        "root /var/www/diplograph;", f"root {www};")
    (tmp / "site.conf").write_text(conf)
    temp = "\n".join(f"  {d}_temp_path {tmp}/{d};" for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp / "main.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\nmaster_process off;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
        f"events {{ worker_connections 64; }}\nhttp {{\n  access_log off;\n{temp}\n  include {tmp}/site.conf;\n}}\n")
    url = f"http://127.0.0.1:{port}"
    with running([nginx, "-p", str(tmp), "-c", str(tmp / "main.conf"), "-e", str(tmp / "error.log")],
                 url + "/" + site_dir.relative_to(www).as_posix() + "/", tmp / "error.log", "nginx"):
        with httpx.Client(base_url=url, timeout=5) as client:
            yield client


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ADA = "/diplograph/id/person/ada-example"


NEGOTIATION_CASES = pytest.mark.parametrize("accept, ext, media", [
    ("text/turtle", "ttl", "text/turtle"), (BROWSER, "html", "text/html"), ("*/*", "html", "text/html"),
    (None, "html", "text/html"), ("application/ld+json", "jsonld", "application/ld+json"),
    ("application/n-triples", "nt", "application/n-triples"),
    ("application/rdf+xml, text/turtle;q=0.9, */*;q=0.1", "ttl", "text/turtle"),
])


@pytest.mark.server
@NEGOTIATION_CASES
def test_nginx_negotiates(nginx_site, accept, ext, media):
    assert_negotiates(*nginx_site, accept, ext, media)


def assert_negotiates(client, root: Path, accept, ext: str, media: str) -> None:
    r = client.get(ADA, headers={"Accept": accept} if accept else {})
    assert r.status_code == 200, getattr(client, "error_log", None) and client.error_log.read_text()
    assert r.headers["content-type"].split(";")[0] == media
    assert r.content == (root / f"id/person/ada-example.{ext}").read_bytes()
    assert [v.strip() for v in r.headers["vary"].split(",")] == ["Accept"]
    link = r.headers["link"]
    for e, mt in (("html", "text/html"), ("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
                  ("nt", "application/n-triples")):
        assert f'<{ADA}.{e}>; rel="alternate"; type="{mt}"' in link
    assert "canonical" not in link


def assert_suffix_urls_and_odd_paths(client, root: Path) -> None:
    r = client.get(ADA + ".ttl", headers={"Accept": BROWSER})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert r.content == (root / "id/person/ada-example.ttl").read_bytes()
    link = r.headers["link"]
    assert f'<{ADA}.html>; rel="alternate"' in link and f'<{ADA}>; rel="canonical"' in link
    assert ".ttl." not in link
    # a non-Latin IRI: the file is found, the Link header stays percent-encoded ASCII
    tokyo = "/diplograph/id/city/%E6%9D%B1%E4%BA%AC"
    r = client.get(tokyo, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.content == (root / "id/city/東京.ttl").read_bytes()
    assert f"<{tokyo}.jsonld>" in r.headers["link"] and r.headers["link"].isascii()
    r = client.get("/diplograph/ontology", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.content == (root / "ontology.ttl").read_bytes()
    assert "</diplograph/ontology.jsonld>" in r.headers["link"]
    assert [v.strip() for v in r.headers["vary"].split(",")] == ["Accept"]
    assert client.get("/diplograph/void").content == (root / "void.html").read_bytes()
    assert client.get("/diplograph/types/person").content == (root / "types/person.html").read_bytes()
    assert (root / "types/person").is_dir()
    assert client.get("/diplograph/types/person/2").content == (root / "types/person/2.html").read_bytes()
    assert client.get("/diplograph/types/person/3").status_code == 404
    assert client.get("/diplograph/").content == (root / "index.html").read_bytes()


@pytest.mark.server
def test_nginx_suffix_urls_and_odd_paths(nginx_site):
    client, root = nginx_site
    assert_suffix_urls_and_odd_paths(client, root)
    assert client.get("/diplograph/.diplograph-site").status_code == 404


def assert_security_headers(client) -> None:
    """The static site's server sends the headers `serve` sends: nosniff everywhere, a CSP and no
    framing on pages, CORS on the data formats (never on pages), ETag and Cache-Control on files."""
    from diplograph.web.headers import CSP

    for path, accept in ((ADA, BROWSER), ("/diplograph/", BROWSER), ("/diplograph/id/person/nobody", BROWSER)):
        r = client.get(path, headers={"Accept": accept})
        assert r.headers["x-content-type-options"] == "nosniff", path
        assert r.headers["content-security-policy"] == CSP and "frame-ancestors 'none'" in CSP, path
        assert r.headers["x-frame-options"] == "DENY", path
        assert "access-control-allow-origin" not in r.headers, path
    for path, accept in ((ADA, "text/turtle"), (ADA + ".jsonld", BROWSER), ("/diplograph/void.ttl", BROWSER)):
        r = client.get(path, headers={"Accept": accept})
        assert r.status_code == 200, path
        assert r.headers["x-content-type-options"] == "nosniff", path
        assert r.headers["access-control-allow-origin"] == "*", path
        assert "content-security-policy" not in r.headers, path
        assert r.headers["etag"] and "max-age" in r.headers["cache-control"], path


@pytest.mark.server
def test_nginx_sends_the_security_headers(nginx_site):
    assert_security_headers(nginx_site[0])


NOT_FOUND_CASES = pytest.mark.parametrize("path, accept, media", [
    ("/diplograph/id/person/nobody", "text/turtle", "text/turtle"),
    ("/diplograph/id/person/nobody", BROWSER, "text/html"),
    ("/diplograph/id/person/nobody", "application/ld+json", "application/ld+json"),
    ("/diplograph/id/person/nobody.nt", BROWSER, "application/n-triples"),
    ("/diplograph/id/person/nobody.html", "text/turtle", "text/html"),
    ("/diplograph/nowhere", BROWSER, "text/html"),
])


def assert_not_found(client, root: Path, path: str, accept: str, media: str) -> None:
    r = client.get(path, headers={"Accept": accept})
    assert r.status_code == 404
    assert r.headers["content-type"].split(";")[0] == media
    assert [v.strip() for v in r.headers.get("vary", "").split(",")] == ["Accept"]
    if media == "text/turtle":
        assert len(rdflib.Graph().parse(data=r.content, format="turtle")) == 0
    if media == "text/html":
        assert r.content == (root / "404.html").read_bytes()


@pytest.mark.server
@NOT_FOUND_CASES
def test_nginx_404_in_the_requested_format(nginx_site, path, accept, media):
    assert_not_found(*nginx_site, path, accept, media)


# --------------------------------------------------------------------------------------------------
# The generated .htaccess under a real Apache (skipped where apache2 is not installed)

def _apache() -> str | None:
    return shutil.which("apache2") or shutil.which("httpd") or next(
        (p for p in ("/usr/sbin/apache2", "/usr/sbin/httpd") if Path(p).is_file()), None)


def _apache_modules(binary: str) -> Path | None:
    for d in ("/usr/lib/apache2/modules", "/usr/lib64/httpd/modules", "/usr/lib/httpd/modules",
              str(Path(binary).resolve().parent.parent / "modules")):
        if (Path(d) / "mod_rewrite.so").is_file():
            return Path(d)
    return None


@pytest.fixture(scope="module")
def apache_site(published):
    apache = _apache()
    modules = _apache_modules(apache) if apache else None
    if apache is None or modules is None:
        pytest.skip("apache2 is not installed (apt-get install -y apache2)")
    # not under pytest's basetemp (0700): Apache's worker runs as another user when we are root
    tmp = Path(tempfile.mkdtemp(prefix="diplograph-apache-"))
    try:
        tmp.chmod(0o755)
        www = tmp / "www"
        result = run_paginated_site(published, www / "diplograph")
        assert result.exit_code == 0, result.output
        for d, _dirs, files in os.walk(www):
            os.chmod(d, 0o755)
            for f in files:
                os.chmod(os.path.join(d, f), 0o644)
        port = free_port()
        loaded = [m for m in ("mpm_prefork", "authz_core", "mime", "dir", "rewrite", "headers")
                  if not (modules / f"mod_{m}.so").is_file()]
        if loaded:
            pytest.skip(f"apache2 lacks modules {loaded}")
        load = "\n".join(f"LoadModule {m}_module {modules}/mod_{m}.so"
                         for m in ("mpm_prefork", "authz_core", "mime", "dir", "rewrite", "headers"))
        user = ""
        if os.geteuid() == 0:
            import pwd
            for name in ("www-data", "daemon", "nobody"):
                try:
                    pwd.getpwnam(name)
                except KeyError:
                    continue
                user = f"User {name}\nGroup #-1\n" if name == "nobody" else f"User {name}\nGroup {name}\n"
                break
        (tmp / "httpd.conf").write_text(
            f"ServerRoot {tmp}\n{load}\n{user}ServerName 127.0.0.1\nListen 127.0.0.1:{port}\n"
            f"PidFile {tmp}/httpd.pid\nErrorLog {tmp}/error.log\nLogLevel warn\nMutex file:{tmp}\n"
            f"DocumentRoot {www}\nTypesConfig /dev/null\n"
            f"<Directory />\n  AllowOverride None\n  Require all denied\n</Directory>\n"
            f"<Directory {www}>\n  AllowOverride FileInfo Indexes Options=Indexes,MultiViews\n  Require all granted\n</Directory>\n")
        url = f"http://127.0.0.1:{port}"
        with running([apache, "-X", "-f", str(tmp / "httpd.conf")], url + "/diplograph/", tmp / "error.log",
                     "apache2"):
            with httpx.Client(base_url=url, timeout=5) as client:
                client.error_log = tmp / "error.log"  # type: ignore[attr-defined]
                yield client, www / "diplograph"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.mark.server
@NEGOTIATION_CASES
def test_apache_negotiates(apache_site, accept, ext, media):
    assert_negotiates(*apache_site, accept, ext, media)


@pytest.mark.server
def test_apache_suffix_urls_and_odd_paths(apache_site):
    client, root = apache_site
    assert_suffix_urls_and_odd_paths(client, root)
    assert client.get("/diplograph/.diplograph-site").status_code in (403, 404)
    assert client.get("/diplograph/.htaccess").status_code in (403, 404)


@pytest.mark.server
@NOT_FOUND_CASES
def test_apache_404_in_the_requested_format(apache_site, path, accept, media):
    assert_not_found(*apache_site, path, accept, media)


def test_lists_by_type_are_paginated_as_files(published, tmp_path):
    from diplograph.web.app import build_dataset
    from diplograph.web.site import build_site

    ds = build_dataset(published, ontology_path=published.parent / "ontology.ttl")
    out = tmp_path / "site"
    build_site(ds, out, "https://example.org/diplograph", page_size=1)
    first = BeautifulSoup((out / "types/person.html").read_text(), "html.parser")
    second = BeautifulSoup((out / "types/person/2.html").read_text(), "html.parser")
    assert not (out / "types/person/1.html").exists() and not (out / "types/person/3.html").exists()
    assert [a.get_text() for a in first.select("ul.list a")] == ["Ada Example"]
    assert [a.get_text() for a in second.select("ul.list a")] == ["Bob Sample"]
    assert first.select_one("nav.pager a[rel=next]")["href"] == "/diplograph/types/person/2"
    assert second.select_one("nav.pager a[rel=prev]")["href"] == "/diplograph/types/person"
    assert "?page=" not in (out / "types/person.html").read_text()


@pytest.mark.server
def test_apache_sends_the_security_headers(apache_site):
    assert_security_headers(apache_site[0])
