"""What mapping modules produce: plain dataclasses, no RDF.

A mapping module reads a `Document` and fills an `Extraction`; `rdfize` turns that into triples
following docs/rdf-contract.md. Every fact keeps the `Span` (character offsets into the seed text)
it was read from, or `SIDECAR` when it came from the `.meta.yaml` record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

ENTITY_KINDS = (
    "person", "country", "city", "place", "organization", "agreement", "initiative", "topic", "series",
)


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int

    def text(self, doc_text: str) -> str:
        return doc_text[self.start:self.end]


# A fact read from the sidecar, not the text.
SIDECAR = Span(-1, -1)


@dataclass
class Document:
    """A seed document as read from disk: text plus sidecar fields."""

    stem: str
    path: str
    text: str
    sha256: str
    genre: str
    genre_detected: bool = False
    title: str | None = None
    source_url: str | None = None
    publisher: str | None = None
    date_published: str | None = None  # ISO date
    author: str | None = None
    language: str | None = None
    sidecar_path: str | None = None
    # Spans of page furniture and comment sections: nothing in them becomes a fact.
    excluded: list[Span] = field(default_factory=list)
    # What reading it noticed but did not refuse (an unknown sidecar key): printed by the build.
    warnings: tuple[str, ...] = ()


@dataclass(eq=False)
class Entity:
    kind: str  # one of ENTITY_KINDS
    name: str  # canonical name
    key: str  # slug, stable across documents
    spans: list[Span] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)  # other spellings seen in the text
    subtypes: set[str] = field(default_factory=set)  # e.g. "un-organ", "ministry", "mission", "international"
    wikidata: str | None = None  # set by the linker (verified/likely ids only)
    link_status: str | None = None  # verified | likely | no-verified-id | unknown | ambiguous | do-not-link
    country: str | None = None  # key of the country it belongs to, when known
    description: str | None = None
    from_sidecar: bool = False
    # Person attributes
    languages: list[str] = field(default_factory=list)
    alumni_of: list[tuple["Entity", Span]] = field(default_factory=list)
    affiliations: list[tuple["Entity", Span]] = field(default_factory=list)
    spouses: list[tuple["Entity", Span]] = field(default_factory=list)
    age: tuple[int, Span] | None = None
    launched_by: list[tuple["Entity", Span]] = field(default_factory=list)  # initiatives
    publisher: "Entity | None" = None  # series

    def add_span(self, span: Span) -> None:
        if span not in self.spans:
            self.spans.append(span)


@dataclass
class Post:
    """A post held (schema:OrganizationRole): by a person, or by a country in an organisation."""

    holder: Entity
    role: str
    org: Entity | None
    span: Span
    start: str | None = None  # ISO year, year-month or date, as precise as the text
    end: str | None = None
    attested: str | None = None  # the post was held at this date (a dated text says it is current)
    former: bool = False
    # A diplomat accredited to an international body whose country the text does not name here
    # ("ambassador at the United Nations"): the post is in that country's mission to the body.
    mission_to: Entity | None = None


@dataclass
class Event:
    kind: str  # meeting | consultation | visit | debate | council-meeting | council-presidency | discussion
    name: str
    span: Span
    date: str | None = None
    end_date: str | None = None
    location: Entity | None = None
    forum: Entity | None = None
    attendees: list[Entity] = field(default_factory=list)
    organizers: list[Entity] = field(default_factory=list)
    chair: Entity | None = None
    topics: list[Entity] = field(default_factory=list)
    purpose: str | None = None
    status: str | None = None  # planned | held
    super_event: "Event | None" = None


@dataclass
class Quotation:
    text: str
    speaker: Entity
    span: Span  # span of the quoted words (exact)
    cue_span: Span | None = None  # the "X told Y" / "X:" attribution


@dataclass
class Stance:
    kind: str  # support | commitment | agreement | expectation
    agents: list[Entity]
    description: str
    span: Span
    objects: list[Entity] = field(default_factory=list)


@dataclass
class Image:
    caption: str
    span: Span
    date: str | None = None
    location: Entity | None = None
    credit: str | None = None
    credit_span: Span | None = None
    creator: Entity | None = None
    copyright_holder: Entity | None = None
    depicts: list[Entity] = field(default_factory=list)


@dataclass
class Citation:
    text: str
    span: Span
    number: str | None = None
    marker_span: Span | None = None
    title: str | None = None
    publisher: Entity | None = None
    author: Entity | None = None
    date: str | None = None
    pages: str | None = None


@dataclass
class Extraction:
    doc: Document
    entities: dict[str, Entity] = field(default_factory=dict)  # key -> entity (mentioned in doc)
    author: Entity | None = None
    publisher: Entity | None = None
    series: Entity | None = None
    topics: list[Entity] = field(default_factory=list)  # schema:about
    posts: list[Post] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # reported to the user, not published
    date_span: Span | None = None  # where the text states the document's date, when the sidecar does not

    def mentioned(self) -> Iterable[Entity]:
        return self.entities.values()

    def fact_count(self) -> int:
        return (len(self.entities) + len(self.posts) + len(self.events) + len(self.quotations)
                + len(self.stances) + len(self.images) + len(self.citations))
