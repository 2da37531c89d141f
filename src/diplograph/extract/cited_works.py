"""Quotations whose speaker is a text, not a person: an instrument, a communiqué, a newspaper or one of its
pieces ("the Charter states that “…”", "In a recent Valdorian Herald column, X was called “…”", a
letter's "… “…” (“Headline”, 3 May)").

Diplomatic writing quotes documents as often as people. These rules run only where no person or body
was found as the speaker, and only on a named work (capitalised, as a title is written) standing right
before the quotation or cited right after it, so an ordinary noun ("the report said") never speaks.
"""

from __future__ import annotations

import re

from diplograph.extract.context import DocContext
from diplograph.model import Entity, Span

# Nouns that head the name of an instrument (published as dip:Agreement) or of another text (dip:Work).
_INSTRUMENT = (r"Charter|Covenant|Convention|Treaty|Declaration|Resolution|Protocol|Accords?|Agreement|Constitution|"
               r"Statute|Act|Compact|Pact")
_TEXT = (r"Communiqu[ée]|Statement|Report|Final Act|Joint Declaration|Memorandum|Manifesto|Principles|Guidelines|"
         r"Strategy|Programme|Program|Plan of Action|Agenda")
_WORD = r"[A-Z][\w’'.-]*"
# "the 2019 Convention on Pacific Fisheries and Coastal Stocks", "the 2015 Suva Ministerial Communiqué"
_WORK = (rf"(?:(?:1[89]|20)\d\d\s+)?(?:{_WORD}\s+){{0,6}}?(?P<head>{_INSTRUMENT}|{_TEXT})"
         rf"(?:\s+(?:on|of|for|against|concerning)\s+(?:the\s+)?{_WORD}(?:(?:,\s*|\s+|\s+and\s+){_WORD}){{0,8}})?")
# What a text does with words it contains.
_STATES = (r"(?:stat(?:es|ed)|says|said|reads|read|recogni[sz](?:es|ed)|declar(?:es|ed)|provid(?:es|ed)|"
           r"affirm(?:s|ed)|reaffirm(?:s|ed)|proclaim(?:s|ed)|guarantee(?:s|d)|enshrine(?:s|d)|not(?:es|ed)|"
           r"call(?:s|ed) for|speak(?:s)? of|spoke of|refer(?:s|red) to|describ(?:es|ed)|defin(?:es|ed)|urg(?:es|ed))")
_WORK_BEFORE = re.compile(rf"(?P<work>{_WORK})\s*,?\s*(?:(?:which|that)\s+)?(?:also\s+)?{_STATES}"
                          rf"(?:\s+(?:that|as|it as))?\s*[:,]?\s*$")
# Pieces of a newspaper or broadcaster: "In a recent Lagos Herald editorial, …" (the outlet is the speaker).
_PIECE = (r"(?:comic strip|cartoon|column|editorial|leader|article|report|piece|op-ed|profile|interview|"
          r"broadcast|documentary|programme|feature|survey|headline)")
_IN_PIECE = re.compile(rf"^\s*In\s+(?:a|an|the|its|last\s+\w+['’]s|this\s+\w+['’]s)\s+(?:(?:recent|latest|new|"
                       rf"front-page|weekly|daily)\s+)?(?P<outlet>(?:{_WORD}\s+){{1,4}}?){_PIECE}s?\b[^“”\"]*$", re.I)
# A letters page cites the piece it answers right after the words it quotes: ("Headline", 4 March), (leader, 3 May).
_DAY = r"\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2}"
_CITATION_AFTER = re.compile(rf"\s*\(\s*(?:[“\"‘'](?P<title>[^”\"’'()]{{2,80}})[”\"’']|(?P<kind>leader|editorial|"
                             rf"report|article|letter|letters|column|obituary|review))\s*,\s*(?P<day>{_DAY})\s*\)")


def _kind(head: str) -> str:
    return "agreement" if re.fullmatch(_INSTRUMENT, head) else "work"


def work_before(ctx: DocContext, head: Span) -> tuple[Entity, Span] | None:
    """A named work and a verb of stating right before the quotation, in its sentence."""
    head = Span(max(head.start, head.end - 300), head.end)  # a title and its verb fit; a long line costs no more
    m = _WORK_BEFORE.search(ctx.t(head))
    if not m:
        return None
    work = Span(head.start + m.start("work"), head.start + m.end("work"))
    found = ctx.find_entities(work, ("agreement", "initiative", "organization"))
    if found:  # a name the tables know ("the UN Charter") is that entity
        match, ent = found[-1]
        if ent.kind != "organization" or match.span.end == work.end:
            return ent, match.span
    name = ctx.t(work)
    if len(name.split()) < 2:  # "Report states": a bare noun is no title
        return None
    return ctx.entity(_kind(m.group("head")), name, work), work


def outlet_of_sentence(ctx: DocContext, head: Span) -> tuple[Entity, Span] | None:
    """"In a recent Lagos Herald editorial, X was described as “…”": the outlet speaks."""
    m = _IN_PIECE.match(ctx.t(head))
    if not m:
        return None
    outlet = m.group("outlet").strip()
    if not outlet or ctx.tables.role_re.search(outlet) or re.fullmatch(r"(?i)(?:his|her|their|our|my)\b.*", outlet):
        return None
    at = head.start + m.start("outlet")
    span = Span(at, at + len(outlet))
    for _, ent in ctx.find_entities(span, ("organization",)):
        return ent, span
    return ctx.entity("work", outlet, span), span


def cited_piece_after(ctx: DocContext, end: int, block: Span) -> tuple[Entity, Span] | None:
    """“…” (“Headline”, 4 March) in a letter: the words are the cited piece's, of the document's publisher."""
    m = _CITATION_AFTER.match(ctx.text, end, block.end)
    if not m:
        return None
    publisher = ctx.extraction.publisher
    title = f"“{m.group('title')}”" if m.group("title") else m.group("kind")
    name = f"{publisher.name} ({title}, {m.group('day')})" if publisher else f"{title} ({m.group('day')})"
    span = Span(m.start(), m.end())
    ent = ctx.entity("work", name, span)
    ent.publisher = ent.publisher or publisher
    return ent, span
