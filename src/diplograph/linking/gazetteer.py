"""Read-only view of mappings/data/gazetteer.csv (owned by the mapping code) for the linker."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from diplograph.errors import InputError

LINKABLE = ("verified", "likely")


@dataclass(frozen=True)
class GazetteerRow:
    key: str
    kind: str
    label: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    wikidata_id: str = ""
    status: str = ""
    source: str = ""
    country: str = ""
    description: str = ""
    subtypes: tuple[str, ...] = ()
    line: int = 0


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (value or "").split("|") if a.strip())


def read_gazetteer(path: Path) -> list[GazetteerRow]:
    """Rows of the gazetteer; [] when the file does not exist (yet)."""
    if not path.is_file():
        return []
    rows: list[GazetteerRow] = []
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            for rec in reader:
                if not rec or not (rec.get("key") or "").strip() or (rec.get("key") or "").startswith("#"):
                    continue
                rows.append(GazetteerRow(
                    key=rec["key"].strip(),
                    kind=(rec.get("kind") or "").strip(),
                    label=(rec.get("label") or "").strip(),
                    aliases=_split(rec.get("aliases")),
                    demonyms=_split(rec.get("demonyms")),
                    wikidata_id=(rec.get("wikidata_id") or "").strip(),
                    status=(rec.get("status") or "").strip(),
                    source=(rec.get("source") or "").strip(),
                    country=(rec.get("country") or "").strip(),
                    description=(rec.get("description") or "").strip(),
                    subtypes=_split(rec.get("subtypes")),
                    line=reader.line_num,
                ))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read gazetteer: {exc}", path=str(path)) from exc
    return rows


@dataclass
class GazetteerIndex:
    rows: list[GazetteerRow] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_key: dict[tuple[str, str], GazetteerRow] = {}
        self.by_key_any: dict[str, GazetteerRow] = {}
        for row in self.rows:
            self.by_key.setdefault((row.kind, row.key), row)
            self.by_key_any.setdefault(row.key, row)

    def get(self, kind: str, key: str) -> GazetteerRow | None:
        return self.by_key.get((kind, key)) or self.by_key_any.get(key)

    def country_qid(self, country_key: str) -> str | None:
        row = self.by_key.get(("country", country_key)) or self.by_key_any.get(country_key)
        if row and row.wikidata_id and row.status in LINKABLE:
            return row.wikidata_id
        return None
