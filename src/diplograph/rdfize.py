"""Extraction → triples, following docs/rdf-contract.md. No blank nodes: every node has an IRI."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Literal as RdflibLiteral
from rdflib import URIRef
from rdflib import namespace as _rdflib_ns

from diplograph import ns as _ns
from diplograph.model import SIDECAR, Entity, Extraction, Span
from diplograph.ns import name_key
from diplograph.rdfterms import ox_literal
from diplograph.text.gazetteer import slugify


class _Terms:
    """A namespace's terms, each made once: rdflib makes (and checks) a new URIRef on every attribute
    access, and a document's graph reads the same few dozen terms tens of thousands of times."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str):
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


OWL, PROV, RDF, RDFS, SKOS, XSD = (_Terms(getattr(_rdflib_ns, n)) for n in ("OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD"))
DIP, NIF, SDO = _Terms(_ns.DIP), _Terms(_ns.NIF), _Terms(_ns.SDO)

Triple = tuple[URIRef, URIRef, object]

GENRE_TYPES = {
    "joint-statement": (DIP.JointStatement, SDO.Article),
    "opinion": (DIP.OpinionArticle, SDO.OpinionNewsArticle),
    "news-profile": (DIP.NewsProfile, SDO.NewsArticle),
}
ENTITY_TYPES = {
    "person": (DIP.Person, SDO.Person),
    "country": (DIP.Country, SDO.Country),
    "city": (DIP.City, SDO.City),
    "place": (DIP.Region, SDO.Place),
    "organization": (DIP.Organization, SDO.Organization),
    "agreement": (DIP.Agreement, SDO.Legislation),
    "initiative": (DIP.Initiative, SDO.Project),
    "topic": (DIP.Topic, SDO.DefinedTerm),
    "series": (DIP.Series, SDO.CreativeWorkSeries),
    "work": (DIP.Work, SDO.CreativeWork),
}
# A place is a region unless the gazetteer says it is a sub-national division or a building.
PLACE_TYPES = {
    "subnational": (DIP.AdministrativeArea, SDO.AdministrativeArea, SDO.Place),
    "building": (DIP.Venue, SDO.Place),
}
SUBTYPE_TYPES = {
    "government": [DIP.GovernmentBody, SDO.GovernmentOrganization],
    "ministry": [DIP.GovernmentBody, SDO.GovernmentOrganization],
    "legislature": [DIP.GovernmentBody, SDO.GovernmentOrganization],
    "mission": [DIP.DiplomaticMission, SDO.GovernmentOrganization],
    "international": [DIP.InternationalOrganization],
    "regional": [DIP.InternationalOrganization],
    "un-organ": [DIP.UNOrgan, DIP.InternationalOrganization],
    "un-agency": [DIP.InternationalOrganization],
    "university": [SDO.CollegeOrUniversity],
}
EVENT_TYPES = {
    "meeting": DIP.Meeting, "consultation": DIP.Consultation, "debate": DIP.Debate,
    "council-meeting": DIP.CouncilMeeting, "council-presidency": DIP.CouncilPresidency,
    "discussion": DIP.AcademicDiscussion, "visit": DIP.Visit, "signing": DIP.Signing,
    "adoption": DIP.Adoption, "election": DIP.Election, "publication": DIP.Publication, "happening": DIP.Happening,
}
STANCE_TYPES = {
    "support": (DIP.Support, SDO.EndorseAction), "commitment": (DIP.Commitment, SDO.PlanAction),
    "agreement": (DIP.AgreementStance, SDO.AgreeAction), "expectation": (DIP.Expectation, SDO.AssessAction),
}


def date_literal(value: str, Literal=RdflibLiteral):
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"--\d{2}-\d{2}", value):  # a day of a year the text does not give
        return Literal(value, datatype=XSD.gMonthDay)
    return Literal(value, datatype=XSD.date)


def post_slug(p) -> str:
    """A post's IRI slug: holder, role, organisation and date. Posts with the same slug are one node,
    so their role names are unified across documents first (linkstage.unify_entities)."""
    when = p.start or p.attested or ""
    return "--".join(filter(None, [p.holder.key, slugify(p.role), p.org.key if p.org else "", when]))


class Rdfizer:
    """`rdflib_terms`: literals as rdflib Literals (to add the triples to an rdflib Graph); else as
    pyoxigraph literals, which the document graphs are made of (rdfterms.sorted_triples)."""

    def __init__(self, base: str, rdflib_terms: bool = False):
        self.base = base.rstrip("/")
        self.literal = RdflibLiteral if rdflib_terms else ox_literal

    def iri(self, kind: str, slug: str) -> URIRef:
        return URIRef(f"{self.base}/{kind}/{slug}")

    def entity_iri(self, e: Entity) -> URIRef:
        return self.iri(e.kind, e.key)

    def doc_iri(self, x: Extraction) -> URIRef:
        return self.iri("document", x.doc.stem)

    def graph_iri(self, stem: str) -> URIRef:
        return self.iri("graph", stem)

    def own_prefixes(self, stem: str) -> tuple[str, ...]:
        """IRI prefixes of the nodes only this document's graph describes (the document, its spans
        and sidecar, its events, quotations and stances). Every other subject (entities, posts) may
        be described by other documents too; the merged dataset de-duplicates only those."""
        doc = str(self.iri("document", stem))
        return (doc + "#", doc + "/", *(f"{self.base}/{kind}/{stem}--" for kind in ("event", "quotation", "stance")))

    def span_iri(self, x: Extraction, span: Span) -> URIRef:
        return URIRef(f"{self.doc_iri(x)}#char={span.start},{span.end}")

    def triples(self, x: Extraction, sentence_of) -> list[Triple]:
        """All triples of one document's extraction. `sentence_of(span)` gives the sentence span."""
        Literal = self.literal  # noqa: N806 - the literal factory, named as rdflib's class it stands for
        out: list[Triple] = []
        add = out.append
        doc = x.doc
        d = self.doc_iri(x)
        text = doc.text
        ctx_iri = self.span_iri(x, Span(0, len(text)))
        sidecar = URIRef(f"{d}/sidecar")
        spans_done: set[Span] = set()
        ruled: set[Span] = set()

        span_iris: dict[Span, URIRef] = {}

        def span_iri(s: Span) -> URIRef:
            si = span_iris.get(s)
            if si is None:
                si = span_iris[s] = URIRef(f"{d}#char={s.start},{s.end}")
            return si

        def span(s: Span | None) -> URIRef:
            if s is None or s == SIDECAR or s.start < 0:
                return sidecar
            si = span_iri(s)
            if s not in spans_done:
                spans_done.add(s)
                add((si, RDF.type, NIF.String))
                add((si, RDF.type, NIF.OffsetBasedString))
                add((si, NIF.beginIndex, Literal(s.start, datatype=XSD.nonNegativeInteger)))
                add((si, NIF.endIndex, Literal(s.end, datatype=XSD.nonNegativeInteger)))
                add((si, NIF.anchorOf, Literal(text[s.start:s.end])))
                add((si, NIF.referenceContext, ctx_iri))
                sent = sentence_of(s)
                if sent is not None and sent != s:
                    add((si, NIF.sentence, span_sentence(sent)))
            if s not in ruled and s in x.span_rules:  # which step read it, on what (diplograph.extract.readby)
                ruled.add(s)
                add((si, DIP.extractedBy, Literal(x.span_rules[s])))
                if s in x.span_basis:
                    add((si, DIP.basis, Literal(x.span_basis[s])))
            return si

        def span_sentence(s: Span) -> URIRef:
            si = span_iri(s)
            add((si, RDF.type, NIF.Sentence))
            if s not in spans_done:
                spans_done.add(s)
                add((si, RDF.type, NIF.String))
                add((si, RDF.type, NIF.OffsetBasedString))
                add((si, NIF.beginIndex, Literal(s.start, datatype=XSD.nonNegativeInteger)))
                add((si, NIF.endIndex, Literal(s.end, datatype=XSD.nonNegativeInteger)))
                add((si, NIF.anchorOf, Literal(text[s.start:s.end])))
                add((si, NIF.referenceContext, ctx_iri))
            return si

        def derive(node: URIRef, spans) -> None:
            for s in spans:
                add((node, PROV.wasDerivedFrom, span(s)))

        # -- the document and its text -------------------------------------------------------------
        dip_t, sdo_t = GENRE_TYPES[doc.genre]
        add((d, RDF.type, dip_t)); add((d, RDF.type, sdo_t)); add((d, RDF.type, DIP.Document))
        add((d, DIP.genre, Literal(doc.genre)))
        add((d, DIP.text, ctx_iri))
        add((ctx_iri, RDF.type, NIF.Context)); add((ctx_iri, RDF.type, NIF.String))
        add((ctx_iri, NIF.isString, Literal(text)))
        add((ctx_iri, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger)))
        add((ctx_iri, NIF.endIndex, Literal(len(text), datatype=XSD.nonNegativeInteger)))
        add((ctx_iri, DIP.sourceFile, Literal(Path(doc.path).name)))
        add((ctx_iri, DIP.sha256, Literal(doc.sha256)))
        add((sidecar, RDF.type, PROV.Entity))
        add((sidecar, DIP.sourceFile, Literal(Path(doc.sidecar_path or "").name)))
        add((d, PROV.wasDerivedFrom, sidecar))
        if doc.source_url:
            add((ctx_iri, NIF.sourceUrl, URIRef(doc.source_url)))
            add((d, SDO.url, URIRef(doc.source_url)))
        title = doc.title
        if title:
            add((d, SDO.headline, Literal(title))); add((d, SDO.name, Literal(title))); add((d, RDFS.label, Literal(title)))
        else:
            # No headline: the document still publishes, named by its first line (not a headline).
            label = untitled_label(text, doc.stem)
            add((d, SDO.name, Literal(label))); add((d, RDFS.label, Literal(label)))
        if doc.date_published:
            add((d, SDO.datePublished, Literal(doc.date_published, datatype=XSD.date)))
            if x.date_span is not None:
                add((d, PROV.wasDerivedFrom, span(x.date_span)))
        elif getattr(x, "date_partial", None):
            add((d, SDO.datePublished, date_literal(x.date_partial, Literal)))
            if x.date_span is not None:
                add((d, PROV.wasDerivedFrom, span(x.date_span)))
        if doc.language:
            add((d, SDO.inLanguage, Literal(doc.language)))
        for s in sorted(doc.excluded):  # page furniture, comment sections: shown greyed, never facts
            if 0 <= s.start < s.end <= len(text):
                add((d, DIP.notRead, span(s)))
        if doc.genre_detected:
            add((d, DIP.genreDetected, Literal(True)))
        for a in [x.author, *x.coauthors] if x.author else ():
            add((d, SDO.author, self.entity_iri(a)))
        if x.publisher:
            add((d, SDO.publisher, self.entity_iri(x.publisher)))
        if x.series:
            add((d, SDO.isPartOf, self.entity_iri(x.series)))

        # -- entities ------------------------------------------------------------------------------
        for e in sorted(x.entities.values(), key=lambda e: (e.kind, e.key)):
            n = self.entity_iri(e)
            for t in PLACE_TYPES.get(next((st for st in sorted(e.subtypes) if st in PLACE_TYPES), ""), ()) \
                    if e.kind == "place" and PLACE_TYPES.keys() & e.subtypes else ENTITY_TYPES[e.kind]:
                add((n, RDF.type, t))
            for st in sorted(e.subtypes):
                for t in SUBTYPE_TYPES.get(st, []):
                    add((n, RDF.type, t))
            if e.kind == "topic":
                add((n, RDF.type, SKOS.Concept)); add((n, SKOS.prefLabel, Literal(e.name, lang="en")))
            add((n, SDO.name, Literal(e.name))); add((n, RDFS.label, Literal(e.name)))
            for a in sorted(e.aliases - {e.name}):
                add((n, SDO.alternateName, Literal(a)))
            for k in sorted({name_key(e.name)} | {name_key(a) for a in e.aliases}):
                add((n, DIP.nameKey, Literal(k)))  # for exact, indexed name lookups (queries)
            if e.wikidata:
                add((n, OWL.sameAs, URIRef(f"http://www.wikidata.org/entity/{e.wikidata}")))
            if e.description and e.kind != "person":
                add((n, SDO.description, Literal(e.description)))
            text_spans = [s for s in e.spans if s.start >= 0]
            derive(n, sorted(text_spans) or [SIDECAR])  # every mention: pages highlight them all
            if e is not x.publisher and e is not x.author and e not in x.coauthors or text_spans:
                add((d, SDO.mentions, n))
            for lang in e.languages:
                add((n, SDO.knowsLanguage, Literal(lang)))
            for org, s in e.alumni_of:
                add((n, SDO.alumniOf, self.entity_iri(org)))
            for org, s in e.affiliations:
                add((n, SDO.affiliation, self.entity_iri(org)))
            for sp, s in e.spouses:
                add((n, SDO.spouse, self.entity_iri(sp)))
            for p, s in e.launched_by:
                add((n, DIP.launchedBy, self.entity_iri(p))); add((n, SDO.founder, self.entity_iri(p)))
            if e.publisher is not None:
                add((n, SDO.publisher, self.entity_iri(e.publisher)))
            if e.country and e.kind in ("city", "organization") and any(
                    o.key == e.country and o.kind == "country" for o in x.entities.values()):
                add((n, SDO.containedInPlace if e.kind == "city" else SDO.parentOrganization, self.iri("country", e.country)))
        for t in x.topics:
            add((d, SDO.about, self.entity_iri(t)))

        # -- posts -----------------------------------------------------------------------------------
        for p in x.posts:
            n = self.iri("post", post_slug(p))
            h = self.entity_iri(p.holder)
            add((n, RDF.type, DIP.Post)); add((n, RDF.type, SDO.OrganizationRole))
            add((n, SDO.roleName, Literal(p.role)))
            add((n, RDFS.label, Literal(f"{p.role} ({p.holder.name})")))
            add((n, DIP.holder, h)); add((h, SDO.memberOf, n))
            if p.org is not None:
                add((n, SDO.memberOf, self.entity_iri(p.org)))
            if p.start:
                add((n, SDO.startDate, date_literal(p.start, Literal)))
            if p.end:
                add((n, SDO.endDate, date_literal(p.end, Literal)))
            if p.attested:
                add((n, DIP.attestedOn, date_literal(p.attested, Literal)))
            if p.former:
                add((n, DIP.former, Literal(True)))
            derive(n, [p.span])

        # -- events ----------------------------------------------------------------------------------
        for ev in x.events:
            n = self.event_iri(x, ev)
            add((n, RDF.type, EVENT_TYPES[ev.kind])); add((n, RDF.type, SDO.Event)); add((n, RDF.type, DIP.Event))
            add((n, SDO.name, Literal(ev.name))); add((n, RDFS.label, Literal(ev.name)))
            if ev.date:
                add((n, SDO.startDate, date_literal(ev.date, Literal)))
            if ev.end_date:
                add((n, SDO.endDate, date_literal(ev.end_date, Literal)))
            if ev.location is not None:
                add((n, SDO.location, self.entity_iri(ev.location)))
            if ev.forum is not None:
                add((n, DIP.forum, self.entity_iri(ev.forum)))
            for a in ev.attendees:
                add((n, SDO.attendee, self.entity_iri(a)))
            for o in ev.organizers:
                add((n, SDO.organizer, self.entity_iri(o)))
            if ev.chair is not None:
                add((n, DIP.chairedBy, self.entity_iri(ev.chair)))
            for t in ev.topics:
                add((n, SDO.about, self.entity_iri(t)))
            if ev.purpose:
                add((n, DIP.purpose, Literal(ev.purpose)))
            if ev.status:
                add((n, DIP.status, Literal(ev.status)))
            if ev.super_event is not None:
                add((n, SDO.superEvent, self.event_iri(x, ev.super_event)))
            add((d, SDO.mentions, n))
            derive(n, [ev.span])

        # -- quotations, stances, images, citations --------------------------------------------------
        for q in x.quotations:
            n = self.iri("quotation", f"{doc.stem}--{q.span.start}")
            add((n, RDF.type, DIP.Quotation)); add((n, RDF.type, SDO.Quotation))
            add((n, SDO.text, Literal(q.text))); add((n, SDO.creator, self.entity_iri(q.speaker)))
            add((n, SDO.isPartOf, d)); add((n, RDFS.label, Literal(f"{q.speaker.name}: {q.text[:60]}")))
            derive(n, [q.span] + list(q.more_spans) + ([q.cue_span] if q.cue_span else []))
        for st in x.stances:
            n = self.iri("stance", f"{doc.stem}--{st.span.start}")
            for t in STANCE_TYPES[st.kind]:
                add((n, RDF.type, t))
            add((n, RDF.type, DIP.Stance))
            add((n, SDO.description, Literal(st.description)))
            add((n, RDFS.label, Literal(st.description[:80])))
            for a in st.agents:
                add((n, SDO.agent, self.entity_iri(a)))
            for o in st.objects:
                add((n, SDO.object, self.entity_iri(o)))
            add((n, SDO.isPartOf, d))
            derive(n, [st.span])
        for im in x.images:
            n = self.iri("image", f"{doc.stem}--{im.span.start}")
            add((n, RDF.type, DIP.Photo)); add((n, RDF.type, SDO.ImageObject))
            add((n, SDO.caption, Literal(im.caption))); add((n, RDFS.label, Literal(im.caption[:80])))
            if im.date:
                add((n, SDO.dateCreated, date_literal(im.date, Literal)))
            if im.location is not None:
                add((n, SDO.contentLocation, self.entity_iri(im.location)))
            if im.credit:
                add((n, SDO.creditText, Literal(im.credit)))
            if im.creator is not None:
                add((n, SDO.creator, self.entity_iri(im.creator)))
            if im.copyright_holder is not None:
                add((n, SDO.copyrightHolder, self.entity_iri(im.copyright_holder)))
            for e in im.depicts:
                add((n, SDO.about, self.entity_iri(e)))
            add((d, SDO.image, n))
            derive(n, [im.span] + ([im.credit_span] if im.credit_span else []))
        for c in x.citations:
            n = self.iri("citation", f"{doc.stem}--{c.span.start}")
            add((n, RDF.type, DIP.Footnote)); add((n, RDF.type, SDO.CreativeWork))
            add((n, SDO.text, Literal(c.text)))
            add((n, SDO.name, Literal(c.title or c.text))); add((n, RDFS.label, Literal(c.title or c.text[:80])))
            if c.number:
                add((n, DIP.footnoteNumber, Literal(int(c.number)) if c.number.isdigit() else Literal(c.number)))
            if c.publisher is not None:
                add((n, SDO.publisher, self.entity_iri(c.publisher)))
            if c.author is not None:
                add((n, SDO.author, self.entity_iri(c.author)))
            if c.date:
                add((n, SDO.datePublished, date_literal(c.date, Literal)))
            if c.pages:
                add((n, SDO.pagination, Literal(c.pages)))
            add((d, SDO.citation, n))
            derive(n, [c.span] + ([c.marker_span] if c.marker_span else []))
        return out

    def event_iri(self, x: Extraction, ev) -> URIRef:
        return self.iri("event", f"{x.doc.stem}--{ev.date or 'undated'}--{slugify(ev.name)[:60]}")


def untitled_label(text: str, stem: str, most: int = 80) -> str:
    """A name for a document without a headline: its first line, cut at a word, else its file stem."""
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    if not first:
        return stem
    if len(first) <= most:
        return first
    cut = first[:most].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
