"""No stale answers: which build a store holds, and whether that is still the last build.

A build's identity is the SHA-256 of its `manifest.json` (which holds the checksum of every graph
file and of the VoID). `diplograph load` into an embedded store writes, beside the store folder,
`{store}.diplograph-load.json` with that digest and the output folder it came from (not inside the
folder: that is the database's). `query` and `serve --store` compare it with the manifest of the
output folder now and warn when they differ; `serve --input` watches the manifest it loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

RECORD_SUFFIX = ".diplograph-load.json"


def manifest_digest(output: Path) -> str | None:
    """The SHA-256 of `output/manifest.json`; None when there is none (no build yet, or mid-swap)."""
    try:
        return hashlib.sha256((Path(output) / "manifest.json").read_bytes()).hexdigest()
    except OSError:
        return None


def record_path(store_dir: Path) -> Path:
    store_dir = Path(store_dir).resolve()
    return store_dir.parent / (store_dir.name + RECORD_SUFFIX)


def record_load(store_dir: Path, output: Path) -> None:
    digest = manifest_digest(output)
    if digest is None:
        return
    target = record_path(store_dir)
    data = json.dumps({"manifest_sha256": digest, "output": str(Path(output).resolve())}, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(data)
    os.replace(tmp, target)


def stale_store(store_dir: Path, output: Path | None = None) -> str | None:
    """A warning when the store was loaded from a build that is not the output's last one; None
    when it is, or when nothing says (no record, no output)."""
    try:
        record = json.loads(record_path(store_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    output = Path(output) if output is not None else Path(record.get("output", ""))
    now = manifest_digest(output) if str(output) else None
    if now is None or now == record.get("manifest_sha256"):
        return None
    return (f"warning: the store {store_dir} holds an older build than {output} (its manifest.json changed "
            f"since `diplograph load`): answers may be stale; run `diplograph load` again")


__all__ = ["manifest_digest", "record_load", "stale_store", "record_path"]
