"""The same pages as static files, plus server configuration for content negotiation.

Layout: each resource path gets `{path}.html`, `{path}.ttl`, `{path}.jsonld` and `{path}.nt`
(`/id/person/x` -> `id/person/x.html` …), lists are `types/index.html` and `types/{kind}.html`,
and `nginx.conf` / `.htaccess` map an extensionless request to the file for the Accept header.
The output depends only on the data, the ontology and the base URL: the same input gives the same
bytes.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from diplograph.errors import InputError
from diplograph.web.describe import Dataset
from diplograph.web.render import FORMATS, RDF_FORMATS, Pages, Urls, serialize

MARKER = ".diplograph-site"


@dataclass
class SiteReport:
    root: Path
    resources: int = 0
    files: list[str] = field(default_factory=list)


def default_base_url(base: str) -> str:
    """Where the site is assumed to live when no --base-url is given: the base IRI minus its last
    segment (https://w3id.org/diplograph/id -> https://w3id.org/diplograph), so that every IRI's
    path is the same on the site."""
    return base.rstrip("/").rsplit("/", 1)[0]


def _prepare(root: Path) -> None:
    if root.exists() and not root.is_dir():
        raise InputError("not a folder", path=str(root))
    if root.is_dir() and any(root.iterdir()):
        if not (root / MARKER).is_file():
            raise InputError("the folder is not empty and was not written by `diplograph site`; "
                             "choose an empty or new folder", path=str(root))
        for child in sorted(root.iterdir()):
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    root.mkdir(parents=True, exist_ok=True)


def build_site(ds: Dataset, out_dir: str | Path, base_url: str | None = None) -> SiteReport:
    root = Path(out_dir)
    base_url = (base_url or default_base_url(ds.base)).rstrip("/")
    prefix = urlsplit(base_url).path.rstrip("/")
    urls = Urls(ds.base, prefix=prefix, static=True)
    pages = Pages(ds, urls, sparql=False, search=False)
    _prepare(root)
    report = SiteReport(root)

    def write(rel: str, data: str | bytes) -> None:
        parts = [p for p in rel.split("/") if p]
        if not parts or any(p in (".", "..") for p in parts):
            raise InputError(f"refusing to write outside the site: {rel!r}")
        target = root.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        report.files.append("/".join(parts))

    for iri in ds.index:
        path = urls.resource_path(iri)
        if path is None:
            continue
        rel = unquote(path).strip("/")
        if not rel or any(seg in ("", ".", "..") for seg in rel.split("/")) or len(rel) > 1000:
            continue
        write(rel + ".html", pages.resource(iri))
        triples = ds.describe(iri)
        for ext in RDF_FORMATS:
            write(f"{rel}.{ext}", serialize(triples, ext))
        report.resources += 1

    write("index.html", pages.home())
    write("types/index.html", pages.kinds())
    for kind, _ in ds.kinds():
        body = pages.kind(kind)
        if body is not None and kind not in (".", ".."):
            write(f"types/{kind}.html", body)
    for name, html, triples in (("ontology", pages.ontology, ds.ontology_triples),
                                ("void", pages.void, ds.void_triples)):
        write(f"{name}.html", html())
        data = triples()
        for ext in RDF_FORMATS:
            write(f"{name}.{ext}", serialize(data, ext))
    write("404.html", pages.error(404, "Nothing is published at this address."))
    static = resources.files("diplograph").joinpath("static")
    for entry in sorted(static.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            write(f"static/{entry.name}", entry.read_bytes())
    write("nginx.conf", nginx_conf(urls, base_url))
    write(".htaccess", htaccess(urls))
    write(MARKER, "Written by `diplograph site`; the folder is replaced on the next run.\n")
    report.files.sort()
    return report


# --------------------------------------------------------------------------------------------------
# Server configuration

def nginx_conf(urls: Urls, base_url: str) -> str:
    p = urls.prefix
    host = urlsplit(base_url).hostname or "localhost"
    alternates = ", ".join(f'<$diplograph_res.{ext}>; rel=\\"alternate\\"; type=\\"{FORMATS[ext]}\\"'
                           for ext in FORMATS)
    return f"""# diplograph static site: content negotiation for nginx.
# Include this file inside `http {{ }}` (it holds a map and a server) and set `root` to the folder
# that holds the site, so that {p or ''}/index.html is the site's index.html.
# A request for {p}{urls.mount}/person/x gets x.html, x.ttl, x.jsonld or x.nt following Accept;
# the suffix URLs ({p}{urls.mount}/person/x.ttl) are plain files.

map $http_accept $diplograph_ext {{
    default                            ".html";
    "~*^\\s*text/html"                  ".html";
    "~*^\\s*application/xhtml\\+xml"     ".html";
    "~*^\\s*text/turtle"                ".ttl";
    "~*^\\s*application/x-turtle"       ".ttl";
    "~*^\\s*application/ld\\+json"       ".jsonld";
    "~*^\\s*application/json"           ".jsonld";
    "~*^\\s*application/n-triples"      ".nt";
    "~*text/html"                      ".html";
    "~*text/turtle"                    ".ttl";
    "~*application/ld\\+json"           ".jsonld";
    "~*application/n-triples"          ".nt";
}}

server {{
    listen 80;
    server_name {host};
    root /var/www/diplograph;  # the parent of the site folder when the site lives under {p or '/'}
    charset utf-8;
    charset_types text/html text/css text/turtle application/n-triples application/ld+json;
    error_page 404 {p}/404.html;

    types {{
        text/html              html;
        text/css               css;
        text/turtle            ttl;
        application/ld+json    jsonld;
        application/n-triples  nt;
        text/plain             txt conf;
    }}

    location ~ /\\.(?!well-known) {{ return 404; }}

    location {p}{urls.mount}/ {{
        set $diplograph_res $uri;
        add_header Vary Accept always;
        add_header Link "{alternates}" always;
        try_files $uri$diplograph_ext $uri.html $uri =404;
    }}

    location ~ ^{p}/(ontology|void)$ {{
        set $diplograph_res $uri;
        add_header Vary Accept always;
        add_header Link "{alternates}" always;
        try_files $uri$diplograph_ext $uri.html =404;
    }}

    location {p}/ {{
        try_files $uri $uri.html $uri/index.html =404;
    }}
}}
"""


def htaccess(urls: Urls) -> str:
    p = urls.prefix
    lines = [
        "# diplograph static site: content negotiation for Apache (mod_rewrite, mod_mime, mod_headers).",
        "# Put this file in the site folder (served at " + (p or "/") + "); AllowOverride FileInfo Options.",
        "# A request for " + f"{p}{urls.mount}/person/x" + " gets x.html, x.ttl, x.jsonld or x.nt following Accept.",
        "Options -MultiViews -Indexes",
        "DirectorySlash Off",
        "DirectoryIndex index.html",
        "AddType text/html .html",
        "AddType text/turtle .ttl",
        "AddType application/ld+json .jsonld",
        "AddType application/n-triples .nt",
        "AddCharset utf-8 .html .ttl .nt .css",
        f"ErrorDocument 404 {p}/404.html",
        "",
        "<IfModule mod_headers.c>",
        '  <FilesMatch "\\.(html|ttl|jsonld|nt)$">',
        "    Header append Vary Accept",
        "  </FilesMatch>",
        "</IfModule>",
        "",
        "RewriteEngine On",
        f"RewriteBase {p}/",
        "",
    ]
    rules = [("ttl", r"text/turtle|application/x-turtle"), ("jsonld", r"application/ld\+json|application/json"),
             ("nt", r"application/n-triples")]
    lines.append("# 1. The first media type in Accept is an RDF one.")
    for ext, pattern in rules:
        lines += [
            "RewriteCond %{REQUEST_FILENAME} !-f",
            f"RewriteCond %{{HTTP_ACCEPT}} ^\\s*({pattern}) [NC]",
            f"RewriteCond %{{REQUEST_FILENAME}}.{ext} -f",
            f"RewriteRule ^(.+)$ $1.{ext} [L]",
        ]
    lines.append("# 2. An RDF type is asked for anywhere and HTML is not.")
    for ext, pattern in rules:
        lines += [
            "RewriteCond %{REQUEST_FILENAME} !-f",
            "RewriteCond %{HTTP_ACCEPT} !text/html [NC]",
            f"RewriteCond %{{HTTP_ACCEPT}} ({pattern}) [NC]",
            f"RewriteCond %{{REQUEST_FILENAME}}.{ext} -f",
            f"RewriteRule ^(.+)$ $1.{ext} [L]",
        ]
    lines += [
        "# 3. Everything else: the HTML page.",
        "RewriteCond %{REQUEST_FILENAME} !-f",
        "RewriteCond %{REQUEST_FILENAME}.html -f",
        "RewriteRule ^(.+)$ $1.html [L]",
        "",
    ]
    return "\n".join(lines)


__all__ = ["build_site", "SiteReport", "nginx_conf", "htaccess", "default_base_url"]
