"""Headless Chromium opens pages served by a real uvicorn and we check what it rendered.

Needs Debian's `chromium` (CI: `apt-get install -y chromium`); skipped with a reason otherwise.
Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from test_web import PERSON, STEM, TEXT, LiveServer, _span, write_fixture

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    out = write_fixture(tmp_path_factory.mktemp("browser") / "output")
    with LiveServer(out, out.parent / "ontology.ttl") as live:
        yield live


def render(url: str, shot: Path, tmp_path: Path) -> BeautifulSoup:
    """Loads `url` in headless Chromium: the DOM after rendering, and a screenshot."""
    shot.parent.mkdir(parents=True, exist_ok=True)
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1200,1600",
           f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--dump-dom", url]
    proc = subprocess.run(cmd, capture_output=True, timeout=90)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return BeautifulSoup(proc.stdout.decode("utf-8"), "html.parser")


PHONE = 390  # px: the narrowest common phone viewport

MEASURE = """<!DOCTYPE html><html><body><iframe id="f" style="width:%dpx;height:800px;border:0"></iframe>
<pre id="out">not measured</pre><script>
const f = document.getElementById("f");
f.onload = () => { try {
  const d = f.contentDocument, e = d.documentElement;
  document.getElementById("out").textContent = JSON.stringify({
    scrollWidth: e.scrollWidth, clientWidth: e.clientWidth,
    wide: [...d.querySelectorAll("body *")].filter(x => x.getBoundingClientRect().right > e.clientWidth + 1
             && !x.closest("div.scroll")).map(x => x.tagName + "." + x.className).slice(0, 5),
    timeline: !!d.querySelector("svg.timeline g.post")});
  } catch (err) { document.getElementById("out").textContent = "error: " + err; } };
f.src = %s;
</script></body></html>"""


class SameOrigin:
    """A local HTTP server that answers /__measure.html itself and forwards every other request to
    the site under test: the measuring page and the measured one share an origin, so the first can
    read the layout of the second (no DevTools protocol needed)."""

    def __init__(self, target: str):
        import http.server
        import threading

        import httpx

        wrapper: dict[str, bytes] = {}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                if self.path.startswith("/__measure.html"):
                    status, ctype, body = 200, "text/html; charset=utf-8", wrapper["html"]
                elif self.path.startswith("/__wide.html"):  # the control: a page that overflows
                    status, ctype, body = 200, "text/html", b'<body><p style="width:1000px">wide</p></body>'

                else:
                    r = httpx.get(target + self.path, headers={"Accept": self.headers.get("Accept", "*/*")})
                    status, ctype, body = r.status_code, r.headers.get("content-type", ""), r.content
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.wrapper = wrapper
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def same_origin(server):
    proxy = SameOrigin(server.url)
    yield proxy
    proxy.close()


def measure(proxy: SameOrigin, path: str, tmp_path: Path) -> dict:
    """Lays the page at `path` out `PHONE` px wide in headless Chromium, framed by a measuring page
    of the same origin that writes what it measured into its own DOM."""
    import json

    proxy.wrapper["html"] = (MEASURE % (PHONE, json.dumps(path))).encode("utf-8")
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", "--virtual-time-budget=10000", "--hide-scrollbars",
           f"--user-data-dir={tmp_path / 'measure-profile'}", "--dump-dom", proxy.url + "/__measure.html"]
    proc = subprocess.run(cmd, capture_output=True, timeout=90)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    out = BeautifulSoup(proc.stdout.decode("utf-8"), "html.parser").find(id="out").get_text()
    assert out.startswith("{"), out
    return json.loads(out)


def phone_shot(url: str, shot: Path, tmp_path: Path) -> BeautifulSoup:
    shot.parent.mkdir(parents=True, exist_ok=True)
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", "--hide-scrollbars", f"--window-size={PHONE},1400",
           f"--user-data-dir={tmp_path / 'phone'}", f"--screenshot={shot}", "--dump-dom", url]
    proc = subprocess.run(cmd, capture_output=True, timeout=90)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return BeautifulSoup(proc.stdout.decode("utf-8"), "html.parser")


@pytest.mark.parametrize("name, path", [
    ("home", "/"), ("person", PERSON), ("document", f"/id/document/{STEM}"), ("search", "/?q=example"),
    ("list", "/types/person"), ("void", "/void"), ("question", "/queries/cq03-person-posts?name=Ada+Example&run=1"),
    ("sparql", "/sparql"),
])
def test_pages_fit_a_phone_screen(server, same_origin, tmp_path, name, path):
    """At 390 px nothing sticks out sideways (wide tables scroll inside their own box)."""
    dom = phone_shot(server.url + path, ARTIFACTS / f"phone-{name}.png", tmp_path)
    assert dom.find("main") is not None and dom.find("script") is None
    got = measure(same_origin, path, tmp_path)
    assert got["clientWidth"] == PHONE and got["scrollWidth"] <= got["clientWidth"], got
    assert not got["wide"], got
    if name == "person":
        assert got["timeline"]


def test_the_phone_check_sees_an_overflow(same_origin, tmp_path):
    got = measure(same_origin, "/__wide.html", tmp_path)
    assert got["scrollWidth"] > got["clientWidth"] == PHONE and got["wide"] == ["P."]


def test_person_page_in_chromium(server, tmp_path):
    shot = ARTIFACTS / "person.png"
    dom = render(server.url + PERSON, shot, tmp_path)
    assert dom.h1.get_text() == "Ada Example"
    assert dom.select_one("table.posts tbody tr td a").get_text(strip=True) == "Under-Secretary for Testing"
    assert dom.select_one("p.wikidata a")["href"].startswith("http://www.wikidata.org/entity/")
    assert dom.select("section.sources blockquote mark")
    assert [q.get_text() for q in dom.select("section.outgoing a.span q")] == ["Ada Example", "Ada Example"]
    assert shot.is_file() and shot.stat().st_size > 1000


def test_document_page_in_chromium(server, tmp_path):
    shot = ARTIFACTS / "document.png"
    dom = render(f"{server.url}/id/document/{STEM}", shot, tmp_path)
    # the <script> in the text stayed text: no script element, the words are shown
    assert dom.find("script") is None
    text = dom.select_one("div.doctext")
    assert text.get_text() == TEXT
    mark = text.find("mark", id="char=%d,%d" % _span(TEXT, "Ada Example"))
    assert mark is not None and mark.a["href"] == PERSON
    # the text comes first, before the long property tables
    sections = [sec.get("id") for sec in dom.select("article > section")]
    assert sections[0] == "text" and "properties" in sections
    assert shot.is_file() and shot.stat().st_size > 1000
