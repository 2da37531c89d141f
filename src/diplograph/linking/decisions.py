"""Reviewed link decisions: mappings/data/link-decisions.csv (versioned, honoured by every build).

Columns: key_or_mention,kind,decision,qid,note
  decision = accept   keep the linker's choice (qid records what was accepted; if the linker later
                      proposes something else the recorded qid still wins)
           | reject   no Wikidata link for this entity (with a qid: never link to that qid)
           | set      link to qid (must be in the slice with status verified/likely)
           | reviewed link to qid chosen by a person although it is not a verified/likely slice item
                      (`diplograph links set --force`)
A malformed line (wrong header or column count, unknown kind/decision, `set` without a qid, a qid
that is not `Q` + digits) raises InputError(path, line): the build stops (exit 3) and output/ is
left as it was. A well-formed line that no longer matches any entity (a stale mention) is a
warning: reported by file:line in the link report and, even with --quiet, as a one-line summary
on stderr (`LinkReport.warning_line()`), never silently dropped.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from diplograph.errors import InputError
from diplograph.model import ENTITY_KINDS
from diplograph.linking.slice import QID_RE

COLUMNS = ["key_or_mention", "kind", "decision", "qid", "note"]
DECISIONS = ("accept", "reject", "set", "reviewed")


@dataclass(frozen=True)
class Decision:
    key_or_mention: str
    kind: str
    decision: str
    qid: str
    note: str
    line: int
    path: str

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def read_decisions(path: Path) -> tuple[list[Decision], list[str]]:
    """(usable decisions, problems). Missing file -> ([], [])."""
    path = Path(path)
    if not path.is_file():
        return [], []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read decisions: {exc}", path=str(path)) from exc
    decisions: list[Decision] = []
    problems: list[str] = []
    header_seen = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        try:
            row = next(csv.reader([raw]))
        except csv.Error as exc:
            raise InputError(f"malformed CSV line: {exc}", path=str(path), line=lineno) from exc
        if not header_seen:
            if [c.strip() for c in row] != COLUMNS:
                raise InputError(f"header must be {','.join(COLUMNS)}", path=str(path), line=lineno)
            header_seen = True
            continue
        if len(row) != len(COLUMNS):
            raise InputError(f"expected {len(COLUMNS)} columns, found {len(row)}", path=str(path), line=lineno)
        key, kind, decision, qid, note = (c.strip() for c in row)
        if not key:
            raise InputError("empty key_or_mention", path=str(path), line=lineno)
        if kind and kind not in ENTITY_KINDS:
            raise InputError(f"unknown kind {kind!r} (one of {', '.join(ENTITY_KINDS)})",
                             path=str(path), line=lineno)
        if decision not in DECISIONS:
            raise InputError(f"unknown decision {decision!r} (one of {', '.join(DECISIONS)})",
                             path=str(path), line=lineno)
        if decision in ("set", "reviewed") and not qid:
            raise InputError(f"decision {decision!r} needs a qid", path=str(path), line=lineno)
        if qid and not QID_RE.match(qid):
            raise InputError(f"{key}: not a Wikidata item id: {qid!r} (Q followed by digits, e.g. Q96)",
                             path=str(path), line=lineno)
        decisions.append(Decision(key, kind, decision, qid, note, lineno, str(path)))
    return decisions, problems


def record_decision(path: Path, key_or_mention: str, kind: str, decision: str, qid: str, note: str) -> str:
    """Add or replace the decision for (key_or_mention, kind); atomic rewrite. Returns 'added'/'replaced'."""
    if decision not in DECISIONS:
        raise InputError(f"unknown decision {decision!r}")
    path = Path(path)
    lines: list[str] = []
    if path.is_file():
        read_decisions(path)  # refuse to rewrite a file we cannot parse
        lines = path.read_text(encoding="utf-8").splitlines()
    if not lines:
        lines = [",".join(COLUMNS)]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow([key_or_mention, kind, decision, qid, note])
    new_line = buf.getvalue()
    action = "added"
    out: list[str] = []
    header_done = False
    for raw in lines:
        if not header_done or not raw.strip() or raw.lstrip().startswith("#"):
            if raw.strip() and not raw.lstrip().startswith("#"):
                header_done = True
            out.append(raw)
            continue
        row = next(csv.reader([raw]))
        if len(row) >= 2 and row[0].strip() == key_or_mention and row[1].strip() == kind:
            if action == "added":
                out.append(new_line)
                action = "replaced"
            continue
        out.append(raw)
    if action == "added":
        out.append(new_line)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".link-decisions.", suffix=".tmp", dir=str(path.parent))
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(out) + "\n")
    os.replace(tmp, path)
    return action
