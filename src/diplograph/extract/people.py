"""Persons and the posts they hold, found by a name grammar anchored on cues.

A capitalised name counts as a person only next to a cue: a post title before it ("State
Secretary Brenner", "Tuvaluan Prime Minister Enele Sopoaga"), a post after it ("Rizal Hakim,
the political coordinator"), a speech verb ("… told the outlet"), a biography opening ("X was …",
"X is a …"), a fact-box line ("Head of State: X"), the sidecar's author, or the gazetteer. Later
surname-only mentions ("Hakim", "Pérez Cuéllar") resolve to the full name seen earlier. The
post rules are in extract.person_posts (People's PostFinder half).
"""

from __future__ import annotations

import re

from diplograph.extract.context import DocContext
from diplograph.extract.honorifics import _HONORIFIC_LEAD, _HONORIFIC_TRAIL, HONORIFIC  # noqa: F401 - also imported from here
from diplograph.extract.person_posts import PostFinder
from diplograph.extract.roles import parse_role_at
from diplograph.model import Entity, Span
from diplograph.text.gazetteer import fold

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_LOW = "a-zß-öø-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżž"
# "O'Neill", "Al-Thani", not "Harrington's": a name ends at its possessive.
CAP = rf"[{_UP}][{_LOW}]+(?:[-’'](?![s](?![{_LOW}]))[{_UP}]?[{_LOW}]+)*"
PARTICLE = r"(?:de|la|del|de la|de los|van|von|der|den|da|do|dos|das|du|le|bin|al|y|ter|ten)"
# "Ferdinand Reyes Jr.", "John Roe III": a generational suffix is part of the name (its period is not).
NAME = rf"{CAP}(?:\s+(?:{PARTICLE}\s+)*{CAP}){{1,7}}(?:,?\s+(?:Jr|Sr)(?=\.|[\s,;:)]|$)|\s+(?:II|III|IV)(?![\w-]))?"
NAME_RE = re.compile(rf"(?<![\w-])(?:{NAME})(?![\w-])")
SPEECH = r"(?:told|said|says|added|noted|explained|stressed|argued|recalled|wrote|asked|reported|insisted|warned)"
_NOT_NAME_WORDS = {
    "The", "This", "That", "These", "Those", "In", "On", "At", "For", "From", "With", "As", "By", "And", "But",
    "Our", "We", "Their", "His", "Her", "It", "Its", "A", "An", "If", "When", "While", "After", "Before",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Council", "Ambassador", "President", "Minister", "Secretary", "Opinion", "Photo", "Members", "Year",
    "Years", "Head", "State", "Type", "Population", "Education", "Languages", "Since", "Memberships",
    # Verbs of a headline in title case ("State Secretary Visits Oslo", "Minister Meets Envoys").
    "Visits", "Meets", "Holds", "Receives", "Travels", "Signs", "Hosts", "Welcomes", "Attends", "Calls",
    "Opens", "Launches", "Presents", "Discusses", "Speaks", "Addresses", "Congratulates", "Condemns",
    "Joins", "Leads", "Chairs", "Says", "Urges", "Announces", "Concludes", "Arrives", "Returns", "Thanks",
    "Begins", "Ends", "Pays", "Tours", "Briefs", "Reaffirms", "Highlights", "Underlines", "Stresses",
}


# Nouns that end the names of bodies, meetings and documents, never of persons.
INSTITUTION_NOUNS = {
    "Meeting", "Meetings", "Statement", "Declaration", "Communiqué", "Communique", "Agreement", "Treaty", "Summit",
    "Session", "Conference", "Forum", "Council", "Commission", "Committee", "Assembly", "Agency", "Office", "Dept",
    "Department", "Ministry", "Service", "Services", "Bureau", "Division", "Unit", "Programme", "Program", "Fund",
    "Bank", "Party", "Group", "Network", "Institute", "University", "College", "School", "Foundation", "Centre",
    "Center", "Union", "Association", "Movement", "Alliance", "Partnership", "Initiative", "Credentials", "Dialogue",
    "Talks", "Consultations", "Review", "Report", "Times", "Post", "News", "Journal", "Magazine", "Press", "Agenda",
    "Weekly", "Daily", "Herald", "Tribune", "Gazette", "Observer", "Monitor", "Telegraph", "Chronicle", "Courier",
    "Strategy", "Plan", "Framework", "Charter", "Convention", "Protocol", "Resolution", "Act", "Law", "Court",
    "Tribunal", "Parliament", "Congress", "Senate", "Government", "Administration", "Cabinet", "Embassy",
    "Consulate", "Mission", "Delegation", "Secretariat", "Organisation", "Organization", "Corps", "Forces",
    "Army", "Navy", "Company", "Corporation", "Inc", "Ltd", "Affairs", "Relations", "Policy", "Security",
    # The portfolios of a minister's title ("Minister of Foreign Affairs, African Cooperation and …").
    "Cooperation", "Co-operation", "Development", "Integration", "Expatriates", "Abroad", "Diaspora", "Trade",
    "Industry", "Commerce", "Tourism", "Energy", "Defence", "Defense", "Finance", "Economy", "Planning",
    "Immigration", "Environment", "Fisheries", "Agriculture",
    # Nouns of a title, never the end of a name ("was Principal Officer at …").
    "Officer", "Officers", "Adviser", "Advisor", "Counsellor", "Counselor", "Attaché", "Attache",
}
# Words run together when markup was stripped ("NetworkSan Diego", "MCSHERRYCreemore").
_GLUED = re.compile(r"[a-zß-ÿ]{3,}[A-ZÀ-Þ]|[A-ZÀ-Þ]{2,}[a-zß-ÿ]")


def plausible_person_name(name: str) -> bool:
    """The shape of a person's name: no institution noun at its end, no words run together."""
    toks = name.split()
    return bool(toks) and toks[-1].rstrip(".,") not in INSTITUTION_NOUNS and not any(_GLUED.search(t) for t in toks)


def _valid_name(ctx: DocContext, name: str) -> bool:
    toks = name.split()
    if len(toks) < 2 or toks[0] in _NOT_NAME_WORDS or toks[-1] in _NOT_NAME_WORDS:
        return False
    if not plausible_person_name(name):
        return False
    if ctx.tables.role_re.fullmatch(name) or ctx.tables.role_re.match(name):
        return False
    return not names_something_else(ctx, name)


def names_something_else(ctx: DocContext, name: str) -> bool:
    """Is this a gazetteer place, body or topic, or made only of gazetteer words ("Mexico City",
    "New Zealand")? Then it is not a person."""
    if any(entry.kind != "person" for entry, _ in ctx.tables.gazetteer.lookup(name)):
        return True
    return any(m.entry.kind != "person" and m.span.end - m.span.start >= len(name) - 1
               for m in ctx.tables.gazetteer.find(name))



class People(PostFinder):
    """Collects persons and posts for one document."""

    def __init__(self, ctx: DocContext):
        self.ctx = ctx
        self.persons: list[Entity] = []
        self.subject: Entity | None = None  # the person a biography paragraph is about

    # -- persons -------------------------------------------------------------------------------
    def person(self, name: str, span: Span, *, from_sidecar: bool = False) -> Entity:
        name = re.sub(r"\s+", " ", name).strip()
        known = self.ctx.by_fold(name, "person")
        bare = re.sub(r",?\s+(?:Jr|Sr|II|III|IV)$", "", name)
        if known is None and bare != name:  # "X Jr." where X (or "X Jr.") is named already: the same person
            known = self.ctx.by_fold(name + ".", "person") or self.ctx.by_fold(bare, "person")
        if known:
            if span.start >= 0:
                known.add_span(span)
            if name != known.name:
                known.aliases.add(name)
            return known
        short = self.resolve_short(name) if len(name.split()) <= 3 else None
        if short is not None and fold(name) != fold(short.name) and fold(short.name).endswith(fold(name)):
            if span.start >= 0:
                short.add_span(span)
            return short
        ent = self.ctx.entity("person", name, span, from_sidecar=from_sidecar)
        if ent not in self.persons:
            self.persons.append(ent)
        return ent

    def _family_name_first(self, spans: list[Span]) -> None:
        """"Mr. Huang" for "Huang Xia" (a name written family name first, as in Chinese or Korean):
        the first word of a two-word name after a form of address, when no other person here ends
        with that word."""
        text = self.ctx.text
        for person in list(self.persons):
            toks = person.name.split()
            if len(toks) != 2 or "title-only" in person.subtypes or \
                    any(p is not person and toks[0] in p.name.split()[1:] for p in self.persons):
                continue
            pattern = re.compile(rf"\b(?:Mr|Ms|Mrs|Dr|Madam|Ambassador)\.?\s+({re.escape(toks[0])})(?![\w-])(?!\s+[A-Z])")
            for span in spans:
                for m in pattern.finditer(text, span.start, span.end):
                    if not person.spans_containing(m.start(1), m.end(1)):
                        person.add_span(Span(m.start(1), m.end(1)))

    def surname_forms(self, person: Entity) -> list[str]:
        toks = person.name.split()
        forms = []
        for i in range(1, len(toks)):
            form = " ".join(toks[i:])
            if toks[i].lower() in ("de", "la", "del", "van", "von", "da", "du", "le"):
                forms.append(form)
                forms.append(form[0].upper() + form[1:])
            elif toks[i][:1].isupper():
                forms.append(form)
        for alias in person.aliases:
            if len(alias.split()) == 1:
                forms.append(alias)
        return sorted(set(forms), key=len, reverse=True)

    def resolve_short(self, surface: str) -> Entity | None:
        """A surname or partial name → the one person of this document it names."""
        f = fold(surface)
        hits = [p for p in self.persons if any(fold(s) == f for s in self.surname_forms(p))]
        if len(hits) == 1:
            return hits[0]
        entry = self.ctx.tables.gazetteer.person_by_surname(surface)
        if entry and len(surface.split()) == 1:
            # A surname names a person of the tables only when this document names them in full:
            # "Ruiz, the consul in Lyon" elsewhere is someone else.
            known = self.ctx.extraction.entities.get(f"person/{entry.key}")
            if known is not None and any(len(self.ctx.t(sp).split()) >= 2 for sp in known.spans if sp.start >= 0):
                return known
        return None

    # -- cue-based discovery --------------------------------------------------------------------
    def discover(self, spans: list[Span]) -> None:
        ctx, text = self.ctx, self.ctx.text
        # A person of the tables named only by a surname ("Ruiz, the consul in Lyon") is not
        # that person: only a full name, here, makes the mention theirs.
        # A title written right before the surname ("President Lopez") names the table's person too.
        full = {m.entry.key for m in ctx.matches if m.entry.kind == "person" and (
            len(m.surface.split()) >= 2 or re.search(rf"{ctx.tables.role_re.pattern[4:]}\s+$", text[max(0, m.span.start - 60):m.span.start], re.I))}
        ctx.drop_matches([m for m in ctx.matches if m.entry.kind == "person" and m.entry.key not in full])
        # Gazetteer persons first: they carry canonical names.
        for m in ctx.matches:
            if m.entry.kind == "person":
                ent = ctx.from_entry(m.entry, m.span, m.surface)
                if ent not in self.persons:
                    self.persons.append(ent)
        for span in spans:
            seg = text[span.start:span.end]
            for m in NAME_RE.finditer(text, span.start, span.end):
                name, s, e = m.group(0), m.start(), m.end()
                # Trim leading title words, demonyms and countries the pattern swallowed
                # ("Liberian President Ellen Johnson-Sirleaf", "New Zealand Prime Minister Helen Clark").
                cut = s
                for tm in ctx.tables.role_re.finditer(text, s, e):
                    cut = tm.end()
                if cut > s:
                    rest = text[cut:e].strip()
                    if not rest or rest.startswith(("’s", "'s", "´s")):
                        continue  # "The Sultan’s Chamberlain": a title's possessive, not a name
                    s = e - len(rest)
                    name = rest
                    if len(rest.split()) < 2:
                        self._titled_surname(rest, Span(s, e))
                        continue
                hm = _HONORIFIC_LEAD.match(text, s, e)
                if not hm and re.search(r"(?:Dato['’]?|Datuk|Tan)\s+$", text[max(span.start, s - 8):s]):
                    hm = re.compile(r"(?:Sri|Seri)\s+").match(text, s, e)  # "Dato' Sri X" (but "Sri Mulyani" is a name)
                if hm and hm.end() < e:
                    s, name = hm.end(), text[hm.end():e]
                if not _valid_name(ctx, name):
                    continue
                if self._has_cue(s, e, span) or cut > m.start():
                    self.person(name, Span(s, e))
            # "President Biden": a title and one capitalised word.
            for m in ctx.tables.role_re.finditer(text, span.start, span.end):
                w = re.match(rf"\s+({CAP})(?![\w-])(?!\s+{CAP})", text[m.end():span.end])
                if w:
                    self._titled_surname(w.group(1), Span(m.end() + w.start(1), m.end() + w.end(1)))
            del seg

    def _titled_surname(self, surname: str, span: Span) -> None:
        if surname in _NOT_NAME_WORDS or self.ctx.tables.gazetteer.lookup(surname):
            known = [e for e, _ in self.ctx.tables.gazetteer.lookup(surname) if e.kind == "person"]
            if not known:
                return
        person = self.resolve_short(surname)
        if person is not None:
            person.add_span(span)
            if person not in self.persons:
                self.persons.append(person)

    def _has_cue(self, s: int, e: int, block: Span) -> bool:
        ctx, text = self.ctx, self.ctx.text
        floor = max(block.start, s - 80)  # where `before` starts in the text (the trail cut is at its end)
        before = text[floor:s]
        before = _HONORIFIC_TRAIL.sub(" ", before)  # "…of Malaysia, Dato' Sri " reads as "…of Malaysia, "
        after = text[e:min(block.end, e + 80)]
        if re.match(rf"^[,\s]*(?:{SPEECH})\b", after) or re.search(rf"\b{SPEECH}\s*$", before):
            return True
        if re.match(r"^,\s+(?:the\s+|a\s+|an\s+|one of\s+|its\s+|former\s+|then-)?", after):
            # A post title or a known country's post right after the comma.
            rest_start = e + len(re.match(r"^,\s+(?:an?\s+(?=\w+\s))?", after).group(0))
            rp = parse_role_at(ctx, rest_start, block.end)
            if rp is not None and not re.match(rf"\s+{CAP}", text[rp.span.end:rp.span.end + 30]):
                return True
            if re.match(r"^,\s+\d{1,3}\b", after):
                return True
        last_title = None
        for tm in ctx.tables.role_re.finditer(before):
            last_title = tm
        if last_title is not None and not before[last_title.end():].strip():
            return True
        # "The Minister of Foreign Affairs of Brazil, Mauro Vieira, …": a post, a comma, the name.
        if last_title is not None and re.search(r",\s*$", before):
            title_start = floor + last_title.start()
            rp = parse_role_at(ctx, title_start, s)
            if rp is not None and re.fullmatch(rf"\s*,\s*(?:{HONORIFIC}\s*)*", text[rp.span.end:s]):
                return True
        if s == block.start and re.match(r"^\s+(?:is|was|has been|had been|served|became|joined|holds)\b", after):
            return True
        # "Ilona Varga of Hungary was elected …": a name, its country, then a verb of a career.
        of_c = re.match(r"^\s+of\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2}(?=\s+(?:is|was|has been|had been|"
                        r"served|became|will|has)\b)", after)
        if of_c and any(mt.span.end == e + of_c.end() for mt, _ in ctx.find_entities(Span(e, e + of_c.end()), ("country",))):
            return True
        # "The appointment of Rebeca Grynspan as Secretary-General of UNCTAD".
        if re.search(r"(?i)\b(?:(?:re-?)?election|appointment|nomination|selection)\s+of\s+$", before):
            am = re.match(r"^\s+as\s+(?:the\s+|its\s+|an?\s+)?(?:new\s+)?", after)
            if am and parse_role_at(ctx, e + am.end(), block.end) is not None:
                return True
        # "Martin Kimani, who has been Kenya's permanent representative since …".
        if re.match(r"^,\s+who\s+(?:has been|had been|is|was|served|serves|became|joined|holds|held)\s+(?:[^\s,.;]+\s+){0,3}", after):
            rest = e + len(re.match(r"^,\s+who\s+(?:has been|had been|is|was|served as|serves as|served|serves|became|joined|holds|held)\s+(?:an?\s+|the\s+)?", after).group(0))
            if parse_role_at(ctx, rest, block.end) is not None:
                return True
        if re.search(r"(?i)(from left:|married to|by|with|and)\s*$", before) and re.match(r"^\s*(?:,|and\b|\.|$)", after):
            # In a list of names already introduced by a cue ("from left: A, B and C").
            return bool(re.search(r"(?i)(from left|married to|interviewed|photo by)", text[max(block.start, s - 200):s]))
        if re.search(r"(?i)\b(interviewed|spoke (?:to|with)|met with|photo by)\s+(?:[^.]*\b(?:and|,)\s+)?$", before):
            return True
        if re.search(r"[’'´]s\s+$", before) and re.match(r"^\s*(?:as|,|and|\b(?:was|is)\b)", after):
            return True
        return False

    def surname_mentions(self, spans: list[Span]) -> None:
        """Record every later short mention ("Hakim:", "de la Cruz") of a person already found."""
        text = self.ctx.text
        self._family_name_first(spans)
        for person in list(self.persons):
            forms = self.surname_forms(person)
            if not forms:
                continue
            alt = "|".join(re.escape(f) for f in forms)
            pattern = re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")
            for span in spans:
                for m in pattern.finditer(text, span.start, span.end):
                    nxt = text[m.end():m.end() + 2]
                    if re.match(r"\s[A-Z]", nxt) and not re.match(r"\s(?:and|of)\b", text[m.end():m.end() + 5]):
                        # "Manuel Ruiz": a capitalised word follows: another name.
                        if not self.ctx.tables.role_re.match(text, m.end() + 1):
                            continue
                    if person.spans_containing(m.start(), m.end()):
                        continue  # part of a full-name mention already recorded
                    if self.resolve_short(m.group(0)) is person:
                        person.add_span(Span(m.start(), m.end()))
