"""What mapping modules produce: plain dataclasses, no RDF.

A mapping module reads a `Document` and fills an `Extraction`; `rdfize` turns that into triples
following docs/rdf-contract.md. Every fact keeps the `Span` (character offsets into the seed text)
it was read from, or `SIDECAR` when it came from the `.meta.yaml` record.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Iterable

ENTITY_KINDS = (
    "person", "country", "city", "place", "organization", "agreement", "initiative", "topic", "series",
    "work",
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

    # An index of `spans` (a set, and the spans sorted by start) so that add_span and the "mentioned
    # in this sentence?" tests are not linear in the mentions: that made mapping quadratic in the
    # document's size. It follows the list it indexed; a list changed or replaced directly is
    # re-indexed on the next call. Not pickled (derived).
    _ix_list: list | None = field(default=None, init=False, repr=False, compare=False)
    _ix_len: int = field(default=0, init=False, repr=False, compare=False)
    _ix_set: set | None = field(default=None, init=False, repr=False, compare=False)
    _ix_sorted: list | None = field(default=None, init=False, repr=False, compare=False)
    _ix_starts: list | None = field(default=None, init=False, repr=False, compare=False)
    _ix_longest: int = field(default=0, init=False, repr=False, compare=False)

    def _sync(self) -> None:
        if self._ix_list is not self.spans or self._ix_len != len(self.spans):
            self._ix_list, self._ix_len, self._ix_set = self.spans, len(self.spans), set(self.spans)
            self._ix_sorted = self._ix_starts = None

    def add_span(self, span: Span) -> None:
        self._sync()
        if span not in self._ix_set:
            self._ix_set.add(span)
            self.spans.append(span)
            self._ix_len += 1
            self._ix_sorted = self._ix_starts = None

    def _sorted_index(self) -> list:
        self._sync()
        if self._ix_sorted is None:
            self._ix_sorted = sorted(self.spans)
            self._ix_starts = [s.start for s in self._ix_sorted]
            self._ix_longest = max((s.end - s.start for s in self._ix_sorted), default=0)
        return self._ix_sorted

    def spans_from(self, start: int, end: int) -> list[Span]:
        """The spans that start in [start, end), in text order."""
        spans = self._sorted_index()
        return spans[bisect_left(self._ix_starts, start):bisect_left(self._ix_starts, end)]

    def spans_containing(self, start: int, end: int) -> list[Span]:
        """The spans that hold [start, end): they start at most the longest span's length before it."""
        self._sorted_index()
        return [s for s in self.spans_from(start - self._ix_longest, start + 1) if end <= s.end]

    def mentioned_in(self, start: int, end: int) -> bool:
        """A span of this entity starts in [start, end)."""
        return bool(self.spans_from(start, end))

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_ix_")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._ix_list = self._ix_set = self._ix_sorted = self._ix_starts = None
        self._ix_len = 0


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
    # The rest of a quotation interrupted by its attribution (“First half,” X said, “second half.”).
    more_spans: list[Span] = field(default_factory=list)


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
    coauthors: list[Entity] = field(default_factory=list)  # a sidecar's "A and B": B (A is the author)
    topics: list[Entity] = field(default_factory=list)  # schema:about
    posts: list[Post] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # reported to the user, not published
    date_span: Span | None = None  # where the text states the document's date, when the sidecar does not
    # A date line giving only a year or a month ("1999 Spring", "March 2020"): published then, but not
    # precise enough to date the text's month-day mentions.
    date_partial: str | None = None
    # Which mapping step first read each passage, and what it rests on (diplograph.extract.readby).
    span_rules: dict[Span, str] = field(default_factory=dict)
    span_basis: dict[Span, str] = field(default_factory=dict)

    def mentioned(self) -> Iterable[Entity]:
        return self.entities.values()

    def fact_count(self) -> int:
        return (len(self.entities) + len(self.posts) + len(self.events) + len(self.quotations)
                + len(self.stances) + len(self.images) + len(self.citations))
