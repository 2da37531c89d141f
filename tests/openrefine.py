"""A real OpenRefine (Debian package `openrefine`) on 127.0.0.1, driven through its HTTP API.

`OpenRefine` starts it on a free port with its own data folder and a small heap, waits for it
(bounded), and stops it — the launcher script and its Java child together, as one process group.
The methods are the calls OpenRefine's own web UI makes: a CSRF token, a project from an uploaded
CSV, the reconcile and extend-data operations (long-running processes, polled until done), rows.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx

LAUNCHER = "/usr/share/openrefine/refine"
ENGINE = json.dumps({"facets": [], "mode": "row-based"})


def openrefine_missing() -> str | None:
    """Why OpenRefine cannot run here, or None."""
    if not (os.path.isfile(LAUNCHER) and os.access(LAUNCHER, os.X_OK)):
        return "OpenRefine is not installed (apt-get install -y openrefine, as .ci/run does)"
    if shutil.which("java") is None:
        return "java is not installed (the openrefine package depends on it)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OpenRefine:
    def __init__(self, workdir: Path, start_timeout: float = 90):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        workdir.mkdir(parents=True, exist_ok=True)
        ini = workdir / "refine.ini"
        # a small heap: the test project has a handful of rows, and the machine is shared
        ini.write_text('no_proxy="localhost,127.0.0.1"\nREFINE_MEMORY=512M\nREFINE_MIN_MEMORY=128M\n', encoding="utf-8")
        self.log = workdir / "openrefine.log"
        self._log = open(self.log, "wb")
        self.proc = subprocess.Popen(
            [LAUNCHER, "-i", "127.0.0.1", "-p", str(self.port), "-d", str(workdir / "data"), "-m", "512M",
             "-c", str(ini), "-x", "refine.headless=true", "-v", "warn"],
            cwd=os.path.dirname(LAUNCHER), stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        self.http = httpx.Client(base_url=self.url, timeout=30)
        deadline = time.monotonic() + start_timeout
        while True:
            if self.proc.poll() is not None:
                self.stop()
                raise RuntimeError("OpenRefine exited: " + self.log.read_text(errors="replace")[-2000:])
            try:
                if self.http.get("/command/core/get-version", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"OpenRefine did not answer within {start_timeout:.0f} s")
            time.sleep(0.5)

    # ---- the API -----------------------------------------------------------------------------
    def token(self) -> str:
        return self.http.get("/command/core/get-csrf-token").json()["token"]

    def create_project(self, name: str, csv_text: str) -> str:
        options = {"encoding": "UTF-8", "separator": ",", "ignoreLines": -1, "headerLines": 1, "skipDataLines": 0,
                   "limit": -1, "storeBlankRows": True, "guessCellValueTypes": False, "processQuotes": True,
                   "storeBlankCellsAsNulls": True, "includeFileSources": False}
        r = self.http.post("/command/core/create-project-from-upload", params={"csrf_token": self.token()},
                           data={"project-name": name, "format": "text/line-based/*sv",
                                 "options": json.dumps(options)},
                           files={"project-file": (f"{name}.csv", csv_text.encode("utf-8"), "text/csv")})
        location = r.headers.get("location", "")
        if r.status_code not in (302, 303) or "project=" not in location:
            raise RuntimeError(f"project not created: {r.status_code} {r.text[:500]}")
        return location.split("project=", 1)[1].split("&", 1)[0]

    def _operation(self, command: str, project: str, data: dict) -> dict:
        r = self.http.post(f"/command/core/{command}", params={"project": project, "csrf_token": self.token()},
                           data={**data, "engine": ENGINE})
        r.raise_for_status()
        answer = r.json()
        if answer.get("code") == "error":
            raise RuntimeError(f"{command}: {answer}")
        return answer

    def wait(self, project: str, timeout: float = 60) -> None:
        """Until the project's long-running processes (reconcile, extend) are done."""
        deadline = time.monotonic() + timeout
        while True:
            procs = self.http.get("/command/core/get-processes", params={"project": project}).json()
            if not procs.get("processes"):
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"processes still running after {timeout:.0f} s: {procs}")
            time.sleep(0.3)

    def reconcile(self, project: str, column: str, service: str, manifest: dict, type_id: str,
                  properties: dict[str, str]) -> None:
        config = {"mode": "standard-service", "service": service,
                  "identifierSpace": manifest["identifierSpace"], "schemaSpace": manifest["schemaSpace"],
                  "type": {"id": type_id, "name": type_id}, "autoMatch": True, "limit": 0,
                  "columnDetails": [{"column": c, "propertyName": p, "propertyID": p} for c, p in properties.items()]}
        self._operation("reconcile", project, {"columnName": column, "config": json.dumps(config)})
        self.wait(project)

    def extend(self, project: str, column: str, service: str, manifest: dict, properties: list[dict],
               insert_at: int) -> None:
        self._operation("extend-data", project, {
            "baseColumnName": column, "endpoint": service, "identifierSpace": manifest["identifierSpace"],
            "schemaSpace": manifest["schemaSpace"], "extension": json.dumps({"properties": properties}),
            "columnInsertIndex": str(insert_at)})
        self.wait(project)

    def table(self, project: str) -> tuple[list[str], list[list[dict | None]]]:
        """(column names, cells of each row in column order: {"v": value, "r": recon} or None; the
        recon objects resolved from the response's pool)."""
        models = self.http.get("/command/core/get-models", params={"project": project}).json()
        columns = [(c["name"], c["cellIndex"]) for c in models["columnModel"]["columns"]]
        rows = self.http.get("/command/core/get-rows", params={"project": project, "start": 0, "limit": 100}).json()
        recons = rows.get("pool", {}).get("recons", {})
        out = []
        for row in rows["rows"]:
            cells = [dict(c, r=recons.get(str(c["r"]), c["r"])) if c and "r" in c else c for c in row["cells"]]
            out.append([cells[i] if i < len(cells) else None for _, i in columns])
        return [n for n, _ in columns], out

    # ---- stopping ----------------------------------------------------------------------------
    def stop(self) -> None:
        """SIGTERM to the process group (the launcher script and its java child), SIGKILL after 15 s."""
        self.http.close()
        group = self.proc.pid
        _signal_group(group, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while _group_alive(group) and time.monotonic() < deadline:
            self.proc.poll()  # reap the launcher
            time.sleep(0.2)
        if _group_alive(group):
            _signal_group(group, signal.SIGKILL)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _signal_group(group: int, sig: int) -> None:
    try:
        os.killpg(group, sig)
    except ProcessLookupError:
        pass


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
        return True
    except ProcessLookupError:
        return False
