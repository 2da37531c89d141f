"""The same pages as static files, plus server configuration for content negotiation.

Layout: each resource path gets `{path}.html`, `{path}.ttl`, `{path}.jsonld` and `{path}.nt`
(`/id/person/x` -> `id/person/x.html` …), lists are `types/index.html` and `types/{kind}.html`,
and `nginx.conf` / `.htaccess` map an extensionless request to the file for the Accept header.
The output depends only on the data, the ontology and the base URL: the same input gives the same
bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from diplograph.dumpfiles import has_dump
from diplograph.dumps import DUMPS, write_dump
from diplograph.errors import InputError
from diplograph.outputdir import staged
from diplograph.web.describe import Dataset
from diplograph.web.headers import CACHE, CSP
from diplograph.web.pages import Pages
from diplograph.web.render import FORMATS, RDF_FORMATS, Urls, not_found_body, serialize

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
    """Refuse a folder that is not ours; it is replaced whole (diplograph.outputdir.staged) once the
    new site is complete, so an interrupted run leaves the old site as it was."""
    if root.exists() and not root.is_dir():
        raise InputError("not a folder", path=str(root))
    if root.is_dir() and any(root.iterdir()):
        if not (root / MARKER).is_file():
            raise InputError("the folder is not empty and was not written by `diplograph site`; "
                             "choose an empty or new folder", path=str(root))


def build_site(ds: Dataset, out_dir: str | Path, base_url: str | None = None,
               server_name: str | None = None, page_size: int | None = None) -> SiteReport:
    root = Path(out_dir)
    server_name = server_name or default_server_name(base_url)
    base_url = (base_url or default_base_url(ds.base)).rstrip("/")
    prefix = urlsplit(base_url).path.rstrip("/")
    urls = Urls(ds.base, prefix=prefix, static=True)
    pages = Pages(ds, urls, sparql=False, search=False, page_size=page_size)
    _prepare(root)
    report = SiteReport(root)
    with staged(root.resolve()) as tmp:
        _write_site(ds, tmp, urls, pages, base_url, server_name, report)
    report.files.sort()
    return report


def _write_site(ds: Dataset, root: Path, urls: Urls, pages: Pages, base_url: str, server_name: str,
                report: SiteReport) -> None:

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
        if kind in (".", ".."):
            continue
        for n in range(1, pages.kind_pages(kind) + 1):
            body = pages.kind(kind, n)
            if body is not None:
                write(f"types/{kind}.html" if n == 1 else f"types/{kind}/{n}.html", body)
    for name, html, triples in (("ontology", pages.ontology, ds.ontology_triples),
                                ("void", pages.void, ds.void_triples)):
        write(f"{name}.html", html())
        data = triples()
        for ext in RDF_FORMATS:
            write(f"{name}.{ext}", serialize(data, ext))
    _write_dumps(ds, root, report)
    write("404.html", pages.error(404, "Nothing is published at this address."))
    for ext in RDF_FORMATS:  # the 404 in the format asked for (by suffix or Accept)
        write(f"404.{ext}", not_found_body(ext, "nothing is published at this address"))
    static = resources.files("diplograph").joinpath("static")
    for entry in sorted(static.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            write(f"static/{entry.name}", entry.read_bytes())
    write("nginx.conf", nginx_conf(urls, base_url, server_name))
    write(".htaccess", htaccess(urls))
    write(MARKER, "Written by `diplograph site`; the folder is replaced on the next run.\n")


def _write_dumps(ds: Dataset, root: Path, report: SiteReport) -> None:
    """dump/dataset.ttl, .nq and their gzips (diplograph.dumps): from the output folder, else made
    from the store."""
    from diplograph.web.downloads import Downloads

    made = None if ds.output_dir is not None else Downloads(ds.store, None, ds.merged, ds.void_graph)
    try:
        for dump in DUMPS:
            target = root / "dump" / dump.name
            if made is None:
                if not has_dump(ds.output_dir, dump.source):
                    continue
                write_dump(ds.output_dir, dump, target)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(made.path(dump), target)
            report.files.append(f"dump/{dump.name}")
    finally:
        if made is not None:
            made.close()


# --------------------------------------------------------------------------------------------------
# Server configuration

# Characters left as they are in a request path that goes into a Link header: the IRI-safe ASCII of
# RFC 3986 (percent-encoded UTF-8 stays encoded). Any other request gets no Link header.
_SAFE_PATH = r"[-A-Za-z0-9._~%!&'()*+,;=:@/]"
_SUFFIXES = "|".join(FORMATS)  # html|ttl|jsonld|nt


def default_server_name(base_url: str | None) -> str:
    """The host of an explicit --base-url, else `_` (any host): w3id.org only redirects to the site,
    so it is never the host nginx serves."""
    host = urlsplit(base_url).hostname if base_url else None
    return host if host and host != "w3id.org" else "_"


def nginx_conf(urls: Urls, base_url: str, server_name: str | None = None) -> str:
    p = urls.prefix
    server_name = server_name or default_server_name(base_url)
    alternates = ", ".join(f'<${{diplograph_res}}.{ext}>; rel=\\"alternate\\"; type=\\"{FORMATS[ext]}\\"'
                           for ext in FORMATS)
    resources = rf"{re.escape(p)}(?:{re.escape(urls.mount)}/{_SAFE_PATH}+?|/ontology|/void)"
    # a location's add_header replaces the server's: every block repeats them
    security = "".join(f"        add_header {line} always;\n" for line in (
        "X-Content-Type-Options nosniff", "Content-Security-Policy $diplograph_csp",
        "X-Frame-Options $diplograph_frame", "Access-Control-Allow-Origin $diplograph_cors"))
    security += f'        add_header Cache-Control "{CACHE}";\n'
    return f"""# diplograph static site: content negotiation for nginx.
# Include this file inside `http {{ }}` (it holds six maps and a server); set `root` to the folder
# that holds the site, so that {p or ''}/index.html is the site's index.html, and `server_name`.
# A request for {p}{urls.mount}/person/x gets x.html, x.ttl, x.jsonld or x.nt following Accept;
# the suffix URLs ({p}{urls.mount}/person/x.ttl) are plain files.
#
# Limitation: nginx cannot compare q-values. The first media type in Accept that the site serves
# wins (clients list their preferred type first: browsers send text/html first, RDF clients their
# RDF type); otherwise an RDF type named anywhere, otherwise HTML. `text/html;q=0.1, text/turtle`
# therefore gets HTML here (the `diplograph serve` server honours q-values); use the suffix URL.

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

# The Link header names the resource as requested (still percent-encoded, without a format suffix);
# a suffix URL also names the resource as canonical.
map $request_uri $diplograph_link {{
    default "";
    "~^(?<diplograph_res>{resources})\\.(?:{_SUFFIXES})(?:\\?.*)?$" "{alternates}, <${{diplograph_res}}>; rel=\\"canonical\\"";
    "~^(?<diplograph_res>{resources})(?:\\?.*)?$" "{alternates}";
}}

# The 404 page in the format asked for: by suffix, else by Accept.
map $uri $diplograph_404 {{
    default $diplograph_ext;
    "~\\.(?<diplograph_404_ext>{_SUFFIXES})$" ".$diplograph_404_ext";
}}

# Security headers as `diplograph serve` sends them: a CSP and no framing for pages (they use no
# scripts), CORS for the data formats (browser notebooks on other sites read them). nginx sends no
# header whose value is empty.
map $sent_http_content_type $diplograph_csp {{
    default "";
    "~^text/html" "{CSP}";
}}
map $sent_http_content_type $diplograph_frame {{
    default "";
    "~^text/html" "DENY";
}}
map $sent_http_content_type $diplograph_cors {{
    default "*";
    "~^text/html" "";
}}

server {{
    listen 80;
    server_name {server_name};  # your host name; `_` answers any
    root /var/www/diplograph;  # the parent of the site folder when the site lives under {p or '/'}
    charset utf-8;
    charset_types text/html text/css text/turtle application/n-triples application/n-quads application/ld+json;
    error_page 404 {p}/404$diplograph_404;
    add_header Vary Accept always;
{security}
    types {{
        text/html              html;
        text/css               css;
        text/turtle            ttl;
        application/ld+json    jsonld;
        application/n-triples  nt;
        application/n-quads    nq;
        application/gzip       gz;
        text/plain             txt conf;
    }}

    location ~ /\\.(?!well-known) {{ return 404; }}

    location {p}{urls.mount}/ {{
        add_header Vary Accept always;
        add_header Link $diplograph_link;
{security}        try_files $uri$diplograph_ext $uri.html $uri =404;
    }}

    location ~ ^{p}/(ontology|void)(\\.(html|ttl|jsonld|nt))?$ {{
        add_header Vary Accept always;
        add_header Link $diplograph_link;
{security}        try_files $uri$diplograph_ext $uri.html $uri =404;
    }}

    location {p}/ {{
        add_header Vary Accept always;  # as the server's, which this block's add_header replaces
{security}        try_files $uri $uri.html $uri/index.html =404;
    }}
}}
"""


def htaccess(urls: Urls) -> str:
    p = urls.prefix
    resources = rf"{re.escape(p)}(?:{re.escape(urls.mount)}/{_SAFE_PATH}+?|/ontology|/void)"
    def alternates(var: str) -> str:
        return ", ".join(f'<%{{{var}}}e.{ext}>; rel=\\"alternate\\"; type=\\"{FORMATS[ext]}\\"' for ext in FORMATS)

    lines = [
        "# diplograph static site: content negotiation for Apache 2.4 (mod_rewrite, mod_mime, mod_headers).",
        "# Put this file in the site folder (served at " + (p or "/") + ");",
        "# it needs AllowOverride FileInfo Indexes Options=Indexes,MultiViews (or copy it into the vhost).",
        "# A request for " + f"{p}{urls.mount}/person/x" + " gets x.html, x.ttl, x.jsonld or x.nt following Accept.",
        "# Limitation: q-values are not compared (see nginx.conf); the first listed type served here wins.",
        "Options -MultiViews -Indexes",
        "DirectorySlash Off",
        "DirectoryIndex index.html",
        "AddType text/html .html",
        "AddType text/turtle .ttl",
        "AddType application/ld+json .jsonld",
        "AddType application/n-triples .nt",
        "AddType application/n-quads .nq",
        "# the dumps' .gz files are downloads, not a transfer encoding",
        "RemoveEncoding .gz",
        "AddType application/gzip .gz",
        "AddCharset utf-8 .html .ttl .nt .nq .css",
        "",
        "# The 404 page in the format asked for: by suffix, else by the first type in Accept.",
        f'<If "%{{REQUEST_URI}} =~ m#\\.ttl$#">\n  ErrorDocument 404 {p}/404.ttl\n</If>',
        f'<ElseIf "%{{REQUEST_URI}} =~ m#\\.jsonld$#">\n  ErrorDocument 404 {p}/404.jsonld\n</ElseIf>',
        f'<ElseIf "%{{REQUEST_URI}} =~ m#\\.nt$#">\n  ErrorDocument 404 {p}/404.nt\n</ElseIf>',
        f'<ElseIf "%{{REQUEST_URI}} =~ m#\\.html$#">\n  ErrorDocument 404 {p}/404.html\n</ElseIf>',
        f'<ElseIf "%{{HTTP_ACCEPT}} =~ m#^\\s*(text/turtle|application/x-turtle)#i">\n  ErrorDocument 404 {p}/404.ttl\n</ElseIf>',
        f'<ElseIf "%{{HTTP_ACCEPT}} =~ m#^\\s*(application/ld\\+json|application/json)#i">\n  ErrorDocument 404 {p}/404.jsonld\n</ElseIf>',
        f'<ElseIf "%{{HTTP_ACCEPT}} =~ m#^\\s*application/n-triples#i">\n  ErrorDocument 404 {p}/404.nt\n</ElseIf>',
        f"<Else>\n  ErrorDocument 404 {p}/404.html\n</Else>",
        "",
        "RewriteEngine On",
        f"RewriteBase {p}/",
        "# Dotfiles (.htaccess, .diplograph-site) are not published.",
        r"RewriteRule (^|/)\.(?!well-known/) - [R=404,L]",
        "",
        "# The resource as requested (still percent-encoded, without a format suffix), for the Link header.",
        rf"RewriteCond %{{THE_REQUEST}} ^[A-Z]+\s({resources})(\.({_SUFFIXES}))?(\?\S*)?\sHTTP/",
        "RewriteRule ^ - [E=DIPLOGRAPH_RES:%1]",
        "# A suffix URL (x.ttl) also names the resource (x) as canonical.",
        rf"RewriteCond %{{THE_REQUEST}} ^[A-Z]+\s({resources})\.({_SUFFIXES})(\?\S*)?\sHTTP/",
        "RewriteRule ^ - [E=DIPLOGRAPH_CANON:%1]",
        "",
        "<IfModule mod_headers.c>",
        "  # Security headers as `diplograph serve` sends them (docs/security.md)",
        "  Header always set X-Content-Type-Options nosniff",
        f'  Header set Cache-Control "{CACHE}"',
        '  <FilesMatch "\\.html$">',
        f'    Header set Content-Security-Policy "{CSP}"',
        "    Header set X-Frame-Options DENY",
        "  </FilesMatch>",
        '  <FilesMatch "\\.(ttl|jsonld|nt|nq|gz|txt)$">',
        '    Header set Access-Control-Allow-Origin "*"',
        "  </FilesMatch>",
        '  <FilesMatch "\\.(html|ttl|jsonld|nt)$">',
        "    Header append Vary Accept",
        "  </FilesMatch>",
        "  # (the rewrite below is an internal redirect: the variable may come back as REDIRECT_…)",
        f'  Header set Link "{alternates("REDIRECT_DIPLOGRAPH_RES")}" env=REDIRECT_DIPLOGRAPH_RES',
        f'  Header set Link "{alternates("DIPLOGRAPH_RES")}" env=DIPLOGRAPH_RES',
        f'  Header set Link "{alternates("DIPLOGRAPH_CANON")}, <%{{DIPLOGRAPH_CANON}}e>; rel=\\"canonical\\"" '
        "env=DIPLOGRAPH_CANON",
        "</IfModule>",
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


__all__ = ["build_site", "SiteReport", "nginx_conf", "htaccess", "default_base_url", "default_server_name"]
