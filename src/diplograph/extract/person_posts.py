"""The posts persons hold, read next to their names (the post half of extract.people.People).

`PostFinder.posts_in` reads the role phrases of a sentence or block (extract.roles) and gives each
to the person it belongs to: an apposition ("X, Ambassador of Y"), a title before the name, a
biography's subject, an appointment ("was appointed … on DATE" starts the post then); a title
after a verb of meeting someone is not the subject's post. `merge_posts` folds the posts one
person holds that say the same thing twice.
"""

from __future__ import annotations

import re

from diplograph.extract.honorifics import HONORIFIC
from diplograph.extract.roles import RolePhrase, find_roles
from diplograph.model import Entity, Post, Span
from diplograph.text.gazetteer import fold

_PAST = re.compile(r"(?i)\b(?:was|were|became|served|had been|(?<!has )(?<!have )(?<!been )(?:elected|appointed)|joined|founded|consulted|"
                   r"returned|(?<!is )(?<!are )(?<!been )(?<!, )led(?! since)|came to power|then-)\b")  # "is led by X", "…, led since 2023 by X" are now
# What someone said or told is not the tense of the sentence's posts: "X, C's Ambassador, told
# reporters that the situation was grave" is about a current ambassador.
_REPORTED = re.compile(r"\b(?:told|said|says|tells|added|adds|stated|states|warned|warns|noted|notes|stressed|stresses|"
                       r"explained|explains|insisted|argued|recalled|wrote|writes)\b")


def told_in_the_past(sentence: str) -> bool:
    """Does the sentence, up to what its subject said, tell of the past?"""
    said = _REPORTED.search(sentence)
    return bool(_PAST.search(sentence[:said.start()] if said else sentence))


# "X was the ROLE", "had served as C's ROLE": a post told as held then (dip:former, "ended at the time
# of writing"). A title in a sentence about the past is only not attested on the document's date:
# "The meeting was chaired by the High Representative, X" is about a current High Representative.
_PAST_COPULA = re.compile(r"(?i)\b(?:was|were|had been|served(?:\s+as)?|worked\s+as|acted\s+as|(?:then\s+)?became)\s+"
                          r"(?:(?:an?|the|its|his|her|their|then|also|briefly|previously)\s+|"
                          r"[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3}[’'´]s\s+)*$")


def told_as_a_past_post(text: str, role: Span) -> bool:
    return bool(_PAST_COPULA.search(text, max(0, role.start - 80), role.start))


_TOLD_WHOM = re.compile(r"\b(?:told|tells|telling|briefed|briefs|informed|thanked|asked|urged|assured|reminded)\s+(?:the\s+)?$")
_FROM_TO = re.compile(r"\b[Ff]rom (?P<a>(?:1[89]|20)\d\d) (?:to|until|through) (?P<b>(?:1[89]|20)\d\d)\b")


def _inside_quote(text: str, block: Span, pos: int) -> bool:
    seg = text[block.start:pos]
    return seg.count("“") > seg.count("”") or seg.count('"') % 2 == 1


class PostFinder:
    """The post rules of People (a mixin: it reads People's persons and document context)."""

    # -- posts ------------------------------------------------------------------------------------
    def posts_in(self, span: Span, attested: str | None, *, bio_subject: Entity | None = None) -> list[Post]:
        """Posts written next to persons inside a span (a sentence or block)."""
        ctx, text = self.ctx, self.ctx.text
        posts: list[Post] = []
        persons_here = sorted(
            ((sp, p) for p in self.persons for sp in p.spans_from(span.start, span.end) if sp.end <= span.end),
            key=lambda x: x[0])
        seg = re.sub(r"“[^”]*”|\"[^\"]*\"", lambda m: " " * len(m.group(0)), text[span.start:span.end])
        past = told_in_the_past(seg)
        from_to = _FROM_TO.search(seg)
        first_role = True
        previous: tuple[RolePhrase, list[Entity]] | None = None
        for rp in find_roles(ctx, span):
            if _inside_quote(text, span, rp.span.start):
                continue  # a speaker's words about themselves are not reported facts
            if any(rp.span.start <= sp.start and sp.end <= rp.span.end for sp, _ in persons_here):
                continue  # "A, Minister of Mining and G20 Sherpa B": the phrase runs into B's title
            if _TOLD_WHOM.search(text, max(span.start, rp.span.start - 14), rp.span.start):
                continue  # "X told reporters", "briefed the ambassadors": whom they spoke to, not X's post
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
            if rp.org is None and len(holders) == 1:
                rp.org = self._org_after_name(holders[0], rp, span)
                if rp.org is not None and rp.org.kind == "country" and rp.country is None:
                    rp.country = rp.org  # "Foreign Minister X of Sweden"
            if rp.org is None and re.search(r"(?i)\bits\s+$", text[max(0, rp.span.start - 5):rp.span.start]):
                rp.org = self._last_org_before(span.start)
            if re.search(r"\bof\s+its\s", rp.role):  # "elected X as President of its 79th session"
                body = self._last_org_before(rp.span.start)
                if body is not None:
                    rp.org, rp.role = body, re.sub(r"\bof\s+its\s", "of the ", rp.role)
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
                country = self._only_country_in(span, name_end=min(
                    (sp.end for sp in holders[0].spans if span.start <= sp.start < span.end), default=None))
                if country is not None and any(rp.span.end <= sp.start <= rp.span.end + 2 for sp in holders[0].spans):
                    rp.org = rp.country = country
            appointed = holders and (_APPOINTED.search(text, max(span.start, rp.span.start - 60), rp.span.start) or (
                _APPOINTS.search(text, span.start, rp.span.start) and
                re.search(rf"\bas\s+(?:the\s+|its\s+|an?\s+)?(?:new\s+)?(?:{POSSESSOR})?$", text[span.start:rp.span.start])))
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

    def _only_country_in(self, span: Span, name_end: int | None = None) -> Entity | None:
        """The one country (or a city's) the sentence names before the name, or right after it ("to
        President X in New Delhi"); one named later ("… discussed the conflict in Ukraine") is what
        the sentence is about, not whose the title is."""
        ctx = self.ctx
        found: set[Entity] = set()
        for m, e in ctx.find_entities(span, ("country", "city")):
            if name_end is not None and m.span.start >= name_end and not re.fullmatch(
                    r"\s*,?\s*(?:in|of|from|at)\s+(?:the\s+)?", ctx.text[name_end:m.span.start]):
                continue
            if _TRAVEL_TO.search(ctx.text, max(span.start, m.span.start - 40), m.span.start) or \
                    re.search(r"\bto\s+(?:the\s+)?$", ctx.text[max(span.start, m.span.start - 8):m.span.start]):
                return None  # "Prime Minister X paid a visit to Japan": where X went, not whose X is
            if e.kind == "country" and self._bound_to_another(m.span):
                return None  # "… met with President Y of Nigeria": Nigeria is Y's, not X's
            if e.kind == "country":
                found.add(e)
            elif e.country:
                c = ctx.extraction.entities.get(f"country/{e.country}")
                if c is None:
                    return None  # a city of a country the document does not name: not sure
                found.add(c)
        return next(iter(found)) if len(found) == 1 else None

    def _bound_to_another(self, at: Span) -> bool:
        """A country written as a title's ("Nigeria's President", "Nigerian Foreign Minister") or
        right after a name ("President Y of Nigeria")."""
        text = self.ctx.text
        gap = re.match(r"(?:[’'´]s)?\s+", text[at.end:at.end + 3])
        if gap and self.ctx.tables.role_re.match(text, at.end + gap.end()):
            return True
        return any(0 <= at.start - sp.end < 12 and _OF_AFTER_NAME.fullmatch(text, sp.end, at.start)
                   for p in self.persons for sp in p.spans)

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

    def _org_after_name(self, holder: Entity, rp: RolePhrase, span: Span) -> Entity | None:
        """"Judge X of the International Court of Justice", "Foreign Minister Y of Sweden": the title
        before the name, its organisation or country right after it (a known one, as the gazetteer
        matched it there)."""
        text = self.ctx.text
        name = next((sp for sp in holder.spans if 0 <= sp.start - rp.span.end <= 2), None)
        if name is None:
            return None
        m = _OF_AFTER_NAME.match(text, name.end, span.end)
        if m is None:
            return None
        after_of = m.start() + re.match(r",?\s+of\s+", text[m.start():m.end()]).end()  # "of the Netherlands": a name with its article
        found = self.ctx.find_entities(Span(after_of, min(span.end, m.end() + 120)), ("organization", "country"))
        return next((e for mm, e in found if mm.span.start in (m.end(), after_of)), None)

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
            if (re.fullmatch(r",\s*(?:the\s+|a\s+|an\s+|one of\s+)?(?:[\w’'´]+\s+)?", gap) or _SERVING_AS.fullmatch(gap) or
                    re.fullmatch(r",\s*(?:the\s+)?[A-Z][\w.-]*(?:\s+(?:of\s+|the\s+)*[A-Z][\w.-]*){0,3}[’'´]s\s+", gap)) and len(gap) < 40:
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
                            r"(?:[^\s,.;]+(?:\s[^\s,.;]+){0,3}[’'´]s\s+)?(?:former\s+)?", gap) or re.fullmatch(r"\s+(?:then\s+)?became\s+", gap):
                return [p]
            # "the election of X as Director-General", "appointed X as …".
            lead = text[max(span.start, sp.start - 40):sp.start]
            if re.search(rf",?\s+and\s+(?:{HONORIFIC}\s+)*$", lead) and _APPOINTS.search(text, span.start, sp.start):
                lead = "appointed "  # "has appointed A as …, and B as …": B is appointed too
            # "elected X of Cameroon as President of …": the country the person is from, then the post.
            of_country = re.match(r"\s+(?:of|from)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}(?=\s+as\s)", gap)
            if of_country and not any(e.kind == "country" for _, e in self.ctx.find_entities(
                    Span(sp.end, sp.end + of_country.end()), ("country",))):
                of_country = None
            if re.fullmatch(rf"\s+as\s+(?:the\s+|its\s+|an?\s+|his\s+|her\s+|their\s+)?(?:new\s+)?(?:{POSSESSOR})?",
                            gap[of_country.end():] if of_country else gap) and re.search(
                    r"(?i)\b(?:(?:re-?)?election|appointment|nomination|selection|elected|appointed|named|nominated|"
                    rf"confirmed|chose|chosen|selected)\s+(?:of\s+)?(?:{HONORIFIC}\s+)*$", lead):
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
        former = rp.former or (past and told_as_a_past_post(text, rp.span)) or \
            bool(re.search(r"(?i)\bwas\s+(?:an?\s+|the\s+)?$", text[max(0, rp.span.start - 12):rp.span.start]))
        if rp.country and holder.kind == "person" and not holder.country:
            holder.country = rp.country.key
        return Post(holder=holder, role=rp.role, org=rp.org, span=rp.span, start=rp.start, end=rp.end,
                    attested=None if (former or rp.end) else attested, former=former and not rp.start,
                    mission_to=rp.mission_to if rp.org is None else None)

# A place named as where someone goes: "a visit to", "travels to", "arrived in", "a tour of".
_TRAVEL_TO = re.compile(r"(?i)\b(?:visit(?:s|ed|ing)?|trip|journey|tour|travel(?:s|led|led|ling)?|went|go(?:es|ing)?|"
                        r"arriv(?:e|es|ed|ing)|fl(?:y|ies|ew)|heads?|headed|left|leaves?)\b(?:\s+(?:to|in|for|of|at))?"
                        r"(?:\s+(?:the\s+)?[\w-]+){0,2}\s*$")
# "Norway's ", "the United States' ": a possessor of a few capitalised words before a title.
POSSESSOR = r"[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3}[’'´]s\s+"
# "X (CMG), currently serving as Norway's ambassador to …": a clause of apposition that names the post.
_SERVING_AS = re.compile(r"(?:\s+[A-Z]{2,5})*,\s*(?:(?:currently|now|then|previously|formerly|most recently|until recently)\s+)?"
                         rf"(?:serving|acting|working)\s+as\s+(?:the\s+|an?\s+|its\s+|his\s+|her\s+)?(?:{POSSESSOR})?")
_APPOINTS = re.compile(r"(?i)\b(?:appoint(?:ed|s)?|nam(?:ed|es)|nominat(?:ed|es)|designat(?:ed|es)|elect(?:ed|s)|select(?:ed|s)|chose|chosen)\b")
# "Judge X of the …": what joins a name to the organisation of the title before it.
_OF_AFTER_NAME = re.compile(r",?\s+of\s+(?:the\s+)?")
# "was appointed (as) the new …" right before a title: the start of that post.
_APPOINTED = re.compile(r"(?i)\b(?:was|were|has been|have been|had been|is)\s+(?:\w+ly\s+)?(?:appointed|named|"
                        r"nominated|designated|elected|confirmed)\s+(?:as\s+)?(?:(?:the|an?|its|his|her|their)\s+)?"
                        r"(?:new\s+)?(?:[A-Z][\w’'-]*\s+)?$")
# "He will meet the Prime Minister", "She thanked the Foreign Minister": the title after such a verb
# is the other person's, not the subject's.
_MEETS_SOMEONE = re.compile(r"(?i)\b(?:meet|meets|met|meeting|visit(?:s|ed)?|sp(?:oke|eaks?|eaking)\s+(?:to|with)|"
                            r"call(?:s|ed|ing)?\s+on|told|tells|thank(?:s|ed)|welcom(?:es|ed|ing)|receiv(?:es|ed|ing)|"
                            r"invit(?:es|ed)|congratulat(?:es|ed)|accompan(?:ies|ied|ying)|(?:discuss(?:es|ed)?|talk(?:s|ed)?)\s+with)\b")
# A word before a title that makes it another post: "Deputy Permanent Representative" is not the
# "Permanent Representative" named elsewhere.
_RANK = re.compile(r"\b(?:deputy|vice|assistant|alternate|under|associate|acting|former|second|third|first)\b")
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
    `fallback_org(post)` names the organisation of a post the text gives none (the holder's
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
            if (fq.startswith(fp + " ") or fq.endswith(" " + fp) and not _RANK.search(fq[:-len(fp)])) \
                    and (p.org is None or q.org is None or p.org is q.org) \
                    and not (p.start and q.start and p.start != q.start) and not (p.attested and q.end or q.attested and p.end) \
                    and not (p.attested and q.former or q.attested and p.former):  # a current post is not a former one
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
        elif p.org is None and any(q is not p and id(q) not in dropped and q.holder is p.holder and
                                   0 <= p.span.start - q.span.end <= 3 for q in posts_list):
            dropped.add(id(p))  # "The Minister of Foreign Affairs, Ambassador X": a form of address beside the post
    result = []
    for p in (p for p in posts_list if id(p) not in dropped):
        if p.org is None and fallback_org is not None:
            p.org = fallback_org(p)
            if p.org is not None and p.org.kind == "country" and p.mission_to is not None and mission_of is not None:
                p.org = mission_of(p.org, p.mission_to, p.span)
        # A person's post whose organisation the text does not name is still a post (published
        # without schema:memberOf); a country's membership needs its body.
        if (p.org is not None and p.org is not p.holder) or (p.org is None and p.holder.kind == "person"):
            result.append(p)
    return result
