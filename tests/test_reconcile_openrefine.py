"""A real OpenRefine reconciles a spreadsheet against `diplograph serve` and pulls columns back.

Needs Debian's `openrefine` (CI: `.ci/run` installs it); skipped with the reason otherwise. Both
servers listen on 127.0.0.1 (free ports), start within a bounded time and are stopped at the end.
With headless Chromium installed, a screenshot of the reconciled project goes to test-artifacts/.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from openrefine import OpenRefine, openrefine_missing
from test_reconcile import SPREADSHEET
from test_web import LiveServer

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MISSING = openrefine_missing()

pytestmark = [pytest.mark.server, pytest.mark.skipif(MISSING is not None, reason=MISSING or "")]


def test_openrefine_reconciles_a_name_column_and_extends_it(tmp_path):
    csv = "name,country\n" + "".join(f"{name},{country}\n" for name, country, _ in SPREADSHEET)
    with LiveServer(REPO / "output", REPO / "ontology" / "diplograph.ttl") as server, \
            OpenRefine(tmp_path / "openrefine") as refine:
        service = server.url + "/reconcile"
        manifest = httpx.get(service, timeout=10).json()
        project = refine.create_project("newsroom", csv)
        refine.reconcile(project, "name", service, manifest, "Person", {"country": "country"})
        refine.extend(project, "name", service, manifest,
                      [{"id": "post", "name": "current post"}, {"id": "country", "name": "country"},
                       {"id": "documents", "name": "documents"}], insert_at=1)
        columns, rows = refine.table(project)
        if CHROMIUM:
            _screenshot(f"{refine.url}/project?project={project}", ARTIFACTS / "openrefine.png", tmp_path)

    assert columns[0] == "name" and columns[-1] == "country"
    assert len(columns) == 5  # name, the three pulled columns, the original country column
    for (name, _, expected), row in zip(SPREADSHEET, rows):
        recon = row[0]["r"]
        if expected is None:
            assert recon["j"] == "none", (name, recon)  # nothing certain: left for the user to judge
            assert all(cell is None or cell.get("v") in (None, "") for cell in row[1:4])
            continue
        assert recon["j"] == "matched" and recon["m"]["id"] == expected, (name, recon)
        post, country, documents = row[1], row[2], row[3]
        assert post["r"]["m"]["id"].startswith("post/" + expected.split("/", 1)[1] + "--")  # a reconciled cell
        assert country["v"] == row[4]["v"] and country["r"]["m"]["id"].startswith("country/")
        assert isinstance(documents["v"], int) and documents["v"] >= 1


def _screenshot(url: str, shot: Path, tmp_path: Path) -> None:
    """OpenRefine's page with the reconciled cells, rendered by headless Chromium (its UI is
    JavaScript: a virtual-time budget lets it load the rows)."""
    shot.parent.mkdir(parents=True, exist_ok=True)
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
           "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage",
           "--hide-scrollbars", "--window-size=1100,420", "--virtual-time-budget=15000",
           f"--user-data-dir={tmp_path / 'chromium'}", f"--screenshot={shot}", url]
    proc = subprocess.run(cmd, capture_output=True, timeout=90)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    assert shot.is_file() and shot.stat().st_size > 1000
