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


def test_person_page_in_chromium(server, tmp_path):
    shot = ARTIFACTS / "person.png"
    dom = render(server.url + PERSON, shot, tmp_path)
    assert dom.h1.get_text() == "Ada Example"
    assert [td.get_text(strip=True) for td in dom.select("table.posts tbody tr td")][0] == "Under-Secretary for Testing"
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
