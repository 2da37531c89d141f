"""Persons and the posts they hold, found by a name grammar anchored on cues.

A capitalised name counts as a person only next to a cue: a post title before it ("State
Secretary Brenner", "Tuvaluan Prime Minister Enele Sopoaga"), a post after it ("Rizal Hakim,
the political coordinator"), a speech verb ("… told the outlet"), a biography opening ("X was …",
"X is a …"), a fact-box line ("Head of State: X"), the sidecar's author, or the gazetteer. Later
surname-only mentions ("Hakim", "Pérez Cuéllar") resolve to the full name seen earlier.
"""

from __future__ import annotations

import re

from diplograph.extract.context import DocContext
from diplograph.extract.roles import RolePhrase, find_roles, parse_role_at
from diplograph.model import Entity, Post, Span
from diplograph.text.gazetteer import fold

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_LOW = "a-zß-öø-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżž"
CAP = rf"[{_UP}][{_LOW}]+(?:[-’'][{_UP}]?[{_LOW}]+)*"
PARTICLE = r"(?:de|la|del|de la|de los|van|von|der|den|da|do|dos|das|du|le|bin|al|y|ter|ten)"
NAME = rf"{CAP}(?:\s+(?:{PARTICLE}\s+)*{CAP}){{1,7}}"
NAME_RE = re.compile(rf"(?<![\w-])(?:{NAME})(?![\w-])")
SPEECH = r"(?:told|said|says|added|noted|explained|stressed|argued|recalled|wrote|asked|reported|insisted|warned)"
# Forms of address written before a name, not part of it ("Dato' Sri X", "H.E. Mr X").
HONORIFIC = (r"(?:H\.\s?E\.|His Excellency|Her Excellency|Excellency|Dato['’]?\s+Seri|Dato['’]?\s+Sri|Datuk\s+Seri|"
             r"Dato['’]?|Datuk|Tan\s+Sri|Tun|Sheikh|Shaikh|Sir|Dame|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Mme\.?|Madame|Prof\.?|"
             r"Professor|Hon\.?|Honourable|Honorable|Rt\.? Hon\.?)")
_HONORIFIC_LEAD = re.compile(rf"(?:{HONORIFIC}\s+)+")  # used with match(text, pos): no "^", which would hold only at 0
_HONORIFIC_TRAIL = re.compile(rf"(?:\s(?:{HONORIFIC})\s*)+$")
_NOT_NAME_WORDS = {
    "The", "This", "That", "These", "Those", "In", "On", "At", "For", "From", "With", "As", "By", "And", "But",
    "Our", "We", "Their", "His", "Her", "It", "Its", "A", "An", "If", "When", "While", "After", "Before",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Council", "Ambassador", "President", "Minister", "Secretary", "Opinion", "Photo", "Members", "Year",
    "Years", "Head", "State", "Type", "Population", "Education", "Languages", "Since", "Memberships",
}


# Nouns that end the names of bodies, meetings and documents, never of persons.
INSTITUTION_NOUNS = {
    "Meeting", "Meetings", "Statement", "Declaration", "Communiqué", "Communique", "Agreement", "Treaty", "Summit",
    "Session", "Conference", "Forum", "Council", "Commission", "Committee", "Assembly", "Agency", "Office", "Dept",
    "Department", "Ministry", "Service", "Services", "Bureau", "Division", "Unit", "Programme", "Program", "Fund",
    "Bank", "Party", "Group", "Network", "Institute", "University", "College", "School", "Foundation", "Centre",
    "Center", "Union", "Association", "Movement", "Alliance", "Partnership", "Initiative", "Credentials", "Dialogue",
    "Talks", "Consultations", "Review", "Report", "Times", "Post", "News", "Journal", "Magazine", "Press", "Agenda",
    "Strategy", "Plan", "Framework", "Charter", "Convention", "Protocol", "Resolution", "Act", "Law", "Court",
    "Tribunal", "Parliament", "Congress", "Senate", "Government", "Administration", "Cabinet", "Embassy",
    "Consulate", "Mission", "Delegation", "Secretariat", "Organisation", "Organization", "Corps", "Forces",
    "Army", "Navy", "Company", "Corporation", "Inc", "Ltd", "Affairs", "Relations", "Policy", "Security",
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


_PAST = re.compile(r"(?i)\b(?:was|were|became|served|had been|elected|appointed|joined|founded|consulted|"
                   r"returned|led|came to power|then-)\b")
_FROM_TO = re.compile(r"\b[Ff]rom (?P<a>(?:1[89]|20)\d\d) (?:to|until|through) (?P<b>(?:1[89]|20)\d\d)\b")


def _inside_quote(text: str, block: Span, pos: int) -> bool:
    seg = text[block.start:pos]
    return seg.count("“") > seg.count("”") or seg.count('"') % 2 == 1


class People:
    """Collects persons and posts for one document."""

    def __init__(self, ctx: DocContext):
        self.ctx = ctx
        self.persons: list[Entity] = []
        self.subject: Entity | None = None  # the person a biography paragraph is about

    # -- persons -------------------------------------------------------------------------------
    def person(self, name: str, span: Span, *, from_sidecar: bool = False) -> Entity:
        name = re.sub(r"\s+", " ", name).strip()
        known = self.ctx.by_fold(name, "person")
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
        before = text[max(block.start, s - 80):s]
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
            title_start = s - len(before) + last_title.start()
            rp = parse_role_at(ctx, title_start, s)
            if rp is not None and re.fullmatch(r"\s*,\s*", text[rp.span.end:s]):
                return True
        if s == block.start and re.match(r"^\s+(?:is|was|has been|had been|served|became|joined|holds)\b", after):
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

    # -- posts ------------------------------------------------------------------------------------
    def posts_in(self, span: Span, attested: str | None, *, bio_subject: Entity | None = None) -> list[Post]:
        """Posts written next to persons inside a span (a sentence or block)."""
        ctx, text = self.ctx, self.ctx.text
        posts: list[Post] = []
        persons_here = sorted(
            ((sp, p) for p in self.persons for sp in p.spans_from(span.start, span.end) if sp.end <= span.end),
            key=lambda x: x[0])
        seg = re.sub(r"“[^”]*”|\"[^\"]*\"", lambda m: " " * len(m.group(0)), text[span.start:span.end])
        past = bool(_PAST.search(seg))
        from_to = _FROM_TO.search(seg)
        first_role = True
        previous: tuple[RolePhrase, list[Entity]] | None = None
        for rp in find_roles(ctx, span):
            if _inside_quote(text, span, rp.span.start):
                continue  # a speaker's words about themselves are not reported facts
            if any(rp.span.start <= sp.start and sp.end <= rp.span.end for sp, _ in persons_here):
                continue  # "A, Minister of Mining and G20 Sherpa B": the phrase runs into B's title
            holders = self._holders_for(rp, persons_here, span, bio_subject)
            if not holders and previous is not None:
                # An enumeration: "X was A (2019-20), B (2017-19) and C (2009-13)".
                prev_end = max(previous[0].span.end, previous[0].date_span.end + 1 if previous[0].date_span else 0)
                if re.fullmatch(r"[\s)]*(?:,|and|, and)\s*(?:as\s+)?(?:an?\s+|the\s+)?(?:former\s+)?", text[prev_end:rp.span.start]):
                    holders = previous[1]
            if from_to and first_role and not rp.start and from_to.start() + span.start < rp.span.start:
                rp.start, rp.end = from_to.group("a"), from_to.group("b")
            first_role = False
            if rp.org is None or rp.org.kind == "country":
                rp.org = self._mission_in(span, rp) or rp.org
            if rp.org is None and re.search(r"(?i)\bits\s+$", text[max(0, rp.span.start - 5):rp.span.start]):
                rp.org = self._last_org_before(span.start)
            if rp.org is None and re.search(r"(?i)\b(?:the|its|their)\s+(?:permanent\s+)?(?:mission|delegation)[’'´]s\s+$",
                                            text[max(0, rp.span.start - 40):rp.span.start]):
                # "The mission's deputy permanent representative, X": the mission last named.
                rp.org = self._last_mission_before(rp.span.start)
                if rp.org is not None and rp.country is None and rp.org.country:
                    rp.country = ctx.extraction.entities.get(f"country/{rp.org.country}")
            if rp.org is None and rp.country is None and holders and \
                    ctx.tables.role_category(rp.role) in ("official", "un-official"):
                # "… the World Trade Organization … the election of X as Director-General": the
                # international organisation the paragraph is about.
                rp.org = self._international_org_before(rp.span.start)
            if rp.org is None and rp.country is None and len(holders) == 1 and \
                    ctx.tables.role_category(rp.role) in ("head-of-state", "head-of-government"):
                # "presented my credentials to President X in New Delhi": a bare head-of-state title
                # before a name is of the one country the sentence names (a city counts for its
                # country); none or several: no post.
                country = self._only_country_in(span)
                if country is not None and any(rp.span.end <= sp.start <= rp.span.end + 2 for sp in holders[0].spans):
                    rp.org = rp.country = country
            appointed = holders and _APPOINTED.search(text, max(span.start, rp.span.start - 60), rp.span.start)
            if appointed:
                # "X was appointed ambassador in March 2021": the post starts then; nothing says it ended.
                if not rp.start:
                    after = Span(rp.span.end, min(span.end, rp.span.end + 40))
                    when = next((d for d in ctx.dates_in(after, ctx.ref_date())
                                 if re.fullmatch(r"[^.;]*?\b(?:in|on|since)\s+(?:the\s+)?", text[rp.span.end:d.span.start])), None)
                    if when is not None:
                        rp.start = when.value
                for holder in holders:
                    posts.append(self._post(holder, rp, None, past=False))
                previous = (rp, holders)
                continue
            for holder in holders:
                posts.append(self._post(holder, rp, None if past else attested, past=past))
            if holders:
                previous = (rp, holders)
        return posts

    def _only_country_in(self, span: Span) -> Entity | None:
        ctx = self.ctx
        found: set[Entity] = set()
        for _, e in ctx.find_entities(span, ("country", "city")):
            if e.kind == "country":
                found.add(e)
            elif e.country:
                c = ctx.extraction.entities.get(f"country/{e.country}")
                if c is None:
                    return None  # a city of a country the document does not name: not sure
                found.add(c)
        return next(iter(found)) if len(found) == 1 else None

    def _international_org_before(self, pos: int) -> Entity | None:
        block = next((b.span for b in self.ctx.blocks if b.span.start <= pos < b.span.end), None)
        if block is None:
            return None
        best = None
        for m in self.ctx.matches:
            if block.start <= m.span.start and m.span.end <= pos and m.entry.kind == "organization" and \
                    {"international", "un-organ", "un-agency", "regional"} & set(m.entry.subtypes):
                best = m
        return self.ctx.from_entry(best.entry, None) if best else None

    def _last_mission_before(self, pos: int) -> Entity | None:
        best, best_at = None, -1
        for e in self.ctx.extraction.entities.values():
            if e.kind == "organization" and "mission" in e.subtypes:
                at = max((sp.start for sp in e.spans if 0 <= sp.start < pos), default=-1)
                if at > best_at:
                    best, best_at = e, at
        return best

    def _last_org_before(self, pos: int) -> Entity | None:
        best = None
        for m in self.ctx.matches:
            if m.entry.kind == "organization" and m.span.end <= pos and (best is None or m.span.start > best.span.start):
                best = m
        return self.ctx.from_entry(best.entry, None) if best else None

    def _mission_in(self, span: Span, rp: RolePhrase) -> Entity | None:
        """A diplomat's post in a sentence naming "Mexico’s delegation to the United Nations" or
        "its UN mission" belongs to that mission."""
        from diplograph.extract.roles import mission_entity
        if not re.search(r"(?i)ambassador|representative|coordinator|counsellor|attach|delegate|envoy|diplomat", rp.role):
            return None
        seg = self.ctx.t(span)
        m = re.search(r"(?i)\b(?:(?:permanent\s+)?(?:mission|delegation)\s+to\s+the\s+(?:UN|U\.N\.|United Nations)"
                      r"|(?:UN|U\.N\.)\s+(?:mission|delegation))\b", seg)
        if not m:
            return None
        countries = self.ctx.find_entities(span, ("country",))
        before = [e for mm, e in countries if mm.span.start < span.start + m.start()]
        country = (before[-1] if before else None) or (rp.country)
        if country is None:
            return None
        return mission_entity(self.ctx, country, Span(span.start + m.start(), span.start + m.end()))

    def _holders_for(self, rp: RolePhrase, persons_here, span: Span, bio_subject: Entity | None) -> list[Entity]:
        text = self.ctx.text
        # Title directly before a name ("State Secretary Brenner"), or after a comma
        # ("the Minister of Foreign Affairs of Brazil, Mauro Vieira,").
        after = [p for sp, p in persons_here if 0 <= sp.start - rp.span.end <= 2
                 or re.fullmatch(rf"\s*,?\s*(?:{HONORIFIC}\s+)*", text[rp.span.end:sp.start] if sp.start > rp.span.end else "x")]
        if after:
            return [after[0]]
        # Name, then the post: "Amina Wekesa, Principal Secretary …", plural: "A and B, deputy ambassadors".
        before = [(sp, p) for sp, p in persons_here if sp.end <= rp.span.start]
        if before:
            sp, p = before[-1]
            gap = text[sp.end:rp.span.start]
            # ", Sierra Leone's permanent representative": a possessor of a few words before the title.
            if (re.fullmatch(r",\s*(?:the\s+|a\s+|an\s+|one of\s+)?(?:[\w’'´]+\s+)?", gap) or
                    re.fullmatch(r",\s*(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3}[’'´]s\s+", gap)) and len(gap) < 40:
                holders = [p]
                if rp.plural:
                    i = len(before) - 2
                    while i >= 0:
                        psp, pp = before[i]
                        link = text[psp.end:before[i + 1][0].start]
                        if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", link):
                            holders.insert(0, pp)
                            i -= 1
                        else:
                            break
                return holders
            # "X was/is [a former] ROLE", "From 1994 to 1999, X was ROLE", "X then became ROLE".
            # "X was …", "X, who has been …, previously served as …"
            if re.fullmatch(r"(?:,[^,]{1,40},|,\s+who\s[^,]{1,120},|,\s+who)?\s+(?:\w+\s+)?(?:is|was|has been|had been|became|served as|remains|joined as|"
                            r"was later elected|was elected|was appointed|is also)\s+(?:an?\s+|the\s+|its\s+|his\s+|her\s+)?(?:former\s+)?"
                            r"(?:[^\s,.;]+(?:\s[^\s,.;]+){0,3}[’'´]s\s+)?", gap) or re.fullmatch(r"\s+(?:then\s+)?became\s+", gap):
                return [p]
            # "the election of X as Director-General", "appointed X as …".
            lead = text[max(span.start, sp.start - 40):sp.start]
            if re.fullmatch(r"\s+as\s+(?:the\s+|its\s+|an?\s+)?(?:new\s+)?", gap) and re.search(
                    r"(?i)\b(?:(?:re-?)?election|appointment|nomination|selection|elected|appointed|named|nominated|"
                    r"confirmed|chose|chosen|selected)\s+(?:of\s+)?$", lead):
                return [p]
        if bio_subject is not None:
            head = text[span.start:rp.span.start]
            if re.search(r"(?i)\b(he|she|they)\b[^.]*\b(?:was|is|became|served as|elected|appointed)\b[^.]*$", head) \
                    and not _MEETS_SOMEONE.search(head) \
                    or re.search(r"(?i)^(?:he|she)\b", head.strip()) and not _MEETS_SOMEONE.search(head):
                return [bio_subject]
        return []

    def _post(self, holder: Entity, rp: RolePhrase, attested: str | None, past: bool = False) -> Post:
        text = self.ctx.text
        former = rp.former or past or bool(re.search(r"(?i)\bwas\s+(?:an?\s+|the\s+)?$", text[max(0, rp.span.start - 12):rp.span.start]))
        if rp.country and holder.kind == "person" and not holder.country:
            holder.country = rp.country.key
        return Post(holder=holder, role=rp.role, org=rp.org, span=rp.span, start=rp.start, end=rp.end,
                    attested=None if (former or rp.end) else attested, former=former and not rp.start,
                    mission_to=rp.mission_to if rp.org is None else None)


# "was appointed (as) the new …" right before a title: the start of that post.
_APPOINTED = re.compile(r"(?i)\b(?:was|were|has been|have been|had been|is)\s+(?:\w+ly\s+)?(?:appointed|named|"
                        r"nominated|designated|elected|confirmed)\s+(?:as\s+)?(?:(?:the|an?|its|his|her|their)\s+)?"
                        r"(?:new\s+)?(?:[A-Z][\w’'-]*\s+)?$")
# "He will meet the Prime Minister", "She thanked the Foreign Minister": the title after such a verb
# is the other person's, not the subject's.
_MEETS_SOMEONE = re.compile(r"(?i)\b(?:meet|meets|met|meeting|visit(?:s|ed)?|sp(?:oke|eaks?|eaking)\s+(?:to|with)|"
                            r"call(?:s|ed|ing)?\s+on|told|tells|thank(?:s|ed)|welcom(?:es|ed|ing)|receiv(?:es|ed|ing)|"
                            r"invit(?:es|ed)|congratulat(?:es|ed)|accompan(?:ies|ied|ying)|(?:discuss(?:es|ed)?|talk(?:s|ed)?)\s+with)\b")
_HEAD_OF_MISSION = re.compile(r"(?i)(?:ambassador|permanent representative)\b(?!-at)")


def _same_mission_post(p: Post, q: Post) -> bool:
    """A fact box's "Ambassador to the UN:" and the text's "permanent representative" at the same
    mission from the same date are one post written twice."""
    return p.holder is q.holder and p.org is not None and p.org is q.org and "mission" in p.org.subtypes \
        and all(_HEAD_OF_MISSION.match(r) and not re.match(r"(?i)(?:deputy|alternate|vice)\b", r) for r in (p.role, q.role)) \
        and (not p.start or not q.start or p.start == q.start) and (not p.end or not q.end or p.end == q.end)


def _role_key(p: Post) -> str:
    """The role name for merging: "Ambassador of Portugal to India" (a bio) and "ambassador to India"
    (the text) are one post of Portugal."""
    role = fold(p.role)
    if p.org is not None and p.org.kind == "country":
        role = re.sub(rf"\s+of\s+(?:the\s+)?{re.escape(fold(p.org.name))}(?=\s+to\s)", "", role)
    return role


def merge_posts(posts: list[Post], fallback_org=None, mission_of=None) -> list[Post]:
    """One post per holder and role name; fill organisation and dates from the other mentions.
    `fallback_org(holder)` names the organisation of a post the text gives none (the holder's
    country); `mission_of(country, body)` the country's mission to a body a diplomat is accredited to."""
    out: dict[tuple, Post] = {}
    for p in posts:
        key = (p.holder.kind, p.holder.key, _role_key(p), p.org.key if p.org is not None and p.holder.kind == "country" else "", p.start or "")
        same = out.get(key) or next((q for k, q in out.items() if k[:4] == key[:4] and (not k[4] or not key[4])), None)
        if same is None:
            out[key] = p
            continue
        if same.org is not None and p.org is not None and same.org.kind == "country" and p.org.country == same.org.key:
            same.org = p.org
        same.org = same.org or p.org
        same.start = same.start or p.start
        same.end = same.end or p.end
        same.attested = same.attested or p.attested
        same.former = same.former and p.former and not (same.start or same.end)
    posts_list = list(out.values())
    dropped = set()
    for p in posts_list:
        for q in posts_list:
            if p is q or id(q) in dropped or p.holder is not q.holder:
                continue
            fp, fq = fold(p.role), fold(q.role)
            if (fq.startswith(fp + " ") or fq.endswith(" " + fp)) and (p.org is None or q.org is None or p.org is q.org) \
                    and not (p.start and q.start and p.start != q.start):
                q.org = q.org or p.org
                q.attested = q.attested or p.attested
                q.start, q.end = q.start or p.start, q.end or p.end
                dropped.add(id(p))
                break
    for i, p in enumerate(posts_list):
        if id(p) in dropped:
            continue
        for q in posts_list[i + 1:]:
            if id(q) not in dropped and _same_mission_post(p, q):
                p.start, p.end = p.start or q.start, p.end or q.end
                p.attested = p.attested or q.attested
                p.former = p.former and q.former
                dropped.add(id(q))
    for p in posts_list:
        # "Ambassador Fatmata Koroma, Sierra Leone's permanent representative to the UN": the bare
        # title before the name is the same post as the head-of-mission post named after it.
        if id(p) in dropped or fold(p.role) != "ambassador" or p.start or p.end or \
                (p.org is not None and p.org.kind != "country"):
            continue
        if any(q is not p and id(q) not in dropped and q.holder is p.holder and q.org is not None and
               "mission" in q.org.subtypes and _HEAD_OF_MISSION.match(q.role) and
               (p.org is None or q.org.country == p.org.key) for q in posts_list):
            dropped.add(id(p))
    result = []
    for p in (p for p in posts_list if id(p) not in dropped):
        if p.org is None and fallback_org is not None:
            p.org = fallback_org(p.holder)
            if p.org is not None and p.org.kind == "country" and p.mission_to is not None and mission_of is not None:
                p.org = mission_of(p.org, p.mission_to, p.span)
        # A person's post whose organisation the text does not name is still a post (published
        # without schema:memberOf); a country's membership needs its body.
        if (p.org is not None and p.org is not p.holder) or (p.org is None and p.holder.kind == "person"):
            result.append(p)
    return result
