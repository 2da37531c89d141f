"""Screenshots of the pages for docs/ (390 px wide, headless Chromium), from the published output.

    .venv/bin/python scripts/screenshots.py [OUTPUT_DIR] [DOCS_DIR]

Serves OUTPUT_DIR (default output/) with `diplograph serve` on a free port and shoots the home
page, the most mentioned person and the newest document: which ones is read from the data, so
nothing here names a document or a person.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    output = Path(argv[0]) if argv else ROOT / "output"
    docs = Path(argv[1]) if len(argv) > 1 else ROOT / "docs"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium is not installed", file=sys.stderr)
        return 2
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "diplograph", "serve", "--input", str(output), "--port", str(port),
                               "--quiet"], cwd=ROOT)
    try:
        for _ in range(300):
            try:
                httpx.get(url + "/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        from bs4 import BeautifulSoup

        home = BeautifulSoup(httpx.get(url + "/").text, "html.parser")
        person = home.select_one("section.mentioned .column ol a")["href"]
        document = home.select_one("section.documents a.title")["href"]
        with tempfile.TemporaryDirectory() as tmp:
            for name, path, height in (("home", "/", 1100), ("person", person, 1500), ("document", document, 1100)):
                shot = docs / f"screenshot-{name}.png"
                subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                "--hide-scrollbars", f"--window-size=390,{height}", f"--user-data-dir={tmp}/p",
                                f"--screenshot={shot}", url + path], check=True, capture_output=True, timeout=90)
                print(f"{shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot}: {path}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
