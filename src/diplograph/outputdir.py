"""Which folders a build may replace: never one that is not ours.

`build` publishes by swapping a fresh folder in place of `--output`, which removes whatever was
there. So before anything is mapped we check the target: it must be missing, empty, or a folder a
previous build wrote (it holds MARKER, or — for outputs published before the marker existed — only
the files a build writes, with our manifest). The seeds folder, the project root and any folder
that contains either are refused outright, even when empty-looking, since replacing them loses the
documents or the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from diplograph.errors import UsageError

MARKER = ".diplograph-output"
MARKER_TEXT = "Written by `diplograph build`; the folder is replaced on the next build.\n"
# What a build publishes (diplograph.export; the dumps whole or in parts/, diplograph.dumpfiles) and
# the marker: an output folder of an earlier version holds only these.
_PUBLISHED = {"dataset.ttl", "dataset.nq", "void.ttl", "manifest.json", "link-report.json", "graphs", "parts", MARKER}


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def _legacy_output(folder: Path) -> bool:
    """An output folder written before the marker existed: nothing but published files, and a
    manifest.json and void.ttl of the shape a build writes."""
    try:
        names = {p.name for p in folder.iterdir()}
        if not names <= _PUBLISHED or not {"manifest.json", "void.ttl"} <= names:
            return False
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(manifest, dict) and {"base", "graphs", "void", "triples"} <= set(manifest)
            and isinstance(manifest["graphs"], list))


def is_ours(folder: Path) -> bool:
    """True when `folder` is a build's output (marker, or a marker-less output of an earlier version)."""
    return (folder / MARKER).is_file() or _legacy_output(folder)


def check_output_dir(output: Path, *, seeds: Path | None = None, project_root: Path | None = None) -> None:
    """Raise UsageError (exit 2) unless a build may replace `output` (see the module docstring)."""
    out = Path(output).resolve()
    protected = []
    if seeds is not None:
        protected.append(("the seeds folder", Path(seeds).resolve()))
    if project_root is not None:
        protected.append(("the project root", Path(project_root).resolve()))
    protected.append(("your home folder", Path.home().resolve()))
    # Equality first, so that `--output .` in a checkout says "is the project root".
    clash = ([("is", what, f) for what, f in protected if out == f]
             + [("contains", what, f) for what, f in protected if _within(f, out)])
    if clash:
        verb, what, folder = clash[0]
        raise UsageError(f"--output {verb} {what} ({folder}); a build replaces its output folder "
                         "and would delete it. Choose a new or empty folder, e.g. output/", path=str(output))
    if out.exists() and not out.is_dir():
        raise UsageError("--output exists and is not a folder", path=str(output))
    if not out.exists():
        return
    try:
        empty = not any(out.iterdir())
    except OSError as exc:
        raise UsageError(f"--output cannot be read ({exc.strerror})", path=str(output)) from exc
    if empty or is_ours(out):
        return
    raise UsageError("--output is a folder of other files, not one a build wrote (it has no "
                     f"{MARKER}); a build replaces its output folder and would delete them. "
                     "Choose a new or empty folder", path=str(output))


def write_marker(folder: Path) -> None:
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def fresh_dir_beside(target: Path, tag: str = "tmp") -> Path:
    """An empty folder next to `target` (same file system, so it can be swapped in), with the mode
    a plain mkdir would give: mkdtemp's 0700 would publish a folder the web server cannot read."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.{tag}-", dir=target.parent))
    os.chmod(tmp, 0o777 & ~_umask())
    return tmp


def swap_in(new: Path, target: Path) -> None:
    """Put `new` where `target` is, then remove the old one: `target` is always whole, old or new."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rmdir(old)
        os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def staged(target: Path) -> Iterator[Path]:
    """Write into the yielded folder; it replaces `target` only when the block ends without an
    exception (Ctrl-C included), else it is removed and `target` is left as it was."""
    tmp = fresh_dir_beside(target)
    try:
        yield tmp
        swap_in(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
