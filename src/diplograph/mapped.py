"""What the build's main process keeps of a mapped document: its entities as small records.

Cross-document unification and Wikidata linking need only each document's entities (kind, key,
name, aliases, types, country, description, the sentence of the first mention) and a few document
fields; the whole Extraction (text, sentences, posts, events, quotations…) stays pickled, in the
cache or as bytes, until a worker turns it into RDF. An archive's mapped documents thus take a
small part of the memory, and a rebuild does not unpickle the documents that have not changed.
`apply_entity_state` carries what unification and linking decided back onto the Extraction.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field

# The entity fields unification and linking set (build.unify_entities, linking.link_extractions).
LINKED_FIELDS = ("name", "aliases", "subtypes", "country", "description", "wikidata", "link_status")
_LINKED_GETTER = operator.attrgetter(*LINKED_FIELDS)


@dataclass(eq=False)  # identity, as model.Entity: author may be one of the entities
class EntityRecord:
    kind: str
    key: str
    name: str
    aliases: set[str] = field(default_factory=set)
    subtypes: set[str] = field(default_factory=set)
    country: str | None = None
    description: str | None = None
    wikidata: str | None = None
    link_status: str | None = None
    from_sidecar: bool = False
    mention_sentence: str | None = None  # what linking reads as context (None: no mention in the text)


@dataclass
class PostRecord:
    slug: str  # rdfize.post_slug: the post's node
    role: str  # its role name as this document writes it (unification may change it)


@dataclass
class DocumentRecord:
    stem: str
    path: str
    sidecar_path: str | None
    genre: str
    genre_detected: bool
    title: str | None
    source_url: str | None
    warnings: tuple[str, ...] = ()


@dataclass
class MappedDocument:
    doc: DocumentRecord
    entities: dict[str, EntityRecord]
    author: EntityRecord | None
    publisher: EntityRecord | None
    counts: tuple[int, int, int, int]  # entities, posts, events, quotations (for progress lines)
    posts: list[PostRecord] = field(default_factory=list)
    _map_key: str = ""
    blob: bytes | None = None  # the pickled (Extraction, sentences) when the cache does not hold it


def linked_entities(x) -> list:
    """The entities unification and linking touch, in a fixed order: the document's entities, then
    author and publisher when they are not among them."""
    ents = list(x.entities.values())
    seen = {id(e) for e in ents}
    for extra in (x.author, x.publisher):
        if extra is not None and id(extra) not in seen:
            ents.append(extra)
            seen.add(id(extra))
    return ents


def summarize(x) -> MappedDocument:
    """The record of a mapped Extraction (made in the worker that mapped it)."""
    from diplograph.linking import mention_sentence
    from diplograph.rdfize import post_slug

    records: dict[int, EntityRecord] = {}
    for e in linked_entities(x):
        records[id(e)] = EntityRecord(e.kind, e.key, e.name, set(e.aliases), set(e.subtypes), e.country,
                                      e.description, e.wikidata, e.link_status, e.from_sidecar,
                                      mention_sentence(e, x))
    d = x.doc
    return MappedDocument(
        doc=DocumentRecord(d.stem, d.path, d.sidecar_path, d.genre, d.genre_detected, d.title, d.source_url,
                           tuple(getattr(d, "warnings", ()))),
        entities={k: records[id(e)] for k, e in x.entities.items()},
        author=records[id(x.author)] if x.author is not None else None,
        publisher=records[id(x.publisher)] if x.publisher is not None else None,
        counts=(len(x.entities), len(x.posts), len(x.events), len(x.quotations)),
        posts=[PostRecord(post_slug(p), p.role) for p in x.posts],
    )


def linked_state(x) -> str:
    """What cross-document unification and Wikidata linking set on a mapped document's entities and
    on its posts' role names (an Extraction or its MappedDocument record: the same digest);
    everything else is fixed by the map key."""
    from diplograph.cache import sha256

    fields = _LINKED_GETTER
    rows = [(e.kind, e.key, *(sorted(v) if isinstance(v, set) else v for v in fields(e)))
            for e in linked_entities(x)]
    return sha256(repr(rows), "posts", *(p.role for p in x.posts))  # one repr: an archive has 10^5 entities


def entity_state(m: MappedDocument) -> tuple[list[tuple], list[str]]:
    """(the linked fields of each entity record, the role name of each post)."""
    return [tuple(getattr(r, f) for f in LINKED_FIELDS) for r in linked_entities(m)], [p.role for p in m.posts]


def apply_entity_state(x, state: tuple[list[tuple], list[str]]) -> None:
    """Set on the Extraction's entities and posts what unification and linking decided for their records."""
    values_of, roles = state
    ents = linked_entities(x)
    if len(ents) != len(values_of) or len(roles) != len(x.posts):
        raise ValueError("entity records do not match the mapped document (stale cache entry)")
    for e, values in zip(ents, values_of):
        for f, v in zip(LINKED_FIELDS, values):
            setattr(e, f, set(v) if isinstance(v, set) else v)
    for p, role in zip(x.posts, roles):
        p.role = role
