"""Reading seed documents and their `.meta.yaml` sidecars, with errors that name file and line."""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from diplograph.errors import InputError, SidecarError
from diplograph.model import Document
from diplograph.text.dates import valid_iso

GENRES = ("joint-statement", "opinion", "news-profile")
SIDECAR_KEYS = ("genre", "title", "source_url", "publisher", "date_published", "author", "language")
SIDECAR_SUFFIX = ".meta.yaml"
# Bigger documents are refused: the toolkit holds a document in memory while mapping it.
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
# A sidecar is a handful of short fields; anything bigger is not one (and a huge value would be
# copied into every page and triple that shows it).
MAX_SIDECAR_BYTES = 64 * 1024
# C0 control characters other than tab, newline and carriage return, and DEL: refused, not stripped,
# because published offsets point into the bytes as stored (stripping would shift them) and such
# characters in a title or a name reach terminals and pages.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
# A document's file name becomes its IRIs (…/document/{stem}, its graph, its spans) and its file
# names in output/ and on the site: letters, digits and . _ ~ - only, so no IRI needs escaping.
_STEM = re.compile(r"^[^\W][\w.~-]*$")
# What RFC 3987 allows in an IRI (no space, control character, <>"{}|\^`), as pyoxigraph checks it.
_IRI = re.compile(r"^https?://[^\x00-\x20<>\"{}|\\^`\x7f]+$")


@dataclass(frozen=True)
class SeedPair:
    text_path: Path
    sidecar_path: Path


def discover(seeds_dir: Path) -> list[SeedPair]:
    """The `*.txt` documents of a seeds folder, in name order, each with its sidecar path."""
    if not seeds_dir.is_dir():
        raise InputError("seeds folder not found", path=str(seeds_dir))
    pairs = []
    for p in sorted(seeds_dir.glob("*.txt")):
        pairs.append(SeedPair(p, p.with_name(p.stem + SIDECAR_SUFFIX)))
    return pairs


def unread_files(seeds_dir: Path) -> list[str]:
    """Files of the seeds folder a build does not read but that look meant to be read ("file: why"):
    a document or sidecar with the wrong suffix, a sidecar without its document."""
    stems = {p.stem for p in seeds_dir.glob("*.txt")}
    out = []
    for p in sorted(seeds_dir.iterdir()):
        name, low = p.name, p.name.lower()
        if name.endswith(".txt") or not p.is_file():
            continue
        if low.endswith(".txt"):
            out.append(f"{p}: not read: documents must end in .txt (lower case); rename it")
        elif low.endswith((".meta.yml", ".meta.yaml")) and not name.endswith(SIDECAR_SUFFIX):
            out.append(f"{p}: not read: sidecars are NAME{SIDECAR_SUFFIX}; rename it")
        elif name.endswith(SIDECAR_SUFFIX) and name[:-len(SIDECAR_SUFFIX)] not in stems:
            out.append(f"{p}: not read: a sidecar without its document {name[:-len(SIDECAR_SUFFIX)]}.txt")
    return out


def check_inside(path: Path, what: str) -> None:
    """A seed or sidecar that is a symlink must point inside its seeds folder: a link to a file
    elsewhere (~/.netrc, /etc/…) would be published verbatim in the dataset and the pages."""
    if not path.is_symlink():
        return
    folder = path.parent.resolve()
    target = path.resolve()
    if folder not in target.parents:
        raise InputError(f"{what} is a symbolic link to a file outside the seeds folder ({target}); "
                         "refused so that nothing outside it is published: copy the file in instead",
                         path=str(path))


def check_regular(path: Path, what: str) -> None:
    """Only plain files are read: a FIFO or device named like a seed would block the build forever."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # missing: reported by the reader with its own message
    if not stat.S_ISREG(mode):
        raise InputError(f"{what} is not a regular file (a folder, FIFO or device); refused", path=str(path))


def check_stem(path: Path) -> None:
    if not _STEM.match(path.stem):
        raise InputError(f"file name {path.stem!r} cannot become an IRI: use letters, digits and . _ ~ - "
                         "only (no spaces, #, ?, <, quotes or control characters); rename it", path=repr(str(path))[1:-1])


def read_text(path: Path, data: bytes | None = None) -> tuple[str, str]:
    """The document text (UTF-8, exactly as stored) and its sha256; `data`: its bytes, already read
    (by a build's main process, for a worker that need not see the file)."""
    try:
        size = path.stat().st_size if data is None else len(data)
    except OSError as exc:
        raise InputError(f"cannot read document ({exc.strerror})", path=str(path)) from exc
    if size > MAX_DOCUMENT_BYTES:
        raise InputError(
            f"document is {size / 1e6:.1f} MB; the limit is {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB "
            "(split it into articles first)", path=str(path))
    if data is None:
        data = path.read_bytes()
    if not data.strip():
        raise InputError("document is empty", path=str(path))
    if b"\x00" in data[:8192]:
        raise InputError("document is a binary file, not UTF-8 text", path=str(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError(f"bytes that are not UTF-8 at byte {exc.start} ({data[exc.start:exc.start + 1]!r})",
                         path=str(path), line=line) from exc
    if text.startswith("\ufeff"):
        raise InputError("document starts with a byte-order mark; remove it so offsets stay exact", path=str(path))
    _refuse_controls(text, path, "document")
    return text, hashlib.sha256(data).hexdigest()


def _refuse_controls(text: str, path: Path, what: str) -> None:
    m = _CONTROL.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise InputError(f"{what} holds the control character {m.group()!r} (character {m.start()}); "
                         "only tab, newline and carriage return are allowed: remove it or use a newline",
                         path=str(path), line=line)


# libyaml's loader when PyYAML was built with it: same documents, same error marks, ~8x faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_problem(exc: yaml.YAMLError) -> tuple[str, int | None]:
    """What is wrong in a YAML file and on which line: where the broken construct starts (an
    unclosed quote), and where YAML noticed when that is another line."""
    context, mark = getattr(exc, "context_mark", None), getattr(exc, "problem_mark", None)
    line = (context or mark).line + 1 if (context or mark) else None
    problem = getattr(exc, "problem", None) or str(exc)
    what = getattr(exc, "context", None)
    detail = f"{what}: {problem}" if what else problem
    if context and mark and mark.line != context.line:
        detail += f" (noticed at line {mark.line + 1})"
    return detail, line


def read_sidecar(path: Path, raw: bytes | None = None) -> dict:
    """Sidecar fields, validated; errors carry the YAML line. `raw`: its bytes, already read."""
    if raw is None:
        if not path.exists():
            raise SidecarError("sidecar missing (every document needs NAME.meta.yaml beside it)", path=str(path))
        size = path.stat().st_size
        if size > MAX_SIDECAR_BYTES:
            raise SidecarError(f"sidecar is {size:,} bytes; the limit is {MAX_SIDECAR_BYTES:,} (a few short fields)",
                               path=str(path))
        raw = path.read_bytes()
    if len(raw) > MAX_SIDECAR_BYTES:
        raise SidecarError(f"sidecar is {len(raw):,} bytes; the limit is {MAX_SIDECAR_BYTES:,} (a few short fields)",
                           path=str(path))
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SidecarError("sidecar is not UTF-8", path=str(path), line=raw[:exc.start].count(b"\n") + 1) from exc
    _refuse_controls(source, path, "sidecar")
    try:
        node = yaml.compose(source, Loader=_YAML_LOADER)
        data = yaml.load(source, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        detail, line = yaml_problem(exc)
        raise SidecarError(f"malformed YAML: {detail}", path=str(path), line=line) from exc
    if data is None:
        data, lines = {}, {}
    elif not isinstance(data, dict):
        raise SidecarError("sidecar must be a mapping of keys to values", path=str(path), line=1)
    else:
        lines = {k.value: k.start_mark.line + 1 for k, _ in node.value} if node is not None else {}
    out: dict = {"warnings": []}
    for key, value in data.items():
        line = lines.get(key)
        if key not in SIDECAR_KEYS:
            # Harvesters add their own keys (word_count, notes): noticed, not fatal.
            where = f"{path}:{line}" if line else str(path)
            out["warnings"].append(f"{where}: unknown key {key!r} ignored; known: {', '.join(SIDECAR_KEYS)}")
            continue
        if value is None:
            out[key] = None
            continue
        if isinstance(value, (_dt.date, _dt.datetime)) and key == "date_published":
            value = value.isoformat()[:10]
        if not isinstance(value, str):
            raise SidecarError(f"{key} must be a string, got {type(value).__name__}", path=str(path), line=line)
        value = value.strip()
        if _CONTROL.search(value):  # a YAML escape ("\x1b") in a quoted value
            raise SidecarError(f"{key} holds a control character ({_CONTROL.search(value).group()!r})",
                               path=str(path), line=line)
        if key == "genre" and value not in GENRES:
            raise SidecarError(f"unknown genre {value!r}; allowed: {', '.join(GENRES)}", path=str(path), line=line)
        if key == "date_published" and not (len(value) == 10 and valid_iso(value)):
            raise SidecarError(f"date_published {value!r} is not a valid YYYY-MM-DD date", path=str(path), line=line)
        if key == "language" and not _LANG.match(value):
            raise SidecarError(f"language {value!r} is not a BCP 47 tag", path=str(path), line=line)
        if key == "source_url" and not re.match(r"^https?://\S+$", value):
            raise SidecarError(f"source_url {value!r} is not an http(s) URL", path=str(path), line=line)
        if key == "source_url" and not _IRI.match(value):
            bad = sorted({c for c in value if not _IRI.match("http://" + c)})
            raise SidecarError(f"source_url {value!r} has characters an IRI may not hold "
                               f"({' '.join(map(repr, bad))}); percent-encode them", path=str(path), line=line)
        out[key] = value
    return out


# (pattern, weight, minimum number of hits)
_GENRE_CUES = {
    "joint-statement": [(r"(?im)^\s*joint (?:press )?statement\b", 3, 1),
                        (r"(?i)\bjoint (?:communiqu[eé]|declaration)\b", 3, 1),
                        (r"(?i)\b(?:agreed|reaffirmed|underlined|discussed|welcomed)\b", 1, 2)],
    "opinion": [(r"(?im)^\s*(?:[•*-]\s*)?opinion\s*$", 2, 1), (r"(?i)this article is part of the series", 2, 1),
                (r"(?i)\bop-ed\b", 1, 1), (r"(?im)^\s*(?:[•*-]\s*)?\d+ min read\s*$", 2, 1)],
    "news-profile": [(r"(?m)^[A-Z][A-Za-z ]{2,40}: \S", 1, 3), (r"\b(?:told|said)\b", 1, 2),
                     (r"(?m)^[A-Z][\w ]+: [A-Z“\"]", 1, 3), (r"(?i)\binterview", 1, 1)],
}


def detect_genre(text: str) -> tuple[str, float]:
    """Guess the genre from weighted cues in the text; returns (genre, share of the weight it won)."""
    scores = {g: sum(w for p, w, least in cues if len(re.findall(p, text)) >= least)
              for g, cues in _GENRE_CUES.items()}
    genre = max(GENRES, key=lambda g: (scores[g], -GENRES.index(g)))
    total = sum(scores.values()) or 1
    return genre, scores[genre] / total


def read_document(pair: SeedPair, text: bytes | None = None, sidecar: bytes | None = None) -> Document:
    """`text`, `sidecar`: the files' bytes when already read (None: read them here)."""
    check_stem(pair.text_path)
    check_inside(pair.text_path, "document")
    check_inside(pair.sidecar_path, "sidecar")
    if text is None:
        check_regular(pair.text_path, "document")
    if sidecar is None:
        check_regular(pair.sidecar_path, "sidecar")
    text, sha = read_text(pair.text_path, text)
    meta = read_sidecar(pair.sidecar_path, sidecar)
    genre = meta.get("genre")
    detected = False
    if not genre:
        genre, confidence = detect_genre(text)
        detected = True
        if confidence == 0:
            raise SidecarError("no genre in the sidecar and none could be detected from the text; "
                               f"add genre: one of {', '.join(GENRES)}", path=str(pair.sidecar_path))
    return Document(
        stem=pair.text_path.stem, path=str(pair.text_path), text=text, sha256=sha, genre=genre,
        genre_detected=detected, title=meta.get("title"), source_url=meta.get("source_url"),
        publisher=meta.get("publisher"), date_published=meta.get("date_published"), author=meta.get("author"),
        language=meta.get("language"), sidecar_path=str(pair.sidecar_path),
        warnings=tuple(meta.get("warnings", ())),
    )
