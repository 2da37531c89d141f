"""Persons and the posts they hold, found by a name grammar anchored on cues.

A capitalised name counts as a person only next to a cue: a post title before it ("State
Secretary Kravik", "South Korean Trade Minister Yoo Myung-hee"), a post after it ("Enrique Ochoa,
the political coordinator"), a speech verb ("… told PassBlue"), a biography opening ("X was …",
"X is a …"), a fact-box line ("Head of State: X"), the sidecar's author, or the gazetteer. Later
surname-only mentions ("Ochoa", "Gómez Robledo") resolve to the full name seen earlier.
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
NAME = rf"{CAP}(?:\s+(?:{PARTICLE}\s+)*{CAP}){{1,4}}"
NAME_RE = re.compile(rf"(?<![\w-])(?:{NAME})(?![\w-])")
SPEECH = r"(?:told|said|says|added|noted|explained|stressed|argued|recalled|wrote|asked)"
_NOT_NAME_WORDS = {
    "The", "This", "That", "These", "Those", "In", "On", "At", "For", "From", "With", "As", "By", "And", "But",
    "Our", "We", "Their", "His", "Her", "It", "Its", "A", "An", "If", "When", "While", "After", "Before",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Council", "Ambassador", "President", "Minister", "Secretary", "Opinion", "Photo", "Members", "Year",
    "Years", "Head", "State", "Type", "Population", "Education", "Languages", "Since", "Memberships",
}


def _valid_name(ctx: DocContext, name: str) -> bool:
    toks = name.split()
    if len(toks) < 2 or toks[0] in _NOT_NAME_WORDS or toks[-1] in _NOT_NAME_WORDS:
        return False
    if ctx.tables.role_re.fullmatch(name) or ctx.tables.role_re.match(name):
        return False
    for entry, _ in ctx.tables.gazetteer.lookup(name):
        if entry.kind != "person":
            return False
    # A name made only of gazetteer words ("Mexico City", "New Zealand") is not a person.
    for m in ctx.tables.gazetteer.find(name):
        if m.entry.kind != "person" and m.span.end - m.span.start >= len(name) - 1:
            return False
    return True


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
            return self.ctx.from_entry(entry, None)
        return None

    # -- cue-based discovery --------------------------------------------------------------------
    def discover(self, spans: list[Span]) -> None:
        ctx, text = self.ctx, self.ctx.text
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
                # Trim a leading title word that the name pattern swallowed ("President Andrés …").
                tm = ctx.tables.role_re.match(text, s, e)
                if tm:
                    rest = text[tm.end():e].strip()
                    if len(rest.split()) < 2:
                        continue
                    s = e - len(rest)
                    name = rest
                if not _valid_name(ctx, name):
                    continue
                if self._has_cue(s, e, span):
                    self.person(name, Span(s, e))
            del seg

    def _has_cue(self, s: int, e: int, block: Span) -> bool:
        ctx, text = self.ctx, self.ctx.text
        before = text[max(block.start, s - 80):s]
        after = text[e:min(block.end, e + 80)]
        if re.match(rf"^[,\s]*(?:{SPEECH})\b", after) or re.search(rf"\b{SPEECH}\s*$", before):
            return True
        if re.match(r"^,\s+(?:the\s+|a\s+|an\s+|one of\s+|its\s+|former\s+|then-)?", after):
            # A post title or a known country's post right after the comma.
            rest_start = e + len(re.match(r"^,\s+", after).group(0))
            if parse_role_at(ctx, rest_start, block.end) or re.match(r"^,\s+\d{1,3}\b", after):
                return True
        if ctx.tables.role_re.search(before[-45:]) and re.search(r"[\w.]\s+$", before) and not re.search(r"[,;:.]\s*\S*\s*$", before[-45:]):
            return True
        if s == block.start and re.match(r"^\s+(?:is|was|has been|had been|served|became|joined|holds)\b", after):
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
        """Record every later short mention ("Ochoa:", "de la Fuente") of a person already found."""
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
                        # "Manuel Velasquez": a capitalised word follows: another name.
                        if not self.ctx.tables.role_re.match(text, m.end() + 1):
                            continue
                    if self.resolve_short(m.group(0)) is person:
                        person.add_span(Span(m.start(), m.end()))

    # -- posts ------------------------------------------------------------------------------------
    def posts_in(self, span: Span, attested: str | None, *, bio_subject: Entity | None = None) -> list[Post]:
        """Posts written next to persons inside a span (a sentence or block)."""
        ctx, text = self.ctx, self.ctx.text
        posts: list[Post] = []
        persons_here = sorted(
            ((sp, p) for p in self.persons for sp in p.spans if span.start <= sp.start and sp.end <= span.end),
            key=lambda x: x[0])
        for rp in find_roles(ctx, span):
            holders = self._holders_for(rp, persons_here, span, bio_subject)
            for holder in holders:
                posts.append(self._post(holder, rp, attested))
        return posts

    def _holders_for(self, rp: RolePhrase, persons_here, span: Span, bio_subject: Entity | None) -> list[Entity]:
        text = self.ctx.text
        # Title directly before a name: "State Secretary Kravik".
        after = [p for sp, p in persons_here if 0 <= sp.start - rp.span.end <= 2]
        if after:
            return [after[0]]
        # Name, then the post: "Enrique Ochoa, Under-Secretary …", plural: "A and B, deputy ambassadors".
        before = [(sp, p) for sp, p in persons_here if sp.end <= rp.span.start]
        if before:
            sp, p = before[-1]
            gap = text[sp.end:rp.span.start]
            if re.fullmatch(r",\s*(?:the\s+|a\s+|an\s+|one of\s+)?(?:[\w’'´]+\s+)?", gap) and len(gap) < 40:
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
            if re.fullmatch(r"\s+(?:\w+\s+)?(?:is|was|has been|had been|became|served as|remains|joined as|"
                            r"was later elected|was elected|was appointed|is also)\s+(?:an?\s+|the\s+)?(?:former\s+)?",
                            gap) or re.fullmatch(r"\s+(?:then\s+)?became\s+", gap):
                return [p]
        if bio_subject is not None:
            head = text[span.start:rp.span.start]
            if re.search(r"(?i)\b(he|she|they)\b[^.]*\b(?:was|is|became|served as|elected|appointed)\b[^.]*$", head) \
                    or re.search(r"(?i)^(?:he|she)\b", head.strip()):
                return [bio_subject]
        return []

    def _post(self, holder: Entity, rp: RolePhrase, attested: str | None) -> Post:
        text = self.ctx.text
        former = rp.former or bool(re.search(r"(?i)\bwas\s+(?:an?\s+|the\s+)?$", text[max(0, rp.span.start - 12):rp.span.start]))
        if rp.country and holder.kind == "person" and not holder.country:
            holder.country = rp.country.key
        return Post(holder=holder, role=rp.role, org=rp.org, span=rp.span, start=rp.start, end=rp.end,
                    attested=None if (former or rp.end) else attested, former=former and not rp.start)


def merge_posts(posts: list[Post], fallback_org=None) -> list[Post]:
    """One post per holder and role name; fill organisation and dates from the other mentions."""
    out: dict[tuple, Post] = {}
    for p in posts:
        key = (p.holder.kind, p.holder.key, fold(p.role), p.start or "")
        same = out.get(key) or next((q for k, q in out.items() if k[:3] == key[:3] and (not k[3] or not key[3])), None)
        if same is None:
            out[key] = p
            continue
        same.org = same.org or p.org
        same.start = same.start or p.start
        same.end = same.end or p.end
        same.attested = same.attested or p.attested
        same.former = same.former and p.former and not (same.start or same.end)
    result = []
    for p in out.values():
        if p.org is None and fallback_org is not None:
            p.org = fallback_org(p.holder)
        if p.org is not None and p.org is not p.holder:
            result.append(p)
    return result
