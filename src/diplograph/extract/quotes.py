"""Quotation attribution: inline quotes with a speech verb, and interview answers ("Name: …")."""

from __future__ import annotations

import re

from diplograph.extract.cited_works import cited_piece_after, outlet_of_sentence, work_before
from diplograph.extract.context import DocContext
from diplograph.extract.people import SPEECH, People
from diplograph.model import Entity, Quotation, Span

_QUOTE = re.compile(r"“([^”]{3,})”|\"([^\"]{3,})\"|(?<![\w’'])[‘']((?:[^‘’'\"“”\n]|(?<=\w)[’'](?=\w)){20,}?[^\s‘’'])[’'](?![\w’'])")
_PRONOUN = re.compile(r"^[,\s]*(?:he|she)\s+(?:told|said|says|added|noted|explained)\b", re.I)
# "Name:" opening an interview answer (the name must be a person already found).
_ANSWER = re.compile(r"^(?P<name>[^\W\d][\w’'.-]*(?:\s+[\w’'.-]+){0,3}):\s+(?P<words>\S.*)$", re.S)


# A full stop and a capital, not after a form of address ("Mr. Otieno told the Council").
_SENTENCE_BREAK = re.compile(r"(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bSt)(?<!\bProf)(?<!\bAmb)(?<!\bH\.E)(?<!\bGen)"
                             r"(?<!\bCol)(?<!\bSen)(?<!\bRep)(?<!\bHon)[.!?]\s+[A-Z]")


def _speaker_after(ctx: DocContext, people: People, end: int, block: Span) -> tuple[Entity, Span] | None:
    text = ctx.text
    after = text[end:block.end]
    # ", Rizal Hakim, the political coordinator …, told UN Watch." / ", he said."
    m = re.match(rf"^[,.]?\s*(?P<who>[^“”\"]{{1,160}}?)\s*,?\s+(?:{SPEECH})\b", after)
    if m and (_SENTENCE_BREAK.search(m.group("who")) or re.match(r"[.!?]\s", after)):
        m = None  # the attribution of a later sentence, not of this quote
    if m:
        who_span = Span(end + m.start("who"), end + m.end("who"))
        person = _person_in(people, who_span)
        if person:
            return person, who_span
        if re.fullmatch(r"(?i)he|she", m.group("who").strip()):
            return None
        for match, ent in ctx.find_entities(who_span, ("organization",)):
            return ent, match.span
        return _role_reference(ctx, people, who_span)
    # "… ,” said Name.", "… ,” said Fiji's Minister for Fisheries, Sera Naivalu.", "…”, according to X."
    m = re.match(rf"^[,.]?\s*(?:{SPEECH}|according to)\s+(?P<who>[^,.;“”\"]{{2,80}})", after)
    if m:
        who_span = Span(end + m.start("who"), end + m.end("who"))
        person = _person_in(people, who_span) or _apposed_person(people, who_span.end)
        if person:
            return person, who_span
        return _role_reference(ctx, people, who_span) if ctx.tables.role_re.search(m.group("who")) else None
    return None


def _apposed_person(people: People, pos: int) -> Entity | None:
    """The person named right after ", " at `pos` ("the Minister for Fisheries, Sera Naivalu")."""
    gap = re.match(r",\s*", people.ctx.text[pos:pos + 4])
    if not gap:
        return None
    at = pos + gap.end()
    return next((p for p in people.persons for sp in p.spans if sp.start == at), None)


# Verbs that introduce someone's words besides the speech verbs: "is quoted as", "defined … as".
_SAYING = r"(?:is quoted|was quoted|quoted|defin\w+|describ\w+|wrote|writes|stat(?:ed|es)|declar\w+|put it|called it)"


def _body_in(ctx: DocContext, span: Span) -> tuple[Entity, Span] | None:
    """"Sinn Fein's take on its past states that …": a body as the speaker (the tables' or the
    parse's organisation named in the subject)."""
    for match, ent in ctx.find_entities(span, ("organization",)):
        return ent, match.span
    for pe in ctx.parse.entities(span, ("ORG",)):
        name = re.sub(r"[’'´]s$", "", re.sub(r"^(?i:the)\s+", "", ctx.t(pe.span)))
        if len(name) > 2 and not ctx.tables.role_re.search(name):
            at = pe.span.start + ctx.t(pe.span).index(name)
            return ctx.entity("organization", name, Span(at, at + len(name))), Span(at, at + len(name))
    return None


def _person_ending_before(people: People, pos: int, gap: str) -> tuple[Entity, Span] | None:
    text = people.ctx.text
    for p in people.persons:
        for sp in p.spans:
            if 0 <= sp.end <= pos and pos - sp.end < 6 and re.fullmatch(gap, text[sp.end:pos]):
                return p, sp
    return None


def _last_person_before(people: People, pos: int, floor: int) -> Entity | None:
    best = None
    for p in people.persons:
        for sp in p.spans:
            if floor <= sp.start < pos and (best is None or sp.start > best[0]):
                best = (sp.start, p)
    return best[1] if best else None


def _last_person_in(people: People, span: Span) -> Entity | None:
    best = None
    for p in people.persons:
        for sp in p.spans:
            if span.start <= sp.start and sp.end <= span.end and (best is None or sp.start > best[0].start):
                best = (sp, p)
    return best[1] if best else None


def _person_in(people: People, span: Span) -> Entity | None:
    best = None
    for p in people.persons:
        for sp in p.spans:
            if span.start <= sp.start and sp.end <= span.end and (best is None or sp.start < best[0].start):
                best = (sp, p)
    return best[1] if best else None


def _role_reference(ctx: DocContext, people: People, span: Span) -> tuple[Entity, Span] | None:
    """"the Mexican ambassador said" → the one person of the document holding that post."""
    words = ctx.t(span)
    tail = re.search(r"(?i)\bthe\s+(?:[\w’'-]+\s+){0,2}?[\w’'-]+$", words.strip())
    if not tail:
        return None
    offset = span.start + words.index(tail.group(0))
    span = Span(offset, offset + len(tail.group(0)))
    words = tail.group(0)
    title = ctx.tables.role_re.search(words)
    if not title:
        return None
    country = ctx.country_near(span)
    hits = []
    deputy = re.search(r"(?i)\b(deputy|vice|assistant)\b", words)
    for post in ctx.extraction.posts:
        if not deputy and re.search(r"(?i)\b(deputy|vice|assistant)\b", post.role):
            continue
        if post.holder.kind == "person" and title.group(0).lower() in post.role.lower():
            if country is None or post.holder.country == country.key or (post.org and post.org.country == country.key):
                if post.holder not in hits:
                    hits.append(post.holder)
    if len(hits) == 1:
        return hits[0], span
    if not hits:
        # "the envoy said", "the minister said" with no post of that name: the person last named
        # before, when they hold some post (a news text refers back to its subject by a title).
        holders = {p.holder for p in ctx.extraction.posts if p.holder.kind == "person"}
        best = None
        for p in people.persons:
            for sp in p.spans:
                if 0 <= sp.start < span.start and span.start - sp.start < 1500 and (best is None or sp.start > best[0]):
                    best = (sp.start, p)
        if best is not None and (best[1] in holders or best[1] is people.subject):
            return best[1], span
    return None


def find_quotations(ctx: DocContext, people: People) -> list[Quotation]:
    out: list[Quotation] = []
    text = ctx.text
    for block in ctx.blocks:
        last_speaker: Entity | None = None
        pending: list[Span] = []
        prev: tuple[int, Entity, Span] | None = None  # the end, speaker and cue of the last attributed quote
        for m in _QUOTE.finditer(text, block.span.start, block.span.end):
            g = next(i for i in (1, 2, 3) if m.group(i) is not None)
            words = Span(m.start(g), m.end(g))
            if prev is not None and prev[2].end > prev[2].start and prev[0] <= prev[2].start and prev[2].end <= m.start() \
                    and re.fullmatch(r"[^“”\".!?]{1,200},\s*", text[prev[0]:m.start()]):
                # “First half,” X said, “second half.”: one quotation interrupted by its attribution.
                first = next((q for q in reversed(out) if q.cue_span == prev[2] and q.speaker is prev[1]), None)
                if first is not None:
                    first.text = f"{first.text} … {ctx.t(words)}"  # the attribution left out, as quoting writes it
                    first.more_spans.append(words)
                else:
                    out.append(Quotation(ctx.t(words), prev[1], words, prev[2]))
                prev = None
                continue
            before = text[max(block.span.start, m.start() - 40):m.start()]
            if before.endswith("(") and re.match(r"\s*,\s*[^)]{1,30}\)", text[m.end():m.end() + 40]):
                continue  # ("The Long View", 4 March): the title of a piece cited, not someone's words
            if re.search(r"(?i)\b(topic|theme|title|called|entitled|named|rubric) of\s*$|\btheme\s*$|\bunder the theme\s*$", before):
                continue  # a title or theme, not someone's words
            found = _speaker_after(ctx, people, m.end(), block.span) or cited_piece_after(ctx, m.end(), block.span)
            pronoun = _PRONOUN.match(text[m.end():block.span.end])
            if found is None and pronoun:
                who = last_speaker or _last_person_before(people, m.start(), block.span.start - 2500)
                if who is not None:
                    cue = Span(m.end() + pronoun.start(), m.end() + pronoun.end())
                    found = (who, Span(cue.start + len(text[cue.start:cue.end]) - len(text[cue.start:cue.end].lstrip(", ")), cue.end))
            if found is None:
                # "… a quote from Mary Ann Hale: “…”": a person named right before a colon.
                lead = _person_ending_before(people, m.start(), r"\s*:\s*")
                if lead is not None:
                    found = lead
            head = Span(max(block.span.start, ctx.sentence_of(Span(m.start(), m.start())).start), m.start())
            if found is None:
                # "the 2015 Ministerial Communiqué stated that ‘…’": a named text speaks.
                found = work_before(ctx, head)
            if found is None:
                # Speaker named before the quote in the same sentence: "X told the outlet: “…”",
                # "X is quoted as defining a diplomat as “…”".
                who = re.search(rf"(?P<who>[^.“”]{{2,120}}?)\s+(?:{SPEECH}|{_SAYING})\b[^.“”]*[:,]?\s*$", ctx.t(head))
                if who:
                    ws = Span(head.start + who.start("who"), head.start + who.end("who"))
                    p = _person_in(people, ws)
                    wt = ctx.t(ws)
                    rel = re.search(r",[^,]+,\s*who\s*$", wt)
                    if rel:
                        # "X, an ambassador for Y, who wrote": the relative clause is X's.
                        p = _last_person_in(people, Span(ws.start, ws.start + rel.start())) or p
                    if p:
                        found = (p, ws)
                    elif not re.search(r"(?i)\b(?:I|we|he|she|they)\b", ctx.t(ws)):
                        found = _body_in(ctx, ws)
            if found is None:
                # "According to Tonga's Foreign Minister, Viliami Latu, the plan “…”".
                acc = re.search(r"\b[Aa]ccording to\s+(?P<who>[^.“”,]{2,100})", ctx.t(head))
                if acc:
                    ws = Span(head.start + acc.start("who"), head.start + acc.end("who"))
                    p = _person_in(people, ws) or _apposed_person(people, ws.end)
                    found = (p, ws) if p else None
            if found is None:
                found = outlet_of_sentence(ctx, head)
            if found is None and g == 3:
                continue  # words in single quotes with no speaker are as often a title or scare quotes
            if found is None:
                said = ctx.t(words)
                if last_speaker and (len(said.split()) > 6 or len(said.split()) >= 3 and said[:1].isupper()
                                     and said.rstrip()[-1:] in ".!?"):
                    # A further quote in the same paragraph continues the last speaker (a short one
                    # only as a whole sentence: "Implementation is what matters.", not a scare quote).
                    found = (last_speaker, Span(m.start(), m.start()))
                else:
                    pending.append(words)
                    continue
            speaker, cue = found
            for p in pending:
                if len(ctx.t(p).split()) > 6:
                    out.append(Quotation(ctx.t(p), speaker, p, cue if cue.end > cue.start else None))
            pending = []
            out.append(Quotation(ctx.t(words), speaker, words, cue if cue.end > cue.start else None))
            prev = (m.end(), speaker, cue)
            if speaker.kind == "person":
                last_speaker = speaker
    out.extend(_interview_answers(ctx, people))
    out.extend(_open_paragraphs(ctx, out))
    return out


def _unclosed(line: str) -> bool:
    return line.count("“") > line.count("”") if line.startswith("“") else line.startswith("\"") and line.count("\"") % 2 == 1


def _open_paragraphs(ctx: DocContext, found: list[Quotation]) -> list[Quotation]:
    """A quotation running over paragraphs opens each one and closes only the last (news style):
    "“We are seeing … the south.⏎⏎“Without help, … ,” she said." The open paragraphs are the words of
    the speaker the closing paragraph names."""
    out = []
    blocks = [b for b in ctx.blocks if not ctx.excluded(b.span)]
    for i, b in enumerate(blocks[:-1]):
        line = ctx.t(b.span)
        if not _unclosed(line):
            continue
        j = i + 1
        while j < len(blocks) - 1 and _unclosed(ctx.t(blocks[j].span)):
            j += 1
        last = blocks[j].span
        if not ctx.t(last).startswith(("“", "\"")):
            continue
        q = next((q for q in found if last.start <= q.span.start <= last.start + 1), None)
        if q is None:
            continue
        words = Span(b.span.start + 1, b.span.end)
        out.append(Quotation(ctx.t(words), q.speaker, words, q.cue_span))
    return out


# "Q: …" / "A: …" (or Question/Answer): the answers are the words of the person interviewed.
_QA_LABEL = re.compile(r"^(?P<label>Q|A|Question|Answer)\s*[:.]\s+(?=\S)")


def _interviewee(ctx: DocContext, people: People, before: int) -> Entity | None:
    """The person the introduction names as interviewed: in a sentence that speaks of the interview,
    else the only person named before the first question."""
    named = [(min(sp.start for sp in p.spans if 0 <= sp.start < before), p) for p in people.persons
             if any(0 <= sp.start < before for sp in p.spans)]
    for sent in ctx.sentences:
        if sent.start < before and re.search(r"(?i)\binterview", ctx.t(sent)):
            here = [(at, p) for at, p in named if sent.start <= at < sent.end]
            if here:
                return min(here, key=lambda pair: pair[0])[1]
    return named[0][1] if len(named) == 1 else None


def _qa_answers(ctx: DocContext, people: People) -> list[Quotation]:
    labels = [(b, _QA_LABEL.match(ctx.t(b.span))) for b in ctx.blocks]
    labels = [(b, m) for b, m in labels if m]
    first_q = next((b.span.start for b, m in labels if m["label"] in ("Q", "Question")), None)
    if first_q is None or not any(m["label"] in ("A", "Answer") for _, m in labels):
        return []
    who = _interviewee(ctx, people, first_q)
    if who is None:
        return []
    out = []
    for b, m in labels:
        if m["label"] in ("A", "Answer") and b.span.end - b.span.start - m.end() >= 12:
            words = Span(b.span.start + m.end(), b.span.end)
            out.append(Quotation(ctx.text[words.start:words.end], who, words, Span(b.span.start, b.span.start + len(m["label"]))))
    return out


def _interview_answers(ctx: DocContext, people: People) -> list[Quotation]:
    out = _qa_answers(ctx, people)
    text = ctx.text
    # Between questions ("Question: …" / "Petrova: …") a short answer is still an answer; elsewhere a
    # "Name: words" line is one only when it is long (not a box's "Address: …").
    asked = any(m and m["label"] in ("Q", "Question") for m in (_QA_LABEL.match(ctx.t(b.span)) for b in ctx.blocks))
    for block in ctx.blocks:
        if _QA_LABEL.match(ctx.t(block.span)):
            continue
        m = _ANSWER.match(ctx.t(block.span))
        if not m or len(m.group("words")) < (12 if asked else 40):
            continue
        person = people.resolve_short(m.group("name")) or ctx.by_fold(m.group("name"), "person")
        if person is None:
            continue
        name_span = Span(block.span.start + m.start("name"), block.span.start + m.end("name"))
        person.add_span(name_span)
        words = Span(block.span.start + m.start("words"), block.span.end)
        out.append(Quotation(text[words.start:words.end], person, words, name_span))
    return out
