"""Reading gold files (`{stem}.gold.yaml`): what a careful reader takes from a document.

The format is documented in docs/evaluate.md. A gold file is checked here, before any scoring, so
that a typo ("entites:", a quotation without `starts`) is an error naming the file and line rather
than a silently lower figure or a traceback. Values are returned as YAML gives them: the scorer
applies the matching rules to them exactly as written.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from diplograph.errors import InputError
from diplograph.seeds import yaml_problem

GOLD_SUFFIX = ".gold.yaml"

# Allowed keys per level; the scorer reads some of them, the rest document the reader's judgement.
TOP_KEYS = ("doc", "conventions", "document_metadata", "entities", "events", "quotations", "notes")
METADATA_KEYS = ("title", "author", "date", "place", "publisher", "document_type", "note")
ENTITY_KEYS = ("name", "type", "aliases", "positions", "other_roles", "note")
POSITION_KEYS = ("role", "organization", "country", "start", "end", "status", "note")
EVENT_KEYS = ("what", "date", "date_implied", "place", "participants", "topics", "status", "note")
QUOTATION_KEYS = ("speaker", "starts", "note")

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALAR = (str, int, float)


class GoldError(InputError):
    """A gold file is malformed or holds a value the scorer cannot use."""


def gold_files(gold_dir: Path) -> list[Path]:
    """The gold files of a folder, in name order (the order documents are reported in)."""
    return sorted(p for p in Path(gold_dir).glob(f"*{GOLD_SUFFIX}") if p.is_file())


def stem_of(path: Path) -> str:
    return path.name[: -len(GOLD_SUFFIX)]


def load_yaml(path: Path, error=GoldError) -> tuple[object, yaml.Node | None]:
    """(data, node tree) of a YAML file; malformed YAML is `error` with the line where it starts."""
    raw = path.read_bytes()
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error("not UTF-8", path=str(path), line=raw[:exc.start].count(b"\n") + 1) from exc
    try:
        return yaml.load(source, Loader=_LOADER), yaml.compose(source, Loader=_LOADER)
    except yaml.YAMLError as exc:
        detail, line = yaml_problem(exc)
        raise error(f"malformed YAML: {detail}", path=str(path), line=line) from exc


def read_gold(path: Path) -> dict:
    """A checked gold file: a mapping with the keys of TOP_KEYS (all optional)."""
    data, node = load_yaml(path)
    check = _Checker(path)
    if data is None:
        return {}
    check.mapping(data, node, TOP_KEYS, "the gold file")
    items = dict(check.items(node))
    if data.get("document_metadata") is not None:
        md, md_node = data["document_metadata"], items["document_metadata"]
        check.mapping(md, md_node, METADATA_KEYS, "document_metadata")
        for key in ("title", "author", "date"):
            check.scalar(md.get(key), _child(md_node, key), f"document_metadata.{key}")
    for kind, keys, each in (("entities", ENTITY_KEYS, check.entity), ("events", EVENT_KEYS, check.event),
                             ("quotations", QUOTATION_KEYS, check.quotation)):
        value = data.get(kind)
        if value is None:
            continue
        check.sequence(value, items[kind], kind)
        for i, (item, item_node) in enumerate(zip(value, items[kind].value)):
            check.mapping(item, item_node, keys, f"{kind}[{i}]")
            each(item, item_node, f"{kind}[{i}]")
    return data


def read_meta(path: Path) -> dict:
    """A document's sidecar as plain YAML ({} when there is none): its title, date and author stand in
    for those the gold file leaves out. Only the YAML is checked here (the build checks the rest)."""
    if not path.is_file():
        return {}
    data, _ = load_yaml(path, error=InputError)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError("sidecar must be a mapping of keys to values", path=str(path), line=1)
    return data


def _child(node, key):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return node


class _Checker:
    def __init__(self, path: Path):
        self.path = str(path)

    def fail(self, message: str, node) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        raise GoldError(message, path=self.path, line=line)

    def items(self, node):
        return [(k.value, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]

    def mapping(self, value, node, allowed, where: str) -> None:
        if not isinstance(value, dict):
            self.fail(f"{where} must be a mapping, got {_kind(value)}", node)
        for key, key_node in ((k.value, k) for k, _ in node.value):
            if key not in allowed:
                self.fail(f"unknown key {key!r} in {where}; allowed: {', '.join(allowed)}", key_node)

    def sequence(self, value, node, where: str) -> None:
        if not isinstance(value, list):
            self.fail(f"{where} must be a list, got {_kind(value)}", node)

    def scalar(self, value, node, where: str, required: bool = False, text: bool = False) -> None:
        """A string (with `text` False also a number or a date: YAML reads an unquoted 2017-10-31 as a
        date, and the scorer compares the value's text, which is the same)."""
        if value is None and not required:
            return
        allowed = str if text else (*_SCALAR, datetime.date)
        if isinstance(value, bool) or not isinstance(value, allowed):
            self.fail(f"{where} must be a string, got {_kind(value)}", node)
        if required and not str(value).strip():
            self.fail(f"{where} must not be empty", node)

    def strings(self, value, node, where: str) -> None:
        if value is None:
            return
        self.sequence(value, node, where)
        for i, (v, n) in enumerate(zip(value, node.value)):
            self.scalar(v, n, f"{where}[{i}]", required=True)

    def entity(self, ent: dict, node, where: str) -> None:
        if "name" not in ent:
            self.fail(f"{where} has no name", node)
        self.scalar(ent["name"], _child(node, "name"), f"{where}.name", required=True)
        self.scalar(ent.get("type"), _child(node, "type"), f"{where}.type")
        self.scalar(ent.get("note"), _child(node, "note"), f"{where}.note")
        self.strings(ent.get("aliases"), _child(node, "aliases"), f"{where}.aliases")
        positions = ent.get("positions")
        if positions is None:
            return
        pos_node = _child(node, "positions")
        self.sequence(positions, pos_node, f"{where}.positions")
        for i, (pos, n) in enumerate(zip(positions, pos_node.value)):
            here = f"{where}.positions[{i}]"
            self.mapping(pos, n, POSITION_KEYS, here)
            self.scalar(pos.get("role"), _child(n, "role"), f"{here}.role", text=True)
            for key in ("start", "end"):
                self.scalar(pos.get(key), _child(n, key), f"{here}.{key}")

    def event(self, ev: dict, node, where: str) -> None:
        for key in ("what", "date", "date_implied"):
            self.scalar(ev.get(key), _child(node, key), f"{where}.{key}")

    def quotation(self, q: dict, node, where: str) -> None:
        for key in ("speaker", "starts"):
            if key not in q:
                self.fail(f"{where} has no {key}", node)
            self.scalar(q[key], _child(node, key), f"{where}.{key}", required=True, text=True)


def _kind(value) -> str:
    return "nothing" if value is None else type(value).__name__
