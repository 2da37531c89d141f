"""Careers: the posts a biography's subject held, with the dates their clause gives.

    Between 1988 and 1999, Mr. X served in various capacities …, including Deputy Director-General
    for European Affairs from 1997 to 1999; Head of … Private Office from 1993 to 1997, serving as
    Deputy Head since 1994.
    A Middle East expert, he was Coordinator for Iran from 2004-05 and headed the Middle East
    Department from 2002-2004.
    2004-05 – Iran Coordinator                     (a CV line under the profile)

A sentence is about the person its grammatical subject names (a mention of them, or "he"/"she"
for the person last named as a subject). Its role phrases after a copula or an appointment verb
("was", "served as", "was appointed", "including", "serving as") are that person's posts; a title
written right before another name ("for High Representative X") is X's, not the subject's. Dates
come from the post's own clause ("from 1997 to 1999", "since 1994", "(2017-19)", "in 2019"), else
from the sentence's opening ("Between 1988 and 1999, …").
"""

from __future__ import annotations

import datetime as _dt
import re

from diplograph.extract.context import DocContext
from diplograph.extract.people import People
from diplograph.extract.person_posts import POSSESSOR, _inside_quote
from diplograph.extract.roles import RolePhrase, find_roles, is_international, mission_entity
from diplograph.model import Entity, Post, Span
from diplograph.text.dates import CV_LINE, MONTHS, year_range

_Y = r"(?:1[89]|20)\d\d"
_RANGE_AFTER = [
    re.compile(rf"^[^;]{{0,100}}?\b(?:from|between)\s+(?P<a>{_Y})\s*(?:to|until|till|through|and|[-–])\s*(?P<b>{_Y}|\d\d)\b"),
    re.compile(rf"^[^;]{{0,60}}?\bfrom\s+(?P<a>{_Y})\s*[-–]\s*(?P<b>{_Y}|\d\d)\b"),
    re.compile(rf"^\s*,?\s*\((?P<a>{_Y})\s*[-–]\s*(?P<b>{_Y}|\d\d)\)"),
    # "Director of X at the Ministry of Foreign Affairs (2019-2021)": the years after where it was held.
    re.compile(rf"^\s+(?:at|in|of|for|with)\s+[^;(),]{{1,70}}?\s*\((?P<a>{_Y})\s*[-–]\s*(?P<b>{_Y}|\d\d)\)"),
]
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# "since 2005", "since March 2021", "since 3 March 2021": the start as precise as the text.
_SINCE_AFTER = re.compile(rf"^[^;]{{0,40}}?\bsince\s+(?:(?P<day>[0-3]?\d)\s+)?(?:(?P<mon>{_MONTH})\s+)?(?P<a>{_Y})\b")
_IN_AFTER = re.compile(rf"^[^;,]{{0,30}}?\bin\s+(?:(?P<day>)(?P<mon>{_MONTH})\s+)?(?P<a>{_Y})\b(?!\s*[-–])")
_OPENING = re.compile(rf"^(?:(?:Between|From)\s+(?P<a>{_Y})\s+(?:and|to|until)\s+(?P<b>{_Y})|Since\s+(?P<s>{_Y}))\b")
_SINCE_ANY = re.compile(rf"\band since\s+(?P<s>{_Y})\b|^[^,]*\bsince\s+(?P<s2>{_Y}),")
_CUE = re.compile(r"(?i)(?:\b(?:is|was|were|am|has been|had been|have been|[’']ve been|became|becomes|becoming|remains|served|serves|serving|worked|"
                  r"working|acted|acting|appointed|named|elected|promoted|nominated|including|held the (?:position|post|"
                  r"office|role) of|holds the (?:position|post|office|role) of|took up (?:the )?(?:post|position) of|"
                  r"as)\b(?:\s+as)?(?:\s+(?:the|an?|its|his|her|their|first|new|former|then|also|later|briefly|"
                  r"simultaneously|acting|interim|previously|formerly|(?:most\s+)?recently|currently|subsequently|"
                  r"once|now|still))*\s*|;\s*|,\s*and\s+|\band\s+|"
                  r"\b(?:took office|took over|takes over|(?:took|taken) up (?:his|her|the) (?:post|duties)|was sworn in|started|began)\s+(?:[\w’'-]+\s+){0,3}as\s+"
                  r"(?:[\w’'-]+\s+){0,5})$")
# "He entered the Diplomatic Service in 1974", "joined the Foreign Ministry in 1988": the start of a
# career in a country's foreign service, the first line of most diplomats' biographies.
_ENTERED = re.compile(rf"\b(?:entered|joined)\s+(?:the\s+|his\s+|her\s+|(?P<poss>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)[’']s\s+)?"
                      r"(?P<body>(?:[A-Z][\w’'-]+\s+){0,2}"
                      r"(?:(?:Diplomatic|Foreign|Diplomatic and Consular|Foreign and Commonwealth|External|Consular|"
                      r"diplomatic|foreign)\s+(?:Service|Office|Ministry|service|ministry)|Ministry\s+of\s+(?:Foreign|External)\s+Affairs|Department\s+of\s+State|"
                      r"State\s+Department|Foreign\s+Affairs\s+Ministry)(?:\s+of\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)?)"
                      rf"\s+in\s+(?P<y>{_Y})\b")
_NEXT_CLAUSE = re.compile(r";|\b(?:served|serves|was|became|is|has been|had been|worked|joined|then)\b")
_IN_BEFORE = re.compile(rf"\b(?:in|since)\s+(?P<y>{_Y})\b(?=[^.;]*$)")
_POSSESSOR = re.compile(rf"(?<=\s){POSSESSOR}$")
_REPRESENTED = re.compile(r"\brepresent(?:ed|s|ing)\s+(?P<c>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})\s+(?:at|in|to|on)\s+"
                          r"(?:the\s+)?(?P<b>[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|of|for|on|and))*)")
_HEADED = re.compile(r"\b(?P<verb>headed|led|chaired|directed)\s+(?P<obj>the\s+(?:[A-Z][\w&’'-]*\s*){1,6})")
_HEADED_ROLE = {"headed": "Head", "led": "Head", "chaired": "Chair", "directed": "Director"}
_UNIT_NOUN = re.compile(r"(?i)\b(?:dept|department|office|unit|division|directorate|section|bureau|embassy|mission|"
                        r"delegation|secretariat|desk|staff|service|ministry|council|commission)\b")


class _Lead:
    """The words to put before a role found by the table (a match-like holder of their text)."""

    def __init__(self, words: str):
        self.words = words

    def group(self, _n: int = 0) -> str:
        return self.words


def _dates(text: str, after: str) -> tuple[str | None, str | None]:
    for rx in _RANGE_AFTER:
        m = rx.match(after)
        if m:
            r = year_range(f"{m['a']}-{m['b']}")
            if r:
                return r
    m = _SINCE_AFTER.match(after)
    if m:
        return _since(m), None
    m = _IN_AFTER.match(after)
    if m:
        return _since(m), None
    return None, None


def _since(m: re.Match) -> str:
    if not m["mon"]:
        return m["a"]
    month = MONTHS[m["mon"].lower()]
    if m["day"]:
        try:
            return _dt.date(int(m["a"]), month, int(m["day"])).isoformat()
        except ValueError:  # "since 31 June 2021": the month is still said
            pass
    return f"{m['a']}-{month:02d}"


def _person_at(people: People, pos: int) -> Entity | None:
    return next((p for p in people.persons for sp in p.spans if sp.start <= pos < sp.end), None)


def _subjects(ctx: DocContext, people: People):
    """(clause, the person it is about) for the clauses whose grammatical subject is a person: a
    mention of them, a phrase in apposition with one ("one of its deputies, X, was …"), or
    "he"/"she" for the person last named as a subject."""
    current: Entity | None = None
    current_is_i = False  # the last subject was the writer's "I": a "he" after it is someone else
    author = ctx.extraction.author if ctx.extraction.author is not None and ctx.extraction.author.kind == "person" else None
    for _sentence, clause in ctx.clauses():
        who, any_subject, first_person = None, False, False
        for base, tok in ctx.parse.tokens(clause):
            if tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            any_subject = True
            if tok.lower_ in ("he", "she"):
                who = None if current_is_i else current
                break  # the clause is about "he", whoever that is ("… when I travel" does not change it)
            elif tok.lower_ in ("author", "writer") and author is not None and \
                    any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
                who = author  # a closing bio: "The author is a former Ambassador of India to France"
                break
            elif tok.lower_ == "i" and author is not None and not _inside_quote(
                    ctx.text, ctx.block_of(clause), base + tok.idx):
                who = author  # an op-ed or a farewell post: the author writes of their own career
                first_person = True
            else:
                who = _person_at(people, base + tok.idx)
                for child in tok.children:
                    # "one of its deputies, X, was …"; "Ms X's most recent position was as …"
                    if who is None and child.dep_ in ("appos", "poss"):
                        who = _person_at(people, base + child.idx)
            if who is not None:
                break
        after_semicolon = clause.start > 0 and ctx.text[clause.start - 2:clause.start].strip() == ";"
        if who is None and after_semicolon and (not any_subject or ctx.tables.role_re.match(ctx.text, clause.start)):
            who = current  # a list continued after a semicolon: the same subject
        if who is not None and "title-only" not in who.subtypes:
            current, current_is_i = who, first_person
            yield clause, who


def career_posts(ctx: DocContext, people: People, attested: str | None) -> list[Post]:
    text = ctx.text
    posts: list[Post] = []
    names = sorted((sp.start, sp.end) for p in people.persons for sp in p.spans if sp.start >= 0)
    last_sentence, last_end = -1, None
    for sent, who in _subjects(ctx, people):
        seg = text[sent.start:sent.end]
        opening = _OPENING.match(seg)
        since_any = _SINCE_ANY.search(seg)
        if ctx.sentence_of(sent).start != last_sentence:
            last_sentence, last_end = ctx.sentence_of(sent).start, None
        roles = find_roles(ctx, sent)
        # "was Ambassador to France and served as Adviser from 2015 to 2018": the dates after a
        # second post's verb are that post's.
        ends = [next((r.span.start for r in roles[k + 1:] if _NEXT_CLAUSE.search(text, rp.span.end, r.span.start)), sent.end)
                for k, rp in enumerate(roles)]
        for k, (rp, dates_end) in enumerate(zip(roles, ends)):
            # A clause of its own before this post ("…, and in 2021 he was appointed …"): the opening's
            # years and the sentence's earlier clauses are not its dates.
            own_clause = Span(roles[k - 1].span.end, rp.span.start) if k and _NEXT_CLAUSE.search(
                text, roles[k - 1].span.end, rp.span.start) else None
            if _inside_quote(text, ctx.block_of(rp.span), rp.span.start):
                continue  # a speaker's words about themselves are not reported facts
            floor = ctx.sentence_of(sent).start  # the clause's sentence: "…; Head of …" reads its ";"
            before = text[max(floor, rp.span.start - 80):rp.span.start]
            # "she served as Brazil's Ambassador to Canada": the possessor names the post's country.
            poss = _POSSESSOR.search(before)
            if poss:
                before = before[:poss.start()]
                if rp.org is None and rp.country is None:
                    at = rp.span.start - len(poss.group(0))
                    rp.country = next((e for _, e in ctx.find_entities(Span(at, rp.span.start), ("country",))), None)
            cue = _CUE.search(before)
            lead = None
            if not cue:
                # "was the Foreign Policy and Security Adviser to …": capitalised words of the title
                # the role table does not hold, between the cue and the title it does.
                lead = re.search(r"(?:[A-Z][\w-]*\s+(?:and\s+)?){1,4}$", before)
                cue = _CUE.search(before[:lead.start()]) if lead else None
                if not cue:
                    # "I've been a climate change negotiator": lower-case words after an article.
                    lead = re.search(r"\b(?:a|an|the)\s+((?:[a-z][\w-]*\s+){1,3})$", before)
                    cue = _CUE.search(before[:lead.start(1)]) if lead and not re.search(
                        r"\b(?:of|for|to|in|at|and|with|who|which|that)\b", lead.group(1)) else None
                    lead = _Lead(lead.group(1)) if cue else None
                if not cue:
                    continue
                rp.role = re.sub(r"\s+", " ", lead.group(0)) + rp.role
                rp.span = Span(rp.span.start - len(lead.group(0)), rp.span.end)
            # "was A and B", "including A …; B …": a list goes on only after a post of the list.
            if re.fullmatch(r"(?:;|,?\s*and)\s*", cue.group(0).strip() or ";") and cue.group(0).strip() and \
                    (last_end is None or rp.span.start - last_end > 60):
                continue
            # A title right before another name is that person's ("… for High Representative X").
            if any(0 <= s - rp.span.end <= 2 for s, _ in names) or any(s <= rp.span.start < e for s, e in names):
                continue
            # "The President has appointed Ms X as Ghana's High Commissioner …": the title is X's.
            other = next((p for p in people.persons if p is not who for sp in p.spans
                          if floor <= sp.end <= rp.span.start and re.fullmatch(
                              r"(?:\s+(?:of|from)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})?"
                              r"\s+as\s+(?:the\s+|its\s+|an?\s+|his\s+|her\s+|their\s+)?(?:new\s+)?(?:[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}[’'´]s\s+)?",
                              text[sp.end:rp.span.start])), None)
            # "He replaces X, who has been ambassador since 2020": the relative clause is X's post.
            if other is None:
                other = next((p for p in people.persons if p is not who for sp in p.spans
                              if floor <= sp.end <= rp.span.start and re.match(r",\s+who\b[^,;()]*$",
                                                                            text[sp.end:rp.span.start])), None)
            if other is not None:
                continue
            start, end = rp.start, rp.end
            if not start:
                start, end = _dates(text, text[rp.span.end:dates_end])
            if not start and own_clause is not None:
                year = _IN_BEFORE.search(text, own_clause.start, own_clause.end)
                start = year["y"] if year else None
            elif not start and opening:
                start, end = (opening["a"], opening["b"]) if opening["a"] else (opening["s"], None)
            if not start and since_any and since_any.start() < rp.span.start - sent.start:
                start = since_any["s"] or since_any["s2"]
            if not start and re.search(r"(?i)\b(?:took office|took over|takes over|took up|sworn in|started|began|assumed|appointed|named|nominated)\b", cue.group(0)):
                from diplograph.extract.happenings import clause_dates

                dates = clause_dates(ctx, sent)
                if dates:
                    start = dates[0].value
            if re.fullmatch(r"(?i)as\s*", before[:cue.end()].lstrip()) and re.match(r"[^,]*,\s+(?:I|we)\b", text[rp.span.end:sent.end]):
                continue  # "As Foreign Minister, I …": the writer's, read by the genre's module with the clause's tense
            current = bool(re.search(r"(?i)\b(?:is|remains|serves|has been|currently)\b", cue.group(0)) or
                           re.search(r"(?i)\b(?:has\s+(?:taken up|assumed|become)|since\s+becoming)\b",
                                     before[max(0, cue.start() - 6):])) and not end \
                and "former" not in cue.group(0).lower()
            # An appointment or election says when a post began, not that it ended.
            begun = re.search(r"(?i)\b(?:elected|appointed|named|nominated|promoted)\b", cue.group(0))
            posts.append(_post(who, rp, start, end, attested if current else None,
                               former=not current and not start and not begun))
            last_end = rp.span.end
        for m in _REPRESENTED.finditer(seg):
            # "who represented Switzerland at the United Nations from 1990 to 1995": a head of mission.
            span = Span(sent.start + m.start(), sent.start + m.end())
            country = next((e for _, e in ctx.find_entities(Span(sent.start + m.start("c"), sent.start + m.end("c")),
                                                            ("country",))), None)
            body = next((e for _, e in ctx.find_entities(Span(sent.start + m.start("b"), sent.start + m.end("b")),
                                                         ("organization",))), None)
            if country is None or body is None or not is_international(body):
                continue

            start, end = _dates(text, text[span.end:sent.end])
            posts.append(Post(who, f"Representative of {country.name} to the {body.name}",
                              mission_entity(ctx, country, None, body), span, start=start, end=end, former=not start))
        for m in _ENTERED.finditer(seg):
            span = Span(sent.start + m.start("body"), sent.start + m.end("body"))
            org = next((e for _, e in ctx.find_entities(span, ("organization",))), None)
            country = None
            if m.group("poss"):  # "joined Nigeria's foreign service in 1992"
                country = next((e for _, e in ctx.find_entities(Span(sent.start + m.start("poss"), sent.start + m.end("poss")),
                                                                ("country",))), None)
                if country is not None and not who.country:
                    who.country = country.key
            posts.append(Post(who, f"member of the {m.group('body')}", org or country, span, start=m.group("y")))
        for m in _HEADED.finditer(seg):
            obj = m.group("obj").strip()
            if not _UNIT_NOUN.search(obj):
                continue
            span = Span(sent.start + m.start("obj"), sent.start + m.start("obj") + len(obj))
            start, end = _dates(text, text[span.end:sent.end])
            role = f"{_HEADED_ROLE[m.group('verb')]} of {obj}"
            org = next((e for _, e in ctx.find_entities(span, ("organization",))), None)
            if re.search(r"(?i)\b(?:has|have)\s+(?:also\s+)?$", seg[:m.start()]):
                # "Since taking office, he has chaired the Commission": held on the text's date.
                posts.append(Post(who, role, org, span, start=start, end=end, attested=None if end else attested))
                continue
            posts.append(Post(who, role, org, span, start=start, end=end, former=not start))
    posts += _cv_lines(ctx, people)
    return posts


def _post(who: Entity, rp: RolePhrase, start, end, attested, former: bool) -> Post:
    return Post(who, rp.role, rp.org or rp.country, rp.span, start=start, end=end, attested=attested,
                former=former, mission_to=rp.mission_to if rp.org is None else None)


_CV_MON = r"(?:(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|" \
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+)?"
# "Ambassador of Italy to Austria, September 2015 – July 2019", "Director, Ministry of X (2011-2015)",
# "Permanent Representative to the OSCE, since August 2019": the post first, its period last.
_CV_TAIL = re.compile(rf"^(?P<what>[A-ZÀ-Þ][^\n]*?)[,;:]?\s+[(\[]?(?:(?:since|from)\s+(?P<sm>{_CV_MON})(?P<sy>{_Y})|"
                      rf"(?P<am>{_CV_MON})(?P<ay>{_Y})\s*[-–—]\s*(?:(?P<bm>{_CV_MON})(?P<by>{_Y})|(?P<open>present|now|today|date)))"
                      r"[)\]]?\.?$")


_CV_VERB = re.compile(r"(?i)\b(?:is|was|were|are|has|have|had|served|serves|led|leads|began|begins|joined|became|held|holds)\b")


def _ym(month: str, year: str) -> str:
    return f"{year}-{MONTHS[month.strip().rstrip('.').lower()]:02d}" if month.strip() else year


def _cv_line(line: str) -> tuple[int, int, tuple[str, str | None], bool] | None:
    """(start of the post's words, their end, (start, end), still held) of a CV line, or None."""
    m = CV_LINE.match(line)
    if m:
        what = m.group("what").strip().rstrip(".")
        if m.group("open"):  # "2021–present: …": held since then, still on the text's date
            r = (m.group("r")[:4], None)
        else:
            r = year_range(m.group("r").replace("/", "-")) if re.search(r"[-–/]", m.group("r")) else (m.group("r")[:4], None)
        return (m.start("what"), m.start("what") + len(what), r, bool(m.group("open"))) if r else None
    m = _CV_TAIL.match(line)
    # A line of a list, not a sentence ending in years: short, one clause, no verb of its own.
    if not m or len(line) > 140 or re.search(r"[.!?]\s", m.group("what")) or _CV_VERB.search(m.group("what")):
        return None
    if m.group("sy"):
        r = (_ym(m.group("sm"), m.group("sy")), None)
    elif m.group("by"):
        r = (_ym(m.group("am"), m.group("ay")), _ym(m.group("bm"), m.group("by")))
    else:
        r = (_ym(m.group("am"), m.group("ay")), None)
    return m.start("what"), m.end("what"), r, r[1] is None


def _cv_lines(ctx: DocContext, people: People) -> list[Post]:
    """Lines "YEAR(-YY) – POST" (or "POST, Month YEAR – Month YEAR") of a profile: posts of the person
    the profile is about (the one named most often), each with its period."""
    lines = [(b, cv) for b in ctx.blocks if not ctx.excluded(b.span) for cv in [_cv_line(ctx.t(b.span))] if cv]
    if len(lines) < 2 or not people.persons:
        return []
    named = [p for p in people.persons if "title-only" not in p.subtypes]
    if not named:
        return []
    subject = max(named, key=lambda p: (len([s for s in p.spans if s.start >= 0]), -min(
        (s.start for s in p.spans if s.start >= 0), default=0)))
    out = []
    for b, (ws, we, r, still) in lines:
        what = ctx.text[b.span.start + ws:b.span.start + we]
        span = Span(b.span.start + ws, b.span.start + we)
        orgs = [e for _, e in ctx.find_entities(span, ("organization",))]
        if not (ctx.tables.role_re.search(what) or _UNIT_NOUN.search(what) or orgs):
            continue  # "1976 – Warsaw": a posting with no post named
        if r is None:
            continue
        org = orgs[0] if orgs else next((e for mt, e in ctx.find_entities(span, ("country",)) if not re.search(
            r"\bto\s+(?:the\s+)?$", ctx.text[span.start:mt.span.start])), None)  # "Ambassador of Portugal to Japan"
        role = re.sub(r"\s+", " ", what)
        head = re.match(r"[^,;]+", role).group(0)
        title = ctx.tables.role_re.search(head)
        if head != role and title and (title.group(0) != head.strip() or re.match(
                r"[,;]\s*(?:the\s+)?(?:Ministry|Embassy|Consulate|Permanent Mission|Mission|Delegation|Federal|Foreign)\b", role[len(head):])):
            role = head  # "Director for the Americas, Ministry of Foreign Affairs": the post, then where (not "Head, Pacific Dept")
        out.append(Post(subject, role, org, span, start=r[0], end=r[1],
                        attested=ctx.doc.date_published if still else None))
    return out
