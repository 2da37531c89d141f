"""Persons the statistical parse names, checked against the tables.

The model's PERSON entities give recall where no cue of the name grammar is near ("… will meet
Estonia's newly elected Minister of Foreign Affairs Liis Kask Tamm on 4 June"); the tables
give precision: a name that is a gazetteer place or body, a role title, or page furniture is not a
person; titles, honorifics and post-nominals are not part of a name; a one-word name is only a
later mention of a person already named in full in the same document.
"""

from __future__ import annotations

import re

from diplograph.extract.context import DocContext
from diplograph.extract.people import (_HONORIFIC_LEAD, _NOT_NAME_WORDS, People, names_something_else,
                                       plausible_person_name)
from diplograph.model import Span
from diplograph.text.gazetteer import fold

# Letters written after a name: orders, degrees, parliamentary and legal titles.
_POST_NOMINAL = re.compile(r"(?:,?\s+(?:[A-Z]{2,5}|MP|QC|KC|Jr\.?|Sr\.?|Ph\.?D\.?|M\.?D\.?|Esq\.?))+$")
_LETTER = re.compile(r"[^\W\d_]")
# Words the small model sometimes takes for names.
_NOT_PERSON = re.compile(r"(?i)^(?:covid|coronavirus|brexit|god|allah|twitter|facebook|instagram|sir|madam|dear)\b")


def _clean(ctx: DocContext, start: int, end: int) -> tuple[int, int] | None:
    text = ctx.text
    # Leading titles and honorifics the model kept ("Minister Kask", "H.E. Mr X", "Foreign Minister X").
    while True:
        hm = _HONORIFIC_LEAD.match(text, start, end)
        if hm and hm.end() < end:
            start = hm.end()
            continue
        tm = ctx.tables.role_re.match(text, start, end)
        if tm and tm.end() < end and text[tm.end()].isspace():
            start = tm.end()
            while start < end and text[start].isspace():
                start += 1
            continue
        break
    # A name ends at the end of a word: "Ellen Johnson-Sirleaf", not "Ellen Johnson".
    while end < len(text) and (text[end].isalpha() or (text[end] in "-’'" and end + 1 < len(text) and text[end + 1].isalpha()
                                                         and text[end:end + 2] not in ("’s", "'s"))):
        end += 1
    # A regnal number the model leaves out ("Olaf V", "Carl XVI Gustaf" is kept whole by the model).
    rm = re.match(r" (?:X{0,2}(?:IX|IV|V?I{0,3}))(?=[,.;:)]|$)", text[end:end + 8])  # not "… I studied"
    if rm and rm.end() > 1 and " " not in text[start:end].strip():
        end += rm.end()
    # "Hans Vogel’s Private Office": the name ends at the possessive.
    pm = re.search(r"[’'´]s\b", text[start:end])
    if pm:
        end = start + pm.start()
    if re.search(r"(?:Dato['’]?|Datuk|Tan)\s+$", text[max(0, start - 8):start]):
        sm = re.match(r"(?:Sri|Seri)\s+", text[start:end])  # "Dato' Sri X" (but "Sri Mulyani" is a name)
        if sm:
            start += sm.end()
    m = _POST_NOMINAL.search(text, start, end)
    if m and m.start() > start:
        end = m.start()
    # Possessive and punctuation at the edges ("Vogel’s", "“Hans").
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == "."):
        end -= 1
    if text[start:end].endswith(("’s", "'s")):
        end -= 2
    while start < end and not text[start].isalpha():
        start += 1
    if start >= end:
        return None
    return start, end


def _plausible(ctx: DocContext, name: str) -> bool:
    toks = name.split()
    if not toks or len(toks) > 6 or len(name) > 60 or "\n" in name:
        return False
    if _NOT_PERSON.match(name) or not all(_LETTER.match(t[:1]) or t[:1].isdigit() for t in toks):
        return False
    if not toks[0][:1].isupper() or name.isupper() and len(name) > 3:
        return False
    if toks[0] in _NOT_NAME_WORDS or toks[-1] in _NOT_NAME_WORDS or not plausible_person_name(name):
        return False
    return not ctx.tables.role_re.fullmatch(name) and not names_something_else(ctx, name)


_THE_BEFORE = re.compile(r"(?:^|\s)[Tt]he\s+$")


def _names_a_kind_of_thing(ctx: DocContext, start: int, end: int) -> bool:
    """"the Weimar Triangle meeting", "the Minsk Group format": after "the" and before a common
    noun, capitalised words name a kind of meeting or body, not a person."""
    if not _THE_BEFORE.search(ctx.text, max(0, start - 5), start):
        return False
    after = ctx.parse.token_at(end + 1) if ctx.text[end:end + 1] == " " else None
    return after is not None and after[1].pos_ == "NOUN" and after[1].text.islower()


def _reads_as_english(ctx: DocContext, block: Span) -> bool:
    """A line of five words or more with no English function word is in another language (a
    headline or credit line left in the original): the English model's names there are noise."""
    words = 0
    for _, t in ctx.parse.tokens(block):
        if t.is_alpha:
            if t.is_stop:
                return True  # most lines have one early: stop reading there
            words += 1
    return words < 5

_SUFFIX = re.compile(r",?\s+(?:Jr|Sr)(?=\.|[\s,;:)]|$)|\s+(?:II|III|IV)(?![\w-])")


def persons_from_parse(ctx: DocContext, people: People) -> None:
    """Add the parse's PERSON entities of the document's blocks to `people` (checked as above)."""
    text = ctx.text
    foreign = {b.span.start for b in ctx.blocks if not _reads_as_english(ctx, b.span)}
    for ent in ctx.parse.entities(labels=("PERSON",)):
        if ctx.excluded(ent.span) or ctx.block_of(ent.span).start in foreign:
            continue
        cleaned = _clean(ctx, ent.span.start, ent.span.end)
        if cleaned is None:
            continue
        s, e = cleaned
        suffix = _SUFFIX.match(text, e)  # "Ferdinand Reyes Jr.": the model often stops before the suffix
        if suffix:
            e = suffix.end()
        name = re.sub(r"\s+", " ", text[s:e])
        if not _plausible(ctx, name) or _names_a_kind_of_thing(ctx, s, e):
            continue
        span = Span(s, e)
        # "Sri Amir Latif" where "Amir Latif" is known: a form of address the tables lack.
        longer_form = next((p for p in people.persons if fold(name).endswith(" " + fold(p.name))
                            and len(name.split()) == len(p.name.split()) + 1), None)
        if longer_form is not None:
            if text[e - len(longer_form.name):e] == longer_form.name:
                longer_form.add_span(Span(e - len(longer_form.name), e))
            continue
        if len(name.split()) == 1:
            # A surname alone names the one person of this document it can mean, or nobody.
            person = people.resolve_short(name)
            if person is not None and person in people.persons:
                person.add_span(span)
            continue
        people.person(name, span)


_CONNECTOR = {"of", "for", "to", "on", "in", "and", "the", "&", "at", "de", "du", "des"}
_NAME_TOKEN = re.compile(r"(?:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[-’'](?!s$)[A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ]+)*|[A-Z]\.(?:[A-Z]\.)*|"
                         r"de|da|del|van|von|der|bin|al|la|le)")
_WORD_AT = re.compile(r"\s*(,?)\s*([^\s,;:()“”\"]+)")


def _title_vocabulary(ctx: DocContext) -> frozenset[str]:
    """Capitalised words that belong to titles and the bodies and countries they name (from the role
    table and the gazetteer): after a title, these are its complement, not the start of a name."""
    cached = getattr(ctx.tables, "_title_vocabulary", None)
    if cached is None:
        words = set()
        for r in ctx.tables.roles:
            for f in r.forms:
                words.update(w for w in re.split(r"[\s/-]+", f) if w[:1].isupper())
        for e in ctx.tables.gazetteer.entries:
            if e.kind != "person":
                for form in (e.label, *e.aliases, *e.demonyms):
                    words.update(w for w in re.split(r"[\s/-]+", form) if w[:1].isupper())
        cached = frozenset(words)
        ctx.tables._title_vocabulary = cached
    return cached


_BODY_LABELS = ("ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT")


def _model_reads_as_a_body(ctx: DocContext, span: Span) -> bool:
    """The parse reads the words, with at most an article before them, as one entity that is not a
    person (an organisation, a faith, a place, a law) and sees no person in them. ("… in the Federal
    Chancellery Jane Roe", read as one organisation, is still a title's complement and a name.)"""
    ents = ctx.parse.entities(Span(max(0, span.start - 80), span.end + 80))
    if any(e.label == "PERSON" and e.span.start < span.end and span.start < e.span.end for e in ents):
        return False
    return any(e.label in _BODY_LABELS and e.span.start <= span.start and span.end <= e.span.end
               and ctx.text[e.span.start:span.start].strip().lower() in ("", "the") for e in ents)


def persons_after_titles(ctx: DocContext, people: People) -> None:
    """"Assistant Secretary of the Treasury for International Finance Dana Royce", "Iceland's
    Minister of Foreign Affairs Gunnar Berg on 3 June": a title, its complement (words of
    titles, bodies and countries), then two to four name words ending the phrase."""
    text = ctx.text
    vocab = _title_vocabulary(ctx)
    known = [sp for p in people.persons for sp in p.spans if sp.start >= 0]
    for b in ctx.blocks:
        if ctx.excluded(b.span):
            continue
        for tm in ctx.tables.role_re.finditer(text, b.span.start, b.span.end):
            pos, steps, name_start, name_toks, last_word = tm.end(), 0, None, [], ""
            while steps < 14:
                m = _WORD_AT.match(text, pos, b.span.end)
                if not m:
                    break
                word = m.group(2).rstrip(".") if not re.fullmatch(r"(?:[A-Z]\.)+", m.group(2)) else m.group(2)
                if name_start is None:
                    if word.lower() in _CONNECTOR or word in vocab or m.group(1):
                        if m.group(1) and word not in vocab:
                            break
                        pos, steps, last_word = m.end(), steps + 1, word.lower()
                        continue
                    if not _NAME_TOKEN.fullmatch(word) or not word[:1].isupper() or last_word in _CONNECTOR:
                        break  # "Minister of Water Resources of …": words right after "of" complete the title
                    name_start = m.start(2)
                if _NAME_TOKEN.fullmatch(word) and not m.group(1) and not (word in vocab and name_toks):
                    name_toks.append((m.start(2), m.start(2) + len(word)))
                    pos = m.start(2) + len(word)
                    steps += 1
                    continue
                break
            if not 2 <= len(name_toks) <= 4 or not name_toks[-1][1] - name_toks[-1][0] > 2:
                continue
            s, e = name_toks[0][0], name_toks[-1][1]
            nxt = text[e:e + 3]
            if nxt[:2] in ("’s", "'s") or re.match(r"\s[A-Z0-9]", nxt):
                continue
            name = re.sub(r"\s+", " ", text[s:e])
            if _model_reads_as_a_body(ctx, Span(s, e)):
                continue  # "members of the Baha'i Faith": the words after the title name a body
            if not any(ks.start < e and s < ks.end for ks in known) and _plausible(ctx, name):
                people.person(name, Span(s, e))
            # "Senior Directors A and B": a plural title names two.
            if tm.group(0).lower().endswith("s"):
                m2 = re.match(r"\s+and\s+((?:[A-ZÀ-Þ][\w’'.-]+\s+){1,3}[A-ZÀ-Þ][\w’'-]+)(?=[\s,;.:]|$)", text[e:b.span.end])
                if m2:
                    s2 = e + m2.start(1)
                    name2 = re.sub(r"\s+", " ", m2.group(1))
                    if _plausible(ctx, name2) and not any(ks.start < s2 + len(m2.group(1)) and s2 < ks.end for ks in known):
                        people.person(name2, Span(s2, s2 + len(m2.group(1))))


# Forms of address that only ever precede a person's name (not "Ambassador", also a post).
_ADDRESS = re.compile(r"\b(?:(?:H\.\s?E\.\s+)?(?:Mr|Mrs|Ms|Mme|Dr|Prof)\.?|Miss|Madame|Sir|Dame|H\.\s?E\.)\s+(?=[A-ZÀ-Þ])")


def persons_after_honorifics(ctx: DocContext, people: People) -> None:
    """"has appointed Dr Tomasz Wrona as …": two to four name words after a form of address are a
    person's name, where the model read them as something else (it does, for names it has rarely
    seen). Post-nominals ("CMG") end the name."""
    text = ctx.text
    known = [sp for p in people.persons for sp in p.spans if sp.start >= 0]
    for b in ctx.blocks:
        if ctx.excluded(b.span):
            continue
        for am in _ADDRESS.finditer(text, b.span.start, b.span.end):
            pos, toks = am.end(), []
            while len(toks) < 4:
                m = _WORD_AT.match(text, pos, b.span.end)
                if not m or m.group(1) or not _NAME_TOKEN.fullmatch(m.group(2)):
                    break
                toks.append((m.start(2), m.end(2)))
                pos = m.end(2)
            if len(toks) < 2 or not toks[-1][1] - toks[-1][0] > 2 or text[pos:pos + 2] in ("’s", "'s"):
                continue
            s, e = toks[0][0], toks[-1][1]
            name = re.sub(r"\s+", " ", text[s:e])
            if not any(ks.start < e and s < ks.end for ks in known) and _plausible(ctx, name):
                people.person(name, Span(s, e))


# Verbs of a life and a career: their subject is a person ("Chidi Okafor joined the foreign service").
# (The pipeline runs without its lemmatizer: the forms are listed.)
_CAREER_VERBS = {"joined", "joins", "entered", "enters", "served", "serves", "born", "studied", "graduated", "became",
                 "becomes", "appointed", "named", "married", "retired", "worked"}


def persons_as_career_subjects(ctx: DocContext, people: People) -> None:
    """The subject of a verb of a career or a life, written as two to four proper nouns, is a name
    where the model read it as a place or a body (it does, for names it has rarely seen) — when the
    document goes on to speak of a person with "he"/"she"/"his"/"her"."""
    if not re.search(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er)\b", ctx.text):
        return
    known = [sp for p in people.persons for sp in p.spans if sp.start >= 0]
    for b in ctx.blocks:
        if ctx.excluded(b.span) or not _reads_as_english(ctx, b.span):
            continue
        for base, tok in ctx.parse.tokens(b.span):
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ != "PROPN" or tok.head.lower_ not in _CAREER_VERBS:
                continue
            words = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ in ("PROPN", "NOUN")] + [tok]
            if not 2 <= len(words) <= 4 or any(w.i != words[0].i + k for k, w in enumerate(words)):
                continue
            s, e = base + words[0].idx, base + tok.idx + len(tok.text)
            name = ctx.text[s:e]
            if any(ks.start < e and s < ks.end for ks in known) or not all(_NAME_TOKEN.fullmatch(w.text) for w in words):
                continue
            if _plausible(ctx, name):
                people.person(name, Span(s, e))


_ENTRY_HEAD = re.compile(r"(?P<name>[A-ZÀ-Þ][\w’'-]+(?:\s+(?:[A-ZÀ-Þ][\w’'.-]+|de|da|van|von|bin|al)){1,4}),\s+")


def persons_heading_entries(ctx: DocContext, people: People) -> list:
    """Entries of a list that open with a name and its country or title: "Eva Novak, Slovak
    Republic. Ms Novak's most recent position was …", "Amina Diallo, Ambassador of Mali: …"."""
    from diplograph.extract.roles import _singular
    from diplograph.model import Post

    text = ctx.text
    posts = []
    heading_title = None  # "The new ambassadors are:": the entries below hold that post
    for b in ctx.blocks:
        if ctx.excluded(b.span):
            continue
        line = ctx.t(b.span)
        m = _ENTRY_HEAD.match(text, b.span.start, b.span.end)
        if not m:
            tm = ctx.tables.role_re.search(line) if line.endswith(":") and len(line) < 120 else None
            heading_title = _singular(tm.group(0)).lower() if tm and tm.group(0).lower().endswith("s") else None
            continue
        rest = m.end()
        country = next((mm for mm, _ in ctx.find_entities(Span(rest, min(b.span.end, rest + 60)), ("country",))
                        if mm.span.start == rest), None)
        end = country.span.end if country else None
        if end is None:
            tm = ctx.tables.role_re.match(text, rest, b.span.end)
            end = tm.end() if tm else None
        if end is None or not re.match(r"\s*(?:[.:;(]|$)", text[end:end + 2]):
            continue
        name = re.sub(r"\s+", " ", m.group("name"))
        if not _plausible(ctx, name):
            continue
        person = people.person(name, Span(m.start("name"), m.end("name")))
        if heading_title and country is not None:
            org = next(e for mm, e in ctx.find_entities(country.span, ("country",)))
            posts.append(Post(person, heading_title, org, Span(m.start("name"), country.span.end),
                              attested=ctx.doc.date_published))
    return posts


_MONARCH = re.compile(r"\bThe (?P<t>King|Queen|Emperor|Empress|Pope|Sultan|Emir|Crown Prince|Crown Princess)\b")


def monarchs_by_title(ctx: DocContext, people: People) -> None:
    """"On Monday, The Emir opened the session": a monarch the text names only by a capitalised
    title ("The Emir", not "the emir") is a person of this document. The node is the document's own
    (its key names the document): another text's monarch of that title may be another one."""
    text = ctx.text
    found: dict[str, object] = {}
    for b in ctx.blocks:
        if ctx.excluded(b.span):
            continue
        for m in _MONARCH.finditer(text, b.span.start, b.span.end):
            title = m.group("t")
            person = found.get(title)
            if person is None:
                person = ctx.entity("person", f"The {title}", None)
                del ctx.extraction.entities[f"person/{person.key}"]
                person.key = f"{person.key}--{ctx.doc.stem}"
                person.subtypes.add("title-only")  # no post of its own is read for it
                ctx.extraction.entities[f"person/{person.key}"] = person
                people.persons.append(person)
                found[title] = person
            person.add_span(Span(m.start(), m.end()))
